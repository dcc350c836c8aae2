"""Captions a student can read: how long a line needs, the burned-in caption box, and the
rules every lesson's captions keep.

A line stays on screen for at least :func:`reading_seconds` of it: 1.5 s, and no faster than
:data:`READING_SPEED` characters a second (17 is the usual ceiling for adult subtitles; the
series' hard limit, checked by :func:`caption_problems`, is 20). ``LessonScene.say`` holds the
picture until the line before has had its time.

Examples
--------
>>> reading_seconds("lr 1e-4"), round(reading_seconds("x" * 51), 2)
(1.5, 3.0)
>>> wrap_caption("one two three four five six seven eight nine ten eleven twelve thirteen")
'one two three four five six seven\\neight nine ten eleven twelve thirteen'
>>> wrap_caption("lr 3.2×10⁻⁴ is past it, but the other rows pull it back.")
'lr 3.2×10⁻⁴ is past it, but\\nthe other rows pull it back.'
>>> wrap_caption("annealed Adam's RMSE falls: 12 → 1.1, then back up to 1.8.")
"annealed Adam's RMSE falls:\\n12 → 1.1, then back up to 1.8."
>>> print(wrap_caption("Past lr = 2/λ = 1, |1 − lr·λ| > 1: the distance grows. The limit."))
Past lr = 2/λ = 1, |1 − lr·λ| > 1:
the distance grows. The limit.
>>> print(wrap_caption("lr 1.0×10⁻⁴ is 98% of that per-row limit: safe on every row."))
lr 1.0×10⁻⁴ is 98% of that
per-row limit: safe on every row.
>>> cues = [(0.0, 2.0, "hello there"), (2.0, 2.5, "far too fast to read"),
...         (9.0, 11.0, "far too fast to read")]
>>> for problem in caption_problems(cues, 11.0): print(problem)
cue 2 'far too fast to read' is on screen 0.50 s (< 1.5 s)
cue 2 'far too fast to read' is 40.0 chars/s (> 20)
cue 3 repeats cue 2: 'far too fast to read'
6.50 s without a caption before cue 3
>>> caption_problems([(1.0, 1.0, "gone at once")], 2.0)[1]
"cue 1 'gone at once' is inf chars/s (> 20)"
"""

from __future__ import annotations

import math
import textwrap

from manim import BLACK, DOWN, UP, BackgroundRectangle, VGroup

from scenes.kit.style import CAPTION_SIZE, TEXT
from scenes.kit.text import words

READING_SPEED = 17.0          # characters a second that a caption is held for
MAX_READING_SPEED = 20.0      # the limit no caption may pass
MIN_CAPTION_SECONDS = 1.5
MAX_SILENT_SECONDS = 6.0      # the longest stretch without a caption
SPEECH_PAUSE = 0.4            # the breath after a spoken line before the next may start
CAPTION_LINE = 52             # characters on one line of a burned-in caption
# Signs that bind what stands either side of them: " → " or " + " is one word to textwrap,
# "\x00→\x00", as long as the three characters it stands for. Dashes are punctuation: not here.
_BINDING = "→=≈<>≤≥+−×÷·"
# Below the picture, in scene units, for a burned-in caption: two lines, their backing and the
# margin under them (every caption of the series wraps to at most two lines).
CAPTION_BAND = 1.45


def rows_name(params) -> str:
    """What a caption calls the rows a lesson runs on: the sheet's, or for any other data (a
    synthetic set, a CSV) the data's; those were told as "the sheet's rows".

    >>> from types import SimpleNamespace as NS
    >>> rows_name(NS(data="spreadsheet")), rows_name(NS(data="synthetic:noise=3"))
    ("the sheet's rows", "the data's rows")
    """
    return "the sheet's rows" if params.data == "spreadsheet" else "the data's rows"


def reading_seconds(text: str) -> float:
    """How long ``text`` must stay on screen to be read."""
    return max(MIN_CAPTION_SECONDS, len(text) / READING_SPEED)


