"""Part 4's marks on its plots: where a row lies off a plot's scale, and where the effective lr
passes the mean-loss limit for good. Every row and value comes from the lesson
(:mod:`sgdanim.lessons.relu_sandwich.solutions`); these only place them."""

from __future__ import annotations

from types import SimpleNamespace

from manim import (DOWN, LEFT, ORIGIN, PI, RIGHT, UP, Circle, DashedVMobject, Line, MathTex,
                   Triangle, VGroup, VMobject)

from scenes.kit.format import figures_tex, fixed_tex, sci_tex
from scenes.kit.scene import covers
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
    words.next_to(ring, LEFT, buff=0.1).set_y(top - words.height / 2)
    # an early row (row 2, from all weights 2): left of it, the words ran over the strip's
    # numbers and past the frame; they go right of the ring instead
    axis = dots[0].get_left()[0]
    if words.get_left()[0] < axis:
        words.next_to(ring, RIGHT, buff=0.1).set_y(top - words.height / 2)
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


def zoom_exits(off_zoom, axes, y_range, colour_of, walker) -> SimpleNamespace | None:
    """The rows the fast path takes off the zoom (``off_zoom``: (row, name, v), from the
    lesson: v, the weight ``name``, lies beyond an edge of ``y_range``): a triangle per row at
    the edge it left by, at its row, in its row's colour, and beside each, at its own height,
    its row and "name = v", shown as the walker reaches it; None if it never leaves.

    Adjacent rows are one row-step apart, too close for words under each: the marks on an edge
    stack outwards a level per row (row 28's ▼ under row 26's); their words, each after its own
    ▲ or ▼ and in its row's colour, stand in one left-aligned column in row order, from the
    top edge down, left of any ▲ there. """
    if not off_zoom:
        return None
    lo, hi = y_range
    marks, words = VGroup(), VGroup()
    levels = {True: 0, False: 0}          # marks so far on the top edge, on the bottom one
    for row, name, v in off_zoom:
        up = v > hi
        if up:
            mark = off_scale_mark(axes.c2p(row, hi), colour_of(row - 1))
            mark.shift(UP * LEVEL * levels[up])
        else:
            mark = off_scale_mark(axes.c2p(row, lo), colour_of(row - 1), down=True)
            mark.shift(DOWN * (EDGE_GAP + LEVEL * levels[up]))
        levels[up] += 1
        # named (the strip's row 28 below is another number of the same row), to three
        # figures: "150" and "−5.10×10⁵" leave the column room before the plane
        word = MathTex(rf"\text{{row {row}: }}{name} = {figures_tex(v, 3)}",
                       font_size=READOUT_SIZE, color=colour_of(row - 1))
        # its own ▲/▼ before it: the key to the mark at the edge (review r11)
        glyph = off_scale_mark(ORIGIN, colour_of(row - 1), down=not up).scale(0.8)
        line = VGroup(glyph, word).arrange(RIGHT, buff=0.1)
        marks.add(show_from(mark, walker, row - 1))
        words.add(show_from(line, walker, row - 1))
    # one column in row order, left-aligned, its first line on the top edge, left of any ▲
    # there (right of it, the values ran into the plane's top tick number and its "c"), over
    # the plot's top right band, clear of the dots (ordered 27, 26, 28 with ragged edges,
    # review r11)
    words.arrange(DOWN, aligned_edge=LEFT, buff=0.05)
    words.set_x(max(axes.x_axis.get_right()[0], marks.get_right()[0]), RIGHT)
    words.shift(UP * (axes.c2p(0, hi)[1] - words[0].get_bottom()[1]))
    for up in (m for (_, _, v), m in zip(off_zoom, marks) if v > hi):
        level = [w for w in words if w.get_bottom()[1] < up.get_top()[1]
                 and w.get_top()[1] > up.get_bottom()[1]]
        words.shift(LEFT * max([0.0, *(w.get_right()[0] - up.get_left()[0] + 0.12
                                      for w in level)]))
    drop_touched(axes.x_axis, marks)
    return SimpleNamespace(marks=marks, words=words, rows=[row for row, _, _ in off_zoom])


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
    a line under the answer repeated the caption). None without a ReLU run that died of a
    step."""
    if r is None or r.dead_row is None or not r.kill_step:
        return None
    colour = MODEL_COLOURS["relu2"]
    line = DashedVMobject(VMobject(stroke_width=6).set_points_as_corners(
        strip.plot.vertical(r.dead_row)), num_dashes=14).set_color(colour)
    label = MathTex(rf"\text{{ReLU dead from row {r.dead_row}}}", font_size=READOUT_SIZE,
                    color=colour)
    # over the strip's top edge, ending at the line: under it, rows 25's and 18's words fill
    # the strip's top band
    label.next_to(line, UP, buff=0.06).align_to(line, RIGHT).shift(LEFT * 0.15)
    name = strip.words[0]     # "lr·(a² + c²)", over the strip's top left
    if label.get_left()[0] < name.get_right()[0] + 0.15:
        # an early death (row 4, from a start of c = 0.5) ran it over the strip's name and
        # the frame's edge: rightwards, from the line or from past the name
        label.align_to(line, LEFT).shift(RIGHT * 0.15)
        label.shift(RIGHT * max(0.0, name.get_right()[0] + 0.15 - label.get_left()[0]))
    if strip.over is not None and covers(label, strip.over):
        # the climb leaves the strip at its death row (lr 1e-3: row 3), and its readout
        # stands there over the edge: the death's label goes just under the edge instead
        label.next_to(line.get_top(), RIGHT, buff=0.15).align_to(
            line.get_top() + 0.08 * DOWN, UP)
    return SimpleNamespace(line=line, label=label, dead_row=r.dead_row,
                           kill_row=r.kill_row)


def row_tick(rows: int) -> int:
    """The rows between numbered ticks on the strip's and the zoom's row axes: 5, or 1 for a
    walk of fewer rows (at lr 1e-3 it has 4: a step of 5 numbered no tick, and the zoom, which
    sets "row" on the numbers' line, failed).

    >>> row_tick(28), row_tick(4)
    (5, 1)
    """
    return 5 if rows >= 5 else 1
