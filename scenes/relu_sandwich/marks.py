"""Part 4's marks on its plots: where a row lies off a plot's scale, and where the effective lr
passes the mean-loss limit for good. Every row and value comes from the lesson
(:mod:`sgdanim.lessons.relu_sandwich.solutions`); these only place them."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from manim import (DOWN, LEFT, ORIGIN, PI, RIGHT, UP, Circle, DashedVMobject, Line, MathTex,
                   Triangle, VGroup, VMobject)

from scenes.kit.clearance import LABEL_GAP, first_clear, gap_to_lines, room
from scenes.kit.format import figures_tex, fixed_tex, sci_tex
from scenes.kit.style import DIM, MODEL_COLOURS
from scenes.relu_sandwich.panels import READOUT_SIZE

MEAN = "#E69F00"                    # the mean-loss limit's line, as overshoot draws it
# The per-row limit's line, as overshoot draws it: the grey of each row's own limit there (it is
# their lowest); red is the late rows' and the runaway's alone.
PER_ROW = DIM


def off_scale_mark(point, colour, down: bool = False) -> Triangle:
    """A triangle at a plot's edge at ``point``, pointing the way that row's value lies off the
    scale: up, standing on the top edge, or (``down``) down, hanging from the bottom edge (a
    dot there would read as a value on the edge)."""
    mark = Triangle(fill_opacity=1.0, stroke_width=0, color=colour).scale_to_fit_width(0.2)
    if down:
        return mark.rotate(PI).move_to(point, aligned_edge=UP)
    return mark.move_to(point, aligned_edge=DOWN)


def show_from(mob, walker, k: int):
    """``mob`` visible once ``walker``'s index reaches ``k`` (index k is row k + 1)."""
    mob.add_updater(lambda m: m.set_opacity(float(walker.index.get_value() >= k)))
    return mob


def flip_tags(s, dots, colour_of, top: float = -0.78) -> SimpleNamespace | None:
    """Rings on the strip's dots of the row whose step flips a (row 25) and of the earlier row
    on the same x, as far over the same own limit as any, that lands back (row 18), both from
    the lesson, each tagged alike in its row's colour: "row 25, x = 99: 8.2×" over "a 2.02 →
    −5.64: flips", and "row 18, x = 99: 5.1×" over "a 1.60 → 0.51: lands back" (review r12: row
    13, on another x, left open what decides). Row 25's two lines end left of its ring, at the
    strip's top; row 18's stand over its own ring, ending with it, lower and further left (under
    row 25's lines they read as one note, review r12); ``top``: the band's top, under the
    strip's edge. None without a flip on the strip."""
    f, lv = s.flip, s.level
    if f is None or f.row > len(dots):
        return None
    ring = Circle(radius=0.13, stroke_color=colour_of(f.row - 1), stroke_width=3)
    ring.move_to(dots[f.row - 1])
    words = step_tag(f, "flips").set_color(colour_of(f.row - 1))
    # left of the ring here; elsewhere where the band has room (settle_top_band)
    words.next_to(ring, LEFT, buff=0.1).set_y(top - words.height / 2)
    axis = dots[0].get_left()[0]
    low = VGroup()
    if lv is not None:
        low = VGroup(Circle(radius=0.13, stroke_color=colour_of(lv.row - 1),
                            stroke_width=3).move_to(dots[lv.row - 1]),
                     step_tag(lv, "lands back").set_color(colour_of(lv.row - 1)))
        low[1].next_to(low[0], UP, buff=0.04).align_to(low[0], RIGHT)
        if low[1].get_left()[0] < axis:
            low[1].align_to(low[0], LEFT)
    return SimpleNamespace(ring=ring, words=words, level=low, step=f, level_step=lv)


def step_tag(step, outcome: str) -> VGroup:
    """A row's step against its own limit, in two lines: "row 25, x = 99: 8.2×" over
    "a 2.02 → −5.64: flips" (its ``outcome``), right-aligned (they end at the row's ring)."""
    # "{\times}": an ordinary symbol, "8.2×" (as a binary one it stood apart)
    return VGroup(
        MathTex(rf"\text{{row {step.row}, }}x = {step.x:g}\text{{: }}{figures_tex(step.over)}"
                r"{\times}", font_size=READOUT_SIZE),
        MathTex(rf"a\ {fixed_tex(step.a[0])}\to{fixed_tex(step.a[1])}\text{{: {outcome}}}",
                font_size=READOUT_SIZE),
    ).arrange(DOWN, aligned_edge=RIGHT, buff=0.05)


