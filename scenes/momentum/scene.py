"""Lesson ``momentum``: momentum is a moving average of the gradient.

Part 1 averages sin(x) point by point and sweeps β; Part 2 follows a real wiggly derivative;
Part 3 feeds a constant gradient to both conventions; Part 4 walks the momentum sheet's path
against plain SGD. Every curve is drawn from the lesson's numbers (sgdanim.lessons.momentum);
each part lives in its own module here.

Render at the defaults with ``manim -ql scenes/momentum/scene.py Momentum``.
"""

from __future__ import annotations

from manim import FadeOut, Text, Write

from scenes.kit.scene import LessonScene
from scenes.momentum.constant import Constant
from scenes.momentum.paths import Paths
from scenes.momentum.sine import Sine
from scenes.momentum.wiggle import Wiggle


class Momentum(LessonScene):
    lesson_id = "momentum"
    parts = (Sine, Wiggle, Constant, Paths)

    def opening(self) -> None:
        """The lesson's title card."""
        title = Text(self.lesson.title, font_size=40)
        self.say("Momentum is a moving average of the gradient.")
        self.play(Write(title), run_time=1.5)
        self.wait(0.5)
        self.play(FadeOut(title), run_time=0.5)
