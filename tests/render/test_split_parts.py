"""A two-process render that deals out whole parts (``split.front_split``).

Once a lesson has been rendered in an output folder, its parts' lengths are known
(``.cache/frames``), and a two-process render gives the helper the first parts and the first
process the rest: the helper stops where its parts end, so it never builds the parts after
them. The ``chapters`` example lesson (two parts of the same length) is rendered in one
process, then again in two: every published file is the same, byte for byte, and the helper
built ``red`` only. The negative controls: a render with another ``seconds`` differs (the
comparison can fail), and a first render into a new folder, with no lengths known, deals out
animations one by one, so both processes build both parts (the count can tell).
"""

from __future__ import annotations

import os

import pytest

from sgdanim.render.split import front_split
from tests.example import chaptered_scene
from tests.render.conftest import render_chapters

pytest.importorskip("manim")


@pytest.fixture
def builds(monkeypatch, tmp_path):
    """Each part's ``build``, logged as ``pid id`` lines in a file (the helper is forked)."""
    log = tmp_path / "builds.log"
    build = chaptered_scene._Sweep.build

    def logged(self, numbers, params):
        with open(log, "a") as out:
            out.write(f"{os.getpid()} {self.id}\n")
        return build(self, numbers, params)

    monkeypatch.setattr(chaptered_scene._Sweep, "build", logged)

    def read() -> dict[int, set[str]]:
        found: dict[int, set[str]] = {}
        for line in log.read_text().splitlines() if log.exists() else []:
            pid, part = line.split()
            found.setdefault(int(pid), set()).add(part)
        log.unlink(missing_ok=True)
        return found

    return read


def published(out) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((out / "chapters").iterdir())}


def render(out, builds, *extra) -> dict[int, set[str]]:
    builds()
    rc, _, err = render_chapters(out, *extra)
    assert rc == 0, err
    return builds()


def test_whole_parts_are_dealt_and_the_files_are_the_same(builds, tmp_path):
    one = render(tmp_path / "out", builds, "--split", "1")
    assert list(one.values()) == [{"red", "blue"}]
    full = published(tmp_path / "out")
    two = render(tmp_path / "out", builds, "--split", "2", "--force")
    assert sorted(map(sorted, two.values())) == [["blue", "red"], ["red"]]  # helper: red only
    assert published(tmp_path / "out") == full


def test_negative_controls_other_numbers_and_no_known_lengths(builds, tmp_path):
    render(tmp_path / "out", builds, "--split", "1")
    full = published(tmp_path / "out")
    render(tmp_path / "other", builds, "--split", "1", "--set", "seconds=2")
    assert published(tmp_path / "other") != {}
    assert published(tmp_path / "other")["chapters-test.mp4"] != full["chapters-test.mp4"]
    dealt_by_animation = render(tmp_path / "new", builds, "--split", "2")
    assert sorted(map(sorted, dealt_by_animation.values())) == [["blue", "red"]] * 2
    assert published(tmp_path / "new") == full


@pytest.mark.parametrize(("seconds", "drawn", "front"), [
    ([10.0, 30.0, 40.0, 20.0], [0, 1, 2, 3], 2),
    ([10.0, 30.0, 40.0, 20.0], [2, 3], 3),         # part 0 and 1 reused
    ([10.0, 30.0, 40.0, 20.0], [1, 2, 3], None),   # no even split: animations one by one
    ([10.0, 90.0], [0, 1], None),
    ([5.0, 5.0], [0, 1], 1),
    ([5.0], [0], None),
    ([0.0, 0.0], [0, 1], None),
])
def test_front_split(seconds, drawn, front):
    assert front_split(seconds, drawn) == front
