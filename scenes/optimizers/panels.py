"""Builders for the ``optimizers`` lesson: walkers, the rmse plot, the race table, rule cards.

Each builder returns placed mobjects (or animations) built from the core's numbers, so the
layout and what each piece says can be tested without rendering; ``scenes/optimizers/scene.py``
plays them in the order of the lesson.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, AnimationGroup, Axes, DashedLine, Dot,
                   FadeIn, FadeOut, MathTex, Text, Triangle, ValueTracker, VGroup, VMobject,
                   linear)

from sgdanim.core.landscape import clip_polyline
from sgdanim.core.optimizers import DEFAULTS, Annealer

from scenes.kit.scene import OPTIMUM, TEXT, FastDecimal
from scenes.kit.landscape_panel import LandscapePanel, WeightWalker

# One colour per optimizer (Okabe–Ito, readable on black, none the optimum's green).
COLOURS = {"sgd": "#F0E442", "momentum": "#56B4E9", "rmsprop": "#CC79A7", "adam": "#E69F00",
           "adam_ann": "#FF4040"}
DIM = "#9a9a9a"
DESCENDERS = set("gjpqy,;()")


# -- text helpers ---------------------------------------------------------------------------------
def lr_text(lr: float) -> str:
    """A learning rate as the sheet would write it.

    >>> lr_text(1e-4), lr_text(0.02), lr_text(1.0), lr_text(0.0625), lr_text(1/64), lr_text(2.5e-5)
    ('1e-4', '0.02', '1', '0.0625', '0.0156', '2.5e-5')
    """
    text = f"{lr:.3g}" if lr >= 1e-3 else f"{lr:.2e}"
    if "e" in text:
        mant, exp = text.split("e")
        mant = mant.rstrip("0").rstrip(".")
        text = f"{mant}e{int(exp)}"
    return text


def set_baseline(text: Text, y: float) -> Text:
    """Move ``text`` vertically so its baseline is at ``y`` (words with and without descenders,
    side by side, then sit on one line). Returns ``text``.

    >>> a, b = set_baseline(Text("lr"), 0.0), set_baseline(Text("optimizer"), 0.0)
    >>> [bool(abs(t[0].get_bottom()[1]) < 1e-9) for t in (a, b)], bool(b[1].get_bottom()[1] < -0.02)
    ([True, True], True)
    """
    chars = [c for c in text.text if not c.isspace()]
    glyph = next((g for c, g in zip(chars, text.submobjects) if c not in DESCENDERS), text)
    text.shift((y - glyph.get_bottom()[1]) * UP)
    return text


def rule_tex(name: str) -> tuple[str, ...]:
    """The update rule of ``name`` as MathTex lines, with the core's hyperparameters."""
    h = DEFAULTS
    if name == "sgd":
        return (r"p \leftarrow p - \mathrm{lr}\cdot g",)
    if name == "momentum":
        b = h["momentum"]["beta"]
        return (rf"m \leftarrow {b:g}\,m + {1 - b:g}\,g", r"p \leftarrow p - \mathrm{lr}\cdot m")
    if name == "rmsprop":
        b = h["rmsprop"]["beta"]
        return (rf"v \leftarrow {b:g}\,v + {1 - b:g}\,g^2",
                r"p \leftarrow p - \mathrm{lr}\cdot \frac{g}{\sqrt{v}+\epsilon}")
    b, b2 = h["adam"]["beta"], h["adam"]["beta2"]
    lines = (rf"m \leftarrow {b:g}\,m + {1 - b:g}\,g,\quad v \leftarrow {b2:g}\,v + {1 - b2:.2g}\,g^2",
             r"p \leftarrow p - \mathrm{lr}\cdot \frac{m}{\sqrt{v}}")
    if name == "adam":
        return lines
    ann = Annealer()
    return lines + (r"\text{after each epoch: } G=\textstyle\sum\sqrt{v}",
                    rf"G > {ann.ratio:g}\,\min G_{{\text{{before}}}} \Rightarrow "
                    rf"\mathrm{{lr}} \leftarrow \mathrm{{lr}}/{ann.factor:g}")


GLOSS = {
    "sgd": "a step against this row's gradient",
    "momentum": "steps along an average of recent gradients",
    "rmsprop": "each weight's step divided by its recent gradient size",
    "adam": "momentum's direction with RMSProp's per-weight size",
    "adam_ann": "Adam, and lr ÷ 4 when an epoch's gradients jump",
}


