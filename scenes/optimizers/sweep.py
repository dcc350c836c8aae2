"""Part 2 of ``optimizers``: a fair start. Each racer's lr sweep (last-epoch RMSE against lr,
both on log axes), where each sweep stopped (its first lr that ran away, a ✕ on the top edge)
and the lr it races with (a dot), all from ``numbers.sweep`` (:mod:`sgdanim.lessons.optimizers.sweep`).

Examples
--------
>>> from sgdanim.lessons.optimizers import LESSON
>>> plot = sweep_plot(LESSON.compute(LESSON.defaults()))
>>> sorted(plot.marks) == sorted(plot.curves) == ['adam', 'adam_ann', 'momentum', 'rmsprop', 'sgd']
True
>>> sorted(plot.crosses)          # RMSProp and the Adams never run away on the grid
['momentum', 'sgd']
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
from manim import (BLACK, DOWN, LEFT, RIGHT, UP, Circle, Create, DashedLine, Dot, FadeIn, FadeOut,
                   Indicate, LaggedStart, MathTex, Square, VGroup, VMobject)

from scenes.kit.clearance import first_clear
from scenes.kit.format import sci_tex
from scenes.kit.plots import decade_labels
from scenes.kit.style import DIM, LABEL_SIZE, MIN_FONT_SIZE, OPTIMIZER_COLOURS
from scenes.optimizers.parts import OptimizersPart, header_swap
from scenes.optimizers.steps import LogLogAxes
from scenes.kit.text import words
from scenes.optimizers.text import flat_range, sweep_captions

# the left half, where the contours stand before and after: the sweep is the part's picture
ORIGIN_AT = (-5.7, -2.25)    # the axes' bottom-left corner: tick labels above the captions' band
SIZE = (5.45, 4.1)           # the axes' width and height (room above for the ✕s and title)
WIDEST = 8.0                 # the first racer's curve; each next one 1.3 narrower, so curves
STEP_WIDTH = 1.3             # that coincide (SGD and momentum at small lrs) show as stripes
MARKER = 0.14                # a marker square's side


def _ticks(axes, decades_x, decades_y) -> VGroup:
    """10^k under every other lr decade (every one would collide), and under the last one, the
    sweep's end the caption names, and beside every RMSE one."""
    (x0, x1), (y0, y1) = decades_x, decades_y
    step = 2 if x1 - x0 > 5 else 1
    xs = sorted(set(range(x0 + (x0 % step), x1 + 1, step)) | {x1})
    return decade_labels(axes.point, xs, range(y0, y1 + 1), corner=(x0, y0))


def sweep_plot(numbers) -> SimpleNamespace:
    """The placed plot: ``axes``, ``labels`` (ticks and names), and per racer its ``curves``,
    the ``markers`` that tell coinciding curves apart, its ``crosses`` (only racers whose sweep
    stopped) and its ``marks``."""
    s = numbers.sweep
    axes = LogLogAxes(s.lr_decades, s.rmse_decades, x_length=SIZE[0], y_length=SIZE[1])
    axes.shift([*ORIGIN_AT, 0] - axes.point(s.lr_decades[0], s.rmse_decades[0]))
    title = MathTex(rf"\text{{RMSE of epoch {numbers.epochs}, one run per lr}}",
                    font_size=LABEL_SIZE).next_to(axes, UP, buff=0.3).align_to(axes, LEFT)
    lr = MathTex(r"\text{lr}", font_size=LABEL_SIZE).next_to(axes.x_axis, RIGHT, buff=0.15)
    curves, crosses, marks, markers = {}, {}, {}, {}
    for i, racer in enumerate(numbers.racers):
        t, colour = s.tunings[racer.name], OPTIMIZER_COLOURS[racer.name]
        lrs, rmse = s.curve(racer.name)
        pts = [axes.point(math.log10(x), math.log10(y)) for x, y in zip(lrs, rmse)]
        curves[racer.name] = VMobject(stroke_color=colour,
                                      stroke_width=max(WIDEST - STEP_WIDTH * i, 2.5))
        curves[racer.name].set_points_as_corners(pts if len(pts) > 1 else pts * 2)
        markers[racer.name] = _markers(pts, i, len(numbers.racers), colour)
        if t.runaway_lr is not None:
            crosses[racer.name] = MathTex(r"\times", font_size=40, color=colour).move_to(
                axes.point(math.log10(t.runaway_lr), s.rmse_decades[1]))
        # a racer that ran away has no RMSE of the last epoch: its last one (epoch 5 for SGD
        # at lr 6e-4) is not what this plot shows, and it gets no dot (the dots line says so)
        if racer.diverged_at is None and np.isfinite(racer.final_rmse or np.nan):
            marks[racer.name] = Dot(axes.point(math.log10(racer.lr),
                                               math.log10(racer.final_rmse)),
                                    radius=0.1, color=colour, stroke_color=BLACK, stroke_width=2)
    for shadow in numbers.shadows:    # the racer whose dot hides under another's: a ring on top
        if shadow.under in marks:
            marks[shadow.under].set_fill(opacity=0).set_stroke(
                OPTIMIZER_COLOURS[shadow.under], width=3.5).scale(1.6).set_z_index(3)
    runaway = None                    # what a ✕ means, beside the rightmost one
    if crosses:
        last = max(crosses.values(), key=lambda x: x.get_x())
        runaway = MathTex(r"\text{runs away}", font_size=MIN_FONT_SIZE, color=DIM).next_to(
            last, RIGHT, buff=0.1)
    ticks = _ticks(axes, s.lr_decades, s.rmse_decades)
    return SimpleNamespace(axes=axes, labels=VGroup(ticks, title, lr),
                           curves=curves, markers=markers, crosses=crosses, marks=marks,
                           runaway=runaway, there=_there(axes, numbers),
                           flat=(flat := _flat_bracket(axes, s)),
                           limit=_limit_line(axes, s, curves.values(), [flat, *ticks]))


