"""Lesson ``overshoot``: a learning rate too big turns into a runaway loop.

Part 1 steps one weight down a parabola at three learning rates and shows the loop that makes a
big step bigger. Part 2 sweeps learning rates over the spreadsheet's rows against the critical
rate 2/λmax. Part 3 replays the forum thread's run until it diverges. Every number drawn comes
from :func:`sgdanim.lessons.overshoot.compute`; the pieces live in ``scenes/overshoot/panels.py``.

Render the defaults with ``manim -ql scenes/overshoot/scene.py Overshoot``.
"""

from __future__ import annotations

import math

from manim import (DOWN, LEFT, RIGHT, UL, UP, Create, Dot, FadeIn, FadeOut, GrowArrow, Indicate,
                   Line, MathTex, NumberLine, ReplacementTransform, Text, VGroup, Write)

from scenes.kit.scene import DATA, GRAD, PATH, WEIGHT, LessonScene
from scenes.overshoot.panels import (MODEL_TEX, LoopDiagram, ParabolaPanel, SweepView,
                                     ThreadView, jump_to, nice_step, sci_tex)


class Overshoot(LessonScene):
    """Overshoot: a learning rate too big turns into a runaway loop."""

    lesson_id = "overshoot"

    def construct(self):
        self.part1_parabola()
        self.part2_sweep()
        self.part3_thread()

    def header(self, text: str) -> Text:
        return Text(text, font_size=30).to_corner(UL, buff=0.35)

    # Part 1: one weight on a parabola -----------------------------------------------------------
    def part1_parabola(self):
        runs = self.numbers.parabola
        lam, w_star = runs[0].lam, runs[0].w_star
        head = self.header("1 · one weight on a parabola")
        panel = self.parabola_panel(runs[0])
        formula = MathTex(rf"L(w)=\tfrac{{\lambda}}{{2}}(w-w^*)^2,\quad\lambda={lam:g},\ w^*={w_star:g}",
                          font_size=32).next_to(head, DOWN, buff=0.25).align_to(head, LEFT)
        loop = LoopDiagram(runs).move_to([3.7, 0.45, 0])
        statuses = [self.status(run) for run in runs]
        self.play(FadeIn(head), Write(formula), Create(panel), run_time=2.5,
                  subcaption="One weight w, and an error that is a parabola around its minimum w*.")
        self.play(FadeIn(loop), FadeIn(statuses[0], shift=DOWN * 0.2), run_time=1.5,
                  subcaption="Each step: the derivative at w, times lr, is how far the weight moves.")
        self.parabola_panels = []   # the panel each run was drawn on, for frame tests
        for i, run in enumerate(runs):
            slow = run.regime == "runs away"
            per_step = 2.7 if slow else 0.9
            status = statuses[i]
            intro = [loop.preset(run, 0.8), jump_to(loop.factor, abs(run.factor), 0.8)]
            if i > 0:   # the first one came with the loop
                intro.append(FadeIn(status, shift=DOWN * 0.2))
            # Each rate gets a w range that holds its own path, so small steps stay visible.
            fitted = self.parabola_panel(run)
            if fitted.reach != panel.reach:
                self.play(ReplacementTransform(panel, fitted), run_time=1.0)
                panel = fitted
            self.parabola_panels.append(panel)
            dot = Dot(panel.point(run.w[0]), color=WEIGHT, radius=0.09)
            intro.append(FadeIn(dot))
            self.play(*intro, run_time=1.0,
                      subcaption=f"lr = {run.lr:g}: every step multiplies the distance to w* by "
                                 f"|1 − lr·λ| = {abs(run.factor):.2f}, so it {REGIME_WORDS[run.regime]}.")
            trail, arrow = VGroup(), None
            for k in range(len(run.w) - 1):
                tangent = panel.tangent(run.w[k])
                new_arrow = panel.step_arrow(run.w[k], run.w[k + 1])
                seg = Line(panel.point(run.w[k]), panel.point(run.w[k + 1]), color=PATH,
                           stroke_width=2.5, stroke_opacity=0.8)
                lit = loop.show_step(run, k, per_step * 0.9)
                fade = [FadeOut(arrow)] if arrow is not None else []
                self.play(Create(tangent), lit[0], lit[1], *fade, run_time=per_step * 0.45)
                self.play(GrowArrow(new_arrow), lit[2], run_time=per_step * 0.25)
                self.play(dot.animate.move_to(panel.point(run.w[k + 1])), Create(seg), lit[3],
                          FadeOut(tangent), run_time=per_step * 0.3)
                self.mark("weight", run=i, step=k + 1)
                trail.add(seg)
                arrow = new_arrow
                if slow and k == len(run.w) - 2:
                    self.mark("poster")
            if slow:
                d = run.distance()
                self.play(Indicate(loop.arrows, color=WEIGHT), run_time=1.5,
                          subcaption=f"The loop feeds itself: distance {d[0]:.2f} → {d[-1]:.2f}, "
                                     f"each step bigger than the last.")
            self.wait(0.8)
            if i < len(runs) - 1:
                self.play(FadeOut(dot), FadeOut(trail), FadeOut(arrow), FadeOut(status),
                          run_time=0.5)
        # The last (runaway) path stays on the parabola while the critical rate is named.
        line = self.critical_line(runs).move_to([3.4, -3.0, 0])
        self.play(FadeOut(status), FadeOut(arrow), FadeIn(line), run_time=1.5,
                  subcaption=f"w − w* is multiplied by 1 − lr·λ: above lr = 2/λ = {2 / lam:g} "
                             f"its size grows. That is the critical learning rate.")
        self.wait(2.5)
        self.clear_screen(run_time=0.8)

    @staticmethod
    def status(run) -> VGroup:
        """The rate being run and what it does, over the loop."""
        return VGroup(MathTex(rf"\mathrm{{lr}}={run.lr:g}", font_size=34, color=WEIGHT),
                      Text(REGIME_WORDS[run.regime], font_size=22)
                      ).arrange(RIGHT, buff=0.25).move_to([3.7, 2.85, 0])

    @staticmethod
    def parabola_panel(run) -> ParabolaPanel:
        return ParabolaPanel([run], width=5.7, height=4.6).to_corner(DOWN + LEFT, buff=0.75)

    def critical_line(self, runs) -> VGroup:
        lam = runs[0].lam
        end = max(2.6 / lam, 1.12 * max(r.lr for r in runs))
        nl = NumberLine(x_range=[0, end, nice_step(end)], length=5.6, include_numbers=False,
                        stroke_width=2, color=DATA)
        over = Line(nl.n2p(2 / lam), nl.n2p(end), color=GRAD, stroke_width=6)
        ticks = VGroup()
        for value, tex, colour in ((1 / lam, r"\frac{1}{\lambda}", DATA),
                                   (2 / lam, r"\frac{2}{\lambda}=" + f"{2 / lam:g}", GRAD)):
            ticks.add(VGroup(Line(nl.n2p(value) + DOWN * 0.12, nl.n2p(value) + UP * 0.12, color=colour),
                             MathTex(tex, font_size=30, color=colour).next_to(nl.n2p(value), UP, 0.15)))
        dots = VGroup(*[VGroup(Dot(nl.n2p(r.lr), color=WEIGHT, radius=0.07),
                               MathTex(f"{r.lr:g}", font_size=24).next_to(nl.n2p(r.lr), DOWN, 0.15))
                        for r in runs])
        rule = MathTex(r"w_{k+1}-w^*=(1-\mathrm{lr}\,\lambda)(w_k-w^*)", font_size=28)
        name = MathTex(r"\mathrm{lr}", font_size=28).next_to(nl, RIGHT, 0.15)
        body = VGroup(nl, over, ticks, dots, name)
        return VGroup(rule, body).arrange(UP, buff=0.25)

    # Part 2: the real data -----------------------------------------------------------------------
    def part2_sweep(self):
        n = self.numbers
        head = VGroup(self.header(f"2 · the spreadsheet's {n.rows} rows,"),
                      MathTex(r"y=a\,x+b", font_size=38)).arrange(RIGHT, buff=0.2).to_corner(UL, buff=0.35)
        view = self.sweep_view = SweepView(n).to_corner(DOWN + LEFT, buff=0.5)
        self.play(FadeIn(head), Create(view.plot), FadeIn(view.cutoff), FadeIn(view.cut_label),
                  FadeIn(view.epoch_lines), run_time=2,
                  subcaption=f"SGD row by row on y = a·x + b at {len(n.sweep)} learning rates; "
                             f"the error of each row, on a log scale.")
        for i in view.legend_order:
            lane = n.sweep[i]
            anims = [FadeIn(view.entries[i])]
            if view.curves[i].has_points():
                anims.append(Create(view.curves[i]))
            fate = (f"runs away at row {lane.diverged_at}" if lane.diverged_at is not None
                    else f"does not run away in {n.epochs * n.rows} rows")
            self.play(*anims, run_time=1.8, rate_func=lambda t: t,
                      subcaption=f"lr = {lane.lr:.3g} {fate}.")
            if i in view.cross_of:
                self.play(FadeIn(view.cross_of[i], scale=2), run_time=0.4)
                self.mark("sweep_runaway", lane=i, step=lane.diverged_at)
        above = [lane for lane in n.sweep if lane.above_critical]
        ran = [lane for lane in above if lane.diverged_at is not None]
        self.play(FadeIn(view.critical), *([Create(view.divider)] if view.divider else []),
                  run_time=1.5,
                  subcaption=f"The Hessian of the mean error gives the critical lr "
                             f"2/λmax = {n.critical_lr:.3g}; {len(ran)} of the {len(above)} "
                             f"rates above it ran away.")
        note = self.sweep_note(n)
        if note is not None:
            text, caption = note
            text.next_to(view.legend, DOWN, buff=0.45).align_to(view.legend, LEFT)
            self.play(FadeIn(text), run_time=1.0, subcaption=caption)
        self.wait(3.5)
        self.clear_screen(run_time=0.8)

    def sweep_note(self, n):
        """What the rates below the critical lr did, said with the core's numbers."""
        below = [lane for lane in n.sweep if not lane.above_critical]
        if not below:
            return None
        wild = [lane for lane in below if lane.diverged_at is not None]
        x = f"{n.x_max:g}"
        if wild:
            lane = wild[0]
            lines = (rf"\mathrm{{lr}}={sci_tex(lane.lr, 1)}<\tfrac{{2}}{{\lambda_{{\max}}}}"
                     r"\text{ still ran away:}",
                     rf"\text{{rows with }}x={x}\text{{ overshoot sooner}}")
            caption = (f"lr = {lane.lr:.3g} ran away although it is below 2/λmax: single rows with "
                       f"x = {x} overshoot sooner than the mean error suggests.")
        else:
            lane = max(below, key=lambda lane: lane.lr)
            if lane.lr <= n.row_critical_lr:
                return None
            lines = (rf"\mathrm{{lr}}={sci_tex(lane.lr, 1)}\text{{ stays bounded, but on a row}}",
                     rf"\text{{with }}x={x}\text{{ it is past }}\tfrac{{1}}{{x^2+1}}="
                     rf"{sci_tex(n.row_critical_lr, 1)}\text{{:}}",
                     r"\text{that row's step lands farther from its line}")
            caption = (f"lr = {lane.lr:.3g} stays bounded, yet it is past 1/(x²+1) = "
                       f"{n.row_critical_lr:.3g} for x = {x}: each step on such a row lands "
                       f"farther from that row's own line. The other rows pull it back.")
        text = VGroup(*[MathTex(line, font_size=24, color=DATA) for line in lines]).arrange(
            DOWN, aligned_edge=LEFT, buff=0.1)
        return text, caption

    # Part 3: the thread's experiment --------------------------------------------------------------
    def part3_thread(self):
        th = self.numbers.thread
        head = self.header("3 · the thread's experiment")
        start = (f"all weights {th.init[0]:g}" if len(set(th.init)) == 1
                 else "start " + ", ".join(f"{k}={v:g}" for k, v in zip(th.names, th.init)))
        setup = VGroup(MathTex(MODEL_TEX[th.model], font_size=34),
                       Text(f"{start} · {th.grad} derivatives ·", font_size=22),
                       MathTex(rf"\mathrm{{lr}}={sci_tex(th.lr, 1)}", font_size=30)
                       ).arrange(RIGHT, buff=0.3).next_to(head, DOWN, buff=0.25).align_to(head, LEFT)
        view = self.thread_view = ThreadView(th).move_to([0.15, -0.45, 0])
        self.play(FadeIn(head), FadeIn(setup), Create(view.panels), FadeIn(view.key), run_time=2,
                  subcaption="The thread's run: two stacked linear neurons, one epoch, "
                             "derivatives by finite differences.")
        if len(view.curves):
            self.play(*[Create(c) for c in view.curves], run_time=6, rate_func=lambda t: t,
                      subcaption="Error, weights and derivatives all grow together, row by row.")
        if view.marker is not None:
            self.mark("before_runaway")
            self.play(*[Create(m[0]) for m in view.lines], FadeIn(view.marker[1]), run_time=1.2,
                      subcaption=self.runaway_caption(th))
            self.mark("runaway", step=view.marker.step)
            if th.runaway_loss is not None:
                value = MathTex(rf"\text{{row {th.diverged_at}: error}}={sci_tex(th.runaway_loss, 1)}"
                                rf">10^{{{round(math.log10(th.max_loss))}}}\text{{, so the run stops}}",
                                font_size=30).to_edge(DOWN, buff=0.2)
                self.play(FadeIn(value), run_time=0.8)
        else:
            calm = Text(f"no runaway in {th.rows} rows", font_size=26).next_to(view.panels, UP)
            self.play(FadeIn(calm), run_time=1, subcaption=f"At lr = {th.lr:g} nothing runs away.")
        self.wait(4)

    @staticmethod
    def runaway_caption(th) -> str:
        kept = th.diverged_at - 1
        if th.runaway_loss is not None and th.runaway_loss > th.max_loss:
            why = f"its error is {th.runaway_loss:.2g}, past the {th.max_loss:.0e} cap"
        else:
            why = "a value stopped being a finite number"
        return (f"Row {th.diverged_at} runs away: {why}. The {kept} rows before it are all "
                f"that is drawn.")


REGIME_WORDS = {"creeps": "creeps down", "zigzags": "zig-zags inward", "lands": "lands on w*",
                "bounces": "bounces forever", "runs away": "runs away"}
