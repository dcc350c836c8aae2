"""The formulas each lesson draws at its defaults, compiled in one LaTeX run before a render.

The very first render on a machine used to run ``latex`` and ``dvisvgm`` once per formula,
and starting them (manim's template loads babel and the AMS packages) cost far more than
typesetting (overshoot: 93 formulas, about 19 s of CPU against a 15 s warm render). Each
lesson's list, ``<lesson>.json`` beside this module, holds what manim asks LaTeX for when
the lesson plays at its defaults (``python -m sgdanim.render.formulas`` writes them;
``tests/render/test_formulas.py`` fails when one is stale). Before a render,
:func:`compile_missing` makes every listed formula the SVG folder lacks in one ``latex`` run
(a ``standalone`` page each, under the render's own template) and one ``dvisvgm`` run, and
stores each page under the name manim gives that formula, so manim finds it there
(:func:`sgdanim.render.manim_compat.take_svgs_from`). A formula that other parameters bring
is compiled by manim as before.

A page draws what manim's own SVG of the formula draws: the same typesetting, the same
bounding box. :func:`as_alone` renames what differs only because the page shares a DVI file
with others (the page's number, and dvisvgm's numbering of the fonts it uses); dvisvgm may
still list the fonts' glyphs in another order (it keeps them in a hash map of its font
objects), which changes no drawing (docs/performance.md, "Session 8").
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["BATCH_ENV", "LISTS", "as_alone", "batch_document", "compile_missing", "listed",
           "record", "write_list"]

LISTS = Path(__file__).parent
BATCH_ENV = "SGDANIM_BATCH_LATEX"   # "0": renders compile each formula alone, as manim does
Formula = tuple[str, "str | None"]   # (expression, environment) as manim's tex_to_svg_file
_BEGIN, _END = r"\begin{document}", r"\end{document}"
# What standalone's ``preview`` option puts after \begin{document} and before \end{document}
# (standalone.cls); between two formulas it ends one page and starts the next.
_NEXT_PAGE = r"\ifhmode\unskip\fi\endstandalone\standalone\ignorespaces"


def listed(lesson_id: str) -> list[Formula]:
    """The formulas ``lesson_id`` draws at its defaults; none for a lesson without a list."""
    return read_list(LISTS / f"{lesson_id}.json")


def read_list(path: Path) -> list[Formula]:
    """The formulas a list at ``path`` holds (:func:`write_list`'s); none where there is none."""
    if not path.is_file():
        return []
    return [(expression, environment) for expression, environment in json.loads(path.read_text())]


def write_list(lesson_id: str, formulas: Iterable[Formula], path: Path | None = None) -> Path:
    """Store a lesson's list (sorted, one formula a line, so a change reads as a diff),
    atomically, at ``path`` (by default beside this module)."""
    from ..cache import write_atomic

    rows = sorted(set(formulas), key=lambda f: (f[0], f[1] or ""))
    text = "[\n" + ",\n".join(json.dumps(list(row), ensure_ascii=False) for row in rows) + "\n]\n"
    path = LISTS / f"{lesson_id}.json" if path is None else path
    write_atomic(path, text.encode())
    return path


def record(lesson_id: str) -> set[Formula]:
    """Every formula manim asks LaTeX for when ``lesson_id`` plays at its defaults, from a
    dry run (:mod:`sgdanim.render.dry_run`) into a folder of its own."""
    from ..dry_run import play_dry

    with tempfile.TemporaryDirectory() as media:
        return set(play_dry(lesson_id, media_dir=media).formulas)


def batch_document(tex_files: list[str]) -> str:
    """One LaTeX document whose page k draws what the k-th of manim's ``.tex`` files draws.

    Each file is the template with one formula in it; the document keeps the shared preamble
    and puts the formulas' bodies one after another, each on its own ``standalone`` page.

    >>> one = ("\\\\documentclass[preview]{standalone}\\n\\\\begin{document}\\n$%s$\\n"
    ...        "\\\\end{document}")
    >>> print(batch_document([one % "x", one % "y"]))
    \\documentclass[preview]{standalone}
    \\begin{document}
    $x$
    \\ifhmode\\unskip\\fi\\endstandalone\\standalone\\ignorespaces
    $y$
    \\end{document}
    <BLANKLINE>
    """
    heads = {text.split(_BEGIN, 1)[0] for text in tex_files}
    if len(heads) != 1 or not all(_BEGIN in t and _END in t for t in tex_files):
        raise ValueError("the formulas' .tex files do not share one template")
    bodies = [text.split(_BEGIN, 1)[1].rsplit(_END, 1)[0] for text in tex_files]
    return heads.pop() + _BEGIN + _NEXT_PAGE.join(bodies) + _END + "\n"


def as_alone(page_svg: str) -> str:
    """A page of the batch as dvisvgm writes it for its formula alone: ``page1``, and fonts
    numbered from 0 in the order dvisvgm numbers them (TeX's order, which a page keeps).

    >>> as_alone("<g id='page7'><path id='g4-43'/><path id='g9-1'/><use xlink:href='#g9-1'/>")
    "<g id='page1'><path id='g0-43'/><path id='g1-1'/><use xlink:href='#g1-1'/>"
    """
    page_svg = re.sub(r"<g id='page\d+'>", "<g id='page1'>", page_svg, count=1)
    fonts = sorted({int(n) for n in re.findall(r"(?:id='|href='#)g(\d+)-", page_svg)})
    number = {str(font): str(k) for k, font in enumerate(fonts)}
    return re.sub(r"(id='|href='#)g(\d+)-", lambda m: f"{m[1]}g{number[m[2]]}-", page_svg)


def compile_missing(formulas: Iterable[Formula], folder: Path, tex_template=None) -> int:
    """Make the SVG of every formula that ``folder`` lacks, all in one ``latex`` and one
    ``dvisvgm`` run, each stored atomically under manim's name for it; returns how many.

    Only manim's default road (``latex`` to DVI) is batched; with any other, or if LaTeX
    fails, nothing is made here and manim compiles each formula as it would have (and
    reports any error in it as it would have).
    """
    from manim import config, tempconfig

    from .. import manim_compat

    template = config["tex_template"] if tex_template is None else tex_template
    if template.tex_compiler != "latex" or template.output_format != ".dvi":
        return 0
    with tempfile.TemporaryDirectory(prefix="sgdanim-formulas-") as work, \
            tempconfig({"tex_dir": work, "verbosity": "WARNING"}):
        files = {manim_compat.tex_file(expr, env, template) for expr, env in formulas}
        missing = sorted(f for f in files if not (folder / f.with_suffix(".svg").name).exists())
        pages = _compile(missing, Path(work)) if missing else []
        if len(pages) != len(missing):   # a page short or over: which is which is unknown
            return 0
        folder.mkdir(parents=True, exist_ok=True)
        from ..cache import write_atomic

        for tex, page in zip(missing, pages):
            write_atomic(folder / tex.with_suffix(".svg").name, as_alone(page.read_text()).encode())
    return len(missing)


def _compile(tex_files: list[Path], work: Path) -> list[Path]:
    """The SVG of each page of one document made of ``tex_files``, in order; none if LaTeX
    or dvisvgm fails. The flags are manim's (``compile_tex``, ``convert_to_svg``), with
    every page converted at once."""
    source = work / "batch.tex"
    source.write_text(batch_document([f.read_text(encoding="utf-8") for f in tex_files]),
                      encoding="utf-8")
    runs = [["latex", "-interaction=batchmode", "-output-format=dvi", "-halt-on-error",
             f"-output-directory={work}", str(source)],
            ["dvisvgm", "--page=1-", "--no-fonts", "--verbosity=0",
             f"--output={work}/page-%p.svg", str(source.with_suffix(".dvi"))]]
    for command in runs:
        try:
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           stdin=subprocess.DEVNULL, timeout=600, check=True)
        except (OSError, subprocess.SubprocessError):
            return []
    return sorted(work.glob("page-*.svg"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
