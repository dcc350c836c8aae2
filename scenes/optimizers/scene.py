"""Lesson ``optimizers``: the spreadsheet's five optimizer sheets as one race.

Every number drawn comes from :func:`sgdanim.lessons.optimizers.compute`. The pieces the parts
share are built and placed once by :func:`scenes.optimizers.panels.layout`; the parts
(``scenes/optimizers/parts.py``, ``sweep.py``) play on one screen: the bowl, each racer's lr
sweep, each rule as its path starts,
the race, the table.

Render the defaults with ``manim -ql scenes/optimizers/scene.py Optimizers``.
"""

from __future__ import annotations

from scenes.kit.scene import LessonScene
from scenes.optimizers.panels import layout
from scenes.optimizers.parts import Bowl, Race, Rules, Steps, Table, header
from scenes.optimizers.sweep import Sweep


class Optimizers(LessonScene):
    lesson_id = "optimizers"
    parts = (Bowl, Sweep, Rules, Race, Table, Steps)

    def setup(self):
        self.stage = layout(self.numbers)
        self.shown_parts: set[str] = set()   # parts whose end state is (or will be) on screen

    def between_parts(self) -> None:
        """Nothing: the parts share one screen, each adding to what the last one left."""

    def catch_up(self, part_id: str) -> None:
        """Before part ``part_id`` plays: settle every part before it that did not play, so
        the screen is as if it had."""
        last = None
        for part in self.parts:
            if part.id == part_id:
                break
            if part.id not in self.shown_parts:
                settled = part()
                settled.settle(self, settled.build(self.numbers, self.params))
                self.shown_parts.add(part.id)
                last = part.id
        if last is not None and getattr(self, "header", None) is None:
            self.header = header(last, self.numbers)   # the header the settled part would have left
            self.add(self.header)
        self.shown_parts.add(part_id)
