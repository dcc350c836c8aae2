"""The pieces of the ``overshoot`` lesson: log axes, the parabola, the loop diagram, the sweep
and the thread's run. They build mobjects from the core's numbers and return animations; the
scene in ``scenes/overshoot/scene.py`` plays them. Where a marker sits can so be checked without
rendering: ``ThreadView(numbers.thread).marker.step`` is the row it marks.
"""

from __future__ import annotations

import math

import numpy as np
from manim import (BLUE_C, DOWN, PINK, GREEN_C, LEFT, MAROON_B, ORANGE, PURPLE_A, RIGHT,
                   UP, YELLOW_C, AnimationGroup, Arrow, Axes,
                   ChangeDecimalToValue, CurvedArrow, DashedLine, DecimalNumber,
                   Dot, Indicate, Line, MathTex, RoundedRectangle, Text, VGroup,
                   VMobject)

from sgdanim.lessons.overshoot import log10_clipped

from scenes.kit.scene import DATA, GRAD, MODEL, OPTIMUM, PATH, WEIGHT, FastDecimal

RUNAWAY = "#FF1F1F"   # only the runaway markers use this, so a frame test can look for it
LANE_COLOURS = (BLUE_C, GREEN_C, YELLOW_C, ORANGE, PURPLE_A, MAROON_B)   # neighbours must differ
WEIGHT_COLOURS = (YELLOW_C, GREEN_C, BLUE_C, PINK)   # four hues apart: c and d must not blur


def sci_tex(value: float, digits: int = 2) -> str:
    """A number as LaTeX, in scientific notation when it is small or large.

    >>> sci_tex(3.974e-4), sci_tex(0.8), sci_tex(1e-2, 1)
    ('3.97\\\\times10^{-4}', '0.80', '1.0\\\\times10^{-2}')
    """
    if value != 0 and not 1e-2 < abs(value) < 1e4:
        exp = math.floor(math.log10(abs(value)))
        mant = value / 10 ** exp
        if round(mant, digits) >= 10:
            mant, exp = mant / 10, exp + 1
        return f"{mant:.{digits}f}\\times10^{{{exp}}}"
    return f"{value:.{digits}f}"


def jump_to(number: DecimalNumber, value: float, run_time: float = 0.5):
    """Show ``value`` halfway through, with no made-up numbers in between.

    (An Indicate on the same number would restore its old glyphs when it ends.)"""
    return ChangeDecimalToValue(number, value, rate_func=lambda t: float(t >= 0.5),
                                run_time=run_time)


class LogAxes(VGroup):
    """Axes whose y shows log10 of a value, labelled 10^k. Values are clipped at ``10^low``
    (so 0 never reaches manim) and the x-axis sits at the bottom, on ``10^low``. ``low`` is
    lowered to a labelled decade, so the bottom of the axis always says what it is.

    >>> ax = LogAxes(x_max=30, low=-2, high=12)      # 3 decades a tick: the bottom moves to -3
    >>> ax.low, [t[1].tex_string for t in ax.ticks][:2]
    (-3, ['10^{-3}', '10^{0}'])
    >>> bool(np.allclose(ax.point(1, 1e-3)[1], ax.point(30, 1e-5)[1]))
    True
    """

    def __init__(self, x_max: int, low: int, high: int, width=6.0, height=4.0, x_step=None,
                 decades_per_tick=None, x_label="row", y_label="", font_size=22, **kwargs):
        super().__init__(**kwargs)
        dtick = decades_per_tick or max(1, math.ceil((high - low) / 6))
        low = dtick * math.floor(low / dtick)
        self.low, self.high = low, high
        span = high - low
        x_step = x_step or max(1, round(x_max / 5 / 5) * 5)
        self.axes = Axes(x_range=[0, x_max, x_step], y_range=[0, span, dtick],
                         x_length=width, y_length=height, tips=False,
                         x_axis_config={"include_numbers": True, "font_size": font_size,
                                        "numbers_to_exclude": [0]},
                         y_axis_config={"include_numbers": False, "include_ticks": False})
        # Our own ticks, one per labelled decade, instead of the axis's evenly spaced ones.
        decades = [k for k in range(low, high + 1) if k % dtick == 0]
        self.ticks = VGroup(*[
            VGroup(Line(self.axes.c2p(0, k - low) + LEFT * 0.08, self.axes.c2p(0, k - low) + RIGHT * 0.08),
                   MathTex(f"10^{{{k}}}", font_size=font_size + 2).next_to(
                       self.axes.c2p(0, k - low), LEFT, buff=0.14))
            for k in decades])
        self.labels = VGroup(Text(x_label, font_size=font_size).next_to(self.axes.x_axis, DOWN,
                                                                         buff=0.35))
        if y_label:   # an empty MathTex has no points, and aligning it raises in manim
            self.labels.add(MathTex(y_label, font_size=font_size + 4)
                            .next_to(self.axes, UP, buff=0.3).align_to(self.ticks, LEFT))
        self.add(self.axes, self.ticks, self.labels)

    def point(self, x: float, value: float) -> np.ndarray:
        return self.axes.c2p(x, float(log10_clipped([value], self.low)[0]) - self.low)

    def curve(self, xs, values, colour, width=3) -> VMobject:
        """A polyline through (x, |value|); one bezier per row, so Create draws rows evenly."""
        pts = [self.point(x, v) for x, v in zip(xs, values)]
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


