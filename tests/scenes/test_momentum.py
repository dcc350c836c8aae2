"""Scenes of lesson ``momentum``, built without rendering: that the parts play in the lesson's
order, that everything each part's ``build`` draws (the sine and its averages, the wiggle of
the run's derivative, the constant schedule's plateaus, the paths on the loss landscape) is the
lesson's numbers, and that headers, keys, labels and tables sit inside the frame without
overlapping."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from manim import LEFT, RIGHT, MathTex
from scipy.signal import lfilter

from sgdanim.lessons import get

LESSON = get("momentum")


@pytest.fixture(scope="module")
def numbers():
    return LESSON.compute(LESSON.defaults())


# The parts' builds: what is drawn and where, without rendering --------------------------------

HALF_FRAME = (7.12, 4.0)    # the frame is 14.22 by 8 scene units


@pytest.fixture(scope="module")
def momentum_scene():
    pytest.importorskip("manim")
    from scenes.momentum.scene import Momentum
    return Momentum


def build(momentum_scene, part_id, n, params=None):
    part = next(p for p in momentum_scene.parts if p.id == part_id)
    return part().build(n, params or LESSON.defaults())


@pytest.fixture(scope="module")
def built(momentum_scene, numbers):
    """Each part's build at the defaults (tests that move a curve build their own)."""
    return {part.id: build(momentum_scene, part.id, numbers) for part in momentum_scene.parts}


def mobjects(value):
    """Every mobject a build returned, through its lists and namespaces."""
    from manim import Mobject
    if isinstance(value, Mobject):
        return [value]
    if isinstance(value, (list, tuple)):
        return [m for v in value for m in mobjects(v)]
    if hasattr(value, "__dict__") and not hasattr(value, "shown"):   # not the numbers
        return [m for v in vars(value).values() for m in mobjects(v)]
    return []


def box(mob):
    """(left, bottom, right, top) of a mobject's bounding box."""
    return (mob.get_left()[0], mob.get_bottom()[1], mob.get_right()[0], mob.get_top()[1])


def apart(a, b) -> bool:
    (l1, b1, r1, t1), (l2, b2, r2, t2) = box(a), box(b)
    return r1 <= l2 or r2 <= l1 or t1 <= b2 or t2 <= b1


def test_parts_play_in_the_lessons_order(momentum_scene):
    assert [part.id for part in momentum_scene.parts] == [spec.id for spec in LESSON.parts]


def test_each_header_is_its_numbered_chapter_title_top_left(built):
    for number, spec in enumerate(LESSON.parts, 1):
        head = built[spec.id].head
        assert head.original_text == f"{number} · {spec.title}"
        assert head.get_left()[0] < -6.5 and head.get_top()[1] > 3.5


def test_everything_built_is_inside_the_frame(built):
    for part_id, b in built.items():
        for mob in mobjects(b):
            if not mob.get_family() or not any(m.has_points() for m in mob.get_family()):
                continue
            left, bottom, right, top = box(mob)
            assert -HALF_FRAME[0] <= left and right <= HALF_FRAME[0], (part_id, mob)
            assert -HALF_FRAME[1] <= bottom and top <= HALF_FRAME[1], (part_id, mob)


def test_sine_labels_stack_under_the_rule_without_overlapping(momentum_scene):
    params = LESSON.resolve(sets=["bias_correction=true"])    # off by default: Part 3 shows it
    b = build(momentum_scene, "sine", LESSON.compute(params), params)
    assert b.beta.get_top()[1] < b.rule.get_bottom()[1]
    t_label, _, m_label, _ = b.readout
    assert t_label.get_top()[1] < b.beta.get_bottom()[1]
    assert m_label.get_left()[0] > t_label.get_right()[0]
    assert b.legend.get_top()[1] < b.rule.get_bottom()[1]
    assert b.legend.get_left()[0] == pytest.approx(b.rule.get_left()[0])
    # The bias correction's formula sits left of the legend, not on it or on the rule.
    assert apart(b.fix, b.legend) and apart(b.fix, b.rule)
    assert b.fix.get_right()[0] < b.legend.get_left()[0]
    # Neither the rule nor the formula touches the part's header (both sat on its line).
    assert apart(b.rule, b.head) and apart(b.fix, b.head)
    assert len(b.legend) == len(b.sweep) == 3 and len(b.ticks) == 4


