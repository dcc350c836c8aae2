"""Layout of the ``overshoot`` scene's thread and closing (scenes/overshoot/thread.py,
readouts.py), built and never rendered: the flat lr in its blue on the per-row limit, the answer
in the free band only after a runaway, the readout's a and c row by row, log row plots with
decades where the scale says, the divergence marker on the row it ran away at, the own limits'
steps, dots and key, the err² panel's cap, red for the runaways alone, and the limits' legend
kept beside the answer."""

import numpy as np
import pytest
from manim import MathTex, Text

from sgdanim.lessons.overshoot import compute, log_scale
from tests.lessons.test_overshoot import LESSON
from tests.scenes.overshoot_kit import corners
from tests.scenes.overshoot_kit import numbers, built  # noqa: F401 - fixtures


def test_thread_draws_one_neurons_flat_lr_in_its_blue_on_the_per_row_limit(numbers, built):
    from scenes.overshoot.common import ONE as MODEL   # one neuron's colour
    from manim import ManimColor
    th, view = numbers.thread, built.thread.view
    start, end = view.one_lr.get_start_and_end()
    assert start[1] == pytest.approx(end[1]) == pytest.approx(view.effective.point(0, th.lr)[1])
    assert ManimColor(view.one_lr.get_color()) == ManimColor(MODEL)
    # 98% of the per-row limit: on the log axis it runs along that dashed line, under it
    per_row = view.limits[0].get_start()[1]
    assert 0 < per_row - start[1] < 0.02
    # control: the pair's first row acts at twice that, visibly above it
    assert view.effective.point(1, th.effective[0])[1] - start[1] > 0.1
    assert "one neuron" in built.thread.limit_key[2].tex_string
    assert ManimColor(built.thread.limit_key[2].get_color()) == ManimColor(MODEL)


def test_the_threads_answer_sits_in_the_free_band_and_only_after_a_runaway(built):
    b = built.thread
    a = b.answer
    assert a is not None and "lr}\\cdot(a^2+c^2)" in a[1].tex_string
    assert -7.11 < a.get_left()[0] and a.get_right()[0] < 7.11
    assert a.get_top()[1] < b.setup.get_bottom()[1]
    assert a.get_bottom()[1] > max(b.view.get_top()[1], b.view.marker[1].get_top()[1])
    # the biggest text of the last screen: no label, key or readout is set larger
    others = [m for m in (b.head, b.setup, b.readout, b.key, b.view) for m in m.get_family()
              if isinstance(m, (MathTex, Text)) and m.font_size]
    assert min(line.font_size for line in a) > max(m.font_size for m in others)
    # the pair's loop stands in the same band while the rows climb, left of the limits' key
    loop = b.loop
    assert loop is not None and loop.get_right()[0] < b.limit_key.get_left()[0]
    assert loop.get_top()[1] < b.setup.get_bottom()[1]
    assert loop.get_bottom()[1] > b.view.get_top()[1]
    # control: a run that does not run away asks nothing to answer
    from scenes.overshoot.thread import answer
    calm = compute(LESSON.resolve(sets=["lr_thread=1e-6"])).thread
    assert calm.diverged_at is None and answer(calm) is None
    from scenes.overshoot.readouts import pair_loop
    one = compute(LESSON.resolve(sets=["model=linear"])).thread
    assert pair_loop(one) is None           # one neuron has no a and c to grow


def test_the_threads_readout_shows_a_and_c_growing_row_by_row(numbers, built):
    """Top right, each row's a and c (in their weight colours) and a² + c², as the lesson
    computed them: the weights each overshoot grows, next to the multiplier they make."""
    from manim import ManimColor
    from scenes.kit.format import sci_tex
    from scenes.kit.style import WEIGHT_COLOURS
    th, b = numbers.thread, built.thread
    shown = b.readout[3]
    for r in (1, 26, 27):
        b.row.set_value(r)
        shown.update()
        # one row in the group: the others stay out of every frame's walk (docs/performance.md)
        assert len(shown.submobjects) == 1, r
        lit = [m for m in shown.rows if m.get_fill_opacity() > 0.5]
        assert lit == shown.submobjects, r
        a, c = th.a_and_c[r - 1]
        assert lit[0].tex_string == " ".join([f"a={sci_tex(a, 1)}", r",\ ", f"c={sci_tex(c, 1)}",
                                              r",\ ", "a^2+c^2=", sci_tex(th.growth[r - 1], 1)])
        assert ManimColor(lit[0][0].get_color()) == ManimColor(WEIGHT_COLOURS["a"])
        assert ManimColor(lit[0][2].get_color()) == ManimColor(WEIGHT_COLOURS["c"])
    assert shown.rows[25].tex_string.startswith("a=-5.6")     # row 26: a flipped and grew
    assert "149.9" in shown.rows[26].tex_string and "4.6\\times10^{4}" in shown.rows[26].tex_string
    # control: another row's values are not the lit ones, and clear (an animation under way
    # still draws the members it listed when it began)
    assert shown.rows[0].get_fill_opacity() == 0
    # a copy an animation makes keeps its row while the counter moves on
    copied = b.readout.copy()[3]
    b.row.set_value(5)
    copied.update()
    assert [m.tex_string for m in copied.submobjects] == [shown.rows[26].tex_string]
    b.row.set_value(0)
    shown.update()
    inside = b.readout.get_right()[0] < 7.11 and b.readout.get_left()[0] > b.head.get_right()[0]
    assert inside


