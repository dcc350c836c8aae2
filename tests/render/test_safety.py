"""Atomic writes: a render killed (SIGKILL to its process group) while drawing or while
encoding leaves only whole files at the final paths and the next run succeeds; two renders of
the same clip at once both finish with whole files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sgdanim.render import encode
from sgdanim.cli import main
from sgdanim.render.plan import QUALITIES
from tests import conftest

pytestmark = pytest.mark.frames
ROOT = Path(__file__).resolve().parents[2]
FPS = QUALITIES["test"][2]
# A subprocess running the CLI with the tiny lessons registered.
SCRIPT = ("import sys; from tests.conftest import register_tiny; register_tiny(); "
          "from sgdanim.cli import main; sys.exit(main(sys.argv[1:]))")
LONG = ["tiny", "--quality", "test", "--format", "mp4,webm,gif,png", "--set", "seconds=40"]


def start(out, *args):
    return subprocess.Popen([sys.executable, "-c", SCRIPT, "render", *args, "--out", str(out)],
                            cwd=ROOT, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def kill_when(proc, ready, timeout=60.0):
    """SIGKILL ``proc``'s whole process group as soon as ``ready()`` holds."""
    deadline = time.monotonic() + timeout
    while not ready():
        assert proc.poll() is None, f"finished before the kill point: {proc.communicate()}"
        assert time.monotonic() < deadline, "kill point never reached"
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL


def work_files(out, pattern):
    return list((out / ".cache" / "tmp").glob(pattern))


def assert_whole_clip(out, seconds):
    """Every visible file of the tiny clip decodes in full and belongs to the same render."""
    folder = out / "tiny"
    car = json.loads((folder / "tiny-test.json").read_text())
    frames = round((seconds + conftest.POSTER_HOLD) * FPS)
    assert car["params"]["seconds"] == seconds and car["frames"] == frames
    visible = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    for name in visible:
        path = folder / name
        if path.suffix in (".mp4", ".webm", ".gif"):
            assert encode.probe(path).frames == frames, name
        elif path.suffix == ".png":
            assert encode.probe(path).frames == 1
    return visible


def test_sigkill_mid_render_and_mid_encode_leaves_whole_files(tmp_path, tiny_lessons, capfd):
    out = tmp_path / "media"
    assert main(["render", *LONG[:-1], "seconds=1", "--out", str(out)]) == 0
    capfd.readouterr()
    old = assert_whole_clip(out, 1.0)
    assert old == [f"tiny-test.{e}" for e in ("chapters.vtt", "gif", "json", "mp4", "png", "srt",
                                              "vtt", "webm")]

    # killed while manim writes its partial movie files
    proc = start(out, *LONG)
    kill_when(proc, lambda: work_files(out, "*/manim/**/partial_movie_files/*/*.mp4"))
    assert assert_whole_clip(out, 1.0) == old
    # killed while the finished video is being re-encoded into the other formats
    proc = start(out, *LONG)
    kill_when(proc, lambda: work_files(out, "*/entry/clip.mp4"))
    assert assert_whole_clip(out, 1.0) == old
    # the first dead render's folder was swept when the second began; the next run sweeps this one
    assert len(work_files(out, "*")) == 1

    assert main(["render", *LONG, "--out", str(out)]) == 0
    capfd.readouterr()
    assert assert_whole_clip(out, 40.0) == old
    assert work_files(out, "*") == []
    assert not [p for p in (out / "tiny").iterdir() if p.name.startswith(".")]


def test_a_failed_publish_keeps_the_previous_file(tmp_path, tiny_lessons, capfd, monkeypatch):
    out = tmp_path / "media"
    args = ["tiny", "--quality", "test", "--out", str(out)]
    assert main(["render", *args]) == 0
    before = (out / "tiny" / "tiny-test.mp4").read_bytes()
    real_replace = os.replace

    def failing_replace(src, dst):
        if str(dst).endswith("tiny-test.mp4"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    rc = main(["render", *args, "--set", "seconds=0.5"])
    _, err = capfd.readouterr()
    assert rc == 1 and "No space left on device" in err.splitlines()[-1]
    assert (out / "tiny" / "tiny-test.mp4").read_bytes() == before
    assert not [p for p in (out / "tiny").iterdir() if p.name.startswith(".")]


def test_two_renders_of_the_same_clip_at_once(tmp_path):
    out = tmp_path / "media"
    # captions chosen, so the gif comes from the same render (one clip, one entry)
    args = ["tiny", "--quality", "test", "--format", "mp4,gif", "--set", "seconds=8", "--force",
            "--set", "captions=burned"]
    procs = [start(out, *args) for _ in range(2)]
    results = [p.communicate(timeout=120) for p in procs]
    for proc, (stdout, stderr) in zip(procs, results):
        assert proc.returncode == 0, stderr.decode()
        assert stdout.decode().splitlines() == [str(out / "tiny" / f"tiny-test.{e}")
                                                for e in ("mp4", "gif", "srt", "vtt",
                                                         "chapters.vtt", "json")]
    assert assert_whole_clip(out, 8.0) == ["tiny-test.chapters.vtt", "tiny-test.gif",
                                           "tiny-test.json", "tiny-test.mp4", "tiny-test.srt",
                                           "tiny-test.vtt"]
    entries = [p for p in (out / ".cache").iterdir() if p.name not in ("tmp", "tex", "texts", "frames", "parts")]
    assert len(entries) == 1 and (entries[0] / "meta.json").is_file()
    assert work_files(out, "*") == []


def test_an_edited_data_file_is_a_new_clip_and_new_parts(tmp_path):
    """The params hold a CSV's path; the keys hold its contents, so editing the file after a
    render never brings back the old clip or its parts (negative control: the same file
    unedited keeps both keys, and the spreadsheet hashes no file)."""
    from sgdanim.lessons import get
    from sgdanim.render.cache import cache_key
    from sgdanim.render.parts import part_keys

    lesson, data = get("stepping"), tmp_path / "rows.csv"
    data.write_text("x,y\n1,32\n2,34\n3,36\n")
    params = lesson.resolve(sets=[f"data={data}"])

    def keys():
        return (cache_key(lesson, params.to_json(), "test", (256, 144, 10)),
                part_keys(lesson, params, "test", (256, 144, 10), "animation"))

    before = keys()
    assert keys() == before
    data.write_text("x,y\n1,32\n2,34\n3,37\n")
    after = keys()
    assert after[0] != before[0] and all(a != b for a, b in zip(after[1], before[1]))
    plain = lesson.defaults()
    assert "data_file" not in str(cache_key(lesson, plain.to_json(), "test", (256, 144, 10)))
