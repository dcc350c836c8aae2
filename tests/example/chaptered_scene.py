"""The ``chapters`` lesson's scene: per part, a full-frame colour with a white square that
sweeps from left to right under two captions (tests/example/chaptered.py)."""

from __future__ import annotations

from manim import BLUE_E, RED_E, WHITE, Rectangle, Square, linear

from scenes.kit.part import Part
from scenes.kit.scene import LessonScene
from tests.example.chaptered import CAPTIONS


class _Sweep(Part):
    colour = RED_E

    def build(self, numbers, params):
        ground = Rectangle(width=16, height=9, fill_color=self.colour, fill_opacity=1,
                           stroke_width=0)
        square = Square(1.2, fill_color=WHITE, fill_opacity=1, stroke_width=0).move_to([-5.5, 0, 0])
        return ground, square

    def play(self, scene, built):
        ground, square = built
        scene.clear()
        scene.add(ground, square)
        for line in CAPTIONS[self.id]:
            scene.say(line)
            scene.play(square.animate.shift([5.5, 0, 0]), run_time=scene.params.seconds,
                       rate_func=linear)


class Red(_Sweep):
    id = "red"


class Blue(_Sweep):
    id = "blue"
    colour = BLUE_E


class ChapteredScene(LessonScene):
    lesson_id = "chapters"
    parts = (Red, Blue)

    def between_parts(self):
        pass  # the next part's ground covers this one's at once
