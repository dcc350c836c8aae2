"""Lesson ``optimizers``: the spreadsheet's five optimizer sheets as one race.

Every number drawn comes from :func:`sgdanim.lessons.optimizers.compute`. The pieces below
build mobjects and return animations; the scene plays them in the order of the lesson, so the
table's cells and the walkers' positions can be checked without rendering.

Render the defaults with ``manim -ql scenes/optimizers.py Optimizers``.
"""

from __future__ import annotations

import math

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, AnimationGroup, Axes, Create, DashedLine, DecimalNumber,
                   Dot, FadeIn, FadeOut, Indicate, MathTex, Text, Transform, Triangle, VGroup,
                   VMobject, Write, linear)

from sgdanim.landscape import clip_polyline
from sgdanim.optimizers import DEFAULTS, Annealer

from .common import OPTIMUM, TEXT, LessonScene
from .landscape import LandscapePanel, WeightWalker

# One colour per optimizer (Okabe–Ito, readable on black, none the optimum's green).
COLOURS = {"sgd": "#F0E442", "momentum": "#56B4E9", "rmsprop": "#CC79A7", "adam": "#E69F00",
           "adam_ann": "#FF4040"}
DIM = "#9a9a9a"


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
    return lines + (rf"\text{{after each epoch: }} G=\textstyle\sum\sqrt{{v}};\quad "
                    rf"G > {ann.ratio:g}\min G_{{\text{{before}}}} \Rightarrow "
                    rf"\mathrm{{lr}} \leftarrow \mathrm{{lr}}/{ann.factor:g}",)


GLOSS = {
    "sgd": "a step against this row's gradient",
    "momentum": "steps along an average of recent gradients",
    "rmsprop": "each weight's step divided by its recent gradient size",
    "adam": "momentum's direction with RMSProp's per-weight size",
    "adam_ann": "Adam, with lr ÷ 4 whenever an epoch's gradients jump",
}


def whole_ticks(axes, steps) -> None:
    """Relabel the axes without decimals when their tick steps are whole numbers."""
    for axis, step in zip((axes.x_axis, axes.y_axis), steps):
        if float(step).is_integer() and getattr(axis, "numbers", None) is not None:
            axis.remove(axis.numbers)
            axis.add_numbers(num_decimal_places=0)


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
        self.ticks = VGroup(*[MathTex(f"10^{{{k}}}", font_size=font_size + 2).next_to(
            self.axes.c2p(0, k - d0), LEFT, buff=0.1) for k in range(d0, d1 + 1)])
        self.x_label = Text("epoch", font_size=font_size).next_to(self.axes.x_axis, DOWN, buff=0.1)
        self.x_label.align_to(self.axes.x_axis, RIGHT).shift(0.55 * RIGHT)
        self.title = Text("rmse per epoch", font_size=font_size + 2).next_to(
            self.axes, UP, buff=0.15).align_to(self.ticks, LEFT)
        target = numbers.target
        self.target_line = DashedLine(self.point(0, target), self.point(numbers.epochs, target),
                                      color=OPTIMUM, stroke_width=2, dash_length=0.08)
        self.target_label = MathTex(rf"\mathrm{{rmse}}={target:g}", font_size=font_size + 2,
                                    color=OPTIMUM).next_to(self.target_line, UP, buff=0.06
                                                           ).shift(0.0 * RIGHT)
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


