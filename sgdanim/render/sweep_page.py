"""The page ``sgdanim sweep`` writes: the clips of every combination side by side, each under
the values that make it, with its chapters, the numbers that differ between the clips, its
parameters and downloads. It is built from the gallery's pieces (:mod:`.site_page`,
:mod:`.site`): the same player, chapter links, parameter table, downloads, numbers CSV,
style and script, so it works from ``file://`` and from any static host.

Examples
--------
>>> differing([{"a": 1, "b": 2}, {"a": 1, "b": 3}])
['b']
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from ..core.params import format_value
from .cache import write_atomic
from .embed import video_element
from .site import ShownClip, numbers_csv, numbers_rows
from .site_page import SCRIPT, STYLE, _chapters, _downloads, _parameters

__all__ = ["differing", "sweep_page", "write_sweep_page"]

PAGE = "index.html"
MAX_NUMBERS = 8  # differing numbers shown per clip (every number is in its CSV)
GRID_STYLE = """
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr));
         gap: 20px; padding: 16px 0; }
.card { background: #1c1f26; border-radius: 6px; padding: 12px; }
.card h2 { font-size: 1.15em; } .card h2 code { color: #ffd166; font-size: 1em; }
details summary { cursor: pointer; color: #9fb3c8; margin-top: 10px; }
"""


def differing(rows: list[dict]) -> list[str]:
    """The names whose values are not the same in every one of ``rows``, in first-seen order."""
    names = list(dict.fromkeys(name for row in rows for name in row))
    return [n for n in names if len({json.dumps(r.get(n), sort_keys=True) for r in rows}) > 1]


def _short(value) -> str:
    """A number as a reader compares it (6 significant digits; the CSV has every digit).

    >>> _short(-2.4499999999999997), _short(4), _short("inf")
    ('-2.45', '4', 'inf')
    """
    return f"{value:.6g}" if isinstance(value, float) else format_value(value)


def _numbers(row: dict, names: list[str]) -> list[str]:
    if not names:
        return []
    shown = [f"<tr><td>{escape(n)}</td><td><code>{escape(_short(row.get(n)))}</code>"
             f"</td></tr>" for n in names[:MAX_NUMBERS]]
    return ["<h3>Numbers that differ</h3>", "<table>", *shown, "</table>"]


def _card(clip: ShownClip, values: dict[str, str], numbers: list[str], row: dict) -> list[str]:
    video_id = f"v-{clip.base.split('/')[0]}"
    label = ", ".join(f"{escape(n)} = <code>{escape(v)}</code>" for n, v in values.items())
    return ['<article class="card">', f"<h2>{label}</h2>",
            video_element(clip.car, clip.base, video_id) or "<p>no video</p>",
            *_chapters(clip, video_id), *_numbers(row, numbers),
            "<details><summary>All parameters and downloads</summary>",
            *_parameters(clip), *_downloads(clip), "</details>", "</article>"]


def sweep_page(lesson_title: str, shown: list[tuple[dict[str, str], ShownClip]]) -> str:
    """The page for ``shown``: (the values of a combination, its clip) in grid order."""
    rows = [dict(numbers_rows(clip.car.get("numbers"))) for _, clip in shown]
    numbers = differing(rows)
    grid = {}
    for values, _ in shown:
        for name, value in values.items():
            grid.setdefault(name, []).append(value)
    tried = "; ".join(f"{escape(n)} = {escape(', '.join(dict.fromkeys(vs)))}"
                      for n, vs in grid.items())
    cards = []
    for (values, clip), row in zip(shown, rows):
        cards += _card(clip, values, numbers, row)
    title = escape(f"{lesson_title}: {len(shown)} clips compared")
    return "\n".join([
        "<!doctype html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>", f"<style>{STYLE}{GRID_STYLE}</style>", "</head>", "<body>",
        f"<header><h1>{title}</h1><p>{tried}. Click a chapter to jump there.</p></header>",
        '<main><div class="cards">', *cards, "</div></main>",
        "<footer><p>Made by <code>sgdanim sweep</code>.</p></footer>",
        f"<script>{SCRIPT}</script>", "</body>", "</html>", ""])


def write_sweep_page(out: Path, planned) -> list[Path]:
    """Write each clip's numbers CSV and the page into ``out``, from the sidecars the render
    just published; ``planned`` is :func:`.sweep.plan_sweep`'s list. Returns the paths
    written, the page last."""
    shown, written = [], []
    for values, clip in planned:
        car = json.loads(clip.path("json").read_text(encoding="utf-8"))
        one = ShownClip(car, f"{clip.subfolder}/{clip.lesson.id}/")
        write_atomic(clip.folder / one.numbers_csv, numbers_csv(car.get("numbers")).encode())
        written.append(clip.folder / one.numbers_csv)
        shown.append((values, one))
    page = Path(out) / PAGE
    write_atomic(page, sweep_page(planned[0][1].lesson.title, shown).encode())
    return [*written, page]
