"""Part 4's marks on its plots: where a row lies off a plot's scale, and where the effective lr
passes the mean-loss limit for good. Every row and value comes from the lesson
(:mod:`sgdanim.lessons.relu_sandwich.solutions`); these only place them."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from manim import (DOWN, LEFT, PI, RIGHT, UP, Circle, DashedVMobject, MathTex, Triangle, VGroup,
                   VMobject)

from scenes.kit.format import sci_tex
from scenes.kit.style import MODEL_COLOURS
from scenes.relu_sandwich.panels import READOUT_SIZE

MEAN = "#E69F00"                    # the mean-loss limit's line, as overshoot draws it


def off_scale_mark(point, colour, down: bool = False) -> Triangle:
    """A triangle at a plot's edge at ``point``, pointing the way that row's value lies off the
    scale: up, standing on the top edge, or (``down``) down, hanging from the bottom edge (a
    dot there would read as a value on the edge)."""
    mark = Triangle(fill_opacity=1.0, stroke_width=0, color=colour).scale_to_fit_width(0.2)
    if down:
        return mark.rotate(PI).move_to(point, aligned_edge=UP)
    return mark.move_to(point, aligned_edge=DOWN)


def show_from(mob, walker, k: int):
    """``mob`` visible once ``walker``'s index reaches ``k`` (index k is row k + 1)."""
    mob.add_updater(lambda m: m.set_opacity(float(walker.index.get_value() >= k)))
    return mob


def mean_crossing(row: int | None, dots) -> VGroup | None:
    """A ring on the strip's dot of ``row`` (from the lesson: the first row from which the
    effective lr stays over the mean-loss limit) and its words, in the limit's orange, above
    the line and left of the dot: the answer to why row 1, over the per-row limit already,
    does not run away."""
    if row is None or row > len(dots):
        return None
    dot = dots[row - 1]
    ring = Circle(radius=0.13, stroke_color=MEAN, stroke_width=3).move_to(dot)
    words = MathTex(rf"\text{{from row {row}: over it for good}}", font_size=READOUT_SIZE,
                    color=MEAN)
    words.next_to(ring, LEFT, buff=0.1).align_to(ring, DOWN).shift(UP * 0.28)
    return VGroup(ring, words)


def zoom_exits(off_zoom, axes, y_range, colour_of, walker) -> SimpleNamespace | None:
    """The rows the fast path takes off the zoom (``off_zoom``: (row, a), from the lesson): a
    triangle at the edge it left by, at its row, in its row's colour, shown as the walker
    reaches it, and words naming the first row and its a; None if it never leaves."""
    if not off_zoom:
        return None
    lo, hi = y_range
    marks = VGroup()
    for row, a in off_zoom:
        mark = off_scale_mark(axes.c2p(row, hi if a > hi else lo), colour_of(row - 1), a < lo)
        marks.add(show_from(mark, walker, row - 1))
    row, a = off_zoom[0]
    # the value in braces: a minus after the words is a sign, not a subtraction
    words = MathTex(rf"\text{{row {row}: }}{{{sci_tex(a)}}}",
                    font_size=READOUT_SIZE, color=colour_of(row - 1))
    # level with the first mark, right of the axis' end (the axis' "row" stands left of 0)
    words.set_y(marks[0].get_y()).next_to(axes.x_axis, RIGHT, buff=0.25,
                                          coor_mask=np.array([1, 0, 0]))
    return SimpleNamespace(marks=marks, words=show_from(words, walker, row - 1), row=row)


def relu_death(r, strip) -> SimpleNamespace | None:
    """The ReLU pair's death on the effective-lr strip: a magenta dashed line at the row it is
    dead from, as in part 3, and its label (the step that killed it, the row before's, is said:
    a line under the answer repeated the caption). None without a ReLU run that died of a
    step."""
    if r is None or r.dead_row is None or not r.kill_step:
        return None
    colour = MODEL_COLOURS["relu2"]
    line = DashedVMobject(VMobject(stroke_width=6).set_points_as_corners(
        strip.plot.vertical(r.dead_row)), num_dashes=14).set_color(colour)
    label = MathTex(rf"\text{{ReLU dead from row {r.dead_row}}}", font_size=READOUT_SIZE,
                    color=colour)
    label.next_to(line, LEFT, buff=0.15).align_to(line, UP).shift(DOWN * 0.45)
    return SimpleNamespace(line=line, label=label, dead_row=r.dead_row,
                           kill_row=r.kill_row)
