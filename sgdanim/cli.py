"""The ``sgdanim`` command: ``trace``, ``list``, ``render`` and ``site``.

Bad input exits with status 2 and one line on stderr that names the bad value; nothing is
written. Other failures exit 1 with a message (a traceback only with ``--debug``).
"""

from __future__ import annotations

import argparse
import math
import sys

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
                   help="spreadsheet | synthetic[:seed=0,n=29,...] | FILE.csv")
    p.add_argument("--epochs", type=_int, default=1)
    p.add_argument("--grad", default="analytic", help="analytic | numeric")
    p.add_argument("--fd-step", type=_float, default=0.01, metavar="H")
    p.add_argument("--carry", default="updated",
                   help="updated | sheet: start each epoch from the updated weights, or from "
                        "the last row's weights as the spreadsheet's macro does")
    p.set_defaults(func=_run_trace)


def _run_trace(args) -> int:
    from .core import data
    from .core.trace import write_csv
    from .core.trajectory import RunConfig, run

    if not (math.isfinite(args.lr) and args.lr > 0):
        raise UsageError(f"--lr {args.lr!r} must be a finite number > 0")
    config = RunConfig(
        model=args.model, optimizer=args.optimizer, lr=args.lr, beta=args.beta, beta2=args.beta2,
        eps=args.eps, dampening=args.dampening, bias_correction=args.bias_correction,
        anneal=args.anneal, init=args.init, data=data.load(args.data), epochs=args.epochs,
        grad=args.grad, fd_step=args.fd_step, carry=args.carry)
    write_csv(run(config), sys.stdout)
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
    except ImportError:  # the render pipeline needs manim; trace and list do not
        pass
    else:
        add_render_parser(sub)
        add_site_parser(sub)
    return parser


def main(argv=None) -> int:
    debug = "--debug" in (sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except UsageError as exc:
        if debug:
            raise
        print(f"sgdanim: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence for users
        if debug:
            raise
        print(f"sgdanim: failed: {type(exc).__name__}: {exc} (run with --debug for details)",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
