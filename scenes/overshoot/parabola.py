"""Part ``parabola``: one weight on L(w) = λ/2·(w − w*)² at three learning rates, the loop that
makes a big step bigger, and the line of learning rates with 2/λ on it.

Every number comes from :class:`sgdanim.lessons.overshoot.ParabolaNumbers`; where things stand
is decided in :meth:`ParabolaPart.build`, so a panel's points can be checked without rendering.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, AnimationGroup, Arrow, Axes, Create, CurvedArrow, Dot,
                   FadeIn, FadeOut, GrowArrow, Indicate, Line, MathTex, ReplacementTransform,
                   RoundedRectangle, Text, VGroup, Write)

from sgdanim.lessons.overshoot import PART_SPECS
from scenes.kit.format import fixed, setting_tex, setting_text, short
from scenes.kit.numbers import FastDecimal
from scenes.kit.part import Part
from scenes.kit.plots import in_powers_name, keep_to_range, numbers_in_powers
from scenes.kit.style import BODY_SIZE, DATA, GRAD, MIN_FONT_SIZE, MODEL, OPTIMUM, PATH, WEIGHT
from scenes.kit.titles import chapter_header
from scenes.overshoot.common import AlphaUpdate, axis_step, jump_to, on_steps, tick_labels
from scenes.overshoot.lr_line import critical_line, place_critical

SLOW_STEP = 1.5           # seconds a runaway step takes (the others 0.9)
REGIME_WORDS = {"creeps": "creeps down", "zigzags": "zig-zags inward", "lands": "lands on w*",
                "bounces": "bounces forever", "runs away": "runs away"}


class ParabolaPanel(VGroup):
    """L(w) over w* ± ``run.reach``: the run's whole path fits, and small steps stay visible.
    Numbers under 0.01 are written in units, as the kit's plots write them ("L(w) (×10⁻⁶)"
    from w0 = 0.001, numbered 0.5 and 1.0)."""

    def __init__(self, parabola, run, width=5.7, height=4.6, **kwargs):
        super().__init__(**kwargs)
        self.loss, self.reach = parabola.loss, run.reach
        w_range = [parabola.w_star - run.reach, parabola.w_star + run.reach]
        x_step, y_step = axis_step(2 * run.reach), axis_step(run.top)
        self.axes = Axes(x_range=[*on_steps(*w_range, x_step), x_step],
                         y_range=[0, run.top * 1.05, y_step],
                         x_length=width, y_length=height, tips=False,
                         axis_config={"include_numbers": True, "font_size": MIN_FONT_SIZE},
                         x_axis_config={**tick_labels(x_step), "numbers_to_exclude": [0]},
                         y_axis_config=tick_labels(y_step))
        # w*'s own label stands at its tick (w* = 100 wrote "w*" over "100"); manim leaves out
        # exact values only, and ticks from 49.9985 by 0.0005 miss w* = 50
        x_numbers = self.axes.x_axis.numbers
        x_numbers.remove(*[m for m in x_numbers
                           if abs(float(m.get_value()) - parabola.w_star) < x_step / 100])
        # manim's ticks run 10⁻⁶ past an axis' ends (from w0 = 0.001 the loss axis read
        # −0.0000005 to 0.000002): those go, and the rest are written in units
        powers = []
        for axis in (self.axes.x_axis, self.axes.y_axis):
            keep_to_range(axis)
            powers.append(numbers_in_powers(axis, from_power=4))
        self.graph = self.axes.plot(parabola.loss, color=MODEL, x_range=w_range)
        bottom = self.axes.c2p(parabola.w_star, 0)
        self.minimum = VGroup(Dot(bottom, color=OPTIMUM, radius=0.07),
                              MathTex("w^*", font_size=26, color=OPTIMUM).next_to(bottom, DOWN,
                                                                                  buff=0.15))
        self.labels = VGroup(
            in_powers_name(MathTex("w", font_size=30), powers[0]).next_to(self.axes.x_axis,
                                                                          RIGHT, 0.1),
            in_powers_name(MathTex("L(w)", font_size=30), powers[1]).next_to(self.axes.y_axis,
                                                                             UP, 0.1))
        self.add(self.axes, self.graph, self.minimum, self.labels)

    def point(self, w: float) -> np.ndarray:
        return self.axes.c2p(w, self.loss(w))

    def tangent(self, w: float, slope: float, length=1.3) -> Line:
        """The derivative ``slope`` at w, drawn as a tangent of fixed on-screen length."""
        d = self.axes.c2p(w + 1, 0) - self.axes.c2p(w, 0)
        d = d + (self.axes.c2p(0, slope) - self.axes.c2p(0, 0))
        d = d / np.linalg.norm(d) * length / 2
        p = self.point(w)
        return Line(p - d, p + d, color=GRAD, stroke_width=4)

    def step_arrow(self, w0: float, w1: float) -> Arrow:
        y = self.axes.c2p(0, 0)[1] - 0.62   # below the tick numbers
        return Arrow([self.axes.c2p(w0, 0)[0], y, 0], [self.axes.c2p(w1, 0)[0], y, 0],
                     buff=0, color=PATH, stroke_width=5, max_tip_length_to_length_ratio=0.2)


def loop_places(widest: float, start: float) -> int:
    """Decimals of the loop's numbers: none once one reaches 100, else two, or as many as
    give the start's distance two figures (from w0 = 0.001 every node read "0.00").

    >>> loop_places(2.86, 1.0), loop_places(250.0, 1.0), loop_places(0.0029, 0.001)
    (2, 0, 4)
    """
    if widest >= 100:
        return 0
    return max(2, 1 - math.floor(math.log10(start))) if start > 0 else 2


class LoopDiagram(VGroup):
    """distance → derivative → step → new distance → …, each node showing the step's real number."""

    # No subscripts: at 480p they are a few pixels. w' is the weight after the step.
    NODES = (("distance", r"|w-w^*|"), ("derivative", r"\lambda\,(w-w^*)"),
             ("step", r"\mathrm{lr}\cdot\lambda\,(w-w^*)"), ("new distance", r"|w'-w^*|"))

    def __init__(self, parabola, radius=(2.1, 1.25), **kwargs):
        super().__init__(**kwargs)
        self.numbers, self.nodes = [], VGroup()
        offsets = (UP * radius[1], RIGHT * radius[0], DOWN * radius[1], LEFT * radius[0])
        # Boxes are sized for the widest number any run shows, and big numbers drop decimals.
        widest = parabola.loop_widest
        self.places = loop_places(widest.max(), parabola.runs[0].distance[0])
        # It starts on the first run's step 0: a placeholder 0 would be a number nobody computed.
        for j, ((word, tex), off) in enumerate(zip(self.NODES, offsets)):
            style = dict(num_decimal_places=self.places, font_size=30,
                         include_sign=word in ("derivative", "step"))
            number = FastDecimal(parabola.runs[0].loop[0, j], **style)
            body = VGroup(Text(word, font_size=MIN_FONT_SIZE, color=DATA),
                          MathTex(tex, font_size=BODY_SIZE),
                          number).arrange(DOWN, buff=0.08)
            inner = max(body.width, FastDecimal(-widest[j], **style).width)
            box = RoundedRectangle(corner_radius=0.12, width=inner + 0.25,
                                   height=body.height + 0.2, stroke_color=DATA, stroke_width=2)
            self.nodes.add(VGroup(box, body).move_to(off))
            self.numbers.append(number)
        # Clockwise, each arrow from the side of one box to the facing side of the next.
        sides = ((RIGHT, UP), (DOWN, RIGHT), (LEFT, DOWN), (UP, LEFT))
        self.arrows = VGroup(*[
            CurvedArrow(self.nodes[i].get_critical_point(a) + a * 0.08,
                        self.nodes[(i + 1) % 4].get_critical_point(b) + b * 0.08,
                        angle=-math.pi / 2.5, color=DATA, stroke_width=3, tip_length=0.16)
            for i, (a, b) in enumerate(sides)])
        self.factor = FastDecimal(parabola.runs[0].ratio, num_decimal_places=2, font_size=34,
                                  color=WEIGHT)
        self.centre = VGroup(MathTex(r"\times|1-\mathrm{lr}\,\lambda|", font_size=BODY_SIZE),
                             self.factor).arrange(DOWN, buff=0.1)
        # The new distance is unknown until the step lands: a "?" holds its place, so the box
        # never shows the distance the step starts from (review r9).
        self.unknown = MathTex("?", font_size=34).move_to(self.numbers[3])
        self.numbers[3].set_fill(opacity=0)
        # The arrow into the new distance applies the step; its sign is w's move, not the step's.
        self.applies = MathTex(r"w'=w-\mathrm{step}", font_size=MIN_FONT_SIZE + 4, color=DATA)
        self.applies.next_to(self.arrows[2].point_from_proportion(0.5), DOWN + LEFT, buff=0.05)
        self.add(self.arrows, self.nodes, self.centre, self.unknown, self.applies)

    def _new_distance(self, value: float | None, run_time: float) -> AlphaUpdate:
        """Halfway through, the new distance shows ``value``, or "?" when ``value`` is None."""
        number, unknown = self.numbers[3], self.unknown

        def show(mob, alpha):
            if alpha < 0.5:
                return
            if value is not None:
                number.set_value(value)
            number.set_fill(opacity=0 if value is None else 1)
            unknown.set_fill(opacity=1 if value is None else 0)
        return AlphaUpdate(number, show, run_time=run_time)

    def preset(self, run, run_time: float) -> AnimationGroup:
        """All four nodes jump to step 0 of ``run`` at once, so a new rate never shows the
        numbers of the rate before it."""
        known = [jump_to(n, v, run_time) for n, v in zip(self.numbers, run.loop[0][:3])]
        return AnimationGroup(*known, self._new_distance(None, run_time))

    def show_step(self, run, k: int, run_time: float):
        """The four numbers of step k of ``run``, one animation per node in the loop's order."""
        t = run_time / 4
        changes = [jump_to(n, v, t) for n, v in zip(self.numbers, run.loop[k][:3])]
        changes[0] = AnimationGroup(changes[0], self._new_distance(None, t))  # it moved on
        changes.append(self._new_distance(run.loop[k][3], t))
        return [AnimationGroup(change, Indicate(node[0], color=WEIGHT, scale_factor=1.08,
                                                run_time=t))
                for change, node in zip(changes, self.nodes)]


