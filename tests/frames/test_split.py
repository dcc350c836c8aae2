"""Every lesson, rendered in two processes that share out its animations, is the same video,
byte for byte, with the same captions, marks and numbers as when one process renders it.

This is what lets ``sgdanim render`` split a lesson by default: a lesson whose updaters
depended on elapsed time, not state, would fail here (see the negative controls in
tests/render/test_split.py). The two-process render is the one the lesson's frame tests
decode (``lesson_render``); the one-process render (``one_process_render``) is the one the part
tests reuse the parts of.
"""

from __future__ import annotations

import pytest

from sgdanim.lessons import lesson_ids
from sgdanim.render.cache import jsonable
from sgdanim.render.manim_compat import played_seconds
from tests import framekit

pytest.importorskip("manim")
pytestmark = pytest.mark.frames


@pytest.mark.parametrize("lesson_id", [pytest.param(i, marks=framekit.group(i))
                                       for i in lesson_ids()])
def test_two_processes_render_the_same_lesson(lesson_id, lesson_render, one_process_render):
    two, _, _ = lesson_render(lesson_id)
    one, _, _ = one_process_render(lesson_id)
    drawn = [two.scene.claimed_by.count(k) for k in (0, 1)]
    assert min(drawn) >= 1, drawn  # both processes drew (how many is up to timing)
    assert framekit.packets(two.video) == framekit.packets(one.video)
    assert two.captions.read_text() == one.captions.read_text()
    assert two.scene.timeline == one.scene.timeline
    assert played_seconds(two.scene) == played_seconds(one.scene)
    assert jsonable(two.scene.numbers.shown()) == jsonable(one.scene.numbers.shown())
