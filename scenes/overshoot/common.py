"""What the parts of ``overshoot`` share: headers, axis steps, a number that jumps, and the
log plots over rows the sweep and the thread's run are drawn on.

The lesson (:mod:`sgdanim.lessons.overshoot`) gives each log plot its decades and its curves'
values; :class:`RowPlot` (the kit's log axes) only maps them to the screen.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UL, UP, ChangeDecimalToValue, DashedLine, DecimalNumber,
                   Dot, MathTex, Mobject, Text, UpdateFromAlphaFunc, VGroup, VMobject)

from sgdanim.core.ticks import nice_step, outward
from scenes.kit.format import decimals
from scenes.kit.plots import LogAxes
from scenes.kit.style import DATA, DIM, LABEL_SIZE, MIN_FONT_SIZE, MODEL_COLOURS, TEXT

RUNAWAY = "#FF1F1F"   # only the runaway markers use this, so a frame test can look for it
MEAN = "#E69F00"       # the mean-loss limit, in every part
# The per-row limit, in every part: the lowest of each row's own limit (the grey steps), so in
# their grey. Red is the runaway's alone (review r7: red meant both).
PER_ROW = DIM
ONE = MODEL_COLOURS["linear"]   # one neuron, in every panel
PAIR = MODEL_COLOURS["linear2"]  # the stacked pair (two neurons), in every panel


def axis_step(span: float) -> float:
    """The tick step of a linear axis over ``span``: 1, 2 or 5 times a power of ten, at most
    five intervals."""
    return nice_step(span, 5, mantissas=(1, 2, 5, 10))


def on_steps(low: float, high: float, step: float) -> list[float]:
    """``[low, high]`` widened to whole ``step``s where it does not hold 0: manim ticks such a
    range from its low end (w* = 50 ± 1.1 read 48.9, 49.4, 49.9 beside w*), and one that holds
    0 from 0, so that is left as it is.

    >>> on_steps(48.9, 51.1, 0.5), on_steps(-1.1, 1.1, 0.5)
    ([48.5, 51.5], [-1.1, 1.1])
    """
    return [low, high] if low <= 0 <= high else list(outward(low, high, step))


def tick_labels(step: float) -> dict:
    """An axis config that labels ticks ``step`` apart with the decimals the step needs."""
    return {"decimal_number_config": {"num_decimal_places": decimals(step, 3)}}


def row_step(rows: int) -> int:
    """The tick step of a rows axis: a multiple of 5 that gives about five ticks.

    >>> row_step(58), row_step(29), row_step(10)
    (10, 5, 1)
    """
    return max(1, round(rows / 5 / 5) * 5)


class _NoStartingCopy:
    """For an animation that sets its number from alpha alone: manim copies every animated
    mobject as it begins, and these never read the copy. A number's copy took 1–2 ms, and
    part 2's loop began about 200 of them a render (both processes of a split render)."""

    def create_starting_mobject(self) -> Mobject:
        return Mobject()


class JumpToValue(_NoStartingCopy, ChangeDecimalToValue):
    """:class:`~manim.ChangeDecimalToValue` without the starting copy."""


class AlphaUpdate(_NoStartingCopy, UpdateFromAlphaFunc):
    """:class:`~manim.UpdateFromAlphaFunc` without the starting copy."""


def jump_to(number: DecimalNumber, value: float, run_time: float = 0.5):
    """Show ``value`` halfway through, with no made-up numbers in between.

    (An Indicate on the same number would restore its old glyphs when it ends.)"""
    return JumpToValue(number, value, rate_func=lambda t: float(t >= 0.5), run_time=run_time)


