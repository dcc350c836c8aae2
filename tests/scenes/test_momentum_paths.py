"""Part 4's paths in the ``momentum`` scene (scenes/momentum/paths.py), built without rendering:
b and a per row of both runs, the table and the big plot right of the rows, the why panel's a
per row and momentum's steps against g (its swings and its key), the valley inset, and the brace
on the lesson's longest push."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from manim import LEFT, RIGHT, MathTex

from tests.lessons.momentum_kit import numbers  # noqa: F401 - a fixture
from tests.scenes.momentum_kit import HALF_FRAME, Log, _dense, _inside, apart, box, build
from tests.scenes.momentum_kit import momentum_scene, built  # noqa: F401 - fixtures


def test_paths_draw_b_and_a_per_row_of_both_runs(built, numbers):
    b = built["paths"]
    (b_sgd, b_mom), (a_sgd, a_mom) = b.b_curves, b.a_curves
    for curve, values in ((b_sgd, numbers.path_sgd[:, 1]), (b_mom, numbers.path_mom[:, 1]),
                          (a_sgd, numbers.path_sgd[:, 0]), (a_mom, numbers.path_mom[:, 0])):
        drawn = curve.copy().full().drawn_values()
        np.testing.assert_allclose(drawn[:, 1], values, atol=1e-9)
        np.testing.assert_allclose(drawn[:, 0], np.arange(88), atol=1e-9)


def test_paths_rows_mark_the_epochs_and_the_last_one(built, numbers):
    """Dividers at rows 29 and 58 on b's and a's panels, and "last epoch" over rows 58-87,
    under both b curves there: the table averages that epoch (r8); control: one epoch, none."""
    from scenes.momentum.paths import _epoch_marks
    b = built["paths"]
    *lines, last = b.epochs
    got = sorted(round(float(axes.p2c(line.get_start())[0]), 6) for axes, line in
                 zip((b.top,) * 2 + (b.bottom,) * 2, lines))
    assert got == [29, 29, 58, 58] and "last epoch" in last.tex_string
    left, right = (b.top.p2c(last.get_corner(c))[0] for c in (LEFT, RIGHT))
    assert 58 < left < right < 87
    lowest = min(p[58:, 1].min() for p in (numbers.path_sgd, numbers.path_mom))
    assert last.get_top()[1] < b.top.c2p(58, lowest)[1]
    one = SimpleNamespace(path_rows=numbers.path_rows, path_epochs=1, rows_per_epoch=29)
    assert len(_epoch_marks(one, b.top, b.bottom)) == 0


def test_paths_table_and_big_plot_right_of_the_rows(built, numbers):
    b = built["paths"]
    for mob in (b.table, b.big.frame):
        assert mob.get_left()[0] > max(b.top.get_right()[0], b.bottom.get_right()[0])
    assert b.table.get_bottom()[1] > b.big.frame.get_top()[1]
    tex = " ".join(m.get_tex_string() for m in b.table.get_family() if isinstance(m, MathTex))
    for cell in (r"2.0\times10^{-3}", r"1.8\times10^{-3}", "0.133", "0.023", "19.6", "17.0"):
        assert cell in tex, cell
    # Momentum's curve at the larger lr has its epochs before the runaway; SGD all 15.
    sgd, mom = b.big.curves
    assert len(sgd.vertices) == 15 and len(mom.vertices) == 12
    note = b.big.note
    said = " ".join(line.get_tex_string() for line in note)
    assert "epoch 13" in said and r"\times2.2" in said      # step 350 is in epoch 13 of 29 rows
    assert f"epoch {numbers.big_runaway_epoch}" in said and "epoch 12" not in said
    # inside the plot, under the step table (above the plot's title it ran into the table)
    box = b.big.axes.axes
    assert b.table.get_bottom()[1] > note.get_top()[1]
    assert box.get_left()[0] < note.get_left()[0] and note.get_right()[0] < box.get_right()[0]
    assert box.get_bottom()[1] < note.get_bottom()[1] and note.get_top()[1] <= box.get_top()[1] + 0.05


def test_why_panel_draws_a_per_row_and_momentums_steps_against_g(built, numbers):
    """Why momentum runs away at the larger lr: a per row of both runs through the core's
    numbers, a red dot on every row where momentum stepped up its row's gradient (control:
    none where SGD did, and not on every row), and each epoch's largest swing said."""
    b = built["paths"]
    w, why = numbers.big.why, b.why
    for curve, values in zip(why.curves, (w.a_sgd, w.a_mom)):
        drawn = curve.copy().full().drawn_values()
        np.testing.assert_allclose(drawn[:, 1], values, atol=1e-9)
    got = np.array([why.axes.p2c(d.get_center()) for d in why.against])
    np.testing.assert_allclose(got[:, 0], w.against_rows, atol=1e-9)
    np.testing.assert_allclose(got[:, 1], w.a_mom[w.against_rows], atol=1e-9)
    assert w.against_sgd == 0 and 0 < len(why.against) == w.against_mom < len(w.rows) - 1
    said = " ".join(m.tex_string for m in why.swings)
    assert "18.2" in said and "3.5" in said and "5.1" in said
    _swings_stand_on_a_backing_the_dividers_cross(why)
    _key_says_what_a_red_dot_is(why, w)
    # left of the step table and the RMSE plot, above the caption band, title under the header
    right = min(b.table.get_left()[0], b.big.frame.get_left()[0])
    assert why.frame.get_right()[0] < right and why.frame.get_bottom()[1] > -3.1
    assert why.frame.get_top()[1] < b.head.get_bottom()[1]


