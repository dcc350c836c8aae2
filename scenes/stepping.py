"""Lesson ``stepping``: the spreadsheet's basic sheet, animated.

Left, the data and the current line; right, the loss landscape with the weight point stepping
across it. The first rows are worked through as the sheet's columns, the derivative is shown
twice (a tangent, then a finite difference), the rest runs fast with an error log per epoch,
and the Hessian's curvatures explain the long thin valley. Every number comes from
:mod:`sgdanim.lessons.stepping`; the builders in :mod:`scenes.stepping_parts` place them and
this file plays them, in the order they appear.

Render with ``manim -ql scenes/stepping.py Stepping``.
"""

from __future__ import annotations

from manim import (DOWN, LEFT, RIGHT, UP, Circle, Create, FadeIn, FadeOut, GrowFromCenter,
                   MathTex, Text, TransformFromCopy, VGroup, Write)

from sgdanim.lessons.stepping import short

from .common import ACCENT, DATA, GRAD, MODEL, OPTIMUM, LessonScene
from .landscape import LandscapePanel, WeightWalker
from .stepping_parts import (DATA_CENTER, FONT, LAND_CENTER, PANEL_H, PANEL_W, SMALL,
                             STRIP_FIELDS, WORK_TOP, DataPanel, LightDecimal, LightInteger,
                             Readout, Strip, decimals, edge_axes, error_curve_panel, number,
                             place_row_lines, row_lines, valley_arrows)


class Stepping(LessonScene):
    """The basic sheet, row by row, then epoch by epoch. Marks: ``weights`` (k = the path row
    the walker stands on, for ``hold`` seconds), ``poster``, ``derivative``, ``valley``."""

    lesson_id = "stepping"

    def construct(self):
        n, p = self.numbers, self.params
        # Part 1: the two panels ---------------------------------------------------------------
        title = Text("Stepping, one row at a time", font_size=28)
        title.to_edge(UP, buff=0.2).to_edge(LEFT, buff=0.4)
        self.title = title
        self.data_panel = DataPanel(n).move_to(DATA_CENTER)
        self.panel = LandscapePanel(n.landscape, n.a_range, n.b_range, n.levels, width=PANEL_W,
                                    height=PANEL_H).move_to(LAND_CENTER)
        self.axes = self.panel.axes
        edge_axes(self.axes, n.a_range, n.b_range, self.panel.labels)
        self.walker = WeightWalker(self.panel, n.path)
        self.data_panel.set_line(*n.path[0])
        self.data_panel.follow(self.walker, n.path)
        opt_label = MathTex(r"(%s,\,%s)" % (short(n.landscape.optimum[0], 4),
                                            short(n.landscape.optimum[1], 4)),
                            font_size=SMALL, color=OPTIMUM)
        opt_label.next_to(self.panel.optimum, RIGHT, buff=0.1).add_background_rectangle(
            opacity=0.8, buff=0.04)
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
        self.play(FadeIn(strip.header), Create(strip.rule), run_time=1.0,
                  subcaption="Below: the sheet's own columns, filled in row by row.")
        lines = None
        for k, row in enumerate(n.rows):
            slow = k == 0
            new = place_row_lines(row_lines(row, n.lr), strip)
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
            self.play(Write(lines[2]), Write(lines[3]), run_time=3.0 if slow else 1.2,
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
        panel = error_curve_panel(fd, DATA_CENTER)
        data = VGroup(*self.data_panel.submobjects, self.data_panel.line, self.formula)
        self.play(FadeOut(data), run_time=0.8,
                  subcaption=f"What is a derivative? Row {fd.step}: hold a, and vary b.")
        self.play(Create(panel.axes), FadeIn(panel.labels), Create(panel.curve),
                  Write(panel.formula), run_time=1.6)
        self.play(FadeIn(panel.dot), Create(panel.tangent), Write(panel.slope_text),
                  run_time=1.6, subcaption="The derivative is the slope of the error where we stand.")
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
                                 panel.curve, panel.dot, panel.tangent, panel.formula,
                                 panel.slope_text)),
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
            warn.next_to(self.log, DOWN, buff=0.25).align_to(self.log, LEFT)
            self.play(FadeIn(warn), run_time=0.8,
                      subcaption=f"At lr = {short(n.lr)} the steps grow until the numbers overflow.")
        self.wait(1.0)

    # -- Part 5 -----------------------------------------------------------------------------------
    def valley_part(self, n, p):
        v = n.valley
        H = v.hessian
        span = (f"{n.epochs} epochs" if n.diverged_at is None else f"{n.steps} steps")
        a, b = n.path[-1]
        along, across = valley_arrows(self.panel, (a, b), v.eigenvectors)
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
            MathTex(r"b:\ %s \to %s\ \text{in %s; the best fit has } b = %s"
                    % (short(v.b_start, 5), short(v.b_end, 5), span, short(v.b_optimum, 4)),
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
