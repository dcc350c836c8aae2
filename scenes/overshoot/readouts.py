"""What part ``thread`` writes beside its panels: the limits' key, the row's readout (a, c
and a² + c², the weights each overshoot grows), part 1's loop in the pair's words, and the
lesson's answer. Every number comes from :class:`sgdanim.lessons.overshoot.ThreadRun`."""

from __future__ import annotations

import math

import numpy as np
from manim import (DOWN, LEFT, RIGHT, Arrow, CurvedArrow, MathTex, RoundedRectangle, Text,
                   ValueTracker, VGroup)

from scenes.kit.format import percent_tex, sci_tex, setting_tex, short
from scenes.kit.numbers import FastInteger
from scenes.kit.style import (BODY_SIZE, DATA, LABEL_SIZE, MIN_FONT_SIZE,
                              WEIGHT_COLOURS)
from scenes.overshoot.common import MEAN, ONE, PAIR, PER_ROW

ANSWER_SIZE = 44      # the answer at the end: bigger than every other text on its screen
NOTE_GAP = 0.1        # the loop's note below its return arc (at -0.05 the arc met its letters)


def limit_key(th) -> VGroup:
    """The two limit lines in words: one neuron's lr is held against them."""
    worst = short(th.limits.worst_x)
    return VGroup(
        MathTex(rf"\text{{mean-loss limit }}{sci_tex(th.limits.mean_loss)}",
                font_size=LABEL_SIZE, color=MEAN),
        MathTex(rf"\text{{per-row limit }}{sci_tex(th.limits.per_row)}\ (x={worst})",
                font_size=LABEL_SIZE, color=PER_ROW),
        MathTex(rf"\text{{one neuron's lr }}{setting_tex(th.lr)}\text{{ is }}"
                rf"{percent_tex(th.share)}\text{{ of it}}", font_size=LABEL_SIZE,
                color=ONE),
    ).arrange(DOWN, aligned_edge=LEFT, buff=0.1)


def row_values(th) -> list[MathTex]:
    """Per row kept, what the readout shows beside the row's count: a and c (each in its
    weight's colour) and a² + c² (the pair's violet), each typeset once through the series'
    number rule (4.6×10⁴, not 45,789.3). One neuron has no a² + c²: a step factor of 1."""
    if not th.stacked:
        return [MathTex(r"\text{step factor}=" + sci_tex(v, 1), font_size=BODY_SIZE)
                for v in th.growth[:max(th.kept, 1)]]
    shown = []
    # a run that ran away on row 1 kept no row: the weights it set out from (it showed
    # "row 1: a² + c²" with no number at init 1000)
    kept = list(zip(th.a_and_c[:max(th.kept, 1)], th.growth))
    start = th.start_a_and_c
    for (a, c), g in kept or [(start[:2], start[2])]:
        tex = MathTex(f"a={sci_tex(a, 1)}", r",\ ", f"c={sci_tex(c, 1)}", r",\ ", "a^2+c^2=",
                      sci_tex(g, 1), font_size=BODY_SIZE)
        for k, colour in ((0, WEIGHT_COLOURS["a"]), (2, WEIGHT_COLOURS["c"]), (5, PAIR)):
            tex[k].set_color(colour)
        shown.append(tex)
    return shown


