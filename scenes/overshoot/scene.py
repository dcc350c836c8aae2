"""Lesson ``overshoot``: a learning rate too big turns into a runaway loop.

Three parts, in playing order: ``parabola`` steps one weight down a parabola at three learning
rates and shows the loop that makes a big step bigger; ``sweep`` runs learning rates over the
data's rows (the spreadsheet's by default) against the critical rate 2/λmax; ``thread`` replays
the forum thread's run until it diverges. Every number drawn comes from
:func:`sgdanim.lessons.overshoot.compute`.

Render the defaults with ``manim -ql scenes/overshoot/scene.py Overshoot``.
"""

from __future__ import annotations

from scenes.kit.scene import LessonScene
from scenes.overshoot.parabola import ParabolaPart
from scenes.overshoot.sweep import SweepPart
from scenes.overshoot.question import QuestionPart
from scenes.overshoot.thread import ThreadPart


class Overshoot(LessonScene):
    """Overshoot: a learning rate too big turns into a runaway loop."""

    lesson_id = "overshoot"
    parts = (QuestionPart, ParabolaPart, SweepPart, ThreadPart)

    def between_parts(self) -> None:
        """A short fade: each part puts its title and its plot up on its first frame, so the
        screen is never dark for long between parts."""
        if self.mobjects:
            self.clear_screen(run_time=0.4)