def test_sine_reading_marks_the_last_cycles_peak_and_lag(built, numbers):
    b, c = built["sine"], numbers.main
    peak_line, peak_text, lag, lag_text, hump_text, pointer = b.reading
    assert b.axes.p2c(peak_line.get_end())[1] == pytest.approx(c.peak)
    start, end = (b.axes.p2c(p)[0] for p in (lag.get_start(), lag.get_end()))
    assert (start, end) == (pytest.approx(numbers.sin_x[c.sin_peak_index]),
                            pytest.approx(numbers.sin_x[c.peak_index]))
    assert "steady peak" in peak_text.get_tex_string() and "0.64" in peak_text.get_tex_string()
    assert "lags 7 samples" in lag_text.get_tex_string()
    # The first hump is labelled as the start-up, its pointer ending just above the hump.
    assert "first hump" in hump_text.get_tex_string() and "0.71" in hump_text.get_tex_string()
    hump = b.axes.p2c(pointer.get_end())
    assert hump[0] == pytest.approx(numbers.sin_x[c.first_peak_index], abs=1e-6)
    assert c.first_peak < hump[1] < c.first_peak + 0.2


def test_no_bias_correction_builds_no_formula(momentum_scene, built):
    params = LESSON.resolve(sets=["bias_correction=false"])
    assert build(momentum_scene, "sine", LESSON.compute(params), params).fix is None
    assert built["sine"].fix is None          # the default: the correction is Part 3's


def test_drawn_sin_average_is_the_lfilter_result(built, numbers):
    drawn = built["sine"].avg.copy().full().drawn_values()
    want = lfilter([0.1], [1.0, -0.9], np.sin(numbers.sin_x))
    np.testing.assert_allclose(drawn[:, 0], numbers.sin_x, atol=1e-9)
    np.testing.assert_allclose(drawn[:, 1], want, atol=1e-9)
    # A different β would be drawn elsewhere: the check can fail.
    other = lfilter([0.5], [1.0, -0.5], np.sin(numbers.sin_x))
    assert np.abs(drawn[:, 1] - other).max() > 0.1


def test_average_tip_and_readout_follow_the_growing_curve(momentum_scene, numbers):
    b = build(momentum_scene, "sine", numbers)
    for k in (0, 7, 42):
        b.avg.tracker.set_value(k)
        b.avg.update()
        b.tip.update()
        b.readout.update()
        x, y = b.axes.p2c(b.avg.head())
        assert x == pytest.approx(numbers.sin_x[k]) and y == pytest.approx(numbers.main.ema[k])
        assert np.allclose(b.tip.get_center(), b.avg.head())
        assert len(b.avg.drawn_values()) == k + 1
        assert b.readout[1].get_value() == k + 1
        assert b.readout[3].get_value() == pytest.approx(numbers.main.ema[k])


def test_drawn_sweep_and_corrections_are_lfilter_results(built, numbers):
    b = built["sine"]
    v = np.sin(numbers.sin_x)
    t = np.arange(1, len(v) + 1)
    for beta, curve, fixed in zip((0.5, 0.9, 0.98), b.sweep, b.corrected):
        m = lfilter([1 - beta], [1.0, -beta], v)
        np.testing.assert_allclose(curve.copy().full().drawn_values()[:, 1], m, atol=1e-9)
        np.testing.assert_allclose(fixed.drawn_values()[:, 1], m / (1 - beta ** t), atol=1e-9)