def _markers(pts, racer: int, racers: int, colour) -> VGroup:
    """Small squares in the racer's colour on its own points: on every ``racers``-th lr of the
    grid, from the ``racer``-th on, so no two racers mark the same lr and where curves coincide
    (the Adams and RMSProp below 10⁻², SGD and momentum below 10⁻⁵) their colours alternate
    along the line. ``pts`` start at the grid's first lr (a sweep keeps the lrs below its
    first runaway); each square sits on a point of the curve, none is moved."""
    return VGroup(*[Square(MARKER, color=colour, fill_opacity=1, stroke_color=BLACK,
                           stroke_width=1.5).move_to(p)
                    for k, p in enumerate(pts) if k % racers == racer % racers])


def _there(axes, numbers) -> Circle | None:
    """A ring in SGD's colour on SGD's curve at momentum's lr: the spot the compare caption
    reads ("there SGD ends at RMSE …"; None when that caption says something else)."""
    by = {r.name: r for r in numbers.racers}
    sgd, mom = by.get("sgd"), by.get("momentum")
    if not (sgd and mom and mom.lr > sgd.lr):
        return None
    rmse = numbers.sweep.rmse_at("sgd", mom.lr)
    if rmse is None:
        return None
    return Circle(radius=0.14, color=OPTIMIZER_COLOURS["sgd"], stroke_width=3.5).move_to(
        axes.point(math.log10(mom.lr), math.log10(rmse))).set_z_index(3)


def _flat_bracket(axes, s) -> VGroup | None:
    """A bracket in SGD's colour under SGD's flat stretch (``near_best``: the lrs within the
    tuning's 20 % of its lowest RMSE), its RMSE range under it: what the flat caption reads.
    Under the curve, where the plot is empty (the other curves run above it there); over it
    where the stretch lies too near the axis for its range to stand clear of the axis' numbers
    (SGD alone with the sheets' lrs: "16–18" was written over "10⁻⁶")."""
    if "sgd" not in s.tunings:
        return None
    low, high, lowest, worst = s.near_best("sgd")
    colour = OPTIMIZER_COLOURS["sgd"]
    axis_y = axes.point(0, s.rmse_decades[0])[1]
    for y, side in ((math.log10(lowest) - 0.22, DOWN), (math.log10(worst) + 0.22, UP)):
        left, right = axes.point(math.log10(low), y), axes.point(math.log10(high), y)
        bracket = VMobject(stroke_color=colour, stroke_width=3).set_points_as_corners(
            [left - 0.12 * side, left, right, right - 0.12 * side])
        label = words(flat_range(s), font_size=MIN_FONT_SIZE, color=colour).next_to(
            bracket, side, buff=0.08)
        if label.get_bottom()[1] > axis_y + 0.05:
            break
    return VGroup(bracket, label)


def _show_flat(scene, plot, shown: list) -> None:
    """The flat caption's beat: SGD's curve thickened and back (a stroke, not a scaled copy
    that would run over the axis), and the bracket with its range, up to the part's end."""
    curve = plot.curves["sgd"]
    width = curve.get_stroke_width()
    anims = [FadeIn(plot.flat)] if plot.flat is not None else []
    scene.play(curve.animate.set_stroke(width=2 * width), *anims, run_time=0.5)
    scene.play(curve.animate.set_stroke(width=width), run_time=0.5)
    shown.extend([plot.flat] if plot.flat is not None else [])