def decade_bounds(arrays, floor: int, top: int | None = None) -> tuple[int, int]:
    """Whole decades that hold every |value| (clipped at ``floor``), for a LogAxes."""
    logs = np.concatenate([log10_clipped(np.ravel(a), floor) for a in arrays if np.size(a)] or
                          [np.array([floor, floor + 1.0])])
    low = int(math.floor(logs.min()))
    high = top if top is not None else int(math.ceil(logs.max()))
    return low, max(high, low + 1)


# Part 1 pieces ---------------------------------------------------------------------------------

class ParabolaPanel(VGroup):
    """L(w) = λ/2·(w − w*)² over a w range that holds every weight the runs visit."""

    def __init__(self, runs, width=6.0, height=4.4, **kwargs):
        super().__init__(**kwargs)
        lam, w_star = runs[0].lam, runs[0].w_star
        self.reach = reach = 1.1 * max(float(r.distance().max()) for r in runs)
        top = 0.5 * lam * reach ** 2
        self.lam, self.w_star = lam, w_star
        self.axes = Axes(x_range=[w_star - reach, w_star + reach, nice_step(2 * reach)],
                         y_range=[0, top * 1.05, nice_step(top)], x_length=width,
                         y_length=height, tips=False,
                         axis_config={"include_numbers": True, "font_size": 24})
        self.graph = self.axes.plot(lambda w: 0.5 * lam * (w - w_star) ** 2, color=MODEL,
                                    x_range=[w_star - reach, w_star + reach])
        self.minimum = VGroup(Dot(self.axes.c2p(w_star, 0), color=OPTIMUM, radius=0.07),
                              MathTex("w^*", font_size=26, color=OPTIMUM).next_to(
                                  self.axes.c2p(w_star, 0), DOWN, buff=0.15))
        self.labels = VGroup(MathTex("w", font_size=30).next_to(self.axes.x_axis, RIGHT, 0.1),
                             MathTex("L(w)", font_size=30).next_to(self.axes.y_axis, UP, 0.1))
        self.add(self.axes, self.graph, self.minimum, self.labels)

    def point(self, w: float) -> np.ndarray:
        return self.axes.c2p(w, 0.5 * self.lam * (w - self.w_star) ** 2)

    def tangent(self, w: float, length=1.3) -> Line:
        """The derivative at w drawn as a tangent segment of fixed on-screen length."""
        slope = self.lam * (w - self.w_star)
        d = self.axes.c2p(w + 1, 0) - self.axes.c2p(w, 0)
        d = d + (self.axes.c2p(0, slope) - self.axes.c2p(0, 0))
        d = d / np.linalg.norm(d) * length / 2
        p = self.point(w)
        return Line(p - d, p + d, color=GRAD, stroke_width=4)

    def step_arrow(self, w0: float, w1: float) -> Arrow:
        y = self.axes.c2p(0, 0)[1] - 0.62   # below the tick numbers
        return Arrow([self.axes.c2p(w0, 0)[0], y, 0], [self.axes.c2p(w1, 0)[0], y, 0],
                     buff=0, color=PATH, stroke_width=5, max_tip_length_to_length_ratio=0.2)


def nice_step(span: float) -> float:
    raw = span / 5
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)


