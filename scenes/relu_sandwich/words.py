"""Part 4's words of relu-sandwich: its two panels with their labels, the panels' titles, each
walk's lr, the line the slow walk's weights draw, and the closing answer. Every number comes from the lesson; these only set and
place it."""

from __future__ import annotations

from types import SimpleNamespace

from manim import DL, DOWN, DR, LEFT, RIGHT, UL, UP, UR, MathTex, Tex, Text, VGroup, VMobject

from scenes.kit.format import setting_tex, setting_text, short
from scenes.kit.clearance import first_clear, lift_clear_of
from scenes.kit.landscape_panel import LandscapePanel
from scenes.kit.formulas import step_algebra
from scenes.kit.scene import covers, header, inside_frame
from scenes.kit.style import DIM, LABEL_SIZE, MIN_FONT_SIZE, OPTIMUM, TITLE_SIZE
from scenes.relu_sandwich.panels import (EDGE_MARGIN, MODEL_COLOURS, READOUT_SIZE, PlanePanel,
                                         bigger_ticks, draw_pieces, weight_readouts)

KEY_SIZE = 32       # LaTeX words set smaller than Text's at one font_size: this reads at 480p


def panel_titles(left, right) -> tuple[Text, Text]:
    """The two panels' titles over them, on one line (the panels' tops differ): their tops
    level, and every title here has a tall letter (b, t, l), so their baselines are too."""
    lt = Text("one neuron: one best point", font_size=LABEL_SIZE, color=OPTIMUM)
    rt = Text("two neurons: a curve of them", font_size=LABEL_SIZE, color=OPTIMUM)
    lt.next_to(left, UP, buff=0.15), rt.next_to(right, UP, buff=0.15)
    tops = lt.get_top()[1], rt.get_top()[1]
    # level at the lower one, unless the other would then reach its panel (a start far from
    # the defaults puts the b axis, and its label, mid-panel): then at the higher one
    top = min(tops) if max(tops) - min(tops) < 0.1 else max(tops)
    return lt.set_y(top, UP), rt.set_y(top, UP)


def lr_tags(rates, left, right, lines=(), keep_off=()) -> VGroup:
    """Each walk's lr alone, the slow one's under the plane it walks on (under the one-neuron
    panel it read as that neuron's lr, review r8), the fast one's in the first of the plane's
    corners, top right, bottom right, bottom left and top left, clear of ``lines`` (the
    curve, the fast walk) and ``keep_off`` (the curve's label, the axes' names); where none
    is, at the one with the most room (never on screen together). At the defaults the top
    right is clear: the fast walk's dots run up the diagonal only to a = c ≈ 3 and the curve
    stays low. From a = c = −10 the curve's top end, "ac = 2" and the c axis' name stood
    there, under the tag. Where the fast one leaves the plot and runs away is said, and
    drawn: its last dot on the plane, row 28's mark on the strip.

    In LaTeX, as the strip's limits beside it (1.02 × 10⁻⁴), and white: orange is the mean-loss
    limit's, grey the per-row limit's, red the late rows'. Under the plane, as it was, the fast
    tag read as another row of tick numbers (review r7). With analytic derivatives the fast
    walk's diagonal takes the top right and the bottom corners hold the axis' numbers (the
    caller keeps off them: the tag stood on "3" and "4"); the top's middle is free."""
    tags = VGroup(*(MathTex(rf"\mathrm{{lr}}\ {setting_tex(lr)}", font_size=KEY_SIZE)
                    for lr in rates))
    top_middle = [lambda m: m.align_to(right.axes, UP).set_x(right.axes.x_axis.get_center()[0])]
    first_clear(tags[1], [*(lambda m, corner=corner: m.align_to(right.axes, corner)
                            for corner in (UR, DR, DL, UL)), *top_middle],
                list(lines), keep_off=keep_off)
    tags[0].next_to(right, DOWN, buff=0.12).align_to(right.axes, LEFT)
    return tags


def answer_header(words="Equally good answers don't help:",
                  formula=r"$\mathrm{lr}\cdot(a^2+c^2)$ grows.") -> Tex:
    """The opening question answered where the part's title stood, in the same place and
    size: "Equally good answers don't help: lr·(a² + c²) grows.", its formula set by LaTeX as
    the strip's axis label under it (Unicode superscripts beside LaTeX's read as two faces)."""
    answer = Tex(words + " " + formula, font_size=TITLE_SIZE)
    # LaTeX sets words smaller than Text at one font_size: scaled to a title's own words
    answer.scale(header(words).width / Tex(words, font_size=TITLE_SIZE).width)
    return answer.to_corner(UP + LEFT, buff=0.35)


def next_words(same_rows: bool) -> str:
    """The next lesson, "on these same rows" where momentum trains on them at its defaults
    (on other data it said so).

    >>> next_words(True), next_words(False)
    ('Next: momentum, on these same rows', 'Next: momentum')
    """
    return "Next: momentum, on these same rows" if same_rows else "Next: momentum"


def next_teaser(answer, under, same_rows: bool = True) -> Text:
    """The next lesson, one line under the answer, ending with it, midway between it and
    ``under`` (the plane, whose "c" it passes over): "Next: momentum, on these same rows" (the
    end card's last line was only said, review r12)."""
    teaser = Text(next_words(same_rows), font_size=MIN_FONT_SIZE, color=DIM)
    teaser.align_to(answer, RIGHT)
    return teaser.set_y((answer.get_bottom()[1] + under.get_top()[1]) / 2)


