"""Lesson ``relu-sandwich``: two linear neurons are one line; a ReLU filling bends it; the pair
still trains worse, because the same function is a different optimisation problem.

Every number comes from :mod:`sgdanim.lessons.relu_sandwich`. The plots below are built as
mobjects with updaters driven by weight trackers (ManimML's habit), so tests can set the
trackers and read the drawn points back without rendering.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, AnimationGroup, Axes, Create, DashedVMobject,
                   DecimalNumber, Dot, FadeIn, FadeOut, Integer, MathTex, Star, Text,
                   TransformMatchingTex, ValueTracker, VGroup, VMobject, Write, linear)

from sgdanim.landscape import Landscape
from sgdanim.lessons.relu_sandwich import kink

from .common import ACCENT, DATA, GRAD, MODEL, OPTIMUM, PATH, TEXT, WEIGHT, LessonScene
from .landscape import LandscapePanel, WeightWalker

RACE_COLOURS = {"linear": MODEL, "linear2": PATH, "relu2": ACCENT}
FROZEN = "#6b6b6b"


# Drawing helpers -------------------------------------------------------------------------------

def clip_pieces(f, breaks, box) -> list[np.ndarray]:
    """The graph of a piecewise-linear ``f`` (straight between sorted ``breaks``) clipped to
    ``box = (x0, x1, y0, y1)``: a list of (k, 2) polylines inside the box."""
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
            pieces.append(np.array(cur)) if len(cur) >= 2 else None
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
        pts = [axes.c2p(x, y) for x, y in piece]
        curve.start_new_path(pts[0])
        curve.add_points_as_corners(pts[1:])
    return curve


def inside_prefix(points: np.ndarray, box) -> int:
    """How many leading (a, c) points lie inside ``box``: a path is drawn up to where it leaves."""
    x0, x1, y0, y1 = box
    ok = (np.isfinite(points).all(axis=1) & (points[:, 0] >= x0) & (points[:, 0] <= x1)
          & (points[:, 1] >= y0) & (points[:, 1] <= y1))
    return len(ok) if ok.all() else int(np.argmin(ok))


def weight_readouts(values: dict, font_size=30, places=2) -> VGroup:
    """Rows "name = value" whose numbers follow ``values`` (name -> ValueTracker or a function
    of no arguments); only the digits change per frame, no text is rebuilt."""
    rows = VGroup()
    for name, source in values.items():
        get = source.get_value if isinstance(source, ValueTracker) else source
        label = MathTex(f"{name} =", font_size=font_size)
        num = DecimalNumber(get(), num_decimal_places=places, font_size=font_size,
                            include_sign=True)
        num.next_to(label, RIGHT, buff=0.15)
        num.add_updater(lambda m, get=get: m.set_value(get()))
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
        return AnimationGroup(*(t.animate(run_time=run_time).set_value(float(v))
                                for t, v in zip(self.trackers.values(), weights)))


class RacePanel(VGroup):
    """One model of Part 3: |ŷ − y| per row on a log axis, and its weights at the current row."""

    def __init__(self, run, rows: int, decades, row: ValueTracker, width=4.1, height=3.1):
        super().__init__()
        self.run, self.row, self.lo = run, row, decades[0]
        colour = RACE_COLOURS[run.model]
        self.title = Text(run.title, font_size=24, color=colour)
        self.formula = MathTex(FORMULAS[run.model], font_size=28)
        step = 1 if decades[1] - decades[0] <= 7 else 2
        self.axes = Axes(x_range=(0, rows, 10 if rows <= 60 else 20), y_range=(*decades, step),
                         x_length=width, y_length=height, tips=False,
                         x_axis_config={"include_numbers": True, "font_size": 18})
        ticks = VGroup(*(MathTex(f"10^{{{k}}}", font_size=18).next_to(self.axes.c2p(0, k), LEFT,
                                                                        buff=0.1)
                         for k in range(decades[0], decades[1] + 1, step)))
        xlab = Text("row", font_size=18).next_to(self.axes.x_axis, DOWN, buff=0.35)
        ylab = MathTex(r"|\hat y - y|", font_size=22).next_to(self.axes.y_axis, UP, buff=0.1)
        self.pts = np.array([self.point(k + 1, e) for k, e in enumerate(run.error)])
        self.curve = VMobject(stroke_color=colour, stroke_width=3)
        self.curve.add_updater(lambda m: self._grow())
        self.readouts = weight_readouts(
            {n: (lambda i=i: float(self.params_at(self.row.get_value())[i]))
             for i, n in enumerate(run.names)}, font_size=24)
        if len(self.readouts) == 4:
            self.readouts.arrange_in_grid(2, 2, buff=(0.5, 0.15), flow_order="rd")
        head = VGroup(self.title, self.formula).arrange(DOWN, buff=0.12)
        plot = VGroup(self.axes, ticks, xlab, ylab)
        head.next_to(plot, UP, buff=0.25)
        self.readouts.next_to(plot, DOWN, buff=0.2)
        self.add(head, plot, self.curve, self.readouts)
        self._grow()

    def point(self, row: float, err: float):
        y = self.lo if not (err > 0) else max(np.log10(err), self.lo)
        return self.axes.c2p(row, y)

    def shown_rows(self, k: float) -> int:
        return int(np.clip(np.floor(k), 0, len(self.pts)))

    def params_at(self, k: float):
        return self.run.params[max(self.shown_rows(k), 1) - 1]

    def _grow(self):
        n = self.shown_rows(self.row.get_value())
        pts = self.pts[:max(n, 1)]
        self.curve.set_points_as_corners(pts if len(pts) >= 2 else np.vstack([pts, pts]))
        return self.curve


def dead_marker(panel: RacePanel, r):
    """The dead ReLU's marks on its panel: a caption box (with the row as an Integer), and a
    dashed line at that row. Returns (box, line, row Integer)."""
    a0, b0, a1, b1 = r.kill_step if r.kill_step else (np.nan,) * 4
    dead = Integer(r.dead_row, font_size=24, color=GRAD)
    label = VGroup(Text("ReLU dead from row", font_size=20, color=GRAD), dead)
    label.arrange(RIGHT, buff=0.1)
    why = MathTex(rf"a:\ {fmt(a0)} \to {fmt(a1)},\ \ b:\ {fmt(b0)} \to {fmt(b1)}",
                  font_size=22, color=GRAD)
    why2 = MathTex(r"ax + b < 0 \text{ for every } x" if r.dead_everywhere
                   else r"ax + b \le 0 \text{ on the rows left}", font_size=22, color=GRAD)
    box = VGroup(label, why, why2).arrange(DOWN, buff=0.1)
    box.next_to(panel.readouts, DOWN, buff=0.15)
    lo, hi = panel.axes.y_range[:2]
    line = DashedVMobject(VMobject().set_points_as_corners(
        [panel.axes.c2p(r.dead_row, lo), panel.axes.c2p(r.dead_row, hi)]), num_dashes=12)
    line.set_color(GRAD)
    return box, line, dead


FORMULAS = {"linear": r"y = a x + b", "linear2": r"y = c(ax + b) + d",
            "relu2": r"y = c\max(0, ax + b) + d"}


def fmt(v: float, places=2) -> str:
    """A number for MathTex (ASCII minus; LaTeX typesets it as a minus sign)."""
    return f"{v:.{places}f}" if abs(v) >= 10 ** -places else "0"


def tfmt(v: float, places=2) -> str:
    """A number for Text, with a real minus sign."""
    return fmt(v, places).replace("-", "\u2212")


# The lesson ------------------------------------------------------------------------------------

class ReluSandwich(LessonScene):
    lesson_id = "relu-sandwich"

    def construct(self):
        n = self.numbers
        self.box = (0.0, n.x_span, 0.0, n.y_span)
        for part in n.parts:
            getattr(self, f"part_{part}")()
            self.clear_all()

    def clear_all(self):
        if self.mobjects:
            self.play(*(FadeOut(m) for m in self.mobjects), run_time=0.6)
        self.remove(*self.mobjects)

    def data_axes(self):
        n = self.numbers
        axes = Axes(x_range=(0, n.x_span, n.x_span / 5), y_range=(0, n.y_span, n.y_span / 5),
                    x_length=6.8, y_length=4.4, tips=False,
                    axis_config={"include_numbers": True, "font_size": 20})
        axes.move_to(LEFT * 2.7 + DOWN * 1.0)
        labels = VGroup(MathTex("x", font_size=28).next_to(axes.x_axis, RIGHT, buff=0.15),
                        MathTex("y", font_size=28).next_to(axes.y_axis, UP, buff=0.1))
        dots = VGroup(*(Dot(axes.c2p(x, y), radius=0.045, color=DATA) for x, y in zip(n.x, n.y)))
        return axes, labels, dots

    # Part 1: the collapse, in algebra ----------------------------------------------------------
    def part_collapse(self):
        n = self.numbers
        title = Text("Two linear neurons", font_size=30).to_edge(UP, buff=0.3)
        stacked = MathTex("y", "=", "c", "(", "a", "x", "+", "b", ")", "+", "d", font_size=48)
        regrouped = MathTex("y", "=", "(", "a", "c", ")", "x", "+", "(", "c", "b", "+", "d", ")",
                            font_size=48)
        for m in (stacked, regrouped):
            m.next_to(title, DOWN, buff=0.3)
        axes, labels, dots = self.data_axes()
        plot = WeightPlot(axes, self.box, n.collapse_tour[0], "collapse")
        self.collapse_plot = plot
        t = plot.trackers
        slope, icept = ValueTracker(0.0), ValueTracker(0.0)
        derived = VGroup(MathTex("ac =", font_size=30), MathTex("cb + d =", font_size=30))
        readouts = weight_readouts(t)
        extra = VGroup()
        for lab, tr in zip(derived, (slope, icept)):
            num = DecimalNumber(0, num_decimal_places=2, font_size=30, include_sign=True)
            num.add_updater(lambda m, tr=tr: m.set_value(tr.get_value()))
            extra.add(VGroup(lab, num.next_to(lab, RIGHT, buff=0.15)))
        slope.add_updater(lambda m: m.set_value(t["a"].get_value() * t["c"].get_value()))
        icept.add_updater(lambda m: m.set_value(
            t["c"].get_value() * t["b"].get_value() + t["d"].get_value()))
        extra.arrange(DOWN, aligned_edge=LEFT, buff=0.22).set_color(ACCENT)
        side = VGroup(readouts, extra).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        side.move_to(RIGHT * 4.6 + DOWN * 0.9)
        self.add(slope, icept)

        self.play(FadeIn(title), Write(stacked), run_time=1.5,
                  subcaption="Two linear neurons: the second one takes the first one's output.")
        self.play(Create(axes), FadeIn(labels, dots), run_time=1.2)
        self.play(Create(plot), FadeIn(readouts), run_time=1.2,
                  subcaption="Start with every weight at 1.")
        self.play(TransformMatchingTex(stacked, regrouped), FadeIn(extra), run_time=2.0,
                  subcaption="Multiply out: the slope is a times c, the intercept c b plus d.")
        self.wait(0.6)
        self.mark("collapse_line", weights=tuple(n.collapse_tour[0]))
        note = Text("Any four weights: still a straight line", font_size=26, color=ACCENT)
        note.next_to(axes, UP, buff=0.15).shift(RIGHT * 0.6)
        for i, w in enumerate(n.collapse_tour[1:], start=1):
            if i == len(n.collapse_tour) - 2:
                same = Text(f"a·c = {tfmt(n.solutions.best[0])}, cb + d = "
                            f"{tfmt(n.solutions.best[1])}: the data's best line",
                            font_size=24, color=OPTIMUM).move_to(note)
                self.play(FadeOut(note), FadeIn(same), run_time=0.5)
                note = same
            self.play(plot.move_to_weights(w), run_time=2.0,
                      subcaption="Whatever the four weights are, the graph is a straight line."
                      if i < len(n.collapse_tour) - 2 else
                      "Different weights, the very same line.")
            if i == 1:
                self.play(FadeIn(note), run_time=0.4)
            self.mark("collapse_line", weights=tuple(w))
            self.wait(0.6)
        self.wait(0.8)

    # Part 2: the filling -----------------------------------------------------------------------
    def part_hinge(self):
        n = self.numbers
        title = Text("Add a ReLU filling", font_size=30).to_edge(UP, buff=0.3)
        formula = MathTex(r"y = c\,\max(0,\ a x + b) + d", font_size=46)
        formula.next_to(title, DOWN, buff=0.3)
        axes, labels, dots = self.data_axes()
        plot = WeightPlot(axes, self.box, n.hinge_tour[0], "hinge", color=ACCENT)
        t = plot.trackers
        hinge = Dot(radius=0.09, color=WEIGHT)

        def place_hinge(m):
            a, b, c, d = plot.weights()
            m.move_to(axes.c2p(kink(a, b), d))
        hinge.add_updater(place_hinge)
        readouts = weight_readouts(t).move_to(RIGHT * 4.6 + UP * 0.2)
        roles = VGroup(Text("a, b: where the kink is", font_size=24),
                       Text("c: how steep the ramp", font_size=24),
                       Text("d: how high it sits", font_size=24))
        roles.arrange(DOWN, aligned_edge=LEFT, buff=0.18).next_to(readouts, DOWN, buff=0.5)

        self.play(FadeIn(title), Write(formula), run_time=1.5,
                  subcaption="Put a ReLU between the two neurons: negative values become zero.")
        self.play(Create(axes), FadeIn(labels, dots.set_opacity(0.35)), run_time=1.0)
        self.play(Create(plot), FadeIn(readouts, hinge), run_time=1.2,
                  subcaption="Now the graph is a hinge: flat, then a ramp.")
        captions = ("b moves the kink.", "a moves it too, and tilts the ramp.",
                    "c scales the ramp.", "d lifts the whole hinge.")
        for i, (w, cap) in enumerate(zip(n.hinge_tour[1:], captions)):
            if i in (0, 2, 3):
                self.play(FadeIn(roles[min(i, 2) if i else 0]), run_time=0.4)
            self.play(plot.move_to_weights(w), run_time=1.8, subcaption=cap)
            self.mark("hinge", weights=tuple(w))
            self.wait(0.4)

        # Two units add up to a bend.
        (a1, b1, c1), (a2, b2, c2), d = n.two_units
        two = MathTex(r"y = c_1\max(0, a_1x + b_1) + c_2\max(0, a_2x + b_2) + d", font_size=38)
        two.move_to(formula)
        units = VGroup()
        for a, b, c, dd in ((a1, b1, c1, d), (a2, b2, c2, 0.0)):
            unit = draw_pieces(VMobject(stroke_color=DATA, stroke_width=3), axes,
                               lambda x, a=a, b=b, c=c, dd=dd: c * max(0.0, a * x + b) + dd,
                               [kink(a, b)], self.box)
            units.add(DashedVMobject(unit, num_dashes=30))
        both = draw_pieces(VMobject(stroke_color=WEIGHT, stroke_width=5), axes,
                           lambda x: c1 * max(0.0, a1 * x + b1) + c2 * max(0.0, a2 * x + b2) + d,
                           [kink(a1, b1), kink(a2, b2)], self.box)
        self.two_unit_curve = both
        bend = Text("two hinges add up to a bend\nno straight line can make", font_size=24,
                    color=WEIGHT).next_to(readouts, DOWN, buff=0.5)
        self.play(FadeOut(plot, hinge, readouts, roles), run_time=0.6)
        self.play(TransformMatchingTex(formula, two), Create(units), run_time=1.8,
                  subcaption="Take two such units, each with its own kink.")
        self.play(Create(both), FadeIn(bend), run_time=1.6,
                  subcaption="Added up, they bend. No line, however you weight it, can do that.")
        self.mark("two_units")
        self.wait(1.5)

    # Part 3: training, as in the thread --------------------------------------------------------
    def part_training(self):
        n = self.numbers
        rows = max(len(r.error) + (r.diverged_at is not None) for r in n.runs.values())
        finite = np.concatenate([r.error[np.isfinite(r.error) & (r.error > 0)]
                                 for r in n.runs.values()])
        decades = (max(int(np.floor(np.log10(finite.min()))), -3),
                   int(np.ceil(np.log10(finite.max()))))
        total = len(n.x) * n.epochs
        row = ValueTracker(0.0)
        init = ", ".join(f"{k} = {tfmt(v, 0 if float(v).is_integer() else 2)}"
                         for k, v in n.init.items())
        head = Text(f"{n.data_name} rows, lr = {n.lr:g}, start {init}", font_size=24)
        head.to_edge(UP, buff=0.2)
        counter = VGroup(Text("row", font_size=24), Integer(0, font_size=30))
        counter[1].add_updater(lambda m: m.set_value(int(np.clip(np.floor(row.get_value()), 0,
                                                                 total))))
        counter.arrange(RIGHT, buff=0.15).to_corner(UP + RIGHT, buff=0.2)
        panels = VGroup(*(RacePanel(r, total, decades, row) for r in n.runs.values()))
        panels.arrange(RIGHT, buff=0.55).next_to(head, DOWN, buff=0.25)
        self.race_panels = {r.model: p for r, p in zip(n.runs.values(), panels)}

        self.play(FadeIn(head, counter), FadeIn(panels), run_time=1.5,
                  subcaption="Three models, the same rows, the same learning rate, all weights 1.")
        events = []
        for m, r in n.runs.items():
            if r.diverged_at is not None:
                events.append((r.diverged_at, "diverged", m))
            if r.dead_row is not None:
                events.append((r.dead_row, "dead", m))
        events.sort()
        at = 0.0
        speed = 0.3   # seconds per row
        for stop, what, m in events + [(total, "end", None)]:
            target = stop if what != "diverged" else stop - 1
            if target > at:
                self.play(row.animate(rate_func=linear).set_value(target),
                          run_time=max(0.5, (target - at) * speed),
                          subcaption="Training, one row per step.")
                at = target
            if what == "dead":
                self.show_dead(self.race_panels[m], n.runs[m])
            elif what == "diverged":
                self.show_diverged(self.race_panels[m], n.runs[m])
        self.play(row.animate.set_value(total + 0.999), run_time=0.3)
        self.mark("poster")
        self.wait(2.0)

    def show_dead(self, panel: RacePanel, r):
        box, line, dead = dead_marker(panel, r)
        self.dead_label = dead
        self.play(FadeIn(box), Create(line), run_time=1.0,
                  subcaption=f"Row {r.dead_row - 1}'s big step pushed a x + b below zero for "
                  "every x: the ReLU is dead.")
        frozen = VGroup(*panel.readouts[:3])
        self.play(frozen.animate.set_color(FROZEN), run_time=0.6,
                  subcaption="From here a, b and c get zero derivative. Only d still learns.")
        self.mark("dead", row=r.dead_row, model=r.model)
        self.wait(1.5)

    def show_diverged(self, panel: RacePanel, r):
        top = panel.axes.c2p(r.diverged_at - 1, panel.axes.y_range[1])
        cross = MathTex(r"\times", font_size=48, color=GRAD).move_to(top)
        label = Text(f"row {r.diverged_at}: runs away", font_size=22, color=GRAD)
        label.next_to(panel.readouts, DOWN, buff=0.2)
        self.play(FadeIn(cross, label), run_time=0.8,
                  subcaption=f"The linear pair's error explodes: on row {r.diverged_at} it "
                  "leaves every scale.")
        self.mark("diverged", row=r.diverged_at, model=r.model)
        self.wait(1.2)

    # Part 4: same function, different problem --------------------------------------------------
    def part_solutions(self):
        n, s = self.numbers, self.numbers.solutions
        slope, icept = s.best
        land = Landscape.of(_data(n))
        a_hi = max(4.0, float(np.ceil(slope * 2)))
        b_lo, b_hi = min(0.0, np.floor(icept / 10) * 10 - 10), max(10.0, np.ceil(icept / 10) * 10 + 10)
        left = LandscapePanel(land, (0, a_hi, 1), (b_lo, b_hi, (b_hi - b_lo) / 5),
                              land.levels(float(land.loss(n.init["a"], n.init["b"])), 6),
                              width=4.6, height=3.6)
        box = (0.0, a_hi, 0.0, a_hi)
        right = PlanePanel(box, width=4.6, height=3.6)
        VGroup(left, right).arrange(RIGHT, buff=1.6).move_to(UP * 0.55)
        lt = Text("one neuron: one best (a, b)", font_size=24, color=OPTIMUM)
        rt = Text("two linear neurons: a curve of best (a, c)", font_size=24, color=WEIGHT)
        lt.next_to(left, UP, buff=0.2)
        rt.next_to(right, UP, buff=0.2)
        star_lab = MathTex(f"({fmt(slope)},\\ {fmt(icept)})", font_size=24, color=OPTIMUM)
        star_lab.next_to(left.optimum, RIGHT, buff=0.15)
        curve = VMobject(stroke_color=WEIGHT, stroke_width=4)
        aa = np.linspace(max(slope / a_hi, 1e-3), a_hi, 200) if slope > 0 else np.array([])
        inside = [(a, slope / a) for a in aa if 0 <= slope / a <= a_hi]
        if len(inside) >= 2:
            curve.set_points_as_corners([right.point(a, c) for a, c in inside])
        curve_lab = MathTex(f"ac = {fmt(slope)}", font_size=26, color=WEIGHT)
        curve_lab.next_to(right.point(*inside[-1]) if inside else right, UP + LEFT, buff=0.1)

        self.play(FadeIn(left, lt), run_time=1.2,
                  subcaption=f"One neuron: a single best point, a = {fmt(slope)}, "
                  f"b = {fmt(icept)}.")
        self.play(FadeIn(star_lab), FadeIn(right, rt), run_time=1.0)
        self.play(Create(curve), FadeIn(curve_lab), run_time=1.5,
                  subcaption=f"Two linear neurons: every a, c with a times c = {fmt(slope)} "
                  "(and c b + d = " + fmt(icept) + ") is just as good.")

        ac = s.path[:, [0, 2]]
        k_slow = inside_prefix(ac, box)
        walker = WeightWalker(right, ac[:k_slow])
        self.slow_walker, self.solution_panel = walker, right
        slow_lab = Text(f"SGD, lr = {s.path_lr:g}", font_size=20, color=PATH)
        slow_lab.next_to(right.axes, DOWN, buff=0.45).align_to(right.axes, LEFT)
        self.play(walker.appear(), FadeIn(slow_lab), run_time=0.5)
        self.add(walker)
        self.play(walker.walk(k_slow - 1, run_time=5.0),
                  subcaption="A small learning rate: the path crosses the curve and creeps on.")
        self.mark("path_end", index=k_slow - 1, a=float(ac[k_slow - 1, 0]),
                  c=float(ac[k_slow - 1, 1]))

        fast = s.fast_path[:, [0, 2]]
        k_fast = inside_prefix(fast, box)
        fast_walker = WeightWalker(right, fast[:max(k_fast, 1)], color=GRAD, trail_color=GRAD)
        gone = fast[k_fast] if k_fast < len(fast) else None
        msg = f"lr = {s.fast_lr:g}: " + (
            f"row {k_fast} throws it to a = {tfmt(gone[0])}, c = {tfmt(gone[1])}"
            if gone is not None else "stays on the plot")
        if s.fast_diverged_at:
            msg += f"; row {s.fast_diverged_at} runs away"
        fast_lab = Text(msg, font_size=20, color=GRAD).next_to(slow_lab, DOWN, buff=0.12)
        fast_lab.align_to(slow_lab, LEFT)
        self.play(fast_walker.appear(), FadeIn(fast_lab), run_time=0.5)
        self.add(fast_walker)
        self.play(fast_walker.walk(max(k_fast - 1, 0), run_time=4.0),
                  subcaption="Part 3's learning rate: the pair jumps across the curve and away.")
        self.wait(0.5)

        lines = VGroup(
            Text("SGD moves a and c, not a·c: one step changes the slope (a² + c²) times "
                 f"as much - {s.start_factor:g}× at the start.", font_size=22),
            Text(f"lr = {n.lr:g} was already at one neuron's limit for x = {s.x_big:g} "
                 f"({s.one_neuron_row_limit:.3g}): doubled, it overshoots; bigger weights, "
                 "bigger steps.", font_size=22),
            Text("With four weights, the extra answers buy nothing: they only make the right "
                 "step size depend on where you stand.", font_size=22, color=ACCENT),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.16)
        lines.to_edge(DOWN, buff=0.25)
        self.play(FadeOut(slow_lab, fast_lab), run_time=0.3)
        for line, cap in zip(lines, (
                "SGD moves a and c, not their product, so a step changes the slope by a squared "
                "plus c squared times as much.",
                "The thread's learning rate was already at one neuron's limit. Doubled, it "
                "overshoots, the weights grow, and the steps grow with them.",
                "In four weights the extra equivalent answers buy nothing; they only make the "
                "right step size depend on where you stand.")):
            self.play(FadeIn(line), run_time=0.8, subcaption=cap)
            self.wait(2.6)
        self.wait(1.0)


class PlanePanel(VGroup):
    """Plain (a, c) axes with ``point(a, c)``, so a WeightWalker can walk on it."""

    def __init__(self, box, width=4.6, height=3.6):
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


def _data(n):
    from sgdanim.data import Dataset
    return Dataset(n.x.copy(), n.y.copy(), n.data_name)
