"""Captions and chapters as WebVTT, the only caption format a web page's ``<track>`` reads.

manim writes captions as SRT. :func:`srt_to_vtt` rewrites them as WebVTT with the same cues
and the same times to the millisecond; :func:`chapters_vtt` writes the parts of a clip (from
its sidecar) as a ``kind="chapters"`` track. Both are pure text in, text out.

A chapter starts at its first frame's time rounded *up* to the millisecond: a browser shows
the frame whose time is at or before ``currentTime``, so a start rounded down (frame 1 of a
30 fps clip is at 33.33 ms, not 33 ms) would show the frame before the chapter.

Examples
--------
>>> srt = "1\\n00:00:00,000 --> 00:00:01,500\\nThe dot steps.\\n\\n"
>>> print(srt_to_vtt(srt))
WEBVTT
<BLANKLINE>
1
00:00:00.000 --> 00:00:01.500
The dot steps.
<BLANKLINE>
>>> parts = [{"id": "a", "title": "Rows", "first_frame": 0, "last_frame": 9},
...          {"id": "b", "title": "Epochs", "first_frame": 10, "last_frame": 29}]
>>> print(chapters_vtt(parts, 30))
WEBVTT
<BLANKLINE>
a
00:00:00.000 --> 00:00:00.334
Rows
<BLANKLINE>
b
00:00:00.334 --> 00:00:01.000
Epochs
<BLANKLINE>
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

__all__ = ["Cue", "chapter_cues", "chapters_vtt", "format_time", "parse_srt", "parse_vtt",
           "srt_to_vtt", "to_vtt"]

_TIME = r"(\d+):(\d{2}):(\d{2})[,.](\d{3})"
_TIMING = re.compile(_TIME + r"\s+-->\s+" + _TIME)


@dataclass(frozen=True)
class Cue:
    """One cue: from ``start`` to ``end`` (whole milliseconds), with its text and id."""

    start_ms: int
    end_ms: int
    text: str
    ident: str = ""

    @property
    def start(self) -> float:
        return self.start_ms / 1000

    @property
    def end(self) -> float:
        return self.end_ms / 1000


def format_time(ms: int, sep: str = ".") -> str:
    """``hh:mm:ss.mmm`` (``sep=","`` gives SRT's form).

    >>> format_time(3_723_004), format_time(1500, ",")
    ('01:02:03.004', '00:00:01,500')
    """
    hours, rest = divmod(int(ms), 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{sep}{millis:03d}"


def _ms(groups) -> int:
    h, m, s, ms = (int(g) for g in groups)
    return ((h * 60 + m) * 60 + s) * 1000 + ms


def _blocks(text: str) -> list[list[str]]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    blocks, block = [], []
    for line in lines + [""]:
        if line.strip():
            block.append(line)
        elif block:
            blocks.append(block)
            block = []
    return blocks


def _parse(text: str) -> list[Cue]:
    cues = []
    for block in _blocks(text):
        at = next((i for i, line in enumerate(block) if _TIMING.search(line)), None)
        if at is None:  # the WEBVTT header, a NOTE or STYLE block
            continue
        timing = _TIMING.search(block[at]).groups()
        ident = block[at - 1].strip() if at else ""
        cues.append(Cue(_ms(timing[:4]), _ms(timing[4:]), "\n".join(block[at + 1:]), ident))
    return cues


def parse_srt(text: str) -> list[Cue]:
    """The cues of an SRT file, in file order.

    >>> parse_srt("1\\n00:00:01,000 --> 00:00:02,250\\nHi\\nthere\\n")
    [Cue(start_ms=1000, end_ms=2250, text='Hi\\nthere', ident='1')]
    """
    return _parse(text)


def parse_vtt(text: str) -> list[Cue]:
    """The cues of a WebVTT file, with entities (``&amp;``, ``&lt;``, ``&gt;``) undone.

    >>> parse_vtt("WEBVTT\\n\\nc1\\n00:00:00.000 --> 00:00:01.000\\nx &lt; y\\n")
    [Cue(start_ms=0, end_ms=1000, text='x < y', ident='c1')]
    """
    if not text.lstrip("\ufeff").startswith("WEBVTT"):
        raise ValueError("not a WebVTT file: it must start with WEBVTT")
    return [Cue(c.start_ms, c.end_ms, _unescape(c.text), c.ident) for c in _parse(text)]


def _escape(text: str) -> str:
    # WebVTT cue text is markup: a bare "<" or "&" starts a tag or an entity.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def to_vtt(cues) -> str:
    """A WebVTT file holding ``cues``; their text is escaped, so a caption reading
    ``x < y`` shows as written."""
    out = ["WEBVTT", ""]
    for cue in cues:
        if cue.ident:
            out.append(cue.ident.replace("-->", "->"))
        out.append(f"{format_time(cue.start_ms)} --> {format_time(cue.end_ms)}")
        # a blank line would end the cue early; "-->" would read as a timing line
        body = [line.replace("-->", "->") for line in cue.text.split("\n") if line.strip()]
        out.extend(_escape(line) for line in body)
        out.append("")
    return "\n".join(out) if len(out) > 2 else "WEBVTT\n"


def srt_to_vtt(srt_text: str) -> str:
    """The SRT's cues as WebVTT, same ids, same times, same text."""
    return to_vtt(parse_srt(srt_text))


def _frame_ms(frame: int, fps: float) -> int:
    """The first whole millisecond at or after frame ``frame`` starts."""
    return math.ceil(frame * 1000 / fps - 1e-9)


def chapter_cues(parts, fps: float) -> list[Cue]:
    """One cue per part of a sidecar (``id``, ``title``, ``first_frame``, ``last_frame``),
    from its first frame to the frame after its last.

    >>> chapter_cues([{"id": "w", "title": "Walk", "first_frame": 5, "last_frame": 14}], 10)
    [Cue(start_ms=500, end_ms=1500, text='Walk', ident='w')]
    """
    return [Cue(_frame_ms(p["first_frame"], fps), _frame_ms(p["last_frame"] + 1, fps),
                p["title"], p["id"]) for p in parts]


def chapters_vtt(parts, fps: float) -> str:
    """A ``kind="chapters"`` WebVTT track for the parts of a sidecar."""
    return to_vtt(chapter_cues(parts, fps))