def _limit_line(axes, s, curves, keep_off) -> VGroup:
    """A dashed line at overshoot's mean-loss limit 2/λ_max, named left of it near the
    bottom, where no curve runs (every lr near it ends far above an RMSE of 1); lower, or
    higher, where SGD's flat range stands there (noisy data, or 10 epochs); else higher
    still, or right of it (rows of x in 0..1: the limit 0.78 stands among the racers' best
    lrs, and its name stood on SGD's flat range and the curves); always off ``keep_off`` (the
    flat range's bracket, if any, and the axes' 10^k: on rows in the 10⁵s it stood on one)."""
    x = math.log10(s.mean_loss_limit)
    (y0, y1) = s.rmse_decades
    line = DashedLine(axes.point(x, y0), axes.point(x, y1), color=DIM, stroke_width=2.5)
    label = VGroup(MathTex(r"\text{mean-loss limit}", font_size=MIN_FONT_SIZE, color=DIM),
                   MathTex(sci_tex(s.mean_loss_limit), font_size=MIN_FONT_SIZE, color=DIM))
    label.arrange(DOWN, aligned_edge=RIGHT, buff=0.08)
    first_clear(label, [lambda m, f=f, way=way: m.next_to(axes.point(x, y0 + f * (y1 - y0)),
                                                           way, buff=0.12)
                        for way in (LEFT, RIGHT) for f in (0.25, 0.1, 0.4, 0.6, 0.8)],
                [c.get_anchors() for c in curves], keep_off=[m for m in keep_off if m is not None])
    return VGroup(line, label)


def _show_there(scene, plot) -> None:
    """The compare line's beat: the ring on the spot it reads, on SGD's curve, if any."""
    if plot.there is not None:
        scene.play(Create(plot.there), run_time=0.6)
        scene.wait(0.4)
    else:
        scene.wait(1.0)


class Sweep(OptimizersPart):
    """Each racer's sweep, where it stopped, and the lr it races with, which its table row
    then shows."""

    id = "sweep"

    def build(self, numbers, params):
        return SimpleNamespace(plot=sweep_plot(numbers), captions=sweep_captions(numbers))

    def play(self, scene, built):
        scene.catch_up(self.id)
        plot, say = built.plot, built.captions
        names = [r.name for r in scene.numbers.racers]
        stage, table = scene.stage, scene.stage.table
        contours = VGroup(stage.panel, stage.opt_label, stage.start)
        scene.say(say["question"])
        # the sweep takes the contours' half; the table's names are its key from the start
        scene.play(*header_swap(scene, self.id), FadeOut(contours), run_time=0.5)
        scene.play(Create(plot.axes), FadeIn(plot.labels),
                   FadeIn(table.header[0]),        # each header comes with its column
                   *[FadeIn(table.swatches[n], table.names[n]) for n in names], run_time=1.0)
        scene.say(say["runs"])
        scene.play(*[Create(plot.curves[n]) for n in names], run_time=2.0)
        scene.play(*[FadeIn(plot.markers[n]) for n in names], run_time=0.5)
        scene.say(say["stops"])
        if plot.crosses:                      # none when no racer ran away on the grid
            scene.play(*[FadeIn(x, scale=1.5) for x in plot.crosses.values()],
                       FadeIn(plot.runaway), run_time=0.8)
        else:
            scene.wait(0.8)
        scene.mark("sweep_crosses")
        if say["limit"]:
            scene.say(say["limit"])
            scene.play(Create(plot.limit[0]), FadeIn(plot.limit[1]), run_time=0.6)
            scene.play(Indicate(plot.crosses["sgd"]), run_time=0.8)
        scene.say(say["dots"])
        scene.play(FadeIn(scene.stage.fairness), run_time=0.4)   # the rule, under the table
        # the squares only told coinciding curves apart: they go as the dots land, so a dot
        # is the only mark on a curve (review r10)
        scene.play(LaggedStart(*[FadeIn(VGroup(*([plot.marks[n]] if n in plot.marks else [])),
                                        table.lrs[n]) for n in names],
                               lag_ratio=0.3), FadeIn(table.header[1]),
                   *[FadeOut(plot.markers[n]) for n in names], run_time=2.0)
        scene.mark("sweep_marks")
        if say["compare"]:
            scene.say(say["compare"])
            _show_there(scene, plot)
        shown = [plot.there] if plot.there and say["compare"] else []
        if say["flat"]:
            scene.say(say["flat"])
            _show_flat(scene, plot, shown)
        scene.finish_caption()
        scene.play(FadeOut(VGroup(plot.axes, plot.labels, *plot.curves.values(), *shown,
                                  stage.fairness, plot.limit,
                                  *plot.crosses.values(), *plot.marks.values(),
                                  *([plot.runaway] if plot.runaway else []))),
                   FadeIn(contours), run_time=0.6)    # one swap: the race comes sooner

    def settle(self, scene, built):
        scene.add(scene.stage.table.header[:2])
        for name in scene.stage.table.names:
            scene.add(scene.stage.table.row(name))
