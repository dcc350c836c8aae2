"""Layout of the ``overshoot`` scene against the lesson's numbers, built and never rendered
(under the ``manim_tmp`` fixture): the parabola's dots, step arrows and tangents land where the
runs say, the lr line marks 1/λ and 2/λ, the loop diagram's boxes hold its numbers, the sweep's
crosses, curves and legend follow its lanes and the critical lr, log row plots put decades where
the scale says, and the thread's divergence marker sits on the row it ran away at."""

from types import SimpleNamespace

import numpy as np
import pytest
from manim import MathTex, Text

from sgdanim.lessons.overshoot import compute, log_scale
from tests.lessons.test_overshoot import LESSON, log10_clipped


@pytest.fixture(scope="module")
def numbers():
    return compute(LESSON.defaults())


# The parts' layout against the numbers (built, never rendered) ---------------------------------

@pytest.fixture(scope="module")
def built(numbers, manim_tmp):
    from scenes.overshoot.scene import Overshoot
    params = LESSON.defaults()
    return SimpleNamespace(**{part.id: part().build(numbers, params) for part in Overshoot.parts})


def test_scene_plays_one_part_per_spec():
    from scenes.overshoot.scene import Overshoot
    assert [part.id for part in Overshoot.parts] == [spec.id for spec in LESSON.parts]


def test_parabola_weight_lands_on_the_curve(numbers, built):
    p, b = numbers.parabola, built.parabola
    # One panel while a run's range holds; the runaway gets its own, wider one.
    assert b.panels[0] is b.panels[1] and b.panels[2] is not b.panels[1]
    for run, pieces, panel in zip(p.runs, b.runs, b.panels):
        ax = panel.axes
        assert panel.reach == run.reach and ax.x_range[1] - ax.x_range[0] == pytest.approx(2 * run.reach)
        assert pieces.dot.get_center() == pytest.approx(ax.c2p(run.w[0], p.loss(run.w[0])))
        for k, landing in enumerate(pieces.landings):
            w = run.w[k + 1]
            assert landing == pytest.approx(ax.c2p(w, p.loss(w)))
            assert pieces.trail[k].get_end() == pytest.approx(landing)
            # The step arrow runs from w_k to w_{k+1} along the w axis.
            arrow = pieces.arrows[k]
            assert arrow.get_start()[0] == pytest.approx(ax.c2p(run.w[k], 0)[0])
            assert arrow.get_end()[0] == pytest.approx(ax.c2p(w, 0)[0])
            # The tangent at w_k has the derivative's slope in the axes' units.
            (x0, y0), (x1, y1) = (ax.p2c(pt)[:2] for pt in pieces.tangents[k].get_start_and_end())
            assert (y1 - y0) / (x1 - x0) == pytest.approx(run.loop[k, 1])


def test_parabola_lr_line_marks_one_and_two_over_lambda(numbers, built):
    p = numbers.parabola
    rule, (line, over, ticks, dots, _) = built.parabola.critical
    assert line.x_range[1] == p.line_end
    assert over.get_start()[0] == pytest.approx(line.n2p(p.critical_lr)[0])
    assert ticks[1][0].get_center()[0] == pytest.approx(line.n2p(p.critical_lr)[0])
    assert ticks[0][0].get_center()[0] == pytest.approx(line.n2p(p.lands_lr)[0])
    assert [dot[0].get_center()[0] for dot in dots] == pytest.approx(
        [line.n2p(r.lr)[0] for r in p.runs])
    assert rule.get_top()[1] < dots.get_bottom()[1]        # the update rule sits under the line


def test_parabola_lr_line_stands_under_the_loop_above_the_captions(built):
    """The lr line is on screen from the first rate on, under the loop: its 1/λ and 2/λ
    labels clear the loop's boxes and its rule stays out of the burned captions' band."""
    from scenes.overshoot.parabola import CRITICAL_FOOT
    b = built.parabola
    assert b.critical.get_bottom()[1] == pytest.approx(CRITICAL_FOOT) and CRITICAL_FOOT > -3.1
    assert b.critical.get_top()[1] < b.loop.get_bottom()[1]
    assert b.critical.get_left()[0] > max(panel.get_right()[0] for panel in b.panels)
    # Control: where it used to stand (centred at y = -3), its rule dips into the band.
    assert b.critical.copy().move_to([3.4, -3.0, 0]).get_bottom()[1] < -3.1


def test_loop_diagram_shows_only_computed_numbers(numbers, built):
    small, _, runaway = numbers.parabola.runs
    loop = built.parabola.loop
    # Before any step it already holds small's step 0, never a placeholder.
    assert [n.get_value() for n in loop.numbers] == pytest.approx(small.loop[0])
    assert loop.factor.get_value() == pytest.approx(small.ratio)
    assert len(loop.show_step(runaway, runaway.loop.shape[0] - 1, 1.0)) == 4
    assert loop.places == 2      # the defaults stay below 100


