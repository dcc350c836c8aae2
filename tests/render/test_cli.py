"""Bad input to `sgdanim render`: exit 2, one line naming the problem, nothing written or removed.

Pixel-free: every case is rejected while planning, before manim is even imported.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from sgdanim.cli import main

MALFORMED_TOML = "[tiny]\nlr = 0.1\nsteps = = 3\n"


def snapshot(root):
    """Every path under ``root`` with a hash of its bytes (folders as None)."""
    return {str(p.relative_to(root)): (hashlib.sha256(p.read_bytes()).hexdigest()
                                       if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


@pytest.fixture
def world(tmp_path, tiny_lessons, monkeypatch):
    """A working folder holding an earlier clip and cache entry that must survive."""
    monkeypatch.chdir(tmp_path)
    media = tmp_path / "media"
    (media / "tiny").mkdir(parents=True)
    (media / "tiny" / "tiny-test.mp4").write_bytes(b"an earlier clip")
    (media / "tiny" / "tiny-test.json").write_text(json.dumps(
        {"lesson": "tiny", "params": {"lr": 0.3}, "quality": "test", "formats": ["mp4"]}))
    (media / ".cache" / "0123").mkdir(parents=True)
    (media / ".cache" / "0123" / "meta.json").write_text("{}")
    (tmp_path / "bad.toml").write_text(MALFORMED_TOML)
    (tmp_path / "typo.toml").write_text("[tiny]\nlrr = 0.1\n")
    (tmp_path / "table.toml").write_text("[tinny]\nlr = 0.1\n")
    (tmp_path / "notes.txt").write_text("not json")
    (tmp_path / "alien.json").write_text(json.dumps(
        {"lesson": "gone", "params": {}, "quality": "test"}))
    (tmp_path / "old.json").write_text(json.dumps(
        {"lesson": "tiny", "params": {"lr": 0.3, "momentum": 0.9}, "quality": "test"}))
    return tmp_path


BAD = [
    (["nope"], ["unknown lesson", "'nope'"]),
    (["tiny", "--set", "lrr=0.1"], ["unknown parameter", "'lrr'"]),
    (["tiny", "--set", "lr=-1"], ["lr=-1", "must be > 0"]),
    (["tiny", "--set", "lr=2"], ["lr=2", "<= 1.5"]),
    (["tiny", "--set", "lr=fast"], ["lr='fast'", "must be a number"]),
    (["tiny", "--set", "steps=2.5"], ["steps=", "whole number"]),
    (["tiny", "--set", "lr"], ["--set 'lr'", "key=value"]),
    (["tiny", "tiny-two", "--set", "beta=0.9"], ["'beta'", "no lesson"]),
    (["tiny", "--set", "tiny-two.lr=0.1"], ["tiny-two", "not being rendered"]),
    (["tiny", "--set", "nope.lr=0.1"], ["unknown lesson", "'nope'"]),
    (["tiny", "--config", "bad.toml"], ["bad.toml", "line 3"]),
    (["tiny", "--config", "typo.toml"], ["unknown parameter", "'lrr'"]),
    (["tiny", "--config", "table.toml"], ["unknown lesson table", "tinny"]),
    (["tiny", "--config", "missing.toml"], ["missing.toml", "does not exist"]),
    (["tiny", "--quality", "ultra"], ["--quality 'ultra'", "test, low, medium, high, 4k"]),
    (["tiny", "--format", "mp4,avi"], ["--format 'avi'", "mp4, webm, gif, png, html"]),
    (["tiny", "--format", ","], ["--format", "names no format"]),
    (["tiny", "--jobs", "0"], ["--jobs 0", "at least 1"]),
    (["tiny", "--jobs", "two"], ["--jobs", "'two'"]),
    (["tiny", "--out", "notes.txt"], ["notes.txt", "not a folder"]),
    (["tiny", "--out", "/proc/sgdanim-out"], ["cannot create output folder '/proc/sgdanim-out'"]),
    (["tiny", "--out", "notes.txt/clips"], ["cannot create output folder", "Not a directory"]),
    ([], ["name lessons"]),
    (["tiny", "--all"], ["exactly one"]),
    (["--from", "notes.txt"], ["notes.txt", "not valid JSON"]),
    (["--from", "absent.json"], ["absent.json", "does not exist"]),
    (["--from", "alien.json"], ["unknown lesson", "'gone'"]),
    (["--from", "old.json"], ["unknown parameter", "'momentum'", "saved params"]),
    (["--from", "media/tiny/tiny-test.json", "--set", "lr=0"], ["lr=0", "must be > 0"]),
    (["tiny", "--bogus"], ["unrecognized arguments", "--bogus"]),
]


@pytest.mark.parametrize("args,words", BAD, ids=[" ".join(a) or "nothing" for a, _ in BAD])
def test_bad_input_exits_2_with_one_line_and_touches_nothing(world, capfd, args, words):
    before = snapshot(world)
    rc = main(["render", *args])
    out, err = capfd.readouterr()
    assert rc == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("sgdanim: error: "), err
    for word in words:
        assert word in err, err
    assert snapshot(world) == before


def test_bad_input_creates_no_output_folder(tmp_path, tiny_lessons, capfd):
    rc = main(["render", "tiny", "--set", "lr=-1", "--out", str(tmp_path / "fresh")])
    assert rc == 2 and not (tmp_path / "fresh").exists()


def test_debug_shows_the_traceback_instead(world):
    from sgdanim.core.errors import UsageError

    with pytest.raises(UsageError, match="lr=-1"):
        main(["render", "tiny", "--set", "lr=-1", "--debug"])


def test_a_lesson_that_rejects_its_params_while_computing_is_bad_input(world, capfd, monkeypatch):
    from sgdanim.core.errors import UsageError
    from tests import conftest

    def picky(params):
        raise UsageError("tiny: steps=4 needs lr < 0.2 to stay on screen")

    lesson = conftest.TINY_LESSONS["tiny"]
    monkeypatch.setitem(conftest.TINY_LESSONS, "tiny", type(lesson)(**{**lesson.__dict__,
                                                                      "compute": picky}))
    before = snapshot(world)
    rc = main(["render", "tiny", "--quality", "test"])
    out, err = capfd.readouterr()
    assert (rc, out) == (2, "") and "needs lr < 0.2" in err and err.count("\n") == 1
    assert snapshot(world) == before
