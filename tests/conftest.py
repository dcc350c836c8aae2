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
from sgdanim.lessons import Lesson, PartSpec, parts_param
from sgdanim.core.params import Param

POSTER_HOLD = 0.5  # seconds the scene runs after its poster mark (the dot fades out)


def tiny_numbers(params):
    """Gradient descent on f(x) = x²/2 from x = -5: x_k = -5·(1 - lr)^k."""
    xs = -5.0 * (1.0 - params.lr) ** np.arange(params.steps + 1)
    return SimpleNamespace(xs=xs, shown=lambda: {"x_final": float(xs[-1]), "steps": params.steps})


TINY_PARTS = (PartSpec("axis", "The axis and the dot"),
              PartSpec("walk", "The walk", reads=("lr", "steps", "seconds")))


def _tiny(lesson_id: str, cls: str) -> Lesson:
    return Lesson(
        id=lesson_id, title="Tiny", summary="a dot steps toward 0 (pipeline test fixture)",
        scene=f"tests.conftest:{cls}", compute=tiny_numbers, parts=TINY_PARTS,
        params=(Param("lr", "float", 0.3, "step size", low=0, low_open=True, high=1.5),
                Param("steps", "int", 4, "steps", low=1, high=50),
                Param("seconds", "float", 1.0, "length of the walk", low=0.1, high=60),
                parts_param(TINY_PARTS)))


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

    from scenes.kit.part import Part
    from scenes.kit.scene import LessonScene

    class Axis(Part):
        id = "axis"

        def build(self, numbers, params):
            return Line([-6, -1, 0], [6, -1, 0])

        def play(self, scene, axis):
            scene.add(axis)

    class Walk(Part):
        id = "walk"

        def build(self, numbers, params):
            xs = numbers.xs
            dot = Dot([xs[0], 0, 0], radius=0.4, color=YELLOW)
            return dot, VMobject().set_points_as_corners([[x, 0, 0] for x in xs])

        def play(self, scene, built):
            dot, path = built
            scene.add(dot)
            scene.say("The dot steps toward zero.")
            scene.play(MoveAlongPath(dot, path), run_time=scene.params.seconds, rate_func=linear)
            scene.mark("poster")
            scene.say(None)
            # fade out, so the last frame is not the telling one
            scene.play(FadeOut(dot), run_time=POSTER_HOLD)

    class TinyScene(LessonScene):
        lesson_id = "tiny"
        parts = (Axis, Walk)

        def setup(self):
            RENDERS.append(self.lesson_id)

        def between_parts(self):
            pass  # the axis stays while the dot walks

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