def _swings_stand_on_a_backing_the_dividers_cross(why):
    """An epoch divider runs through the swings' words (the reason for the backing: control),
    and an opaque black backing covers every word, so the words read whole (review r7)."""
    from manim import DashedLine

    (left, bottom, right, top), back = box(why.swings), box(why.swings_backing)
    dividers = [m for m in why.frame[2] if isinstance(m, DashedLine)]
    assert any(left < d.get_center()[0] < right and d.get_bottom()[1] < bottom
               and d.get_top()[1] > top for d in dividers)
    assert back[0] < left and back[1] < bottom and back[2] > right and back[3] > top
    assert why.swings_backing.get_fill_opacity() == 1.0
    assert why.swings_backing.get_fill_color().to_hex().upper() == "#000000"


def _key_says_what_a_red_dot_is(why, w):
    """The red dots' key, on screen (posts play muted): red, its count the core's, inside the
    plot where no curve passes; control: moved onto the best a's line, a curve crosses it."""
    from manim import ManimColor

    from scenes.kit.style import RED
    backing, (dot, lines) = why.key
    words = " ".join(m.get_tex_string() for m in lines)
    assert "red: momentum steps up" in words and "slope" in words
    assert f"({w.against_mom} of {len(w.rows) - 1} rows)" in words
    hexes = {m.get_fill_color().to_hex().upper() for m in (dot, why.against[0], *lines)}
    assert hexes == {ManimColor(RED).to_hex().upper()}
    assert apart(why.key, why.swings)
    axes = why.axes
    assert axes.get_left()[0] < why.key.get_left()[0] and why.key.get_bottom()[1] > axes.get_bottom()[1]

    def crossed(key):
        pts = np.vstack([c.copy().full().points for c in why.curves])
        (left, bottom, right, top) = box(key)
        return bool(np.any((pts[:, 0] > left) & (pts[:, 0] < right)
                           & (pts[:, 1] > bottom) & (pts[:, 1] < top)))

    assert not crossed(why.key)
    assert crossed(why.key.copy().set_y(axes.c2p(0, 2.0)[1]))


def test_valley_inset_shows_where_both_runs_stand(built, numbers):
    """Part 4's (a, b) inset: both paths drawn through the core's (a, b) per row, on the
    landscape panel's axes, in each run's colour; the arrow runs from where they end to the
    optimum; control: the paths are not each other's."""
    from scenes.momentum.plots import AVERAGE, SGD
    b = built["paths"]
    v, axes = b.valley, b.valley.panel.axes
    for curve, path, colour in zip(v.paths, (numbers.path_sgd, numbers.path_mom), (SGD, AVERAGE)):
        drawn = curve.copy().full().drawn_values()
        np.testing.assert_allclose(drawn, path, atol=1e-9)
        assert curve.get_stroke_color().to_hex().upper() == colour
    assert not np.allclose(numbers.path_sgd, numbers.path_mom)
    arrow = v.here[0]
    assert np.linalg.norm(arrow.get_start() - axes.c2p(*numbers.path_mom[-1])) < 0.2
    assert np.linalg.norm(arrow.get_end() - v.panel.optimum.get_center()) < 0.2
    # right of the rows, clear of the table, above the caption band
    assert v.frame.get_left()[0] > b.top.get_right()[0]
    assert v.frame.get_top()[1] < b.table.get_bottom()[1] and v.frame.get_bottom()[1] > -3.1


