"""The voices as separate programs: how sgdanim calls Piper, and what it refuses.

No Piper voice on PyPI is trustworthy enough to install in CI (see the README's credits), so
the Piper road is tested with a stand-in ``piper`` module put on the child's ``PYTHONPATH``:
it takes the arguments ``python -m piper`` (piper-tts 1.8) takes, reads the line on stdin and
writes a WAV whose length grows with the text, and fails unless the noise is off. A real voice
runs too when ``SGDANIM_PIPER_VOICE`` names one and the ``[voice]`` extra is installed.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from sgdanim.core.errors import UsageError
from sgdanim.render.soundtrack import read_wav, seconds_of
from sgdanim.render.voice import Narrator, check_voice, parse_voice

FAKE_PIPER = textwrap.dedent('''
    """A stand-in for piper-tts's command line: a tone as long as the text."""
    import argparse, math, struct, sys, wave
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--output-file", required=True)
    parser.add_argument("--noise-scale", type=float, required=True)
    parser.add_argument("--noise-w-scale", type=float, required=True)
    args = parser.parse_args()
    if args.noise_scale != 0 or args.noise_w_scale != 0:
        sys.exit("noise is on: the same text would not give the same audio")
    text = sys.stdin.read().strip()
    rate, n = 22050, int(22050 * 0.06 * len(text))
    with wave.open(args.output_file, "wb") as out:
        out.setnchannels(1); out.setsampwidth(2); out.setframerate(rate)
        out.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i / 8)))
                                 for i in range(n)))
''')


@pytest.fixture
def fake_piper(tmp_path, monkeypatch):
    package = tmp_path / "site" / "piper"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "__main__.py").write_text(FAKE_PIPER)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(tmp_path / "site"), *filter(None, [os.environ.get("PYTHONPATH")])]))
    model = tmp_path / "en_US-test-medium.onnx"
    model.write_bytes(b"not a real model: the stand-in never reads it")
    return model


def test_piper_runs_as_its_own_program_with_its_noise_off(fake_piper, tmp_path):
    check_voice(f"piper:{fake_piper}")   # found, and `import piper` works in a child
    narrator = Narrator(parse_voice(f"piper:{fake_piper}"), tmp_path / "speech")
    short, long = narrator.say("lr 0.15.", at=0.0), narrator.say("lr 0.15, then 0.8, then 1.15.", at=2.0)
    assert 0 < short < long                                # the stand-in's WAV, trimmed
    wav = narrator.lines[1][3]
    assert read_wav(wav).size == pytest.approx(seconds_of(wav) * 48_000, abs=2)
    again = Narrator(parse_voice(f"piper:{fake_piper}"), tmp_path / "speech")
    assert again.speech(narrator.lines[1][2]) == wav       # cached by text, voice and settings


def test_piper_with_noise_on_fails_loudly(fake_piper, tmp_path, monkeypatch):
    """Negative control: the stand-in refuses noise, so sgdanim must be passing noise 0."""
    import sgdanim.render.voice as voice

    monkeypatch.setattr(voice, "PIPER_SETTINGS", ("--noise-scale", "0.667", "--noise-w-scale", "0.8"))
    narrator = Narrator(parse_voice(f"piper:{fake_piper}"), tmp_path / "speech")
    with pytest.raises(RuntimeError, match="noise is on"):
        narrator.say("lr 0.15.", at=0.0)
    assert not list((tmp_path / "speech").glob("*.wav"))   # nothing half-written is kept


def test_piper_without_the_extra_is_refused_in_one_line(tmp_path, monkeypatch):
    model = tmp_path / "v.onnx"
    model.write_bytes(b"x")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "nothing-here"))
    try:
        import piper  # noqa: F401
        pytest.skip("the [voice] extra is installed here")
    except ImportError:
        pass
    with pytest.raises(UsageError, match=r"pip install -e '\.\[voice\]'"):
        check_voice(f"piper:{model}")


@pytest.mark.skipif(not os.environ.get("SGDANIM_PIPER_VOICE"),
                    reason="SGDANIM_PIPER_VOICE names no Piper voice file")
def test_a_real_piper_voice_speaks_the_same_samples_twice(tmp_path):
    pytest.importorskip("piper")
    model = Path(os.environ["SGDANIM_PIPER_VOICE"])
    first = Narrator(parse_voice(f"piper:{model}"), tmp_path / "a").speech("zero point seven zero")
    second = Narrator(parse_voice(f"piper:{model}"), tmp_path / "b").speech("zero point seven zero")
    assert seconds_of(first) > 0.5 and first.read_bytes() == second.read_bytes()
