"""Lesson ``chapters``: two coloured parts with a square sweeping across each, made for the
web tests (tests/render/test_web.py, test_site_browser.py).

Every frame is told apart by where the square is and the part by its colour, so a frame
read back from a browser can be matched to its index in the decoded video; its captions
change at known times (every 1.5 s, the shortest a caption may stay up), so a track shifted
by a second is caught. ``captions=burned`` (every lesson's) draws them into the picture.

Examples
--------
>>> [part.id for part in LESSON.parts], compute(LESSON.defaults()).shown()
(['red', 'blue'], {'caption_starts': {'red': [0.0, 1.5], 'blue': [3.0, 4.5]}})
"""

from __future__ import annotations

from dataclasses import dataclass

from sgdanim.core.params import Param, Params
from sgdanim.lessons import Lesson, PartSpec, parts_param

CAPTIONS = {"red": ("Red comes first.", "Still red."), "blue": ("Then blue.", "Blue ends it.")}
PART_SPECS = (PartSpec("red", "The red part", reads=("seconds",)),
              PartSpec("blue", "The blue part", reads=("seconds",)))


@dataclass(frozen=True)
class ChapteredNumbers:
    """When each caption starts, in seconds, per part (the only numbers this lesson has)."""

    caption_starts: dict

    def shown(self) -> dict:
        return {"caption_starts": self.caption_starts}


def compute(params: Params) -> ChapteredNumbers:
    """Each part says its captions one after another, ``seconds`` apart."""
    starts, t = {}, 0.0
    for part, lines in CAPTIONS.items():
        starts[part] = [t + i * params.seconds for i in range(len(lines))]
        t += len(lines) * params.seconds
    return ChapteredNumbers(starts)


LESSON = Lesson(
    id="chapters", title="Two chapters", summary="a red part, then a blue one (the web tests)",
    scene="tests.example.chaptered_scene:ChapteredScene", compute=compute, parts=PART_SPECS,
    params=(Param("seconds", "float", 1.5, "how long each caption stays up", low=1.5, high=10),
            parts_param(PART_SPECS)))
