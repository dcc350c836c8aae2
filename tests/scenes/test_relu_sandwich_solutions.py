"""Part 4 of lesson ``relu-sandwich``, built without rendering: the one-neuron panel and the
(a, c) plane, the walks on it, the zoom along a = c, the effective-lr strip (with its off-scale
mark for a row past its top) and the ReLU's death in the closing picture. (Parts 1–3, and what
each part reads, are checked in tests/scenes/test_relu_sandwich.py.)"""

import manim
import numpy as np
import pytest

from tests.scenes.test_relu_sandwich import build, data_of

manim = pytest.importorskip("manim")


@pytest.fixture(scope="module")
def numbers():
    from tests.scenes.test_relu_sandwich import LESSON
    return LESSON.compute(LESSON.defaults())


@pytest.fixture(scope="module")
def built(manim_tmp):
    """Only Part 4 is built: its tests read ``built.solutions``, as in the parts' test file."""
    from types import SimpleNamespace
    return SimpleNamespace(solutions=build("solutions"))


def test_solutions_layout_walkers_and_curve(numbers, built):
    from manim import DOWN, ManimColor
    b, p = built.solutions, numbers.plane
    assert b.left.get_right()[0] < b.right.get_left()[0]
    # the slow walk's lr and the line it draws under the plane it walks on, not under the
    # one-neuron panel (there they read as that neuron's); control: the panel's left is left
    # (the slow walk is on the tall plane, before the strip comes in)
    for m in (b.legend[0], b.fit):
        assert m.get_top()[1] < b.tall.right.get_bottom()[1]
        assert m.get_left()[0] == pytest.approx(b.tall.right.axes.get_left()[0])
        assert m.get_left()[0] > b.tall.left.get_right()[0]
    # the effective-lr strip sits under the panels and the zoom, above the caption band
    strip = b.strip
    assert strip.plot.get_bottom()[1] > -3.4
    assert strip.words.get_top()[1] < min(b.zoom.axes.get_bottom()[1], b.right.get_bottom()[1])
    assert strip.key.get_right()[0] < 7.1
    # the fast walk's lr (on screen with it) in the plane's top right corner, clear of every
    # fast dot, the best curve and its label; control: under the plane, as it was, it stood
    # below its tick numbers, reading as another row of them
    tag, axes = b.legend[1], b.right.axes
    assert tag.get_right()[0] == pytest.approx(axes.get_right()[0])
    assert tag.get_top()[1] == pytest.approx(axes.get_top()[1])
    def clear(m):
        return (m.get_right()[0] < tag.get_left()[0] or m.get_top()[1] < tag.get_bottom()[1]
                or m.get_left()[0] > tag.get_right()[0])
    assert all(clear(d) for d in b.dots) and clear(b.curve_lab)
    assert all(clear(m) for m in axes.y_axis.numbers) and clear(b.fast_walker.dot)
    assert all(not (tag.get_left()[0] < pt[0] < tag.get_right()[0]
                    and tag.get_bottom()[1] < pt[1] < tag.get_top()[1])
               for pt in b.curve.get_anchors())
    assert tag.copy().next_to(b.right, DOWN, buff=0.12).get_top()[1] < min(
        n.get_bottom()[1] for n in axes.x_axis.numbers)
    # the key names the two limit lines beside them: their height, right of the strip
    assert strip.key.get_left()[0] > strip.plot.axes.x_axis.get_right()[0]
    assert strip.key.get_bottom()[1] < strip.lines.get_y() < strip.key.get_top()[1]
    # each walk's lr in LaTeX, as the limits beside it, and white (orange is the mean-loss
    # limit's, grey the per-row limit's, red the late rows')
    assert len(strip.key) == 2
    assert [t.get_tex_string() for t in b.legend] == [r"\mathrm{lr}\ 2.0\times10^{-5}",
                                                        r"\mathrm{lr}\ 1.0\times10^{-4}"]
    from scenes.kit.style import TEXT
    assert all(ManimColor(t.get_color()) == ManimColor(TEXT) for t in b.legend)
    s = numbers.solutions
    for line, lr in zip(strip.lines, (s.limits.per_row, s.limits.mean_loss)):
        assert line.get_start()[1] == pytest.approx(strip.plot.point(0, lr)[1])
    # the two limits in overshoot's colours (the lesson before names them first); the late
    # rows' red is not among them
    from scenes.overshoot.common import MEAN as OVERSHOOT_MEAN, PER_ROW as OVERSHOOT_PER_ROW
    limit_colours = [ManimColor(OVERSHOOT_PER_ROW), ManimColor(OVERSHOOT_MEAN)]
    assert [ManimColor(line.get_color()) for line in strip.lines] == limit_colours
    assert [ManimColor(k.get_color()) for k in strip.key] == limit_colours[::-1]  # mean first
    assert ManimColor(strip.dots[-1].get_color()) not in limit_colours
    for k, dot in enumerate(strip.dots[:s.effective_over - 1]):   # a dot per row at its lr
        assert dot.get_center() == pytest.approx(strip.plot.point(k + 1, s.fast_effective[k]))
    # the strip goes up to 10¹, as overshoot's effective-lr panel: row 27 (4.6) at its true
    # height, well above row 26 (6.2×10⁻³), not flat on the top edge beside it
    assert s.effective_decades[1] == 1
    rows = [strip.plot.point(k, s.fast_effective[k - 1])[1] for k in (26, 27)]
    assert rows[1] - rows[0] > 0.8
    # control: at the old 10⁻² top both stood on the top edge, level
    assert min(s.fast_effective[25], s.fast_effective[26]) > 10.0 ** -2.5
    # at 480p (60 px per unit) the two limit lines still stand >= 10 px apart
    gap = abs(strip.plot.point(0, s.limits.mean_loss)[1] - strip.plot.point(0, s.limits.per_row)[1])
    assert gap * 480 / 8.0 >= 10
    # the plane's row dots and the strip's share a colour per row
    assert [d.get_color() for d in b.dots] == [d.get_color() for d in strip.dots[:len(b.dots)]]
    start = (numbers.init["a"], numbers.init["c"])
    assert np.allclose(b.walker.dot.get_center(), b.tall.right.point(*start))
    assert np.allclose(b.fast_walker.scene_points[-1], b.right.point(*p.fast[-1]))
    for a, c in data_of(b.right.axes, b.curve):
        assert a * c == pytest.approx(numbers.solutions.best[0], rel=1e-6)
        assert 0 <= a <= 4 and 0 <= c <= 4
    assert np.allclose(b.left.optimum.get_center(), b.left.point(*numbers.solutions.best))