@dataclass
class RunPieces:
    """What one rate brings on: its status line, the weight dot and, per step, the tangent, the
    step arrow, the path segment and where the dot lands."""

    status: VGroup
    dot: Dot
    tangents: list
    arrows: list
    trail: VGroup
    landings: list


def run_pieces(run, panel: ParabolaPanel) -> RunPieces:
    status = VGroup(MathTex(rf"\mathrm{{lr}}={setting_tex(run.lr)}", font_size=34, color=WEIGHT),
                    Text(REGIME_WORDS[run.regime], font_size=MIN_FONT_SIZE)
                    ).arrange(RIGHT, buff=0.25).move_to([3.7, 2.85, 0])
    points = [panel.point(w) for w in run.w]
    return RunPieces(
        status, Dot(points[0], color=WEIGHT, radius=0.09),
        [panel.tangent(w, slope) for w, slope in zip(run.w, run.loop[:, 1])],
        [panel.step_arrow(w0, w1) for w0, w1 in zip(run.w, run.w[1:])],
        VGroup(*[Line(a, b, color=PATH, stroke_width=2.5, stroke_opacity=0.8)
                 for a, b in zip(points, points[1:])]),
        points[1:])


@dataclass
class ParabolaBuilt:
    numbers: object       # the lesson's ParabolaNumbers
    head: VGroup
    formula: MathTex
    panels: list          # the panel each run is drawn on (one is shared while the range holds)
    loop: LoopDiagram
    runs: list            # RunPieces, one per run
    critical: VGroup


