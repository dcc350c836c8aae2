"""Every lesson, rendered in two processes that share out its animations, is the same video,
byte for byte, with the same captions, marks and numbers as when one process renders it.

This is what lets ``sgdanim render`` split a lesson by default: a lesson whose updaters
depended on elapsed time, not state, would fail here (see the negative controls in
tests/render/test_split.py).
"""

from __future__ import annotations

import pytest

from sgdanim.render.cache import jsonable
from sgdanim.lessons import lesson_ids
from sgdanim.render.scene import render_scene
from tests.framekit import packets

pytest.importorskip("manim")


@pytest.mark.parametrize("lesson_id", lesson_ids())
def test_two_processes_render_the_same_lesson(lesson_id, tmp_path, svg_cache):
    one = render_scene(lesson_id, None, "test", tmp_path / "one", shared_assets=svg_cache)
    two = render_scene(lesson_id, None, "test", tmp_path / "two", shared_assets=svg_cache,
                       processes=2)
    shares = [two.scene.claimed_by.count(k) / len(two.scene.claimed_by) for k in (0, 1)]
    assert min(shares) > 0.1, shares  # both drew a real part
    assert packets(two.video) == packets(one.video)
    assert two.captions.read_text() == one.captions.read_text()
    assert two.scene.timeline == one.scene.timeline
    assert two.scene.renderer.time == one.scene.renderer.time
    assert jsonable(two.scene.numbers.shown()) == jsonable(one.scene.numbers.shown())