class RowPlot(LogAxes):
    """The kit's :class:`~scenes.kit.plots.LogAxes` over rows 0..``x_max`` for a
    :class:`~sgdanim.lessons.overshoot.LogScale`, with the words under and over it, curves of
    a value per row, and the runaway's markers.

    >>> from sgdanim.lessons.overshoot import log_scale
    >>> ax = RowPlot(30, log_scale([[0.01]], floor=-2, top=12))     # the bottom moved to -3
    >>> ax.low, [t.tex_string for t in ax.labels][:2]
    (-3, ['10^{-3}', '10^{0}'])
    """

    def __init__(self, x_max: int, scale, width=6.0, height=4.0, x_step=None, x_label="row",
                 y_label="", font_size=26, **kwargs):
        super().__init__((0, x_max, x_step or row_step(x_max)), (scale.low, scale.high),
                         width=width, height=height, decades_per_tick=scale.per_tick,
                         font_size=font_size, **kwargs)
        self.words = VGroup(Text(x_label, font_size=font_size).next_to(self.axes.x_axis, DOWN,
                                                                       buff=0.35))
        if y_label:   # an empty MathTex has no points, and aligning it raises in manim
            self.words.add(MathTex(y_label, font_size=font_size + 4)
                           .next_to(self.axes, UP, buff=0.3).align_to(self.labels, LEFT))
        self.add(self.words)

    def rows_points(self, values) -> np.ndarray:
        """The points of rows 1, 2, ... at ``values``, (rows, 3); none for no rows."""
        if not len(values):
            return np.empty((0, 3))
        return self.point(np.arange(1, len(values) + 1), values).reshape(-1, 3)

    def curve(self, values, colour, width=3) -> VMobject:
        """A polyline through rows 1, 2, ... at ``values``; one bezier per row, so Create draws
        rows evenly. No rows, no points."""
        if not len(values):
            return VMobject()
        pts = self.rows_points(values)
        line = VMobject(stroke_color=colour, stroke_width=width)
        line.set_points_as_corners(pts if len(pts) > 1 else np.vstack([pts, pts]))
        return line

    def runaway_marker(self, step: int, label: str | None = None, font_size=26,
                       tex: bool = False) -> VGroup:
        """A vertical dashed line at row ``step``; ``marker.step`` holds the row it marks and
        ``marker.label`` the words written over it (manim's ``Text.text`` drops the spaces),
        as LaTeX when ``tex`` (one font with the panel's other readouts)."""
        bottom, top = self.vertical(step)
        marker = VGroup(DashedLine(bottom, top, color=RUNAWAY, stroke_width=4, dash_length=0.12))
        if label:
            kind = MathTex if tex else Text
            text = kind(label, font_size=font_size, color=RUNAWAY).next_to(top, UP, buff=0.1)
            # Keep the label over its own panel, whatever the row.
            left, right = self.axes.get_left()[0], self.axes.get_right()[0]
            text.shift(RIGHT * (max(left - text.get_left()[0], 0)
                                + min(right - text.get_right()[0], 0)))
            marker.add(text)
        marker.step, marker.label = step, label
        return marker


def cap_line(plot: "RowPlot", th) -> VGroup:
    """The cap that stops the run, as the sweep draws it: grey dashes across the err² panel
    at ``max_loss``, and under them, at the panel's left, what they mean (the runaway's
    caption names the cap: it must be on screen). The thread moves the words with its key
    where a run climbs through them (:func:`~scenes.overshoot.placing.clear_of_runs`)."""
    line = DashedLine(plot.point(0, th.max_loss), plot.point(th.rows, th.max_loss),
                      color=DATA, stroke_width=2, dash_length=0.08)
    label = MathTex(r"\text{run stops: err}^2>10^{%d}" % th.cap_decade,
                    font_size=MIN_FONT_SIZE, color=DATA)
    label.next_to(line, DOWN, buff=0.1).align_to(plot.axes, LEFT).shift(RIGHT * 0.3)
    return VGroup(line, label)


def run_colour(th) -> str:
    """The colour of the thread's run (``th``, a ThreadRun): a stacked pair's violet, or one
    neuron's lime when the model is one neuron, since it is then that same run."""
    return PAIR if th.stacked else ONE


def own_key(plot: "RowPlot", who: str = "the pair") -> VGroup:
    """What the grey steps and the white dots are, in the effective-lr panel's empty top
    left (the err² panel's key stands in the same place): a grey step, then a white dot on
    ``who``'s effective lr."""
    step = VMobject(stroke_color=DIM, stroke_width=3).set_points_as_corners(
        [[-0.25, -0.08, 0], [0, -0.08, 0], [0, 0.08, 0], [0.25, 0.08, 0]])
    # Three short lines: one long line would reach the runaway's rows at the panel's right.
    words = VGroup(*[MathTex(tex, font_size=LABEL_SIZE, color=colour) for tex, colour in
                     ((r"\text{each row's own limit}", DIM), (r"1/(x^2+1)", DIM),
                      (rf"\text{{{who} past it}}", TEXT))])
    words.arrange(DOWN, aligned_edge=LEFT, buff=0.1).next_to(step, RIGHT, buff=0.18)
    step.match_y(words[0])
    key = VGroup(step, Dot(radius=0.06, color=TEXT).move_to(step).match_y(words[2]), words)
    return key.move_to(plot.axes, aligned_edge=UL).shift(RIGHT * 0.3 + DOWN * 0.05)


def own_limits(plot: RowPlot, th) -> VMobject:
    """Each row's own limit, 1/(x² + 1), as grey steps one row wide (row r spans r ± ½)."""
    corners = [plot.point(x, lim) for r, lim in enumerate(th.row_limits, start=1)
               for x in (max(r - 0.5, 0.0), min(r + 0.5, th.rows))]
    return VMobject(stroke_color=DIM, stroke_width=3).set_points_as_corners(corners)
