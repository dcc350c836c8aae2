"""What every part of the ``stepping`` lesson stands on: the layout, the number helpers, and the
stage: the title, the data panel with the model's line, the landscape with the weight walker,
and the step readout.

:func:`build_stage` makes and places the stage from the lesson's numbers
(:mod:`sgdanim.lessons.stepping`) without a scene, so where it all sits is tested without
rendering; the ``panels`` part plays it in, and a part played without it adds it at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (DOWN, LEFT, PI, RIGHT, UP, Axes, DecimalNumber, Dot, Line, MathTex,
                   NumberLine, Text, VGroup)

from sgdanim.lessons.stepping import line_in_box

from scenes.kit.format import (counted, decimals, sci_tex, sci_text, setting_tex, setting_text,
                               short, short_text)
from scenes.kit.formulas import PREDICTION
from scenes.kit.landscape_panel import LandscapePanel, WeightWalker
from scenes.kit.numbers import BIG, FastDecimal
from scenes.kit.plots import in_powers_name, numbers_in_powers
from scenes.kit.style import (DATA, DIM, LABEL_SIZE, MIN_FONT_SIZE, MODEL, OPTIMUM, TITLE_SIZE,
                              WEIGHT_COLOURS)
from scenes.stepping.readout import Readout

PANEL_W, PANEL_H = 5.0, 2.2
DATA_CENTER = np.array([-3.55, 1.55, 0.0])
LAND_CENTER = np.array([3.65, 1.55, 0.0])
WORK_TOP = -0.1            # the work area (formulas, strip, logs) lies below this: under the
WORK_BOTTOM = -3.1         # panels' tick numbers, above the burned-in captions' band
WORK_WIDTH = 13.4          # widest a line of the work area may be
FONT = LABEL_SIZE          # formulas in the work area
SMALL = MIN_FONT_SIZE      # tables, readouts
TICKS = MIN_FONT_SIZE      # axis numbers: readable in a 480p embed


def paren(value: float) -> str:
    """``value`` for a product in LaTeX: negatives in parentheses.

    >>> paren(14.0), paren(-3.5)
    ('14', '(-3.5)')
    """
    text = short(value)
    return f"({text})" if text.startswith("-") else text


def plus(value: float) -> str:
    """``+ value`` in a sum, as ``- |value|`` when negative (never ``+ -``).

    >>> plus(1.5), plus(-13.5626)
    ('+ 1.5', '- 13.5626')
    """
    text = short(value)
    return f"- {text[1:]}" if text.startswith("-") else f"+ {text}"


def big(value: float) -> str:
    r"""``value`` for MathTex as the series writes it: :func:`~scenes.kit.format.short` below
    10⁴, :func:`~scenes.kit.format.sci_tex` from 10⁴ up (the series' rule for big numbers).

    >>> big(-17997.564), big(1.1204), big(10948.9)
    ('-1.80\\times10^{4}', '1.1204', '1.09\\times10^{4}')
    """
    return sci_tex(value) if abs(value) >= BIG else short(value)


def big_text(value: float) -> str:
    """:func:`big` for a caption: a runaway row's weights as the strip shows them.

    >>> big_text(-17803375.2), big_text(1.1204), big_text(-62.71941)
    ('−1.78×10⁷', '1.1204', '−62.7194')
    """
    return sci_text(value) if abs(value) >= BIG else short_text(value)


def tex_value(tex: str) -> float:
    r"""The number a :func:`big` string shows: ``tex_value('-1.80\times10^{4}')`` is −18000."""
    mantissa, _, exponent = tex.partition(r"\times10^")
    return float(mantissa) * 10.0 ** int(exponent.strip("{}") or 0)


def worked_factor(grad: float, old: float, new: float, lr: float) -> str:
    r"""``grad`` where a step is worked out, ``old − lr·(grad) = new``: as :func:`big` writes
    it, with as many more decimals as make the line, worked from the numbers it shows (``old``
    and ``lr`` as :func:`big` and :func:`rate` write them), come out at ``new`` as shown: a
    learner who does the sum by hand gets the number on screen.

    Row 2's ∂err²/∂a, −1.80×10⁴, would give 1.1204 + 1.8 = 2.9204, not its 2.92016:

    >>> worked_factor(-17997.564, 1.1204, 2.9201564, 1e-4)
    '-1.79976\\times10^{4}'
    >>> worked_factor(-209.274, 1.0086, 1.0295274, 1e-4)   # below 10⁴: as big writes it
    '-209.274'
    """
    if abs(grad) < 1e4:           # short's six figures: every row of the series adds up
        return big(grad)
    start, rate_shown = tex_value(big(old)), tex_value(setting_tex(lr))
    for digits in range(2, 7):
        text = sci_tex(grad, digits)
        if short(start - rate_shown * tex_value(text)) == short(new):
            break
    return text


class BigNumber(MathTex):
    """A number from 10⁴ up, fixed, as :func:`big` writes it; ``get_value`` as a
    DecimalNumber's (the tables read their cells back)."""

    def __init__(self, value: float, font_size=SMALL):
        super().__init__(big(value), font_size=font_size)
        self.value = float(value)

    def get_value(self) -> float:
        return self.value


def table_cell(value: float, font_size=SMALL):
    """A table cell for ``value``: a :func:`number` below 10⁴, else a :class:`BigNumber`."""
    return BigNumber(value, font_size) if abs(value) >= 1e4 else number(value, font_size)


def number(value: float, font_size=SMALL) -> DecimalNumber:
    """``value`` as a DecimalNumber showing the figures :func:`~scenes.kit.format.short` shows."""
    return FastDecimal(value, num_decimal_places=decimals(value), font_size=font_size,
                       group_with_commas=False)


def edge_axes(axes: Axes, x_range, y_range, labels: VGroup | None = None) -> VGroup:
    """Redraw ``axes`` along the left and bottom edges of its box, with whole tick numbers.

    manim crosses the axes at 0, which puts the a-axis right under a path that starts at b = 1
    and the e-axis through the middle of the error curve. The real axes stay (``c2p`` reads
    them) but turn invisible; the edge lines are added to ``axes`` beside them.
    ``labels`` (the axis names) are moved to the new lines' ends. The edge lines are also
    ``axes.edges``: their numbers are the ones shown.
    """
    corner = axes.c2p(x_range[0], y_range[0])
    bottom = NumberLine(x_range, length=axes.x_length, include_numbers=True, font_size=TICKS,
                        decimal_number_config={"num_decimal_places": decimals(x_range[2], 3),
                                               "group_with_commas": False})
    left = NumberLine(y_range, length=axes.y_length, include_numbers=True, font_size=TICKS,
                      rotation=PI / 2, label_direction=LEFT,
                      decimal_number_config={"num_decimal_places": decimals(y_range[2], 3),
                                             "group_with_commas": False})
    bottom.shift(corner - bottom.n2p(x_range[0]))
    left.shift(corner - left.n2p(y_range[0]))
    # Hidden, not removed: ``c2p`` reads them, so they must keep moving with the panel.
    axes.x_axis.set_opacity(0)
    axes.y_axis.set_opacity(0)
    axes.add(bottom, left)
    axes.edges = VGroup(bottom, left)
    # numbers of eight digits (err² at a start of ±1000) in powers of ten, named on the axis
    powers = (numbers_in_powers(bottom), numbers_in_powers(left))
    if labels is not None:
        labels.submobjects = [in_powers_name(name, k) for name, k in zip(labels, powers)]
        labels[0].next_to(bottom, RIGHT, buff=0.12)
        labels[1].next_to(left, UP, buff=0.08)
    return axes.edges


class DataPanel(VGroup):
    """The data points and the model's line y = a·x + b, following a weight walker."""

    def __init__(self, numbers, **kwargs):
        super().__init__(**kwargs)
        n = numbers
        self.x_range, self.y_range = n.x_range, n.y_range
        self.axes = Axes(x_range=n.x_range, y_range=n.y_range, x_length=PANEL_W,
                         y_length=PANEL_H, tips=False,
                         axis_config={"include_numbers": True, "font_size": TICKS})
        self.labels = VGroup(MathTex("x", font_size=LABEL_SIZE), MathTex("y", font_size=LABEL_SIZE))
        edge_axes(self.axes, n.x_range, n.y_range, self.labels)
        self.dots = VGroup(*[Dot(self.axes.c2p(x, y), radius=0.045, color=DATA)
                             for x, y in zip(n.x, n.y)])
        # The line moves every frame; it stays out of this static group so manim can cache the rest.
        self.line = Line(self.axes.c2p(0, 0), self.axes.c2p(1, 1), color=MODEL, stroke_width=4)
        self.add(self.axes, self.labels, self.dots)

    def set_line(self, a: float, b: float):
        ends = line_in_box(a, b, self.x_range, self.y_range)
        if ends is None:
            self.line.set_opacity(0)
        else:
            self.line.set_opacity(1).put_start_and_end_on(self.axes.c2p(*ends[0]),
                                                           self.axes.c2p(*ends[1]))
        return self.line

    def follow(self, walker, path: np.ndarray) -> None:
        """Move the line with ``walker``'s index (between rows, the weights are blended).

        The line is set again only when the index moved or something else moved the line
        or the axes since (a fade, the panel shifting): while the walker stands, the updater
        costs one comparison a frame instead of a rotation and a scaling of the line."""
        left = {"state": None}   # (index, line and axes as this updater left them)

        def state(k):
            line, axes = self.line, self.axes
            return (k, line.points, line.stroke_rgbas, line.fill_rgbas, axes.x_axis.points,
                    axes.y_axis.points)

        def update(line):
            k = walker.index.get_value()
            if left["state"] is not None and all(
                    np.array_equal(was, now) for was, now in zip(left["state"], state(k))):
                return
            i = int(np.clip(np.floor(k), 0, len(path) - 1))
            j = min(i + 1, len(path) - 1)
            f = k - i
            a, b = path[i] * (1 - f) + path[j] * f
            self.set_line(a, b)
            left["state"] = tuple(np.copy(v) for v in state(k))
        self.line.add_updater(update)


@dataclass(frozen=True)
class Stage:
    """What stays on screen from part to part (``walker`` walks ``numbers.shown_path``; the
    data panel's line and the readout follow it with the real weights)."""

    title: Text                # the lesson's question, over the picture
    data: DataPanel
    formula: MathTex           # ŷ = a·x + b, over the data panel
    land: LandscapePanel
    optimum_label: MathTex     # the optimum's (a, b), beside its star
    land_label: MathTex        # what the contours are, right of the b axis's name
    walker: WeightWalker
    readout: Readout

    def members(self) -> tuple:
        """Everything on the stage, in the order the ``panels`` part brings it on."""
        return (self.title, self.data.axes, self.data.labels, self.data.dots, self.data.line,
                self.formula, self.land, self.optimum_label, self.land_label, self.walker,
                self.readout)

    def movers(self) -> tuple:
        """What moves every frame while the walker walks."""
        return self.data.line, self.walker, self.readout


def question(numbers) -> str:
    """The lesson's question, with the crawl's numbers: how long a straight line takes, or,
    where the epochs shown climb, why they do (under a loose goal a climb that stays under
    it met it in epoch 1: lr 3.9e-4, ``carry=sheet``, ``target_rmse=1e4``), and why they
    rise where a run that rose met the goal in an epoch shown.

    >>> from types import SimpleNamespace as NS
    >>> question(NS(crawl=NS(reached=1516, target=1.0, diverged=False, epochs=1516), lr=1e-4,
    ...             rmse_course=("stalls", None), rose_to_goal=False, quick_goal=None))
    'Why does SGD need 1516 epochs to fit this line?'
    """
    c, course = numbers.crawl, numbers.rmse_course[0]
    if course == "climbs" and not c.diverged:
        return f"Why does RMSE climb at lr = {setting_text(numbers.lr)}?"
    if numbers.rose_to_goal:
        return f"Why does RMSE rise at lr = {setting_text(numbers.lr)}?"
    if numbers.quick_goal is not None:   # a loose goal, or a start beside the star
        return (f"Why is RMSE under {setting_text(c.target)} after just "
                f"{counted(numbers.quick_goal, 'epoch')}?")
    if c.reached is not None:
        return f"Why does SGD need {counted(c.reached, 'epoch')} to fit this line?"
    if c.diverged:
        return f"Why does SGD run away at lr = {setting_text(numbers.lr)}?"
    return f"Why is RMSE still above {setting_text(c.target)} after {counted(c.epochs, 'epoch')}?"


def build_stage(numbers) -> Stage:
    """Make and place the stage: data panel left, landscape right, readout top right."""
    n = numbers
    title = Text(question(n), font_size=TITLE_SIZE).to_edge(UP, buff=0.3)
    data = DataPanel(n).move_to(DATA_CENTER)
    land = LandscapePanel(n.landscape, n.a_range, n.b_range, n.levels, width=PANEL_W,
                          height=PANEL_H, in_units=False).move_to(LAND_CENTER)   # edge_axes's
    edge_axes(land.axes, n.a_range, n.b_range, land.labels)
    for label, name in zip(land.labels, "ab"):
        label.set_color(WEIGHT_COLOURS[name])
    # a path cut at the panel's edge (a runaway lr) ends with an arrowhead to where it is
    walker = WeightWalker(land, n.shown_path, beyond=n.path if n.leaves_panel else None)
    data.set_line(*n.path[0])
    data.follow(walker, n.path)
    optimum = MathTex(r"(%s,\,%s)" % (short(n.landscape.optimum[0], 4),
                                      short(n.landscape.optimum[1], 4)),
                      font_size=SMALL, color=OPTIMUM)
    optimum.next_to(land.optimum, RIGHT, buff=0.1).add_background_rectangle(opacity=0.8,
                                                                           buff=0.04)
    readout = Readout(walker, n.path).to_edge(UP, buff=0.25).to_edge(RIGHT, buff=0.3)
    # The contours are named on screen, not only in a caption a muted clip may not show.
    land_label = MathTex(r"\text{contours of mean err}^2", font_size=SMALL, color=DIM)
    land_label.next_to(land.labels[1], RIGHT, buff=0.3).align_to(land.labels[1], DOWN)
    formula = MathTex(PREDICTION, font_size=FONT, color=MODEL)
    formula.next_to(data.axes.c2p(n.x_range[0], n.y_range[1]), RIGHT, buff=0.3)
    formula.shift(DOWN * 0.15)
    return Stage(title, data, formula, land, optimum, land_label, walker, readout)