class ParabolaPart(Part):
    id = "parabola"
    starts_clean = True   # kit.Part: it needs nothing the parts before it leave

    def build(self, numbers, params) -> ParabolaBuilt:
        p = numbers.parabola
        head = chapter_header(PART_SPECS, self.id, numbers, opening="question")
        lam = setting_tex(p.lam)     # λ = 10⁻⁶ read "0.000001"
        formula = MathTex(rf"L(w)=\tfrac{{\lambda}}{{2}}(w-w^*)^2,\quad\lambda={lam},"
                          rf"\ w^*={short(p.w_star)}", font_size=32
                          ).next_to(head, DOWN, buff=0.25).align_to(head, LEFT)
        panels = []
        for run in p.runs:
            if not panels or run.reach != panels[-1].reach:
                panels.append(ParabolaPanel(p, run).to_corner(DOWN + LEFT, buff=0.75))
            else:
                panels.append(panels[-1])
        return ParabolaBuilt(p, head, formula, panels, LoopDiagram(p).move_to([3.45, 0.6, 0]),
                             [run_pieces(run, panel) for run, panel in zip(p.runs, panels)],
                             place_critical(critical_line(p)))

    def play(self, scene, built: ParabolaBuilt) -> None:
        p, first = built.numbers, built.runs[0]
        # The title and the parabola are up from the part's first frame, before its first
        # line (which may hold the picture while the last part's line is read): no dark screen
        # between parts. The weight (the dot) is on it from the start: the loop's numbers are
        # its.
        scene.add(built.head, built.panels[0])
        scene.say("One weight w, its loss L(w): the loop behind every runaway.")
        scene.play(Write(built.formula), FadeIn(first.dot), run_time=1.5)
        scene.say("Each step moves w by lr times the derivative at w.")
        rule, (line, over, ticks, dots, name) = built.critical
        # The line of rates stands under the loop from the start; each rate puts its dot on it.
        scene.play(FadeIn(built.loop), FadeIn(first.status, shift=DOWN * 0.2), Create(line),
                   FadeIn(name), run_time=1.5)
        for i in range(len(p.runs)):
            self.play_run(scene, built, i)
        # The last (runaway) path stays on the parabola while the critical rate is named.
        last = built.runs[-1]
        scene.say(f"Past lr = 2/λ = {setting_text(p.critical_lr)}, |1 − lr·λ| > 1: the distance grows. "
                  "The limit.")
        scene.play(FadeOut(last.status), FadeOut(last.arrows[-1]), Create(over),
                   FadeIn(rule, shift=UP * 0.2), run_time=1.2)
        scene.play(Indicate(ticks[1], color=WEIGHT, scale_factor=1.3), run_time=1.2)
        scene.say("Below 1/λ it creeps; at 1/λ one step lands on w*; up to 2/λ it zig-zags.")
        # What the line names, in its order: the rates below 1/λ, the mark, the rates past it.
        below = [d for r, d in zip(p.runs, dots) if r.lr < p.lands_lr]
        between = [d for r, d in zip(p.runs, dots) if p.lands_lr < r.lr < p.critical_lr]
        for group in (below, [ticks[0]], between):
            if group:
                scene.play(*[Indicate(m, color=WEIGHT, scale_factor=1.3) for m in group],
                           run_time=1.2)

    def play_run(self, scene, built: ParabolaBuilt, i: int) -> None:
        """Rate i: its numbers in the loop, its panel, then every step, taking it off after."""
        run, pieces, loop = built.numbers.runs[i], built.runs[i], built.loop
        slow = run.regime == "runs away"
        intro = [loop.preset(run, 0.8), jump_to(loop.factor, run.ratio, 0.8)]
        if i > 0:   # the first one came with the loop
            intro.append(FadeIn(pieces.status, shift=DOWN * 0.2))
            if built.panels[i] is not built.panels[i - 1]:
                scene.play(ReplacementTransform(built.panels[i - 1], built.panels[i]), run_time=1.0)
        scene.say(f"lr {setting_text(run.lr)}: each step multiplies the distance to w* by "
                  f"{run.ratio:.2f}, so it {REGIME_WORDS[run.regime]}.")
        rate_dot = built.critical[1][3][i]      # this rate's dot on the lr line
        scene.play(*intro, *([FadeIn(pieces.dot)] if i else []), FadeIn(rate_dot, scale=1.5),
                   run_time=1.0)
        for k in range(len(pieces.arrows)):
            self.play_step(scene, built, i, k, SLOW_STEP if slow else 0.9)
            if slow and k == len(pieces.arrows) - 1:
                scene.mark("poster")
        if slow:
            d = run.distance
            places = built.loop.places
            scene.say(f"The loop feeds itself: distance {fixed(d[0], places)} → "
                      f"{fixed(d[-1], places)}, each step bigger than the last.")
            # The line's marks come with it: the rate just run stands past 2/λ, in the red.
            ticks = built.critical[1][2]
            scene.play(Indicate(loop.arrows, color=WEIGHT), FadeIn(ticks), run_time=1.5)
        scene.wait(0.3)
        if i < len(built.runs) - 1:
            scene.play(FadeOut(pieces.dot), FadeOut(pieces.trail), FadeOut(pieces.arrows[-1]),
                       FadeOut(pieces.status), run_time=0.5)

    @staticmethod
    def play_step(scene, built: ParabolaBuilt, i: int, k: int, per_step: float) -> None:
        """Step k of rate i: the tangent, the step it makes, the landing, each lighting its node."""
        pieces = built.runs[i]
        lit = built.loop.show_step(built.numbers.runs[i], k, per_step * 0.9)
        fade = [FadeOut(pieces.arrows[k - 1])] if k else []
        # The step is lr times the derivative: its box changes with the derivative's.
        scene.play(Create(pieces.tangents[k]), lit[0], lit[1], lit[2], *fade,
                   run_time=per_step * 0.45)
        scene.play(GrowArrow(pieces.arrows[k]), run_time=per_step * 0.25)
        scene.play(pieces.dot.animate.move_to(pieces.landings[k]), Create(pieces.trail[k]), lit[3],
                   FadeOut(pieces.tangents[k]), run_time=per_step * 0.3)
        scene.mark("weight", run=i, step=k + 1)