def test_a_row_past_the_strips_top_is_marked_off_scale_with_its_value(numbers, built):
    """Row 28 (5.1×10⁷) lies far above the strip's 10¹: an upward triangle stands on the top
    edge at its row, and beside it, above the edge, the row and its real value."""
    from manim import Dot, Triangle
    from scenes.kit.format import sci_tex
    from scenes.relu_sandwich.solutions import effective_strip
    b, s = built.solutions, numbers.solutions
    strip, k = b.strip, s.effective_over
    edge = strip.plot.axes.get_top()[1]
    assert k == 28 and s.fast_effective[k - 1] > 10.0 ** s.effective_decades[1]
    mark = strip.dots[k - 1]
    assert isinstance(mark, Triangle) and not isinstance(mark, Dot)
    assert mark.get_bottom()[1] == pytest.approx(edge)               # on the top edge, pointing up
    assert mark.get_x() == pytest.approx(strip.plot.point(k, 1.0)[0])
    assert mark.get_top()[1] - mark.get_bottom()[1] > 0.1            # about 8 px at 480p
    # the label: the row and its value as the series writes it, over the edge, right of the
    # mark, past the strip's end, and clear of the zoom's words for the same row above it
    # named: lr·(a²+c²), not the zoom's a of the same row with nearly the same digits
    assert strip.over.get_tex_string() == (rf"\text{{row {k}: }}\mathrm{{lr}}\cdot(a^2+c^2) = "
                                           rf"{sci_tex(s.fast_effective[k - 1])}")
    assert strip.over.get_right()[0] < manim.config.frame_width / 2 - 0.1   # inside the frame
    assert "10^{7}" in strip.over.get_tex_string()
    assert strip.over.get_bottom()[1] >= edge - 1e-9 and strip.over.get_left()[0] > mark.get_right()[0]
    assert strip.over.get_left()[0] > strip.plot.axes.x_axis.get_right()[0]
    assert strip.over.get_top()[1] < b.zoom.axes.get_bottom()[1]
    assert strip.over.get_top()[1] < b.right.axes.x_axis.numbers.get_bottom()[1]
    assert strip.over.get_bottom()[1] > strip.key.get_top()[1]
    zoom_row = b.zoom.exits.words[-1]
    # apart (the named lr·(a²+c²)'s superscripts stand taller than the bare value did)
    assert strip.over.get_top()[1] < zoom_row.get_bottom()[1] - 0.1
    # the rows before stand inside the strip, as dots, under the label
    assert all(isinstance(d, Dot) for d in strip.dots[:k - 1])
    assert max(d.get_top()[1] for d in strip.dots[:k - 1]) < strip.over.get_bottom()[1] + 0.01
    # control: a dot at row 28's value would sit far above the strip, among the panels above
    assert strip.plot.point(k, s.fast_effective[k - 1])[1] > b.right.get_bottom()[1] + 1.0
    # control: a climb that stays under the top gets a dot there and no label
    from dataclasses import replace
    under = s.fast_effective.copy()
    under[k - 1] = 5.0
    tame = effective_strip(replace(s, fast_effective=under, effective_shown=under,
                                   effective_over=None), b.fast_walker)
    assert tame.over is None and isinstance(tame.dots[k - 1], Dot)
    assert tame.dots[k - 1].get_center() == pytest.approx(tame.plot.point(k, 5.0))


