"""Part 2 of the ``momentum`` scene (scenes/momentum/wiggle.py), built without rendering: the
drawn wiggle is the run's derivative and its average, its keys and spread sit right of the
plots, it names the models as the thread does, marks the runaway and the row the ReLU dies, and
its series stand apart, one panel per optimizer."""

from __future__ import annotations

import numpy as np
import pytest
from manim import MathTex
from scipy.signal import lfilter

from tests.lessons.momentum_kit import numbers  # noqa: F401 - a fixture
from tests.scenes.momentum_kit import HALF_FRAME, Log, apart, build, mobjects
from tests.scenes.momentum_kit import momentum_scene, built  # noqa: F401 - fixtures


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


def test_an_early_exit_writes_its_value_after_the_top_panels_title(momentum_scene):
    """At lr 2e-4 the stacked pair leaves the chart on row 4, and its value, its ↑ over the
    arrow, was written over "SGD: g = ∂err²/∂d" on the same line (a dry run found it). Now
    it stands after the title, in the frame. Control: over the arrow it covers the title."""
    from manim import RIGHT
    from scenes.kit.scene import covers
    from tests.lessons.momentum_kit import LESSON
    params = LESSON.resolve(sets=["lr=2e-4"])
    b = build(momentum_scene, "wiggle", LESSON.compute(params), params)
    arrow, text = b.runaway
    assert "row 4" in text.tex_string
    assert apart(text, b.titles[0]) and text.get_right()[0] < HALF_FRAME[0]
    assert covers(text.copy().shift((arrow.get_x() - text[0][0].get_x()) * RIGHT), b.titles[0])


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
    from scenes.momentum.wiggle_marks import d_ends
    b = built["wiggle"]
    want = [numbers.wiggle_sgd.path()[58, 3], numbers.wiggle_mom.path()[58, 3]]
    assert [m.tex_string for m in b.d_ends] == [f"{v:.2f}" for v in want] == ["1.83", "1.58"]
    sgd, mom = b.d_ends
    assert apart(sgd, mom) and sgd.get_bottom()[1] > b.bottom.c2p(58, want[0])[1]
    assert mom.get_top()[1] < b.bottom.c2p(58, want[1])[1]
    for label in b.d_ends:
        assert b.bottom.get_right()[0] < label.get_left()[0]
        assert label.get_right()[0] < b.key_bottom.get_left()[0]
    swapped = d_ends(b.bottom, 1.2, 1.9, 58)
    assert swapped[0].get_top()[1] < swapped[1].get_bottom()[1]


def test_exit_label_follows_the_row_it_names(built):
    """Control: the label placed for another row moves with that row, a row's width a row."""
    from scenes.momentum.wiggle_marks import exit_label
    top = built["wiggle"].top
    xs = [exit_label(top, row, 4020.7, (-500, 500, 500))[1][0][0].get_x() for row in (20, 26)]
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


def test_each_dead_relu_comes_with_the_caption_that_names_its_row(momentum_scene, numbers):
    """SGD's row 26 with its caption, momentum's row 28 with "Under momentum: ... row 28",
    not with row 26's 3.6 s before (review r11). Control: a label shown under row 26's
    caption is read as shown there."""
    b, log = build(momentum_scene, "wiggle", numbers), Log()    # playing changes a build
    next(p for p in momentum_scene.parts if p.id == "wiggle")().play(log, b)
    (sgd_line, sgd_label), (mom_line, mom_label) = b.dies
    for mob in (sgd_line, sgd_label):
        assert "ReLU dead from row 26" in log.said_when_shown(mob)
    for mob in (mom_line, mom_label):
        assert log.said_when_shown(mob).startswith("Under momentum: dead from row 28")
    early = Log()
    early.say("ReLU dead from row 26")
    early.add(mom_label)
    assert "row 26" in early.said_when_shown(mom_label)


