"""`sgdanim render` end to end on the tiny fixture lesson (tests/conftest.py) at test quality:
decoded outputs, sidecars, captions, the cache, --from, --config, --jobs."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import av
import numpy as np
import pytest

import sgdanim.lessons
from sgdanim.render import encode
from sgdanim.cli import main
from sgdanim.render.plan import QUALITIES
from tests import conftest
from tests.framekit import decode
from scenes.kit.captions import MIN_CAPTION_SECONDS

pytestmark = pytest.mark.frames
W, H, FPS = QUALITIES["test"]
ALL = "mp4,webm,gif,png"
SHOWN_AS = {"captions": "srt", "voice": "none"}   # the presentation parameters' defaults


def run(capfd, *args):
    rc = main(["render", *args])
    out, err = capfd.readouterr()
    return rc, out.splitlines(), err


def frames_of(path):
    return decode(path)[0]


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    """One render of the tiny lesson in every format, shared by the checks below (capfd is
    per test, so this module-scoped render captures its output by hand)."""
    out = tmp_path_factory.mktemp("media")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sgdanim.lessons, "all_lessons", lambda: conftest.TINY_LESSONS)
        conftest.RENDERS.clear()
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            rc = main(["render", "tiny", "--quality", "test", "--format", ALL, "--out", str(out),
                       "--set", "lr=0.5", "--set", "steps=3"])
        renders = list(conftest.RENDERS)
    return {"rc": rc, "out": out, "stdout": stdout.getvalue().splitlines(),
            "stderr": stderr.getvalue(), "renders": renders,
            "clip": out / "tiny" / "tiny-test", "sidecar": json.loads(
                (out / "tiny" / "tiny-test.json").read_text())}


def test_stdout_lists_exactly_the_files_written(first):
    assert first["rc"] == 0, first["stderr"]
    clip = first["clip"]
    expected = [f"{clip}.{ext}" for ext in ("mp4", "webm", "gif", "png", "srt", "vtt",
                                               "chapters.vtt", "json")]
    assert first["stdout"] == expected
    assert all(Path(p).is_file() for p in expected)
    assert first["renders"] == ["tiny", "tiny"]  # the clip, and for its gif captions burned in
    assert "tiny-test: rendered" in first["stderr"]


def test_mp4_is_h264_yuv420p_faststart_with_a_frame_per_tick(first):
    car = first["sidecar"]
    info = encode.probe(f"{first['clip']}.mp4")
    assert (info.codec, info.pix_fmt, info.width, info.height, info.fps) == ("h264", "yuv420p",
                                                                            W, H, FPS)
    # the walk (seconds=1.0) plus the 0.5 s fade, at 10 fps
    assert info.frames == round((1.0 + conftest.POSTER_HOLD) * FPS) == 15
    assert info.frames == car["frames"] == round(car["duration"] * FPS)
    boxes = encode.top_level_boxes(f"{first['clip']}.mp4")
    assert boxes.index("moov") < boxes.index("mdat"), boxes


def test_webm_and_gif_carry_the_same_frames_as_the_mp4(first):
    clip = first["clip"]
    mp4 = frames_of(f"{clip}.mp4")
    webm = encode.probe(f"{clip}.webm")
    gif = encode.probe(f"{clip}.gif")
    assert (webm.codec, webm.pix_fmt, webm.width, webm.height) == ("vp9", "yuv420p", W, H)
    assert (gif.codec, gif.width, gif.height) == ("gif", W, H)
    assert webm.frames == gif.frames == len(mp4)
    # same pictures, not just the same count: compare the poster frame in all three
    k = first["sidecar"]["poster"]["frame"]
    for other in (frames_of(f"{clip}.webm"), frames_of(f"{clip}.gif")):
        assert np.abs(other[k].astype(int) - mp4[k].astype(int)).mean() < 6


def test_gif_is_palette_based_and_loops_forever(first):
    data = Path(f"{first['clip']}.gif").read_bytes()
    assert data[:6] == b"GIF89a"
    ext = data.index(b"NETSCAPE2.0")
    assert data[ext + 11:ext + 16] == b"\x03\x01\x00\x00\x00"  # sub-block: loop count 0 = forever
    with av.open(f"{first['clip']}.gif") as c:
        assert c.streams.video[0].codec_context.name == "gif"


def test_png_is_the_marked_frame_not_the_first_or_last(first):
    car = first["sidecar"]
    poster = car["poster"]
    assert poster["how"] == "mark"
    assert poster["frame"] == round(1.0 * FPS) == 10  # marked right after the 1 s walk
    mp4 = frames_of(f"{first['clip']}.mp4")
    with av.open(f"{first['clip']}.png") as c:
        png = next(c.decode(video=0)).to_ndarray(format="rgb24")
    assert png.shape == (H, W, 3)
    assert np.abs(png.astype(int) - mp4[10].astype(int)).mean() < 2
    for other in (mp4[0], mp4[-1]):
        assert np.abs(png.astype(int) - other.astype(int)).mean() > 0.5


def test_srt_holds_the_caption_over_the_walk_and_fade(first):
    text = Path(f"{first['clip']}.srt").read_text()
    assert "00:00:00,000 --> 00:00:01,500" in text  # the walk and the fade
    assert "The dot steps to zero." in text


def test_sidecar_records_what_was_asked_and_what_is_shown(first):
    car = first["sidecar"]
    assert car["lesson"] == "tiny" and car["quality"] == "test"
    assert car["params"] == {"lr": 0.5, "steps": 3, "seconds": 1.0, "parts": ["axis", "walk"], **SHOWN_AS}
    assert car["formats"] == ["mp4", "webm", "gif", "png"]
    params = conftest.TINY_LESSONS["tiny"].resolve(sets=["lr=0.5", "steps=3"])
    assert car["numbers"] == conftest.tiny_numbers(params).shown()
    assert car["numbers"]["x_final"] == pytest.approx(-5 * 0.5 ** 3)
    assert car["versions"]["manim"] and car["versions"]["sgdanim"]
    assert (first["out"] / ".cache" / car["cache_key"] / "meta.json").is_file()


def test_sidecar_records_each_part_with_its_frames(first):
    """The axis part is added in no time, so it is no chapter; the walk (1 s at 10 fps) and
    the fade after it (0.5 s) are the walk part's 15 frames, the whole video."""
    parts = first["sidecar"]["parts"]
    assert parts == [{"id": "walk", "title": "The walk", "first_frame": 0, "last_frame": 14}]
    assert parts[-1]["last_frame"] == first["sidecar"]["frames"] - 1


