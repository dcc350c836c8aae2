"""The LaTeX and Pango SVGs a render makes are kept for every output folder on the machine
(``sgdanim.render.draw.machine_svgs``): a first render into a new folder makes none again."""

from __future__ import annotations

import manimpango
import pytest

from sgdanim.cli import main
from sgdanim.render.draw import SVG_CACHE_ENV

pytestmark = pytest.mark.frames


def render_counting_svgs(out, monkeypatch) -> int:
    """Render the tiny lesson (its captions drawn: Pango SVGs) into ``out``; returns how many
    SVGs Pango made."""
    made = []
    real = manimpango.text2svg
    monkeypatch.setattr(manimpango, "text2svg", lambda *a, **k: made.append(a) or real(*a, **k))
    assert main(["render", "tiny", "--quality", "test", "--out", str(out), "--split", "1",
                 "--set", "captions=burned"]) == 0
    monkeypatch.setattr(manimpango, "text2svg", real)
    return len(made)


def test_a_new_folder_uses_the_machines_svgs(tmp_path, tiny_lessons, monkeypatch, capfd):
    monkeypatch.setenv(SVG_CACHE_ENV, str(tmp_path / "machine"))
    assert render_counting_svgs(tmp_path / "a", monkeypatch) > 0
    assert list((tmp_path / "machine").rglob("*.svg"))
    assert render_counting_svgs(tmp_path / "b", monkeypatch) == 0
    a, b = (tmp_path / d / "tiny" / "tiny-test.mp4" for d in "ab")
    assert a.read_bytes() == b.read_bytes()


def test_without_the_machines_svgs_a_new_folder_makes_its_own(tmp_path, tiny_lessons,
                                                               monkeypatch, capfd):
    """The negative control: with the machine's folder turned off, the second folder makes
    its SVGs again."""
    monkeypatch.setenv(SVG_CACHE_ENV, "")
    assert render_counting_svgs(tmp_path / "a", monkeypatch) > 0
    assert render_counting_svgs(tmp_path / "b", monkeypatch) > 0
    assert not (tmp_path / "machine").exists()