@pytest.mark.parametrize("lr", [0.1, 1.0, 1e-4])
def test_an_overflow_is_said_and_shown_and_no_claim_rests_on_a_cut_run(momentum_scene, lr):
    """Past an lr of about 0.07 a ReLU run overflows on row 2. The part said "m is calmer:
    its spread is nan% of g's" over empty panels. Now it names the runs and the row, writes
    "overflow, row 2" on the panel's title line (clear of its title, inside the frame), and
    says only what whole runs show. Control: at the defaults, no overflow, the old lines."""
    from tests.lessons.momentum_kit import LESSON
    params = LESSON.resolve(sets=[f"lr={lr}"])
    n = LESSON.compute(params)
    b, log = build(momentum_scene, "wiggle", n, params), Log()
    next(p for p in momentum_scene.parts if p.id == "wiggle")().play(log, b)
    said = [text for kind, text in log.events if kind == "say"]
    assert not any("nan" in line for line in said)
    stopped = n.relu_runaway_sgd is not None or n.relu_runaway_mom is not None
    assert any(line.startswith("m is calmer") for line in said) == (n.spread_ratio is not None)
    assert any("steadily" in line for line in said) == (not stopped)
    if not stopped:
        assert b.overflow is None and not any("overflow" in line for line in said)
        return
    assert log.said_when_shown(b.overflow).startswith(f"At lr {lr:g}, ")
    for note, (panel, title) in zip(b.overflow, ((b.top, b.titles[0]), (b.mid, b.titles[1]))):
        assert "overflow, row 2" in note[0].tex_string
        assert apart(note, title) and note.get_right()[0] <= panel.get_right()[0] + 1e-6
        assert abs(note.get_left()[0]) < HALF_FRAME[0] and note.get_top()[1] < HALF_FRAME[1]


@pytest.mark.parametrize("lr, shown", [(0.05, "0.05"), (1.15, "1.15"), (1e-4, r"1.0\times10^{-4}")])
def test_the_lr_on_screen_is_the_lr_set(momentum_scene, lr, shown):
    """The wiggle's and the paths' subtitles write the lr the runs used. They wrote it with
    one decimal from 0.01 up: lr 0.05 read "lr = 0.1" over runs at 0.05, and 1.15 read 1.1
    (found by a dry run at lr 0.05). The default, 10⁻⁴, still reads as the sheet writes it."""
    from tests.lessons.momentum_kit import LESSON
    params = LESSON.resolve(sets=[f"lr={lr}"])
    n = LESSON.compute(params)
    wiggle, paths = (build(momentum_scene, part, n, params) for part in ("wiggle", "paths"))
    for sub in (wiggle.sub[0].get_tex_string(), paths.sub.get_tex_string()):
        assert rf"\text{{lr}} = {shown}" in sub


def test_a_death_near_the_last_row_lowers_its_panels_key(momentum_scene, built):
    """With 29 rows the ReLU dies on row 26 (SGD) and 28 (momentum), and each death's label,
    right of its dashes at the panel's top, runs past the rows axis' end into the key column
    (a dry run found "(row 27's step)" on "with a ReLU: g"). Each key then stands at its
    panel's bottom, and no label meets a key, the words under the top key or the spread.
    At the defaults the keys stay centred on their panels. Control: centred at 29 rows, each
    key meets its death's label."""
    from manim import RIGHT
    from scenes.kit.scene import covers
    from scenes.momentum.wiggle import KEY_BUFF
    from tests.lessons.momentum_kit import LESSON
    params = LESSON.resolve(sets=["wiggle_rows=29"])
    b = build(momentum_scene, "wiggle", LESSON.compute(params), params)
    assert [label[0].tex_string for _, label in b.dies] == [
        r"\text{ReLU dead from row 26}", r"\text{ReLU dead from row 28}"]
    texts = (b.key_top, b.key_mid, b.key_bottom, b.why_negative, b.spread)
    for (_, label), key, axes in zip(b.dies, (b.key_top, b.key_mid), (b.top, b.mid)):
        assert label.get_right()[0] > axes.x_axis.get_end()[0]
        assert all(apart(label, text) for text in texts)
        assert key.get_bottom()[1] == pytest.approx(axes.c2p(0, axes.y_range[0])[1])
        assert covers(key.copy().next_to(axes, RIGHT, buff=KEY_BUFF), label)
    assert all(apart(one, two) for k, one in enumerate(texts) for two in texts[k + 1:])
    d = built["wiggle"]
    for key, axes in ((d.key_top, d.top), (d.key_mid, d.mid)):
        assert key.get_y() == pytest.approx(axes.get_y())