def test_push_brace_marks_the_lessons_longest_push(built, numbers):
    """The caption's "up to 10 rows" on screen: a brace from the point before the run's first
    step to the one after its last (the lesson's push_rows), under both curves and the rows
    axis there, its label the lesson's count; label and brace clear of the curves, the red
    dots, the key, the swings and epoch 1's divider. Control: at the best a's height, the
    brace would cross the curves."""
    from manim import DashedLine
    b = built["paths"]
    w, why = numbers.big.why, b.why
    brace, label = why.push
    first, last = (why.axes.c2p(r, 0)[0] for r in w.push_rows)
    assert brace.get_left()[0] == pytest.approx(first, abs=0.03)
    assert brace.get_right()[0] == pytest.approx(last, abs=0.03)
    assert label[0].tex_string == rf"\text{{{w.longest_push} rows}}" and w.longest_push == 10
    curves = [_dense(c.copy().full().points) for c in why.curves]
    dots = np.array([d.get_center() for d in why.against])
    for mob in (brace, label):
        assert not any(_inside(c, mob) for c in curves) and not _inside(dots, mob)
        assert all(apart(mob, other) for other in (why.key, why.swings, *why.frame[2]))
        assert not any(mob.get_left()[0] < d.get_center()[0] < mob.get_right()[0]
                       for d in why.frame[2] if isinstance(d, DashedLine))
    assert brace.get_top()[1] < why.axes.c2p(0, 0)[1]
    at_best = brace.copy().set_y(why.axes.c2p(0, numbers.optimum[0])[1])
    assert any(_inside(c, at_best) for c in curves)


def _gap(left_mob, right_mob) -> float:
    return right_mob.get_left()[0] - left_mob.get_right()[0]


def test_row_label_and_key_clear_their_neighbours_on_the_right(built):
    """a's "row" on its numbers' line, under the axis' end, 0.3 or more from the larger lr's
    plot ("10¹"); the SGD/momentum key as far from the valley's "40" and "b" (review r11).
    Controls: "row" right of the axis' end, the key 0.6 from a's title, as they stood."""
    b = built["paths"]
    row, numbers = b.labels[2], b.bottom.x_axis.numbers
    assert row.get_right()[0] == pytest.approx(b.bottom.x_axis.get_end()[0])
    assert abs(row.get_bottom()[1] - numbers.get_bottom()[1]) < 1e-6
    assert all(apart(row, number) for number in numbers)
    assert _gap(row, b.big.frame) >= 0.3
    assert _gap(b.key, b.valley.frame) >= 0.25
    assert _gap(row.copy().next_to(b.bottom.x_axis, RIGHT, buff=0.1), b.big.frame) < 0.3
    assert _gap(b.key.copy().next_to(b.labels[1], RIGHT, buff=0.6), b.valley.frame) < 0.25


def test_valley_heads_start_on_their_paths_not_at_the_origin(built, numbers):
    """Each run's head dot stands where its path starts from the moment it is made: made at
    the origin, it stood on the b panel while the part's first caption held (review r12,
    84.2-85.7 s). Negative control: the same dot before its updater has run."""
    from manim import Dot
    v = built["paths"].valley
    for head, path in zip(v.heads, (numbers.path_sgd, numbers.path_mom)):
        np.testing.assert_allclose(head.get_center(), v.panel.axes.c2p(*path[0]), atol=1e-6)
    assert np.allclose(Dot(radius=0.07).get_center(), 0)
    assert not np.allclose(v.panel.axes.c2p(*numbers.path_sgd[0]), 0, atol=0.5)


