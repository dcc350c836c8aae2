"""Part 4 of relu-sandwich, the fast walk's colours and its zoom: the walk along the diagonal
a = c unrolled row by row, in the one-neuron panel's place (scenes/relu_sandwich/solutions.py
plays it)."""

from __future__ import annotations

from types import SimpleNamespace

from manim import DOWN, LEFT, RIGHT, UP, Axes, DashedLine, Dot, ManimColor, MathTex, VGroup, \
    interpolate_color

from scenes.kit.format import fixed_tex
from scenes.kit.landscape_panel import tick_numbers
from scenes.kit.plots import TrackedCurve
from scenes.kit.style import GRAD, LABEL_SIZE, MODEL_COLOURS, OPTIMUM
from scenes.relu_sandwich.marks import row_tick, show_from, zoom_exits
from scenes.relu_sandwich.panels import READOUT_SIZE, TICK_SIZE
from scenes.relu_sandwich.words import math_words

# the fast path's first and last rows: the pair's own violet, turning to the red of a runaway
# error (no weight's or optimizer's colour, which mean other things across the series)
EARLY, LATE = MODEL_COLOURS["linear2"], GRAD


def row_colour(k: int, n: int):
    """The colour of row ``k`` of ``n``, from EARLY to LATE."""
    return interpolate_color(ManimColor(EARLY), ManimColor(LATE), k / max(n - 1, 1))


def diagonal_zoom(s, p, walker, left) -> SimpleNamespace | None:
    """The fast walk along the diagonal a = c, unrolled row by row in the one-neuron panel's
    place: a (≈ c) on the row it is used (as the strip below: index k is row k + 1), a dot per
    row in its row's colour, and the green line where the diagonal meets the curve a·c = slope.
    Dots above the line are past the curve, below it short of it: the bounce, which on the
    plane runs back and forth over its own dots. None if the diagonal never meets the curve."""
    if p.on_curve is None or not p.diagonal:
        return None
    rows = len(s.fast_effective)
    lo, hi, step = p.zoom_range     # the plane's a range, or wider (the lesson's zoom.py)
    axes = Axes(x_range=(0, rows, row_tick(rows)), y_range=(lo, hi, step),
                x_length=left.axes.x_length, y_length=left.axes.y_length, tips=False,
                axis_config={"include_numbers": True, "font_size": TICK_SIZE},
                y_axis_config=tick_numbers((lo, hi, step), TICK_SIZE))   # "2", not "2.0"
    # its corner on the panel's corner, its size the panel's
    axes.shift(left.axes.c2p(s.a_range[0], s.b_range[0]) - axes.c2p(0, lo))
    points = [axes.c2p(k + 1, a) for k, a in enumerate(p.zoom_a)]
    dots = VGroup(*[show_from(Dot(pt, radius=0.07, color=row_colour(k, rows)), walker, k)
                    for k, pt in enumerate(points)])
    curve = TrackedCurve(points, walker.index, stroke_color="#777777", stroke_width=2)
    on = p.on_curve
    target = DashedLine(axes.c2p(0, on), axes.c2p(rows, on), color=OPTIMUM, stroke_width=3,
                        dash_length=0.1)
    # right of the line's end: the dots fill every row above and below it
    target_lab = MathTex(rf"a = c = {fixed_tex(on)}", font_size=READOUT_SIZE, color=OPTIMUM)
    target_lab.next_to(target, RIGHT, buff=0.12)
    if lo < 0:    # a ≈ c below 0 (from a = c = −1): the rows' numbers under the plot,
        # off its lower half (−√2's line ran through them)
        axes.x_axis.numbers.shift(DOWN * (axes.x_axis.get_y() - axes.y_axis.get_bottom()[1]))
    # "row" left of 0 in the tick numbers' line, as part 3's panels: right of the axis' end
    # the rows that leave the zoom are named
    first = axes.x_axis.numbers[0]
    row_word = MathTex(r"\text{row}", font_size=TICK_SIZE).set_y(first.get_y())
    row_word.align_to(axes.x_axis.get_start(), RIGHT).shift(LEFT * 0.12)
    words = VGroup(MathTex(r"a \approx c", font_size=LABEL_SIZE).next_to(axes.y_axis, UP,
                                                                          buff=0.1), row_word)
    # a, c in math, italic as in the readouts beside it (upright in Text, review r8)
    title = math_words(r"\text{zoom: along }a = c\text{, row by row}", "zoom: along", LABEL_SIZE)
    # on the plane, where the diagonal meets the curve: the same green, as a ring
    meet = Dot(radius=0.11, fill_opacity=0, stroke_width=3, stroke_color=OPTIMUM)
    exits = zoom_exits(p.off_zoom, axes, (lo, hi), lambda k: row_colour(k, rows), walker,
                       lines=[points, [target.get_start(), target.get_end()]],
                       keep_off=[axes.y_axis, words[0], target_lab])
    return SimpleNamespace(on=on, axes=axes, dots=dots, curve=curve, target=target,
                           target_lab=target_lab, words=words, title=title, meet=meet,
                           exits=exits)
