"""Tiny throwaway lessons for the render pipeline tests, so those stay fast and independent
of the real lessons. ``register_tiny()`` also works in a subprocess (see test_render_safety).

The scene classes are built on first use (module ``__getattr__``) so that collecting the
pixel-free tests never imports manim.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

import sgdanim.lessons
from sgdanim.lessons import Lesson
from sgdanim.core.params import Param

POSTER_HOLD = 0.5  # seconds the scene runs after its poster mark (the dot fades out)


def tiny_numbers(params):
    """Gradient descent on f(x) = x²/2 from x = -5: x_k = -5·(1 - lr)^k."""
    xs = -5.0 * (1.0 - params.lr) ** np.arange(params.steps + 1)
    return SimpleNamespace(xs=xs, shown=lambda: {"x_final": float(xs[-1]), "steps": params.steps})


def _tiny(lesson_id: str, cls: str) -> Lesson:
    return Lesson(
        id=lesson_id, title="Tiny", summary="a dot steps toward 0 (pipeline test fixture)",
        scene=f"tests.conftest:{cls}", compute=tiny_numbers,
        params=(Param("lr", "float", 0.3, "step size", low=0, low_open=True, high=1.5),
                Param("steps", "int", 4, "steps", low=1, high=50),
                Param("seconds", "float", 1.0, "length of the walk", low=0.1, high=60)))


TINY_LESSONS = {"tiny": _tiny("tiny", "TinyScene"), "tiny-two": _tiny("tiny-two", "TinyTwoScene")}
RENDERS: list[str] = []  # lesson ids, appended each time a tiny scene is constructed


def register_tiny() -> None:
    sgdanim.lessons.all_lessons = lambda: TINY_LESSONS


@pytest.fixture
def tiny_lessons(monkeypatch):
    monkeypatch.setattr(sgdanim.lessons, "all_lessons", lambda: TINY_LESSONS)
    RENDERS.clear()
    return TINY_LESSONS


def _build_scenes():
    from manim import YELLOW, Dot, FadeOut, Line, VMobject, linear, MoveAlongPath

    from scenes.kit.scene import LessonScene

    class TinyScene(LessonScene):
        lesson_id = "tiny"

        def construct(self):
            RENDERS.append(self.lesson_id)
            xs = self.numbers.xs
            # Part 1: the axis and the dot at its start
            self.add(Line([-6, -1, 0], [6, -1, 0]))
            dot = Dot([xs[0], 0, 0], radius=0.4, color=YELLOW)
            self.add(dot)
            # Part 2: the walk, one corner per step
            path = VMobject().set_points_as_corners([[x, 0, 0] for x in xs])
            self.add_subcaption("The dot steps toward zero.", duration=self.params.seconds)
            self.play(MoveAlongPath(dot, path), run_time=self.params.seconds, rate_func=linear)
            self.mark("poster")
            # Part 3: fade out, so the last frame is not the telling one
            self.play(FadeOut(dot), run_time=POSTER_HOLD)

    class TinyTwoScene(TinyScene):
        lesson_id = "tiny-two"

    return {"TinyScene": TinyScene, "TinyTwoScene": TinyTwoScene}


def __getattr__(name):
    if name in ("TinyScene", "TinyTwoScene"):
        globals().update(_build_scenes())
        return globals()[name]
    raise AttributeError(name)


@pytest.fixture(scope="session")
def svg_cache(request, tmp_path_factory):
    """A folder of LaTeX/Pango SVGs kept in pytest's cache between runs, so render tests compile
    each formula once per checkout (a fresh folder when the cache plugin is off)."""
    cache = getattr(request.config, "cache", None)
    return cache.mkdir("sgdanim-svg") if cache is not None else tmp_path_factory.mktemp("svg")
