"""A real lesson through `sgdanim render` at test quality: the pipeline's outputs agree with
the lesson's own numbers, captions and poster mark, and a second request is served cached."""

from __future__ import annotations

import json
import shutil

import av
import numpy as np
import pytest

from sgdanim.render import encode, jobs as render_jobs
from sgdanim.render.cache import jsonable
from sgdanim.cli import main
from sgdanim.lessons import get
from sgdanim.render.plan import QUALITIES
from tests.framekit import decode

pytestmark = pytest.mark.frames
LESSON = "overshoot"
W, H, FPS = QUALITIES["test"]


@pytest.fixture
def out(tmp_path, svg_cache):
    """An output folder whose LaTeX/Pango SVGs persist in pytest's cache between runs. manim
    names them by a hash of their source, so reusing them only skips recompiling LaTeX."""
    out = tmp_path / "media"
    for folder in ("tex", "texts"):
        if (svg_cache / folder).is_dir():
            shutil.copytree(svg_cache / folder, out / ".cache" / folder)
    yield out
    for folder in ("tex", "texts"):
        if (out / ".cache" / folder).is_dir():
            shutil.copytree(out / ".cache" / folder, svg_cache / folder, dirs_exist_ok=True)


def test_real_lesson_renders_with_its_numbers_captions_and_poster(out, capfd, monkeypatch):
    lesson = get(LESSON)
    rc = main(["render", LESSON, "--quality", "test", "--format", "mp4,png", "--out", str(out)])
    stdout, err = capfd.readouterr()
    assert rc == 0, err
    clip = out / LESSON / f"{LESSON}-test"
    assert stdout.splitlines() == [f"{clip}.{e}" for e in ("mp4", "png", "srt", "vtt",
                                                                   "chapters.vtt", "json")]

    car = json.loads(clip.with_suffix(".json").read_text())
    defaults = lesson.defaults()
    assert car["params"] == defaults.to_json()
    assert car["numbers"] == jsonable(lesson.compute(defaults).shown())

    info = encode.probe(clip.with_suffix(".mp4"))
    assert (info.codec, info.pix_fmt, info.width, info.height) == ("h264", "yuv420p", W, H)
    assert info.frames == car["frames"] == round(car["duration"] * FPS)

    cues = clip.with_suffix(".srt").read_text().strip().split("\n\n")
    assert len(cues) >= 3  # narrated, not a single title card
    last_end = cues[-1].splitlines()[1].split(" --> ")[1]
    h, m, s = last_end.replace(",", ".").split(":")
    assert 0 < int(h) * 3600 + int(m) * 60 + float(s) <= car["duration"] + 1e-6

    frames, _ = decode(clip.with_suffix(".mp4"))
    k = car["poster"]["frame"]
    assert k > 0
    with av.open(str(clip.with_suffix(".png"))) as c:
        png = next(c.decode(video=0)).to_ndarray(format="rgb24")
    assert np.abs(png.astype(int) - frames[k].astype(int)).mean() < 2
    assert np.abs(png.astype(int) - frames[0].astype(int)).mean() > 1

    def no_render(*args):
        raise AssertionError("an unchanged request rendered again")

    monkeypatch.setattr(render_jobs, "_render_into", no_render)
    mp4_inode = clip.with_suffix(".mp4").stat().st_ino
    rc = main(["render", LESSON, "--quality", "test", "--format", "mp4,png", "--out", str(out)])
    _, err = capfd.readouterr()
    assert rc == 0 and f"{LESSON}-test: cached" in err
    assert clip.with_suffix(".mp4").stat().st_ino == mp4_inode
