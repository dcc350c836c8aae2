"""The narration's sound: each spoken line placed at the time its caption starts, mixed into one
track, and muxed beside a finished video's packets (copied, never re-encoded): AAC in an mp4,
Opus in a webm. GIFs stay silent.

The voices speak at 22.05 kHz (espeak-ng, Piper's medium voices), so nothing in the track is
above 11 kHz: the mp4's AAC is written at 24 kHz with ffmpeg's fast coder, six times quicker
than 48 kHz with its default two-loop search (docs/performance.md, Narration) and the same to
the ear for a voice; Opus keeps 48 kHz, its only rate.

Examples
--------
>>> import numpy as np
>>> track = place([(0.5, np.ones(4, np.float32))], seconds=1.0, rate=8)
>>> track.tolist()
[0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0]
"""

from __future__ import annotations

import wave
from pathlib import Path

import av
import numpy as np

from .chapters import set_chapters

RATE = 48_000                       # the track's rate: Opus's only one
# Each container's codec, its rate (the track's divided by a whole number) and options.
AUDIO = {"mp4": ("aac", 24_000, {"b": "64k", "aac_coder": "fast"}),
         "webm": ("libopus", RATE, {"b": "64k"})}


def seconds_of(path: Path) -> float:
    """How long a WAV file plays."""
    with wave.open(str(path)) as audio:
        return audio.getnframes() / audio.getframerate()


def read_wav(path: Path, rate: int = RATE) -> np.ndarray:
    """A mono 16-bit WAV (what espeak-ng and piper write) as float samples at ``rate``,
    resampled linearly (speech has little above 8 kHz, far below either rate's limit)."""
    with wave.open(str(path)) as audio:
        own_rate, width, channels = audio.getframerate(), audio.getsampwidth(), audio.getnchannels()
        raw = audio.readframes(audio.getnframes())
    if width != 2:
        raise ValueError(f"{path}: {8 * width}-bit audio, expected 16-bit")
    samples = np.frombuffer(raw, "<i2").astype(np.float32).reshape(-1, channels).mean(axis=1)
    samples /= 32768.0
    if own_rate == rate or samples.size == 0:
        return samples
    times = np.arange(int(round(samples.size * rate / own_rate))) / rate
    return np.interp(times, np.arange(samples.size) / own_rate, samples).astype(np.float32)


def trim_silence(path: Path, floor: float = 0.01) -> None:
    """Cut the quiet before the first and after the last sample above ``floor`` (voices pad
    a line with silence; trimmed, the speech starts exactly when its caption does)."""
    with wave.open(str(path)) as audio:
        params, raw = audio.getparams(), audio.readframes(audio.getnframes())
    samples = np.frombuffer(raw, "<i2").reshape(-1, params.nchannels)
    loud = np.flatnonzero(np.abs(samples).max(axis=1) > floor * 32768)
    kept = samples[loud[0]:loud[-1] + 1] if loud.size else samples[:0]
    with wave.open(str(path), "wb") as out:
        out.setparams(params)
        out.writeframes(kept.tobytes())


def place(clips, seconds: float, rate: int = RATE) -> np.ndarray:
    """One track ``seconds`` long with each ``(start, samples)`` added at its start (a line
    that would run past the end is cut there; lines never overlap, the scene waits)."""
    track = np.zeros(int(round(seconds * rate)), np.float32)
    for start, samples in clips:
        first = int(round(start * rate))
        piece = samples[: max(0, track.size - first)]
        track[first:first + piece.size] += piece
    return np.clip(track, -1.0, 1.0)


def narration_track(lines, seconds: float) -> np.ndarray:
    """The narrator's ``lines`` ``(start, caption, spoken, wav)`` as one track."""
    return place([(start, read_wav(wav)) for start, _, _, wav in lines], seconds)


def save_wav(track: np.ndarray, path: Path, rate: int = RATE) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((np.clip(track, -1, 1) * 32767).astype("<i2").tobytes())


def with_audio(video: Path, track: np.ndarray, dst: Path, rate: int = RATE) -> None:
    """Write ``dst``: ``video``'s video packets as they are, and ``track`` encoded for its
    container (AAC in mp4 with the index first, Opus in webm)."""
    kind = Path(dst).suffix.lstrip(".")
    codec, codec_rate, options = AUDIO[kind]
    track, rate = downsample(track, rate, codec_rate), codec_rate
    container = {"mp4": {"movflags": "faststart"}}.get(kind, {})
    with av.open(str(video)) as inp, av.open(str(dst), "w", format=kind, options=container) as out:
        source = inp.streams.video[0]
        picture = out.add_stream_from_template(source)
        sound = out.add_stream(codec, rate=rate, layout="mono", options=dict(options))
        out.metadata.update(inp.metadata)
        set_chapters(out, inp.chapters())  # the parts, as the video had them
        pictures = [p for p in inp.demux(source) if p.dts is not None]
        for packet in pictures:
            packet.stream = picture
        # Interleaved by time, so a player streaming the file has both as it goes.
        for packet in sorted(pictures + _encode_track(sound, track, rate), key=_seconds):
            out.mux(packet)


def downsample(track: np.ndarray, rate: int, to: int) -> np.ndarray:
    """``track`` at ``rate`` as samples at ``to``, a whole fraction of it: each run of
    ``rate // to`` samples averaged (speech has nothing near the new rate's limit).

    >>> downsample(np.array([0, 2, 4, 6], np.float32), 48_000, 24_000).tolist()
    [1.0, 5.0]
    """
    step = rate // to
    if step * to != rate:
        raise ValueError(f"{to} Hz does not divide {rate} Hz")
    usable = track[: track.size // step * step]
    return usable.reshape(-1, step).mean(axis=1).astype(np.float32) if step > 1 else track


def _seconds(packet) -> float:
    return float(packet.dts * packet.time_base)


def _encode_track(sound, track: np.ndarray, rate: int) -> list:
    frame_size = sound.codec_context.frame_size or 1024
    fmt = sound.codec_context.format.name
    packets = []
    for start in range(0, track.size, frame_size):
        chunk = track[start:start + frame_size]
        if fmt.startswith("s16"):
            chunk = (chunk * 32767).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(chunk.reshape(1, -1)),
                                           format=fmt, layout="mono")
        frame.sample_rate, frame.pts = rate, start
        packets += sound.encode(frame)
    return packets + list(sound.encode(None))
