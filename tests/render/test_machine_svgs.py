"""The LaTeX and Pango SVGs a render makes are kept for every output folder on the machine
(``sgdanim.render.draw.machine_svgs``), and taken from there, by manim's own file name, when a
render asks for one (``manim_compat.take_svgs_from``): a first render into a new folder makes
none of them again."""

from __future__ import annotations

import numpy as np
import pytest

from sgdanim.cli import main
from sgdanim.render import manim_compat
from sgdanim.render.draw import SVG_CACHE_ENV

pytestmark = pytest.mark.frames
MARK = "<!-- kept on this machine -->\n"


def render(out) -> None:
    """The tiny lesson with its captions drawn (Pango SVGs) into ``out``."""
    assert main(["render", "tiny", "--quality", "test", "--out", str(out), "--split", "1",
                 "--set", "captions=burned"]) == 0


def mark_machine_svgs(machine) -> list:
    svgs = sorted(machine.rglob("*.svg"))
    for svg in svgs:
        svg.write_text(svg.read_text() + MARK)
    return svgs


def marked(out) -> list[bool]:
    return [MARK in p.read_text() for p in sorted((out / ".cache" / "texts").rglob("*.svg"))]


def test_a_new_folder_takes_the_machines_svgs(tmp_path, tiny_lessons, monkeypatch, capfd):
    monkeypatch.setenv(SVG_CACHE_ENV, str(tmp_path / "machine"))
    render(tmp_path / "a")
    assert mark_machine_svgs(tmp_path / "machine")   # the first render gave them
    render(tmp_path / "b")
    assert marked(tmp_path / "b") and all(marked(tmp_path / "b"))   # taken, not made again
    a, b = (tmp_path / d / "tiny" / "tiny-test.mp4" for d in "ab")
    assert a.read_bytes() == b.read_bytes()


def test_without_the_machines_folder_a_new_folder_makes_its_own(tmp_path, tiny_lessons,
                                                                 monkeypatch, capfd):
    """The negative control: the same, with the machine's folder turned off for the second
    render, which then makes every SVG itself."""
    monkeypatch.setenv(SVG_CACHE_ENV, str(tmp_path / "machine"))
    render(tmp_path / "a")
    assert mark_machine_svgs(tmp_path / "machine")
    monkeypatch.setenv(SVG_CACHE_ENV, "")
    render(tmp_path / "b")
    assert marked(tmp_path / "b") and not any(marked(tmp_path / "b"))


def formula_points(tex_dir, text: str) -> np.ndarray:
    from manim import MathTex, tempconfig

    manim_compat.forget_parsed_svgs()
    with tempconfig({"tex_dir": str(tex_dir), "verbosity": "WARNING"}):
        return np.concatenate([m.points for m in MathTex(text).family_members_with_points()])


def test_latex_is_taken_by_manims_own_file_name(tmp_path):
    """A formula whose SVG the machine's folder has (here, on purpose, another formula's
    drawing under its name) is drawn from that file; without the folder, LaTeX makes it."""
    try:
        manim_compat.take_svgs_from(None, None)
        x = formula_points(tmp_path / "made", "x")
        y = formula_points(tmp_path / "made-y", "y")
        machine = tmp_path / "machine"
        machine.mkdir()
        (name,) = [p.name for p in (tmp_path / "made").glob("*.svg")]
        (machine / name).write_bytes(next((tmp_path / "made-y").glob("*.svg")).read_bytes())
        manim_compat.take_svgs_from(machine, None)
        assert np.array_equal(formula_points(tmp_path / "taken", "x"), y)
        manim_compat.take_svgs_from(None, None)  # the negative control
        assert np.array_equal(formula_points(tmp_path / "again", "x"), x)
        assert not np.array_equal(x, y)
    finally:
        manim_compat.take_svgs_from(None, None)
