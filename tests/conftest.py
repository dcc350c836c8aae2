"""Shared fixtures. The pipeline tests render the example lesson (tests/example), registered
as ``tiny`` and ``tiny-two`` so they stay fast and independent of the real lessons;
``register_tiny()`` also works in a subprocess (see tests/render/test_safety.py).
"""

from __future__ import annotations

import pytest

import sgdanim.lessons
from tests.example.lesson import POSTER_HOLD, RENDERS, compute, make_lesson

tiny_numbers = compute
TINY_LESSONS = {"tiny": make_lesson("tiny", "TinyScene"),
                "tiny-two": make_lesson("tiny-two", "TinyTwoScene")}
__all__ = ["POSTER_HOLD", "RENDERS", "TINY_LESSONS", "register_tiny", "tiny_numbers"]


def register_tiny() -> None:
    sgdanim.lessons.all_lessons = lambda: TINY_LESSONS


@pytest.fixture
def tiny_lessons(monkeypatch):
    monkeypatch.setattr(sgdanim.lessons, "all_lessons", lambda: TINY_LESSONS)
    RENDERS.clear()
    return TINY_LESSONS


@pytest.fixture(scope="module")
def manim_tmp(tmp_path_factory, svg_cache):
    """manim's config for building mobjects without rendering (layout tests): a media folder
    of this module's own, seeded with the shared LaTeX and Pango SVGs and giving new ones back
    at the end, one atomic rename each, as a render does. Two test processes then never
    compile into, or read half of, one file."""
    manim = pytest.importorskip("manim")
    from sgdanim.render.scene import seed_assets, share_assets, shared_asset_folders

    media = tmp_path_factory.mktemp("media")
    folders = shared_asset_folders(manim.config.pixel_width, manim.config.pixel_height)
    for sub in folders.values():
        seed_assets(svg_cache / sub, media / sub)
    with manim.tempconfig({"media_dir": str(media), "verbosity": "WARNING",
                           **{key: str(media / sub) for key, sub in folders.items()}}):
        yield media
    for sub in folders.values():
        share_assets(media / sub, svg_cache / sub)


def ungrouped(items) -> list[str]:
    """The tests marked with an ``xdist_group`` whose node id lacks the ``@group`` suffix
    pytest-xdist's ``loadgroup`` schedules them by: with such a test, that scheduler deals the
    group's tests out one by one, and each test process renders the lesson again."""
    return [item.nodeid for item in items
            if item.get_closest_marker("xdist_group") is not None and "@" not in item.nodeid]


@pytest.hookimpl(trylast=True)   # after pytest-xdist's own hook has added the suffix
def pytest_collection_modifyitems(config, items):
    """Under ``--dist loadgroup`` (``make test``), fail the first grouped test if the groups
    did not take: the suite would pass, in twice the time (pyproject.toml says which pytest
    broke it). A test process cannot stop the run with a message (xdist reports a crash)."""
    if config.getoption("loadgroup", default=False):
        lost = ungrouped(items)
        if lost:
            first = next(item for item in items if item.nodeid == lost[0])
            message = (f"--dist loadgroup is not grouping {first.nodeid} and {len(lost) - 1} "
                       "other grouped tests (pytest-dev/pytest-xdist#1386)")
            first.runtest = lambda: pytest.fail(message, pytrace=False)
