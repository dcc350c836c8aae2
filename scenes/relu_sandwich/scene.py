"""Lesson ``relu-sandwich``: two linear neurons are one line; a ReLU filling bends it; the pair
still trains worse, because the same function is a different optimisation problem.

Every number comes from :mod:`sgdanim.lessons.relu_sandwich`; the parts are in
:mod:`scenes.relu_sandwich.graphs` (1 and 2), :mod:`~scenes.relu_sandwich.training` (3) and
:mod:`~scenes.relu_sandwich.solutions` (4), drawn with :mod:`scenes.relu_sandwich.panels`.
Render the defaults with ``manim -ql scenes/relu_sandwich/scene.py ReluSandwich``.
"""

from __future__ import annotations

from scenes.kit.scene import LessonScene
from scenes.relu_sandwich.graphs import CollapsePart, HingePart
from scenes.relu_sandwich.solutions import SolutionsPart
from scenes.relu_sandwich.training import TrainingPart


class ReluSandwich(LessonScene):
    """The four parts of the lesson; each starts on an empty screen, and all but the last fade
    out at their end."""

    lesson_id = "relu-sandwich"
    parts = (CollapsePart, HingePart, TrainingPart, SolutionsPart)

    def between_parts(self) -> None:
        """Fade the part that ended out, a little faster than the kit's default."""
        if self.mobjects:
            self.clear_screen(run_time=0.6)

    # no closing fade: the lesson ends on its last picture (a looping embed rests on it)
