"""What Part 2 of ``momentum`` marks on its panels (scenes/momentum/wiggle.py): where the
stacked pair's g leaves the chart, the row each run's ReLU dies, each run's last d, and the
rows axis' name clear of them."""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, Arrow, DashedLine, MathTex, VGroup

from scenes.kit.format import fixed_tex, sci_tex
from scenes.kit.scene import covers
from scenes.kit.style import MODEL_COLOURS
from scenes.momentum.plots import AVERAGE, SGD, TICK_SIZE, row_under_axis_end

# the linear pair in the thread's "stacked pair" violet, as relu-sandwich draws it: a thin line
# with a dot on every row, on top of the ReLU run's wide yellow line while the two agree
NO_RELU = MODEL_COLOURS["linear2"]


def exit_label(top, row: int, value: float, g_range) -> VGroup:
    """Where the linear pair's g leaves the top panel on ``row``: an arrow up to the panel's
    edge at that row, and above it, on the panel title's line, the value it reached, its ↑
    standing on the arrow. Both stand on the row itself (0.7 rows left, they read as the row
    before; review r8): the ReLU's death, on the same row, stops its dashes at the arrow."""
    edge = g_range[1] if value > 0 else g_range[0]
    x = row
    arrow = Arrow(top.c2p(x, 0.45 * edge), top.c2p(x, edge), buff=0, color=NO_RELU,
                  stroke_width=4, max_tip_length_to_length_ratio=0.25)
    # on the panel title's line: inside the panel it would cover the rows
    text = MathTex(rf"\uparrow\ \text{{stacked pair, row {row}: }} {sci_tex(value, 1)}"
                   r"\text{, off the chart}", font_size=TICK_SIZE, color=NO_RELU)
    text.next_to(top, UP, buff=0.05)
    text.shift((arrow.get_x() - text[0][0].get_x()) * RIGHT)    # the ↑ over the arrow
    return VGroup(arrow, text)


def d_ends(axes, d_sgd: float, d_mom: float, last_row: int) -> VGroup:
    """Each run's last d, right of its line's end in its colour: the higher one's label
    above its end, the lower one's below, so the two stay apart however close the ends."""
    labels = VGroup()
    for value, colour in ((d_sgd, SGD), (d_mom, AVERAGE)):
        end = axes.c2p(last_row, value)
        label = MathTex(fixed_tex(value, 2), font_size=TICK_SIZE, color=colour)
        label.next_to(end, RIGHT, buff=0.12)
        high = value == max(d_sgd, d_mom)
        labels.add(label.align_to(end + (0.04 if high else -0.04) * UP, DOWN if high else UP))
    return labels


def row_clear_of(row, ends: VGroup, axes) -> None:
    """"row" right of the x axis, or under the axis' end, on its numbers' line, where a d end
    label came down on it (at lr 0.05 both runs end near d = 0, level with the axis)."""
    if any(covers(label, row) for label in ends):
        row_under_axis_end(row, axes)


def dies(axes, row: int, g_range, colour, stop=None) -> VGroup:
    """A dashed line at the row a run's ReLU dies, across its g panel (up to ``stop``, a
    point, when an arrow carries the row on from there), and the row's label."""
    lo, hi = g_range[:2]
    line = DashedLine(axes.c2p(row, lo), axes.c2p(row, hi) if stop is None else stop,
                      color=colour, stroke_width=2)
    # relu-sandwich's words: dead from row N, killed by the step taken on row N − 1
    label = VGroup(MathTex(rf"\text{{ReLU dead from row {row}}}", font_size=TICK_SIZE,
                           color=colour),
                   MathTex(rf"\text{{(row {row - 1}'s step)}}", font_size=TICK_SIZE,
                           color=colour)).arrange(DOWN, aligned_edge=LEFT, buff=0.06)
    label.next_to(axes.c2p(row, hi), RIGHT, buff=0.15).align_to(axes.c2p(row, hi), UP)
    return VGroup(line, label)


def key_under_death(key, death, axes) -> bool:
    """Lower a panel's ``key`` to the panel's bottom where its ReLU death's label reaches it
    (a death near the last row: row 26 of 29 runs past the rows axis' end into the key
    column), and say whether it moved; the label keeps the panel's top."""
    if death is None or not covers(death[1], key):
        return False
    key.align_to(axes.c2p(0, axes.y_range[0]), DOWN)
    return True
