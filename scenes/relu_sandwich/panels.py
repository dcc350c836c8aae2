"""Mobjects of the relu-sandwich lesson, built without a scene so tests can read them back.

Each piece follows trackers through updaters that move existing points (no mobject is rebuilt per
frame), and the scene in :mod:`scenes.relu_sandwich.scene` only plays them. Every number drawn comes
from :mod:`sgdanim.lessons.relu_sandwich`.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, AnimationGroup, Axes, DashedVMobject, DecimalNumber,
                   Dot, MathTex, Text, ValueTracker, VGroup, VMobject)

from sgdanim.lessons.relu_sandwich import kink

from scenes.kit.scene import ACCENT, DATA, GRAD, MODEL, PATH, FastDecimal, FastInteger

RACE_COLOURS = {"linear": MODEL, "linear2": PATH, "relu2": ACCENT}
FORMULAS = {"linear": r"y = a x + b", "linear2": r"y = c(ax + b) + d",
            "relu2": r"y = c\max(0, ax + b) + d"}
FROZEN = "#6b6b6b"
WHOLE_NUMBERS = {"num_decimal_places": 0}


def fmt(v: float, places=2) -> str:
    """A number for MathTex (ASCII minus; LaTeX typesets it as a minus sign).

    >>> fmt(-28.6312), fmt(0.004)
    ('-28.63', '0')
    """
    return f"{v:.{places}f}" if abs(v) >= 10 ** -places else "0"


def tfmt(v: float, places=2) -> str:
    """A number for Text, with a real minus sign.

    >>> tfmt(-1.5)
    '−1.50'
    """
    return fmt(v, places).replace("-", "\u2212")


# Lines and hinges clipped to a plot ------------------------------------------------------------

def clip_pieces(f, breaks, box) -> list[np.ndarray]:
    """The graph of a piecewise-linear ``f`` (straight between sorted ``breaks``) clipped to
    ``box = (x0, x1, y0, y1)``: a list of (k, 2) polylines inside the box.

    >>> [p.tolist() for p in clip_pieces(lambda x: 2 * x, [], (0, 10, 0, 10))]
    [[[0.0, 0.0], [5.0, 10.0]]]
    """
    x0, x1, y0, y1 = box
    xs = sorted({float(np.clip(b, x0, x1)) for b in breaks} | {x0, x1})
    pieces, cur = [], []
    for xa, xb in zip(xs, xs[1:]):
        ya, yb = f(xa), f(xb)
        lo, hi = 0.0, 1.0       # the part of the segment with y inside [y0, y1]
        if ya == yb:
            if not (y0 <= ya <= y1):
                lo, hi = 1.0, 0.0
        else:
            t0, t1 = (y0 - ya) / (yb - ya), (y1 - ya) / (yb - ya)
            lo, hi = max(lo, min(t0, t1)), min(hi, max(t0, t1))
        if lo >= hi:
            if len(cur) >= 2:
                pieces.append(np.array(cur))
            cur = []
            continue
        pa = (xa + lo * (xb - xa), ya + lo * (yb - ya))
        pb = (xa + hi * (xb - xa), ya + hi * (yb - ya))
        if cur and (lo > 0 or not np.allclose(cur[-1], pa)):
            if len(cur) >= 2:
                pieces.append(np.array(cur))
            cur = []
        if not cur:
            cur = [pa]
        cur.append(pb)
        if hi < 1.0:
            pieces.append(np.array(cur))
            cur = []
    if len(cur) >= 2:
        pieces.append(np.array(cur))
    return pieces


def draw_pieces(curve: VMobject, axes: Axes, f, breaks, box) -> VMobject:
    """Fill ``curve`` with the clipped graph of ``f`` (see :func:`clip_pieces`) in scene points."""
    curve.clear_points()
    for piece in clip_pieces(f, breaks, box):
        pts = axes.c2p(piece)
        curve.start_new_path(pts[0])
        curve.add_points_as_corners(pts[1:])
    return curve


def inside_prefix(points: np.ndarray, box) -> int:
    """How many leading (a, c) points lie inside ``box``: a path is drawn up to where it leaves.

    >>> inside_prefix(np.array([[1.0, 1.0], [2.0, 2.0], [9.0, 1.0], [1.0, 1.0]]), (0, 4, 0, 4))
    2
    """
    x0, x1, y0, y1 = box
    ok = (np.isfinite(points).all(axis=1) & (points[:, 0] >= x0) & (points[:, 0] <= x1)
          & (points[:, 1] >= y0) & (points[:, 1] <= y1))
    return len(ok) if ok.all() else int(np.argmin(ok))


def data_axes(x_span: float, y_span: float, x, y):
    """Axes over [0, x_span] × [0, y_span] on the left of the frame, their x/y labels, and the
    data as dots. Returns (axes, labels, dots)."""
    axes = Axes(x_range=(0, x_span, x_span / 5), y_range=(0, y_span, y_span / 5),
                x_length=6.8, y_length=4.4, tips=False,
                axis_config={"include_numbers": True, "font_size": 20,
                             "decimal_number_config": WHOLE_NUMBERS})
    axes.move_to(LEFT * 2.7 + DOWN * 1.0)
    labels = VGroup(MathTex("x", font_size=28).next_to(axes.x_axis, RIGHT, buff=0.15),
                    MathTex("y", font_size=28).next_to(axes.y_axis, UP, buff=0.1))
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


def weight_readouts(values: dict, font_size=30, places=2) -> VGroup:
    """Rows "name = value" whose numbers follow ``values`` (name -> ValueTracker or a function
    of no arguments); only the digits change per frame, no text is rebuilt."""
    rows = VGroup()
    for name, source in values.items():
        get = source.get_value if isinstance(source, ValueTracker) else source
        label = MathTex(f"{name} =", font_size=font_size)
        num = FastDecimal(get(), num_decimal_places=places, font_size=font_size,
                            include_sign=True)
        num.next_to(label, RIGHT, buff=0.15)
        num.add_updater(lambda m, get=get: follow(m, get()))
        rows.add(VGroup(label, num))
    rows.arrange(DOWN, aligned_edge=LEFT, buff=0.22)
    return rows


class WeightPlot(VGroup):
    """The graph of a model of four weights over data axes, following four ValueTrackers.

    ``kind`` is "collapse" for c·(a·x + b) + d or "hinge" for c·max(0, a·x + b) + d. The graph
    is computed by composing the two neurons, never from the regrouped formula, so a test can
    check the regrouping against what is drawn.
    """

    def __init__(self, axes: Axes, box, weights, kind: str, color=MODEL, **kwargs):
        super().__init__(**kwargs)
        self.axes, self.box, self.kind = axes, box, kind
        self.trackers = {n: ValueTracker(float(v)) for n, v in zip("abcd", weights)}
        self.curve = VMobject(stroke_color=color, stroke_width=5)
        self.curve.add_updater(lambda m: self.redraw())
        self.add(self.curve)
        self.redraw()

    def weights(self):
        return tuple(t.get_value() for t in self.trackers.values())

    def f(self, x):
        a, b, c, d = self.weights()
        inner = a * x + b
        return c * (inner if self.kind == "collapse" else max(0.0, inner)) + d

    def redraw(self):
        a, b, _, _ = self.weights()
        k = kink(a, b) if self.kind == "hinge" else None
        return draw_pieces(self.curve, self.axes, self.f, [] if k is None else [k], self.box)

    def move_to_weights(self, weights, run_time=2.0):
        """The animation that takes the four trackers to ``weights`` together."""
        return AnimationGroup(*(t.animate(run_time=run_time).set_value(float(v))
                                for t, v in zip(self.trackers.values(), weights)))


# Part 3's panels -------------------------------------------------------------------------------

class RacePanel(VGroup):
    """One model of Part 3: |ŷ − y| per row on a log axis, and its weights at the current row.

    The curve is mapped through the axes on every update, so the panel can be moved (arranged
    beside the others) after it is built.
    """

    def __init__(self, run, rows: int, decades, row: ValueTracker, width=3.3, height=3.0):
        super().__init__()
        self.run, self.row, self.lo = run, row, decades[0]
        colour = RACE_COLOURS[run.model]
        self.title = Text(run.title, font_size=22, color=colour)
        self.formula = MathTex(FORMULAS[run.model], font_size=26)
        step = 1 if decades[1] - decades[0] <= 6 else 2
        self.axes = Axes(x_range=(0, rows, 10 if rows <= 60 else 20), y_range=(*decades, step),
                         x_length=width, y_length=height, tips=False,
                         x_axis_config={"include_numbers": True, "font_size": 16})
        ticks = VGroup(*(MathTex(f"10^{{{k}}}", font_size=18).next_to(self.axes.c2p(0, k), LEFT,
                                                                        buff=0.1)
                         for k in range(decades[0], decades[1] + 1, step)))
        xlab = Text("row", font_size=16).next_to(self.axes.x_axis, DOWN, buff=0.3)
        ylab = MathTex(r"|\hat y - y|", font_size=22).next_to(self.axes.y_axis, UP, buff=0.12)
        ylab.shift(RIGHT * 0.35)
        # rows 1.. and log10 errors, clamped to the axis floor (a perfect row sits on the floor)
        err = np.asarray(run.error, dtype=float)
        logs = np.full(len(err), float(self.lo))
        ok = err > 0
        logs[ok] = np.maximum(np.log10(err[ok]), self.lo)
        self.coords = np.column_stack([np.arange(1, len(err) + 1), logs])
        self.curve = VMobject(stroke_color=colour, stroke_width=3)
        self.curve.add_updater(lambda m: self._grow())
        self.readouts = weight_readouts(
            {n: (lambda i=i: float(self.params_at(self.row.get_value())[i]))
             for i, n in enumerate(run.names)}, font_size=22)
        if len(self.readouts) == 4:
            self.readouts.arrange_in_grid(2, 2, buff=(0.45, 0.12), flow_order="rd")
        else:
            self.readouts.arrange(RIGHT, buff=0.45)
        head = VGroup(self.title, self.formula).arrange(DOWN, buff=0.1)
        plot = VGroup(self.axes, ticks, xlab, ylab)
        head.next_to(plot, UP, buff=0.2)
        self.readouts.next_to(plot, DOWN, buff=0.2)
        self.add(head, plot, self.curve, self.readouts)
        self._grow()

    def shown_rows(self, k: float) -> int:
        return int(np.clip(np.floor(k), 0, len(self.coords)))

    def params_at(self, k: float):
        return self.run.params[max(self.shown_rows(k), 1) - 1]

    def _grow(self):
        n = max(self.shown_rows(self.row.get_value()), 1)
        pts = self.axes.c2p(self.coords[:n]) if len(self.coords) else self.axes.c2p([[0, self.lo]])
        pts = np.atleast_2d(pts)
        self.curve.set_points_as_corners(pts if len(pts) >= 2 else np.vstack([pts, pts]))
        return self.curve


def dead_marker(panel: RacePanel, r):
    """The dead ReLU's marks on its panel: a caption box (with the row as an Integer), and a
    dashed line at that row. Returns (box, line, row Integer)."""
    dead = FastInteger(r.dead_row, font_size=22, color=GRAD)
    label = VGroup(Text("ReLU dead from row", font_size=20, color=GRAD), dead)
    label.arrange(RIGHT, buff=0.1)
    if r.kill_step:         # the step that killed it; a unit can also start dead (row 1)
        a0, b0, a1, b1 = r.kill_step
        why = MathTex(rf"a:\ {fmt(a0)} \to {fmt(a1)},\ \ b:\ {fmt(b0)} \to {fmt(b1)}",
                      font_size=22, color=GRAD)
    else:
        why = Text("it starts dead", font_size=18, color=GRAD)
    why2 = MathTex(r"ax + b \le 0 \text{ for every } x" if r.dead_everywhere
                   else r"ax + b \le 0 \text{ on the rows left}", font_size=22, color=GRAD)
    box = VGroup(label, why, why2).arrange(DOWN, buff=0.08)
    box.next_to(panel.readouts, DOWN, buff=0.15)
    lo, hi = panel.axes.y_range[:2]
    line = DashedVMobject(VMobject().set_points_as_corners(
        [panel.axes.c2p(r.dead_row, lo), panel.axes.c2p(r.dead_row, hi)]), num_dashes=12)
    line.set_color(GRAD)
    return box, line, dead


# Part 4's plane --------------------------------------------------------------------------------

class PlanePanel(VGroup):
    """Plain (a, c) axes with ``point(a, c)``, so a WeightWalker can walk on it."""

    def __init__(self, box, width=4.2, height=3.0):
        super().__init__()
        x0, x1, y0, y1 = box
        self.axes = Axes(x_range=(x0, x1, 1), y_range=(y0, y1, 1), x_length=width,
                         y_length=height, tips=False,
                         axis_config={"include_numbers": True, "font_size": 20})
        self.labels = VGroup(MathTex("a", font_size=30).next_to(self.axes.x_axis, RIGHT, buff=0.15),
                             MathTex("c", font_size=30).next_to(self.axes.y_axis, UP, buff=0.1))
        self.add(self.axes, self.labels)

    def point(self, a, c):
        return self.axes.c2p(a, c)


def best_curve(panel: PlanePanel, slope: float, box, color) -> tuple[VMobject, list]:
    """The curve a·c = ``slope`` inside ``box`` on ``panel`` (both branches, each split where it
    leaves the box), and the (a, c) points drawn.

    >>> panel = PlanePanel((-2.0, 2.0, -2.0, 2.0))
    >>> curve, pts = best_curve(panel, 1.0, (-2.0, 2.0, -2.0, 2.0), "#ffffff")
    >>> len(curve.get_subpaths()), bool(min(a for a, _ in pts) < 0 < max(a for a, _ in pts))
    (2, True)
    """
    x0, x1, y0, y1 = box
    curve = VMobject(stroke_color=color, stroke_width=4)
    drawn = []
    if slope == 0:
        return curve, drawn
    for lo, hi in ((max(x0, 1e-9), x1), (x0, min(x1, -1e-9))):
        if lo >= hi:
            continue
        aa = np.linspace(lo, hi, 400)
        cc = slope / aa
        ok = (cc >= y0) & (cc <= y1)
        # contiguous runs of points inside the box
        idx = np.flatnonzero(ok)
        for run in np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1):
            if len(run) < 2:
                continue
            pts = np.column_stack([aa[run], cc[run]])
            scene = panel.axes.c2p(pts)
            curve.start_new_path(scene[0])
            curve.add_points_as_corners(scene[1:])
            drawn.extend(map(tuple, pts))
    return curve, drawn