def test_the_zoom_unrolls_the_diagonal_walk_by_row_in_the_left_panels_place(numbers, built):
    b, p, s = built.solutions, numbers.plane, numbers.solutions
    z = b.zoom
    assert z is not None and z.on == p.on_curve
    # in the one-neuron panel's place: clear of the plane, the legend and the caption band
    assert z.axes.get_right()[0] < b.right.get_left()[0]
    assert z.axes.get_bottom()[1] > b.legend[0].get_top()[1] > -3.1
    assert abs(z.axes.get_center()[0] - b.left.axes.get_center()[0]) < 0.05
    assert z.title.get_left()[0] > -7.0 and z.title.get_right()[0] < b.rt.get_left()[0]
    assert z.target_lab.get_left()[0] > z.axes.get_right()[0]
    assert z.target_lab.get_right()[0] < b.right.axes.get_left()[0] - 0.3
    # a dot per row at (row, a) on the rows the walker uses them, coloured as the plane's
    for k, dot in enumerate(z.dots):
        assert dot.get_center() == pytest.approx(z.axes.c2p(k + 1, p.fast[k, 0]))
    assert [d.get_color() for d in z.dots] == [d.get_color() for d in b.dots]
    assert z.target.get_center()[1] == pytest.approx(z.axes.c2p(0, p.on_curve)[1])
    assert b.right.axes.p2c(z.meet.get_center())[:2] == pytest.approx([p.on_curve] * 2)
    # what it shows: rows on both sides of the line, far apart on screen (on the plane the
    # same rows sit on one diagonal, over each other)
    ys = np.array([d.get_center()[1] for d in z.dots]) - z.target.get_center()[1]
    assert ys.max() > 0.5 and ys.min() < -0.3
    # the question's answer takes the title's place, clear of the plane's title
    assert b.answer.get_left()[0] == pytest.approx(b.head.get_left()[0])
    # it runs across both panels' titles, which fade out before it comes (the layout test
    # checks what is on screen together): it stays inside the frame
    assert b.answer.get_right()[0] < 7.1 and b.answer.get_left()[0] > -7.1
    assert b.answer.get_right()[0] < 7.0
    # control: a fast walk that leaves the diagonal gets no zoom
    from scenes.relu_sandwich.solutions import diagonal_zoom
    from dataclasses import replace
    assert diagonal_zoom(s, replace(p, diagonal=False), b.fast_walker, b.left) is None