def test_row_plot_puts_decades_where_the_scale_says(manim_tmp):
    from scenes.overshoot.common import RowPlot
    scale = log_scale([[0.0, 1e3]], floor=-1)
    ax = RowPlot(10, scale, y_label=r"\text{error}")
    assert [t.tex_string for t in ax.labels] == ["10^{-1}", "10^{0}", "10^{1}", "10^{2}", "10^{3}"]
    bottom, top = ax.axes.y_axis.get_start()[1], ax.axes.y_axis.get_end()[1]
    curve = ax.curve([0.0, 1e3], "#ffffff")      # 0 sits on the floor, 10^3 on the top
    assert [p[1] for p in corners(curve)] == pytest.approx([bottom, top])
    assert ax.words[0].get_top()[1] < ax.axes.x_axis.get_bottom()[1]
    assert ax.words[1].get_bottom()[1] > top and ax.words[1].get_left()[0] == pytest.approx(
        ax.labels.get_left()[0])


def test_thread_marker_sits_on_diverged_at(numbers, built):
    view = built.thread.view
    assert view.marker.step == numbers.thread.diverged_at == 28
    for line, panel in zip(view.lines, (view.error, view.effective)):
        row = panel.axes.x_axis.n2p           # the x of a row (the y axis is a log one)
        expected_x = row(28)[0]
        assert line[0].get_start()[0] == pytest.approx(expected_x)
        assert line[0].get_end()[0] == pytest.approx(expected_x)
        assert row(27)[0] < expected_x < row(29)[0]
        # from the bottom of the plot to its top
        assert line[0].get_start()[1] == pytest.approx(panel.axes.y_axis.get_start()[1])
        assert line[0].get_end()[1] == pytest.approx(panel.axes.y_axis.get_end()[1])
    # LaTeX, like the panel's other readouts, through the kit's number rule
    assert view.marker.label == r"\text{row 28}\text{: err}^2\ 1.9\times10^{25}"
    assert view.marker[1].tex_string == view.marker.label   # the drawn MathTex is that label
    assert not isinstance(view.marker[1], Text)             # control: not the Text font
    assert built.thread.calm is None


def test_thread_curves_end_on_the_last_kept_row_at_its_values(numbers, built):
    """The pair's err² and its effective lr, once every row is shown, end on row 27 at the
    lesson's numbers; the limit lines stand at one neuron's two limits."""
    th, b = numbers.thread, built.thread
    b.row.set_value(th.kept)
    for curve, panel, value in ((b.view.error.pair, b.view.error, th.loss[-1]),
                                (b.view.step, b.view.effective, th.effective[-1])):
        end = curve.update().points[-1]
        assert end[:2] == pytest.approx(panel.point(th.kept, value)[:2])
    for line, lr in zip(b.view.limits, (th.limits.per_row, th.limits.mean_loss)):
        assert line.get_start()[1] == pytest.approx(b.view.effective.point(0, lr)[1])
    # one neuron's curve is drawn on the err² panel where it now stands, every row
    assert b.view.error.one.points[0][:2] == pytest.approx(
        b.view.error.point(1, th.one_neuron[0])[:2])
    b.row.set_value(0)


def test_no_marker_when_nothing_runs_away(manim_tmp):
    from scenes.overshoot.thread import ThreadPart
    params = LESSON.resolve(sets=["lr_thread=1e-6"])
    b = ThreadPart().build(compute(params), params)
    assert b.view.marker is None
    assert b.calm.get_top()[1] <= b.view.error.axes.get_top()[1] + 1e-6


