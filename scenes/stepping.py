"""Lesson ``stepping``: the spreadsheet's basic sheet, animated.

Left, the data and the current line; right, the loss landscape with the weight point stepping
across it. The first rows are worked through as the sheet's columns, the derivative is shown
twice (a tangent, then a finite difference), the rest runs fast with an error log per epoch,
and the Hessian's curvatures explain the long thin valley. Every number comes from
:mod:`sgdanim.lessons.stepping`; this file only draws them.

Render with ``manim -ql scenes/stepping.py Stepping``.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Axes, Circle, Create, DecimalNumber, DoubleArrow, Dot,
                   FadeIn, FadeOut, GrowFromCenter, Line, VMobject, MathTex, Text, TransformFromCopy, VGroup, Write,
                   linear)

from sgdanim.lessons.stepping import nice_range, short

from .common import ACCENT, DATA, GRAD, MODEL, OPTIMUM, TEXT, WEIGHT, LessonScene
from .landscape import LandscapePanel, WeightWalker

PANEL_W, PANEL_H = 5.0, 2.55
DATA_CENTER = np.array([-3.55, 1.45, 0.0])
LAND_CENTER = np.array([3.65, 1.45, 0.0])
WORK_TOP = -0.55           # the work area (formulas, strip, logs) lies below this
STRIP_COLS = ("x", "y", "a", "b", r"\hat y", r"\text{err}^2", r"\partial e/\partial b",
              r"\partial e/\partial a", r"\text{new } a", r"\text{new } b")
STRIP_FIELDS = ("x", "y", "a", "b", "pred", "loss", "grad_b", "grad_a", "new_a", "new_b")
STRIP_COL_W = 1.32
STRIP_ROW_H = 0.36
FONT = 26                  # formulas in the work area
SMALL = 20


def decimals(value: float, digits: int = 6) -> int:
    """Decimal places that show ``value`` as :func:`short` does."""
    text = short(value, digits)
    return len(text.partition(".")[2])


class LightDecimal(DecimalNumber):
    """A DecimalNumber whose digit glyphs copy fast.

    manim copies a cached glyph per character on every ``set_value``, and each copy deep-copies
    the glyph's parsed SVG path, which is never used again (it made an updater cost ~0.1 s a
    frame). Glyphs cached here drop it, so a number can follow a walker every frame.
    """

    _glyphs: dict = {}

    def _string_to_mob(self, string, mob_class=None, **kwargs):
        mob_class = mob_class or self.mob_class
        key = (string, mob_class, tuple(sorted(kwargs.items())))
        if key not in self._glyphs:
            glyph = mob_class(string, **kwargs)
            for part in glyph.get_family():
                if hasattr(part, "path_obj"):
                    part.path_obj = None
            self._glyphs[key] = glyph
        mob = self._glyphs[key].copy()
        mob.font_size = self._font_size
        return mob


class LightInteger(LightDecimal):
    def __init__(self, number=0, **kwargs):
        super().__init__(number, num_decimal_places=0, **kwargs)

    def get_value(self):
        return int(np.round(super().get_value()))


def number(value: float, font_size=SMALL, digits: int = 6, **kwargs) -> DecimalNumber:
    return LightDecimal(value, num_decimal_places=decimals(value, digits), font_size=font_size,
                        group_with_commas=False, **kwargs)


def line_in_box(a: float, b: float, x_range, y_range):
    """The part of y = a·x + b inside the plot box, as two (x, y) ends, or None."""
    x0, x1 = x_range[0], x_range[1]
    y0, y1 = y_range[0], y_range[1]
    lo, hi = x0, x1
    if a != 0:
        ends = sorted(((y0 - b) / a, (y1 - b) / a))
        lo, hi = max(lo, ends[0]), min(hi, ends[1])
    elif not y0 <= b <= y1:
        return None
    if not (np.isfinite(lo) and np.isfinite(hi)) or hi <= lo:
        return None
    return (lo, a * lo + b), (hi, a * hi + b)


class DataPanel(VGroup):
    """The data points and the model's line y = a·x + b, following a weight walker."""

    def __init__(self, numbers, **kwargs):
        super().__init__(**kwargs)
        n = numbers
        self.x_range, self.y_range = n.x_range, n.y_range
        self.axes = Axes(x_range=n.x_range, y_range=n.y_range, x_length=PANEL_W,
                         y_length=PANEL_H, tips=False,
                         axis_config={"include_numbers": True, "font_size": 18})
        self.labels = VGroup(MathTex("x", font_size=26).next_to(self.axes.x_axis, RIGHT, buff=0.12),
                             MathTex("y", font_size=26).next_to(self.axes.y_axis, UP, buff=0.08))
        self.dots = VGroup(*[Dot(self.axes.c2p(x, y), radius=0.045, color=DATA)
                             for x, y in zip(n.x, n.y)])
        # The line moves every frame; it stays out of this static group so manim can cache the rest.
        self.line = Line(self.axes.c2p(0, 0), self.axes.c2p(1, 1), color=MODEL, stroke_width=4)
        self.add(self.axes, self.labels, self.dots)

    def set_line(self, a: float, b: float):
        ends = line_in_box(a, b, self.x_range, self.y_range)
        if ends is None:
            self.line.set_opacity(0)
        else:
            self.line.set_opacity(1).put_start_and_end_on(self.axes.c2p(*ends[0]),
                                                           self.axes.c2p(*ends[1]))
        return self.line

    def follow(self, walker: "WeightWalker", path: np.ndarray) -> None:
        def update(line):
            k = walker.index.get_value()
            i = int(np.clip(np.floor(k), 0, len(path) - 1))
            j = min(i + 1, len(path) - 1)
            f = k - i
            a, b = path[i] * (1 - f) + path[j] * f
            self.set_line(a, b)
        self.line.add_updater(update)


