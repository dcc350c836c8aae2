"""Part 4's panel of where both runs stand in the line fit's valley (``scenes/momentum/paths.py``
plays it): the (a, b) landscape from the origin past the optimum, both paths growing with the
row plots, the best point named, and an arrow from where they end to it, with their b."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Arrow, Dot, Line, MathTex, VGroup

from scenes.kit.clearance import first_clear
from scenes.kit.format import fixed_tex
from scenes.kit.landscape_panel import LandscapePanel
from scenes.kit.scene import covers, inside_frame
from scenes.kit.style import OPTIMUM
from scenes.momentum.plots import GrowingCurve
from scenes.momentum.runaway import RUNS, TEXT_SIZE

WORDS_AT = (2.6, 8.0)   # (a, b) the words on the runs' b start at: right of the sheet's runs


def valley_view(n, together: bool) -> SimpleNamespace:
    """The panel, its title and the best point named (``frame``), the growing ``paths`` and
    their ``heads``, and ``here``: the arrow from where they end to the best point, and their
    b (``together``: SGD's b is near momentum's, so "both at")."""
    # its tick labels at the part's size: the kit's floor (MIN_FONT_SIZE) read small beside it
    panel = LandscapePanel(n.valley_landscape, n.valley_a_range, n.valley_b_range,
                           n.valley_levels, width=4.6, height=1.8, tick_size=TEXT_SIZE)
    # where the larger lr's plot comes: room above for the table's "≈90%" (review r10)
    panel.move_to([3.6, -1.65, 0])
    title = MathTex(r"\text{where they are: the valley in } (a, b)", font_size=TEXT_SIZE)
    title.next_to(panel, UP, buff=0.1).align_to(panel, LEFT)
    paths = [GrowingCurve(panel.axes, p[:, 0], p[:, 1], c, width=w)
             for p, (_, c, w) in zip((n.path_sgd, n.path_mom), RUNS)]
    end = panel.point(*n.path_mom[-1])
    shaft = np.array([end, panel.optimum.get_center()])     # the arrow's, drawn below
    best = best_label(n, panel, shaft)
    # placed by their updater at once: a dot made at the origin stood on the b panel while
    # the part's first caption held (review r12), until the first play ran the updaters
    heads = VGroup(*[Dot(radius=0.07, color=c).add_updater(
        lambda d, p=p: d.move_to(p.head()), call_updater=True)
        for p, (_, c, _) in zip(paths, RUNS)])
    # from where they stand to the best point, along the valley: the way still to go
    to_go = Arrow(end, panel.optimum.get_center(), buff=0.12, color=OPTIMUM, stroke_width=3,
                  max_tip_length_to_length_ratio=0.12)
    who = r"\text{both at }" if together else r"\text{momentum at }"
    words = MathTex(rf"{who} b \approx {fixed_tex(n.path_mom[-1, 1], 1)}", font_size=TEXT_SIZE)
    place_words(words, panel, best)
    here = VGroup(to_go, inside_frame(words))
    return SimpleNamespace(frame=VGroup(panel, title, best), paths=paths, heads=heads,
                           here=here, panel=panel)


def best_label(n, panel, shaft) -> MathTex:
    """"best (a, b)" right of the star, kept in the frame (at an lr that overflows the panel
    spans the runs' far ends and the optimum sits at its right edge), or where that would
    cross an axis or the arrow's ``shaft`` (its two ends) comes in, over the star or under it
    (kept over the panel), or left of it inside the panel (rows y = −3x + 5 with noise: best
    (−3.01, 4.9) ran through the b axis at a = 0 and its 5)."""
    best = MathTex(rf"\text{{best }}({fixed_tex(n.optimum[0])},\ {fixed_tex(n.optimum[1], 1)})",
                   font_size=TEXT_SIZE, color=OPTIMUM)
    star, axes = panel.optimum, panel.axes
    left = panel.get_left()[0] + 0.05

    def over_panel(m):       # never past the panel's left edge, where the row plots end
        return m.shift(max(0.0, left - m.get_left()[0]) * RIGHT)

    edge = Line([left - 0.15, panel.get_bottom()[1], 0], [left - 0.15, panel.get_top()[1], 0])
    return first_clear(best, [lambda m: inside_frame(m.next_to(star, RIGHT, buff=0.15)),
                              *(lambda m, way=way: over_panel(m.next_to(star, way, buff=0.15))
                                for way in (UP, DOWN)),
                              lambda m: m.next_to(star, LEFT, buff=0.15)],
                       [shaft], gap=0.1, keep_off=[axes.x_axis, axes.y_axis, edge])


def place_words(words, panel, best) -> None:
    """The runs' b right of :data:`WORDS_AT`, kept in the frame (at beta 0 the panel's a axis is
    wider and the words ran 0.4 past the frame's edge); under the panel, at its right, where
    that is among the tick numbers or on the best point (a panel spanning ±3×10⁴ at lr 5e-4
    puts a = 2.6 on the best) or off the panel (rows of x in 0..1: the panel spans 0..1, and
    b = 8 was past the frame's top)."""
    inside_frame(words.next_to(panel.point(*WORDS_AT), RIGHT, buff=0.1))
    (a0, a1), (b0, b1) = panel.axes.x_range[:2], panel.axes.y_range[:2]
    on_panel = a0 <= WORDS_AT[0] <= a1 and b0 <= WORDS_AT[1] <= b1
    crowd = [best, *panel.axes.x_axis.numbers, *panel.axes.y_axis.numbers]
    if not on_panel or any(covers(words, m) for m in crowd):
        words.next_to(panel, DOWN, buff=0.1).align_to(panel, RIGHT)
