"""Narration: the voice speaks each caption's line when the caption starts, the scene waits
for it, and the sound is in the mp4 (AAC) and webm (Opus).

One narrated render of overshoot's parabola part at test quality, with espeak-ng (``make``
installs it), checked against its own sidecar and SRT by decoding the audio, and its numbers
against the sidecar's and the screen's (tests/render/heard.py reads the words back). The
parabola's rates are moved off their defaults so no number it says is 1 or 2, the formula
constants of "2/λ" and "1 − lr·λ".
"""

from __future__ import annotations

import json
import re
import shutil

import av
import numpy as np
import pytest
from manim import MathTex, Text

from sgdanim.cli import main
from sgdanim.core.errors import UsageError
from sgdanim.render.voice import check_voice
from tests.render.heard import heard

pytestmark = pytest.mark.frames
RATE = 48_000
PARABOLA = ["curvature=2.5", "lr_small=0.12", "lr_zigzag=0.6", "lr=0.9", "w0=1.3"]
LOUD, QUIET = 0.02, 0.004     # RMS while a line is spoken / in the breath after it


def srt_starts(text: str) -> list[float]:
    def seconds(stamp):
        h, m, rest = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(rest.replace(",", "."))
    return [seconds(line.split(" --> ")[0]) for line in text.splitlines() if " --> " in line]


def audio_of(path) -> np.ndarray:
    """The file's sound at :data:`RATE` (AAC is written at 24 kHz: each sample held twice)."""
    with av.open(str(path)) as container:
        chunks = [f.to_ndarray().reshape(-1) for f in container.decode(audio=0)]
        own = container.streams.audio[0].sample_rate
    assert own == {".mp4": 24_000, ".webm": RATE}[path.suffix]
    return np.repeat(np.concatenate(chunks).astype(np.float32), RATE // own)


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
                 "--out", str(out), "--set", "parts=parabola", "--voice", "espeak",
                 *[arg for pair in PARABOLA for arg in ("--set", pair)]]) == 0
    sidecar, = (out / "overshoot").glob("*.json")   # a preview, named for its parts and sets
    stem = sidecar.with_name(sidecar.name.removesuffix(".json"))
    car = json.loads(sidecar.read_text())
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


# --- the numbers said: the caption's, the sidecar's, the screen's ---------------------------

NUMERAL = re.compile(r"(?<![\w.])(?:[-−](?=\d))?\d+(?:\.\d+)?(?:×10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?")
FORMULA_CONSTANTS = (1.0, 2.0)     # "2/λ", "1 − lr·λ", "passes 1": the formula's, not data


def numerals(text: str) -> list[tuple[float, float]]:
    """Each numeral in ``text`` as (value, half a unit of its last digit: how far a number
    may be from it and still be shown as it)."""
    found = []
    for match in NUMERAL.finditer(text):
        mant, _, exp = match.group(0).replace("−", "-").partition("×10")
        power = int(exp.translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")) or 0)
        places = len(mant.partition(".")[2])
        found.append((float(mant) * 10.0 ** power, 0.5 * 10.0 ** (power - places)))
    return found


def caption_numbers(caption: str) -> list[float]:
    """The numbers a caption holds, in order: its numerals and the numbers it writes in words."""
    values, last = [], 0
    for match, (value, _) in zip(NUMERAL.finditer(caption), numerals(caption)):
        values += heard(caption[last:match.start()]) + [value]
        last = match.end()
    return values + heard(caption[last:])


def unmatched(lines, pool) -> list[str]:
    """The numerals of ``lines`` that are no number of ``pool`` (nor its size: a distance or a
    factor is said as |w − w*|, |1 − lr·λ|) at the precision the caption shows."""
    return [f"{line['caption']!r} says {value:g}" for line in lines
            for value, half in numerals(line["caption"])
            if value not in FORMULA_CONSTANTS
            and not any(abs(value - v) <= half + 1e-12 or abs(value - abs(v)) <= half + 1e-12
                        for v in pool)]


def parabola_pool(car) -> list[float]:
    """What the part talks about: each run's rate, factor, first and last weight (the
    distances' ends, with w* = 0), and the critical rate."""
    numbers = car["numbers"]
    return [v for run in numbers["parabola"]
            for v in (run["lr"], run["factor"], run["w"][0], run["w"][-1])
            ] + [numbers["parabola_critical_lr"]]


def misheard(lines) -> list[str]:
    """Lines whose spoken words hold other numbers than their caption, or than the sidecar's
    ``numbers`` for the line."""
    return [line["caption"] for line in lines
            if heard(line["spoken"]) != caption_numbers(line["caption"])
            or line["numbers"] != [value for value, _ in numerals(line["caption"])]]


def test_the_voice_says_the_captions_numbers(narrated):
    stem, car, _ = narrated
    lines = car["narration"]
    assert sum(len(line["numbers"]) for line in lines) >= 8
    assert misheard(lines) == []
    srt = stem.with_name(stem.name + ".srt").read_text()
    assert all(line["caption"] in srt for line in lines)
    assert not any(ch.isdigit() for line in lines for ch in line["spoken"])


def test_every_number_said_is_one_of_the_sidecars(narrated):
    _, car, _ = narrated
    assert unmatched(car["narration"], parabola_pool(car)) == []


def test_the_rates_said_are_the_rates_on_screen(narrated, manim_tmp):
    """The part's own mobjects show each rate and the critical rate: the same numbers the
    sidecar holds and the voice says."""
    from sgdanim.lessons import get
    from scenes.overshoot.parabola import ParabolaPart

    _, car, _ = narrated
    lesson = get("overshoot")
    params = lesson.resolve(base=car["params"])
    built = ParabolaPart().build(lesson.compute(params), params)
    shown = " ".join(getattr(m, "tex_string", None) or getattr(m, "text", "")
                     for group in [built.critical, *[run.status for run in built.runs]]
                     for m in group.get_family() if isinstance(m, (MathTex, Text)))
    said = [value for line in car["narration"] for value in line["numbers"]]
    on_screen = [value for value, _ in numerals(shown)]
    rates = [run["lr"] for run in car["numbers"]["parabola"]]
    for value in rates + [car["numbers"]["parabola_critical_lr"]]:
        assert value in on_screen and value in said, value


def test_a_number_changed_on_one_side_is_caught(narrated):
    """Negative controls: a rate changed in the sidecar, or a number changed in the words."""
    _, car, _ = narrated
    tampered = json.loads(json.dumps(car))
    tampered["numbers"]["parabola"][2]["lr"] = 1.05
    assert unmatched(car["narration"], parabola_pool(tampered)) == [
        f"{line['caption']!r} says 0.9" for line in car["narration"] if "lr 0.9:" in line["caption"]]
    tampered = json.loads(json.dumps(car))
    tampered["numbers"]["parabola_critical_lr"] = 0.9
    assert len(unmatched(car["narration"], parabola_pool(tampered))) == 1
    lines = json.loads(json.dumps(car["narration"]))
    line = next(line for line in lines if "zero point nine:" in line["spoken"])
    line["spoken"] = line["spoken"].replace("zero point nine:", "zero point eight:")
    assert misheard(lines) == [line["caption"]]