class Readout(VGroup):
    """``step k  a = …  b = …`` at the walker's last whole step (real weights, never a blend)."""

    def __init__(self, walker, path, **kwargs):
        super().__init__(**kwargs)
        self.step_label = MathTex(r"\text{after step}", font_size=SMALL + 2)
        self.step = LightInteger(0, font_size=SMALL + 2)
        self.a_label = MathTex("a =", font_size=SMALL + 2, color=WEIGHT)
        self.a = LightDecimal(path[0, 0], 4, font_size=SMALL + 2, group_with_commas=False)
        self.b_label = MathTex("b =", font_size=SMALL + 2, color=WEIGHT)
        self.b = LightDecimal(path[0, 1], 4, font_size=SMALL + 2, group_with_commas=False)
        self.add(self.step_label, self.step, self.a_label, self.a, self.b_label, self.b)
        self.arrange(RIGHT, buff=0.12)
        self.a_label.shift(RIGHT * 0.25)
        self.a.shift(RIGHT * 0.25)
        self.b_label.shift(RIGHT * 0.5)
        self.b.shift(RIGHT * 0.5)

        shown = {"k": 0}

        def update(group):
            k = int(np.clip(np.floor(walker.index.get_value() + 1e-6), 0, len(path) - 1))
            if k != shown["k"]:      # rebuild digits only when the step changes
                shown["k"] = k
                self.step.set_value(k)
                self.a.set_value(path[k, 0])
                self.b.set_value(path[k, 1])
        self.add_updater(update)