def first_value(s, dot) -> MathTex:
    """Row 1's lr·(a² + c²), the number its line says, over its ``dot`` (the mean-loss line
    lies between: shown while only rows 1 and 2 are drawn)."""
    value = MathTex(sci_tex(s.fast_effective[0]), font_size=READOUT_SIZE,
                    color=MODEL_COLOURS["linear2"])
    return value.next_to(dot, UP, buff=0.22).align_to(dot, LEFT)


def fall_back_tag(s, dots, walker) -> VGroup | None:
    """The first row over the mean-loss limit that lands back under (row 3, from the lesson):
    "back under: a² + c² 16.7 → 0.34" right of its dot, over the rows after it (their dots lie
    lower), with a short leader line down to that dot, shown with it (with row 4's dot, it came
    while caption and dots were still on rows 1 and 2, review r12); None if no row does."""
    if s.falls_back is None or s.falls_back[0] >= len(dots):
        return None
    row, before, after = s.falls_back
    tag = MathTex(rf"\text{{back under: }}a^2+c^2\ {fixed_tex(before, 1)}\to{fixed_tex(after, 2)}",
                  font_size=READOUT_SIZE, color=MEAN)
    dot = dots[row - 1]
    tag.next_to(dot, RIGHT, buff=0.3).align_to(dot, DOWN).shift(UP * 0.2)
    leader = Line(dot.get_center() + 0.08 * (UP + RIGHT) / 2 ** 0.5,
                  tag.get_corner(DOWN + LEFT) + 0.05 * LEFT, stroke_width=2, color=MEAN)
    return show_from(VGroup(tag, leader), walker, row - 1)


LEVEL = 0.32       # the step between stacked exit marks (and their words), in scene units
EDGE_GAP = 0.05    # a mark under the bottom edge hangs this far below its line, off it
NEAR = 0.45        # marks on one edge closer than this (a mark is 0.2 wide) stack a level


def zoom_exits(off_zoom, axes, y_range, colour_of, walker, lines=(),
               keep_off=()) -> SimpleNamespace | None:
    """The rows the fast path takes off the zoom (``off_zoom``: (row, name, v), from the
    lesson: v, the weight ``name``, lies beyond an edge of ``y_range``): a triangle per row at
    the edge it left by, at its row, in its row's colour, and beside each, at its own height,
    its row and "name = v", shown as the walker reaches it; None if it never leaves.

    Adjacent rows are one row-step apart, too close for words under each: a mark that would
    come near the last one on its edge stacks a level outwards (row 28's ▼ under row 26's; a
    short walk's rows, far apart, stay level). Their words, each after its own ▲ or ▼ and in
    its row's colour, stand in one left-aligned column in row order, from the top edge down,
    left of any ▲ there; where that runs into ``keep_off`` (the a axis and its numbers) or
    ``lines`` (the path, the target's line), from the a axis rightwards instead (lr 2e-4:
    three rows leave, the first at row 3, and the column stood on the axis' "4" and "3")."""
    if not off_zoom:
        return None
    lo, hi = y_range
    marks, words = VGroup(), VGroup()
    levels = {True: -1, False: -1}        # the level of the last mark on the top edge, bottom
    last = {True: None, False: None}      # ... and that mark
    for row, name, v in off_zoom:
        up = v > hi
        near = last[up] is not None and abs(axes.c2p(row, hi)[0] - last[up].get_x()) < NEAR
        levels[up] = levels[up] + 1 if near else 0
        if up:
            mark = off_scale_mark(axes.c2p(row, hi), colour_of(row - 1))
            mark.shift(UP * LEVEL * levels[up])
        else:
            mark = off_scale_mark(axes.c2p(row, lo), colour_of(row - 1), down=True)
            mark.shift(DOWN * (EDGE_GAP + LEVEL * levels[up]))
        last[up] = mark
        # named (the strip's row 28 below is another number of the same row), to three
        # figures: "150" and "−5.10×10⁵" leave the column room before the plane
        word = MathTex(rf"\text{{row {row}: }}{name} = {figures_tex(v, 3)}",
                       font_size=READOUT_SIZE, color=colour_of(row - 1))
        # its own ▲/▼ before it: the key to the mark at the edge (review r11)
        glyph = off_scale_mark(ORIGIN, colour_of(row - 1), down=not up).scale(0.8)
        line = VGroup(glyph, word).arrange(RIGHT, buff=0.1)
        marks.add(show_from(mark, walker, row - 1))
        words.add(show_from(line, walker, row - 1))
    ups = [m for (_, _, v), m in zip(off_zoom, marks) if v > hi]
    place_exit_words(words, axes, marks, ups, axes.c2p(0, hi)[1], lines, keep_off)
    drop_touched(axes.x_axis, marks)
    return SimpleNamespace(marks=marks, words=words, rows=[row for row, _, _ in off_zoom])


