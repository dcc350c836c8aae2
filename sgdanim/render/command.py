"""``sgdanim render``: plan the clips (:mod:`.plan`), render the ones the cache lacks
(:mod:`.jobs`) and publish them atomically. An untested manim is refused first
(:func:`.manim_compat.check_version`). ``sgdanim watch`` (:mod:`.watch`) renders again
whenever its config file or the lesson's source changes."""

from __future__ import annotations

import argparse

from .options import add_clip_options, expand_parts, make_clips

__all__ = ["add_render_parser"]


def add_render_parser(sub) -> None:
    p = sub.add_parser(
        "render", help="render lessons to mp4/webm/gif/png with JSON sidecars and captions",
        description="Render lessons. stdout lists the files written, one per line; "
                    "progress goes to stderr.")
    p.add_argument("lessons", nargs="*", metavar="LESSON", help="lesson ids (see sgdanim list)")
    p.add_argument("--all", action="store_true", help="render every lesson")
    add_clip_options(p)
    p.add_argument("--max-size", default=None, metavar="SIZE",
                   help="fit the GIF in SIZE (e.g. 4MB, a forum's upload limit) by lowering "
                        "its frame rate and width, or say it cannot")
    p.add_argument("--from", dest="from_", action="append", default=[], metavar="CLIP.json",
                   help="re-render exactly the clip a sidecar describes (repeatable)")
    p.add_argument("--force", action="store_true", help="render even if the cache has it")
    p.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="render up to N lessons at once, in separate processes")
    p.set_defaults(func=_run_render)
    from .watch import add_watch_parser

    add_watch_parser(sub)


def render_args(lessons) -> argparse.Namespace:
    """The ``render`` options for ``lessons``, every other one at its default (the API starts
    from these, so it and the command share every default)."""
    parser = argparse.ArgumentParser(prog="sgdanim")
    add_render_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["render", *lessons])


def checked_plan(args, make_plan, clips_of=lambda planned: planned):
    """What ``make_plan(args, lessons)`` plans, once every check that must come before
    anything renders has passed: an untested manim, a bad ``--parts``, a bad parameter
    (in the plan) and a voice this machine lacks each exit 2 with nothing written.
    ``clips_of`` picks the clips out of what ``make_plan`` returns."""
    from ..lessons import all_lessons
    from .manim_compat import check_version
    from .voice import check_voice

    check_version()
    expand_parts(args)
    planned = make_plan(args, all_lessons())
    for voice in {clip.params.voice for clip in clips_of(planned) if "voice" in clip.params}:
        check_voice(voice)
    return planned


def render_paths(args):
    """Plan the clips ``args`` asks for (a namespace of the ``render`` options), refuse bad
    input before anything renders, then render and publish; yields each path written.
    ``sgdanim render`` prints them; :func:`sgdanim.api.render` collects them."""
    from .plan import plan

    yield from make_clips(checked_plan(args, plan), args, jobs=args.jobs)


def print_paths(paths) -> int:
    """Print each path as it is written (stdout carries only paths), for the commands."""
    import sys

    for path in paths:
        print(path, flush=True)
    sys.stdout.flush()
    return 0


def _run_render(args) -> int:
    return print_paths(render_paths(args))
