"""Parsed SVG mobjects kept on disk (sgdanim/render/svg_store.py, manim_compat's hook): a
formula built from the store is the one parsed from its SVG, glyph by glyph (points, colours,
widths), and the store is used (saved once, then loaded). A Text is not kept (manim's own map
keeps none: ``use_svg_cache=False``), and stays as it was.

Negative control: a store keyed without the SVG's bytes hands one formula another's glyphs,
and the comparison sees it.
"""

from __future__ import annotations

import pytest

from sgdanim.render import manim_compat, svg_store

manim = pytest.importorskip("manim")


def drawn(mob) -> list:
    """What the camera paints of every member of ``mob``'s family, as bytes."""
    return [(type(m).__name__, m.points.tobytes(), m.get_fill_rgbas().tobytes(),
             m.get_stroke_rgbas().tobytes(), m.get_stroke_width()) for m in mob.get_family()]


def built(texts) -> list:
    """Each a MathTex (a Text if it starts with "text:"), built as a new render builds it."""
    manim_compat.forget_parsed_svgs()   # as each render starts: only the store can help
    return [drawn(manim.Text(t[5:], font_size=30) if t.startswith("text:")
                  else manim.MathTex(t, font_size=40)) for t in texts]


FORMULAS = [r"\theta_{t+1} = \theta_t - \eta g", r"a = 0.1234", "text:Down the valley"]


@pytest.fixture
def manim_here(tmp_path):
    manim_compat.install()
    with manim.tempconfig({"media_dir": str(tmp_path / "media"), "verbosity": "WARNING"}):
        yield
    manim_compat.keep_parsed_svgs_in(None)
    manim_compat.forget_parsed_svgs()


def test_a_mobject_from_the_store_is_the_one_parsed(tmp_path, manim_here):
    manim_compat.keep_parsed_svgs_in(None)
    parsed = built(FORMULAS)
    store = svg_store.ParsedSvgs(tmp_path / "parsed", manim_compat.installed_version())
    manim_compat.keep_parsed_svgs_in(store)
    first = built(FORMULAS)
    assert store.saved == 2 and store.loaded == 0   # the formulas; manim keeps no Text either
    again = built(FORMULAS)
    assert store.loaded == store.saved   # every SVG came from the store, none parsed
    assert first == parsed and again == parsed


class BytesBlindStore(svg_store.ParsedSvgs):
    """Keys by manim's settings alone: every formula of one class shares one entry."""

    def key(self, svg: bytes, seed: tuple) -> str:
        return super().key(b"", seed)


def test_negative_control_a_key_without_the_svgs_bytes_is_caught(tmp_path, manim_here):
    manim_compat.keep_parsed_svgs_in(None)
    parsed = built([r"\eta = 0.5"])
    manim_compat.keep_parsed_svgs_in(BytesBlindStore(tmp_path / "blind", "x"))
    built([r"\theta = 2"])
    assert built([r"\eta = 0.5"]) != parsed   # it got theta's glyphs


def test_a_damaged_entry_is_parsed_again_and_replaced(tmp_path, manim_here):
    manim_compat.keep_parsed_svgs_in(None)
    parsed = built([r"b = 1.5"])
    store = svg_store.ParsedSvgs(tmp_path / "parsed", "x")
    manim_compat.keep_parsed_svgs_in(store)
    built([r"b = 1.5"])
    for entry in (tmp_path / "parsed").rglob("*.pickle"):
        entry.write_bytes(entry.read_bytes()[:100])   # cut short, as by a full disk
    assert built([r"b = 1.5"]) == parsed
    assert store.saved == 2 and store.loaded == 0