class RaceTable(VGroup):
    """Legend during the race, then the results table: optimizer, lr, epochs to the target."""

    def __init__(self, numbers, font_size=20, row_gap=0.46):
        super().__init__()
        self.numbers = numbers
        self.font_size = font_size
        target = numbers.target
        # Built first: lr_cell aligns to the header's "lr".
        self.header = VGroup(Text("optimizer", font_size=font_size, color=DIM),
                             Text("lr", font_size=font_size, color=DIM),
                             Text(f"epochs to rmse < {target:g}", font_size=font_size, color=DIM))
        self.names, self.lrs, self.results, self.swatches = {}, {}, {}, {}
        self.col_x = (0.3, 2.75, 3.75)
        for j, cell in enumerate(self.header):
            cell.move_to([self.col_x[j], 0, 0], aligned_edge=LEFT)
        self.add(self.header)
        for i, racer in enumerate(numbers.racers):
            y = -(i + 1) * row_gap
            c = COLOURS[racer.name]
            self.swatches[racer.name] = Dot([0.12, y, 0], radius=0.08, color=c)
            self.names[racer.name] = Text(racer.label, font_size=font_size, color=c).move_to(
                [self.col_x[0], y, 0], aligned_edge=LEFT)
            self.lrs[racer.name] = self.lr_cell(racer.lr, y)
            self.results[racer.name] = Text(racer.result_text(numbers.epochs),
                                            font_size=font_size, color=TEXT).move_to(
                [self.col_x[2], y, 0], aligned_edge=LEFT)
            self.add(self.swatches[racer.name], self.names[racer.name], self.lrs[racer.name],
                     self.results[racer.name])

    def lr_cell(self, lr: float, y: float) -> Text:
        x = self.header[1].get_left()[0]     # the column, wherever the table has moved
        return Text(lr_text(lr), font_size=self.font_size, color=TEXT).move_to(
            [x, y, 0], aligned_edge=LEFT)

    def row(self, name: str) -> VGroup:
        return VGroup(self.swatches[name], self.names[name], self.lrs[name])

    def cells(self) -> dict[str, tuple[str, str]]:
        """What each row says: name -> (lr, result), as drawn."""
        return {name: (self.lrs[name].original_text, self.results[name].original_text)
                for name in self.names}

    def drop_lr(self, name: str, lr: float):
        """Animation: the lr cell of ``name`` changes to ``lr``."""
        old = self.lrs[name]
        new = self.lr_cell(lr, old.get_y())
        self.lrs[name] = new
        return AnimationGroup(FadeOut(old, shift=0.2 * DOWN), FadeIn(new, shift=0.2 * DOWN))