class LoopDiagram(VGroup):
    """distance → derivative → step → new distance → …, each node showing the step's real number."""

    NODES = (("distance", r"|w_k-w^*|"), ("derivative", r"L'(w_k)=\lambda\,(w_k-w^*)"),
             ("step", r"\mathrm{lr}\cdot L'(w_k)"), ("new distance", r"|w_{k+1}-w^*|"))

    def __init__(self, runs, radius=(2.1, 1.35), **kwargs):
        super().__init__(**kwargs)
        self.numbers, self.nodes = [], VGroup()
        offsets = (UP * radius[1], RIGHT * radius[0], DOWN * radius[1], LEFT * radius[0])
        # Every value any run will show, per node: boxes are sized for the widest, and big
        # numbers drop their decimals.
        shown = np.array([self.step_values(run, k) for run in runs for k in range(run.w.size - 1)])
        widest = np.abs(shown).max(axis=0)
        self.places = 2 if widest.max() < 100 else 0
        # It starts on the first run's step 0: a placeholder 0 would be a number nobody computed.
        for j, ((word, tex), off) in enumerate(zip(self.NODES, offsets)):
            style = dict(num_decimal_places=self.places, include_sign=word in ("derivative", "step"),
                         font_size=30)
            number = FastDecimal(shown[0, j], **style)
            body = VGroup(Text(word, font_size=18, color=DATA), MathTex(tex, font_size=24),
                          number).arrange(DOWN, buff=0.08)
            inner = max(body.width, FastDecimal(-widest[j], **style).width)
            box = RoundedRectangle(corner_radius=0.12, width=inner + 0.25,
                                   height=body.height + 0.2, stroke_color=DATA, stroke_width=2)
            self.nodes.add(VGroup(box, body).move_to(off))
            self.numbers.append(number)
        # Clockwise, each arrow from the side of one box to the facing side of the next.
        sides = ((RIGHT, UP), (DOWN, RIGHT), (LEFT, DOWN), (UP, LEFT))
        self.arrows = VGroup(*[
            CurvedArrow(self.nodes[i].get_critical_point(a) + a * 0.08,
                        self.nodes[(i + 1) % 4].get_critical_point(b) + b * 0.08,
                        angle=-math.pi / 2.5, color=DATA, stroke_width=3, tip_length=0.16)
            for i, (a, b) in enumerate(sides)])
        self.factor = FastDecimal(abs(runs[0].factor), num_decimal_places=2, font_size=34,
                                    color=WEIGHT)
        self.centre = VGroup(MathTex(r"\times|1-\mathrm{lr}\,\lambda|", font_size=26),
                             self.factor).arrange(DOWN, buff=0.1)
        self.add(self.arrows, self.nodes, self.centre)

    @staticmethod
    def step_values(run, k: int) -> tuple[float, float, float, float]:
        """distance, derivative, step and new distance of step k of ``run``."""
        return tuple(float(v) for v in (run.distance()[k], run.slope()[k], run.step()[k],
                                         run.distance()[k + 1]))

    def preset(self, run, run_time: float) -> AnimationGroup:
        """All four nodes jump to step 0 of ``run`` at once, so a new rate never shows the
        numbers of the rate before it."""
        return AnimationGroup(*[jump_to(n, v, run_time)
                                for n, v in zip(self.numbers, self.step_values(run, 0))])

    def show_step(self, run, k: int, run_time: float):
        """The four numbers of step k of ``run``, one animation per node in the loop's order."""
        values = self.step_values(run, k)
        t = run_time / 4
        return [AnimationGroup(jump_to(n, v, t), Indicate(node[0], color=WEIGHT, scale_factor=1.08,
                                                                run_time=t))
                for n, v, node in zip(self.numbers, values, self.nodes)]


# Part 2 and 3 pieces ---------------------------------------------------------------------------

