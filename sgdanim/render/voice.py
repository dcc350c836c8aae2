"""Offline voices for narration, each run as its own process, and the speech cache.

- ``espeak-ng`` (Debian's package, which ``make`` installs): always there, robotic but clear.
- ``piper:PATH``: a Piper ``.onnx`` voice, spoken by ``python -m piper`` from the optional
  ``[voice]`` extra. piper-tts is GPL-3.0 and sgdanim is Apache-2.0, so it is only ever run as
  a separate program, never imported. Its noise is off (``noise_scale=0``, ``noise_w_scale=0``),
  so the same text always gives the same samples.
- ``none``: silence; the render keeps its silent timing and bytes.

A line is synthesized once: the cache holds one WAV per (voice, settings, spoken text), named
by their hash, written atomically. Nothing is downloaded, ever.

Examples
--------
>>> parse_voice("none"), parse_voice("espeak").engine, parse_voice("piper:/v/en.onnx").model
(None, 'espeak-ng', '/v/en.onnx')
>>> parse_voice("festival")
Traceback (most recent call last):
...
sgdanim.core.errors.UsageError: voice 'festival' must be none, espeak or piper:PATH.onnx
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import UsageError
from .soundtrack import seconds_of, trim_silence
from .spoken import spoken

ESPEAK_SETTINGS = ("-v", "en-us", "-s", "165")      # a teacher's pace, words a minute
PIPER_SETTINGS = ("--noise-scale", "0", "--noise-w-scale", "0")


@dataclass(frozen=True)
class Voice:
    engine: str                 # "espeak-ng" or "piper"
    model: str | None = None    # the piper voice file

    def command(self, text: str, wav: Path) -> list[str]:
        if self.engine == "espeak-ng":
            return ["espeak-ng", *ESPEAK_SETTINGS, "-w", str(wav), text]
        return [sys.executable, "-m", "piper", "--model", self.model, *PIPER_SETTINGS,
                "--output-file", str(wav)]

    def identity(self) -> str:
        """What the audio depends on besides the text (the cache key's other half)."""
        settings = ESPEAK_SETTINGS if self.engine == "espeak-ng" else PIPER_SETTINGS
        return "|".join((self.engine, self.model or "", *settings))


def parse_voice(text: str) -> Voice | None:
    """The voice ``text`` names (``None`` for silence); a bad name is a usage error."""
    if text == "none":
        return None
    if text in ("espeak", "espeak-ng"):
        return Voice("espeak-ng")
    if text.startswith("piper:") and text.endswith(".onnx"):
        return Voice("piper", text[len("piper:"):])
    raise UsageError(f"voice {text!r} must be none, espeak or piper:PATH.onnx")


def check_voice(text: str) -> None:
    """Refuse, in one line that says how to get it, a voice this machine cannot speak with."""
    voice = parse_voice(text)
    if voice is None:
        return
    if voice.engine == "espeak-ng" and shutil.which("espeak-ng") is None:
        raise UsageError("voice espeak needs espeak-ng: apt-get install espeak-ng (make does it)")
    if voice.engine == "piper":
        if not Path(voice.model).is_file():
            raise UsageError(f"voice file {voice.model} not found: download a Piper voice "
                             "(.onnx and .onnx.json) from huggingface.co/rhasspy/piper-voices")
        found = subprocess.run([sys.executable, "-c", "import piper"], capture_output=True)
        if found.returncode != 0:
            raise UsageError("voice piper needs the voice extra: pip install -e '.[voice]'")


@dataclass
class Narrator:
    """Speaks caption lines with ``voice``, caching each line's WAV in ``cache``, and keeps
    what was said and when: ``lines`` holds ``(start seconds, caption, spoken text, wav)``."""

    voice: Voice
    cache: Path

    def __post_init__(self):
        self.lines: list[tuple[float, str, str, Path]] = []

    def say(self, caption: str, at: float) -> float:
        """Speak ``caption`` from scene time ``at``; returns how long the speech lasts."""
        words = spoken(caption)
        wav = self.speech(words)
        self.lines.append((at, caption, words, wav))
        return seconds_of(wav)

    def speech(self, words: str) -> Path:
        """The WAV of ``words``, synthesized now unless the cache has it."""
        key = hashlib.sha256(f"{self.voice.identity()}\n{words}".encode()).hexdigest()[:24]
        wav = self.cache / f"{key}.wav"
        if wav.exists():
            return wav
        self.cache.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(suffix=".wav", dir=self.cache)
        os.close(fd)
        try:
            run = subprocess.run(self.voice.command(words, Path(tmp)), input=words.encode(),
                                 capture_output=True, timeout=120)
            if run.returncode == 0:
                trim_silence(Path(tmp))
            if run.returncode != 0 or seconds_of(Path(tmp)) <= 0:
                raise RuntimeError(f"{self.voice.engine} failed on {words!r}: "
                                   f"{run.stderr.decode(errors='replace').strip()[:200]}")
            os.replace(tmp, wav)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return wav