def readout(th, row: ValueTracker) -> VGroup:
    """row k · a = …, c = …, a² + c² = …, following ``row``: the weights each overshoot
    grows, and the step multiplier they make. "row" is LaTeX like its count; each row's
    values are one formula, shown while the counter stands on its row."""
    def at(k):
        return int(np.clip(np.floor(k), 1, max(th.kept, 1)))
    count = FastInteger(1, font_size=BODY_SIZE)
    shown = VGroup(*row_values(th))
    # row, its count, a colon, the row's values (words[3], as the readout always held them)
    colon = MathTex(":", font_size=BODY_SIZE)
    words = VGroup(MathTex(r"\text{row}", font_size=BODY_SIZE), count, colon,
                   shown).arrange(RIGHT, buff=0.2)
    for v in shown:
        v.align_to(shown, LEFT)
    # Room for a two-digit row and its colon, and no more.
    widest = FastInteger(max(th.kept, 1), font_size=BODY_SIZE).width
    shown.shift(RIGHT * (count.get_left()[0] + widest + 0.06 + colon.width + 0.25
                         - shown.get_left()[0]))
    # The colon follows the count ("row 8:", "row 27:"): where a two-digit row would end, it
    # stood apart from a one-digit one (review r9: "row  8  :").
    colon.add_updater(lambda m: m.next_to(count, RIGHT, buff=0.06).align_to(count, DOWN))
    colon.update()

    # Only the row shown is in the group once the part plays: a hidden row's 20-odd glyphs
    # were walked, checked for opacity and skipped on every frame (530 a frame in this part,
    # docs/performance.md). Every row is laid out with the readout; its first update, after
    # the build has placed it, keeps the rows aside (``shown.rows``). A row swapped out is
    # also made clear, as before: an animation under way still draws the members it listed
    # when it began. A copy an animation makes keeps the row it was made with (its glyphs
    # must stay in step with the animation's other copies; the rows only move once the
    # readout is up).
    for i, v in enumerate(shown):
        v.set_opacity(float(i == 0))

    def pick(group):
        if group is not shown:
            return
        if getattr(shown, "rows", None) is None:
            shown.rows = list(shown.submobjects)
            shown.submobjects = [shown.rows[0]]
        chosen = shown.rows[at(row.get_value()) - 1 if th.kept else 0]
        if shown.submobjects != [chosen]:
            shown.submobjects[0].set_opacity(0.0)
            shown.submobjects = [chosen.set_opacity(1.0)]
    shown.add_updater(pick)
    if th.kept:
        count.add_updater(lambda m: m.set_value(at(row.get_value())))
    return words


def pair_loop(th) -> VGroup | None:
    """Part 1's loop, in the pair's words: an overshoot grows a and c, so lr·(a² + c²) grows,
    so the next step overshoots more. Three boxes in a row, the arrow back under them. None
    unless a stacked pair climbs."""
    if not th.stacked or not th.climbs:
        return None
    words = (r"\text{overshoot}", r"|a|,\ |c|\text{ grow}",
             r"\mathrm{lr}\cdot(a^2+c^2)\text{ grows}")
    boxes = VGroup()
    for tex in words:
        body = MathTex(tex, font_size=BODY_SIZE)
        box = RoundedRectangle(corner_radius=0.12, width=body.width + 0.3,
                               height=body.height + 0.25, stroke_color=DATA, stroke_width=2)
        boxes.add(VGroup(box, body.move_to(box)))
    boxes.arrange(RIGHT, buff=0.6)
    arrows = VGroup(*[Arrow(boxes[i].get_right(), boxes[i + 1].get_left(), buff=0.08,
                            color=DATA, stroke_width=3, max_tip_length_to_length_ratio=0.35)
                      for i in range(len(boxes) - 1)])
    back = CurvedArrow(boxes[-1].get_bottom() + DOWN * 0.05, boxes[0].get_bottom() + DOWN * 0.05,
                       angle=-math.pi / 6, color=DATA, stroke_width=3, tip_length=0.16)
    note = Text("a bigger step next row", font_size=MIN_FONT_SIZE, color=DATA)
    note.next_to(back, DOWN, buff=NOTE_GAP)     # clear of the arc's lowest point
    return VGroup(boxes, arrows, back, note)


def trace_loop(scene, loop: VGroup, step: float = 0.45) -> None:
    """Go round the loop as its caption reads it: each box, the arrow out of it, and last the
    way back with its note turn the pair's violet in turn. A colour change, not a pulse: the
    arrows' ends stay where they are, clear of the boxes' words."""
    boxes, arrows, back, note = loop
    stops = [boxes[0][0], arrows[0], boxes[1][0], arrows[1], boxes[2][0], VGroup(back, note)]
    for stop in stops:
        scene.play(stop.animate.set_color(PAIR), run_time=step)


def answer(th) -> VGroup | None:
    """The lesson's question answered on screen, in the two curves' colours: one neuron steps
    at lr, the pair at lr·(a² + c²), which grows. None unless a stacked pair ran away."""
    if not (th.stacked and th.diverged_at is not None):
        return None
    # The lesson's payoff, the biggest text on the last screen: it takes the top band
    # (the limits' key, read by then, goes as it comes).
    return VGroup(
        MathTex(r"\text{One neuron steps at }\mathrm{lr}\text{: flat.}", font_size=ANSWER_SIZE,
                color=ONE),
        MathTex(r"\text{The pair steps at }\mathrm{lr}\cdot(a^2+c^2)\text{, and it grows.}",
                font_size=ANSWER_SIZE, color=PAIR),
    ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
