"""``sgdanim sweep LESSON --grid lr=0.5,1.0,1.5 [--grid ...]``: one clip per combination of
the grid's values, rendered through the same executor as ``sgdanim render`` (here, or on a
Dask cluster with ``--scheduler``), into one folder, with a page that shows them side by side.

Every combination is planned (its params checked) before anything renders, so a bad value
is reported, with nothing written, whichever combination holds it. The folder::

    <out>/index.html                          the comparison page (:mod:`.sweep_page`)
    <out>/<combination>/<lesson>/<lesson>-<quality>.mp4, .json, ...   as render writes them
    <out>/.cache                              one cache for every combination, so the parts
                                              a value does not change are drawn once

Examples
--------
>>> parse_grid(["lr=0.5, 1.0", "steps=3"])
[('lr', ['0.5', '1.0']), ('steps', ['3'])]
>>> folder_name({"lr": "0.5", "data": "../my data.csv"})
'lr=0.5,data=.._my_data.csv'
>>> parse_grid(["lr"])
Traceback (most recent call last):
...
sgdanim.core.errors.UsageError: --grid 'lr' must look like NAME=VALUE,VALUE,...
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import itertools
import json
import re
from pathlib import Path

from ..core.errors import UsageError
from ..core.params import parse_sets
from .options import add_clip_options, make_clips

__all__ = ["add_sweep_parser", "folder_name", "parse_grid", "plan_sweep"]

MAX_COMBINATIONS = 64
PAGE = "index.html"


def parse_grid(items: list[str]) -> list[tuple[str, list[str]]]:
    """``--grid NAME=V1,V2`` options as (name, values), in the order given."""
    grid, seen = [], set()
    for item in items:
        name, eq, text = item.partition("=")
        name = name.strip()
        values = [v.strip() for v in text.split(",")]
        if not eq or not name or not any(values):
            raise UsageError(f"--grid {item!r} must look like NAME=VALUE,VALUE,...")
        if "" in values:
            raise UsageError(f"--grid {item!r} has an empty value")
        if name in seen:
            raise UsageError(f"--grid {name} is given twice; put every value in one --grid")
        seen.add(name)
        grid.append((name, values))
    return grid


def folder_name(values: dict[str, str]) -> str:
    """The folder of one combination: ``name=value`` pairs, anything a path or a URL could
    misread replaced by ``_``."""
    text = ",".join(f"{name}={value}" for name, value in values.items())
    return re.sub(r"[^A-Za-z0-9._=,+-]", "_", text)


def _combinations(grid) -> list[dict[str, str]]:
    combos = [dict(zip([n for n, _ in grid], values))
              for values in itertools.product(*(vs for _, vs in grid))]
    if len(combos) > MAX_COMBINATIONS:
        raise UsageError(f"--grid makes {len(combos)} combinations; at most {MAX_COMBINATIONS} "
                         f"in one sweep")
    return combos


def plan_sweep(args, lessons) -> list[tuple[dict[str, str], object]]:
    """Every combination of ``args.grid`` as (its values as typed, its
    :class:`~sgdanim.render.plan.Clip`), each checked; writes nothing."""
    from .plan import plan

    grid = parse_grid(args.grid)
    fixed = parse_sets(args.set or [])
    for name, _ in grid:
        if name in fixed:
            raise UsageError(f"--grid {name} and --set {name}: give {name} in one of them")
    planned, seen = [], {}
    for values in _combinations(grid):
        one = copy.copy(args)
        one.lessons, one.all, one.from_ = [args.lesson], False, []
        one.set = [*(args.set or []), *(f"{n}={v}" for n, v in values.items())]
        one.out = str(args.out or Path("media") / f"{args.lesson}-sweep")
        clip, = plan(one, lessons)
        clip = dataclasses.replace(clip, subfolder=folder_name(values))
        same = seen.setdefault(json.dumps(clip.params.to_json(), sort_keys=True), values)
        if same is not values:
            raise UsageError(f"--grid {folder_name(values)} makes the same clip as "
                             f"{folder_name(same)}")
        planned.append((values, clip))
    return planned


def add_sweep_parser(sub) -> None:
    p = sub.add_parser(
        "sweep", help="render a lesson for every combination of parameter values, with a page "
                      "that compares them",
        description="Render LESSON once per combination of the --grid values into one folder "
                    "and write index.html there, the clips side by side with their "
                    "parameters. stdout lists the files written.")
    p.add_argument("lesson", metavar="LESSON", help="a lesson id (see sgdanim list)")
    p.add_argument("--grid", action="append", required=True, metavar="NAME=V1,V2,...",
                   help="a parameter and the values to try (repeatable: every combination "
                        "renders)")
    add_clip_options(p)
    p.add_argument("--force", action="store_true", help="render even if the cache has it")
    p.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="render up to N combinations at once, in separate processes")
    p.set_defaults(func=_run_sweep, max_size=None)


def sweep_args(lesson: str, grid: list[str]) -> argparse.Namespace:
    """The ``sweep`` options for ``lesson`` and ``grid`` (``["lr=0.5,1.0", …]``), every other
    one at its default (the API starts from these, so it and the command share every
    default)."""
    parser = argparse.ArgumentParser(prog="sgdanim")
    add_sweep_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["sweep", lesson, *[f"--grid={item}" for item in grid]])


def sweep_paths(args: argparse.Namespace):
    """Plan every combination ``args`` asks for, refuse bad input before anything renders,
    render them and write the comparison page; yields each path written. ``sgdanim sweep``
    prints them; :func:`sgdanim.api.sweep` collects them."""
    from .command import checked_plan
    from .sweep_page import write_sweep_page

    planned = checked_plan(args, plan_sweep, lambda pairs: [clip for _, clip in pairs])
    clips = [clip for _, clip in planned]
    yield from make_clips(clips, args, jobs=args.jobs)
    yield from write_sweep_page(clips[0].out, planned)


def _run_sweep(args: argparse.Namespace) -> int:
    from .command import print_paths

    return print_paths(sweep_paths(args))