def test_drawn_wiggle_is_the_runs_derivative_and_its_average(built, numbers):
    b = built["wiggle"]
    g = numbers.wiggle_mom.grad("d")
    np.testing.assert_allclose(b.raw.copy().full().drawn_values()[:, 1], g, rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(b.mom.copy().full().drawn_values()[:, 1],
                               lfilter([0.1], [1.0, -0.9], g), rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(b.d_sgd.copy().full().drawn_values()[:, 1],
                               numbers.wiggle_sgd.path()[:, 3], atol=1e-9)
    np.testing.assert_allclose(b.d_sgd.copy().full().drawn_values()[:, 0], np.arange(59), atol=1e-9)


def test_wiggle_keys_and_spread_sit_right_of_the_plots(built):
    b = built["wiggle"]
    assert b.titles[0].get_bottom()[1] >= b.top.get_top()[1] - 1e-6
    for key, plot in ((b.key_top, b.top), (b.spread, b.top), (b.key_bottom, b.bottom)):
        assert key.get_left()[0] > plot.get_right()[0]
    assert apart(b.spread, b.key_top) and apart(b.key_top, b.key_bottom)
    # caption 16 on screen, in the right column between the keys (r8); control: it says g < 0
    assert all(apart(b.why_negative, k) for k in (b.key_top, b.key_mid, b.spread))
    assert b.why_negative.get_left()[0] > b.top.get_right()[0]
    assert r"g < 0" in b.why_negative.tex_string
    assert b.sub.get_top()[1] < b.head.get_bottom()[1]
    # the subtitle on two lines, under the header, over the top panel's title, neither across
    # the frame (one line ran 20 px to 840 px, over the panels' titles; review r7)
    assert len(b.sub) == 2 and b.sub[0].get_bottom()[1] > b.sub[1].get_top()[1]
    assert b.sub.get_bottom()[1] > b.titles[0].get_top()[1]
    assert all(line.width < 1.4 * HALF_FRAME[0] for line in b.sub)
    assert "finite differences" in b.sub[1].tex_string and r"\max" in b.sub[0].tex_string
    assert "162" in b.spread.get_tex_string() and "82" in b.spread.get_tex_string()
    # The series in the optimizers' colours: SGD's ReLU run, momentum's g and m.
    from scenes.kit.style import OPTIMIZER_COLOURS
    assert b.relu.get_stroke_color().to_hex().upper() == OPTIMIZER_COLOURS["sgd"]
    assert b.mom.get_stroke_color().to_hex().upper() == OPTIMIZER_COLOURS["momentum"]
    # g in the derivative's colour, apart from m's blue, in the panel and in its key
    from scenes.kit.style import GRAD
    from manim import ManimColor
    raw = b.raw.get_stroke_color().to_hex().upper()
    assert raw == ManimColor(GRAD).to_hex().upper() != OPTIMIZER_COLOURS["momentum"]
    assert b.key_mid[0][0].get_stroke_color().to_hex().upper() == raw


def test_wiggle_names_the_models_as_the_thread_does(built):
    """One name per model, docs/notation.md's: "stacked pair" (violet) and "pair with a
    ReLU", in the keys and the exit label; control: the old "no ReLU" is nowhere."""
    b = built["wiggle"]
    top = [entry[1].tex_string for entry in b.key_top]
    assert top == [r"\text{stacked pair}", r"\text{pair with a ReLU}"]
    assert "with a ReLU" in b.key_mid[0][1].tex_string
    texts = [m.tex_string for m in mobjects(b) if isinstance(m, MathTex)]
    texts += [m.tex_string for m in b.runaway[1:]]
    assert texts and not any("no ReLU" in t for t in texts)
    notation = open("docs/notation.md", encoding="utf-8").read()
    assert "the stacked pair / the pair with a ReLU" in notation


def test_wiggle_marks_the_runaway_and_the_row_the_relu_dies(built, numbers):
    b = built["wiggle"]
    np.testing.assert_allclose(b.lin.copy().full().drawn_values()[:, 1],
                               numbers.rows_lin.grad[:25], atol=1e-6)
    (line, label), (mom_line, mom_label) = b.dies
    assert b.top.p2c(line.get_start())[0] == pytest.approx(26)
    # relu-sandwich's words: dead from the row after the step that killed it
    assert "dead from row 26" in label[0].tex_string and "row 25's step" in label[1].tex_string
    assert b.mid.p2c(mom_line.get_start())[0] == pytest.approx(28)
    assert "dead from row 28" in mom_label[0].tex_string
    assert "row 27's step" in mom_label[1].tex_string
    arrow, text = b.runaway
    assert b.top.p2c(arrow.get_end())[1] == pytest.approx(numbers.wiggle_g_range[1])
    assert "4020.7" in text.tex_string and "stacked pair" in text.tex_string
    # the label sits over the panel, clear of the dead ReLU's marks and inside the frame
    assert text.get_bottom()[1] >= b.top.get_top()[1] - 1e-6
    assert text.get_right()[0] < HALF_FRAME[0] and text.get_left()[0] > -HALF_FRAME[0]
    # at the row it names: its ↑ on the arrow, within a row of row 26 (it stood 6 rows off,
    # pushed right of the panel title), and clear of that title
    row = b.top.p2c(text[0][0].get_center())[0]
    assert "row 26" in text.tex_string and abs(row - 26) < 1
    assert text[0][0].get_x() == pytest.approx(arrow.get_x())
    assert apart(text, b.titles[0])


def test_exit_arrow_stands_on_its_row_where_the_deaths_dashes_stop(built, numbers):
    """The arrow on row 26 itself (0.7 rows left it read as row 25; review r8), and the top
    panel's dashes on that row end at its tail; control: the middle panel's dashes, on a row
    without an arrow, run the panel's height."""
    b = built["wiggle"]
    arrow = b.runaway[0]
    assert numbers.lin_drawn + 1 == 26
    assert b.top.p2c(arrow.get_start())[0] == pytest.approx(26)
    (line, _), (mom_line, _) = b.dies
    np.testing.assert_allclose(line.get_end(), arrow.get_start(), atol=1e-6)
    assert b.mid.p2c(mom_line.get_end())[1] == pytest.approx(numbers.wiggle_g_range[1])


def test_wiggle_titles_stand_clear_of_the_tick_labels(built):
    """Each panel's title starts right of its y axis: over the tick labels the "-500", the
    title and the next panel's "500" read as one column (review r8)."""
    b = built["wiggle"]
    panels = (b.top, b.mid, b.bottom)
    for title, axes in zip(b.titles, panels):
        assert title.get_left()[0] > axes.c2p(0, 0)[0]
        for other in panels:
            assert apart(title, other.y_axis.numbers)
    assert apart(b.titles[0], b.runaway[1])


def test_d_ends_label_each_runs_last_d(built, numbers):
    """Each run's last d, two decimals, right of its line's end in its colour, SGD's above and
    momentum's below, both left of the key; control: the order follows the values."""
    from scenes.momentum.wiggle import _d_ends
    b = built["wiggle"]
    want = [numbers.wiggle_sgd.path()[58, 3], numbers.wiggle_mom.path()[58, 3]]
    assert [m.tex_string for m in b.d_ends] == [f"{v:.2f}" for v in want] == ["1.83", "1.58"]
    sgd, mom = b.d_ends
    assert apart(sgd, mom) and sgd.get_bottom()[1] > b.bottom.c2p(58, want[0])[1]
    assert mom.get_top()[1] < b.bottom.c2p(58, want[1])[1]
    for label in b.d_ends:
        assert b.bottom.get_right()[0] < label.get_left()[0]
        assert label.get_right()[0] < b.key_bottom.get_left()[0]
    swapped = _d_ends(b.bottom, 1.2, 1.9, 58)
    assert swapped[0].get_top()[1] < swapped[1].get_bottom()[1]


def test_exit_label_follows_the_row_it_names(built):
    """Control: the label placed for another row moves with that row, a row's width a row."""
    from scenes.momentum.wiggle import _exit_label
    top = built["wiggle"].top
    xs = [_exit_label(top, row, 4020.7, (-500, 500, 500))[1][0][0].get_x() for row in (20, 26)]
    assert xs[1] - xs[0] == pytest.approx(top.c2p(26, 0)[0] - top.c2p(20, 0)[0])


def test_no_relu_series_is_violet_with_a_dot_per_row(built, numbers):
    """The linear pair (no ReLU) lies on the ReLU run until row 25: drawn in the thread's
    stacked-pair violet with a dot on every row, it shows on top of the yellow line."""
    from scenes.kit.style import MODEL_COLOURS
    b = built["wiggle"]
    violet = MODEL_COLOURS["linear2"].upper()
    assert b.lin.get_stroke_color().to_hex().upper() == violet
    assert len(b.lin_dots) == numbers.lin_drawn == 25
    got = np.array([b.top.p2c(d.get_center()) for d in b.lin_dots])
    np.testing.assert_allclose(got[:, 1], numbers.rows_lin.grad[:25], atol=1e-6)
    assert {d.get_fill_color().to_hex().upper() for d in b.lin_dots} == {violet}
    # the dots show only once the line has reached them
    b.lin.tracker.set_value(4)
    b.lin_dots.update()
    shown = [d.get_fill_opacity() > 0 for d in b.lin_dots]
    assert shown[:5] == [True] * 5 and not any(shown[5:])
    b.lin.tracker.set_value(0)
    b.lin_dots.update()


def test_wiggle_series_stand_apart_one_panel_per_optimizer(built):
    """After the ReLU dies both runs' g agree to a fraction of a unit: SGD's series (no ReLU,
    ReLU) are drawn on the top panel and momentum's (g, m) on the middle one, which do not
    overlap, so the four stay told apart."""
    b = built["wiggle"]

    def within(curve, axes):
        pts = curve.copy().full().get_points()
        return bool(np.all((pts[:, 1] >= axes.get_bottom()[1] - 1e-6)
                           & (pts[:, 1] <= axes.get_top()[1] + 1e-6)))

    assert b.top.get_bottom()[1] > b.titles[1].get_top()[1] >= b.mid.get_top()[1]
    assert b.mid.get_bottom()[1] > b.bottom.get_top()[1]
    assert within(b.lin, b.top) and within(b.relu, b.top)
    assert within(b.raw, b.mid) and within(b.mom, b.mid)
    assert not within(b.raw, b.top)          # control: momentum's g is not on SGD's panel
    # inside the picture: burned captions sit under it (kit make_room_for_captions)
    assert b.bottom.x_axis.numbers.get_bottom()[1] > -HALF_FRAME[1] + 0.3


def test_drawn_undampened_plateau_is_g_over_one_minus_beta(momentum_scene):
    n = LESSON.compute(LESSON.resolve(sets=["steps_high=100", "steps_total=120"]))
    damped, undamped = build(momentum_scene, "constant", n).panels
    top = undamped.curve.full().drawn_values()[99, 1]
    assert top == pytest.approx(1.0 / (1 - 0.9), rel=0.01)
    assert damped.curve.full().drawn_values()[:, 1].max() <= 1.0
    # The dashed plateau line sits at g/(1−β) on the undampened axes.
    assert undamped.axes.p2c(undamped.line.get_start())[1] == pytest.approx(10.0)


def test_constant_guides_take_no_reserved_colour(built):
    """The plateau guides are neutral (no hue: docs/notation.md gives every hue of note a
    meaning, orange the path's and Adam's) and not g's grey, which they would be taken for."""
    import colorsys
    from manim import GOLD, ManimColor
    from scenes.kit.style import DATA
    from scenes.momentum.plots import RAW

    def saturation(colour) -> float:
        return colorsys.rgb_to_hsv(*ManimColor(colour).to_rgb())[1]

    for p in built["constant"].panels:
        for colour in (p.line.get_stroke_color(), p.label.get_fill_color()):
            assert saturation(colour) < 0.05, colour.to_hex()
            assert colour.to_hex().upper() not in {ManimColor(c).to_hex().upper()
                                                   for c in (RAW, DATA)}
    assert saturation(GOLD) > 0.3     # control: the orange they had is a hue


def test_constant_panels_side_by_side_under_their_titles(built):
    b = built["constant"]
    left, right = b.panels
    assert left.axes.get_right()[0] < right.axes.get_left()[0]
    for p in b.panels:
        assert p.title.get_bottom()[1] > p.axes.get_top()[1] and apart(p.title, b.key)
    # the relation under the panels and their step numbers, the gap it leaves under it, and
    # that run named without a forward reference (it said "(Part 4)")
    assert all(p.axes.get_bottom()[1] > b.relation.get_top()[1] for p in b.panels)
    assert b.relation.get_bottom()[1] > b.gap.get_top()[1] > b.gap.get_bottom()[1] > -HALF_FRAME[1]
    assert "Part" not in b.gap.tex_string and "line fit" in b.gap.tex_string
    # the panels reach into the lower half (it stood empty until the relation came)
    assert all(p.axes.get_bottom()[1] < -1.5 for p in b.panels)
    # The gap is written with the kit's sci_tex: TeX reads "\times10" as "\times 10".
    assert r"= 1.3\times10^{-15}" in b.gap.get_tex_string()


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
    one = SimpleNamespace(path_rows=numbers.path_rows, path_epochs=1)
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


def test_close_keeps_the_runaways_plots_and_writes_the_takeaway_under_them(built):
    """The close highlights the zig-zag column (its heading and both runs' mean |Δa|, not the
    Δb column: control); then the larger lr's plot rises into the step table's place and the
    takeaway and the next lesson's idea are written under it, right of the why panel, which
    stays: the last frame is the runaway's picture with its words. Control: unlifted, the
    plot would stand on the words. The gain stays on the last frame as the table showed it
    (its lr, both runs' mean |Δa|, each in its run's colour) and the cost is said: late, and
    at the larger lr's ratio it runs away (review r7)."""
    from manim import ManimColor

    from scenes.kit.format import sci_tex, short
    from scenes.momentum.plots import AVERAGE, SGD
    b, n = built["paths"], built["paths"].numbers
    column = [m.get_tex_string() for m in b.zigzag]
    assert r"|\Delta a|" in column[0] and column[1:] == ["0.133", "0.023"]
    assert not any(r"\Delta b" in t for t in column)
    words = " ".join(m.get_tex_string() for m in b.close)
    assert "momentum" in words and "smoother" in words and "but late" in words
    assert f"{short(n.big_lr_ratio, 2)}{{\\times}}" in words and "runs away" in words
    gain = b.close[1]
    assert sci_tex(n.lr, 1) in gain[0].tex_string and sci_tex(n.lr, 1) in b.table[0].tex_string
    assert [gain[1].tex_string, gain[3].tex_string] == column[:0:-1]     # momentum's first
    assert [gain[i].get_color().to_hex() for i in (1, 3)] == [ManimColor(c).to_hex()
                                                            for c in (AVERAGE, SGD)]
    risen = b.big.frame.copy().shift(b.lift)
    assert risen.get_top()[1] == pytest.approx(b.table.get_top()[1])
    assert risen.get_bottom()[1] > b.close.get_top()[1] and not apart(b.big.frame, b.close)
    assert b.close.get_left()[0] > b.why.frame.get_right()[0]
    # the bottom band is the close's too (burned-in captions sit under the picture)
    assert b.close.get_right()[0] < HALF_FRAME[0] - 0.1
    assert b.close.get_bottom()[1] > -HALF_FRAME[1] + 0.3
    assert all(apart(one, two) for k, one in enumerate(b.close) for two in b.close[k + 1:])


def test_zigzag_highlight_has_room_from_the_tables_other_text(built):
    """The gain's highlight (a fill behind the |Δa| column) stands at least 7 px (0.12) clear of
    every other cell, the table's heading and the RMSE plot's title under it; control: the
    column itself is inside it."""
    from scenes.momentum.runaway import highlight
    b = built["paths"]
    box_ = highlight(b.zigzag)
    room = box_.copy().stretch_to_fit_width(box_.width + 0.24).stretch_to_fit_height(
        box_.height + 0.24)
    others = [m for m in b.table if all(m is not z for z in b.zigzag)]
    assert len(others) == len(b.table) - len(b.zigzag)
    for mob in (*others, b.big.frame[1]):
        assert apart(room, mob), mob
    assert not apart(box_, b.zigzag[0])
    assert all(box_.get_left()[0] < z.get_left()[0] and z.get_right()[0] < box_.get_right()[0]
               for z in b.zigzag)


def test_log_tick_labels_clear_their_ticks(built):
    """The larger lr's y labels (10^1, 10^3, 10^5) end at least 4 px (0.06) left of their tick
    marks, which crossed their exponents; control: at the kit's buff of 0.1 they touch."""
    from scenes.kit.plots import LogAxes
    axes = built["paths"].big.axes
    ticks = axes.axes.y_axis.ticks
    assert len(ticks) == len(axes.labels) == 3
    for label, tick in zip(axes.labels, ticks):
        assert tick.get_left()[0] - label.get_right()[0] >= 0.06
    tight = LogAxes((0, 15, 5), (1, 5), width=5.0, height=2.0, decades_per_tick=2,
                    font_size=30, label_size=30, label_buff=0.1)
    assert tight.axes.y_axis.ticks[0].get_left()[0] - tight.labels[0].get_right()[0] < 0.01


def test_part4_captions_read_the_lessons_numbers(manim_tmp):
    """Part 4's lines are made from the numbers: at another big lr (where momentum survives)
    they say so, and the step sizes follow a changed β (negative control of the defaults)."""
    from scenes.kit.format import sci_text
    from tests.scenes.test_captions import dry_run
    sets = ["parts=paths", "lr_big=0.0002", "lr=0.00005"]
    n = LESSON.compute(LESSON.resolve(sets=sets))
    cues, _ = dry_run("momentum", sets=sets)
    said = [text for _, _, text in cues]
    assert n.big.diverged_mom is None
    assert not any("runaway" in line for line in said)
    assert not any(line.startswith("Why?") for line in said)    # no runaway to explain
    assert any(f"{n.rmse_sgd[-1]:.1f}" in line and f"{n.rmse_mom[-1]:.1f}" in line
               for line in said)
    assert any(sci_text(n.step_b_mom, 1) in line for line in said)
    assert sci_text(n.step_b_mom, 1) != "1.8×10⁻³"          # not the defaults' number
    # the lesson ends on the takeaway and the next lesson's idea, not on what fails
    assert said[-2].startswith("Takeaway:") and said[-1].startswith("Next, optimizers:")


def test_the_close_says_the_lr_ratio_the_lesson_gives(manim_tmp):
    """"At 1.5× the lr it runs away" at lr 2×10⁻⁴ against 3×10⁻⁴: the lesson's ratio in the
    kit's digits (control: the scene's old whole-number rounding said "1×": 1.4999…)."""
    from tests.scenes.test_captions import dry_run
    sets = ["parts=paths", "lr=0.0002"]
    n = LESSON.compute(LESSON.resolve(sets=sets))
    assert n.big_lr_ratio == n.big.lr / 2e-4 == pytest.approx(1.5)
    said = [text for _, _, text in dry_run("momentum", sets=sets)[0]]
    gain = next(line for line in said if line.startswith("Its gain:"))
    assert "At 1.5× the lr it runs away." in gain
    assert f"At {n.big_lr_ratio:.0f}× the lr" not in gain


def _dense(points, per=50):
    """Points along a polyline, ``per`` on each segment, for a crossing test."""
    t = np.linspace(0, 1, per)[:, None]
    return np.vstack([a + t * (b - a) for a, b in zip(points[:-1], points[1:])])


def _inside(points, mob) -> bool:
    left, bottom, right, top = box(mob)
    x, y = points[:, 0], points[:, 1]
    return bool(np.any((left < x) & (x < right) & (bottom < y) & (y < top)))


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


def test_runaway_note_highlight_keeps_off_the_rmse_line(built):
    """The close's highlight of "runs away" is a band per line, each as wide as its line, so
    the rising RMSE line passes clear of it (review r7); control: one box around both lines
    reaches past the short second line into it."""
    from scenes.momentum.runaway import highlight
    b = built["paths"]
    bands = highlight(b.big.note, per_line=True)
    assert len(bands) == 2 and bands[1].width < bands[0].width
    for band, line in zip(bands, b.big.note):
        assert not apart(band, line) and band.get_left()[0] < line.get_left()[0]
        assert band.get_right()[0] > line.get_right()[0]
    assert bands[0].get_bottom()[1] == pytest.approx(bands[1].get_top()[1])
    rmse = [_dense(c.copy().full().points) for c in b.big.curves]
    assert not any(_inside(c, band) for c in rmse for band in bands)
    assert any(_inside(c, highlight(b.big.note)) for c in rmse)
