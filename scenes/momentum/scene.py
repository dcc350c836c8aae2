"""Lesson ``momentum``: momentum is a moving average of the gradient.

Part 1 averages sin(x) point by point and sweeps β; Part 2 follows a real wiggly derivative;
Part 3 feeds a constant gradient to both conventions; Part 4 puts the momentum sheet's steps
beside plain SGD's, at the sheet's lr and at a larger one. Every curve is drawn from the
lesson's numbers (sgdanim.lessons.momentum); each part lives in its own module here.

Render at the defaults with ``manim -ql scenes/momentum/scene.py Momentum``.
"""

from __future__ import annotations

from scenes.kit.scene import LessonScene
from scenes.momentum.constant import Constant
from scenes.momentum.paths import Paths
from scenes.momentum.sine import Sine
from scenes.momentum.wiggle import Wiggle


class Momentum(LessonScene):
    lesson_id = "momentum"
    parts = (Sine, Wiggle, Constant, Paths)

    # No title card: Part 1 opens on the lesson's question over its first picture.
