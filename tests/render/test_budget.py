"""Budgets for posts (GIF <= 300 kB/s and WebM <= 60 kB/s at 480p, posters <= 150 kB) on a
real lesson's first part at 480p, and the poster writer's own fitting, with negative
controls: the budget check flags a clip over it, and a busy frame overflows a full-colour PNG."""

from __future__ import annotations

import json
import shutil

import av
import numpy as np
import pytest

from sgdanim.cli import main
from sgdanim.render import budget

pytestmark = pytest.mark.frames


def test_over_budget_names_each_file_over_its_budget():
    car = {"duration": 10.0, "height": 480,
           "files": {"gif": "a.gif", "webm": "a.webm", "png": "a.png"}}
    sizes = {"a.gif": 3_000_000, "a.webm": 600_000, "a.png": 150_000}
    assert budget.over_budget(car, sizes) == []  # exactly at every budget
    bigger = {name: size + 10_000 for name, size in sizes.items()}
    assert [line.partition(":")[0] for line in budget.over_budget(car, bigger)] == [
        "a.gif", "a.webm", "a.png"]
    assert budget.over_budget({**car, "height": 1080}, bigger) == [  # per second: 480p only
        "a.png: 160 kB, over the 150 kB budget for posters"]


def _noise_video(path, size=(640, 360)):
    rng = np.random.default_rng(0)
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=10, options={"crf": "0"})
        stream.width, stream.height, stream.pix_fmt = *size, "yuv444p"
        for _ in range(2):
            img = rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
            out.mux(stream.encode(av.VideoFrame.from_ndarray(img, format="rgb24")))
        out.mux(stream.encode())
    return path


def test_a_poster_too_big_in_full_colour_is_palettised_then_scaled(tmp_path):
    src = _noise_video(tmp_path / "noise.mp4")
    with av.open(str(src)) as c:
        frame = next(c.decode(video=0)).to_ndarray(format="rgb24")
    assert len(budget.png_bytes(frame)) > 150_000  # noise does not fit in full colour
    how = budget.write_poster(src, 1, tmp_path / "p.png")
    assert how["colours"] == 256 and how["width"] < 640
    assert (tmp_path / "p.png").stat().st_size == how["bytes"] <= 150_000
    with av.open(str(tmp_path / "p.png")) as c:
        assert c.streams.video[0].codec_context.width == how["width"]


def test_a_real_lessons_first_part_at_480p_fits_the_budgets_for_posts(tmp_path, svg_cache):
    out = tmp_path / "media"
    for folder in ("tex", "texts"):
        if (svg_cache / folder).is_dir():
            shutil.copytree(svg_cache / folder, out / ".cache" / folder)
    rc = main(["render", "stepping", "--quality", "low", "--format", "webm,gif,png",
               "--set", "parts=panels", "--out", str(out), "--split", "1"])
    assert rc == 0
    car = json.loads((out / "stepping" / "stepping-low.parts-panels.json").read_text())
    # a short clip for a post (16 s since review r9 named lr and the goal as they appear)
    assert car["height"] == 480 and 5 < car["duration"] < 20
    sizes = {name: (out / "stepping" / name).stat().st_size for name in car["files"].values()}
    assert budget.over_budget(car, sizes) == []
