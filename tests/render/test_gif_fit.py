"""``--max-size``: the GIF's frame rate and width picked to fit, measured on real encodes of the
``chapters`` example render, and what the command says when no choice fits."""

from __future__ import annotations

import json
import os

import pytest

from sgdanim.core.errors import UsageError
from sgdanim.render import encode
from sgdanim.render.gif_fit import MIN_FPS, MIN_WIDTH, fit_gif, ladder, parse_size
from tests.render.conftest import render_chapters

pytestmark = pytest.mark.frames
STEM = "chapters/chapters-test"


def test_the_ladder_runs_from_the_default_gif_down_to_the_floors():
    choices = ladder(854, 480, 15)
    assert (choices[0].step, choices[0].width) == (encode.gif_step(15), 854)  # the usual gif
    assert [c.cost for c in choices] == sorted((c.cost for c in choices), reverse=True)
    assert min(c.fps for c in choices) >= MIN_FPS and min(c.width for c in choices) == MIN_WIDTH
    assert (ladder(1920, 1080, 60)[0].fps, ladder(1920, 1080, 60)[0].step) == (30, 2)


@pytest.mark.parametrize("text", ["4", "4 parsecs", "-1MB", "MB", "0.5kB"])
def test_a_size_that_is_not_one_is_refused(text):
    with pytest.raises(UsageError, match="--max-size"):
        parse_size(text)


def test_fit_gif_keeps_the_best_choice_that_fits(chapters_media, tmp_path):
    mp4 = chapters_media / f"{STEM}.mp4"
    encode.encode_gif(mp4, tmp_path / "full.gif")
    full = os.path.getsize(tmp_path / "full.gif")
    chosen = fit_gif(mp4, tmp_path / "a.gif", full - 1, 256, 144, 10)
    info = encode.probe(tmp_path / "a.gif")
    assert chosen["bytes"] == os.path.getsize(tmp_path / "a.gif") <= full - 1
    frames = encode.probe(mp4).frames
    assert (chosen["fps"], info.fps, info.frames, info.width) == (5, 5, frames // 2, 256)
    # the best that fits: with room for the full gif, the full gif
    assert fit_gif(mp4, tmp_path / "b.gif", full, 256, 144, 10)["fps"] == 10
    assert os.path.getsize(tmp_path / "b.gif") == full


def test_no_choice_fits_is_said_in_one_line_and_nothing_is_written(chapters_media, tmp_path):
    with pytest.raises(UsageError, match=r"even at 5 fps and 256 px wide") as caught:
        fit_gif(chapters_media / f"{STEM}.mp4", tmp_path / "a.gif", 2000, 256, 144, 10)
    assert "\n" not in str(caught.value) and not (tmp_path / "a.gif").exists()


def test_render_max_size_publishes_the_fitted_gif_and_records_the_choice(tmp_path):
    # the gif (captions burned in) is about 45 kB at 10 fps and 27 kB at 5 fps
    rc, out, err = render_chapters(tmp_path, "--format", "gif", "--max-size", "35kB")
    assert rc == 0, err
    car = json.loads((tmp_path / f"{STEM}.json").read_text())
    assert car["gif"]["fps"] == 5 and car["gif"]["bytes"] <= 35_000 == car["gif"]["max_bytes"]
    assert car["gif"]["captions"] == "burned"
    assert os.path.getsize(tmp_path / f"{STEM}.gif") == car["gif"]["bytes"]
    inode = (tmp_path / f"{STEM}.gif").stat().st_ino
    rc, out, err = render_chapters(tmp_path, "--format", "gif", "--max-size", "35kB")
    assert rc == 0 and (tmp_path / f"{STEM}.gif").stat().st_ino == inode  # kept in the cache
    rc, out, err = render_chapters(tmp_path, "--format", "gif", "--max-size", "2kB")
    assert rc == 2 and out == "" and len(err.strip().splitlines()) == 2  # "cached", the error
    assert "--max-size 2 kB: chapters-test.gif is" in err
    assert json.loads((tmp_path / f"{STEM}.json").read_text()) == car  # nothing written


def test_max_size_without_a_gif_is_bad_input(tmp_path):
    rc, out, err = render_chapters(tmp_path, "--format", "mp4", "--max-size", "4MB")
    assert (rc, out) == (2, "") and err == "sgdanim: error: --max-size fits the GIF: add gif " \
                                          "to --format\n"
    assert not tmp_path.joinpath("chapters").exists()
