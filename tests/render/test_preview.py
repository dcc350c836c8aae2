"""A preview of some parts (``--parts``) is written under its own name beside the full clip,
and never replaces the full clip's files."""

from __future__ import annotations

import json

import pytest

from sgdanim.cli import main

pytestmark = pytest.mark.frames


def files_of(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_preview_leaves_the_full_clip_alone(tmp_path, tiny_lessons, capfd):
    args = ["render", "tiny", "--quality", "test", "--out", str(tmp_path), "--split", "1"]
    assert main(args) == 0
    capfd.readouterr()
    full = files_of(tmp_path / "tiny")
    assert main([*args, "--parts", "walk", "--set", "lr=0.25"]) == 0
    written = capfd.readouterr()[0].split()
    assert written[0] == str(tmp_path / "tiny" / "tiny-test.parts-walk.mp4")
    assert all(p.split("/")[-1].startswith("tiny-test.parts-walk.") for p in written)
    after = files_of(tmp_path / "tiny")
    assert {name: after[name] for name in full} == full  # byte for byte, every file
    car = json.loads((tmp_path / "tiny" / "tiny-test.parts-walk.json").read_text())
    assert car["params"]["parts"] == ["walk"] and car["params"]["lr"] == 0.25
    assert set(car["files"].values()) <= set(after) - set(full)
    # The negative control: the full clip rendered again with that lr does replace the files.
    assert main([*args, "--set", "lr=0.25"]) == 0
    assert files_of(tmp_path / "tiny")["tiny-test.mp4"] != full["tiny-test.mp4"]


def test_every_part_chosen_is_the_full_clip(tmp_path, tiny_lessons, capfd):
    assert main(["render", "tiny", "--quality", "test", "--out", str(tmp_path), "--split", "1",
                 "--parts", "walk,axis"]) == 0
    assert capfd.readouterr()[0].split()[0] == str(tmp_path / "tiny" / "tiny-test.mp4")