def test_the_closing_picture_keeps_the_relu(numbers, built):
    """The ReLU stays in the answer: a magenta line on the effective-lr strip at the row it is
    dead from (part 3's row 26), labelled, inside the frame and clear of the rows' dots and of
    row 28's off-scale value (the step that killed it, row 25's, is said)."""
    from manim import ManimColor
    from scenes.kit.style import MODEL_COLOURS
    from scenes.relu_sandwich.marks import touch
    from scenes.relu_sandwich.solutions import relu_death
    b, relu = built.solutions, numbers.runs["relu2"]
    death = b.relu
    assert death is not None and (death.dead_row, death.kill_row) == (26, 25)
    x = death.line.get_center()[0]
    assert x == pytest.approx(b.strip.plot.axes.x_axis.n2p(relu.dead_row)[0])
    assert ManimColor(death.line.get_color()) == ManimColor(MODEL_COLOURS["relu2"])
    assert death.label.get_tex_string() == r"\text{ReLU dead from row 26}"
    assert -7.11 < death.label.get_left()[0] and death.label.get_right()[0] < x
    assert not touch(death.label, b.strip.over, gap=0.1)
    assert death.label.get_bottom()[1] > b.strip.plot.axes.get_top()[1]   # over the edge
    assert death.label.get_bottom()[1] > max(d.get_top()[1] for d in b.strip.dots[:relu.dead_row])
    # control: no ReLU run, nothing to say
    assert relu_death(None, b.strip) is None


def test_the_strip_tags_row_25_flipping_and_row_18_same_x_landing_back(numbers, built):
    """Rows 25 and 18 are both x = 99 rows over the same own limit; the strip rings both and
    tags them alike (review r12): "row 25, x = 99: 8.2×" over "a 2.02 → −5.64: flips", and
    "row 18, x = 99: 5.1×" over "a 1.60 → 0.51: lands back", from the lesson, in their rows'
    colours, clear of every dot before the runaway and of the ReLU's label. Row 18's tag stands
    over its own ring, ending with it, left of and lower than row 25's (under row 25's lines,
    row 13's read as part of one note). Control: a run with no flip gets no tags."""
    from dataclasses import replace
    from manim import ManimColor
    from scenes.relu_sandwich.marks import flip_tags, touch
    from scenes.relu_sandwich.solutions import row_colour
    b, s = built.solutions, numbers.solutions
    f, dots = b.strip.flip, b.strip.dots
    assert (f.step.row, f.level_step.row) == (25, 18)
    assert f.ring.get_center() == pytest.approx(dots[24].get_center())
    assert f.level[0].get_center() == pytest.approx(dots[17].get_center())
    assert [w.get_tex_string() for w in f.words] == [
        r"\text{row 25, }x = 99\text{: }8.2{\times}", r"a\ 2.02\to-5.64\text{: flips}"]
    assert [w.get_tex_string() for w in f.level[1]] == [
        r"\text{row 18, }x = 99\text{: }5.1{\times}", r"a\ 1.60\to0.51\text{: lands back}"]
    assert ManimColor(f.words.get_color()) == ManimColor(row_colour(24, len(dots)))
    assert ManimColor(f.level[1].get_color()) == ManimColor(row_colour(17, len(dots)))
    tags = [*f.words, *f.level[1]]
    for dot in dots[:s.effective_over - 1]:
        assert not any(touch(dot, t, gap=0.02) for t in tags)
    assert not any(touch(w, t, gap=0.1) for w in f.words for t in f.level[1])
    assert f.level[1].get_bottom()[1] > f.level[0].get_top()[1]            # over its ring
    assert f.level[1].get_right()[0] == pytest.approx(f.level[0].get_right()[0])
    assert f.level[1].get_left()[0] < f.words.get_left()[0] - 1.0          # further left
    assert f.words.get_right()[0] < f.ring.get_left()[0]
    assert f.words.get_top()[1] < b.strip.plot.axes.get_top()[1]
    assert not any(touch(b.relu.label, t, gap=0.03) for t in tags)
    assert f.level[1].get_left()[0] > b.strip.plot.axes.y_axis.get_right()[0]
    assert flip_tags(replace(s, flip=None), dots, lambda k: "#FFFFFF") is None