def test_loop_boxes_hold_the_widest_number(manim_tmp):
    from scenes.overshoot.parabola import LoopDiagram
    p = compute(LESSON.resolve(sets=["lr=3", "steps=4"])).parabola   # distance 625
    loop = LoopDiagram(p)
    assert loop.places == 0
    for j, (number, node) in enumerate(zip(loop.numbers, loop.nodes)):
        number.set_value(-p.loop_widest[j])
        assert number.width < node[0].width


def corners(polyline) -> np.ndarray:
    """A polyline's corners: where each segment starts, then where the last one ends."""
    return np.vstack([polyline.get_start_anchors(), polyline.get_end_anchors()[-1:]])


def test_sweep_crosses_sit_on_each_lanes_diverged_at(numbers, built):
    s, view = numbers.sweep, built.sweep.view
    diverged = {i: lane.diverged_at for i, lane in enumerate(s.lanes) if lane.diverged_at}
    assert set(view.cross_of) == set(diverged)
    ax = view.plot.axes      # manim's axes: its log y axis takes values, and 10^12 is its top
    assert ax.y_axis.get_end()[1] == pytest.approx(ax.c2p(0, 10.0 ** s.scale.high)[1])
    for i, cross in view.cross_of.items():
        assert cross.step == diverged[i]
        assert cross.get_center() == pytest.approx(ax.c2p(diverged[i], 10.0 ** s.cap_decade))
    for i, lane in enumerate(s.lanes):   # every curve ends on its last kept row, at its error
        rows = lane.loss.shape[0]
        assert view.curves[i].points[-1] == pytest.approx(ax.c2p(rows, lane.loss[-1]))
        y = [ax.p2c(p)[1] for p in corners(view.curves[i])]
        np.testing.assert_allclose(np.log10(y), log10_clipped(lane.loss, s.scale.low), atol=1e-9)
    # The epoch line stands between the epochs' rows, the full height of the plot.
    line = view.epoch_lines[0]
    assert line.get_start() == pytest.approx(ax.c2p(29.5, 10.0 ** s.scale.low))
    assert line.get_end()[1] == pytest.approx(ax.y_axis.get_end()[1], abs=0.05)


def test_sweep_legend_is_sorted_and_split_at_the_critical_lr(numbers, built):
    s, b = numbers.sweep, built.sweep
    ys = [b.view.entries[i].get_y() for i in s.by_lr]
    assert ys == sorted(ys, reverse=True)
    below = [b.view.entries[i] for i in s.by_lr if not s.lanes[i].above_critical]
    above = [b.view.entries[i] for i in s.by_lr if s.lanes[i].above_critical]
    assert below[-1].get_bottom()[1] > b.view.divider.get_y() > above[0].get_top()[1]
    text, captions = b.note
    assert text.get_top()[1] < b.view.legend.get_bottom()[1]
    assert len(text) == len(captions) == 3
    assert "1.02×10⁻⁴" in captions[0] and "3.2×10⁻⁴ is past it" in captions[1]
    assert "98%" in captions[2]


def test_sweep_legend_is_one_font_and_marks_the_per_row_limit_too(numbers, built):
    from manim import MathTex, Text
    s, b = numbers.sweep, built.sweep
    for entry in b.view.entries:        # a swatch and one MathTex: lr and its fate, one font
        assert len(entry) == 2 and isinstance(entry[1], MathTex)
        assert not any(isinstance(m, Text) for m in entry.get_family())
    # the per-row limit (1.02×10⁻⁴) splits the legend between 1.0×10⁻⁴ and 3.2×10⁻⁴, in red
    low = [b.view.entries[i] for i in s.by_lr if s.lanes[i].lr < s.row_critical_lr]
    high = [b.view.entries[i] for i in s.by_lr if s.lanes[i].lr > s.row_critical_lr]
    assert len(low) == 1 and low[-1].get_bottom()[1] > b.view.row_divider.get_y() > high[0].get_top()[1]
    assert b.view.row_divider.get_y() > b.view.divider.get_y()
    # control: a sweep whose rates are all above that limit has no such line
    other = compute(LESSON.resolve(sets=["lrs=0.001,0.01"]))
    from scenes.overshoot.sweep import SweepView
    assert SweepView(other.sweep).row_divider is None


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
        lit = [m for m in shown if m.get_fill_opacity() > 0.5]
        assert len(lit) == 1, r
        a, c = th.a_and_c[r - 1]
        assert lit[0].tex_string == " ".join([f"a={sci_tex(a, 1)}", r",\ ", f"c={sci_tex(c, 1)}",
                                              r",\ ", "a^2+c^2=", sci_tex(th.growth[r - 1], 1)])
        assert ManimColor(lit[0][0].get_color()) == ManimColor(WEIGHT_COLOURS["a"])
        assert ManimColor(lit[0][2].get_color()) == ManimColor(WEIGHT_COLOURS["c"])
    assert shown[25].tex_string.startswith("a=-5.6")     # row 26: a flipped and grew
    assert "149.9" in shown[26].tex_string and "4.6\\times10^{4}" in shown[26].tex_string
    # control: another row's values are not the lit ones
    assert shown[0].get_fill_opacity() == 0
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


