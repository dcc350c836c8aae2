"""Lesson ``momentum``: momentum is a moving average of the gradient.

Part 1 averages sin(x) point by point and sweeps β; Part 2 follows a real wiggly derivative;
Part 3 feeds a constant gradient to both conventions; Part 4 walks the momentum sheet's path
against plain SGD. Every curve is drawn from ``self.numbers`` (sgdanim.lessons.momentum).

Render at the defaults with ``manim -ql scenes/momentum/scene.py Momentum``.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, GREY_A, LEFT, RIGHT, UP, UR, Create, DashedLine, Dot, DoubleArrow, FadeIn,
                   FadeOut, LaggedStart, MathTex, Text, Transform, VGroup, Write)

from scenes.kit.scene import PATH, TEXT, WEIGHT, FastDecimal, LessonScene
from scenes.momentum.panels import (AVERAGE, GHOST_OPACITY, RAW, SWEEP, constant_key, constant_plots,
                             header, paths_plot, sci, sine_plot, wiggle_plot)


class Momentum(LessonScene):
    lesson_id = "momentum"

    def construct(self):
        n = self.numbers
        title = Text("Momentum: a moving average of the gradient", font_size=40)
        self.play(Write(title), run_time=1.5, subcaption="Momentum is a moving average of the gradient.",
                  subcaption_duration=2.0)
        self.wait(0.5)
        self.play(FadeOut(title), run_time=0.5)
        plays = {"sine": self.part_sine, "wiggle": self.part_wiggle,
                 "constant": self.part_constant, "paths": self.part_paths}
        for i, part in enumerate(self.params.parts):
            plays[part](n)
            if i < len(self.params.parts) - 1:
                self.clear_all()

    def clear_all(self):
        self.clear_screen(run_time=0.8)

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
                  subcaption="Take sin(x), sampled at evenly spaced points x_t.", subcaption_duration=4.0)
        self.play(LaggedStart(*[FadeIn(d) for d in dots], lag_ratio=0.02), Create(sine),
                  FadeIn(sine_label), run_time=2.5)
        self.play(Write(rule), FadeIn(beta), run_time=1.5,
                  subcaption=f"Each step keeps {n.main.beta:.0%} of the average and adds "
                             f"{1 - n.main.beta:.0%} of the new value.", subcaption_duration=2.5)
        self.wait(1.0)

        tip = plot.tip.add_updater(lambda d: d.move_to(avg.head()))
        # Labels sit at fixed places; the numbers re-anchor to them as their width changes.
        t_label = MathTex("t =", font_size=28)
        m_label = MathTex("m_t =", font_size=28, color=AVERAGE)
        VGroup(t_label, m_label).arrange(RIGHT, buff=1.0).next_to(beta, DOWN)
        t_now = FastDecimal(0, num_decimal_places=0, font_size=28).add_updater(
            lambda m: m.set_value(int(np.floor(avg.index.get_value())) + 1).next_to(
                t_label, RIGHT, buff=0.12))
        m_now = FastDecimal(0, num_decimal_places=3, font_size=28, color=AVERAGE).add_updater(
            lambda m: m.set_value(n.main.ema[int(np.floor(avg.index.get_value()))]).next_to(
                m_label, RIGHT, buff=0.12))
        readout = self.sine_readout = VGroup(t_label, t_now, m_label, m_now)
        self.add(avg, tip)
        self.keep_on_top(avg, tip)
        self.play(FadeIn(readout), run_time=0.3)
        self.mark("ema_start", k0=0, rate=(len(x) - 1) / 8.0)
        self.play(avg.grow(len(x) - 1, 8.0),
                  subcaption="The average, point by point: smoother than sin(x), and it lags behind.")
        self.mark("ema_done", k=len(x) - 1)
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
                  subcaption=f"Its peak is {c.peak:.2f} instead of 1, and it comes {c.lag} samples late.",
                  subcaption_duration=3.5)
        self.wait(2.0)

        # The β sweep.
        self.play(FadeOut(VGroup(avg, tip, readout, peak_line, peak_text, lag, lag_text, beta)),
                  run_time=0.8)
        curves, legend = plot.sweep, VGroup()
        for i, s in enumerate(n.sweep):
            colour = SWEEP[i % len(SWEEP)]
            legend.add(MathTex(rf"\beta = {s.beta:g}:\ \text{{peak }} {s.peak:.2f},\ "
                               rf"\text{{lag }} {s.lag}", font_size=28, color=colour))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.12).next_to(rule, DOWN, buff=0.2).align_to(rule, LEFT)
        self.sweep_legend = legend
        self.add(*curves)
        self.keep_on_top(*curves)
        self.play(*[cv.grow(len(x) - 1, 5.0) for cv in curves], FadeIn(legend, run_time=1.0),
                  run_time=5.0, subcaption="Bigger β: smoother and smaller, but later. Smaller β: "
                                           "follows closely, keeps the wiggles.", subcaption_duration=7.0)
        self.mark("sweep_done")
        self.wait(2.0)
        if n.bias_correction:
            self.bias_correction(n, plot)

    def bias_correction(self, n, plot):
        curves = plot.sweep
        # Left of the legend: below it the formula would crowd the curves' second peak.
        fix = VGroup(MathTex(r"\hat m_t = \frac{m_t}{1-\beta^t}", font_size=32),
                     Text("faint: uncorrected", font_size=22, color=GREY_A)
                     ).arrange(DOWN, buff=0.15).next_to(self.sweep_legend, LEFT, buff=0.8)
        ghosts = VGroup(*[cv.copy().clear_updaters().set_stroke(opacity=GHOST_OPACITY) for cv in curves])
        corrected = plot.corrected
        self.play(Write(fix), run_time=1.0,
                  subcaption="Starting from m₀ = 0 drags the first values low, the more so the "
                             "bigger β.", subcaption_duration=2.5)
        self.wait(1.5)
        self.add(ghosts)
        for cv in curves:
            cv.clear_updaters()
        self.play(*[Transform(cv, c) for cv, c in zip(curves, corrected)], run_time=2.5,
                  subcaption="Dividing by 1 − βᵗ (the mom_bias sheet) fixes the start.",
                  subcaption_duration=5.0)
        self.mark("bias_done")
        self.wait(2.5)

    # Part 2: a real wiggly derivative ----------------------------------------------------------
    def part_wiggle(self, n):
        wm = n.wiggle(n.wiggle_mom)
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
                         MathTex(rf"m = {n.beta:g}m+{1 - n.beta:.3g}g", font_size=28, color=AVERAGE)
                         ).arrange(RIGHT, buff=0.5).next_to(top, UP, buff=0.05).align_to(top, RIGHT)
        key_bottom = VGroup(MathTex(r"\text{plain SGD: } -\text{lr}\cdot g", font_size=26, color=RAW),
                            MathTex(r"\text{momentum: } -\text{lr}\cdot m", font_size=26, color=AVERAGE)
                            ).arrange(RIGHT, buff=0.5).next_to(bottom, UP, buff=0.05).align_to(bottom, RIGHT)
        self.play(FadeIn(head), FadeIn(sub), Create(top), Create(bottom), FadeIn(top_title),
                  FadeIn(bottom_title), FadeIn(row_label), run_time=1.5,
                  subcaption="Now a real derivative: weight d of the 2-neuron ReLU model, one row at a time.",
                  subcaption_duration=2.1)
        self.play(FadeIn(key_top), FadeIn(key_bottom), run_time=0.6)
        self.add(raw, mom, d_sgd, d_mom)
        self.keep_on_top(raw, mom, d_sgd, d_mom)
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
                             "so d moves more steadily.", subcaption_duration=3.1)
        self.wait(2.5)

    # Part 3: constant gradient, two conventions -------------------------------------------------
    def part_constant(self, n):
        g = n.const_g
        head = header("3 · Constant gradient, two conventions")
        panels = self.constant_panels = constant_plots(n)
        key = constant_key().to_corner(UR, buff=0.4)
        self.play(FadeIn(head), FadeIn(key), *[Create(p.axes) for p in panels],
                  *[FadeIn(p.title) for p in panels],
                  run_time=1.5, subcaption=f"Feed momentum a gradient of {g[0]:g} for "
                                           f"{n.steps_high} steps, then {g[-1]:g}.",
                  subcaption_duration=3.6)
        self.add(*[p.grad for p in panels], *[p.curve for p in panels])
        self.keep_on_top(*[p.grad for p in panels], *[p.curve for p in panels])
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
        gap = MathTex(rf"\text{{the sheet's run (Part 4) both ways: largest gap in }} a, b = {sci(n.rescale_gap)}",
                      font_size=26, color=GREY_A).next_to(relation, UP, buff=0.15)
        self.play(Write(relation), run_time=1.5,
                  subcaption="The two differ only by the factor 1−β, which a rescaled learning rate absorbs.",
                  subcaption_duration=5.1)
        self.play(FadeIn(gap), run_time=0.6)
        self.wait(3.0)

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
                             "SGD, both from a = b = 1.", subcaption_duration=2.5)
        self.wait(1.0)
        self.add(sgd, mom)
        steps = max(n.shown_mom, n.shown_sgd) - 1
        walk_time = 14.0
        self.mark("walk_start", rate=steps / walk_time, steps=steps)
        self.play(sgd.walk(steps, walk_time), mom.walk(steps, walk_time), run_time=walk_time,
                  subcaption="The same rows for both: plain SGD steps along each row's gradient, "
                             "momentum along its running average.")
        self.mark("walk_done", row_mom=n.shown_mom - 1, row_sgd=n.shown_sgd - 1)
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
                             "lower in the last epoch.", subcaption_duration=3.8)
        self.wait(3.0)
