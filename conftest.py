"""Shared by every test and doctest (tests/, sgdanim/ and scenes/)."""

import sys

import pytest


@pytest.fixture(autouse=True)
def _private_manim_media(tmp_path_factory):
    """Give each test process its own manim media folder once manim is in use.

    Pixel-free tests build MathTex through manim's global config, whose LaTeX cache defaults
    to ./media/Tex; two xdist workers compiling the same formula there race on its files.
    A fresh folder means fresh LaTeX runs, so their INFO lines are silenced.
    """
    manim = sys.modules.get("manim")
    if manim is not None and not getattr(manim.config, "_sgdanim_private", False):
        manim.config.media_dir = str(tmp_path_factory.getbasetemp() / "manim-media")
        manim.config.verbosity = "WARNING"  # LaTeX's "Writing ..." lines would land in doctests
        manim.config._sgdanim_private = True
    yield
