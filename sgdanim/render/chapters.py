"""Chapters inside the mp4 and the webm, so VLC, mpv and other players list the parts.

The chapters are the parts the sidecar lists (``id``, ``title``, ``first_frame``,
``last_frame``), timed in frames: a chapter runs from its first frame to the frame after its
last, in the clip's frame rate as time base, so no time is rounded when they are written.
PyAV (16 and later) writes them with ``Container.set_chapters``; the mp4 muxer stores them as a
QuickTime chapter track (which demuxes as an extra *data* stream) and a Nero ``chpl`` box, the
webm muxer as Matroska chapters (no extra stream).

Examples
--------
>>> parts = [{"id": "rows", "title": "Rows", "first_frame": 0, "last_frame": 14},
...          {"id": "epochs", "title": "Epochs", "first_frame": 15, "last_frame": 44}]
>>> [(c["start"], c["end"], c["time_base"], c["metadata"]["title"])
...  for c in container_chapters(parts, 15)]
[(0, 15, Fraction(1, 15), 'Rows'), (15, 45, Fraction(1, 15), 'Epochs')]
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import av

__all__ = ["Chapter", "container_chapters", "read_chapters", "set_chapters"]


@dataclass(frozen=True)
class Chapter:
    """A chapter as a file holds it: start and end in seconds, and its title."""

    start: float
    end: float
    title: str

    def first_frame(self, fps: float) -> int:
        return int(round(self.start * fps))


def container_chapters(parts, fps) -> list[dict]:
    """The sidecar's parts in the form ``Container.set_chapters`` takes."""
    time_base = Fraction(1, 1) / Fraction(fps)
    return [{"id": i + 1, "start": int(p["first_frame"]), "end": int(p["last_frame"]) + 1,
             "time_base": time_base, "metadata": {"title": p["title"]}}
            for i, p in enumerate(parts)]


def set_chapters(container, chapters) -> None:
    """Give an output ``container`` its ``chapters`` (from :func:`container_chapters`), before
    its first packet is muxed; none is a no-op."""
    if chapters:
        container.set_chapters(list(chapters))


def read_chapters(path) -> list[Chapter]:
    """The chapters a video file holds, in order (an empty list for none, or a gif)."""
    with av.open(str(path)) as container:
        found = container.chapters()
    return [Chapter(float(c["start"] * c["time_base"]), float(c["end"] * c["time_base"]),
                    (c.get("metadata") or {}).get("title", "")) for c in found]
