"""The line of learning rates under ``overshoot``'s loop: 1/λ, 2/λ (red beyond), and each
run's lr as a dot (:mod:`scenes.overshoot.parabola` plays it).

Linear from 0 at the defaults, where 2/λ is plainly twice 1/λ; in decades where the runs' lrs
would crowd its start.
"""

from __future__ import annotations

import math

from manim import DOWN, LEFT, RIGHT, UP, Dot, Line, LogBase, MathTex, NumberLine, VGroup

from scenes.kit.format import setting_tex
from scenes.kit.style import BODY_SIZE, DATA, GRAD, MIN_FONT_SIZE, WEIGHT
from scenes.overshoot.common import axis_step

CRITICAL_FOOT = -3.05     # the lr line's lowest point: above the captions' band
LINE_LENGTH = 5.6
# The line goes in decades once its end is this many times its least lr: from 0 it put
# curvature 0.05's lrs 0.15, 0.8 and 1.15 in its first 3% (2/λ = 40), dots and numbers on
# each other, and lr_zigzag=1e-9's number on 0.15's.
DECADES_PAST = 50
LOG_LENGTH = 4.2          # in decades: room on the right for 2/λ's words past its mark
LABEL_GAP = 0.1           # between two lrs' numbers side by side


def lr_numberline(parabola) -> NumberLine:
    """The bare line: linear from 0 to ``line_end``, or in decades from the one under the
    least lr (manim's ``LogBase``: ``n2p`` still takes the lr itself), shorter."""
    end, least = parabola.line_end, min(r.lr for r in parabola.runs)
    style = dict(include_numbers=False, stroke_width=2, color=DATA)
    if end < DECADES_PAST * least:
        return NumberLine(x_range=[0, end, axis_step(end)], length=LINE_LENGTH, **style)
    # from the decade under the least lr or 1/λ (every lr over 1/λ: curvature 12, lr 7), a
    # little room left of it
    low = math.floor(math.log10(min(least, parabola.lands_lr)) - 0.15)
    return NumberLine(x_range=[low, math.log10(end), 1], scaling=LogBase(custom_labels=False),
                      length=LOG_LENGTH, **style)


def stack_numbers(labels, line_y: float, keep_off=()) -> int:
    """Keep the lrs' numbers (under the line) apart: one that would run into the number left
    of it goes over the line, where that is clear of ``keep_off`` (the marks' words) and of
    the numbers there, else into the highest free row under the line (curvature 0.05's 0.8
    and 1.15 are a sixth of a decade apart; a row more under the line lifts it toward the
    loop). Returns the rows used under the line."""
    rows: list = []       # the rightmost number in each row under the line
    over: list = []       # the numbers moved over it

    def clear(number, others) -> bool:
        return all(number.get_left()[0] >= m.get_right()[0] + LABEL_GAP
                   or number.get_right()[0] + LABEL_GAP <= m.get_left()[0] for m in others)

    for number in sorted(labels, key=lambda m: m.get_x()):
        if not rows or clear(number, rows[:1]):
            rows[:1] = [number]
            continue
        flip = 2 * (line_y - number.get_y()) * UP      # the same distance over the line
        if clear(number.copy().shift(flip), [*keep_off, *over]):
            over.append(number.shift(flip))
            continue
        free = next((k for k, last in enumerate(rows) if clear(number, [last])), len(rows))
        if free == len(rows):
            rows.append(None)
        number.shift((rows[free - 1].get_bottom()[1] - 0.06 - number.get_top()[1]) * UP)
        rows[free] = number
    return len(rows)


def critical_line(parabola) -> VGroup:
    """The update rule over a line of learning rates: 1/λ, 2/λ (red beyond), and each run's lr."""
    nl = lr_numberline(parabola)
    end = parabola.line_end
    over = Line(nl.n2p(parabola.critical_lr), nl.n2p(end), color=GRAD, stroke_width=6)
    in_decades = isinstance(nl.scaling, LogBase)
    ticks = VGroup(*[
        VGroup(Line(nl.n2p(value) + DOWN * 0.12, nl.n2p(value) + UP * 0.12, color=colour),
               MathTex(tex, font_size=30, color=colour).next_to(nl.n2p(value), UP, 0.15))
        for value, tex, colour in (
            (parabola.lands_lr, r"\frac{1}{\lambda}", DATA),
            (parabola.critical_lr, r"\frac{2}{\lambda}=" + setting_tex(parabola.critical_lr),
             GRAD))])
    if in_decades:    # 2/λ is a third of a decade past 1/λ: each one's words on its own side
        for (mark, words), edge in zip(ticks, (RIGHT, LEFT)):
            words.align_to(mark.get_center() + 0.03 * edge, edge)
    dots = VGroup(*[VGroup(Dot(nl.n2p(r.lr), color=WEIGHT, radius=0.07),
                           MathTex(setting_tex(r.lr), font_size=MIN_FONT_SIZE).next_to(
                               nl.n2p(r.lr), DOWN, 0.15))
                    for r in parabola.runs])
    name = MathTex(r"\mathrm{lr}", font_size=28).next_to(nl, RIGHT, 0.15)
    if in_decades:       # said where the line is read
        name = VGroup(name, MathTex(r"\text{(log)}", font_size=MIN_FONT_SIZE).next_to(
            name, RIGHT, buff=0.1))
    rows = stack_numbers([number for _, number in dots], nl.get_y(),
                         [words for _, words in ticks])
    rule = MathTex(r"w'-w^*=(1-\mathrm{lr}\,\lambda)(w-w^*)", font_size=BODY_SIZE)
    # a second row of numbers takes the gap over the rule, not room under the loop
    return VGroup(rule, VGroup(nl, over, ticks, dots, name)).arrange(
        UP, buff=0.25 if rows < 2 else 0.08)


def place_critical(critical: VGroup) -> VGroup:
    """The lr line under the loop, its foot clear of the burned-in captions' band."""
    return critical.move_to([3.4, 0, 0]).align_to([0, CRITICAL_FOOT, 0], DOWN)
