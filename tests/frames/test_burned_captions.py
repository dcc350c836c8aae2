"""``captions=burned`` draws each caption into the picture, at the bottom, white on a dark
backing, for as long as the SRT says; without it the bottom of the picture holds no text.
The tiny example lesson is rendered both ways at test quality and the decoded frames compared."""

from __future__ import annotations

import numpy as np
import pytest

import sgdanim.lessons
from sgdanim.cli import main
from tests import conftest
from tests.framekit import decode

pytestmark = pytest.mark.frames


def render_tiny(out, *sets):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sgdanim.lessons, "all_lessons", lambda: conftest.TINY_LESSONS)
        args = ["render", "tiny", "--quality", "test", "--format", "mp4", "--out", str(out)]
        assert main([*args, *[f"--set={s}" for s in sets]]) == 0
    frames, fps = decode(out / "tiny" / "tiny-test.mp4")
    return frames, fps


def bright_in_caption_band(frame: np.ndarray) -> int:
    """Light grey-to-white pixels in the bottom eighth of the frame, where a burned caption
    sits (the tiny lesson's axis and dot are above it; at 144p a glyph's strokes are thin:
    Latin Modern's "The dot steps to zero." lights 39)."""
    band = frame[-frame.shape[0] // 8:]
    return int((band.min(axis=2) > 100).sum())


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    out = tmp_path_factory.mktemp("burned")
    return render_tiny(out / "srt"), render_tiny(out / "burned", "captions=burned")


def test_the_burned_caption_is_in_the_picture_while_it_is_said(both):
    (plain, fps), (burned, _) = both
    assert len(plain) == len(burned)
    # The line is said from 0 s to the end (1.5 s): text in every frame of the burned video.
    assert all(bright_in_caption_band(f) > 20 for f in burned)


def test_without_burning_the_caption_band_is_empty(both):
    """Negative control: the same frames with captions=srt hold no text there."""
    (plain, _), _ = both
    assert all(bright_in_caption_band(f) == 0 for f in plain)


def axis_row(frame: np.ndarray) -> float:
    """The pixel row of the tiny lesson's axis (a white line across most of the frame, at
    y = -1 of the picture's 8 units): the mean row of those lit across 60% of the width."""
    lit = (frame.min(axis=2) > 60).mean(axis=1) > 0.6
    return float(np.flatnonzero(lit).mean())


def test_a_burned_caption_gets_a_band_under_the_picture(both):
    """With captions burned, the picture is drawn above a band the caption has to itself, so
    it covers nothing: the axis, at y = -1 of the 8-unit picture, moves up from 5/8 of the
    height to 5/9.45 (the band is CAPTION_BAND = 1.45 units). The control is the unburned
    render, whose axis sits where the lesson laid it out."""
    from scenes.kit.captions import CAPTION_BAND

    (plain, _), (burned, _) = both
    mid = len(plain) // 2                  # the axis is drawn by then, the dot walking above it
    height = plain[mid].shape[0]
    assert axis_row(plain[mid]) == pytest.approx(5 / 8 * height, abs=1.5)
    assert axis_row(burned[mid]) == pytest.approx(5 / (8 + CAPTION_BAND) * height, abs=1.5)
