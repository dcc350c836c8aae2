"""The ``tiny`` lesson's scene: an axis, then a dot walking the weights the lesson computed.

Render it alone with ``manim -ql tests/example/scene.py TinyScene`` (after registering the
lesson, as tests/conftest.py does) or through ``sgdanim render tiny`` in the tests.
"""

from __future__ import annotations

from manim import YELLOW, Dot, FadeOut, Line, MoveAlongPath, VMobject, linear

from scenes.kit.part import Part
from scenes.kit.scene import LessonScene
from tests.example.lesson import POSTER_HOLD, RENDERS


class Axis(Part):
    """The x axis, added at once."""

    id = "axis"

    def build(self, numbers, params):
        return Line([-6, -1, 0], [6, -1, 0])

    def play(self, scene, axis):
        scene.add(axis)


class Walk(Part):
    """The dot walks the weights, one corner per step, then fades (so the last frame is not
    the telling one and the poster mark matters)."""

    id = "walk"

    def build(self, numbers, params):
        dot = Dot([numbers.xs[0], 0, 0], radius=0.4, color=YELLOW)
        path = VMobject().set_points_as_corners([[x, 0, 0] for x in numbers.xs])
        return dot, path

    def play(self, scene, built):
        dot, path = built
        scene.add(dot)
        # Short enough to be read in the default walk and fade (1.5 s, the least a line stays).
        scene.say("The dot steps to zero.")
        scene.play(MoveAlongPath(dot, path), run_time=scene.params.seconds, rate_func=linear)
        scene.mark("poster")
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