def test_where_both_stand_is_said_inside_the_frame_at_a_small_beta(momentum_scene):
    """"both at b ≈ 1.2" stands at a = 2.6 on the valley panel; at beta 0.1 that panel's a axis
    is wider and the words ran 0.4 past the frame's right edge (a dry run found it). Now they
    keep 0.2 inside it. Control: where a = 2.6 puts them, they would cross the edge."""
    from tests.lessons.momentum_kit import LESSON
    from tests.scenes.momentum_kit import HALF_FRAME, build
    params = LESSON.resolve(sets=["beta=0.1"])    # (0 itself is refused: plain SGD)
    valley = build(momentum_scene, "paths", LESSON.compute(params), params).valley
    words = valley.here[1]
    assert words.get_right()[0] <= HALF_FRAME[0] - 0.19
    assert valley.panel.point(2.6, 8.0)[0] + 0.1 + words.width > HALF_FRAME[0]


@pytest.mark.parametrize("sets, rows, big_rows", [
    (["lr=0.05"], [("SGD", 3), ("momentum", 5)], []),
    (["lr=1", "lr_big=2"], [("SGD", 3), ("momentum", 3)], [("SGD", 3), ("momentum", 3)]),
    (["lr=1"], [("SGD", 3), ("momentum", 3)], []),
    ([], [], [])])
def test_runs_that_overflow_are_said_and_no_claim_rests_on_them(momentum_scene, sets, rows,
                                                                 big_rows):
    """Past lr 4×10⁻⁴ the line fit's runs overflow within the first epochs. At lr 1 the part
    divided by zero (rows per epoch from the cut path); at 0.05 it said "both still near
    b = −850", "about equal" and a zig-zag ratio from runs cut at rows 3 and 5, marked epochs
    every row, and wrote "RMSE none" for runs at the larger lr that overflowed too. Now the
    rows each run reached are said and written where the step table stands, and the table,
    the valley's words and the close's gain line are left out. Control: the defaults."""
    from tests.lessons.momentum_kit import LESSON
    params = LESSON.resolve(sets=sets)
    n = LESSON.compute(params)
    b, log = build(momentum_scene, "paths", n, params), Log()
    next(p for p in momentum_scene.parts if p.id == "paths")().play(log, b)
    said = [text for kind, text in log.events if kind == "say"]
    assert not any("none" in line or "nan" in line for line in said)
    assert b.overflowed == rows and (log.said_when_shown(b.table) is not None) == (not rows)
    # the valley's inset only for runs that stay in it (overflowed, its axes ran to 10⁵)
    assert (log.said_when_shown(b.valley.frame) is not None) == (not rows)
    assert any(line.startswith("Along b") for line in said) == (not rows)
    assert (len(b.close) == 4) == (not rows)          # the gain line, from the table
    if rows:
        note = log.said_when_shown(b.overflow)
        assert all(f"{name} on row {row}" in note or f"overflow on row {row}" in note
                   for name, row in rows)
        assert [m.get_tex_string() for m in b.overflow] == [
            rf"\text{{{name}: overflow, row {row}}}" for name, row in rows]
        assert all(apart(b.overflow, m) for m in (b.top, b.bottom, b.big.frame, b.valley.frame))
    for name, row in big_rows:
        assert any(f"{name} overflows: row {row}" in m.get_tex_string() for m in b.big.note)
    # the note stays in the frame, and so would "best (2.00, 30.0)" on a wide valley panel
    for mob in (b.valley.frame, *([b.overflow] if rows else [])):
        assert -HALF_FRAME[0] <= mob.get_left()[0] and mob.get_right()[0] <= HALF_FRAME[0]
    numbers_x = [m.get_right()[0] for m in b.bottom.x_axis.numbers]
    assert max(numbers_x) < b.labels[2].get_left()[0]      # "row", clear of the last number
    # whole rows only (at lr 1 the two rows were numbered 0.5, 1.0, 1.5); a's numbers in
    # powers of ten under a name that says so (−20000000 ran off the frame's edge)
    assert all(float(m.get_value()).is_integer() for m in b.bottom.x_axis.numbers)
    power = b.bottom.y_power
    assert (power > 0) == ("lr=1" in sets) and b.labels[1].get_tex_string().endswith(
        rf"\ (\times10^{{{power}}})" if power else r"\text{per row (across it)}")
    assert all(-HALF_FRAME[0] <= m.get_left()[0] for m in b.bottom.y_axis.numbers)
    # the larger lr named as a multiple only where it is larger ("at 0.0003× lr" at lr 1)
    late = b.close[-2].get_tex_string()
    assert "0.0003" not in late
    if n.big.diverged_mom is not None and n.big.diverged_sgd is None:
        assert (r"{\times}" in late) == (n.big_lr_ratio > 1)