def test_the_rows_that_leave_the_zoom_are_marked_at_its_edges(numbers, built):
    """Rows 26–28 leave the zoom's range (0..4): a triangle per row at the edge it left by, at
    its row, each named in the plot's top right: "row 27: a = 150" beside the ▲, the ▼s' "row
    26: a = −5.64" and "row 28: ..." under it, over the dots (right of the axis' end, under the
    edge, "−5.10×10⁵" touched the plane's "1" tick, review r10); the ▼s hang clear of the axis
    line."""
    from scenes.kit.format import figures_tex
    from scenes.relu_sandwich.marks import touch, zoom_exits
    b, p = built.solutions, numbers.plane
    z = b.zoom
    ex = z.exits
    assert [r for r, _, _ in p.off_zoom] == ex.rows == [26, 27, 28]
    assert len(ex.marks) == len(ex.words) == 3
    top, bottom = z.axes.c2p(0, p.box[3])[1], z.axes.c2p(0, p.box[2])[1]
    up_marks = [m for (_, _, v), m in zip(p.off_zoom, ex.marks) if v > p.box[3]]
    # one column in row order (it read 27, 26, 28, review r11), left-aligned, from the top edge
    assert len({round(line.get_left()[0], 6) for line in ex.words}) == 1
    assert ex.words[0][1].get_bottom()[1] == pytest.approx(top, abs=0.02)
    for m in up_marks:       # left of a ▲ at its height
        assert all(w.get_right()[0] < m.get_left()[0] for w in ex.words
                   if w.get_bottom()[1] < m.get_top()[1] and w.get_top()[1] > m.get_bottom()[1])
    for (row, name, v), mark, line in zip(p.off_zoom, ex.marks, ex.words):
        glyph, word = line
        assert mark.get_x() == pytest.approx(z.axes.c2p(row, 0)[0])
        # its own glyph, the mark's: pointing up (its top vertex over its centre) or down
        assert glyph.get_color() == mark.get_color() == word.get_color()
        assert (glyph.get_vertices()[0][1] > glyph.get_y()) == (v > p.box[3])
        if v > p.box[3]:
            assert mark.get_bottom()[1] == pytest.approx(top)      # on the top edge, above
        else:
            assert mark.get_top()[1] < bottom - 0.03               # under the bottom edge, off it
        assert not any(touch(line, d) for d in [*z.dots, *z.words, z.target_lab])
        assert word.get_tex_string() == rf"\text{{row {row}: }}{name} = {figures_tex(v, 3)}"
        # clear of the plane: its axes' lines, tick numbers and labels
        # left of the plane's c axis by a margin (under its a axis, row 28's 10⁵ met the "1")
        assert word.get_right()[0] < b.right.axes.y_axis.get_start()[0] - 0.5
        assert not any(touch(word, m) for m in [*b.right.axes.x_axis.numbers,
                                                *b.right.axes.y_axis.numbers, *b.right.labels])
    assert [w[1].get_tex_string() for w in ex.words] == [
        r"\text{row 26: }a = -5.64", r"\text{row 27: }a = 150",
        r"\text{row 28: }a = -5.10\times10^{5}"]
    # no two words (nor marks) touch, and no mark touches a tick number
    for i, w in enumerate(ex.words):
        for other in ex.words[i + 1:]:
            assert w.get_bottom()[1] > other.get_top()[1] or other.get_bottom()[1] > w.get_top()[1]
    assert not any(touch(m, n) for m in ex.marks for n in z.axes.x_axis.numbers)
    # the one tick number a ▼ touched, "25", went; control: 5 to 20 stay
    assert [round(n.get_value()) for n in z.axes.x_axis.numbers] == [5, 10, 15, 20]
    # its tick went with it (an unnamed tick at 25, review r10); control: 20's stays
    ticks = [round(z.axes.x_axis.p2n(t.get_center())) for t in z.axes.x_axis.ticks]
    assert 25 not in ticks and 20 in ticks
    # row 28's ▼ a level under row 26's: level with row 26's words it would stand among them
    assert ex.marks[2].get_top()[1] < ex.marks[0].get_bottom()[1]
    # the axis' "row" moved left of 0, out of the words' way
    assert z.words[1].get_right()[0] < z.axes.x_axis.get_start()[0]
    # shown as the walk reaches each row (index k is row k + 1)
    b.fast_walker.index.set_value(24)
    ex.marks.update(), ex.words.update()
    assert all(m.get_fill_opacity() == 0 for m in [*ex.marks, *(w[1] for w in ex.words)])
    b.fast_walker.index.set_value(25)
    ex.marks.update(), ex.words.update()
    assert ex.marks[0].get_fill_opacity() == 1 and ex.marks[1].get_fill_opacity() == 0
    assert ex.words[0][1].get_fill_opacity() == 1 and ex.words[1][1].get_fill_opacity() == 0
    # control: a path that never leaves gets no marks
    assert zoom_exits((), z.axes, p.box[2:], lambda k: "#ffffff", b.fast_walker) is None


