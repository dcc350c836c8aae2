"""The scene runner shares LaTeX and Pango SVGs between renders without letting one frame size
shape another's text."""

from __future__ import annotations

import pytest

from sgdanim.render.plan import QUALITIES
from sgdanim.render.scene import _settings_per_process, share_assets, shared_asset_folders

pytest.importorskip("manim")

TITLE = "Momentum: a moving average of the gradient"   # wraps at 256 px, not at 854 px


def title_height(quality: str, work, shared, folders_for=shared_asset_folders) -> float:
    """Lay the title out as a render at ``quality`` would, sharing SVGs through ``shared``;
    its height in scene units (a wrapped title is two lines tall)."""
    from manim import Text, tempconfig

    width, height, _ = QUALITIES[quality]
    folders = folders_for(width, height)
    settings_for = _settings_per_process({"pixel_width": width, "pixel_height": height},
                                         work / quality, shared, folders)
    with tempconfig(settings_for(0)):
        title = Text(TITLE, font_size=40)
    for folder in folders.values():
        share_assets(work / quality / folder, shared / folder)
    return float(title.height)


def test_a_title_laid_out_small_does_not_wrap_a_larger_render(tmp_path):
    shared = tmp_path / "shared"
    wrapped = title_height("test", tmp_path, shared)              # the 256-px layout wraps
    assert title_height("low", tmp_path, shared) < 0.6 * wrapped  # and does not reach 854 px


def test_one_folder_for_every_size_would_wrap_it(tmp_path):
    """Negative control: with one Pango folder for every frame size (as before), the 854-px
    render gets the title laid out at 256 px."""
    shared = tmp_path / "shared"

    def one_folder(width, height):
        return {"tex_dir": "tex", "text_dir": "texts"}

    wrapped = title_height("test", tmp_path, shared, one_folder)
    assert title_height("low", tmp_path, shared, one_folder) == pytest.approx(wrapped)
