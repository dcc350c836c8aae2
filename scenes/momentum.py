"""Lesson ``momentum``: momentum is a moving average of the gradient.

Part 1 averages sin(x) point by point and sweeps β; Part 2 follows a real wiggly derivative;
Part 3 feeds a constant gradient to both conventions; Part 4 walks the momentum sheet's path
against plain SGD. Every curve is drawn from ``self.numbers`` (sgdanim.lessons.momentum).

Render at the defaults with ``manim -ql scenes/momentum.py Momentum``.
"""

from __future__ import annotations

import numpy as np
from manim import (BLUE_B, DOWN, GOLD, GREY_A, GREY_B, LEFT, ORIGIN, PI, PINK, PURPLE_B, RIGHT, UL,
                   UP, UR, Axes, Create, DashedLine, DecimalNumber, Dot, DoubleArrow, FadeIn, FadeOut,
                   Integer, LaggedStart, MathTex, Text, Transform, ValueTracker, VGroup, VMobject,
                   Write, linear)

from types import SimpleNamespace

from .common import ACCENT, PATH, TEXT, WEIGHT, LessonScene
from .landscape import LandscapePanel, WeightWalker

RAW = GREY_B                 # a raw signal: sin(x), a raw derivative, plain SGD
AVERAGE = ACCENT             # its moving average: momentum
SWEEP = (BLUE_B, ACCENT, PURPLE_B, GOLD, PINK)
CONTOUR = "#3b5b7a"