def test_unchanged_request_is_served_from_the_cache(first, tiny_lessons, capfd):
    clip, car = first["clip"], first["sidecar"]
    rc, out, err = run(capfd, "tiny", "--quality", "test", "--format", ALL,
                       "--out", str(first["out"]), "--set", "steps=3", "--set", "lr=0.5")
    assert rc == 0, err
    assert conftest.RENDERS == []  # the scene was never constructed
    assert out == first["stdout"] and "tiny-test: cached" in err
    entry = first["out"] / ".cache" / car["cache_key"]
    assert Path(f"{clip}.mp4").stat().st_ino == (entry / "clip.mp4").stat().st_ino
    assert json.loads(Path(f"{clip}.json").read_text()) == car


def test_changed_param_rerenders_only_that_lesson_with_different_frames(tmp_path, tiny_lessons,
                                                                        capfd):
    args = ["--quality", "test", "--out", str(tmp_path)]
    assert run(capfd, "tiny", "tiny-two", *args)[0] == 0
    assert sorted(conftest.RENDERS) == ["tiny", "tiny-two"]
    before = frames_of(tmp_path / "tiny" / "tiny-test.mp4")
    rc, out, err = run(capfd, "tiny", "tiny-two", *args, "--set", "tiny.lr=0.9")
    assert rc == 0, err
    assert sorted(conftest.RENDERS) == ["tiny", "tiny", "tiny-two"]
    assert "tiny-two-test: cached" in err
    after = frames_of(tmp_path / "tiny" / "tiny-test.mp4")
    assert len(after) == len(before)
    assert np.abs(after[10].astype(int) - before[10].astype(int)).max() > 100  # the dot moved
    assert json.loads((tmp_path / "tiny" / "tiny-test.json").read_text())["params"]["lr"] == 0.9


def test_force_rerenders_and_new_formats_come_from_the_cached_master(tmp_path, tiny_lessons, capfd):
    args = ["tiny", "--quality", "test", "--out", str(tmp_path)]
    assert run(capfd, *args)[0] == 0
    rc, out, err = run(capfd, *args, "--format", "webm")
    assert rc == 0 and conftest.RENDERS == ["tiny"] and "encoded webm" in err
    assert out == [str(tmp_path / "tiny" / f"tiny-test.{e}")
                   for e in ("webm", "srt", "vtt", "chapters.vtt", "json")]
    assert encode.probe(out[0]).frames == encode.probe(tmp_path / "tiny" / "tiny-test.mp4").frames
    assert run(capfd, *args, "--force")[0] == 0
    assert conftest.RENDERS == ["tiny", "tiny"]


