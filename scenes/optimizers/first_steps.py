"""Part 6 of ``optimizers``: the per-weight "why" as a picture. For every racer, its mean step
per row on a and on b in epoch 1, from the same start (the sidecar's ``first_a`` and
``first_b``), as two bars in the weights' colours, each racer's pair drawn to its larger step
(the lrs differ 10³-fold: what the rule does is the split, not the size), with "b's step = r × a's"
beside them. One lr for both weights leaves b's bar a sliver; each weight over its
own √v makes the two about equal.

Examples
--------
>>> from sgdanim.lessons.optimizers import LESSON
>>> bars = first_step_bars(LESSON.compute(LESSON.defaults()))
>>> list(bars.rows)
['sgd', 'momentum', 'rmsprop', 'adam', 'adam_ann']
"""

from __future__ import annotations

from types import SimpleNamespace

from manim import DOWN, LEFT, MathTex, Rectangle, VGroup

from scenes.kit.style import MIN_FONT_SIZE, OPTIMIZER_COLOURS, TEXT, WEIGHT_COLOURS
from scenes.optimizers.step_text import ratio_tex
from scenes.optimizers.text import LABELS

BAR = 0.1            # a bar's thickness, scene units (6 px at 480p)
PITCH = 0.36         # between rows' centres: a MIN_FONT_SIZE name and a gap


def bar_lengths(racer, length: float) -> tuple[float, float]:
    """The a and b bars of ``racer``: its epoch-1 steps drawn to its larger one (``length``);
    (0, 0) when neither weight moved.

    >>> from types import SimpleNamespace as NS
    >>> bar_lengths(NS(first_a=0.5, first_b=0.01), 2.0), bar_lengths(NS(first_a=0, first_b=0), 2)
    ((2.0, 0.04), (0.0, 0.0))
    """
    big = max(racer.first_a, racer.first_b)
    if big <= 0:
        return 0.0, 0.0
    return length * racer.first_a / big, length * racer.first_b / big


def _bar(width: float, weight: str) -> Rectangle:
    """A bar in the weight's colour, left edge at x = 0 (a zero step: no ink)."""
    bar = Rectangle(width=max(width, 1e-4), height=BAR, stroke_width=0,
                    fill_color=WEIGHT_COLOURS[weight], fill_opacity=1 if width > 0 else 0)
    return bar.align_to([0, 0, 0], LEFT)


def ratio_label(ratio: float | None) -> MathTex:
    r"""b's step over a's, said as steps ("b's step = 0.022 × a's"): "b = 0.022 a" read as an
    equation between the weights (review r8), which are 30 and 2. Each letter in its bar's
    colour, so the label is also the bars' key.

    >>> ratio_label(0.0221).tex_string
    "b \\text{'s step} = 0.022\\times a \\text{'s}"
    """
    label = MathTex("b", rf"\text{{'s step}} = {ratio_tex(ratio)}\times", "a", r"\text{'s}",
                    font_size=MIN_FONT_SIZE, color=TEXT)
    label[0].set_color(WEIGHT_COLOURS["b"])
    label[2].set_color(WEIGHT_COLOURS["a"])
    return label


def first_step_bars(numbers, length: float = 1.0, name_width: float = 2.0) -> SimpleNamespace:
    """The picture, top-left corner at the origin: a title, then a row per racer (its name in
    its colour, the a bar over the b bar, "b's step = r × a's"). ``rows``: name -> (name, a bar, b bar,
    ratio); ``group``: all of it."""
    title = MathTex(r"\text{epoch 1: step per row on }", "a", r"\text{ and }", "b",
                    font_size=MIN_FONT_SIZE, color=TEXT)
    title[1].set_color(WEIGHT_COLOURS["a"])
    title[3].set_color(WEIGHT_COLOURS["b"])
    title.align_to([0, 0, 0], LEFT).align_to([0, 0, 0], DOWN).shift(title.height * DOWN)
    rows = {}
    for i, r in enumerate(numbers.racers):
        y = title.get_bottom()[1] - 0.3 - i * PITCH
        name = MathTex(rf"\text{{{LABELS[r.name]}}}", font_size=MIN_FONT_SIZE,
                       color=OPTIMIZER_COLOURS[r.name]).move_to([0, y, 0], aligned_edge=LEFT)
        la, lb = bar_lengths(r, length)
        a_bar = _bar(la, "a").shift([name_width, y + BAR / 2 + 0.01, 0])
        b_bar = _bar(lb, "b").shift([name_width, y - BAR / 2 - 0.01, 0])
        ratio = ratio_label(r.first_ratio).move_to([name_width + length + 0.15, y, 0],
                                                   aligned_edge=LEFT)
        rows[r.name] = (name, a_bar, b_bar, ratio)
    group = VGroup(title, *[VGroup(*row) for row in rows.values()])
    return SimpleNamespace(title=title, rows=rows, group=group)


def place_under(bars: SimpleNamespace, above, buff: float = 0.35) -> SimpleNamespace:
    """Move the picture under ``above``, left-aligned with it."""
    bars.group.next_to(above, DOWN, buff=buff).align_to(above, LEFT)
    return bars

