"""A lesson played with no frame drawn: its captions, its length, and every text it puts on
screen, in seconds instead of minutes.

The lessons run with every animation skipped (the split render's way,
``manim_compat.decide_plays``): the clock, the captions and the mobjects added to the scene
come out as in a render, but nothing is rasterised. ``tests/scenes/test_captions.py`` checks
the captions and ``tests/scenes/test_style.py`` the text sizes from the same run.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import manim

from sgdanim.lessons import all_lessons

TEXT_TYPES = (manim.Text, manim.MarkupText, manim.MathTex, manim.Tex, manim.DecimalNumber)


@dataclass(frozen=True)
class DryRun:
    """What a played lesson showed: ``cues`` as ``(start, stop, text)``, its length in
    ``seconds``, and ``texts``: every text that reached the screen, as ``(font size, words)``."""

    cues: list
    seconds: float
    texts: frozenset


def _words(mob) -> str:
    return (getattr(mob, "original_text", None) or getattr(mob, "tex_string", None)
            or type(mob).__name__)


def note_texts(scene, texts: set) -> None:
    """Add to ``texts`` the ``(font size, words)`` of every text ``scene`` puts on screen from
    now on: ``Scene.add`` is where every mobject arrives, played or added directly."""
    add = scene.add

    def add_and_note(*mobjects):
        for mob in mobjects:
            texts.update((round(float(m.font_size), 1), _words(m)) for m in mob.get_family()
                         if isinstance(m, TEXT_TYPES) and m.height > 0)
        return add(*mobjects)

    scene.add = add_and_note


def play(lesson_id: str, sets=(), frame_rate: int = 15) -> DryRun:
    """Play ``lesson_id`` at its defaults (and ``sets``) with no frame drawn."""
    from sgdanim.render import manim_compat

    lesson = all_lessons()[lesson_id]
    manim_compat.install()
    settings = {"pixel_width": 256, "pixel_height": 144, "frame_rate": frame_rate,
                "disable_caching": True, "write_to_movie": False, "verbosity": "ERROR",
                "progress_bar": "none"}
    texts = set()
    with manim.tempconfig(settings):
        scene = lesson.scene_class()(params=lesson.resolve(sets=sets))
        note_texts(scene, texts)
        manim_compat.decide_plays(scene, lambda index, skipped: False)
        scene.render()
    cues = [(c.start.total_seconds(), c.end.total_seconds(), c.content)
            for c in scene.renderer.file_writer.subcaptions]
    return DryRun(cues, manim_compat.played_seconds(scene), frozenset(texts))


@functools.lru_cache(maxsize=None)
def played_at_defaults(lesson_id: str) -> DryRun:
    """:func:`play` at the defaults, once per test process (the caption and style tests of a
    lesson share one ``xdist_group``, so they share this run)."""
    return play(lesson_id)


def same_process(lesson_id: str):
    """The mark that keeps a lesson's dry-run tests in one test process."""
    import pytest

    return pytest.mark.xdist_group(f"dry-{lesson_id}")
