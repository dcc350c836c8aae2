"""Part 4's close in the ``momentum`` scene (scenes/momentum/runaway.py), built without rendering
(and its captions from a dry run): the runaway's plots are kept with the takeaway under them, the
zigzag's and the runaway note's highlights keep clear of other text and the RMSE line, the log
ticks' labels clear their ticks, and the captions say the lesson's numbers and lr ratio."""

from __future__ import annotations

import pytest

from tests.lessons.momentum_kit import LESSON
from tests.lessons.momentum_kit import numbers  # noqa: F401 - a fixture (``built`` reads it)
from tests.scenes.momentum_kit import HALF_FRAME, _dense, _inside, apart
from tests.scenes.momentum_kit import momentum_scene, built  # noqa: F401 - fixtures


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


@pytest.fixture(scope="module")
def steep(momentum_scene):
    """Part 4 built at β 0.8: the a axis spans −100 to 150, and momentum runs away ×3.7 an
    epoch, reaching the top of the log plot in epoch 7."""
    from tests.scenes.momentum_kit import build
    params = LESSON.resolve(sets=["beta=0.8"])
    return build(momentum_scene, "paths", LESSON.compute(params), params)


def _line(curve):
    return _dense(curve.copy().full().points)


def test_why_plot_ends_left_of_the_step_table(built, steep):
    """The a-per-row plot's rows axis ends 0.3 or more left of the step table, which stays up
    beside it, at the defaults and at β 0.8, where momentum's last climb ran into the table's
    "momentum"; no curve enters a cell. Control: at the old 6.4 wide, centred at x = −3, the
    axis reached under the table."""
    from scenes.momentum.plots import plot_axes
    for b in (built["paths"], steep):
        why = b.why
        assert b.table.get_left()[0] - why.axes.x_axis.get_end()[0] >= 0.3
        assert not any(_inside(_line(c), cell) for c in why.curves for cell in b.table)
    w = steep.numbers.big.why
    old = plot_axes(w.x_range, w.a_range, 6.4, 3.9).move_to([-3.0, -0.45, 0])
    assert old.x_axis.get_end()[0] > steep.table.get_left()[0]


def test_push_label_goes_over_the_curves_when_the_key_fills_the_room_under_them(built, steep):
    """At β 0.8 the brace and its "7 rows / one way" stand over both curves, clear of the red
    dots' key, the swings and the curves; at the defaults they stay under (test_momentum_paths).
    Control: under the curves at β 0.8, the label sat on the key."""
    from manim import DOWN, Brace, Line
    why = steep.why
    brace, label = why.push
    assert label[0].tex_string == rf"\text{{{steep.numbers.big.why.longest_push} rows}}"
    first, last = steep.numbers.big.why.push_rows
    for c in why.curves:
        pts = _line(c)
        over = pts[(pts[:, 0] >= brace.get_left()[0]) & (pts[:, 0] <= brace.get_right()[0])]
        assert brace.get_bottom()[1] > over[:, 1].max()
    for mob in (brace, label):
        assert not any(_inside(_line(c), mob) for c in why.curves)
        assert all(apart(mob, other) for other in (why.key, why.swings, why.frame[1]))
    assert built["paths"].why.push[0].get_top()[1] < built["paths"].why.axes.c2p(0, 0)[1]
    # where the brace stood: under both curves, the best line and a = 0 over those rows
    w = steep.numbers.big.why
    low = min(w.a_mom[first:last + 1].min(), w.a_sgd[first:last + 1].min(),
              steep.numbers.optimum[0], 0.0)
    old = Brace(Line(why.axes.c2p(first, low), why.axes.c2p(last, low)), DOWN, buff=0.15)
    under = label.copy().next_to(old, DOWN, buff=0.08)
    assert not apart(under, why.key)


def test_runaway_note_stands_clear_of_a_steep_climb(built, steep):
    """Each line of "runs away: epoch 8 / ×3.7 an epoch" keeps 0.1 from both RMSE curves at
    β 0.8, in the plot's right column under the climb's end; at the defaults the note keeps
    its top-left corner. Control: in that corner at β 0.8 the climb runs through it."""
    from manim import DR, RIGHT
    from scenes.kit.clearance import clear_of
    for b in (built["paths"], steep):
        lines = [_line(c) for c in b.big.curves]
        assert all(clear_of(line, lines, 0.1) for line in b.big.note)
    axes, note = steep.big.axes, steep.big.note
    assert note.get_right()[0] == pytest.approx(axes.axes.x_axis.get_end()[0] - 0.1)
    default = built["paths"].big
    corner = default.axes.point(0, 10.0 ** default.axes.high)
    assert default.note.get_left()[0] == pytest.approx(corner[0] + 0.25, abs=0.01)
    corner = axes.point(0, 10.0 ** axes.high)
    top_left = note.copy().next_to(corner, DR, buff=0.1).shift(RIGHT * 0.15)
    lines = [_line(c) for c in steep.big.curves]
    assert not all(clear_of(line, lines, 0.1) for line in top_left)