def wrap_caption(text: str) -> str:
    """``text`` broken at spaces into as few lines of at most :data:`CAPTION_LINE` characters
    as it needs, as even as they can be (no lone word on the last line). A change said as
    "a → b", a sum or a comparison stays on one line, and "per-row" is one word: a reader
    should not have to find where the maths went."""
    kept = text
    for sign in _BINDING:
        kept = kept.replace(f" {sign} ", f"\x00{sign}\x00")
    wrap = textwrap.TextWrapper(CAPTION_LINE, break_on_hyphens=False)
    lines = wrap.wrap(kept)
    for width in range(math.ceil(len(kept) / max(1, len(lines))), CAPTION_LINE):
        wrap.width = width
        even = wrap.wrap(kept)
        if len(even) == len(lines):
            lines = even
            break
    return "\n".join(lines).replace("\x00", " ") or text


def caption_box(text: str, frame_width: float = 14.222, bottom: float = -4.0,
                buff: float = 0.18) -> VGroup:
    """A burned-in caption: ``text`` wrapped, white on a dark backing, centred ``buff`` above
    ``bottom`` (the camera's lower edge).

    >>> box = caption_box("Each step moves the weights against the gradient, row by row.")
    >>> backing, lines = box
    >>> bool(box.get_bottom()[1] > -4.0), bool(box.width < 14.222), len(lines)
    (True, True, 2)
    >>> [round(float(line.get_center()[0]), 6) for line in lines]   # centred, one over the other
    [0.0, 0.0]
    >>> two_lines = caption_box("x " * 50, bottom=-4.0 - CAPTION_BAND)   # fits under the picture
    >>> bool(two_lines.get_top()[1] <= -4.0)
    True
    """
    lines = VGroup(*[words(line, font_size=CAPTION_SIZE, color=TEXT)
                     for line in wrap_caption(text).split("\n")]).arrange(DOWN, buff=0.14)
    if lines.width > frame_width - 1:
        lines.scale_to_fit_width(frame_width - 1)
    backing = BackgroundRectangle(lines, color=BLACK, fill_opacity=0.78, buff=0.12)
    box = VGroup(backing, lines)
    return box.shift((bottom + buff - box.get_bottom()[1]) * UP).set_x(0)


def make_room_for_captions(camera, band: float = CAPTION_BAND) -> None:
    """Let ``camera`` see ``band`` more units below the picture, keeping its aspect ratio, so a
    burned-in caption sits under the lesson instead of over its axes: the picture (the frame
    the lessons lay out, 8 units high) fills the top, a little smaller, the caption the band.

    >>> from types import SimpleNamespace
    >>> import numpy as np
    >>> cam = SimpleNamespace(frame_width=16.0, frame_height=8.0, frame_center=np.zeros(3))
    >>> make_room_for_captions(cam, band=2.0)
    >>> cam.frame_width, cam.frame_height, float(cam.frame_center[1])
    (20.0, 10.0, -1.0)
    >>> float(cam.frame_center[1] + cam.frame_height / 2)   # the picture's top stays the top
    4.0
    """
    grow = (camera.frame_height + band) / camera.frame_height
    camera.frame_width *= grow
    camera.frame_height *= grow
    camera.frame_center = camera.frame_center + band / 2 * DOWN


def caption_problems(cues, end: float) -> list[str]:
    """Every broken rule in ``cues`` (``(start, stop, text)`` in seconds, in order) of a video
    that ends at ``end``: too short, too fast, repeated, or a gap over
    :data:`MAX_SILENT_SECONDS` (the start, between cues, and the end count)."""
    problems = []
    previous_stop, previous_text = 0.0, None
    for i, (start, stop, text) in enumerate(cues, 1):
        shown = stop - start
        if shown < MIN_CAPTION_SECONDS - 1e-3:
            problems.append(f"cue {i} {text!r} is on screen {shown:.2f} s (< {MIN_CAPTION_SECONDS} s)")
        speed = len(text) / shown if shown > 0 else float("inf")   # a cue of no time: unreadable
        if speed > MAX_READING_SPEED + 1e-6:
            problems.append(f"cue {i} {text!r} is {speed:.1f} chars/s (> {MAX_READING_SPEED:g})")
        if text == previous_text:
            problems.append(f"cue {i} repeats cue {i - 1}: {text!r}")
        if start - previous_stop > MAX_SILENT_SECONDS:
            problems.append(f"{start - previous_stop:.2f} s without a caption before cue {i}")
        previous_stop, previous_text = stop, text
    if end - previous_stop > MAX_SILENT_SECONDS:
        problems.append(f"{end - previous_stop:.2f} s without a caption at the end")
    return problems
