"""A narrated render's extra steps, between the scene and the cache: who speaks, the track
the lines make, and the audio put into the mp4 and webm.

The narrator speaks during the render (the scene needs each line's length to wait for it);
once the video is done, :func:`add_to_master` mixes what was said into one track, keeps it
beside the master as ``narration.wav`` (a later webm is given the same sound without a new
render) and muxes it into the master. The sidecar's ``narration`` lists each line: when it
starts, how long it is spoken, the caption, the words spoken and the numbers they say.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import soundtrack
from .spoken import speech
from .voice import Narrator, parse_voice

TRACK = "narration.wav"


def narrator_for(params, cache_root: Path) -> Narrator | None:
    """The narrator ``params.voice`` asks for (``None`` for a silent render), caching speech
    under ``cache_root/speech`` where every render of this output folder finds it."""
    voice = parse_voice(getattr(params, "voice", "none"))
    return None if voice is None else Narrator(voice, Path(cache_root) / "speech")


def script(narrator: Narrator) -> list[dict]:
    """What the sidecar records of each line (times in scene seconds), with ``numbers``: each
    number the line says, as its value (the caption's own numerals, read once by
    :func:`~sgdanim.render.spoken.speech`)."""
    return [{"start": round(start, 4), "seconds": round(soundtrack.seconds_of(wav), 4),
             "caption": caption, "spoken": words,
             "numbers": [value for _, value in speech(caption).numbers]}
            for start, caption, words, wav in narrator.lines]


def add_to_master(narrator: Narrator, master: Path, seconds: float) -> list[dict]:
    """Mux the narration into ``master`` (in place, atomically) and keep its track beside it;
    returns the script."""
    track = soundtrack.narration_track(narrator.lines, seconds)
    soundtrack.save_wav(track, master.parent / TRACK)
    voiced = master.with_name("voiced-" + master.name)
    soundtrack.with_audio(master, track, voiced)
    os.replace(voiced, master)
    return script(narrator)


def add_to(video: Path) -> None:
    """Give ``video`` (a webm just encoded beside a narrated master) the master's sound."""
    track_path = video.parent / TRACK
    if not track_path.is_file():
        return
    voiced = video.with_name("voiced-" + video.name)
    soundtrack.with_audio(video, soundtrack.read_wav(track_path), voiced)
    os.replace(voiced, video)