def nice_range(lo: float, hi: float, ticks: int = 4) -> list[float]:
    """[lo', hi', step] with a round step, covering lo..hi (for axes of data ranges)."""
    if not np.isfinite([lo, hi]).all():
        lo, hi = -1.0, 1.0
    if hi - lo < 1e-12:
        lo, hi = lo - 1.0, hi + 1.0
    raw = (hi - lo) / ticks
    mag = 10.0 ** np.floor(np.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return [float(np.floor(lo / step) * step), float(np.ceil(hi / step) * step), float(step)]


class GrowingCurve(VMobject):
    """A polyline through data points that grows point by point as ``index`` runs 0 → N−1.

    ``grow(k, run_time)`` returns the animation; at index k the curve ends exactly at point k,
    so what is on screen is always the core's data (between k and k+1 it is the chord).
    """

    def __init__(self, axes: Axes, xs, ys, color, width: float = 3.5, **kwargs):
        super().__init__(stroke_color=color, stroke_width=width, **kwargs)
        self.axes = axes
        pts = [axes.c2p(float(x), float(y)) for x, y in zip(xs, ys)]
        # A run that diverged on its first row has nothing to draw: a point at the origin.
        self.scene_points = np.array(pts if pts else [axes.c2p(0, 0)])
        self.index = ValueTracker(0.0)
        self.add_updater(lambda m: m.set_points_as_corners(m.prefix(m.index.get_value())))
        self.set_points_as_corners(self.prefix(0.0))

    def prefix(self, k: float) -> np.ndarray:
        pts = self.scene_points
        k = float(np.clip(k, 0, len(pts) - 1))
        whole = int(np.floor(k))
        head = pts[whole] if whole == len(pts) - 1 else pts[whole] + (k - whole) * (pts[whole + 1] - pts[whole])
        out = np.vstack([pts[: whole + 1], head[None]])
        return out

    def head(self) -> np.ndarray:
        return self.prefix(self.index.get_value())[-1]

    def grow(self, k: float, run_time: float):
        return self.index.animate(rate_func=linear, run_time=run_time).set_value(k)

    def full(self) -> "GrowingCurve":
        self.index.set_value(len(self.scene_points) - 1)
        self.update()
        return self

    def drawn_values(self) -> np.ndarray:
        """The data values of the drawn corners (start anchors of each segment, then the end)."""
        anchors = np.vstack([self.points[::4], self.points[-1:]])
        # set_points_as_corners repeats the head; drop a duplicate end.
        if len(anchors) > 1 and np.allclose(anchors[-1], anchors[-2]):
            anchors = anchors[:-1]
        return np.array([self.axes.p2c(p) for p in anchors])


def header(text: str) -> Text:
    return Text(text, font_size=30, color=TEXT).to_corner(UL, buff=0.35)


def pi_labels(axes: Axes, x_max: float) -> VGroup:
    """Tick labels at multiples of π (every 2π when there are many)."""
    halves = int(np.floor(x_max / PI + 1e-9))
    step = 1 if halves <= 8 else 2 * int(np.ceil(halves / 16))
    labels = VGroup()
    for k in range(step, halves + 1, step):
        tex = r"\pi" if k == 1 else rf"{k}\pi"
        labels.add(MathTex(tex, font_size=24).next_to(axes.c2p(k * PI, 0), DOWN + RIGHT * 0.6, buff=0.12))
    return labels


def plot_axes(x_range, y_range, x_length, y_length, y_numbers=True) -> Axes:
    return Axes(x_range=x_range, y_range=y_range, x_length=x_length, y_length=y_length, tips=False,
                axis_config={"font_size": 20, "stroke_width": 2},
                x_axis_config={"decimal_number_config": {"num_decimal_places": _decimals(x_range[2])}},
                y_axis_config={"include_numbers": y_numbers, "decimal_number_config":
                               {"num_decimal_places": _decimals(y_range[2])}})


def _decimals(step: float) -> int:
    """The fewest decimals that write every multiple of ``step`` exactly (up to 4)."""
    return next((d for d in range(5) if abs(step * 10 ** d - round(step * 10 ** d)) < 1e-9), 4)


class Momentum(LessonScene):
    lesson_id = "momentum"

    def construct(self):
        n = self.numbers
        title = Text("Momentum: a moving average of the gradient", font_size=40)
        self.play(Write(title), run_time=1.5, subcaption="Momentum is a moving average of the gradient.")
        self.wait(0.5)
        self.play(FadeOut(title), run_time=0.5)
        self.part_sine(n)
        self.part_wiggle(n)
        self.part_constant(n)
        self.part_paths(n)

    def clear_all(self):
        shown = [m for m in self.mobjects if isinstance(m, VMobject)]
        self.play(*[FadeOut(m) for m in shown], run_time=0.8)
        self.remove(*self.mobjects)

    # Part 1: an exponential moving average of sin(x) ------------------------------------------
    def part_sine(self, n):
        x = n.sin_x
        head = header("1 · A moving average of sin(x)")
        plot = self.sine_plot = sine_plot(n)
        axes, ticks, dots, sine, avg = plot.axes, plot.ticks, plot.dots, plot.sine, plot.avg
        sine_label = MathTex(r"\sin x_t", font_size=30, color=RAW).next_to(
            axes.c2p(float(x[len(x) // 8]), 1.0), UP, buff=0.1)
        rule = MathTex(r"m_t = \beta\, m_{t-1} + (1-\beta)\,\sin x_t", r",\quad m_0 = 0",
                       font_size=32).to_corner(UR, buff=0.35)
        beta = MathTex(rf"\beta = {n.main.beta:g}", font_size=32, color=AVERAGE).next_to(rule, DOWN)
        self.play(FadeIn(head), Create(axes), FadeIn(ticks), run_time=1.5,
                  subcaption="Take sin(x), sampled at evenly spaced points x_t.")
        self.play(LaggedStart(*[FadeIn(d) for d in dots], lag_ratio=0.02), Create(sine),
                  FadeIn(sine_label), run_time=2.5)
        self.play(Write(rule), FadeIn(beta), run_time=1.5,
                  subcaption=f"Each step keeps {n.main.beta:.0%} of the average and adds "
                             f"{1 - n.main.beta:.0%} of the new value.")

        tip = Dot(radius=0.07, color=AVERAGE).add_updater(lambda d: d.move_to(avg.head()))
        # Labels sit at fixed places; the numbers re-anchor to them as their width changes.
        t_label = MathTex("t =", font_size=28)
        m_label = MathTex("m_t =", font_size=28, color=AVERAGE)
        VGroup(t_label, m_label).arrange(RIGHT, buff=1.0).next_to(beta, DOWN)
        t_now = Integer(0, font_size=28).add_updater(
            lambda m: m.set_value(int(np.floor(avg.index.get_value())) + 1).next_to(
                t_label, RIGHT, buff=0.12))
        m_now = DecimalNumber(0, num_decimal_places=3, font_size=28, color=AVERAGE).add_updater(
            lambda m: m.set_value(n.main.ema[int(np.floor(avg.index.get_value()))]).next_to(
                m_label, RIGHT, buff=0.12))
        readout = VGroup(t_label, t_now, m_label, m_now)
        self.add(avg, tip)
        self.play(FadeIn(readout), run_time=0.3)
        self.mark("ema_start", k0=0, rate=(len(x) - 1) / 8.0)
        self.play(avg.grow(len(x) - 1, 8.0),
                  subcaption="The average, point by point: smoother than sin(x), and it lags behind.")
        self.mark("ema_done")
        tip.clear_updaters()
        readout.clear_updaters()
        for part in readout:
            part.clear_updaters()

        # Read the last cycle: a smaller peak, and later.
        c = n.main
        peak_y = float(c.peak)
        peak_line = DashedLine(axes.c2p(float(x[c.sin_peak_index]) - 1.0, peak_y),
                               axes.c2p(float(x[-1]), peak_y), color=AVERAGE, stroke_width=2)
        peak_text = MathTex(rf"\text{{peak }} {c.peak:.2f}", font_size=28, color=AVERAGE).next_to(
            peak_line, DOWN, buff=0.1).align_to(peak_line, RIGHT)
        lag = DoubleArrow(axes.c2p(float(x[c.sin_peak_index]), 1.12), axes.c2p(float(x[c.peak_index]), 1.12),
                          buff=0, stroke_width=3, color=TEXT, tip_length=0.15,
                          max_tip_length_to_length_ratio=0.4)
        lag_text = MathTex(rf"\text{{lags {c.lag} samples}}", font_size=28).next_to(lag, UP, buff=0.08)
        self.play(Create(peak_line), FadeIn(peak_text), Create(lag), FadeIn(lag_text), run_time=1.5,
                  subcaption=f"Its peak is {c.peak:.2f} instead of 1, and it comes {c.lag} samples late.")
        self.wait(2.0)

        # The β sweep.
        self.play(FadeOut(VGroup(avg, tip, readout, peak_line, peak_text, lag, lag_text, beta)),
                  run_time=0.8)
        curves, legend = plot.sweep, VGroup()
        for i, s in enumerate(n.sweep):
            colour = SWEEP[i % len(SWEEP)]
            legend.add(MathTex(rf"\beta = {s.beta:g}:\ \text{{peak }} {s.peak:.2f},\ "
                               rf"\text{{lag }} {s.lag}", font_size=26, color=colour))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.12).next_to(rule, DOWN, buff=0.2).align_to(rule, LEFT)
        self.sweep_legend = legend
        self.add(*curves)
        self.play(*[cv.grow(len(x) - 1, 5.0) for cv in curves], FadeIn(legend, run_time=1.0),
                  run_time=5.0, subcaption="Bigger β: smoother and smaller, but later. Smaller β: "
                                           "follows closely, keeps the wiggles.")
        self.mark("sweep_done")
        self.wait(2.0)
        if n.bias_correction:
            self.bias_correction(n, plot)
        self.clear_all()

    def bias_correction(self, n, plot):
        curves = plot.sweep
        fix = VGroup(MathTex(r"\hat m_t = \frac{m_t}{1-\beta^t}", font_size=32),
                     Text("faint: before the correction", font_size=18, color=GREY_A)
                     ).arrange(RIGHT, buff=0.35).next_to(self.sweep_legend, DOWN, buff=0.2).align_to(
                         self.sweep_legend, LEFT)
        ghosts = VGroup(*[cv.copy().clear_updaters().set_stroke(opacity=0.3) for cv in curves])
        corrected = plot.corrected
        self.play(Write(fix), run_time=1.0,
                  subcaption="Starting from m₀ = 0 drags the first values low, the more so the "
                             "bigger β.")
        self.add(ghosts)
        for cv in curves:
            cv.clear_updaters()
        self.play(*[Transform(cv, c) for cv, c in zip(curves, corrected)], run_time=2.5,
                  subcaption="Dividing by 1 − βᵗ (the mom_bias sheet) fixes the start.")
        self.mark("bias_done")
        self.wait(2.5)

    # Part 2: a real wiggly derivative ----------------------------------------------------------
    def part_wiggle(self, n):
        wm, ws = n.wiggle(n.wiggle_mom), n.wiggle(n.wiggle_sgd)
        rows = len(wm["grad"])
        head = header("2 · A real, wiggly derivative")
        sub = MathTex(r"y = c\max(0,\,ax+b)+d,\ \text{the sheet's rows},\ "
                      rf"\text{{lr}} = {n.lr:g},\ \text{{every weight from }} 1",
                      font_size=28).next_to(head, DOWN, aligned_edge=LEFT, buff=0.15)
        plot = self.wiggle_plot = wiggle_plot(n)
        top, bottom = plot.top, plot.bottom
        raw, mom, d_sgd, d_mom = plot.raw, plot.mom, plot.d_sgd, plot.d_mom
        top_title = MathTex(r"\partial\,\text{loss}/\partial d\ \text{per row (momentum run)}",
                            font_size=26).next_to(
            top, UP, buff=0.05).align_to(top, LEFT)
        bottom_title = MathTex(r"d\ \text{per row}", font_size=26).next_to(
            bottom, UP, buff=0.05).align_to(bottom, LEFT)
        row_label = MathTex(r"\text{row}", font_size=24).next_to(bottom.x_axis, RIGHT, buff=0.1)

        key_top = VGroup(MathTex(r"g", font_size=28, color=RAW),
                         MathTex(r"m = 0.9m+0.1g" if n.beta == 0.9 else
                                 rf"m = {n.beta:g}m+{1 - n.beta:g}g", font_size=28, color=AVERAGE)
                         ).arrange(RIGHT, buff=0.5).next_to(top, UP, buff=0.05).align_to(top, RIGHT)
        key_bottom = VGroup(MathTex(r"\text{plain SGD: } -\text{lr}\cdot g", font_size=26, color=RAW),
                            MathTex(r"\text{momentum: } -\text{lr}\cdot m", font_size=26, color=AVERAGE)
                            ).arrange(RIGHT, buff=0.5).next_to(bottom, UP, buff=0.05).align_to(bottom, RIGHT)
        self.play(FadeIn(head), FadeIn(sub), Create(top), Create(bottom), FadeIn(top_title),
                  FadeIn(bottom_title), FadeIn(row_label), run_time=1.5,
                  subcaption="Now a real derivative: weight d of the 2-neuron ReLU model, one row at a time.")
        self.play(FadeIn(key_top), FadeIn(key_bottom), run_time=0.6)
        self.add(raw, mom, d_sgd, d_mom)
        self.mark("wiggle_start", rate=rows / 10.0)
        self.play(raw.grow(rows - 1, 10.0), mom.grow(rows - 1, 10.0), d_sgd.grow(rows, 10.0),
                  d_mom.grow(rows, 10.0),
                  subcaption="Each row's derivative jumps around; momentum averages it into a calmer m. "
                             "Two real runs from the same start: plain SGD steps d by lr·g, momentum by lr·m.")
        self.mark("wiggle_done")
        spread = MathTex(rf"\text{{spread (std): }} g\ {np.std(wm['grad']):.0f},\ "
                         rf"m\ {np.std(wm['mom']):.0f}", font_size=26, color=GREY_A).next_to(
                             key_top, LEFT, buff=0.6)
        ratio = np.std(wm["mom"]) / np.std(wm["grad"])
        self.play(FadeIn(spread), run_time=0.6,
                  subcaption=f"The averaged derivative's spread is {ratio:.0%} of the raw one's, "
                             "so d moves more steadily.")
        self.wait(2.5)
        self.clear_all()

    # Part 3: constant gradient, two conventions -------------------------------------------------
    def part_constant(self, n):
        g = n.const_g
        head = header("3 · Constant gradient, two conventions")
        panels = self.constant_panels = constant_plots(n)
        self.play(FadeIn(head), *[Create(p.axes) for p in panels], *[FadeIn(p.title) for p in panels],
                  run_time=1.5, subcaption=f"Feed momentum a gradient of {g[0]:g} for "
                                           f"{n.steps_high} steps, then {g[-1]:g}.")
        self.add(*[p.grad for p in panels], *[p.curve for p in panels])
        self.play(*[p.grad.grow(len(g) - 1, 1.5) for p in panels], run_time=1.5)
        self.play(*[FadeIn(VGroup(p.line, p.label)) for p in panels], run_time=0.6)
        self.mark("constant_start", rate=(len(g) - 1) / 8.0)
        self.play(*[p.curve.grow(len(g) - 1, 8.0) for p in panels],
                  subcaption="Dampened, m creeps up toward g and never passes it. Undampened, m grows "
                             "toward g/(1−β): steps really do get bigger and bigger.")
        self.mark("constant_done")
        relation = MathTex(r"m^{\text{PyTorch}}_t = \frac{m^{\text{sheet}}_t}{1-\beta}",
                           r"\quad\Rightarrow\quad",
                           r"\text{lr}_{\text{PyTorch}} = (1-\beta)\,\text{lr}_{\text{sheet}}"
                           r"\ \text{takes the same steps}", font_size=30).to_edge(DOWN, buff=0.3)
        gap = MathTex(rf"\text{{Part 4's run both ways: largest gap in }} a, b = {_sci(n.rescale_gap)}",
                      font_size=26, color=GREY_A).next_to(relation, UP, buff=0.15)
        self.play(Write(relation), run_time=1.5,
                  subcaption="The two differ only by the factor 1−β, which a rescaled learning rate absorbs.")
        self.play(FadeIn(gap), run_time=0.6)
        self.wait(3.0)
        self.clear_all()

    # Part 4: the momentum sheet on y = ax + b --------------------------------------------------
    def part_paths(self, n):
        head = header("4 · The momentum sheet on y = ax + b")
        plot = self.paths_plot = paths_plot(n)
        panel, sgd, mom = plot.panel, plot.sgd, plot.mom
        a0, a1, b0, b1 = n.window
        a_opt, b_opt = n.landscape.optimum
        self.walkers = {"sgd": sgd, "mom": mom}
        right = VGroup(
            MathTex(rf"\text{{lr}} = {n.lr:g},\ \beta = {n.beta:g},\ a = b = 1", font_size=28),
            VGroup(Dot(color=WEIGHT), MathTex(r"\text{momentum (the sheet)}", font_size=28, color=PATH)
                   ).arrange(RIGHT, buff=0.15),
            VGroup(Dot(color=GREY_A), MathTex(r"\text{plain SGD}", font_size=28, color=RAW)
                   ).arrange(RIGHT, buff=0.15),
        )
        if not (a0 <= a_opt <= a1 and b0 <= b_opt <= b1):
            right.add(MathTex(rf"\text{{optimum }} ({a_opt:.3g},\,{b_opt:.3g})\ \text{{is off the plot}}",
                              font_size=24, color=GREY_A))
        for name, shown, path in (("momentum", n.shown_mom, n.path_mom), ("plain SGD", n.shown_sgd, n.path_sgd)):
            if shown < len(path):
                right.add(MathTex(rf"\text{{{name} leaves the plot at step {shown}}}", font_size=24,
                                  color=GREY_A))
        right.arrange(DOWN, aligned_edge=LEFT, buff=0.25).to_edge(RIGHT, buff=0.5).shift(UP * 1.6)
        self.play(FadeIn(head), FadeIn(panel), FadeIn(right), run_time=1.5,
                  subcaption="Back to the sheet's line fit: the same contours, momentum against plain "
                             "SGD, both from a = b = 1.")
        self.add(sgd, mom)
        steps = max(n.shown_mom, n.shown_sgd) - 1
        walk_time = 14.0
        self.mark("walk_start", rate=steps / walk_time, steps=steps)
        self.play(sgd.walk(steps, walk_time), mom.walk(steps, walk_time), run_time=walk_time,
                  subcaption="The same rows for both: plain SGD steps along each row's gradient, "
                             "momentum along its running average.")
        self.mark("walk_done")
        self.mark("poster")
        table = VGroup(MathTex(r"\text{RMSE per epoch}" + (r"\ \text{(last 4)}" if len(n.rmse_mom) > 4
                                                            else ""), font_size=26))
        for name, values, colour in (("momentum", n.rmse_mom, PATH), ("SGD", n.rmse_sgd, RAW)):
            shown = r",\ ".join(f"{v:.1f}" for v in values[-4:])
            table.add(MathTex(rf"\text{{{name}: }} {shown}", font_size=26, color=colour))
        table.arrange(DOWN, aligned_edge=LEFT, buff=0.15).next_to(right, DOWN, buff=0.5).align_to(right, LEFT)
        better = "momentum's" if n.rmse_mom[-1] < n.rmse_sgd[-1] else "plain SGD's"
        self.play(FadeIn(table), run_time=0.8,
                  subcaption=f"Both still have far to go along the flat valley; {better} error is "
                             "lower in the last epoch.")
        self.wait(3.0)


# Builders: each returns the mobjects of one part, placed, so layout and drawn values can be
# checked without rendering (tests/test_lesson_momentum.py).

def sine_plot(n) -> SimpleNamespace:
    """Part 1: axes, sin(x) samples and curve, the β average, the sweep and its corrections."""
    x, v = n.sin_x, n.sin_v
    axes = plot_axes([0, float(x[-1]), PI], [-1.2, 1.2, 0.5], 11.6, 4.9).move_to(DOWN * 0.95)
    dots = VGroup(*[Dot(axes.c2p(float(a), float(b)), radius=0.03, color=RAW) for a, b in zip(x, v)])
    colours = [SWEEP[i % len(SWEEP)] for i in range(len(n.sweep))]
    return SimpleNamespace(
        axes=axes, ticks=pi_labels(axes, float(x[-1])), dots=dots,
        sine=GrowingCurve(axes, x, v, RAW, width=2).full(),
        avg=GrowingCurve(axes, x, n.main.ema, AVERAGE, width=4),
        sweep=VGroup(*[GrowingCurve(axes, x, s.ema, c, width=3.5) for s, c in zip(n.sweep, colours)]),
        corrected=VGroup(*[GrowingCurve(axes, x, s.corrected, c, width=3.5).full().clear_updaters()
                           for s, c in zip(n.sweep, colours)]))


def wiggle_plot(n) -> SimpleNamespace:
    """Part 2: the momentum run's g and m per row (top), d per row in both runs (bottom)."""
    wm, ws = n.wiggle(n.wiggle_mom), n.wiggle(n.wiggle_sgd)
    rows = max(len(wm["grad"]), 1)
    row_step = nice_range(0, rows, 6)[2]
    values = np.concatenate([wm["grad"], wm["mom"]])
    top = plot_axes([0, rows, row_step], nice_range(*_finite_span(values)), 11.0, 2.3)
    top.move_to(UP * 0.55 + RIGHT * 0.6)
    weights = np.concatenate([wm["weight"], ws["weight"]])
    bottom = plot_axes([0, rows, row_step], nice_range(*_finite_span(weights), 3), 11.0, 1.7)
    bottom.move_to(DOWN * 2.3 + RIGHT * 0.6)
    bottom.x_axis.add_numbers(font_size=20)
    return SimpleNamespace(
        top=top, bottom=bottom,
        raw=GrowingCurve(top, wm["row"], wm["grad"], RAW, width=2.5),
        mom=GrowingCurve(top, wm["row"], wm["mom"], AVERAGE, width=4),
        d_sgd=GrowingCurve(bottom, np.arange(len(ws["weight"])), ws["weight"], RAW, width=3),
        d_mom=GrowingCurve(bottom, np.arange(len(wm["weight"])), wm["weight"], AVERAGE, width=4))


def constant_plots(n) -> list[SimpleNamespace]:
    """Part 3: the dampened panel (left) and the undampened one (right)."""
    g = n.const_g
    steps = np.arange(1, len(g) + 1)
    out = []
    for damped, values, plateau, x_shift in (
            (True, n.damped, n.damped_plateau, -3.55), (False, n.undamped, n.undamped_plateau, 3.55)):
        lo = float(min(0.0, np.min(values), np.min(g), plateau))
        hi = float(max(np.max(values), np.max(g), plateau))
        axes = plot_axes([0, len(g), nice_range(0, len(g), 4)[2]],
                         nice_range(lo, hi + 0.1 * (hi - lo)), 5.6, 3.3)
        axes.move_to(RIGHT * x_shift + DOWN * 0.15)
        axes.x_axis.add_numbers(font_size=20)
        line = DashedLine(axes.c2p(0, plateau), axes.c2p(len(g), plateau), color=GOLD, stroke_width=2)
        tex = rf"g = {plateau:g}" if damped else rf"\frac{{g}}{{1-\beta}} = {plateau:g}"
        title = VGroup(Text("dampened (spreadsheet)" if damped else "undampened (PyTorch, fastai)",
                            font_size=24),
                       MathTex(r"m \leftarrow \beta m + (1-\beta)\,g" if damped else
                               r"m \leftarrow \beta m + g", font_size=30, color=AVERAGE)
                       ).arrange(DOWN, buff=0.1).next_to(axes, UP, buff=0.2)
        out.append(SimpleNamespace(
            axes=axes, grad=GrowingCurve(axes, steps, g, RAW, width=2.5),
            curve=GrowingCurve(axes, steps, values, AVERAGE, width=4), line=line,
            label=MathTex(tex, font_size=26, color=GOLD).next_to(line, UP, buff=0.08).align_to(line, RIGHT),
            title=title))
    return out


def paths_plot(n) -> SimpleNamespace:
    """Part 4: the loss contours over the window and both runs' walkers."""
    a0, a1, b0, b1 = n.window
    a_step, b_step = n.ticks
    # The core's exact in-window contours replace the panel's own (whole-ellipse sampling
    # leaves a window this narrow nearly empty).
    panel = LandscapePanel(n.landscape, [a0, a1, a_step], [b0, b1, b_step], [], width=7.6, height=5.6)
    for axis, step in ((panel.axes.x_axis, a_step), (panel.axes.y_axis, b_step)):
        axis.remove(axis.numbers)
        axis.add_numbers(font_size=20, num_decimal_places=_decimals(step))
    for piece in n.contours:
        curve = VMobject(stroke_color=CONTOUR, stroke_width=2)
        curve.set_points_as_corners([panel.point(a, b) for a, b in piece])
        panel.contours.add(curve)
    a_opt, b_opt = n.landscape.optimum
    if not (a0 <= a_opt <= a1 and b0 <= b_opt <= b1):
        panel.remove(panel.optimum)
    panel.to_edge(LEFT, buff=0.7).shift(DOWN * 0.3)
    return SimpleNamespace(
        panel=panel,
        sgd=WeightWalker(panel, n.path_sgd[: n.shown_sgd], color=GREY_A, trail_color=RAW),
        mom=WeightWalker(panel, n.path_mom[: n.shown_mom], color=WEIGHT, trail_color=PATH))


def _finite_span(values) -> tuple[float, float]:
    finite = np.asarray(values, dtype=np.float64)
    finite = finite[np.isfinite(finite)]
    return (float(finite.min()), float(finite.max())) if finite.size else (-1.0, 1.0)


def _sci(value: float) -> str:
    if value == 0:
        return "0"
    mant, exp = f"{value:.1e}".split("e")
    return rf"{mant}\times 10^{{{int(exp)}}}"