def test_from_sidecar_rerenders_exactly_that_clip(tmp_path, tiny_lessons, capfd):
    assert run(capfd, "tiny", "--quality", "test", "--format", "mp4,png", "--out", str(tmp_path),
               "--set", "lr=0.7", "--set", "seconds=0.5")[0] == 0
    sidecar = tmp_path / "tiny" / "tiny-test.json"
    saved = json.loads(sidecar.read_text())
    rc, out, err = run(capfd, "--from", str(sidecar), "--force")
    assert rc == 0, err
    assert conftest.RENDERS == ["tiny", "tiny"]
    assert out[0] == str(tmp_path / "tiny" / "tiny-test.mp4")  # the clip's own folder and quality
    again = json.loads(sidecar.read_text())
    assert again["params"] == saved["params"] == {"lr": 0.7, "steps": 4, "seconds": 0.5,
                                                  "parts": ["axis", "walk"], **SHOWN_AS}
    assert again["formats"] == ["mp4", "png"] and again["cache_key"] == saved["cache_key"]


def test_config_file_then_sets_layer_over_defaults(tmp_path, tiny_lessons, capfd):
    config = tmp_path / "lessons.toml"
    config.write_text("[tiny]\nlr = 0.2\nsteps = 2\n\n[tiny-two]\nlr = 0.1\n")
    rc, out, err = run(capfd, "tiny", "--quality", "test", "--out", str(tmp_path / "m"),
                       "--config", str(config), "--set", "lr=0.4")
    assert rc == 0, err
    car = json.loads((tmp_path / "m" / "tiny" / "tiny-test.json").read_text())
    assert car["params"] == {"lr": 0.4, "steps": 2, "seconds": 1.0, "parts": ["axis", "walk"], **SHOWN_AS}


def test_jobs_render_lessons_in_parallel_processes(tmp_path, tiny_lessons, capfd):
    rc, out, err = run(capfd, "--all", "--quality", "test", "--out", str(tmp_path), "--jobs", "2",
                       "--set", "seconds=0.3")
    assert rc == 0, err
    assert conftest.RENDERS == []  # both rendered in worker processes, not here
    assert err.count(": rendered in") == 2
    assert sorted(out) == sorted(str(tmp_path / lid / f"{lid}-test.{e}")
                                 for lid in ("tiny", "tiny-two")
                                 for e in ("mp4", "srt", "vtt", "chapters.vtt", "json"))
    for lid in ("tiny", "tiny-two"):
        # the 0.8 s walk and fade, held until its caption has been read
        held = max(0.8, MIN_CAPTION_SECONDS)
        assert encode.probe(tmp_path / lid / f"{lid}-test.mp4").frames == round(held * FPS)
    assert not any((tmp_path / ".cache" / "tmp").iterdir())


def test_shared_svgs_seed_the_same_folder_twice(tmp_path):
    from sgdanim.render.scene import seed_assets, share_assets

    shared, private = tmp_path / "shared", tmp_path / "media" / "tex"
    shared.mkdir()
    (shared / "a.svg").write_text("<svg/>")
    for _ in range(2):  # a second render into the same media folder
        seed_assets(shared, private)
        (private / "b.svg").write_text("<svg id='b'/>")
        share_assets(private, shared)
    assert sorted(p.name for p in shared.glob("*.svg")) == ["a.svg", "b.svg"]
    assert (private / "a.svg").read_text() == "<svg/>"


def test_seeded_svgs_are_copies_so_a_rewrite_cannot_empty_the_cache(tmp_path):
    # Building a Text rewrites its SVG in place; with a hard link, a render truncating its file
    # would truncate the cache's, and every render after it would read an empty SVG.
    from sgdanim.render.scene import seed_assets

    shared, private = tmp_path / "shared", tmp_path / "media" / "texts"
    shared.mkdir()
    (shared / "t.svg").write_text("<svg id='t'/>")
    seed_assets(shared, private)
    (private / "t.svg").write_text("")
    assert (shared / "t.svg").read_text() == "<svg id='t'/>"


def test_two_source_files_of_one_name_each_move_the_key(tmp_path, monkeypatch):
    """scenes/optimizers/steps.py and sgdanim/lessons/optimizers/steps.py: both shape the
    clip, so an edit to either must change the clip's and the parts' keys. Control: keyed by
    folder and file name only (as before), the two were one entry and the first edit was lost."""
    from sgdanim.lessons import get
    from sgdanim.render import cache, parts

    files = [tmp_path / "scenes" / "pkg" / "steps.py", tmp_path / "lessons" / "pkg" / "steps.py"]
    for path in files:
        path.parent.mkdir(parents=True)
        path.write_text("x = 1\n")
    monkeypatch.setattr(cache, "source_files", lambda lesson: files)
    lesson = get("overshoot")
    params = lesson.defaults()

    def keys():
        return (cache.cache_key(lesson, params.to_json(), "test", (256, 144)),
                parts.part_keys(lesson, params, "test", (256, 144), "animation"))

    before = keys()
    files[0].write_text("x = 2\n")                     # the one the old naming dropped
    after = keys()
    assert after[0] != before[0] and all(a != b for a, b in zip(after[1], before[1]))
    assert len({f"{p.parent.name}/{p.name}" for p in files}) == 1      # control
