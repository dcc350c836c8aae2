"""The renders of each lesson that its frame tests, the split test and the part tests share:
one in two processes, one in one process storing its parts."""

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


@pytest.fixture(scope="session")
def one_process_render(tmp_path_factory, svg_cache):
    """``one_process_render(id)``: the lesson at ``framekit.FRAME_SETS[id]``, rendered at test
    quality in one process, storing its parts as ``sgdanim render`` does: ``(rendered, parts,
    out)``, ``out`` holding the part cache (tests copy it; they must not change it). The split
    test compares the two-process render with it; the part tests reuse its parts. Rendered
    once per test process."""
    done = {}

    def render(lesson_id: str):
        if lesson_id not in done:
            out = tmp_path_factory.mktemp(f"{lesson_id}-one")
            rendered, parts = framekit.render_with_parts(
                lesson_id, framekit.FRAME_SETS[lesson_id], out, svg_cache, "full", 1)
            done[lesson_id] = rendered, parts, out
        return done[lesson_id]

    return render