def test_titles_level_answer_in_latex_and_the_slow_crossing_ringed(numbers, built):
    """The panels' titles stand on one line (their tops level, each with a tall letter), the
    zoom's title too; the closing answer sets lr·(a² + c²) in LaTeX, as the strip's axis label
    under it, at a title's size; a green ring stands on the slow walk's first point past the
    curve a·c = slope."""
    from manim import ManimColor, Tex
    from scenes.kit.scene import header
    from scenes.kit.style import OPTIMUM
    b, p = built.solutions, numbers.plane
    assert b.lt.get_top()[1] == pytest.approx(b.rt.get_top()[1])
    assert b.zoom.title.get_top()[1] == pytest.approx(b.rt.get_top()[1])
    assert b.rt.get_bottom()[1] > b.right.get_top()[1]
    assert b.lt.get_bottom()[1] > b.left.get_top()[1]
    assert isinstance(b.answer, Tex) and r"\mathrm{lr}\cdot(a^2+c^2)" in b.answer.get_tex_string()
    assert "²" not in b.answer.get_tex_string()
    title = header("Equally good answers don't help: lr·(a² + c²) grows.")
    assert b.answer.height == pytest.approx(title.height, rel=0.15)
    assert b.answer.get_left()[0] == pytest.approx(title.get_left()[0])
    # control: at a title's font_size unscaled, LaTeX's words are a quarter smaller
    plain = Tex(r"Equally good answers don't help: $\mathrm{lr}\cdot(a^2+c^2)$ grows.",
                font_size=title.font_size)
    assert plain.width < 0.85 * b.answer.width
    k = p.cross
    assert k == 3 and b.ring is not None
    assert b.ring.get_center() == pytest.approx(b.tall.right.point(*p.slow[k]))
    assert ManimColor(b.ring.get_stroke_color()) == ManimColor(OPTIMUM)
    gap = p.slow[:, 0] * p.slow[:, 1] - numbers.solutions.best[0]
    assert gap[k - 1] < 0 < gap[k]      # the first point past the curve, the one before short


def test_the_pairs_step_is_derived_on_screen(built):
    """Why the pair acts at lr·(a² + c²): overshoot's line (the kit's, not a copy), between
    row 28's value and the limits' key, right of every strip dot, inside the frame."""
    from scenes.kit.formulas import step_algebra
    from scenes.overshoot import thread
    from scenes.relu_sandwich.marks import touch
    strip = built.solutions.strip
    assert thread.step_algebra is step_algebra            # one line, drawn by both lessons
    assert strip.why.get_tex_string() == step_algebra().get_tex_string()
    assert strip.over.get_bottom()[1] > strip.why.get_top()[1]
    assert strip.why.get_bottom()[1] > strip.key.get_top()[1]
    assert not any(touch(strip.why, d, gap=0.1) for d in strip.dots)
    assert strip.why.get_left()[0] > strip.plot.axes.x_axis.get_right()[0]
    assert strip.why.get_right()[0] < manim.config.frame_width / 2 - 0.3
    # control: the same line at the strip's key size would reach over the climb's dots
    wide = step_algebra(font_size=32).move_to(strip.why, manim.RIGHT)
    assert any(touch(wide, d, gap=0.1) for d in strip.dots)


