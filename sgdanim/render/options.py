"""The options ``sgdanim render`` and ``sgdanim watch`` share, and what ``--parts`` and
``--voice`` mean."""

from __future__ import annotations

import argparse
import os

from .x264 import DEFAULT_X264, ENCODER_CHOICES
from .plan import DEFAULT_QUALITY, FORMATS, QUALITIES

__all__ = ["add_clip_options", "expand_parts", "make_clips", "scheduler_of"]


def add_clip_options(p) -> None:
    """The options ``render`` and ``watch`` share."""
    p.add_argument("--parts", default=None, metavar="LIST",
                   help="play only these parts (comma list; see sgdanim list): a quick "
                        "preview of one change; the same as --set parts=LIST")
    p.add_argument("--quality", default=None, metavar="Q",
                   help=f"{' | '.join(QUALITIES)} (default {DEFAULT_QUALITY}; "
                        f"with --from, the clip's own)")
    p.add_argument("--format", default=None, metavar="LIST",
                   help=f"comma list of {', '.join(FORMATS)} (default mp4)")
    p.add_argument("--out", default=None, metavar="DIR",
                   help="output folder (default media/; with --from, the clip's own)")
    p.add_argument("--config", default=None, metavar="FILE.toml",
                   help="one table of params per lesson id, e.g. [overshoot]")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override a param (repeatable); LESSON.KEY=VALUE for one lesson only")
    p.add_argument("--voice", default=None, metavar="VOICE",
                   help="narrate: none, espeak or piper:PATH.onnx (the same as --set voice=...)")
    p.add_argument("--encoder", default=DEFAULT_X264, choices=ENCODER_CHOICES,
                   help=f"x264 settings of the mp4 (default {DEFAULT_X264}; 'manim' is "
                        f"manim's own, preset medium; docs/performance.md compares them)")
    p.add_argument("--split", type=int, default=None, metavar="N",
                   help="share each lesson's animations among N processes; the video is the "
                        "same (default: the machine's cores divided by --jobs, at most 4)")
    p.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT | local:N",
                   help="draw the parts on a Dask cluster (pip install 'sgdanim[dask]'): a "
                        "scheduler's address, or N worker processes here; the output folder "
                        "must be shared with the workers; the video is the same (default: "
                        "$SGDANIM_SCHEDULER, else none)")
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help="show tracebacks and manim's log")


def expand_parts(args) -> None:
    """``--parts LIST`` is ``--set parts=LIST``, and ``--voice V`` is ``--set voice=V``."""
    if getattr(args, "parts", None) is not None:
        args.set = [*(args.set or []), f"parts={args.parts}"]
    if getattr(args, "voice", None) is not None:
        args.set = [*(args.set or []), f"voice={args.voice}"]


def scheduler_of(args) -> str | None:
    """``--scheduler``, else ``$SGDANIM_SCHEDULER``, else None (render here)."""
    return getattr(args, "scheduler", None) or os.environ.get("SGDANIM_SCHEDULER") or None


def make_clips(clips, args, jobs: int = 1):
    """Render the planned ``clips`` as ``args`` asks; yields each path written. With a
    scheduler the parts are drawn on its Dask cluster first (:mod:`.distributed`, the only
    place dask is imported), and the render here finds them all in the cache and joins them."""
    from .jobs import run_clips

    scheduler = scheduler_of(args)
    if scheduler:
        from .distributed import draw_parts

        draw_parts(scheduler, clips, force=args.force)
    yield from run_clips(clips, jobs=jobs, split=1 if scheduler else args.split,
                         force=args.force, debug=bool(getattr(args, "debug", False)),
                         reuse_parts=bool(scheduler))
