"""One render of each lesson for all of its frame tests and the split test."""

from __future__ import annotations

import pytest

from sgdanim.lessons import get
from tests import framekit


@pytest.fixture(scope="session")
def lesson_render(tmp_path_factory, svg_cache):
    """``lesson_render(id)``: the lesson at ``framekit.FRAME_SETS[id]``, rendered at test
    quality in two processes as ``sgdanim render`` does, and decoded: ``(rendered, frames,
    fps)``. Rendered once per test process; later calls return the same."""
    done = {}

    def render(lesson_id: str):
        if lesson_id not in done:
            params = get(lesson_id).resolve(sets=framekit.FRAME_SETS[lesson_id])
            folder = tmp_path_factory.mktemp(lesson_id)
            done[lesson_id] = framekit.render(lesson_id, params, folder, svg_cache, processes=2)
        return done[lesson_id]

    return render


@pytest.fixture(scope="module")
def rendered(request, lesson_render):
    """The shared render of the lesson a frame test module names in its ``LESSON``."""
    return lesson_render(request.module.LESSON.id)