def test_own_limits_step_at_each_rows_limit_and_dots_mark_the_rows_past_it(numbers, built):
    """The grey steps stand at each row's own limit over r ± ½; a white dot sits on the pair's
    effective lr at each row of ``over_own``, hidden until the row tracker reaches it."""
    th, view, row = numbers.thread, built.thread.view, built.thread.row
    pts = view.own.get_anchors()
    for r in (1, 18, 25):
        y = view.effective.point(r, th.row_limits[r - 1])[1]
        at_r = [p for p in pts if abs(p[0] - view.effective.point(r, 1.0)[0]) < 0.2]
        assert any(abs(p[1] - y) < 1e-6 for p in at_r), r
    assert [d.row for d in view.over] == list(th.over_own)
    for d in view.over:
        assert d.get_center()[:2] == pytest.approx(
            view.effective.point(d.row, th.effective[d.row - 1])[:2])
    row.set_value(20)
    shown = [d.row for d in view.over if d.update().get_fill_opacity() > 0.5]
    assert shown == [r for r in th.over_own if r <= 20]
    # The check can fail: row 24's dot is not shown at row 20, and row 24's limit (x = 64) is
    # not row 25's (x = 99).
    assert 24 not in shown
    assert th.row_limits[23] != pytest.approx(th.row_limits[24])


def test_own_limits_key_names_the_grey_steps_clear_of_every_curve(numbers, manim_tmp):
    """The grey steps and white dots have a key inside the effective-lr panel that touches
    none of its curves (the steps, the pair's lr, the dots, the limit lines); the dots start
    hidden (a still wait runs no updater, so they must be hidden when built)."""
    from manim import ValueTracker
    from scenes.overshoot.thread import ThreadView

    th, row = numbers.thread, ValueTracker(0.0)
    view = ThreadView(th, row, [0.2, -1.2, 0])
    assert all(d.get_fill_opacity() == 0 for d in view.over)
    key, axes = view.own_key, view.effective.axes
    assert "own limit" in key[2][0].tex_string and key[2][1].tex_string == "1/(x^2+1)"
    assert axes.get_left()[0] < key.get_left()[0] and key.get_right()[0] < axes.get_right()[0]
    assert axes.get_bottom()[1] < key.get_bottom()[1] and key.get_top()[1] <= axes.get_top()[1]
    rows = np.arange(1, len(th.effective) + 1)
    curves = np.vstack([view.own.get_anchors(), view.effective.point(rows, th.effective),
                        *[d.get_center()[None] for d in view.over],
                        view.limits.get_all_points()])

    def hits(box) -> int:
        lo, hi = box.get_corner([-1, -1, 0]) - 0.05, box.get_corner([1, 1, 0]) + 0.05
        return int(np.sum(np.all((curves[:, :2] > lo[:2]) & (curves[:, :2] < hi[:2]), axis=1)))

    assert hits(key) == 0
    # The check can fail: the same key in the panel's bottom left sits on the steps and limits.
    assert hits(key.copy().move_to(axes, aligned_edge=[-1, -1, 0])) > 0
    row.set_value(th.kept)
    assert all(d.update().get_fill_opacity() == 1 for d in view.over)


def test_the_threads_err2_panel_draws_the_cap_its_runaway_caption_names(numbers, built):
    """The runaway's caption says "past the 1.0×10¹² cap": the err² panel draws it, as the
    sweep does, a dashed line at max_loss across the rows with its words under it, clear of
    the curves' key (control: the line is not at the panel's 10⁹ tick)."""
    th, view, b = numbers.thread, built.thread.view, built.thread
    line, label = view.cap
    start, end = line.get_start(), line.get_end()
    assert start[1] == pytest.approx(end[1]) == pytest.approx(view.error.point(0, th.max_loss)[1])
    assert start[0] == pytest.approx(view.error.point(0, th.max_loss)[0])
    assert end[0] == pytest.approx(view.error.point(th.rows, th.max_loss)[0])
    assert abs(start[1] - view.error.point(0, 1e9)[1]) > 0.1              # control
    assert th.past_cap and "10^{%d}" % th.cap_decade in label.tex_string
    assert label.get_top()[1] < start[1] and label.get_bottom()[1] > b.key.get_top()[1]


def test_red_is_the_runaways_alone_and_the_per_row_limit_is_the_own_limits_grey(built):
    """The per-row limit (its dashed line, its legend line, the sweep's divider and note) is
    the grey of each row's own limit, not the runaway marker's red (control: the marker is
    red)."""
    from manim import RED, ManimColor
    from scenes.overshoot.common import RUNAWAY
    th_view, grey = built.thread.view, ManimColor(built.thread.view.own.get_stroke_color())
    rule, name = built.sweep.view.row_divider      # the rule and its name, ▲ per-row
    per_row = [th_view.limits[0], built.thread.limit_key[1], rule, name[-1]]
    for mob in per_row:
        assert ManimColor(mob.get_color()) == grey
        assert ManimColor(mob.get_color()) not in (ManimColor(RED), ManimColor(RUNAWAY))
    assert ManimColor(th_view.marker[0].get_color()) == ManimColor(RUNAWAY)     # control