def row_lines(row, lr: float) -> VGroup:
    """The three lines of one row: forward pass, derivatives, update (numbers filled in)."""
    s = short
    err = s(row.err)
    line1 = MathTex(r"x = " + s(row.x) + r",\ y = " + s(row.y), r"\qquad \hat y = ax+b = ",
                    s(row.a) + r"\cdot" + s(row.x) + "+" + s(row.b) + " = ", s(row.pred),
                    r"\qquad \text{err} = \hat y - y = ", err,
                    r"\qquad e = \text{err}^2 = ", s(row.loss), font_size=FONT)
    line2 = MathTex(r"\partial e/\partial b = 2(ax+b-y) = 2\cdot(" + err + ") = ",
                    s(row.grad_b),
                    r"\qquad \partial e/\partial a = x\cdot 2(ax+b-y) = "
                    + s(row.x) + r"\cdot(" + s(row.grad_b) + ") = ", s(row.grad_a),
                    font_size=FONT)
    line3 = MathTex(r"a \leftarrow a - lr\cdot\partial e/\partial a = " + s(row.a)
                    + "-" + s(lr) + r"\cdot(" + s(row.grad_a) + ") = ", s(row.new_a),
                    r"\qquad b \leftarrow b - lr\cdot\partial e/\partial b = " + s(row.b)
                    + "-" + s(lr) + r"\cdot(" + s(row.grad_b) + ") = ", s(row.new_b),
                    font_size=FONT)
    for line, parts in ((line1, (3, 5, 7)), (line2, (1, 3)), (line3, (1, 3))):
        for i in parts:
            line[i].set_color(ACCENT)
    group = VGroup(line1, line2, line3).arrange(DOWN, aligned_edge=LEFT, buff=0.22)
    # The results the strip takes, in STRIP_FIELDS order from "pred" on.
    group.results = {"pred": line1[3], "loss": line1[7], "grad_b": line2[1], "grad_a": line2[3],
                     "new_a": line3[1], "new_b": line3[3]}
    return group


class Strip(VGroup):
    """The sheet's columns, one row per detailed step; cells are made now, shown row by row."""

    def __init__(self, rows, **kwargs):
        super().__init__(**kwargs)
        self.header = VGroup(*[MathTex(c, font_size=SMALL + 2, color=ACCENT) for c in STRIP_COLS])
        for i, cell in enumerate(self.header):
            cell.move_to(RIGHT * (i - (len(STRIP_COLS) - 1) / 2) * STRIP_COL_W)
        self.rule = Line(LEFT * STRIP_COL_W * 5, RIGHT * STRIP_COL_W * 5, stroke_width=1.5,
                         color=DATA).next_to(self.header, DOWN, buff=0.08)
        self.rows = []
        for r_i, row in enumerate(rows):
            cells = VGroup()
            for c_i, field in enumerate(STRIP_FIELDS):
                cell = number(getattr(row, field), SMALL)
                cell.move_to(self.header[c_i].get_center()
                             + DOWN * (STRIP_ROW_H * (r_i + 1) + 0.06))
                cells.add(cell)
            self.rows.append(cells)
        self.add(self.header, self.rule, *self.rows)


def error_curve_panel(fd) -> VGroup:
    """The error of one row as a function of b (a held fixed), its tangent at the row's b."""
    b_range = nice_range(float(fd.b_grid.min()), float(fd.b_grid.max()), 4)
    e_range = nice_range(0.0, float(fd.e_grid.max()), 3)
    axes = Axes(x_range=b_range, y_range=e_range, x_length=PANEL_W, y_length=PANEL_H, tips=False,
                axis_config={"include_numbers": True, "font_size": 18})
    labels = VGroup(MathTex("b", font_size=26).next_to(axes.x_axis, RIGHT, buff=0.12),
                    MathTex("e", font_size=26).next_to(axes.y_axis, UP, buff=0.08))
    inside = (fd.b_grid >= b_range[0]) & (fd.b_grid <= b_range[1]) & (fd.e_grid <= e_range[1])
    curve = VMobject(color=MODEL, stroke_width=3)
    curve.set_points_smoothly([axes.c2p(b, e) for b, e in zip(fd.b_grid[inside], fd.e_grid[inside])])
    dot = Dot(axes.c2p(fd.b, fd.loss), radius=0.07, color=WEIGHT)
    # The tangent y = e0 + slope·(b − b0), drawn over a quarter of the axis either side.
    half = (b_range[1] - b_range[0]) / 4
    slope = fd.grad_b
    ends = line_in_box(slope, fd.loss - slope * fd.b, (fd.b - half, fd.b + half), e_range)
    tangent = Line(axes.c2p(*ends[0]), axes.c2p(*ends[1]), color=GRAD, stroke_width=4)
    group = VGroup(axes, labels, curve)
    group.axes, group.labels, group.curve, group.dot, group.tangent = axes, labels, curve, dot, tangent
    return group


