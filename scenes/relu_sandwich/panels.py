"""Mobjects of the relu-sandwich lesson, built without a scene so tests can read them back.

Each piece follows trackers through updaters that move existing points (no mobject is rebuilt per
frame), and the parts in this folder only place and play them. Every number drawn, every graph
and where it is cut to its plot, comes from :mod:`sgdanim.lessons.relu_sandwich`.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, AnimationGroup, Axes, DashedVMobject, DecimalNumber,
                   Dot, MathTex, Text, ValueTracker, VGroup, VMobject, smooth)

from sgdanim.lessons.relu_sandwich import graph, rows_shown

from scenes.kit.format import fixed_tex, sci_tex
from scenes.kit.numbers import BIG, FastDecimal, FastInteger, PoweredDecimal
from scenes.kit.landscape_panel import tick_numbers
from scenes.kit.plots import LogAxes, TrackedCurve
from scenes.kit.style import (BODY_SIZE, DATA, GRAD, LABEL_SIZE, MIN_FONT_SIZE, MODEL_COLOURS, TEXT,
                              WEIGHT_COLOURS)

RACE_TITLES = {"linear": "one neuron", "linear2": "two linear neurons",
               "relu2": "two with a ReLU"}
FROZEN = "#6b6b6b"
SCI_FROM = 1e4          # scenes.kit.format writes numbers from here up as ×10ⁿ
# LaTeX sets digits and words a quarter smaller than Text at one font_size: at MIN_FONT_SIZE
# they are 8 px high in a 480p embed. Readouts and every axis's tick numbers (review r8: at
# MIN_FONT_SIZE the ticks were small) are set at the kit's body size, as momentum's ticks.
READOUT_SIZE = BODY_SIZE
TICK_SIZE = BODY_SIZE
# The dead ReLU's two-line note, a sixth over the readouts: at theirs it stood 11 px high in a
# 480p embed (review r10).
NOTE_SIZE = 35
# The lowest a mark may reach (scene units): below it, a player's subtitles and the kit's
# burned-in caption (scenes.kit.captions) would cover it.
ABOVE_CAPTIONS = -3.35
EDGE_MARGIN = 0.35    # text near the frame's sides keeps this clear of them


def bigger_ticks(axes: Axes, size: float = TICK_SIZE) -> Axes:
    """Set the tick numbers of ``axes`` (made by a kit panel at a smaller size) to ``size``,
    each about its own centre."""
    for line in (axes.x_axis, axes.y_axis):
        for number in getattr(line, "numbers", []):
            number.font_size = size
    return axes


def draw_pieces(curve: VMobject, axes: Axes, pieces) -> VMobject:
    """Fill ``curve`` with ``pieces``, polylines of data points (from the lesson), in scene
    points: one subpath each."""
    curve.clear_points()
    for piece in pieces:
        pts = axes.c2p(piece)
        curve.start_new_path(pts[0])
        curve.add_points_as_corners(pts[1:])
    return curve


def data_axes(x_span: float, y_span: float, x, y):
    """Axes over [0, x_span] × [0, y_span] on the left of the frame, their x/y labels, and the
    data as dots; each axis numbered with the places its tick step needs (whole numbers for
    the sheet's rows; in whole numbers, rows of x in 0..1 read "0 0 1 1 1"). Returns (axes,
    labels, dots)."""
    x_range, y_range = (0, x_span, x_span / 5), (0, y_span, y_span / 5)
    axes = Axes(x_range=x_range, y_range=y_range, x_length=6.8, y_length=4.4, tips=False,
                axis_config={"include_numbers": True},
                x_axis_config=tick_numbers(x_range, TICK_SIZE),
                y_axis_config=tick_numbers(y_range, TICK_SIZE))
    axes.move_to(LEFT * 2.7 + DOWN * 1.0)
    labels = VGroup(MathTex("x", font_size=LABEL_SIZE).next_to(axes.x_axis, RIGHT, buff=0.15),
                    MathTex("y", font_size=LABEL_SIZE).next_to(axes.y_axis, UP, buff=0.1))
    dots = VGroup(*(Dot(axes.c2p(a, b), radius=0.045, color=DATA) for a, b in zip(x, y)))
    return axes, labels, dots


def follow(number: DecimalNumber, value: float) -> DecimalNumber:
    """Set ``number`` to ``value`` only when it changed: set_value re-typesets the digits, and
    most readouts stand still most of the time.

    >>> n = DecimalNumber(1.0)
    >>> follow(n, 1.0) is n, follow(n, 2.5).get_value()
    (True, 2.5)
    """
    if number.get_value() != value:
        number.set_value(value)
    return number


def weight_readouts(values: dict, font_size=30, places=2, sign=True, powers=True) -> VGroup:
    """Rows "name = value" whose numbers follow ``values`` (name -> ValueTracker or a function
    of no arguments); only the digits change per frame, no text is rebuilt. Numbers carry no
    thousands separator (the series writes 1626.1), and from 10⁴ up read as ×10ⁿ
    (PoweredDecimal), unless ``powers`` is off for a caller that writes those itself."""
    rows = VGroup()
    for name, source in values.items():
        get = source.get_value if isinstance(source, ValueTracker) else source
        # a weight's name in its series colour (docs/notation.md), its number white
        label = MathTex(f"{name} =", font_size=font_size, color=WEIGHT_COLOURS.get(name, TEXT))
        num = PoweredDecimal(get(), places, font_size=font_size, include_sign=sign) if powers \
            else FastDecimal(get(), num_decimal_places=places, font_size=font_size,
                             include_sign=sign, group_with_commas=False)
        num.next_to(label, RIGHT, buff=0.15)
        num.add_updater(lambda m, get=get: follow(m, get()))
        rows.add(VGroup(label, num))
    rows.arrange(DOWN, aligned_edge=LEFT, buff=0.22)
    return rows


class WeightPlot(VGroup):
    """The graph of the core's ``model`` ("linear2" or "relu2") over data axes, following four
    ValueTrackers a, b, c, d. The lesson's :func:`~sgdanim.lessons.relu_sandwich.graph` runs
    the model's forward pass through the two neurons, never the regrouped formula, so a test
    can check the regrouping against what is drawn.
    """

    def __init__(self, axes: Axes, box, weights, model: str, color=None, **kwargs):
        super().__init__(**kwargs)
        self.axes, self.box, self.model = axes, box, model
        self.trackers = {n: ValueTracker(float(v)) for n, v in zip("abcd", weights)}
        self.curve = VMobject(stroke_color=color or MODEL_COLOURS[model], stroke_width=5)
        self.curve.add_updater(lambda m: self.redraw())
        self.add(self.curve)
        self.redraw()

    def weights(self):
        return tuple(t.get_value() for t in self.trackers.values())

    def redraw(self):
        return draw_pieces(self.curve, self.axes, graph(self.model, self.weights(), self.box))

    def move_to_weights(self, weights, run_time=2.0, rate_func=smooth):
        """The animation that takes the four trackers to ``weights`` together (``linear`` for
        a glide of many short moves, which must not ease in and out at every stop)."""
        return AnimationGroup(*(t.animate(run_time=run_time, rate_func=rate_func).set_value(float(v))
                                for t, v in zip(self.trackers.values(), weights)))


# Part 3's panels -------------------------------------------------------------------------------

class RacePanel(VGroup):
    """One model of Part 3: |ŷ − y| per row on a log axis, and its weights at the current row.

    ``race`` is the lesson's :class:`~sgdanim.lessons.relu_sandwich.Race` (shared axes, and the
    run's curve on them). The curve is mapped through the axes on every update, so the panel
    can be moved (arranged beside the others) after it is built.
    """

    def __init__(self, run, race, row: ValueTracker, width=3.3, height=3.0):
        super().__init__()
        self.run, self.row, self.lo = run, row, race.decades[0]
        colour = MODEL_COLOURS[run.model]   # the kit's, the same in overshoot
        # the title names the model (parts 1 and 2 wrote its formula): no formula line, so
        # the plot gets the height
        self.title = Text(RACE_TITLES[run.model], font_size=LABEL_SIZE, color=colour)
        self.plot = LogAxes((0, race.rows, race.row_step), race.decades, width=width,
                            height=height, decades_per_tick=race.decade_step, font_size=TICK_SIZE,
                            label_size=TICK_SIZE, label_buff=0.1)
        self.axes = self.plot.axes
        # in the tick numbers' line, left of the origin ("row 10 20 30 ..."): beside the
        # axis' end it took 0.8 of each panel's width, and under it the readouts' room
        first = self.axes.x_axis.numbers[0]
        # LaTeX at the tick numbers' size: one font along the line
        xlab = MathTex(r"\text{row}", font_size=TICK_SIZE).set_y(first.get_y())
        xlab.align_to(self.axes.x_axis.get_start(), RIGHT).shift(LEFT * 0.12)
        ylab = MathTex(r"\text{err}^2", font_size=READOUT_SIZE).next_to(self.axes.y_axis, UP,
                                                                       buff=0.12)
        ylab.shift(RIGHT * 0.35)
        self.y_name = ylab
        coords = race.curves[run.model]
        # The error up to the last row shown, mapped through the axes at every update, so the
        # panel can be moved (arranged beside the others) after it is built. A run that
        # diverged on its first row has nothing to draw: a point on the floor.
        self.curve = TrackedCurve(
            coords if len(coords) else [[0, 10.0 ** self.lo]], row, interpolate=False,
            to_scene=lambda c: self.plot.point(c[:, 0], c[:, 1]),
            index_of=lambda k: rows_shown(k, len(coords)) - 1, stroke_color=colour,
            stroke_width=3)
        self.readouts = weight_readouts(
            {n: (lambda i=i: float(run.weights_at(self.row.get_value())[i]))
             for i, n in enumerate(run.names)}, font_size=READOUT_SIZE)
        # the digits grow in place (to the right): leave room for the widest the run shows
        spare = room_for(run.params, self.readouts)
        if len(self.readouts) == 4:
            self.readouts.arrange_in_grid(2, 2, buff=(0.45 + spare, 0.12), flow_order="rd")
        else:
            self.readouts.arrange(RIGHT, buff=0.45 + spare)
        if run.growth is not None:     # the pair's step multiplier, live: it is why it runs away
            # the grid's own row gap: the note under them, at NOTE_SIZE, needs the room
            self.readouts.add(growth_readout(run, self.row).next_to(self.readouts, DOWN,
                                                                    buff=0.12))
        plot = VGroup(self.plot, xlab, ylab)
        head = self.title.next_to(plot, UP, buff=0.12)
        self.readouts.next_to(plot, DOWN, buff=0.12)
        self.add(head, plot, self.curve, self.readouts)


def room_for(params, readouts) -> float:
    """How much wider than the first row's the widest of ``params`` is, as a readout number:
    the largest under 10⁴ in digits, the largest of all as ×10ⁿ (PoweredDecimal)."""
    finite = np.abs(params[np.isfinite(params)])
    small = finite[finite < BIG]
    widest = max((PoweredDecimal(-float(v.max()), 2, include_sign=True,
                                 font_size=READOUT_SIZE).width
                  for v in (small, finite) if v.size), default=PoweredDecimal(
                      0.0, 2, include_sign=True, font_size=READOUT_SIZE).width)
    return max(0.0, widest - min(row[1].width for row in readouts))


def growth_readout(run, row: ValueTracker) -> VGroup:
    """``a² + c² =`` and its value on the row shown, live. From 10⁴ up the series writes a
    number as ×10ⁿ (scenes.kit.format): such rows swap the digits for that, made once each."""
    def now() -> float:
        return float(run.growth[max(rows_shown(row.get_value(), len(run.err2)), 1) - 1])

    # one decimal, as overshoot's readout (3.6, 62.4, 4.6×10⁴); white: yellow is weight a's
    grows = weight_readouts({"a^2+c^2": now}, font_size=READOUT_SIZE, places=1, sign=False,
                            powers=False)
    grows.set_color(TEXT)
    label, digits = grows[0]
    big = {float(v): MathTex(sci_tex(float(v), 1), font_size=READOUT_SIZE, color=TEXT)
           .next_to(label, RIGHT, buff=0.15) for v in run.growth if abs(v) >= SCI_FROM}
    digits.add_updater(lambda m: m.set_opacity(0.0 if abs(now()) >= SCI_FROM else 1.0))
    for value, tex in big.items():
        tex.add_updater(lambda m, v=value: m.set_opacity(1.0 if now() == v else 0.0))
    grows[0].add(*big.values())
    # set the opacities now: a frozen wait (no animation) runs no updater, so the first frames
    # of a part would show the digits and every ×10ⁿ copy on top of each other
    grows.update()
    return grows


def dead_marker(panel: RacePanel, r):
    """The dead ReLU's marks on its panel: a caption box (with the row as an Integer), not yet
    placed, and a dashed line at that row. Returns (box, line, row Integer).

    Two lines, "ReLU dead from row 26: a 2.02 → −5.64" and "b 1.04 → 0.96, so ax + b ≤ 0 for
    every row's x" (the step that killed it: a flipped sign, b barely moved) and why it stays
    dead, so the box ends above the captions' band."""
    dead = FastInteger(r.dead_row, font_size=NOTE_SIZE, color=GRAD)
    if r.kill_step:         # the step that killed it; a unit can also start dead (row 1)
        a0, _, a1, _ = r.kill_step
        why = MathTex(rf"\text{{: }}a\ {fixed_tex(a0)} \to {fixed_tex(a1)}", font_size=NOTE_SIZE,
                      color=GRAD)
    else:
        why = MathTex(r"\text{: it starts dead}", font_size=NOTE_SIZE, color=GRAD)
    label = VGroup(MathTex(r"\text{ReLU dead from row}", font_size=NOTE_SIZE, color=GRAD),
                   dead, why)
    label.arrange(RIGHT, buff=0.1)
    # the colon against the row number, on the words' baseline
    why.next_to(dead, RIGHT, buff=0.04).align_to(label[0], DOWN)
    # b's step too: ax + b <= 0 takes both (a alone flipping sign does not say where b went)
    moved = rf"b\ {fixed_tex(r.kill_step[1])} \to {fixed_tex(r.kill_step[3])}\text{{, so }}" \
        if r.kill_step else ""
    why2 = MathTex(moved + (r"ax + b \le 0 \text{ for every row's } x" if r.dead_everywhere
                            else r"ax + b \le 0 \text{ on the rows left}"),
                   font_size=NOTE_SIZE, color=GRAD)
    # right-aligned: it stands against the frame's right side, under the ReLU's panel, and
    # its first line starts as far right as it can, away from the linear pair's readouts
    box = VGroup(label, why2).arrange(DOWN, aligned_edge=RIGHT, buff=0.06)
    line = DashedVMobject(VMobject().set_points_as_corners(panel.plot.vertical(r.dead_row)),
                          num_dashes=12)
    line.set_color(GRAD)
    return box, line, dead


