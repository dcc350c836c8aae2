"""``sgdanim site``: a static gallery of the lessons ``render`` wrote into one folder.

It only reads what ``render`` wrote (each ``<lesson>/<lesson>-<quality>.json`` sidecar and the
files it lists) and writes two kinds of file into that folder: ``index.html`` (the page, see
:mod:`.site_page`) and, per lesson shown, ``<stem>.numbers.csv`` (the sidecar's numbers, one
row per value). The page uses relative paths and a few lines of plain JavaScript, so it works
from ``file://`` and from any static host once the folder is uploaded.

For each lesson the best clip is shown: the highest quality with a video. A lesson with no
clip is *missing*; a clip the current source or lesson would render differently (its cache key
has changed) or whose files are gone is *stale*. Each is said in one line on stderr; the page
still shows stale clips, marked as such. A folder with no rendered lesson is bad input: exit 2,
nothing written.

Examples
--------
>>> numbers_rows({"x_final": -0.625, "xs": [[1, 2], [3]], "fit": {"slope": 2.0}})
[('x_final', -0.625), ('xs[0][0]', 1), ('xs[0][1]', 2), ('xs[1][0]', 3), ('fit.slope', 2.0)]
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import UsageError
from .cache import cache_key, write_atomic
from .plan import DEFAULT_OUT, QUALITIES

__all__ = ["ShownClip", "add_site_parser", "build_site", "find_clips", "numbers_rows"]

PAGE = "index.html"


@dataclass
class ShownClip:
    """One clip the gallery shows: its sidecar, its folder relative to the page, and why it
    may be out of date (empty when it is what ``render`` would make now)."""

    car: dict
    base: str                       # e.g. "stepping/"
    stale: list[str] = field(default_factory=list)
    summary: str = ""

    @property
    def stem(self) -> str:
        return f"{self.car['lesson']}-{self.car['quality']}"

    @property
    def numbers_csv(self) -> str:
        return f"{self.stem}.numbers.csv"


def _read_sidecar(path: Path) -> dict | None:
    try:
        car = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    needed = {"lesson": str, "quality": str, "files": dict, "params": dict, "fps": (int, float)}
    if not isinstance(car, dict) or any(not isinstance(car.get(k), t) for k, t in needed.items()):
        return None
    if car["quality"] not in QUALITIES or path.name != f"{car['lesson']}-{car['quality']}.json":
        return None
    return car


def find_clips(out: Path) -> dict[str, list[dict]]:
    """The sidecars ``render`` wrote under ``out``, by lesson id, best quality first; only
    clips with an mp4 or a webm count (a page needs a video)."""
    found: dict[str, list[dict]] = {}
    for path in sorted(out.glob("*/*.json")):
        car = _read_sidecar(path)
        if car is None or path.parent.name != car["lesson"]:
            continue
        if not {"mp4", "webm"} & set(car["files"]):
            continue
        found.setdefault(car["lesson"], []).append(car)
    order = list(QUALITIES)
    for cars in found.values():
        cars.sort(key=lambda c: -order.index(c["quality"]))
    return found


def _staleness(car: dict, folder: Path, lessons: dict) -> list[str]:
    """Why ``car`` is not what ``render`` would make now (empty if it is)."""
    reasons = [f"{name} is gone" for name in car["files"].values()
               if not (folder / name).is_file()]
    lesson = lessons.get(car["lesson"])
    if lesson is None:
        return reasons + ["no such lesson any more"]
    try:
        params = lesson.resolve(base=car["params"]).to_json()
    except UsageError as exc:
        return reasons + [f"its params no longer resolve ({exc})"]
    # a sidecar from before --encoder was made with manim's own settings
    key = cache_key(lesson, params, car["quality"], QUALITIES[car["quality"]],
                    car.get("encoder", "manim"))
    if key != car.get("cache_key"):
        reasons.append("the lesson's source, params or tools changed since it was rendered")
    return reasons


def gather(out: Path, lessons: dict) -> tuple[list[ShownClip], list[str]]:
    """The clips to show, in the registry's order (unknown lessons last), and the ids of the
    registered lessons that have none."""
    found = find_clips(out)
    order = list(lessons) + sorted(set(found) - set(lessons))
    shown = []
    for lesson_id in order:
        if lesson_id not in found:
            continue
        car = found[lesson_id][0]
        stale = _staleness(car, out / lesson_id, lessons)
        summary = getattr(lessons.get(lesson_id), "summary", "")
        shown.append(ShownClip(car, f"{lesson_id}/", stale, summary))
    return shown, [lid for lid in lessons if lid not in found]


def _flatten(name: str, value, rows: list) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(f"{name}.{key}" if name else str(key), item, rows)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _flatten(f"{name}[{i}]", item, rows)
    else:
        rows.append((name, value))


def numbers_rows(numbers) -> list[tuple[str, object]]:
    """The sidecar's numbers as (name, value) rows; a list's items are ``name[i]``."""
    rows: list = []
    _flatten("", numbers or {}, rows)
    return rows


def numbers_csv(numbers) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["name", "value"])
    writer.writerows(numbers_rows(numbers))
    return buffer.getvalue()


def _transcript(shown: ShownClip, out: Path) -> list:
    """The clip's captions, read from the VTT render wrote (or its SRT)."""
    from .webvtt import parse_srt, parse_vtt

    files, folder = shown.car["files"], out / shown.base
    try:
        if "vtt" in files:
            return parse_vtt((folder / files["vtt"]).read_text(encoding="utf-8"))
        if "srt" in files:
            return parse_srt((folder / files["srt"]).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass  # already reported as stale: the file is gone or is no caption file
    return []


def build_site(out: Path, lessons: dict) -> tuple[list[Path], list[str]]:
    """Write the gallery of the clips under ``out``; returns the paths written and what to
    say about missing and stale lessons. Raises :class:`UsageError` if there is nothing to show."""
    from .site_page import render_page

    out = Path(out)
    if not out.is_dir():
        raise UsageError(f"--out {str(out)!r} is not a folder of renders (it does not exist)")
    shown, missing = gather(out, lessons)
    if not shown:
        raise UsageError(f"--out {str(out)!r} holds no rendered lesson (no <lesson>/<lesson>-"
                         f"<quality>.json with a video); run sgdanim render first")
    notes = []  # said in one line
    if missing:
        notes.append(f"missing: {', '.join(missing)} (sgdanim render {' '.join(missing)} "
                     f"--out {out})")
    stale = [s for s in shown if s.stale]
    if stale:
        notes.append("stale: " + ", ".join(f"{s.stem} ({'; '.join(s.stale)})" for s in stale)
                     + " (sgdanim render --from <its json> --force)")
    written = []
    for clip in shown:
        path = out / clip.base / clip.numbers_csv
        write_atomic(path, numbers_csv(clip.car.get("numbers")).encode())
        written.append(path)
    page = render_page(shown, {s.stem: _transcript(s, out) for s in shown}, missing)
    write_atomic(out / PAGE, page.encode())
    written.append(out / PAGE)
    return written, notes


def add_site_parser(sub) -> None:
    p = sub.add_parser(
        "site", help="build a static gallery (index.html) of the lessons rendered in a folder",
        description="Write index.html into the render folder: each lesson's player, chapters, "
                    "transcript, parameters and numbers. stdout lists the files written.")
    p.add_argument("--out", default=DEFAULT_OUT, metavar="DIR",
                   help=f"the folder sgdanim render wrote into (default {DEFAULT_OUT}/)")
    p.set_defaults(func=_run_site)


def _run_site(args) -> int:
    from ..lessons import all_lessons

    written, notes = build_site(Path(args.out), all_lessons())
    if notes:
        print(f"sgdanim: site: {'; '.join(notes)}", file=sys.stderr)
    for path in written:
        print(path, flush=True)
    return 0