class Optimizers(LessonScene):
    lesson_id = "optimizers"

    def construct(self):
        n = self.numbers
        rows = n.rows
        # Part 1: the bowl and the start ------------------------------------------------------
        title = Text("Five optimizers, one race", font_size=34).to_edge(UP, buff=0.25)
        (a0, a1, sa), (b0, b1, sb) = n.a_range, n.b_range
        panel = LandscapePanel(n.landscape, (a0, a1, sa), (b0, b1, sb), n.levels,
                               width=5.0, height=6.1).move_to([-4.0, -0.45, 0])
        whole_ticks(panel.axes, (sa, sb))
        self.panel = panel
        self.axes = panel.axes
        start = Dot(panel.point(*n.start), radius=0.05, color=TEXT)
        start_label = MathTex(rf"a=b={n.start[0]:g}", font_size=24).next_to(start, RIGHT, 0.1)
        opt_label = MathTex(rf"({n.optimum[0]:.3g},\ {n.optimum[1]:.3g})", font_size=24,
                            color=OPTIMUM).next_to(panel.optimum, RIGHT, buff=0.35)
        self.play(Write(title), FadeIn(panel.axes, panel.labels), run_time=1.5,
                  subcaption="The spreadsheet has one sheet per optimizer. Here they race.")
        self.play(Create(panel.contours), FadeIn(panel.optimum, opt_label), run_time=2,
                  subcaption="Contours of the mean loss over a and b; the star is the lowest point.")
        self.play(FadeIn(start, start_label), run_time=0.8,
                  subcaption=f"Everyone starts at a = b = {n.start[0]:g}, on the same "
                             f"{rows} rows.")
        self.wait(0.7)

        # Part 2: each rule, as its path starts -----------------------------------------------
        box = ((a0, a1), (b0, b1))
        walkers = {r.name: BoxedWalker(panel, r.path, box, COLOURS[r.name]) for r in n.racers}
        self.walkers = walkers
        table = RaceTable(n)
        table.shift([3.2 - table.get_center()[0], -0.95 - table.get_top()[1], 0])
        self.table = table
        self.play(FadeIn(table.header), run_time=0.5)
        first = min(rows, min(len(r.path) - 1 for r in n.racers))
        self.play(FadeOut(start_label), run_time=0.4)
        for racer in n.racers:
            self.introduce(racer, walkers[racer.name], table, first)

        # Part 3: the race ----------------------------------------------------------------------
        plot = RmsePlot(n)
        plot.shift(np.array([0.55, 0.45, 0]) - plot.axes.c2p(0, 0))
        self.plot = plot
        rows_done = _Tracker(first)
        curves = VGroup(*[plot.curve(r, rows_done.tracker, rows) for r in n.racers])
        clock_label = epoch_counter(rows_done, rows, n.epochs)
        clock_label.align_to(plot.title, DOWN).align_to(plot.axes, RIGHT)
        self.play(FadeIn(plot), FadeIn(clock_label), run_time=1,
                  subcaption="Now all of them, epoch by epoch; beside the paths, each one's rmse.")
        self.add(curves)
        self.mark("race_start", row=int(rows_done.value))
        self.race(n, walkers, table, plot, rows_done, first)
        self.mark("race_end", row=int(rows_done.value))
        self.mark("poster")
        self.wait(1.5)

        # Part 4: the table -----------------------------------------------------------------------
        self.play(FadeOut(clock_label), *[FadeIn(table.results[r.name]) for r in n.racers
                                          if r.epochs_to_target is None], run_time=1,
                  subcaption=self.summary_caption())
        self.mark("table")
        self.wait(2.5)
        self.play(Indicate(table.header[2], color=OPTIMUM), run_time=1.2,
                  subcaption=self.bounce_caption(), subcaption_duration=5)
        self.wait(3.8)

    # -- pieces ---------------------------------------------------------------------------------
    def introduce(self, racer, walker, table, first: int) -> None:
        """The rule appears beside the plot while the racer's first epoch runs alone."""
        colour = COLOURS[racer.name]
        name = Text(racer.label, font_size=30, color=colour)
        rule = VGroup(*[MathTex(line, font_size=32) for line in rule_tex(racer.name)]).arrange(
            DOWN, buff=0.18, aligned_edge=LEFT)
        gloss = Text(GLOSS[racer.name], font_size=22, color=DIM)
        card = VGroup(name, rule, gloss).arrange(DOWN, buff=0.25, aligned_edge=LEFT)
        if card.width > 6.8:
            card.scale_to_fit_width(6.8)
        card.move_to([3.2, 1.5, 0])
        self.play(FadeIn(card, shift=0.2 * UP), FadeIn(walker), FadeIn(table.row(racer.name)),
                  run_time=0.9, subcaption=f"{racer.label}: {GLOSS[racer.name]}; "
                                           f"lr = {lr_text(racer.lr)}.")
        self.play(walker.walk(first, run_time=2.6), run_time=2.6)
        self.mark("epoch_end", racer=racer.name, row=first)
        self.wait(0.5)
        self.play(FadeOut(card), run_time=0.5)

    def race(self, n, walkers, table, plot, rows_done, first: int) -> None:
        """All walkers together, stopping where an lr drops or a racer reaches the target."""
        rows, end = n.rows, n.epochs * n.rows
        events = {}
        for r in n.racers:
            before = r.lr
            for epoch, lr in r.lr_drops:
                events.setdefault((epoch - 1) * rows, []).append(("drop", r, (before, lr)))
                before = lr
            if r.epochs_to_target is not None:
                events.setdefault(r.epochs_to_target * rows, []).append(("target", r, None))
        stops = sorted(k for k in events if k > first) + [end]
        seconds_per_row = min(1.1, 45.0 / max(n.epochs - 1, 1)) / rows
        for k in sorted(k for k in events if k <= first):
            self.show_events(events[k], table, plot)
        at = first
        for stop in stops:
            if stop > at:
                rt = (stop - at) * seconds_per_row
                self.play(*[w.walk(stop, rt) for w in walkers.values()],
                          rows_done.animate_to(stop, rt), run_time=rt)
                at = stop
            if stop in events:
                self.show_events(events[stop], table, plot)

    def show_events(self, events, table, plot) -> None:
        for kind, racer, lrs in events:
            if kind == "drop":
                old, lr = lrs
                self.play(table.drop_lr(racer.name, lr), run_time=0.8,
                          subcaption=f"{racer.label}: its gradients jumped, so lr ÷ 4: "
                                     f"{lr_text(old)} → {lr_text(lr)}.")
                self.mark("lr_drop", racer=racer.name, lr=lr)
            else:
                e = racer.epochs_to_target
                dot = Dot(plot.point(e, racer.rmse[e - 1]), radius=0.06, color=COLOURS[racer.name])
                self.play(FadeIn(dot, scale=2), FadeIn(table.results[racer.name]),
                          Indicate(table.names[racer.name]), run_time=0.9,
                          subcaption=f"{racer.label} gets below rmse {self.numbers.target:g} "
                                     f"in epoch {e}.")
                self.mark("target", racer=racer.name, epoch=e)

    def bounce_caption(self) -> str:
        """Who got below the target but did not stay there, from the last epoch's rmse."""
        n = self.numbers
        left = [r for r in n.racers if r.epochs_to_target is not None and len(r.rmse)
                and r.rmse[-1] >= n.target]
        if not left:
            return "The table counts the first epoch whose rmse is below the target."
        return "; ".join(f"{r.label} got there in epoch {r.epochs_to_target} but ends epoch "
                         f"{len(r.rmse)} at rmse {r.rmse[-1]:.2g}" for r in left) + "."

    def summary_caption(self) -> str:
        n = self.numbers
        done = [r for r in n.racers if r.epochs_to_target is not None]
        if not done:
            return f"None of them gets below rmse {n.target:g} within {n.epochs} epochs."
        best = min(done, key=lambda r: r.epochs_to_target)
        return (f"Epochs to rmse < {n.target:g}: {best.label} first, in {best.epochs_to_target}; "
                f"{len(n.racers) - len(done)} not within {n.epochs}.")


