"""What narration costs a render once its speech is cached: one lesson, silent and narrated,
in the same run and the same output folder.

A narrated lesson is longer (the picture holds while a line is said), and those held frames
are video the viewer watches, not overhead. So the figure to hold against the issue's 15% is
wall time per second of video, narrated against silent; the whole-render ratio is reported
beside it, as is the time of the sound's own steps (mixing the lines, encoding AAC and
muxing it beside the copied video packets), timed in this process on the narrated render's
own files.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from .render import _render

LESSON = "overshoot"


def _sound_steps(out: Path, car: dict, mp4: Path) -> float:
    """Seconds to mix the narrated render's lines again and mux them into its mp4."""
    from sgdanim.render import soundtrack
    from sgdanim.render.cache import Cache
    from sgdanim.render.narration import TRACK

    entry = Cache(out).entry(car["cache_key"])
    lines = [(line["start"], None, line["spoken"], wav) for line, wav in
             zip(car["narration"], _cached_speech(out, car))]
    start = time.perf_counter()
    track = soundtrack.narration_track(lines, car["duration"])
    soundtrack.with_audio(mp4, track, entry / "again.mp4")
    seconds = time.perf_counter() - start
    (entry / "again.mp4").unlink()
    assert (entry / TRACK).is_file()
    return seconds


def _cached_speech(out: Path, car: dict) -> list[Path]:
    from sgdanim.render.narration import narrator_for
    from sgdanim.render.cache import Cache
    from sgdanim.lessons import get

    params = get(car["lesson"]).resolve(base=car["params"])
    narrator = narrator_for(params, Cache(out).root)
    return [narrator.speech(line["spoken"]) for line in car["narration"]]


def overhead(quality: str, out: Path, lesson: str = LESSON) -> dict:
    """``lesson`` at ``quality``: silent and narrated (espeak-ng, speech cached), both with
    ``--force``, the SVGs warm from a test-quality render before."""
    common = [lesson, "--quality", quality, "--out", str(out)]
    _render([lesson, "--quality", "test", "--out", str(out)])      # LaTeX and Pango SVGs
    _render([*common, "--voice", "espeak"])                         # every line synthesized
    silent, paths = _render([*common, "--force"])
    silent_car = json.loads(next(p for p in paths if p.suffix == ".json").read_text())
    narrated, paths = _render([*common, "--force", "--voice", "espeak"])
    car_path = next(p for p in paths if p.suffix == ".json")
    car = json.loads(car_path.read_text())
    row = {"lesson": lesson, "quality": quality,
           "silent_seconds": silent, "silent_video_seconds": silent_car["duration"],
           "narrated_seconds": narrated, "narrated_video_seconds": car["duration"],
           "lines": len(car["narration"]),
           "sound_steps_seconds": _sound_steps(out, car, car_path.with_suffix(".mp4"))}
    row["wall_ratio"] = narrated / silent
    row["per_video_second_ratio"] = ((narrated / car["duration"])
                                     / (silent / silent_car["duration"]))
    print(f"  narration, {lesson} {quality}: {row['per_video_second_ratio']:.2f}x silent per "
          f"second of video, {row['wall_ratio']:.2f}x its wall time", file=sys.stderr)
    return row


def line(r: dict) -> str:
    return (f"narration, {r['lesson']} {r['quality']} (speech cached): silent "
            f"{r['silent_seconds']:.1f} s for {r['silent_video_seconds']:.1f} s of video, "
            f"narrated {r['narrated_seconds']:.1f} s for {r['narrated_video_seconds']:.1f} s: "
            f"{r['per_video_second_ratio']:.2f}x per second of video "
            f"({r['wall_ratio']:.2f}x wall; sound steps {r['sound_steps_seconds']:.1f} s)")