class SweepView(VGroup):
    """Error per row on a log axis, one curve per learning rate, and a legend sorted by lr
    with a divider at the critical lr 2/λmax. Parts are shown one by one by the scene."""

    def __init__(self, numbers, width=6.9, height=4.7, **kwargs):
        super().__init__(**kwargs)
        lanes = numbers.sweep
        top = round(math.log10(numbers.thread.max_loss))
        low, _ = decade_bounds([lane.loss for lane in lanes], floor=-2)
        self.plot = ax = LogAxes(numbers.epochs * numbers.rows, low, top, width=width,
                                 height=height, y_label=r"\text{error of the row}")
        self.cutoff = DashedLine(ax.point(0, 10.0 ** top), ax.point(ax.axes.x_range[1], 10.0 ** top),
                                 color=DATA, stroke_width=2, dash_length=0.08)
        self.cut_label = MathTex(r"\text{run stops: error}>10^{%d}" % top, font_size=22, color=DATA
                                 ).next_to(self.cutoff, UP, 0.1).align_to(self.cutoff, RIGHT)
        self.epoch_lines = VGroup(*[
            DashedLine(ax.axes.c2p(e * numbers.rows + 0.5, 0),
                       ax.axes.c2p(e * numbers.rows + 0.5, top - low),
                       color=DATA, stroke_width=1.5, dash_length=0.06)
            for e in range(1, numbers.epochs)])
        self.epoch_lines.add(*[Text(f"epoch {e + 1}", font_size=16, color=DATA).next_to(
            line.get_top(), DOWN + RIGHT, buff=0.12) for e, line in enumerate(list(self.epoch_lines), 1)])
        self.curves, self.crosses, self.entries = VGroup(), VGroup(), VGroup()
        self.cross_of = {}
        for i, lane in enumerate(lanes):
            colour = LANE_COLOURS[i]
            xs = np.arange(1, lane.loss.shape[0] + 1)
            self.curves.add(ax.curve(xs, lane.loss, colour) if xs.size else VMobject())
            if lane.diverged_at is not None:
                cross = MathTex(r"\times", color=colour, font_size=40).move_to(
                    ax.point(lane.diverged_at, 10.0 ** top))
                cross.step = lane.diverged_at
                self.crosses.add(cross)
                self.cross_of[i] = cross
            fate = f"runs away at row {lane.diverged_at}" if lane.diverged_at else "no runaway"
            self.entries.add(VGroup(Line(LEFT * 0.2, RIGHT * 0.2, color=colour, stroke_width=5),
                                    MathTex(rf"\mathrm{{lr}}={sci_tex(lane.lr, 1)}", font_size=28),
                                    Text(fate, font_size=17, color=DATA)).arrange(RIGHT, buff=0.15))
        self.legend_order = [int(i) for i in np.argsort([lane.lr for lane in lanes])]
        self.legend = VGroup(*[self.entries[i] for i in self.legend_order]).arrange(
            DOWN, aligned_edge=LEFT, buff=0.22).next_to(ax, RIGHT, buff=0.5).shift(UP * 0.4)
        self.critical = VGroup(
            MathTex(rf"\frac{{2}}{{\lambda_{{\max}}}}={sci_tex(numbers.critical_lr)}",
                    font_size=30, color=GRAD),
            MathTex(rf"\lambda_{{\max}}={numbers.lam_max:.0f}\ \text{{(Hessian of the mean error)}}",
                    font_size=22, color=DATA)).arrange(DOWN, buff=0.1).next_to(self.legend, UP, 0.35)
        self.divider = self._divider(numbers.critical_lr, lanes)
        self.add(ax, self.cutoff, self.cut_label, self.epoch_lines, self.curves, self.crosses,
                 self.legend, self.critical, *([self.divider] if self.divider else []))

    def _divider(self, critical_lr: float, lanes):
        """A line in the legend between the rates below and above the critical lr."""
        below = [self.entries[i] for i in self.legend_order if lanes[i].lr <= critical_lr]
        above = [self.entries[i] for i in self.legend_order if lanes[i].lr > critical_lr]
        if not below or not above:
            return None
        y = (below[-1].get_bottom()[1] + above[0].get_top()[1]) / 2
        return DashedLine([self.legend.get_left()[0] - 0.1, y, 0],
                          [self.legend.get_right()[0] + 0.1, y, 0], color=GRAD, stroke_width=3)


MODEL_TEX = {"linear": r"y=a\,x+b", "linear2": r"y=c\,(a\,x+b)+d",
             "relu2": r"y=c\,\max(0,\,a\,x+b)+d"}


class ThreadView(VGroup):
    """The thread's run: error, |weights| and |derivatives| per row on log axes, and the row
    where it ran away (``marker.step``, the trajectory's ``diverged_at``)."""

    def __init__(self, thread, width=3.25, height=3.3, **kwargs):
        super().__init__(**kwargs)
        self.thread = thread
        top = round(math.log10(thread.max_loss))
        err_low, _ = decade_bounds([thread.loss], floor=-2, top=top)
        w_low, w_high = decade_bounds([thread.params], floor=-1)
        g_low, g_high = decade_bounds([thread.grads], floor=-1)
        kw = dict(width=width, height=height, x_step=5 if thread.rows <= 40 else None)
        self.error = LogAxes(thread.rows, err_low, top, y_label=r"\text{error}", **kw)
        self.weights = LogAxes(thread.rows, w_low, w_high, y_label=r"|\text{weight}|", **kw)
        self.grads = LogAxes(thread.rows, g_low, g_high, y_label=r"|\text{derivative}|", **kw)
        self.panels = VGroup(self.error, self.weights, self.grads).arrange(RIGHT, buff=0.75)
        xs = np.arange(1, thread.loss.shape[0] + 1)
        self.curves = VGroup()
        if xs.size:
            self.curves.add(self.error.curve(xs, thread.loss, PATH))
            for j in range(len(thread.names)):
                colour = WEIGHT_COLOURS[j % len(WEIGHT_COLOURS)]
                self.curves.add(self.weights.curve(xs, thread.params[:, j], colour),
                                self.grads.curve(xs, thread.grads[:, j], colour))
        self.key = VGroup(*[MathTex(name, font_size=40, color=WEIGHT_COLOURS[j % 4])
                            for j, name in enumerate(thread.names)]
                          ).arrange(RIGHT, buff=0.35).next_to(self.panels, UP, buff=0.4)
        self.add(self.panels, self.curves, self.key)
        self.marker = self.lines = None
        if thread.diverged_at is not None:
            self.marker = self.error.runaway_marker(thread.diverged_at,
                                                    f"diverged at row {thread.diverged_at}")
            self.lines = VGroup(self.marker, *[p.runaway_marker(thread.diverged_at)
                                               for p in (self.weights, self.grads)])
            self.add(self.lines)