def rule_card(racer, centre=(3.35, 1.55), max_width=6.6) -> VGroup:
    """The racer's name, its update rule in MathTex and a one-line gloss, placed at ``centre``."""
    name = Text(racer.label, font_size=30, color=COLOURS[racer.name])
    rule = VGroup(*[MathTex(line, font_size=32) for line in rule_tex(racer.name)]).arrange(
        DOWN, buff=0.16, aligned_edge=LEFT)
    gloss = Text(GLOSS[racer.name], font_size=22, color=DIM)
    card = VGroup(name, rule, gloss).arrange(DOWN, buff=0.22, aligned_edge=LEFT)
    if card.width > max_width:
        card.scale_to_fit_width(max_width)
    return card.move_to([*centre, 0])


def whole_ticks(axes, steps) -> None:
    """Relabel the axes without decimals when their tick steps are whole numbers."""
    for axis, step in zip((axes.x_axis, axes.y_axis), steps):
        if float(step).is_integer() and getattr(axis, "numbers", None) is not None:
            axis.remove(axis.numbers)
            axis.add_numbers(num_decimal_places=0)


# -- the paths ------------------------------------------------------------------------------------
class BoxedWalker(WeightWalker):
    """A walker that stays honest at the edge of the plot: points outside the box are not
    drawn; while the weights are outside, a triangle on the edge points to where they went."""

    def __init__(self, panel, path, box, color, **kwargs):
        self.box = box
        self.path = np.asarray(path, dtype=np.float64)
        (a0, a1), (b0, b1) = box
        self.outside = ~((self.path[:, 0] >= a0) & (self.path[:, 0] <= a1) &
                         (self.path[:, 1] >= b0) & (self.path[:, 1] <= b1))
        super().__init__(panel, path, color=color, trail_color=color, radius=0.08, **kwargs)
        self.trail.set_stroke(width=2, opacity=0.75)
        self.dot.set_z_index(2)          # every racer's dot above every trail
        self.edge = Triangle(color=color, fill_opacity=1, stroke_width=0).scale(0.1)
        self.edge.set_opacity(0)
        if self.outside.any():
            self.trail.clear_updaters()
            self.trail.add_updater(lambda t: self._draw_clipped(t, self.index.get_value()))
            self.dot.add_updater(lambda d: self._show_edge(self.index.get_value()))
            self.add(self.edge)

    def _draw_clipped(self, trail, k):
        whole = int(np.clip(np.floor(k), 0, len(self.path) - 1))
        (a0, a1), (b0, b1) = self.box
        pieces = clip_polyline(self.path[: whole + 1], (a0, a1, b0, b1))
        trail.clear_points()
        for piece in pieces:
            pts = [self.panel.point(a, b) for a, b in piece]
            if len(pts) < 2:
                continue
            trail.start_new_path(pts[0])
            trail.add_points_as_corners(pts[1:])
        if not trail.has_points():
            trail.set_points_as_corners([self.scene_points[0], self.scene_points[0]])

    def _show_edge(self, k):
        i = int(round(float(np.clip(k, 0, len(self.path) - 1))))
        out = bool(self.outside[i])
        self.dot.set_opacity(0 if out else 1)
        self.edge.set_opacity(1 if out else 0)
        if out:
            (a0, a1), (b0, b1) = self.box
            a, b = self.path[i]
            ca, cb = float(np.clip(a, a0, a1)), float(np.clip(b, b0, b1))
            self.edge.move_to(self.panel.point(ca, cb))
            angle = math.atan2(b - cb if b != cb else 0.0, a - ca if a != ca else 0.0)
            self.edge.rotate(angle - getattr(self.edge, "_angle", math.pi / 2))
            self.edge._angle = angle


