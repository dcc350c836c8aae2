"""The ``sgdanim`` command: ``trace``, ``list``, ``render``, ``sweep`` and ``site``.

Exit status: 0 done; 1 something failed that is not the user's doing (a disk, an encoder, a
worker, a bug), with one line saying what and where (a traceback only with ``--debug``); 2 bad
input, with one line on stderr naming the bad value, and nothing written; 130 interrupted
(Ctrl-C), with "interrupted" on stderr and nothing half-written.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
import traceback
from pathlib import Path

from .core.errors import UsageError


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, as for every other bad input
        raise UsageError(message)


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _init(text: str) -> dict[str, float]:
    out = {}
    for item in filter(None, (s.strip() for s in text.split(","))):
        key, eq, value = item.partition("=")
        if not eq:
            raise argparse.ArgumentTypeError(f"{item!r} must look like NAME=VALUE")
        try:
            out[key.strip()] = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{key.strip()}={value!r} is not a number") from None
    return out


def _add_trace(sub) -> None:
    p = sub.add_parser("trace", help="write one CSV row per SGD step to stdout")
    p.add_argument("--model", default="linear", help="linear | linear2 | relu2")
    p.add_argument("--optimizer", default="sgd", help="sgd | momentum | rmsprop | adam")
    p.add_argument("--lr", type=_float, default=1e-4)
    p.add_argument("--beta", type=_float)
    p.add_argument("--beta2", type=_float)
    p.add_argument("--eps", type=_float)
    p.add_argument("--dampening", action=argparse.BooleanOptionalAction, default=None)
    p.add_argument("--bias-correction", action=argparse.BooleanOptionalAction, default=None)
    p.add_argument("--anneal", action="store_true",
                   help="divide lr by 4 after an epoch whose gradient scale doubled (adam_ann)")
    p.add_argument("--init", type=_init, default={}, metavar="NAME=VALUE,...",
                   help="starting parameters and state, e.g. a=1,b=1,mom_a=98.2")
    p.add_argument("--data", default="spreadsheet",
                   help="spreadsheet | synthetic[:seed=0,n=29,...] | FILE.csv | - (stdin)")
    p.add_argument("--epochs", type=_int, default=1)
    p.add_argument("--grad", default="analytic", help="analytic | numeric")
    p.add_argument("--fd-step", type=_float, default=0.01, metavar="H")
    p.add_argument("--carry", default="updated",
                   help="updated | sheet: start each epoch from the updated weights, or from "
                        "the last row's weights as the spreadsheet's macro does")
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help="show the traceback of a failure")
    p.set_defaults(func=_run_trace)


class _Progress:
    """``step N of M`` on one rewritten line of stderr, once a trace has run for a while."""

    AFTER, EVERY = 0.5, 0.2  # seconds: a quick trace shows nothing

    def __init__(self, stream):
        self.stream, self.started, self.shown, self.last = stream, time.monotonic(), 0, 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.started < self.AFTER or now - self.last < self.EVERY:
            return
        line = f"sgdanim: trace: step {done:,} of {total:,} ({100 * done // total}%)"
        self.stream.write("\r" + line.ljust(self.shown))
        self.stream.flush()
        self.shown, self.last = len(line), now

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()


def _trace_rows(spec: str):
    from .core import data

    if spec != "-":
        return data.load(spec)
    stdin = getattr(sys.stdin, "buffer", None)
    if stdin is None:
        raise UsageError("--data -: there is no standard input to read")
    return data.read_rows(stdin, "-", where="<stdin>")


def _run_trace(args) -> int:
    from .api import trace_config
    from .core.trace import stream_csv

    config = trace_config(
        args.model, args.optimizer, args.lr, beta=args.beta, beta2=args.beta2, eps=args.eps,
        dampening=args.dampening, bias_correction=args.bias_correction, anneal=args.anneal,
        init=args.init, data=_trace_rows(args.data), epochs=args.epochs, grad=args.grad,
        fd_step=args.fd_step, carry=args.carry)
    progress = _Progress(sys.stderr) if sys.stderr.isatty() else None
    try:
        stream_csv(config, sys.stdout, progress)
    finally:
        if progress is not None:
            progress.close()
    return 0


def _add_list(sub) -> None:
    p = sub.add_parser("list", help="list the lessons with their parameters and defaults")
    p.set_defaults(func=_run_list)


def _run_list(args) -> int:
    from .lessons import all_lessons

    for lesson in all_lessons().values():
        print(f"{lesson.id}: {lesson.summary}")
        print("  parts:")
        for part in lesson.parts:
            print(f"    {part.id}: {part.title}")
        print("  parameters:")
        for param in lesson.params:
            print(f"    {param.describe()}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sgdanim", description=__doc__.splitlines()[0])
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _add_trace(sub)
    _add_list(sub)
    try:
        from .render.command import add_render_parser
        from .render.site import add_site_parser
        from .render.sweep import add_sweep_parser
    except ImportError:  # the render pipeline needs manim; trace and list do not
        pass
    else:
        add_render_parser(sub)
        add_sweep_parser(sub)
        add_site_parser(sub)
    return parser


def where(exc: BaseException) -> str:
    """The innermost line of sgdanim's own code that ``exc`` (or its cause) came through,
    e.g. ``sgdanim/render/encode.py:120 in encode_webm``; '' if none."""
    root = Path(__file__).resolve().parent.parent
    while exc.__cause__ is not None:
        exc = exc.__cause__
    found = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename).resolve()
        if path.is_relative_to(root) and path.parts[len(root.parts)] in ("sgdanim", "scenes"):
            found = f"{path.relative_to(root)}:{frame.lineno} in {frame.name}"
    return found


def _one_line(message: str) -> str:
    """``message`` on one line whatever the user typed into it (a newline in a TOML table's
    name, a --set value): line breaks shown escaped, as repr shows them."""
    return message.replace("\r", "\\r").replace("\n", "\\n")


def main(argv=None) -> int:
    debug = "--debug" in (sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except UsageError as exc:
        if debug:
            raise
        print(f"sgdanim: error: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("sgdanim: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence for users
        if debug:
            raise
        at = where(exc)
        print(_one_line(f"sgdanim: failed: {type(exc).__name__}: {exc}"
                        f"{f' (at {at})' if at else ''}; run with --debug for the traceback"),
              file=sys.stderr)
        return 1


def run() -> None:
    """The ``sgdanim`` command: :func:`main`, then out without tearing the interpreter down.

    Freeing a render's objects one by one as the interpreter finalizes (its mobjects, Cairo
    surfaces, arrays and modules) took 0.3-0.45 s after every render, about 5% of a one-part
    re-render at 480p (docs/performance.md, session 19). By the time :func:`main` returns,
    every file sgdanim writes is closed and renamed, its helper and worker processes are
    joined and its temporary folders removed (each is a ``with``), so only the logs and the
    standard streams are left to flush. Under a profiler or a tracer (``python -m cProfile``,
    coverage), which write what they gathered as the interpreter ends, it exits as usual.
    """
    code = main()
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):   # a reader gone (a closed pipe): nothing to flush to
            pass
    os._exit(int(code or 0))


if __name__ == "__main__":
    run()