def epoch_counter(rows_done, rows: int, epochs: int) -> VGroup:
    """"epoch k of N", k the epoch being run (the last one finished while the race pauses)."""
    word = Text("epoch", font_size=22)
    total = Text(f"of {epochs}", font_size=22)
    slot = DecimalNumber(epochs, num_decimal_places=0, font_size=28)
    group = VGroup(word, slot, total).arrange(RIGHT, buff=0.15)
    offset = np.array([slot.get_right()[0] - word.get_right()[0], 0.0, 0.0])
    number = DecimalNumber(1, num_decimal_places=0, font_size=28)

    def update(m):
        m.set_value(min(epochs, max(1, math.ceil(rows_done.value / rows - 1e-9))))
        m.move_to(word.get_right() + offset, aligned_edge=RIGHT)
    number.add_updater(update)
    update(number)
    group.remove(slot)
    group.add(number)
    return group


class _Tracker:
    """Rows run so far, shared by the rmse curves and the epoch counter."""

    def __init__(self, value: float):
        from manim import ValueTracker
        self.tracker = ValueTracker(value)

    @property
    def value(self) -> float:
        return self.tracker.get_value()

    def animate_to(self, value: float, run_time: float):
        return self.tracker.animate(rate_func=linear, run_time=run_time).set_value(value)
