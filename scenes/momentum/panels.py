"""The pieces of the ``momentum`` lesson's four parts, built and placed but not played.

Each builder takes the lesson's numbers (sgdanim.lessons.momentum) and returns the part's
mobjects in place, so layout and drawn values can be checked without rendering
(tests/lessons/test_momentum.py). scenes/momentum/scene.py plays them.

Examples
--------
>>> from manim import Axes
>>> axes = Axes(x_range=[0, 4, 1], y_range=[0, 4, 1])
>>> curve = GrowingCurve(axes, [0, 1, 2, 3], [0, 1, 4, 3], "#ffffff").full()
>>> [round(float(y), 6) for y in curve.drawn_values()[:, 1]]
[0.0, 1.0, 4.0, 3.0]
>>> nice_range(0.0, 58.0, 6)
[0.0, 60.0, 10.0]
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from manim import (BLUE_B, DOWN, GOLD, GREY_A, GREY_B, LEFT, PI, PINK, PURPLE_B, RIGHT, UL, UP, Axes,
                   DashedLine, Dot, MathTex, Text, ValueTracker, VGroup, VMobject, linear)

from scenes.kit.scene import ACCENT, PATH, TEXT, WEIGHT
from scenes.kit.landscape_panel import LandscapePanel, WeightWalker

RAW = GREY_B                 # a raw signal: sin(x), a raw derivative, plain SGD
AVERAGE = ACCENT             # its moving average: momentum
SWEEP = (BLUE_B, ACCENT, PURPLE_B, GOLD, PINK)
CONTOUR = "#3b5b7a"
GHOST_OPACITY = 0.45         # Part 1's uncorrected averages behind the corrected ones


# Shared helpers ------------------------------------------------------------------------------

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
        head = (pts[whole] if whole == len(pts) - 1
                else pts[whole] + (k - whole) * (pts[whole + 1] - pts[whole]))
        return np.vstack([pts[: whole + 1], head[None]])

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
    """Labels for the multiples of π (every 2π when there are many), under the plot's bottom
    edge: at the axis they would sit where sin x and its averages cross zero."""
    halves = int(np.floor(x_max / PI + 1e-9))
    step = 1 if halves <= 8 else 2 * int(np.ceil(halves / 16))
    y_min = axes.y_range[0]
    labels = VGroup()
    for k in range(step, halves + 1, step):
        tex = r"\pi" if k == 1 else rf"{k}\pi"
        labels.add(MathTex(tex, font_size=26).next_to(axes.c2p(k * PI, y_min), DOWN, buff=0.12))
    return labels


def plot_axes(x_range, y_range, x_length, y_length, y_numbers=True) -> Axes:
    return Axes(x_range=x_range, y_range=y_range, x_length=x_length, y_length=y_length, tips=False,
                axis_config={"font_size": 22, "stroke_width": 2},
                x_axis_config={"decimal_number_config": {"num_decimal_places": decimals(x_range[2])}},
                y_axis_config={"include_numbers": y_numbers, "decimal_number_config":
                               {"num_decimal_places": decimals(y_range[2])}})


def decimals(step: float) -> int:
    """The fewest decimals that write every multiple of ``step`` exactly (up to 4).

    >>> decimals(0.25), decimals(10.0)
    (2, 0)
    """
    return next((d for d in range(5) if abs(step * 10 ** d - round(step * 10 ** d)) < 1e-9), 4)


def sci(value: float) -> str:
    """``value`` in LaTeX scientific notation with one decimal.

    >>> sci(1.25e-15)
    '1.2\\\\times 10^{-15}'
    """
    if value == 0:
        return "0"
    mant, exp = f"{value:.1e}".split("e")
    return rf"{mant}\times 10^{{{int(exp)}}}"


def finite_span(values) -> tuple[float, float]:
    finite = np.asarray(values, dtype=np.float64)
    finite = finite[np.isfinite(finite)]
    return (float(finite.min()), float(finite.max())) if finite.size else (-1.0, 1.0)


# Part 1: sin(x) and its averages -------------------------------------------------------------

def sine_plot(n) -> SimpleNamespace:
    """Part 1: axes, sin(x) samples and curve, the β average, the sweep and its corrections."""
    x, v = n.sin_x, n.sin_v
    axes = plot_axes([0, float(x[-1]), PI], [-1.2, 1.2, 0.5], 11.6, 4.7).move_to(DOWN * 0.95)
    dots = VGroup(*[Dot(axes.c2p(float(a), float(b)), radius=0.03, color=RAW) for a, b in zip(x, v)])
    colours = [SWEEP[i % len(SWEEP)] for i in range(len(n.sweep))]
    return SimpleNamespace(
        axes=axes, ticks=pi_labels(axes, float(x[-1])), dots=dots,
        sine=GrowingCurve(axes, x, v, RAW, width=2).full(),
        avg=GrowingCurve(axes, x, n.main.ema, AVERAGE, width=4),
        tip=Dot(axes.c2p(float(x[0]), float(n.main.ema[0])), radius=0.08, color=AVERAGE),
        sweep=VGroup(*[GrowingCurve(axes, x, s.ema, c, width=3.5) for s, c in zip(n.sweep, colours)]),
        corrected=VGroup(*[GrowingCurve(axes, x, s.corrected, c, width=3.5).full().clear_updaters()
                           for s, c in zip(n.sweep, colours)]))


# Part 2: a real wiggly derivative ------------------------------------------------------------

def wiggle_plot(n) -> SimpleNamespace:
    """Part 2: the momentum run's g and m per row (top), d per row in both runs (bottom)."""
    wm, ws = n.wiggle(n.wiggle_mom), n.wiggle(n.wiggle_sgd)
    rows = max(len(wm["grad"]), 1)
    row_step = nice_range(0, rows, 6)[2]
    values = np.concatenate([wm["grad"], wm["mom"]])
    top = plot_axes([0, rows, row_step], nice_range(*finite_span(values)), 11.0, 2.3)
    top.move_to(UP * 0.55 + RIGHT * 0.6)
    weights = np.concatenate([wm["weight"], ws["weight"]])
    bottom = plot_axes([0, rows, row_step], nice_range(*finite_span(weights), 3), 11.0, 1.7)
    bottom.move_to(DOWN * 2.3 + RIGHT * 0.6)
    bottom.x_axis.add_numbers(font_size=22)
    return SimpleNamespace(
        top=top, bottom=bottom,
        raw=GrowingCurve(top, wm["row"], wm["grad"], RAW, width=2.5),
        mom=GrowingCurve(top, wm["row"], wm["mom"], AVERAGE, width=4),
        d_sgd=GrowingCurve(bottom, np.arange(len(ws["weight"])), ws["weight"], RAW, width=3),
        d_mom=GrowingCurve(bottom, np.arange(len(wm["weight"])), wm["weight"], AVERAGE, width=4))



