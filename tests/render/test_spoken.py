"""Every caption of every lesson, spoken: nothing left that a voice would mangle.

The lessons run dry (tests/scenes/test_captions.py's ``dry_run``: the clock and the captions
as in a render, no frame drawn), and each line's spoken form may hold only letters, spaces,
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


@pytest.fixture(scope="module")
def captions(manim_tmp):
    from tests.scenes.test_captions import dry_run

    return {lesson_id: [text for _, _, text in dry_run(lesson_id)[0]]
            for lesson_id in all_lessons()}


def test_every_caption_of_every_lesson_can_be_spoken(captions):
    assert sum(map(len, captions.values())) > 100
    for lesson_id, lines in captions.items():
        assert problems(lines) == [], lesson_id


def test_a_symbol_the_speaker_does_not_know_is_seen(captions, monkeypatch):
    """Negative controls: a sign no rule reads, and the lessons' own captions with the
    symbol table emptied."""
    assert leftovers(spoken("∇L ≠ 0 at 3.5 e.g.")) == "∇≠"
    assert leftovers("one times ten to the minus four - and 1e-4") == "-1-4"
    monkeypatch.setattr(spoken_module, "_WORDS", [])
    assert len(problems([line for lines in captions.values() for line in lines])) > 20
