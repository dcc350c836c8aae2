"""Narration: the voice speaks each caption's line when the caption starts, the scene waits
for it, and the sound is in the mp4 (AAC) and webm (Opus).

One narrated render of overshoot's first part at test quality, with espeak-ng (``make``
installs it), checked against its own sidecar and SRT by decoding the audio.
"""

from __future__ import annotations

import json
import shutil

import av
import numpy as np
import pytest

from sgdanim.cli import main
from sgdanim.core.errors import UsageError
from sgdanim.render.voice import check_voice

pytestmark = pytest.mark.frames
RATE = 48_000
LOUD, QUIET = 0.02, 0.004     # RMS while a line is spoken / in the breath after it


def srt_starts(text: str) -> list[float]:
    def seconds(stamp):
        h, m, rest = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(rest.replace(",", "."))
    return [seconds(line.split(" --> ")[0]) for line in text.splitlines() if " --> " in line]


def audio_of(path) -> np.ndarray:
    with av.open(str(path)) as container:
        chunks = [f.to_ndarray().reshape(-1) for f in container.decode(audio=0)]
        assert container.streams.audio[0].sample_rate == RATE
    return np.concatenate(chunks).astype(np.float32)


def rms(track: np.ndarray, start: float, stop: float) -> float:
    piece = track[max(0, int(start * RATE)):max(0, int(stop * RATE))]
    return float(np.sqrt(np.mean(piece ** 2))) if piece.size else 0.0


def timing_problems(track, starts, lines, frame: float) -> list[str]:
    """Where ``starts`` (caption starts) disagree with the sound: silence in the first
    0.3 s of a line, or speech in the 0.3 s before one (each line follows a breath)."""
    found = []
    for start, line in zip(starts, lines):
        if rms(track, start + frame, start + 0.3) < LOUD:
            found.append(f"silent after {start:.2f} s")
        if start > 0.3 and rms(track, start - 0.3, start - frame) > QUIET:
            found.append(f"sound before {start:.2f} s")
    return found


@pytest.fixture(scope="module")
def narrated(tmp_path_factory):
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (make installs it)")
    out = tmp_path_factory.mktemp("narrated")
    assert main(["render", "overshoot", "--quality", "test", "--format", "mp4,webm",
                 "--out", str(out), "--set", "parts=parabola", "--voice", "espeak"]) == 0
    stem = out / "overshoot" / "overshoot-test.parts-parabola"  # a preview: its own name
    car = json.loads(stem.with_name(stem.name + ".json").read_text())
    return stem, car, audio_of(stem.with_name(stem.name + ".mp4"))


def test_each_caption_is_spoken_when_it_starts_and_held_until_said(narrated):
    stem, car, track = narrated
    lines = car["narration"]
    assert len(lines) >= 3 and car["params"]["voice"] == "espeak"
    starts = srt_starts(stem.with_name(stem.name + ".srt").read_text())
    frame = 1 / car["fps"]
    assert starts == pytest.approx([line["start"] for line in lines], abs=frame)
    assert timing_problems(track, starts, lines, frame) == []
    for line, following in zip(lines, starts[1:] + [car["duration"]]):
        spoken_until = line["start"] + line["seconds"]
        assert rms(track, line["start"], spoken_until) > LOUD
        assert following >= spoken_until + 0.4 - frame   # the scene waited for the voice


def test_shifted_captions_fail_the_probe(narrated):
    """Negative control: captions half a second early or late no longer match the sound."""
    stem, car, track = narrated
    starts = [line["start"] for line in car["narration"]]
    frame = 1 / car["fps"]
    for shift in (-0.5, 0.5):
        moved = [s + shift for s in starts[1:]]
        assert timing_problems(track, moved, car["narration"][1:], frame) != []


def test_the_webm_carries_the_same_sound(narrated):
    stem, car, track = narrated
    webm = audio_of(stem.with_name(stem.name + ".webm"))
    assert abs(webm.size - track.size) < RATE * 0.1
    with av.open(str(stem.with_name(stem.name + ".webm"))) as container:
        assert container.streams.audio[0].codec_context.name == "opus"


def test_a_voice_that_is_not_there_is_refused_in_one_line(tmp_path, capfd):
    with pytest.raises(UsageError, match="not found"):
        check_voice(str(tmp_path / "missing.onnx").join(("piper:", "")))
    rc = main(["render", "overshoot", "--quality", "test", "--out", str(tmp_path / "o"),
               "--voice", "festival"])
    err = capfd.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and "festival" in err
    assert not (tmp_path / "o").exists()
