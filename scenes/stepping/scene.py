"""Lesson ``stepping``: the spreadsheet's basic sheet, animated.

Left, the data and the current line; right, the loss landscape with the weight point stepping
across it. The first rows are worked through as the sheet's columns, the derivative is shown
twice (a tangent, then a finite difference), the rest runs fast with an error log per epoch,
and the Hessian's curvatures explain the long thin valley. Every number comes from
:mod:`sgdanim.lessons.stepping`. The stage the parts share is built in
:mod:`scenes.stepping.stage`; each part has its module, named after it.

Render with ``manim -ql scenes/stepping/scene.py Stepping``.
"""

from __future__ import annotations

from scenes.kit.scene import LessonScene
from scenes.kit.titles import chapter_header
from scenes.kit.titles import title_swap
from scenes.stepping.derivative import DerivativePart
from scenes.stepping.epochs import EpochsPart
from scenes.stepping.crawl import CrawlPart
from scenes.stepping.panels import PanelsPart
from scenes.stepping.rows import RowsPart
from scenes.stepping.stage import build_stage
from scenes.stepping.valley import ValleyPart


class Stepping(LessonScene):
    """The basic sheet, row by row, then epoch by epoch, then the crawl along the valley as a
    time-lapse. Marks: ``weights`` (k = the path row the walker stands on, for ``hold``
    seconds), ``poster``, ``derivative``, ``valley``, ``crawl`` (the time-lapse's end)."""

    lesson_id = "stepping"
    parts = (PanelsPart, RowsPart, DerivativePart, EpochsPart, ValleyPart, CrawlPart)

    def setup(self):
        """Build the stage every part stands on (manim's place for set-up, before construct)."""
        self.stage = build_stage(self.numbers)
        self.heading = self.stage.title       # the question, until the first part's header

    def retitle(self, part_id: str, clear=()) -> None:
        """Turn the title on screen (the question, or the last part's header) into this part's
        header, ``k · title``, and bring the step readout on beside it: the kit's
        :func:`~scenes.kit.titles.title_swap`, with ``clear`` (what the last part leaves that
        this one has no use for) going with the old title."""
        new = chapter_header(self.lesson.parts, part_id, self.numbers, opening="panels")
        old = self.heading if self.heading in self.mobjects else None
        gone = [m for m in clear if m in self.mobjects]
        # The panels' setting and empty sheet header, still up when the parts picked skip
        # ``rows`` (which fades them as its strip comes on), go with the title.
        if part_id != "rows":
            gone += [m for m in (getattr(self, "setting", None), getattr(self, "sheet_header", None))
                     if m is not None and m in self.mobjects]
        readout = self.stage.readout
        bring = [readout] if readout not in self.mobjects and readout not in clear else []
        self.play(title_swap(old, new, clear=gone, bring=bring))
        self.heading = new
        self.movers_last()

    def between_parts(self) -> None:
        """Nothing: the stage stays on screen from part to part."""

    def closing(self) -> None:
        """Hold the last picture."""
        self.wait(1.5)

    def show_stage(self, k: int) -> None:
        """Bring on the stage at once if the ``panels`` part did not play it in, and stand the
        walker on path row ``k``, where the parts before this one would have left it."""
        if self.stage.walker not in self.mobjects:
            self.add(*[m for m in self.stage.members() if m is not self.stage.title])
            self.movers_last()
        index = self.stage.walker.index
        if abs(index.get_value() - k) > 1e-9:
            index.set_value(k)

    def movers_last(self) -> None:
        """Keep what moves every frame at the end of the scene's list from now on: manim draws
        everything before the first moving mobject once per animation, so the contours, the
        strip and the formulas stay cached."""
        self.keep_on_top(*[m for m in self.stage.movers() if m in self.mobjects])

    def walk_to(self, k: int, run_time: float, hold: float) -> None:
        """Walk to path row ``k``, then hold there for ``hold`` seconds (marked ``weights``)."""
        self.play(self.stage.walker.walk(k, run_time), run_time=run_time)
        self.mark("weights", k=k, hold=hold)
        self.wait(hold)
