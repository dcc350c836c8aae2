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
'one two three four five six seven eight nine ten\\neleven twelve thirteen'
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

import textwrap

from manim import BLACK, DOWN, BackgroundRectangle, Text, VGroup

from scenes.kit.style import CAPTION_SIZE, TEXT

READING_SPEED = 17.0          # characters a second that a caption is held for
MAX_READING_SPEED = 20.0      # the limit no caption may pass
MIN_CAPTION_SECONDS = 1.5
MAX_SILENT_SECONDS = 6.0      # the longest stretch without a caption
SPEECH_PAUSE = 0.4            # the breath after a spoken line before the next may start
CAPTION_LINE = 52             # characters on one line of a burned-in caption


def reading_seconds(text: str) -> float:
    """How long ``text`` must stay on screen to be read."""
    return max(MIN_CAPTION_SECONDS, len(text) / READING_SPEED)


def wrap_caption(text: str) -> str:
    """``text`` broken into lines of at most :data:`CAPTION_LINE` characters, at spaces."""
    return "\n".join(textwrap.wrap(text, CAPTION_LINE)) or text


def caption_box(text: str, frame_width: float = 14.222, buff: float = 0.18) -> VGroup:
    """A burned-in caption: ``text`` wrapped, white on a dark backing, at the bottom centre.

    >>> box = caption_box("Each step moves the weights against the gradient, row by row.")
    >>> backing, lines = box
    >>> bool(box.get_bottom()[1] > -4.0), bool(box.width < 14.222), len(lines)
    (True, True, 2)
    >>> [round(float(line.get_center()[0]), 6) for line in lines]   # centred, one over the other
    [0.0, 0.0]
    """
    words = VGroup(*[Text(line, font_size=CAPTION_SIZE, color=TEXT)
                     for line in wrap_caption(text).split("\n")]).arrange(DOWN, buff=0.14)
    if words.width > frame_width - 1:
        words.scale_to_fit_width(frame_width - 1)
    backing = BackgroundRectangle(words, color=BLACK, fill_opacity=0.78, buff=0.12)
    return VGroup(backing, words).to_edge(DOWN, buff=buff)


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
