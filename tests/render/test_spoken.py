"""Every caption of every lesson, spoken: nothing left that a voice would mangle.

The lessons run dry (tests/scenes/dryrun.py: the clock and the captions as in a render, no
frame drawn; the same run the caption and style tests use, in the same test process), and
each line's spoken form may hold only letters, spaces,
hyphens inside words and the punctuation a voice pauses at. A digit, a Greek letter, an
arrow or a superscript left over would be read as "one point zero e minus four" or skipped.
"""

from __future__ import annotations

import re

import pytest

from sgdanim.lessons import all_lessons
from sgdanim.render import spoken as spoken_module
from sgdanim.render.spoken import spoken

ALLOWED = re.compile(r"[A-Za-z ,.:;'?!()]|(?<=[A-Za-z])-(?=[A-Za-z])")


def leftovers(text: str) -> str:
    """The characters of ``text`` a voice would stumble on."""
    return ALLOWED.sub("", text)


def problems(captions) -> list[str]:
    return [f"{caption!r} -> {spoken(caption)!r}" for caption in captions
            if leftovers(spoken(caption))]


manim = pytest.importorskip("manim")

from tests.scenes.dryrun import played_at_defaults, same_process  # noqa: E402

LESSONS = [pytest.param(lesson_id, marks=same_process(lesson_id)) for lesson_id in all_lessons()]


def captions(lesson_id: str) -> list[str]:
    return [text for _, _, text in played_at_defaults(lesson_id).cues]


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_every_caption_of_every_lesson_can_be_spoken(lesson_id, manim_tmp):
    lines = captions(lesson_id)
    assert len(lines) > 20
    assert problems(lines) == []


@pytest.mark.parametrize("lesson_id", LESSONS[1:2])
def test_a_symbol_the_speaker_does_not_know_is_seen(lesson_id, manim_tmp, monkeypatch):
    """Negative controls: a sign no rule reads, and a lesson's own captions with the symbol
    table emptied."""
    assert leftovers(spoken("∇L ≠ 0 at 3.5 e.g.")) == "∇≠"
    assert leftovers("one times ten to the minus four - and 1e-4") == "-1-4"
    lines = captions(lesson_id)
    monkeypatch.setattr(spoken_module, "_WORDS", [])
    assert len(problems(lines)) > 10