class Stepping(LessonScene):
    lesson_id = "stepping"

    def construct(self):
        n, p = self.numbers, self.params
        # Part 1: the two panels ---------------------------------------------------------------
        title = Text("Stepping: one row at a time, as in the spreadsheet", font_size=28)
        title.to_edge(UP, buff=0.2).to_edge(LEFT, buff=0.4)
        self.title = title
        self.data_panel = DataPanel(n).move_to(DATA_CENTER)
        self.panel = LandscapePanel(n.landscape, n.a_range, n.b_range, n.levels, width=PANEL_W,
                                    height=PANEL_H).move_to(LAND_CENTER)
        self.axes = self.panel.axes
        self.walker = WeightWalker(self.panel, n.path)
        self.data_panel.set_line(*n.path[0])
        self.data_panel.follow(self.walker, n.path)
        opt_label = MathTex(r"(%s,\,%s)" % (short(n.landscape.optimum[0], 4),
                                            short(n.landscape.optimum[1], 4)),
                            font_size=SMALL, color=OPTIMUM)
        opt_label.next_to(self.panel.optimum, RIGHT, buff=0.1)
        self.readout = Readout(self.walker, n.path).to_edge(UP, buff=0.25).to_edge(RIGHT, buff=0.4)
        self.formula = MathTex(r"\hat y = a\,x + b", font_size=FONT, color=MODEL)
        self.formula.next_to(self.data_panel.axes.c2p(n.x_range[0], n.y_range[1]), RIGHT, buff=0.3)
        self.formula.shift(DOWN * 0.15)
        self.play(FadeIn(title), run_time=1.0,
                  subcaption=f"The spreadsheet fits y = a·x + b to its {n.rows_per_epoch} rows, "
                             "one row at a time.")
        self.play(Create(self.data_panel.axes), FadeIn(self.data_panel.labels),
                  FadeIn(self.data_panel.dots, lag_ratio=0.05), run_time=2.0)
        self.play(Create(self.data_panel.line), Write(self.formula), run_time=1.0,
                  subcaption=f"We start from a = {short(p.init_a)}, b = {short(p.init_b)}.")
        self.play(FadeIn(self.panel), FadeIn(opt_label), self.walker.appear(),
                  FadeIn(self.readout), run_time=2.0,
                  subcaption="Right: the mean squared error over (a, b). The star is the best "
                             "fit; the yellow dot is where we are.")
        self.add(self.walker)
        self.movers_last()
        self.wait(1.0)

        # Part 2: the first rows in detail -----------------------------------------------------
        self.detailed_rows(n)

        # Part 3: what a derivative is, twice --------------------------------------------------
        if p.derivative and n.fd is not None:
            self.derivative_part(n)

        # Part 4: speed up ---------------------------------------------------------------------
        self.speed_up(n, p)

        # Part 5: the long thin valley ---------------------------------------------------------
        if p.valley:
            self.valley_part(n, p)
        self.wait(1.5)

    def movers_last(self):
        """Keep what moves every frame at the end of the scene's list: manim draws everything
        before the first moving mobject once per animation, so the contours stay cached."""
        self.bring_to_front(self.data_panel.line, self.walker, self.readout)

    def walk_to(self, k: int, run_time: float, hold: float):
        self.play(self.walker.walk(k, run_time), run_time=run_time)
        self.mark("weights", k=k, hold=hold)
        self.wait(hold)

    # -- Part 2 -----------------------------------------------------------------------------------
    def detailed_rows(self, n):
        strip = Strip(n.rows)
        strip.to_edge(DOWN, buff=0.3)
        strip.align_to(strip.header, UP)
        self.play(FadeIn(strip.header), Create(strip.rule), run_time=1.0,
                  subcaption="Below: the sheet's own columns, filled in row by row.")
        lines = None
        for k, row in enumerate(n.rows):
            slow = k == 0
            new = row_lines(row, n.lr)
            new.next_to(strip.header, UP, buff=0.35).set_x(0)
            ring = Circle(radius=0.12, color=ACCENT).move_to(
                self.data_panel.dots[k % n.rows_per_epoch])
            if lines is not None:
                self.play(FadeOut(lines), run_time=0.4)
            lines = new
            self.play(Create(ring), Write(lines[0]), run_time=3.0 if slow else 1.2,
                      subcaption=f"Row {row.step}: x = {short(row.x)}, y = {short(row.y)}. "
                                 "Predict, and square the error.")
            self.wait(1.5 if slow else 0.3)
            self.play(Write(lines[1]), run_time=3.0 if slow else 1.2,
                      subcaption="The derivatives of that squared error, for b and for a.")
            self.wait(2.0 if slow else 0.3)
            self.play(Write(lines[2]), run_time=3.0 if slow else 1.2,
                      subcaption="Step each weight against its derivative, times the learning rate.")
            self.wait(1.5 if slow else 0.3)
            cells = strip.rows[k]
            inputs = [FadeIn(cells[i]) for i in range(4)]
            made = [TransformFromCopy(lines.results[f], cells[STRIP_FIELDS.index(f)])
                    for f in lines.results]
            self.play(*inputs, *made, run_time=1.5 if slow else 0.8)
            self.movers_last()
            self.walk_to(k + 1, 1.5 if slow else 0.8, hold=1.0)
            self.remove(ring)
        self.mark("poster")
        self.wait(1.0)
        self.play(FadeOut(lines), FadeOut(strip), run_time=0.8)

    # -- Part 3 -----------------------------------------------------------------------------------
    def derivative_part(self, n):
        fd = n.fd
        panel = error_curve_panel(fd).move_to(DATA_CENTER)
        caption = MathTex(r"e(b) = (%s\cdot %s + b - %s)^2" % (short(fd.a), short(fd.x), short(fd.y)),
                          font_size=SMALL + 2, color=MODEL)
        caption.next_to(panel.axes.c2p(panel.axes.x_range[0], panel.axes.y_range[1]), RIGHT,
                        buff=0.3).shift(DOWN * 0.1)
        data = VGroup(*self.data_panel.submobjects, self.data_panel.line, self.formula)
        self.play(FadeOut(data), run_time=0.8,
                  subcaption=f"What is a derivative? Row {fd.step}: hold a, and vary b.")
        self.play(Create(panel.axes), FadeIn(panel.labels), Create(panel.curve), Write(caption),
                  run_time=1.6)
        slope_label = MathTex(r"\text{slope} = \partial e/\partial b = " + short(fd.grad_b),
                              font_size=SMALL + 2, color=GRAD)
        slope_label.next_to(panel.tangent.get_end(), UP, buff=0.1)
        if slope_label.get_right()[0] > panel.axes.get_right()[0]:
            slope_label.align_to(panel.axes, RIGHT)
        self.play(FadeIn(panel.dot), Create(panel.tangent), Write(slope_label), run_time=1.6,
                  subcaption="The derivative is the slope of the error where we stand.")
        self.wait(1.5)

        h = short(fd.h)
        nudges = MathTex(r"e(a,b) = " + short(fd.loss, 8),
                         r"\qquad e(a,\,b+" + h + ") = " + short(fd.loss_nudged_b, 8),
                         r"\qquad e(a+" + h + r",\,b) = " + short(fd.loss_nudged_a, 8),
                         font_size=FONT)
        nudges.move_to([0, WORK_TOP - 0.3, 0])
        self.play(Write(nudges), run_time=2.0,
                  subcaption=f"Second way, as the sheet's est columns: nudge a weight by {h} and "
                             "watch the error change.")
        self.wait(1.0)
        head = VGroup(MathTex(r"\text{nudge, then divide by } h", font_size=SMALL + 2),
                      MathTex(r"\text{the formula}", font_size=SMALL + 2),
                      MathTex(r"\text{gap}", font_size=SMALL + 2))
        row_b = VGroup(
            MathTex(r"\partial e/\partial b:", font_size=FONT),
            MathTex(r"\frac{%s - %s}{%s} = %s" % (short(fd.loss_nudged_b, 8), short(fd.loss, 8),
                                                  h, short(fd.est_b)), font_size=FONT),
            MathTex(r"2(ax+b-y) = " + short(fd.grad_b), font_size=FONT),
            LightDecimal(fd.gap_b, decimals(fd.gap_b, 4), font_size=FONT, color=GRAD,
                         group_with_commas=False))
        row_a = VGroup(
            MathTex(r"\partial e/\partial a:", font_size=FONT),
            MathTex(r"\frac{%s - %s}{%s} = %s" % (short(fd.loss_nudged_a, 8), short(fd.loss, 8),
                                                  h, short(fd.est_a)), font_size=FONT),
            MathTex(r"x\cdot 2(ax+b-y) = " + short(fd.grad_a), font_size=FONT),
            LightDecimal(fd.gap_a, decimals(fd.gap_a, 4), font_size=FONT, color=GRAD,
                         group_with_commas=False))
        cols = (-5.6, -2.2, 1.9, 4.9)
        top = WORK_TOP - 0.95
        for cell, x in zip(head, cols[1:]):
            cell.move_to([x, top, 0])
        for r_i, row in enumerate((row_b, row_a)):
            for cell, x in zip(row, cols):
                cell.move_to([x, top - 0.75 * (r_i + 1), 0])
        self.play(FadeIn(head), Write(row_b), run_time=2.0,
                  subcaption="For b: the nudged estimate beside the formula.")
        self.wait(1.0)
        self.play(Write(row_a), run_time=2.0, subcaption="For a: the same, and a bigger gap.")
        note = MathTex(r"\text{They differ: } %s \text{ is a finite step. The gap is } "
                       r"h\cdot e''/2\text{: } h \text{ for } b,\ x^2 h \text{ for } a." % h,
                       font_size=SMALL + 2, color=ACCENT)
        note.move_to([0, top - 0.75 * 3 + 0.05, 0])
        self.play(Write(note), run_time=1.5,
                  subcaption=f"They differ slightly, because {h} is a finite step: the gap is "
                             "half the curvature times h, so x² times bigger for a.")
        self.mark("derivative")
        self.wait(2.5)
        self.play(FadeOut(VGroup(nudges, head, row_b, row_a, note, panel.axes, panel.labels,
                                 panel.curve, panel.dot, panel.tangent, slope_label, caption)),
                  run_time=0.8)
        self.play(FadeIn(data), run_time=0.8)
        self.movers_last()

    # -- Part 4 -----------------------------------------------------------------------------------
    def speed_up(self, n, p):
        rows, complete = n.rows_per_epoch, len(n.epoch_rmse)
        row_h = min(0.38, 2.9 / (complete + 1))
        cols = (-6.2, -4.6, -2.5)
        header = VGroup(MathTex(r"\text{epoch}", font_size=SMALL),
                        MathTex(r"\text{RMSE}", font_size=SMALL),
                        MathTex(r"\sqrt{\Sigma\,\text{err}^2}", font_size=SMALL))
        for cell, x in zip(header, cols):
            cell.move_to([x, WORK_TOP - 0.3, 0])
        sheet_note = Text("(the sheet's \"rmse\" cell)", font_size=14, color=DATA)
        sheet_note.next_to(header[2], DOWN, buff=0.05)
        header.add(sheet_note)
        carry = ("" if p.carry == "sheet" else
                 " The sheet's macro restarts each epoch from the last row's weights before its "
                 "update, so from epoch 2 its numbers differ slightly (carry=sheet matches it).")
        self.play(FadeIn(header), run_time=0.8,
                  subcaption="Now faster: the rest of the epoch, then whole epochs. Left, the "
                             "error per epoch: the true RMSE, and the sheet's √Σerr²." + carry)
        self.log = VGroup(header)
        for e in range(complete):
            self.walk_to((e + 1) * rows, 4.0 if e == 0 else 2.4, hold=0.3)
            cells = VGroup(LightInteger(e + 1, font_size=SMALL),
                           number(n.epoch_rmse[e], SMALL, 6), number(n.epoch_sheet_error[e], SMALL, 6))
            for cell, x in zip(cells, cols):
                cell.move_to([x, WORK_TOP - 0.75 - row_h * e, 0])
            self.play(FadeIn(cells), run_time=0.5)
            self.log.add(cells)
            self.movers_last()
        if n.steps > complete * rows:        # the run stopped early: show where it got to
            self.walk_to(n.steps, 3.0, hold=0.5)
        if n.diverged_at is not None:
            warn = Text(f"ran away at step {n.diverged_at}", font_size=20, color=GRAD)
            warn.move_to([-4.2, WORK_TOP - 0.8, 0])
            self.play(FadeIn(warn), run_time=0.8,
                      subcaption=f"At lr = {short(n.lr)} the steps grow until the numbers overflow.")
        self.wait(1.0)

    # -- Part 5 -----------------------------------------------------------------------------------
    def valley_part(self, n, p):
        v = n.valley
        H = v.hessian
        a, b = n.path[-1]
        origin = self.panel.point(a, b)

        def arrow(vec, color, length):
            tip = self.panel.point(a + vec[0], b + vec[1]) - origin
            tip = tip / np.linalg.norm(tip) * length
            return DoubleArrow(origin - tip, origin + tip, buff=0, color=color, stroke_width=4,
                               tip_length=0.15, max_tip_length_to_length_ratio=0.3)

        across = arrow(v.eigenvectors[:, 1], GRAD, 0.45)
        along = arrow(v.eigenvectors[:, 0], ACCENT, 0.9)
        x0 = -0.9
        lines = VGroup(
            MathTex(r"H = \frac{2}{n}\begin{pmatrix}\Sigma x^2 & \Sigma x\\ \Sigma x & n\end{pmatrix}"
                    r" = \begin{pmatrix}%s & %s\\ %s & %s\end{pmatrix}"
                    % (short(H[0, 0]), short(H[0, 1]), short(H[1, 0]), short(H[1, 1])),
                    font_size=SMALL + 2),
            MathTex(r"\lambda_{\text{across}} = %s" % short(v.eigenvalues[1], 5),
                    r"\quad \lambda_{\text{along}} = %s" % short(v.eigenvalues[0], 4),
                    r"\quad \text{ratio } %s" % short(v.condition, 4), font_size=SMALL + 2),
            MathTex(r"lr\cdot\lambda:\ %s\ \text{across},\ \ %s\ \text{along}"
                    % (short(v.lr_lam[1], 3), short(v.lr_lam[0], 3)), font_size=SMALL + 2),
            MathTex(r"b:\ %s \to %s\ \text{in %d epochs; the best fit has } b = %s"
                    % (short(v.b_start, 5), short(v.b_end, 5), n.epochs, short(v.b_optimum, 4)),
                    font_size=SMALL + 2))
        lines.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        lines.next_to([x0, WORK_TOP - 0.1, 0], DOWN + RIGHT, buff=0)
        lines[1][0].set_color(GRAD)
        lines[1][1].set_color(ACCENT)
        self.play(Write(lines[0]), run_time=2.0,
                  subcaption="Why does a settle at once while b crawls? The x values reach 100, "
                             "so the error curves far more sharply in a than in b.")
        self.wait(1.0)
        self.play(Write(lines[1]), GrowFromCenter(across), GrowFromCenter(along), run_time=2.0,
                  subcaption="The Hessian's curvatures: steep across the valley (mostly a), "
                             "almost flat along it (mostly b).")
        self.mark("valley")
        self.wait(2.0)
        self.play(Write(lines[2]), run_time=1.5,
                  subcaption="One learning rate serves both: a step that is safe across the "
                             "valley is tiny along it.")
        self.wait(1.5)
        self.play(Write(lines[3]), run_time=1.5,
                  subcaption="So the weights drop into a long thin valley and crawl along it.")
        self.wait(3.0)
