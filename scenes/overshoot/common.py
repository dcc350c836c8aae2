"""What the parts of ``overshoot`` share: headers, axis steps, a number that jumps, the model
formulas, and the log axes the sweep and the thread's run are plotted on.

The lesson (:mod:`sgdanim.lessons.overshoot`) gives each log plot its decades and its curves'
clipped logs; :class:`LogAxes` only maps them to the screen.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UL, UP, Axes, ChangeDecimalToValue, DashedLine, DecimalNumber,
                   Line, MathTex, Text, VGroup, VMobject)

from sgdanim.core.ticks import nice_step
from scenes.kit.format import decimals

RUNAWAY = "#FF1F1F"   # only the runaway markers use this, so a frame test can look for it
# The formulas as the screen shows them (sgdanim.core.models keeps them as plain text).
MODEL_TEX = {"linear": r"y=a\,x+b", "linear2": r"y=c\,(a\,x+b)+d",
             "relu2": r"y=c\,\max(0,\,a\,x+b)+d"}


def header(text: str) -> Text:
    """A part's title, in the top left corner."""
    return Text(text, font_size=30).to_corner(UL, buff=0.35)


def axis_step(span: float) -> float:
    """The tick step of a linear axis over ``span``: 1, 2 or 5 times a power of ten, at most
    five intervals."""
    return nice_step(span, 5, mantissas=(1, 2, 5, 10))


def tick_labels(step: float) -> dict:
    """An axis config that labels ticks ``step`` apart with the decimals the step needs."""
    return {"decimal_number_config": {"num_decimal_places": decimals(step, 3)}}


def row_step(rows: int) -> int:
    """The tick step of a rows axis: a multiple of 5 that gives about five ticks.

    >>> row_step(58), row_step(29), row_step(10)
    (10, 5, 1)
    """
    return max(1, round(rows / 5 / 5) * 5)


def jump_to(number: DecimalNumber, value: float, run_time: float = 0.5):
    """Show ``value`` halfway through, with no made-up numbers in between.

    (An Indicate on the same number would restore its old glyphs when it ends.)"""
    return ChangeDecimalToValue(number, value, rate_func=lambda t: float(t >= 0.5),
                                run_time=run_time)


class LogAxes(VGroup):
    """Axes for a :class:`~sgdanim.lessons.overshoot.LogPlot`: y runs over its decades,
    labelled 10^k every ``per_tick``, with the x-axis on the bottom decade.

    >>> from sgdanim.lessons.overshoot import log_plot
    >>> ax = LogAxes(30, log_plot([[0.01]], floor=-2, top=12))     # the bottom moved to -3
    >>> ax.low, [t[1].tex_string for t in ax.ticks][:2]
    (-3, ['10^{-3}', '10^{0}'])
    """

    def __init__(self, x_max: int, plot, width=6.0, height=4.0, x_step=None, x_label="row",
                 y_label="", font_size=22, **kwargs):
        super().__init__(**kwargs)
        self.low, self.high = plot.low, plot.high
        self.axes = Axes(x_range=[0, x_max, x_step or row_step(x_max)],
                         y_range=[0, plot.high - plot.low, plot.per_tick],
                         x_length=width, y_length=height, tips=False,
                         x_axis_config={"include_numbers": True, "font_size": font_size,
                                        "numbers_to_exclude": [0]},
                         y_axis_config={"include_numbers": False, "include_ticks": False})
        # Our own ticks, one per labelled decade, instead of the axis's evenly spaced ones.
        self.ticks = VGroup(*[
            VGroup(Line(self.point(0, k) + LEFT * 0.08, self.point(0, k) + RIGHT * 0.08),
                   MathTex(f"10^{{{k}}}", font_size=font_size + 2).next_to(
                       self.point(0, k), LEFT, buff=0.14))
            for k in range(plot.low, plot.high + 1, plot.per_tick)])
        self.labels = VGroup(Text(x_label, font_size=font_size).next_to(self.axes.x_axis, DOWN,
                                                                         buff=0.35))
        if y_label:   # an empty MathTex has no points, and aligning it raises in manim
            self.labels.add(MathTex(y_label, font_size=font_size + 4)
                            .next_to(self.axes, UP, buff=0.3).align_to(self.ticks, LEFT))
        self.add(self.axes, self.ticks, self.labels)

    def point(self, x: float, log: float) -> np.ndarray:
        """The scene point of row ``x`` at ``log`` decades (a log the lesson clipped)."""
        return self.axes.c2p(x, float(log) - self.low)

    def curve(self, logs, colour, width=3) -> VMobject:
        """A polyline through rows 1, 2, ... at ``logs``; one bezier per row, so Create draws
        rows evenly. No rows, no points."""
        if not len(logs):
            return VMobject()
        pts = [self.point(x, v) for x, v in zip(np.arange(1, len(logs) + 1), logs)]
        line = VMobject(stroke_color=colour, stroke_width=width)
        line.set_points_as_corners(pts if len(pts) > 1 else pts * 2)
        return line

    def runaway_marker(self, step: int, label: str | None = None, font_size=22) -> VGroup:
        """A vertical dashed line at row ``step``; ``marker.step`` holds the row it marks and
        ``marker.label`` the words written over it (manim's ``Text.text`` drops the spaces)."""
        bottom, top = self.axes.c2p(step, 0), self.axes.c2p(step, self.high - self.low)
        marker = VGroup(DashedLine(bottom, top, color=RUNAWAY, stroke_width=4, dash_length=0.12))
        if label:
            text = Text(label, font_size=font_size, color=RUNAWAY).next_to(top, UP, buff=0.1)
            # Keep the label over its own panel, whatever the row.
            left, right = self.axes.get_left()[0], self.axes.get_right()[0]
            text.shift(RIGHT * (max(left - text.get_left()[0], 0)
                                + min(right - text.get_right()[0], 0)))
            marker.add(text)
        marker.step, marker.label = step, label
        return marker
