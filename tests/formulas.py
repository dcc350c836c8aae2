"""The formulas the tests ask LaTeX for beyond the lessons' own lists, compiled in the one
LaTeX run a test process starts with (``conftest.compile_listed_formulas``).

The layout tests build parts at settings far from the defaults (an lr of 0.05, a target of
10⁻⁹, a start of ±1000), and each number on screen is a formula no lesson's list holds:
manim compiled about 600 of them one ``latex`` and ``dvisvgm`` pair at a time, 270 s of the
suite's test-process time. ``fixtures/formulas_asked.json`` lists them. A stale list only
costs time: a formula not on it is compiled alone, as before.

Regenerate it after changing what the tests draw::

    make test-formulas

which runs the suite with ``--record-formulas DIR`` (every test process writes what it asked
for into ``DIR``) and then ``python -m tests.formulas DIR``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ASKED = Path(__file__).parent / "fixtures" / "formulas_asked.json"


def asked() -> list[tuple[str, str | None]]:
    """The formulas on the tests' list (none when there is no list)."""
    from sgdanim.render.formulas import read_list

    return read_list(ASKED)


def record_into(folder: Path, worker: str):
    """Start hearing every formula manim asks for in this process; returns the function that
    writes what was heard to ``folder/<worker>.json``."""
    from sgdanim.render import manim_compat
    from sgdanim.render.cache import write_atomic

    heard: set[tuple[str, str | None]] = set()
    manim_compat.listen_for_formulas(lambda expression, environment:
                                     heard.add((expression, environment)))

    def write() -> None:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / f"{worker}.json", json.dumps(sorted(heard, key=str)).encode())
    return write


def merge(folder: Path) -> int:
    """Write the list from what the test processes heard (``folder/*.json``), less what the
    lessons' lists hold; returns its length."""
    from sgdanim.render.formulas import LISTS, listed, write_list

    lessons = {f for path in LISTS.glob("*.json") for f in listed(path.stem)}
    heard = {(e, v) for path in sorted(folder.glob("*.json"))
             for e, v in json.loads(path.read_text())}
    write_list("tests", heard - lessons, ASKED)
    return len(heard - lessons)


if __name__ == "__main__":
    print(f"{ASKED}: {merge(Path(sys.argv[1]))} formulas")
