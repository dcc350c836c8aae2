"""What the ``momentum`` lesson's parts draw with: its colours, a curve that grows through data
points, plot axes, and the parts' headers.

Examples
--------
>>> from manim import Axes
>>> axes = Axes(x_range=[0, 4, 1], y_range=[0, 4, 1])
>>> curve = GrowingCurve(axes, [0, 1, 2, 3], [0, 1, 4, 3], "#ffffff")
>>> _ = curve.tracker.set_value(1.5)
>>> [round(float(v), 6) for v in axes.p2c(curve.head())]      # half way from (1, 1) to (2, 4)
[1.5, 2.5]
>>> [round(float(y), 6) for y in curve.full().drawn_values()[:, 1]]
[0.0, 1.0, 4.0, 3.0]
>>> header("wiggle", None).original_text
'2 · A real, wiggly derivative'
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, GREY_B, RIGHT, Axes, ShowPassingFlash, Text, VMobject

from sgdanim.lessons.momentum import PART_SPECS

from scenes.kit.format import decimals
from scenes.kit.plots import TrackedCurve, keep_to_range, numbers_in_powers
from scenes.kit.titles import chapter_header
from scenes.kit.style import OPTIMIZER_COLOURS

RAW = GREY_B                               # a raw signal: sin(x), a made-up gradient
AVERAGE = OPTIMIZER_COLOURS["momentum"]    # its moving average, and anything momentum
SGD = OPTIMIZER_COLOURS["sgd"]             # plain SGD, as in every lesson
# Part 1's β sweep: the momentum colour, lighter for a small β, deeper for a large one (the
# lesson's β, drawn first, is the momentum colour itself).
SWEEP = ("#B9E0F5", AVERAGE, "#3D7FE0", "#9FB8FF", "#2E5FA8")
GHOST_OPACITY = 0.45         # Part 1's uncorrected averages behind the corrected ones
TICK_SIZE = 30               # tick labels (LaTeX digits: at MIN_FONT_SIZE 8 px high at 480p)
FLASH_WIDTH = 9              # a curve traced over itself, start to end, as a caption reads it


class GrowingCurve(TrackedCurve):
    """The kit's :class:`~scenes.kit.plots.TrackedCurve` through data points on ``axes``: as
    its tracker runs 0 → N−1 it grows point by point, and at index k it ends exactly at
    point k, so what is on screen is always the core's data (between k and k+1 it is the
    chord). ``drawn_values`` reads the drawn corners back as data.
    """

    def __init__(self, axes: Axes, xs, ys, color, width: float = 3.5, **kwargs):
        pts = [axes.c2p(float(x), float(y)) for x, y in zip(xs, ys)]
        # A run that diverged on its first row has nothing to draw: a point at the origin.
        super().__init__(pts if pts else [axes.c2p(0, 0)], stroke_color=color,
                         stroke_width=width, **kwargs)
        self.axes = axes

    def drawn_values(self) -> np.ndarray:
        """The data values of the drawn corners (start anchors of each segment, then the end)."""
        anchors = np.vstack([self.points[::4], self.points[-1:]])
        # The curve ends on its head, which repeats the last corner at a whole index.
        if len(anchors) > 1 and np.allclose(anchors[-1], anchors[-2]):
            anchors = anchors[:-1]
        return np.array([self.axes.p2c(p) for p in anchors])


def header(part_id: str, numbers) -> Text:
    """The part's chapter title, numbered by its place in the lesson, as the kit's header."""
    return chapter_header(PART_SPECS, part_id, numbers)


def plot_axes(x_range, y_range, x_length, y_length) -> Axes:
    """Axes with ``(min, max, step)`` ranges; tick labels (y, and x where a part adds them)
    with as many decimals as their step needs, the y axis' in powers of ten from 10⁵ up
    (``.y_power``, for its title: :func:`~scenes.kit.plots.in_powers_name`)."""
    axes = Axes(x_range=list(x_range), y_range=list(y_range), x_length=x_length,
                y_length=y_length, tips=False,
                axis_config={"font_size": TICK_SIZE, "stroke_width": 2},
                x_axis_config={"decimal_number_config":
                               {"num_decimal_places": decimals(x_range[2], 3),
                                "group_with_commas": False}},
                y_axis_config={"include_numbers": True, "decimal_number_config":
                               {"num_decimal_places": decimals(y_range[2], 3),
                                "group_with_commas": False}})
    for axis in (axes.x_axis, axes.y_axis):
        keep_to_range(axis)
    # a runaway lr's rows reach 10⁷: "-20000000" ran off the frame's edge at lr 1
    axes.y_power = numbers_in_powers(axes.y_axis)
    return axes


def row_under_axis_end(row, axes):
    """``row`` (the x axis' name) under the axis' end, on its numbers' line, and the numbers
    it would stand on left out (a run that overflows within a few rows numbers every row)."""
    row.align_to(axes.x_axis.numbers, DOWN).align_to(axes.x_axis.get_end(), RIGHT)
    axes.x_axis.numbers.remove(*[m for m in axes.x_axis.numbers
                                 if m.get_right()[0] > row.get_left()[0] - 0.1])
    return row


def trace(curve: VMobject, run_time: float = 1.5) -> ShowPassingFlash:
    """A wide band of ``curve``'s own colour running along it from its start to its end, then
    gone: the way the caption reads the curve (its wiggles, its climb), shown over a still
    frame (review r11). A copy: the curve itself and its updaters are left alone."""
    band = curve.copy().clear_updaters().set_stroke(width=FLASH_WIDTH, opacity=1.0)
    return ShowPassingFlash(band, time_width=0.35, run_time=run_time)