def test_row_1_is_labelled_with_its_value_and_row_3_falls_back_under(numbers, built):
    """The strip names row 1's lr·(a² + c²), the number its line says (review r10), over its
    dot and over the mean-loss line; and tags row 3, over the mean-loss limit yet back under on
    row 4 ("back under: a² + c² 16.7 → 0.34", from the lesson), right of its dot, over every
    later dot up to the climb, a short leader line from that dot, shown with row 3's dot (with
    row 4's, it came before the caption left row 1, review r12); control: not on row 2."""
    from scenes.kit.format import sci_tex
    from scenes.relu_sandwich.marks import fall_back_tag, touch
    b, s = built.solutions, numbers.solutions
    strip = b.strip
    assert strip.first.get_tex_string() == sci_tex(s.fast_effective[0]) == r"2.00\times10^{-4}"
    assert strip.first.get_bottom()[1] > strip.plot.point(1, s.limits.mean_loss)[1]
    assert strip.first.get_left()[0] == pytest.approx(strip.dots[0].get_left()[0])
    row, before, after = s.falls_back
    back, leader = strip.back
    assert back.get_tex_string() == (rf"\text{{back under: }}a^2+c^2\ {before:.1f}\to{after:.2f}"
                                     ) == r"\text{back under: }a^2+c^2\ 16.7\to0.34"
    assert back.get_left()[0] > strip.dots[row - 1].get_right()[0]
    assert not any(touch(back, d, gap=0.02) for d in strip.dots[row:s.over_mean_from - 1])
    assert leader.get_length() < 0.5
    assert leader.get_start() == pytest.approx(strip.dots[row - 1].get_center(), abs=0.1)
    assert leader.get_end() == pytest.approx(back.get_corner(manim.DL), abs=0.1)
    b.fast_walker.index.set_value(row - 2)          # row 2's dot: not yet
    strip.back.update()
    assert back.get_fill_opacity() == 0 and leader.get_stroke_opacity() == 0
    b.fast_walker.index.set_value(row - 1)          # row 3's dot: with it
    strip.back.update()
    assert back.get_fill_opacity() == 1 and leader.get_stroke_opacity() == 1
    # control: a run that never falls back gets no tag
    from dataclasses import replace
    assert fall_back_tag(replace(s, falls_back=None), strip.dots, b.fast_walker) is None


def test_the_panels_stand_tall_until_the_strip_comes_in(numbers, built):
    """Before the strip, the two panels fill the bottom half (empty for 18 s, review r10): the
    tall pair's tops level with the short pair's (the titles over both), nearly twice as
    high, the slow walk's words under the tall plane above the caption band; the short pair
    leaves the strip its room (control: the tall plane would reach into the strip)."""
    from scenes.relu_sandwich.panels import ABOVE_CAPTIONS
    b = built.solutions
    tall = b.tall
    for big, small in ((tall.left, b.left), (tall.right, b.right)):
        assert big.axes.get_top()[1] == pytest.approx(small.axes.get_top()[1], abs=0.02)
        assert big.axes.get_left()[0] == pytest.approx(small.axes.get_left()[0], abs=0.02)
        assert big.axes.y_length > 1.6 * small.axes.y_length
    assert b.rt.get_bottom()[1] > tall.right.get_top()[1]
    assert b.fit.get_bottom()[1] > ABOVE_CAPTIONS
    assert b.right.get_bottom()[1] > b.strip.words.get_top()[1]
    assert tall.right.get_bottom()[1] < b.strip.words.get_top()[1]
    # the labels stand by their own panel's points
    assert tall.star_lab.get_left()[0] > tall.left.optimum.get_right()[0]
    assert abs(tall.star_lab.get_y() - tall.left.optimum.get_y()) < 0.1