def diverged_marker(panel: RacePanel, r):
    """A cross where a run leaves its panel (on the top edge, at its row) and a label, not yet
    placed (:func:`scenes.relu_sandwich.training.place_runaway`). Returns (cross, label)."""
    cross = MathTex(r"\times", font_size=44, color=GRAD)
    cross.move_to(panel.plot.vertical(r.diverged_at)[1])
    # two short lines: they go beside the ✕, in the plot's empty top right (a run that has
    # left every scale draws nothing after its row)
    label = VGroup(Text(f"row {r.diverged_at}:", font_size=MIN_FONT_SIZE, color=GRAD),
                   Text("runs away", font_size=MIN_FONT_SIZE, color=GRAD))
    return cross, label.arrange(DOWN, aligned_edge=LEFT, buff=0.1)


# Part 4's plane --------------------------------------------------------------------------------

class PlanePanel(VGroup):
    """Plain (a, c) axes with ``point(a, c)``, so a WeightWalker can walk on it; ticks every
    ``step`` (the one-neuron panel's a step beside it)."""

    def __init__(self, box, width=4.2, height=3.0, step: float = 1):
        super().__init__()
        x0, x1, y0, y1 = box
        self.axes = Axes(x_range=(x0, x1, step), y_range=(y0, y1, step), x_length=width,
                         y_length=height, tips=False,
                         axis_config={"include_numbers": True,
                                      **tick_numbers((x0, x1, step), TICK_SIZE)})
        self.labels = VGroup(MathTex("a", font_size=30).next_to(self.axes.x_axis, RIGHT, buff=0.15),
                             MathTex("c", font_size=30).next_to(self.axes.y_axis, UP, buff=0.1))
        self.add(self.axes, self.labels)

    def point(self, a, c):
        return self.axes.c2p(a, c)