# When the rows move: the pair's curve from the first frame, the climb's rows held to read ----

TRACKERS = ("question_row", "thread_row")


@pytest.fixture(scope="module")
def rows_in_time(manim_tmp):
    """Each part's row tracker as ``(scene time, row)`` at every play's start and end of the
    lesson played with no frame drawn (a wait is a play too): its rows move linearly between
    them, so these points are the whole of it."""
    from sgdanim.render.dry_run import play_dry
    seen = {name: [] for name in TRACKERS}

    def watch(scene):
        play = scene.play

        def noted(*args, **kwargs):
            before = (float(scene.time), {n: getattr(scene, n).get_value() for n in TRACKERS
                                          if hasattr(scene, n)})
            result = play(*args, **kwargs)
            for name, value in before[1].items():
                after = getattr(scene, name).get_value()
                seen[name] += [(before[0], value), (float(scene.time), after)]
            return result
        scene.play = noted

    play_dry("overshoot", watch=watch)
    return seen


def reaches(points, value: float) -> float | None:
    """The time the tracker first reaches ``value`` (the readout shows row r from then on)."""
    for (t0, v0), (t1, v1) in zip(points, points[1:]):
        if v0 < value <= v1:
            return t0 + (t1 - t0) * (value - v0) / (v1 - v0)
    return None


def held(points, r: int) -> float:
    return reaches(points, r + 1) - reaches(points, r)


def test_the_climbs_rows_are_each_up_long_enough_to_read(numbers, rows_in_time):
    """The thread's readout (a, c, a² + c²) shows each row of the climb but its last for at
    least 1.5 s (control: the calm rows, run through in seconds, are up a fraction of that)."""
    th, points = numbers.thread, rows_in_time["thread_row"]
    assert (th.climb_from, th.kept) == (24, 27)
    for r in range(th.climb_from, th.kept):
        assert held(points, r) >= 1.5, r
    assert held(points, 10) < 0.5


def test_the_pairs_rows_move_from_the_lessons_first_seconds(numbers, rows_in_time):
    """The opening's violet curve moves from the lesson's first frame and all through its
    first 3 s, then climbs to its last row (control: the thread part's rows stand still
    while its grey steps are drawn, the measure sees that)."""
    points = rows_in_time["question_row"]
    assert points[0][0] == 0 and reaches(points, 1) < 0.5 and reaches(points, 15) < 3.0
    assert max(v for _, v in points) == numbers.thread.kept
    thread = rows_in_time["thread_row"]
    assert reaches(thread, 1) - thread[0][0] > 1.0


def test_the_pair_loop_is_gone_round_in_colour_with_its_note_clear_of_the_arc(built):
    """The loop's note stands below its return arc's lowest point; tracing the loop turns
    every box, arrow and the way back violet in turn, and moves none of them (the old pulse
    slid the arrows into the boxes' words). Control: the note at the old buff meets the arc."""
    from manim import DOWN, ManimColor
    from scenes.overshoot.common import PAIR
    from scenes.overshoot.readouts import trace_loop
    loop = built.thread.loop.copy()
    boxes, arrows, back, note = loop
    assert note.get_top()[1] < back.get_bottom()[1]
    assert Text("a bigger step next row", font_size=note.font_size).next_to(
        back, DOWN, buff=-0.05).get_top()[1] > back.get_bottom()[1]
    before = [m.get_center().copy() for m in loop.get_family()]

    class Played:                       # runs each animation to its end, as a render would
        def play(self, *animations, run_time=None):
            for a in animations:
                a = a.build() if hasattr(a, "build") else a
                a.begin()
                a.interpolate(1.0)
                a.finish()
                a.clean_up_from_scene(self)

        def remove(self, *_):
            pass
    trace_loop(Played(), loop)
    assert all(ManimColor(m.get_color()) == ManimColor(PAIR)
               for m in (*[b[0] for b in boxes], *arrows, back, note))
    for was, m in zip(before, loop.get_family()):
        np.testing.assert_allclose(m.get_center(), was, atol=1e-9)


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
    per_row = [th_view.limits[0], built.thread.limit_key[1], built.sweep.view.row_divider]
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