def test_the_end_card_names_the_next_lesson(built):
    """The end card's last line is on screen too (review r12: 4 s of nothing new): "Next:
    momentum, on these same rows", under the answer and ending with it, clear of the answer,
    the plane (its "c") and the zoom's exit words. Control: set 0.2 under the answer, as a
    plain next_to puts it, it touches the plane's "c"."""
    from manim import DOWN, Text
    from scenes.relu_sandwich.marks import touch
    b = built.solutions
    teaser = b.teaser
    assert teaser.original_text == "Next: momentum, on these same rows"
    assert teaser.get_right()[0] == pytest.approx(b.answer.get_right()[0])
    assert teaser.get_top()[1] < b.answer.get_bottom()[1] - 0.05
    assert not any(touch(teaser, m, gap=0.05) for m in (b.answer, b.right, *b.zoom.exits.words,
                                                        *b.zoom.exits.marks))
    plain = Text(teaser.original_text, font_size=teaser.font_size).next_to(b.answer, DOWN, 0.2)
    assert touch(plain, b.right, gap=0.05)


def test_the_flip_brings_in_row_26s_mark_on_the_zoom(built):
    """Row 26's ▼ and "row 26: a = −5.64" on the zoom come with row 25's flip (they stood at
    a = 2.02 until 9 s later, review r12): visible at once, whatever the walk's row, and they
    stay. Controls: before, the walk's row hides them; a row that never leaves gets nothing."""
    from types import SimpleNamespace
    from scenes.relu_sandwich.marks import exit_now
    b = built.solutions
    ex = b.zoom.exits
    i = ex.rows.index(26)
    zoom = SimpleNamespace(exits=SimpleNamespace(rows=ex.rows, marks=ex.marks.copy(),
                                                 words=ex.words.copy()))
    b.fast_walker.index.set_value(24)            # the walk on row 25: row 26 not reached
    zoom.exits.marks[i].update()
    assert zoom.exits.marks[i].get_fill_opacity() == 0                # control: hidden
    mark, words = exit_now(zoom, 26)
    mark.update()
    words.update()
    assert mark.get_fill_opacity() == 1 and words[1].get_fill_opacity() == 1
    assert words[1].get_tex_string() == r"\text{row 26: }a = -5.64"
    assert exit_now(zoom, 25) == [] and exit_now(None, 26) == []


def test_the_best_curves_label_stands_clear_of_the_curve(built):
    """Review r22: "ac = 2", set over the curve's right end and shifted left, touched the
    curve where it climbs (0.06 from it on the tall plane). Both planes' labels now keep
    0.15 (9 px at 480p); the control, the tall label 0.1 lower (about where it stood), does
    not."""
    from manim import DOWN
    from scenes.kit.clearance import gap_to_curve
    b = built.solutions
    for lab, curve in ((b.curve_lab, b.curve), (b.tall.curve_lab, b.tall.curve)):
        assert gap_to_curve(lab, curve) >= 0.15
    assert gap_to_curve(b.tall.curve_lab.copy().shift(0.1 * DOWN), b.tall.curve) < 0.1


@pytest.mark.parametrize("lr", [1e-3, 1.0])
def test_a_short_fast_walk_still_numbers_its_rows(manim_tmp, lr):
    """At lr 1e-3 the fast walk has 4 rows, at lr 1 two: the zoom's and the strip's row axes,
    ticked every 5, numbered none, and the part failed where it sets "row" on the numbers'
    line (a dry run at lr 1 found it). Now they tick every row, and "row" stands level with
    their numbers. Control: at the defaults (28 rows) the step stays 5."""
    from scenes.relu_sandwich.marks import row_tick
    b = build("solutions", [f"lr={lr}"])
    rows = len(b.strip.dots)
    assert rows < 5 and row_tick(rows) == 1 and row_tick(28) == 5
    numbers = b.zoom.axes.x_axis.numbers
    # every row numbered but where an exit mark stands on its tick (marks.py)
    assert numbers and {round(n.get_value()) for n in numbers} <= set(range(1, rows + 1))
    assert b.zoom.words[1].get_y() == pytest.approx(numbers[0].get_y())
    assert len(b.strip.plot.axes.x_axis.numbers) == rows
    # the limits' key keeps above "row" (at lr 1e-3 the lines sit low, and the key, set
    # level with them, lay on it), and the algebra over the key still clears the plane
    assert b.strip.key.get_bottom()[1] >= b.strip.words[1].get_top()[1] + 0.09
    assert b.strip.why.get_top()[1] < b.right.get_bottom()[1]