def place_exit_words(words, axes, marks, ups, top_edge, lines, keep_off) -> None:
    """The exits' words in one column in row order, left-aligned: its first line on the top
    edge, left of any ▲ there (right of it, the values ran into the plane's top tick number and
    its "c"), over the plot's top right band, clear of the dots (ordered 27, 26, 28 with ragged
    edges, review r11); else from the a axis rightwards, on the edge or under it."""
    words.arrange(DOWN, aligned_edge=LEFT, buff=0.05)
    from_axis = [lambda m: m.next_to(axes.y_axis, RIGHT, buff=0.2).shift(
                     UP * (top_edge - m[0].get_bottom()[1])),
                 lambda m: m.next_to(axes.y_axis, RIGHT, buff=0.2).shift(
                     UP * (top_edge - 0.1 - m.get_top()[1]))]
    kept = []
    for place in [lambda m: _left_of_ups(m, axes, marks, ups, top_edge), *from_axis]:
        place(words)
        kept.append(room(words, lines, keep_off))
        if kept[-1] >= LABEL_GAP and not any(
                _at_level(w, up) and w.get_right()[0] + 0.12 > up.get_left()[0]
                for w in words for up in ups):
            return
    # none clear (from a = c = −1 the bounce fills the zoom's top): from the axis, where it
    # keeps the most room (off the axis' numbers, inside the frame)
    from_axis[int(kept[2] > kept[1])](words)


def _left_of_ups(words, axes, marks, ups, top_edge):
    """The exits' column at the plot's top right, its first line on the top edge, moved left
    of each ▲ at a line's height."""
    words.set_x(max(axes.x_axis.get_right()[0], marks.get_right()[0]), RIGHT)
    words.shift(UP * (top_edge - words[0].get_bottom()[1]))
    for up in ups:
        level = [w for w in words if _at_level(w, up)]
        words.shift(LEFT * max([0.0, *(w.get_right()[0] - up.get_left()[0] + 0.12
                                      for w in level)]))
    return words


def _at_level(line, mark) -> bool:
    """Whether a line of words and a mark share some height."""
    return line.get_bottom()[1] < mark.get_top()[1] and line.get_top()[1] > mark.get_bottom()[1]


def exit_now(zoom, row: int) -> list:
    """The zoom's ▼ (or ▲) and words for ``row``, to bring in now rather than when the walk
    reaches it: their updaters go (they stay up), and they are made visible."""
    if zoom is None or zoom.exits is None or row not in zoom.exits.rows:
        return []
    i = zoom.exits.rows.index(row)
    return [m.clear_updaters().set_opacity(1.0) for m in (zoom.exits.marks[i],
                                                          zoom.exits.words[i])]


def drop_touched(axis, marks) -> None:
    """A row number a ▼ would touch goes (row 26's hung on "25"), with its tick (a tick left
    unnamed read as a slip beside the strip's named 25, review r10): the marks name their rows."""
    for number in [n for n in axis.numbers if any(touch(n, m) for m in marks)]:
        axis.numbers.remove(number)
        for tick in [t for t in axis.ticks if abs(t.get_x() - number.get_x()) < 0.05]:
            axis.ticks.remove(tick)


def touch(m1, m2, gap: float = 0.06) -> bool:
    """Whether the boxes around ``m1`` and ``m2`` come within ``gap`` (4 px at 480p)."""
    return not (m1.get_right()[0] + gap < m2.get_left()[0]
                or m2.get_right()[0] + gap < m1.get_left()[0]
                or m1.get_top()[1] + gap < m2.get_bottom()[1]
                or m2.get_top()[1] + gap < m1.get_bottom()[1])


def relu_death(r, strip) -> SimpleNamespace | None:
    """The ReLU pair's death on the effective-lr strip: a magenta dashed line at the row it is
    dead from, as in part 3, and its label (the step that killed it, the row before's, is said:
    a line under the answer repeated the caption), placed by :func:`settle_top_band`. None
    without a ReLU run that died of a step."""
    if r is None or r.dead_row is None or not r.kill_step:
        return None
    label = MathTex(rf"\text{{ReLU dead from row {r.dead_row}}}", font_size=READOUT_SIZE,
                    color=MODEL_COLOURS["relu2"])
    return SimpleNamespace(line=death_line(strip.plot.vertical(r.dead_row)), label=label,
                           dead_row=r.dead_row, kill_row=r.kill_row)


