"""Progress on stderr while rendering: one line per part when stderr is a pipe, a live bar with
frames and time left on a terminal; stdout keeps only the written paths either way."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sgdanim.cli import main

pytestmark = pytest.mark.frames
SCRIPT = ("import sys; from tests.conftest import register_tiny; register_tiny(); "
          "from sgdanim.cli import main; sys.exit(main(sys.argv[1:]))")
PART_LINE = re.compile(r"sgdanim: tiny-test: part (\d)/(\d) (\w+): (\d+) frames "
                       r"(?:drawn|reused) in [\d.]+ s")


def part_lines(stderr: str) -> list[tuple]:
    return [m.groups() for m in PART_LINE.finditer(stderr)]


def test_one_line_per_part_whose_frames_add_up(tmp_path, tiny_lessons, capfd):
    assert main(["render", "tiny", "--quality", "test", "--out", str(tmp_path)]) == 0
    out, err = capfd.readouterr()
    car = json.loads((tmp_path / "tiny" / "tiny-test.json").read_text())
    written = out.split()  # only paths: the clip, its captions, chapters and sidecar
    assert written[0] == str(tmp_path / "tiny" / "tiny-test.mp4")
    assert written[-1] == str(tmp_path / "tiny" / "tiny-test.json")
    assert all(Path(p).is_file() and Path(p).parent == tmp_path / "tiny" for p in written)
    lines = part_lines(err)
    assert [(i, n, part) for i, n, part, _ in lines] == [("1", "2", "axis"), ("2", "2", "walk")]
    assert sum(int(frames) for *_, frames in lines) == car["frames"]
    chapters = {p["id"]: p["last_frame"] - p["first_frame"] + 1 for p in car["parts"]}
    assert {part: int(frames) for _, _, part, frames in lines} == {"axis": 0, **chapters}


def test_one_part_one_line(tmp_path, tiny_lessons, capfd):
    """The negative control: a preview of one part (--parts) reports that part only."""
    assert main(["render", "tiny", "--quality", "test", "--out", str(tmp_path),
                 "--parts", "walk"]) == 0
    assert [g[:3] for g in part_lines(capfd.readouterr()[1])] == [("1", "1", "walk")]
    car = json.loads((tmp_path / "tiny" / "tiny-test.parts-walk.json").read_text())
    assert car["params"]["parts"] == ["walk"]


def test_an_unknown_part_is_bad_input(tmp_path, tiny_lessons, capfd):
    assert main(["render", "tiny", "--quality", "test", "--out", str(tmp_path),
                 "--parts", "walkk"]) == 2
    out, err = capfd.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and "walkk" in err
    assert not any(tmp_path.iterdir())


def _drain(fd: int, chunks: list) -> None:
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the other end is closed
            return
        if not chunk:
            return
        chunks.append(chunk)


def test_a_terminal_gets_a_live_bar(tmp_path):
    """stderr on a pseudo-terminal: rich draws lesson, part, frames done/in all, time left
    (the second render knows the frames in all from the first)."""
    for attempt in range(2):
        primary, secondary = os.openpty()
        chunks: list[bytes] = []
        reader = threading.Thread(target=_drain, args=(primary, chunks), daemon=True)
        reader.start()  # a pty holds a few KB: read while the render writes, or it blocks
        proc = subprocess.run(
            [sys.executable, "-c", SCRIPT, "render", "tiny", "--quality", "test", "--force",
             "--out", str(tmp_path)], stdout=subprocess.PIPE, stderr=secondary, timeout=300,
            env={**os.environ, "COLUMNS": "120"})
        os.close(secondary)
        reader.join(timeout=30)
        os.close(primary)
        shown = b"".join(chunks)
        assert proc.returncode == 0, shown.decode(errors="replace")
        assert proc.stdout.decode().split()[0].endswith("tiny-test.mp4")
    text = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", shown.decode(errors="replace"))
    assert re.search(r"tiny-test  part [12]/2 (axis|walk).*\d+/\d+ frames", text), text
    assert "left" in text
    assert not part_lines(text)  # the terminal gets the bar, not the log lines