# Part 3: constant gradient, two conventions --------------------------------------------------

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
        axes.x_axis.add_numbers(font_size=22)
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
            label=MathTex(tex, font_size=28, color=GOLD).next_to(line, UP, buff=0.08)
            .align_to(line, RIGHT),
            title=title))
    return out


def constant_key() -> VGroup:
    """What Part 3's two colours are: the gradient fed in and the momentum it builds."""
    return VGroup(MathTex(r"\text{gradient } g", font_size=28, color=RAW),
                  MathTex(r"\text{momentum } m", font_size=28, color=AVERAGE)
                  ).arrange(RIGHT, buff=0.6)


# Part 4: the momentum sheet on y = ax + b ----------------------------------------------------

def paths_plot(n) -> SimpleNamespace:
    """Part 4: the loss contours over the window and both runs' walkers."""
    a0, a1, b0, b1 = n.window
    a_step, b_step = n.ticks
    # The core's exact in-window contours replace the panel's own (whole-ellipse sampling
    # leaves a window this narrow nearly empty).
    panel = LandscapePanel(n.landscape, [a0, a1, a_step], [b0, b1, b_step], [], width=7.6, height=5.6)
    for axis, step in ((panel.axes.x_axis, a_step), (panel.axes.y_axis, b_step)):
        axis.remove(axis.numbers)
        axis.add_numbers(font_size=22, num_decimal_places=decimals(step))
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
