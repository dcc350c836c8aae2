"""The Python API says what the command says: the same rows, the same lessons, and the same
one line for bad input (raised as sgdanim.UsageError instead of printed with exit 2)."""

from __future__ import annotations

import builtins
import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest

import sgdanim
from sgdanim.cli import main


def cli(capfd, *args):
    rc = main(list(args))
    out, err = capfd.readouterr()
    return rc, out, err


def test_trace_gives_the_rows_the_command_writes(capfd):
    rc, out, _ = cli(capfd, "trace", "--optimizer", "adam", "--lr", "0.1", "--epochs", "2")
    assert rc == 0
    written = list(csv.reader(io.StringIO(out)))
    steps = sgdanim.trace(optimizer="adam", lr=0.1, epochs=2)
    assert steps.columns == written[0]
    assert [[repr(v) for v in row] for row in steps.rows] == written[1:]
    assert steps.column("loss").shape == (58,)


def test_a_runaway_is_data_not_an_error():
    steps = sgdanim.trace(model="linear2", lr=1e-4, grad="numeric")
    assert steps.diverged_at == 28 and len(steps) == 27
    assert np.isfinite(steps.column("loss")).all()


def test_rows_given_as_pairs_or_arrays_are_the_same_data():
    pairs = [(1.0, 32.0), (2.0, 34.0), (3.0, 36.0)]
    a = sgdanim.trace(lr=0.01, data=pairs)
    b = sgdanim.trace(lr=0.01, data=(np.array([1.0, 2, 3]), np.array([32.0, 34, 36])))
    assert a.rows == b.rows and [row["x"] for row in a] == [1.0, 2.0, 3.0]


@pytest.mark.parametrize("kwargs, argv", [
    ({"lr": -1.0}, ["--lr", "-1"]),
    ({"optimizer": "lion"}, ["--optimizer", "lion"]),
    ({"epochs": 0}, ["--epochs", "0"]),
])
def test_bad_input_raises_the_line_the_command_prints(kwargs, argv, capfd):
    rc, _, err = cli(capfd, "trace", *argv)
    with pytest.raises(sgdanim.UsageError) as raised:
        sgdanim.trace(**kwargs)
    assert rc == 2 and err == f"sgdanim: error: {raised.value}\n"   # the very same line


def test_bad_rows_are_refused():
    with pytest.raises(sgdanim.UsageError, match="shape"):
        sgdanim.trace(data=[1.0, 2.0, 3.0])
    with pytest.raises(sgdanim.UsageError, match="finite"):
        sgdanim.trace(data=[(1.0, float("nan"))])


def test_lessons_are_what_list_shows(capfd):
    _, out, _ = cli(capfd, "list")
    for lesson in sgdanim.lessons():
        assert f"{lesson.id}: {lesson.summary}" in out
        for part, title in lesson.parts.items():
            assert f"    {part}: {title}" in out
        assert lesson.parameters["captions"][1] == "srt"


def test_pandas_is_needed_only_for_a_frame(monkeypatch):
    steps = sgdanim.trace()
    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(sgdanim.UsageError, match="pip install pandas"):
        steps.to_pandas()
    assert "<table>" in steps._repr_html_() and len(steps) == 29


@pytest.mark.frames
def test_render_returns_the_clip_the_command_makes(tmp_path, tiny_lessons, capfd):
    clip, = sgdanim.render("tiny", quality="test", formats=("mp4", "png"), out=tmp_path,
                           lr=0.5, parts=("axis", "walk"))
    assert clip.lesson == "tiny" and clip.video == tmp_path / "tiny" / "tiny-test.mp4"
    assert clip.sidecar["params"]["lr"] == 0.5 and clip.files["png"].is_file()
    assert {"mp4", "png", "srt", "vtt", "chapters.vtt", "json"} <= set(clip.files)
    assert '<video src="' in clip._repr_html_() and 'kind="captions"' in clip._repr_html_()
    # the command, asked the same, finds it in the cache and writes the same files
    rc, out, _ = cli(capfd, "render", "tiny", "--quality", "test", "--format", "mp4,png",
                     "--out", str(tmp_path), "--set", "lr=0.5")
    assert rc == 0 and sorted(out.split()) == sorted(str(p) for p in clip.files.values())


def test_render_refuses_a_bad_parameter_as_the_command_does(tmp_path, tiny_lessons, capfd):
    with pytest.raises(sgdanim.UsageError) as raised:
        sgdanim.render("tiny", quality="test", out=tmp_path, lr=-2)
    rc, _, err = cli(capfd, "render", "tiny", "--quality", "test", "--out", str(tmp_path),
                     "--set", "lr=-2")
    assert rc == 2 and err == f"sgdanim: error: {raised.value}\n"
    assert not any(tmp_path.iterdir())


@pytest.mark.frames
def test_sweep_writes_what_the_command_writes(tmp_path, tiny_lessons, capfd):
    paths = sgdanim.sweep("tiny", {"lr": (0.3, 0.5)}, quality="test", out=tmp_path / "api",
                          parts=("axis", "walk"))
    videos = sorted(p for p in paths if p.suffix == ".mp4")
    assert len(videos) == 2 and (tmp_path / "api" / "index.html") in paths
    lrs = sorted(json.loads(v.with_suffix(".json").read_text())["params"]["lr"] for v in videos)
    assert lrs == [0.3, 0.5]
    rc, out, _ = cli(capfd, "sweep", "tiny", "--grid", "lr=0.3,0.5", "--quality", "test",
                     "--out", str(tmp_path / "cli"), "--set", "parts=axis,walk")
    assert rc == 0
    written = sorted(Path(line).relative_to(tmp_path / "cli") for line in out.split())
    assert written == sorted(p.relative_to(tmp_path / "api") for p in paths)
    assert [v.read_bytes() for v in videos] == [
        (tmp_path / "cli" / v.relative_to(tmp_path / "api")).read_bytes() for v in videos]


def test_sweep_refuses_a_bad_value_as_the_command_does(tmp_path, tiny_lessons, capfd):
    with pytest.raises(sgdanim.UsageError) as raised:
        sgdanim.sweep("tiny", {"lr": (0.3, -2)}, quality="test", out=tmp_path)
    rc, _, err = cli(capfd, "sweep", "tiny", "--grid", "lr=0.3,-2", "--quality", "test",
                     "--out", str(tmp_path))
    assert rc == 2 and err == f"sgdanim: error: {raised.value}\n"
    assert not any(tmp_path.iterdir())
