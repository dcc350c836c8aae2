"""Lesson ``stepping``: the spreadsheet's basic sheet, animated.

Left, the data and the current line; right, the loss landscape with the weight point stepping
across it. The first rows are worked through as the sheet's columns, the derivative is shown
twice (a tangent, then a finite difference), the rest runs fast with an error log per epoch,
and the Hessian's curvatures explain the long thin valley. Every number comes from
:mod:`sgdanim.lessons.stepping`; the builders in :mod:`scenes.stepping.panels` and
:mod:`scenes.stepping.derivative` place them and this file plays them, in the order they appear.

Render with ``manim -ql scenes/stepping/scene.py Stepping``.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Circle, Create, FadeIn, FadeOut, GrowFromCenter,
                   MathTex, Text, TransformFromCopy, VGroup, Write)

from sgdanim.lessons.stepping import short

from scenes.kit.scene import ACCENT, GRAD, MODEL, OPTIMUM, LessonScene
from scenes.kit.landscape_panel import LandscapePanel, WeightWalker
from scenes.stepping.derivative import (error_curve_panel, finite_difference_table,
                                        valley_anchor, valley_arrows, valley_lines)
from scenes.stepping.panels import (DATA_CENTER, FONT, LAND_CENTER, PANEL_H, PANEL_W, SMALL,
                                   STRIP_FIELDS, DataPanel, EpochLog, Readout, Strip, edge_axes,
                                   path_in_box, place_row_lines, row_lines)


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
        # A runaway's point stops at the panel's edge; the readout keeps the real numbers.
        self.walker = WeightWalker(self.panel, path_in_box(n.path, n.a_range, n.b_range))
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
        who = "The spreadsheet fits" if n.data_name == "spreadsheet" else "SGD fits"
        self.say(f"{who} y = a·x + b to {n.rows_per_epoch} rows of data, one row at a time.")
        self.play(FadeIn(title), run_time=1.0)
        self.play(Create(self.data_panel.axes), FadeIn(self.data_panel.labels),
                  FadeIn(self.data_panel.dots, lag_ratio=0.05), run_time=2.0)
        self.say(f"We start from a = {short(p.init_a)}, b = {short(p.init_b)}.")
        self.play(Create(self.data_panel.line), Write(self.formula), run_time=1.5)
        self.say("Right: the mean squared error over (a, b). The star is the best "
                 "fit; the yellow dot is where we are.")
        self.play(FadeIn(self.panel), FadeIn(opt_label), self.walker.appear(),
                  FadeIn(self.readout), run_time=2.0)
        self.add(self.walker)
        self.movers_last()
        self.wait(2.0)

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
        self.say(None)

    def say(self, text: str | None) -> None:
        """Caption ``text`` from now until the next caption starts (``None`` ends the last), so
        each line stays up while its animation and the pause after it play."""
        said = getattr(self, "_said", None)
        if said is not None and self.time > said[0]:
            self.add_subcaption(said[1], duration=self.time - said[0], offset=said[0] - self.time)
        self._said = None if text is None else (float(self.time), text)

    def movers_last(self):
        """Keep what moves every frame at the end of the scene's list from now on: manim draws
        everything before the first moving mobject once per animation, so the contours, the
        strip and the formulas stay cached."""
        self.keep_on_top(*[m for m in (self.data_panel.line, self.walker, self.readout)
                           if m in self.mobjects])

    def walk_to(self, k: int, run_time: float, hold: float):
        self.play(self.walker.walk(k, run_time), run_time=run_time)
        self.mark("weights", k=k, hold=hold)
        self.wait(hold)

    # -- Part 2 -----------------------------------------------------------------------------------
    def detailed_rows(self, n):
        strip = Strip(n.rows)
        self.say("Below: the sheet's own columns, row by row.")
        self.play(FadeIn(strip.header), Create(strip.rule), run_time=1.5)
        lines = None
        for k, row in enumerate(n.rows):
            slow = k == 0
            new = place_row_lines(row_lines(row, n.lr), strip)
            ring = Circle(radius=0.12, color=ACCENT).move_to(
                self.data_panel.dots[k % n.rows_per_epoch])
            if lines is not None:
                self.play(FadeOut(lines), run_time=0.4)
            lines = new
            if slow:
                self.say(f"Row {row.step}: x = {short(row.x)}, y = {short(row.y)}. "
                         "Predict, and square the error.")
            else:
                self.say(f"Row {row.step}, x = {short(row.x)}: the same three steps, "
                         "from the weights the last row made.")
            self.play(Create(ring), Write(lines[0]), run_time=2.5 if slow else 1.2)
            self.wait(1.5 if slow else 0.3)
            if slow:
                self.say("The derivatives of that squared error, for b and for a.")
            self.play(Write(lines[1]), run_time=2.5 if slow else 1.2)
            self.wait(2.0 if slow else 0.3)
            if slow:
                self.say("Step each weight against its derivative, times the learning rate.")
            self.play(Write(lines[2]), Write(lines[3]), run_time=2.5 if slow else 1.2)
            self.wait(1.5 if slow else 0.3)
            if slow:
                self.say("The row goes into the sheet, and the point takes its step.")
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
        self.say(f"What is a derivative? Row {fd.step}: hold a, and vary b.")
        self.play(FadeOut(data), run_time=0.8)
        self.play(Create(panel.axes), FadeIn(panel.labels), Create(panel.curve),
                  Write(panel.formula), run_time=1.6)
        self.say("The derivative is the slope of the error where we stand.")
        self.play(FadeIn(panel.dot), Create(panel.tangent), Write(panel.slope_text),
                  run_time=1.6)
        self.wait(1.5)

        table = finite_difference_table(fd)
        h = short(fd.h)
        self.say(f"Second way, as the sheet's est columns: nudge a weight by {h} and "
                 "watch the error change.")
        self.play(Write(table.nudges), run_time=2.0)
        self.wait(2.0)
        self.say("For b: the nudged estimate beside the formula.")
        self.play(FadeIn(table.head), Write(table.row_b), run_time=2.0)
        self.wait(1.0)
        self.say("For a: the same, and a bigger gap.")
        self.play(Write(table.row_a), run_time=2.0)
        self.say(f"They differ slightly, because {h} is a finite step: the gap is "
                 "half the curvature times h, so x² times bigger for a.")
        self.play(Write(table.note), run_time=1.5)
        self.mark("derivative")
        self.wait(2.5)
        self.play(FadeOut(VGroup(table, panel.axes, panel.labels,
                                 panel.curve, panel.dot, panel.tangent, panel.formula,
                                 panel.slope_text)),
                  run_time=0.8)
        self.play(FadeIn(data), run_time=0.8)
        self.movers_last()

    # -- Part 4 -----------------------------------------------------------------------------------
    def speed_up(self, n, p):
        rows, complete = n.rows_per_epoch, len(n.epoch_rmse)
        log = EpochLog(n)
        self.say("Now faster: the rest of the epoch, then whole epochs. Left, the error per "
                 "epoch: the true RMSE, and the sheet's own cell, √Σerr².")
        self.play(FadeIn(log.header), run_time=0.8)
        self.log = log
        for e in range(complete):
            if e == 1 and p.carry != "sheet":
                self.say("The sheet's macro starts each epoch from the last row's weights before "
                         "its update, so from epoch 2 its numbers differ slightly; carry=sheet "
                         "matches it.")
            self.walk_to((e + 1) * rows, 4.0 if e == 0 else 2.0, hold=0.3)
            self.play(FadeIn(log.rows[e]), run_time=0.5)
            self.movers_last()
        if n.steps > complete * rows:        # the run stopped early: show where it got to
            self.walk_to(n.steps, 3.0, hold=0.5)
        if n.diverged_at is not None:
            warn = Text(f"ran away at step {n.diverged_at}", font_size=20, color=GRAD)
            warn.next_to(log.shown(complete), DOWN, buff=0.25).align_to(log, LEFT)
            self.say(f"At lr = {short(n.lr)} the steps grow until the numbers overflow.")
            self.play(FadeIn(warn), run_time=0.8)
        self.wait(1.0)

    # -- Part 5 -----------------------------------------------------------------------------------
    def valley_part(self, n, p):
        v = n.valley
        along, across = valley_arrows(self.panel, valley_anchor(n), v.eigenvectors)
        lines = valley_lines(n)
        self.say("Why does a settle at once while b crawls? The x values reach "
                 f"{short(float(np.abs(n.x).max()), 4)}, "
                 "so the error curves far more sharply in a than in b.")
        self.play(Write(lines[0]), run_time=2.0)
        self.wait(3.0)
        self.say("The Hessian's curvatures: steep across the valley (mostly a), "
                 "almost flat along it (mostly b).")
        self.play(Write(lines[1]), GrowFromCenter(across), GrowFromCenter(along), run_time=2.0)
        self.mark("valley")
        self.wait(2.5)
        self.say("One learning rate serves both: a step that is safe across the "
                 "valley is tiny along it.")
        self.play(Write(lines[2]), run_time=1.5)
        self.wait(2.0)
        self.say("So the weights drop into a long thin valley and crawl along it.")
        self.play(Write(lines[3]), run_time=1.5)
        self.wait(2.5)