def test_the_closing_keeps_the_limits_legend_beside_the_answer(built):
    """The closing frame keeps the limit lines' legend (mean-loss and per-row), right of the
    answer, inside the frame, under the set-up line and over the panels (control: where the
    legend stood while the rows ran, it meets the answer's second line)."""
    b = built.thread
    kept, a = b.kept_key, b.answer
    assert [m.tex_string for m in kept] == [m.tex_string for m in b.limit_key[:2]]
    assert kept.get_right()[0] < 7.11 and kept.get_left()[0] > a[1].get_right()[0]
    assert kept.get_top()[1] < b.setup.get_bottom()[1]
    assert kept.get_bottom()[1] > b.view.get_top()[1]

    def meets(m, n):
        return (m.get_left()[0] < n.get_right()[0] and n.get_left()[0] < m.get_right()[0]
                and m.get_bottom()[1] < n.get_top()[1] and n.get_bottom()[1] < m.get_top()[1])
    assert not any(meets(line, a[1]) for line in kept)
    assert any(meets(line, a[1]) for line in b.limit_key)                    # control


def test_a_pair_that_runs_away_on_row_1_clears_the_algebra_for_the_answer():
    """At init 1000 the pair runs away on row 1, so no climb replaces the step's algebra with
    Part 1's loop: the answer was written over the algebra, and the loop, never shown, was
    faded out (a fade-out of what is not on screen flashes it in). Played dry, the layout
    check sees no text on another now. The default run is the control the other way: there
    the loop stays until the answer, which a first fix (the loop faded only while "on screen",
    where trace_loop had split it) wrote over."""
    from tests.scenes.dryrun import play

    for sets in (["parts=thread", "init=1000"], ["parts=thread"]):
        assert play("overshoot", sets).layout == (), sets


def test_a_calm_run_tells_no_climb_and_says_it_did_not_run_away():
    """At init 0.5 nothing runs away. It used to be told as a climb anyway ("From row 29: 1 in
    a row past their own limit", "a² + c² goes from 8.2 to 8.2"), closed with "That is why
    the pair runs away", and "no runaway in 29 rows" lay over the cap's words. Now the run
    has no climb, the closing line says how far a² + c² went, and the calm words take the
    cap's words' place. Control: the defaults' run climbs from row 24 and says why it ran
    away."""
    from tests.scenes.dryrun import play

    th = compute(LESSON.resolve(sets=["init=0.5"])).thread
    assert th.diverged_at is None and th.climb_from == th.kept + 1 and th.climb_over == 0
    run = play("overshoot", ["parts=thread", "init=0.5"])
    said = [text for _, _, text in run.cues]
    assert run.layout == ()
    assert not any("From row" in t or "goes from" in t or "why the pair" in t for t in said)
    assert ("Lime stays flat; violet grows with a² + c², 0.5 → 8.2: not enough to run away "
            "in 29 rows.") in said
    defaults = [text for _, _, text in play("overshoot", ["parts=thread"]).cues]
    assert any(t.startswith("From row 24") for t in defaults)
    assert "Lime stays flat; violet grows with a² + c². That is why the pair runs away." \
        in defaults


@pytest.mark.parametrize("lr, asked, said", [
    ("0.0001", "keeps one neuron bounded,\nand the same lr blows up two. Why?",
     "Same rows, same lr: lime's err² stays bounded, violet's explodes."),
    ("0.00005", "keeps one neuron bounded,\nand here two as well. When does two blow up?",
     "Same rows, same lr: both err² stay bounded."),
    ("0.01", "blows up one neuron,\nand two as well. Why?",
     "Same rows, same lr: both err² explode."),
])
def test_the_question_asks_what_its_runs_show(lr, asked, said):
    """A lower lr keeps the pair bounded too, and the question said "the same lr blows up
    two" and "violet's explodes" over two bounded curves. It now asks what the runs show: at
    the sheet's lr (the control) as before, at 5e-5 when two blows up, at 0.01 why both do."""
    from tests.scenes.dryrun import play

    run = play("overshoot", ["parts=question", f"lr_thread={lr}"])
    assert any(asked in words for _, words in run.texts)
    assert said in [text for _, _, text in run.cues]


def test_an_early_runaways_cross_sends_the_key_to_the_top_right(manim_tmp):
    """At lr 3e-4 the pair runs away on row 5, and its ✕ at the plot's top stood on the key's
    "one neuron" (a dry run found it). The key now stands top right. Control: where it stood,
    top left, the ✕ is on it."""
    from manim import DOWN, RIGHT, UL
    from scenes.kit.scene import covers
    from scenes.overshoot.question import QuestionPart

    params = LESSON.resolve(sets=["lr_thread=3e-4"])
    b = QuestionPart().build(compute(params), params)
    assert b.cross is not None and not covers(b.cross, b.key)
    assert b.key.get_right()[0] == pytest.approx(b.plot.axes.get_right()[0] - 0.2)
    where = b.key.copy().move_to(b.plot.axes, aligned_edge=UL).shift(RIGHT * 0.4 + DOWN * 0.05)
    assert covers(b.cross, where)