def start_words(init: dict) -> tuple[str, str]:
    """The start as set, for a line and for a caption after "Start": ("all weights 1",
    "with every weight at 1") when the weights agree, else the four of them (a start set to
    a = 2, b = 30 was told as "every weight at 1"), each written as set (b = 0.001 is
    1.0×10⁻³, not 0).

    >>> start_words({"a": 1.0, "b": 1.0, "c": 1.0, "d": 1.0})
    ('all weights 1', 'with every weight at 1')
    >>> start_words({"a": 2.0, "b": 30.0, "c": 1.0, "d": -1.0})[1]
    'at a = 2, b = 30, c = 1, d = −1'
    """
    values = list(init.values())
    if len(set(values)) == 1:
        return (f"all weights {setting_text(values[0])}",
                f"with every weight at {setting_text(values[0])}")
    listed = ", ".join(f"{k} = {setting_text(v)}" for k, v in init.items())
    return f"start {listed}", f"at {listed}"


def best_text(v: float) -> str:
    """The best line's slope or intercept as stepping writes them: (2, 30), not (2.00, 30.00).

    >>> best_text(1.9999999999999996), best_text(30.000000000000004), best_text(2.345)
    ('2', '30', '2.345')
    """
    return short(v, 4)


def line_readouts(fit, best, walker) -> VGroup:
    """``a·c =`` and ``c·b + d =`` of the line the walker's weights draw now (``fit``, per path
    index, from the lesson), each beside the best line's value in the optimum's green."""
    def at(col):
        return lambda: float(fit[min(int(walker.index.get_value()), len(fit) - 1), col])

    rows = weight_readouts({r"a\cdot c": at(0), r"c\cdot b + d": at(1)}, font_size=KEY_SIZE,
                           sign=False)
    rows.set_color(MODEL_COLOURS["linear2"])
    bests = VGroup(*(MathTex(rf"\text{{best }} {best_text(v)}", font_size=KEY_SIZE, color=OPTIMUM)
                     for v in best))
    for row, best_tex in zip(rows, bests):
        best_tex.next_to(row, RIGHT, buff=0.5).set_x(rows.get_right()[0] + 1.6, LEFT)
    head = Text("the line these weights draw:", font_size=LABEL_SIZE)
    return VGroup(head, VGroup(rows, bests)).arrange(DOWN, aligned_edge=LEFT, buff=0.15)


def math_words(tex: str, words: str, size: float) -> MathTex:
    """``tex`` (words in \\text{}, weights in math: italic, as the readouts beside them) scaled
    so that its ``words`` set as wide as Text sets them at ``size``: LaTeX sets words smaller
    than Text at one font_size."""
    return MathTex(tex, font_size=size).scale(
        Text(words, font_size=size).width / MathTex(rf"\text{{{words}}}", font_size=size).width)



def why_the_pair_step(key, over=None, under=None) -> MathTex:
    """Why the pair acts at lr·(a² + c²) (only asserted in a caption, review r10), as
    overshoot's thread writes it (kit.formulas): over the limits' ``key`` it is held against,
    its left edge on the key's, in the frame (shrunk, if it must be, to its right margin).
    A strip of few decades sets its limits, and so the key, high, and the climb's exit
    readout ``over`` its top edge came down on the line (from a = 1, b = 2, c = 0.5, d = 3):
    then the line stands closer over the key, and the readout over the line. A strip of many
    decades (lr 1e-9: 10⁻⁹ to 10⁻³) sets the key so high that the line stood on the numbers of
    the plane above it (``under``): then it goes under the key."""
    line = step_algebra()     # overshoot's size: at KEY_SIZE it reached over the strip's climb
    line.next_to(key, UP, buff=0.3).align_to(key, LEFT)
    if under is not None and line.get_top()[1] > under.get_bottom()[1] - 0.1:
        line.next_to(key, DOWN, buff=0.25).align_to(key, LEFT)
    line = inside_frame(line, margin=EDGE_MARGIN)
    if over is not None and covers(line, over):
        line.shift(DOWN * (line.get_bottom()[1] - key.get_top()[1] - 0.1))
        over.shift(UP * max(0.0, line.get_top()[1] + 0.05 - over.get_bottom()[1]))
    return line


SHORT, TALL = 1.85, 3.0   # the panels' heights with the strip under them, and before it


def planes(s, p, height: float) -> SimpleNamespace:
    """The one-neuron panel and the (a, c) plane, ``height`` high, side by side, with the
    best point's label and the curve of best (a, c) and its label."""
    slope, icept = s.best
    left = LandscapePanel(s.landscape, s.a_range, s.b_range, s.levels, width=4.2, height=height)
    right = PlanePanel(p.box, width=4.2, height=height, step=s.a_range[2])
    # the kit's LandscapePanel draws its ticks at MIN_FONT_SIZE: the lesson's, as the plane's
    bigger_ticks(left.axes)
    pair = VGroup(left, right).arrange(RIGHT, buff=1.9).move_to(UP * 1.27 + LEFT * 0.2)
    star_lab = MathTex(f"({best_text(slope)},\\ {best_text(icept)})", font_size=READOUT_SIZE,
                       color=OPTIMUM)
    curve = draw_pieces(VMobject(stroke_color=OPTIMUM, stroke_width=4), right.axes, p.curve)
    curve_lab = MathTex(f"ac = {best_text(slope)}", font_size=READOUT_SIZE, color=OPTIMUM)
    # held to the panels, so the pair moves with them (align_to)
    whole = VGroup(pair, star_lab, curve, curve_lab)
    star_lab.next_to(left.optimum, RIGHT, buff=0.15)
    curve_lab.next_to(right.point(*p.curve_end) if p.curve_end else right, UP, buff=0.15)
    lift_clear_of(curve_lab.shift(LEFT * 0.4), curve)   # (r22: it touched the curve)
    return SimpleNamespace(left=left, right=right, pair=whole, star_lab=star_lab, curve=curve,
                           curve_lab=curve_lab)