def death_line(ends, dashes: int = 14) -> DashedVMobject:
    """The death's dashed line between ``ends`` (bottom, top)."""
    return DashedVMobject(VMobject(stroke_width=6).set_points_as_corners(list(ends)),
                          num_dashes=dashes).set_color(MODEL_COLOURS["relu2"])


def _place_clear(label, spots, lines, keep_off) -> bool:
    """Place ``label`` by :func:`~scenes.kit.clearance.first_clear`; whether the spot it took is
    clear."""
    return room(first_clear(label, spots, lines, keep_off=keep_off), lines, keep_off) \
        >= LABEL_GAP


def settle_top_band(strip, relu) -> None:
    """The flip's words and the ReLU death's label, each at the first of its spots (in the
    order they read best) that keeps clear of the strip's path, the death's line, the y axis,
    the strip's name, the readout of where the climb leaves and the words beside the strip.

    At the defaults the flip (row 25) is told left of its ring and the death (row 26) over the
    strip's top edge, ending at its line. Between lr 3e-4 and 1e-3 the flip is row 2's or 3's
    and the death row 3's or 4's: the words, set right of the ring, and the label, set under the
    edge right of its line, were written on each other, the line ran through the words, and at
    3e-4 the words ran into the line that says why. Where no spot of the band keeps clear of the
    death's line (lr 5e-4: 2.7 units between the axis and the line, for words 2.9 wide), the
    line stops under the words: no text is crossed.
    """
    f, name, axis = strip.flip, strip.words[0], strip.plot.axes.y_axis
    beside = [name, strip.why, *([strip.over] if strip.over is not None else [])]
    line = [] if relu is None else [np.array(strip.plot.vertical(relu.dead_row))]
    if f is not None:
        top = f.words.get_top()[1]

        def band(place):
            return lambda m: place(m).set_y(top - m.height / 2)
        spots = [band(lambda m: m.next_to(f.ring, LEFT, buff=0.1)),
                 band(lambda m: m.next_to(f.ring, RIGHT, buff=0.1)),
                 band(lambda m: m.next_to(axis, RIGHT, buff=0.2)),
                 *([band(lambda m: m.next_to(relu.line, RIGHT, buff=0.15))] if line else [])]
        # clear of the lands-back row's words too (its own ring's, under the band)
        keep = [*beside, axis, *f.level]
        if not _place_clear(f.words, spots, [strip.path, *line], keep) and line:
            _place_clear(f.words, spots, [strip.path], keep)
    if relu is None:
        return
    _place_death_label(relu, name, [strip.path],
                       [*beside, *([] if f is None else [f.words, f.ring, *f.level])])
    if f is not None and gap_to_lines(f.words, line) < LABEL_GAP:     # it stops under them
        bottom, high = line[0]
        cut = [high[0], f.words.get_bottom()[1] - 0.1, 0.0]
        relu.line = death_line((bottom, cut), max(2, round(14 * (cut[1] - bottom[1])
                                                           / (high[1] - bottom[1]))))


def _place_death_label(relu, name, lines, keep_off) -> None:
    """The death's label at the first of its spots clear of ``lines`` and ``keep_off``."""
    ln, past_name = relu.line, name.get_right()[0] + 0.15
    first_clear(relu.label, [
        # over the strip's top edge, ending at the line (under it, the flip's words fill the
        # strip's top band); an early death (row 4, from c = 0.5) ran over the strip's name:
        # rightwards from the line, or from past the name, or over it
        lambda m: m.next_to(ln, UP, buff=0.06).align_to(ln, RIGHT).shift(LEFT * 0.15),
        lambda m: m.next_to(ln, UP, buff=0.06).set_x(max(ln.get_x() + 0.15, past_name), LEFT),
        lambda m: m.next_to(ln, UP, buff=0.06).set_x(max(ln.get_x() - m.width / 2, past_name),
                                                     LEFT),
        # where the climb's readout stands over the edge (lr 1e-3: row 3, its death row),
        # just under the edge, right of the line or left of it
        lambda m: m.next_to(ln.get_top(), RIGHT, buff=0.15).align_to(ln.get_top() + 0.08 * DOWN,
                                                                      UP),
        lambda m: m.next_to(ln.get_top(), LEFT, buff=0.15).align_to(ln.get_top() + 0.08 * DOWN,
                                                                     UP),
    ], lines, keep_off=keep_off)


def row_tick(rows: int) -> int:
    """The rows between numbered ticks on the strip's and the zoom's row axes: 5, or 1 for a
    walk of fewer rows (at lr 1e-3 it has 4: a step of 5 numbered no tick, and the zoom, which
    sets "row" on the numbers' line, failed).

    >>> row_tick(28), row_tick(4)
    (5, 1)
    """
    return 5 if rows >= 5 else 1