# -- rmse per epoch -------------------------------------------------------------------------------
class RmsePlot(VGroup):
    """rmse per epoch on a log axis, one curve per racer, growing with a clock in rows."""

    def __init__(self, numbers, width=5.4, height=2.2, font_size=20):
        super().__init__()
        self.numbers = numbers
        d0, d1 = numbers.rmse_decades
        self.low = d0
        step = max(1, round(numbers.epochs / 5 / 5) * 5) if numbers.epochs >= 10 else 1
        # y is log10(rmse) − d0, so the x-axis sits at the bottom, on 10^d0.
        self.axes = Axes(x_range=[0, numbers.epochs, step], y_range=[0, d1 - d0, 1],
                         x_length=width, y_length=height, tips=False,
                         x_axis_config={"include_numbers": True, "font_size": font_size,
                                        "numbers_to_exclude": [0]},
                         y_axis_config={"include_numbers": False})
        self.ticks = VGroup(*[MathTex(f"10^{{{k}}}", font_size=font_size + 4).next_to(
            self.axes.c2p(0, k - d0), LEFT, buff=0.1) for k in range(d0, d1 + 1)])
        self.x_label = Text("epoch", font_size=font_size).next_to(self.axes.x_axis, DOWN, buff=0.1)
        self.x_label.align_to(self.axes.x_axis, RIGHT).shift(0.55 * RIGHT)
        self.title = Text("rmse per epoch", font_size=font_size + 2).next_to(
            self.axes, UP, buff=0.15).align_to(self.ticks, LEFT)
        target = numbers.target
        self.target_line = DashedLine(self.point(0, target), self.point(numbers.epochs, target),
                                      color=OPTIMUM, stroke_width=2, dash_length=0.08)
        self.target_label = MathTex(rf"\mathrm{{rmse}}={target:g}", font_size=font_size + 8,
                                    color=OPTIMUM).next_to(self.target_line, UP, buff=0.06)
        self.target_label.align_to(self.axes.c2p(0.03 * numbers.epochs, 0), LEFT)
        self.add(self.axes, self.ticks, self.x_label, self.title, self.target_line,
                 self.target_label)
        self.curves = {}

    def point(self, epoch: float, rmse: float) -> np.ndarray:
        return self.axes.c2p(epoch, math.log10(rmse) - self.low)

    def curve(self, racer, rows_tracker, rows: int) -> VMobject:
        """A curve that shows the racer's rmse for every epoch completed by ``rows_tracker``."""
        pts = [self.point(e + 1, r) for e, r in enumerate(racer.rmse)]
        line = VMobject(stroke_color=COLOURS[racer.name], stroke_width=3)

        def update(m):
            done = min(int(rows_tracker.get_value() // rows), len(pts))
            shown = pts[:done] if done else [pts[0]] if pts else []
            if len(shown) >= 2:
                m.set_points_as_corners(shown)
                m.set_stroke(opacity=1)
            elif shown:
                m.set_points_as_corners([shown[0], shown[0]])
                m.set_stroke(opacity=1 if done else 0)
        line.add_updater(update)
        update(line)
        self.curves[racer.name] = line
        return line


# -- the legend that becomes the results table ----------------------------------------------------
class RaceTable(VGroup):
    """Legend during the race, then the results table: optimizer, lr, epochs to the target."""

    COLUMNS = (0.3, 2.75, 4.0)       # left edges of the name, lr and result columns

    def __init__(self, numbers, font_size=20, row_gap=0.46):
        super().__init__()
        self.numbers = numbers
        self.font_size = font_size
        self.row_gap = row_gap
        self.header = VGroup(*[
            set_baseline(Text(word, font_size=font_size, color=DIM), 0.0).align_to(
                [x, 0, 0], LEFT)
            for word, x in zip(("optimizer", "lr", f"epochs to rmse < {numbers.target:g}"),
                               self.COLUMNS)])
        self.add(self.header)
        self.names, self.lrs, self.results, self.swatches = {}, {}, {}, {}
        for i, racer in enumerate(numbers.racers):
            y = -(i + 1) * row_gap
            c = COLOURS[racer.name]
            self.names[racer.name] = self.cell(racer.label, 0, y, c)
            self.swatches[racer.name] = Dot([0.12, 0, 0], radius=0.08, color=c).set_y(
                self.header[0][0].get_y() + y)                # mid x-height of the row
            self.lrs[racer.name] = self.cell(lr_text(racer.lr), 1, y)
            self.results[racer.name] = self.cell(racer.result_text(numbers.epochs), 2, y)
            self.add(self.swatches[racer.name], self.names[racer.name], self.lrs[racer.name],
                     self.results[racer.name])

    def cell(self, text: str, column: int, baseline: float, color=TEXT) -> Text:
        """A cell on the row whose baseline is ``baseline`` below the header's (wherever the
        table has moved)."""
        left = self.header[column].get_left()[0]
        base = self.header[0][0].get_bottom()[1]          # the header's baseline ("o")
        return set_baseline(Text(text, font_size=self.font_size, color=color), base + baseline
                            ).align_to([left, 0, 0], LEFT)

    def row(self, name: str) -> VGroup:
        return VGroup(self.swatches[name], self.names[name], self.lrs[name])

    def cells(self) -> dict[str, tuple[str, str]]:
        """What each row says: name -> (lr, result), as drawn."""
        return {name: (self.lrs[name].original_text, self.results[name].original_text)
                for name in self.names}

    def drop_lr(self, name: str, lr: float):
        """Animation: the lr cell of ``name`` changes to ``lr``."""
        old = self.lrs[name]
        i = list(self.names).index(name)
        new = self.cell(lr_text(lr), 1, -(i + 1) * self.row_gap)
        self.lrs[name] = new
        return AnimationGroup(FadeOut(old, shift=0.2 * DOWN), FadeIn(new, shift=0.2 * DOWN))


# -- the clock ------------------------------------------------------------------------------------
class RowClock:
    """Rows run so far, shared by the rmse curves and the epoch counter."""

    def __init__(self, value: float):
        self.tracker = ValueTracker(value)

    @property
    def value(self) -> float:
        return self.tracker.get_value()

    def animate_to(self, value: float, run_time: float):
        return self.tracker.animate(rate_func=linear, run_time=run_time).set_value(value)


def epoch_counter(clock: RowClock, rows: int, epochs: int) -> VGroup:
    """"epoch k of N", k the epoch being run (the last one finished while the race pauses)."""
    word = set_baseline(Text("epoch", font_size=22), 0.0)
    total = set_baseline(Text(f"of {epochs}", font_size=22), 0.0)
    widest = FastDecimal(epochs, num_decimal_places=0, font_size=36)
    total.shift((word.get_right()[0] + 0.3 + widest.width - total.get_left()[0]) * RIGHT)
    number = FastDecimal(1, num_decimal_places=0, font_size=36)

    def update(m):
        k = min(epochs, max(1, math.ceil(clock.value / rows - 1e-9)))
        if k != round(m.number):         # set_value rebuilds the glyphs: only when k changes
            m.set_value(k)
        # Right-aligned in the slot before "of N", digits on the words' baseline.
        m.move_to(total.get_left() - [0.15, 0, 0], aligned_edge=RIGHT)
        m.shift((word[0].get_bottom()[1] - m.get_bottom()[1]) * UP)
    number.add_updater(update)
    update(number)
    group = VGroup(word, number, total)
    group.number = number
    return group


# -- the whole screen -----------------------------------------------------------------------------
def layout(numbers) -> SimpleNamespace:
    """Every piece of the lesson, placed where it plays: panel (left), rule cards and rmse plot
    (top right, one after the other), the table (bottom right) and the epoch counter."""
    n = numbers
    (a0, a1, sa), (b0, b1, sb) = n.a_range, n.b_range
    panel = LandscapePanel(n.landscape, (a0, a1, sa), (b0, b1, sb), n.levels,
                           width=5.0, height=6.1).move_to([-4.0, -0.45, 0])
    whole_ticks(panel.axes, (sa, sb))
    box = ((a0, a1), (b0, b1))
    walkers = {r.name: BoxedWalker(panel, r.path, box, COLOURS[r.name]) for r in n.racers}
    table = RaceTable(n)
    table.shift([3.25 - table.get_center()[0], -0.95 - table.get_top()[1], 0])
    plot = RmsePlot(n)
    plot.shift(np.array([0.55, 0.45, 0]) - plot.axes.c2p(0, 0))
    clock = RowClock(n.rows)          # the race starts once every racer's first epoch is shown
    counter = epoch_counter(clock, n.rows, n.epochs)
    counter.shift(plot.title[0].get_bottom()[1] * UP).align_to(plot.axes, RIGHT)
    counter.number.update()
    cards = {r.name: rule_card(r) for r in n.racers}
    return SimpleNamespace(panel=panel, walkers=walkers, table=table, plot=plot, clock=clock,
                           counter=counter, cards=cards)
