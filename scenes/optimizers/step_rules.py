"""Part 6's rules, as the right column of the ``optimizers`` lesson's step part shows them
(:mod:`scenes.optimizers.steps` places them): each racer's step and what sizes it, and annealed
Adam's block under Adam's.
"""

from __future__ import annotations

from manim import LEFT, MathTex

from scenes.kit.format import short
from scenes.kit.style import LABEL_SIZE, OPTIMIZER_COLOURS, TEXT
from scenes.optimizers.panels import RIGHT_EDGE
from scenes.optimizers.text import LABELS, lr_tex, rule_tex

COLUMN_LEFT = 0.85      # where the rules column starts (steps.py)
# A rule wider than this is cut in two lines. At the defaults Adam's and RMSProp's end at
# 6.66, a hundredth past RIGHT_EDGE (the text-margin test's tolerance); with lr_adam=100 annealed
# Adam's ran to 7.20, past the frame's edge.
COLUMN_ROOM = RIGHT_EDGE + 0.05 - COLUMN_LEFT

__all__ = ["annealed_rule", "at_column_top", "rule_line", "COLUMN_LEFT"]


def at_column_top(rule: MathTex) -> MathTex:
    """The column's first rule in its place: from the column's left edge (centred at x = 3.9,
    two rules without RMSProp's, and Adam's alone, ran past the text margin), at y = 1.2."""
    return rule.move_to([3.9, 1.2, 0]).align_to([COLUMN_LEFT, 0, 0], LEFT)


def rule_line(racer, column: bool = False) -> MathTex:
    """The racer's step (its rule's last line) and what sizes it (one lr for every weight, or
    each weight's own √v); the lines start at one left edge (``&``); its lr as the table
    wrote it (``column``)."""
    step = next(line for line in rule_tex(racer) if line.startswith("p "))
    step, _, eps = step.partition(r"\ \ (")   # "(ε = …)" goes under, where there is room
    why = (r"\text{over its own } \sqrt{v}" if racer.rule.square
           else r"\text{one lr for every weight}")
    if racer.rule.square and racer.rule.mean:    # Adam: m is what sets it apart from RMSProp
        why = r"\text{over its own } \sqrt{v}\text{, along the average } m"
    if racer.rule.square and not racer.rule.mean:     # RMSProp: what v is, said once
        why += r"\text{, } v\text{: mean } g^2"
    if eps:
        why += r"\ \ (" + eps
    # what that sizing does to a step on a and on b is drawn under the rules (first_steps.py)
    named = rf"&\text{{{LABELS[racer.name]} (lr }}{lr_tex(racer.lr, column)}\text{{): }} "
    tex = MathTex(named + step, r"\\ &" + why, font_size=LABEL_SIZE,
                  color=OPTIMIZER_COLOURS[racer.name])
    if tex.width > COLUMN_ROOM:     # the step under the name (annealed Adam's, Adam's full rule)
        tex = MathTex(named + r"\\ &\quad " + step, r"\\ &" + why, font_size=LABEL_SIZE,
                      color=OPTIMIZER_COLOURS[racer.name])
    tex[1].set_color(TEXT)
    return tex


def annealed_rule(racer, column: bool = False) -> MathTex:
    """Annealed Adam's block: its lr from start to end (the table's cells), then Adam's rule
    with the drops that took it there (its full rule card: part 3)."""
    end = racer.lr_drops[-1][1] if racer.lr_drops else racer.lr
    lrs = lr_tex(racer.lr, column) + (rf"\to {lr_tex(end, column)}" if racer.lr_drops else "")
    factor = short(racer.rule.anneal[1])
    tex = MathTex(rf"&\text{{{LABELS[racer.name]} (lr }}{lrs}\text{{)}}",
                  rf"\\ &\text{{Adam, lr}}\div{factor}\text{{ when }}G>"
                  rf"{short(racer.rule.anneal[0])}\min G",
                  font_size=LABEL_SIZE, color=OPTIMIZER_COLOURS[racer.name])
    tex[1].set_color(TEXT)
    return tex
