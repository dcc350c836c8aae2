"""Lesson ``overshoot``, pixel-free: its numbers against the core, its parts' reads, and each
part's layout (built, never rendered) against its numbers."""

import json
import math
import pickle
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sgdanim.core import analysis
from sgdanim.core.data import spreadsheet
from sgdanim.core.errors import UsageError
from sgdanim.core.trajectory import MAX_LOSS, RunConfig, run
from sgdanim.lessons import get
from sgdanim.lessons.overshoot import (LOG_INTERVALS, LogScale, SweepLane, SweepNote, compute,
                                       log_scale, parabola_run, regime, sweep_note)

LESSON = get("overshoot")


@pytest.fixture(scope="module")
def numbers():
    return compute(LESSON.defaults())


def log10_clipped(values, low):
    """The oracle for where a log plot puts values: log10|v|, nothing below ``low``."""
    with np.errstate(divide="ignore"):
        return np.maximum(np.log10(np.abs(np.asarray(values, dtype=float))), low)


def on_scale(values, scale: LogScale) -> bool:
    """Whether every |value| fits the scale's decades (sizes below its floor sit on it)."""
    logs = log10_clipped(values, scale.low)
    return bool(np.all(logs >= scale.low) and np.all(logs <= scale.high))


# Part 1: the parabola ----------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(w0=st.floats(-5, 5), w_star=st.floats(-5, 5), lam=st.floats(0.1, 10),
       q=st.floats(0.01, 3.0), steps=st.integers(1, 8))
def test_parabola_distance_is_multiplied_by_one_minus_lr_lambda(w0, w_star, lam, q, steps):
    lr = q / lam
    r = parabola_run(lr, lam, w_star, w0, steps)
    k = np.arange(steps + 1)
    np.testing.assert_allclose(r.w, w_star + (1 - lr * lam) ** k * (w0 - w_star),
                               rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(r.distance, np.abs(r.w - w_star))


def test_each_step_is_lr_times_the_derivative(numbers):
    p = numbers.parabola
    for r in p.runs:
        distance, slope, step, new = r.loop.T
        np.testing.assert_array_equal(slope, p.lam * (r.w[:-1] - p.w_star))
        np.testing.assert_allclose(r.w[1:], r.w[:-1] - step)
        np.testing.assert_allclose(step, r.lr * slope)
        np.testing.assert_array_equal(distance[1:], new[:-1])
        np.testing.assert_allclose(new / distance, r.ratio)
        assert r.factor == 1 - r.lr * p.lam and r.ratio == abs(r.factor)


def test_default_rates_cover_the_three_regimes(numbers):
    p = numbers.parabola
    small, zigzag, runaway = p.runs
    assert small.lr < p.lands_lr < zigzag.lr < p.critical_lr < runaway.lr
    assert (p.lands_lr, p.critical_lr) == (1 / p.lam, 2 / p.lam)
    assert [r.regime for r in p.runs] == ["creeps", "zigzags", "runs away"]
    assert np.all(np.diff(small.distance) < 0) and np.all(np.diff(small.w) < 0)
    assert np.all(np.diff(zigzag.distance) < 0) and np.all(np.diff(np.sign(zigzag.w)) != 0)
    # The loop: a farther landing has a steeper slope and so a bigger next step.
    assert np.all(np.diff(runaway.distance) > 0)
    assert np.all(np.diff(np.abs(runaway.loop[:, 1])) > 0)
    assert np.all(np.diff(np.abs(runaway.loop[:, 2])) > 0)


def test_regime_edges():
    assert regime(0.25, 4.0) == "lands" and regime(0.5, 4.0) == "bounces"
    assert regime(0.49, 4.0) == "zigzags" and regime(0.51, 4.0) == "runs away"


def test_panels_and_lr_line_hold_what_they_show(numbers):
    p = numbers.parabola
    for r in p.runs:
        assert r.distance.max() < r.reach == pytest.approx(1.1 * r.distance.max())
        assert r.top == pytest.approx(p.loss(p.w_star + r.reach))
        assert p.loss(r.w).max() < r.top
    assert p.line_end > p.critical_lr and p.line_end > max(r.lr for r in p.runs)
    assert p.line_end == max(2.6 / p.lam, 1.12 * 1.15)
    # The loop's boxes fit every number any run shows.
    every = np.concatenate([r.loop for r in p.runs])
    np.testing.assert_array_equal(p.loop_widest, np.abs(every).max(axis=0))


# Log plots ---------------------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(curves=st.lists(st.lists(st.floats(-1e10, 1e10), max_size=8), min_size=1, max_size=3),
       floor=st.integers(-3, 1), top=st.one_of(st.none(), st.integers(10, 14)))
def test_log_scale_holds_every_curve_on_labelled_decades(curves, floor, top):
    scale = log_scale([np.array(c) for c in curves], floor=floor, top=top)
    assert scale.low % scale.per_tick == 0 and scale.high > scale.low
    assert (scale.high - scale.low) / scale.per_tick <= LOG_INTERVALS + 1
    assert top is None or scale.high == top
    for c in curves:
        assert top is not None or on_scale(c, scale)
        # Nothing below the floor asked for is needed: the bottom is at most one label lower.
        assert scale.low > floor - scale.per_tick


def test_log_scale_takes_sizes_and_refuses_what_is_not_finite():
    scale = log_scale([[0.0, 1e-30, 1.0, -1e12]], floor=-2)
    assert scale == LogScale(-3, 12, 3)      # 0 and 1e-30 sit on the floor; 3 decades a tick
    for bad in (np.inf, np.nan):
        with pytest.raises(ValueError):
            log_scale([[1.0], [bad]], floor=0)


# Part 2: the sweep --------------------------------------------------------------------------------

def test_sweep_critical_lr_is_the_cores(numbers):
    s = numbers.sweep
    assert s.critical_lr == analysis.critical_lr(spreadsheet())
    assert math.isclose(s.critical_lr, 2 / s.lam_max)
    assert s.x_max == 99 and math.isclose(s.row_critical_lr, 1 / (99 ** 2 + 1))
    for lane in s.lanes:
        assert lane.above_critical == (lane.lr > s.critical_lr)


def test_sweep_lanes_match_single_runs(numbers):
    s = numbers.sweep
    for lane in s.lanes:
        t = run(RunConfig(lr=lane.lr, epochs=s.epochs))
        assert lane.diverged_at == t.diverged_at
        np.testing.assert_array_equal(lane.loss, t.loss)
        assert np.isfinite(lane.loss).all() and on_scale(lane.loss, s.scale)
    # On the sheet's rows every rate above 2/λmax runs away within two epochs, none below does.
    assert [lane.diverged_at is not None for lane in s.lanes] == \
           [lane.above_critical for lane in s.lanes]


def test_sweep_counts_order_and_rows(numbers):
    s = numbers.sweep
    assert (s.model, s.rows, s.epochs, s.steps, s.epoch_ends) == ("linear", 29, 2, 58, (29,))
    assert (s.above, s.above_ran) == (3, 3)
    assert [s.lanes[i].lr for i in s.by_lr] == sorted(lane.lr for lane in s.lanes)
    assert s.cap_decade == 12 and 10.0 ** s.cap_decade == s.max_loss == MAX_LOSS
    assert s.scale == LogScale(0, 12, 2)
    n = compute(LESSON.resolve(sets=["lrs=1e-2,1e-4,3e-3", "epochs=3"]))
    assert n.sweep.by_lr == (1, 2, 0) and n.sweep.epoch_ends == (29, 58)
    assert (n.sweep.above, n.sweep.above_ran) == (2, 2)


def lane(lr, diverged_at=None, above=False):
    return SweepLane(lr, np.zeros(0), diverged_at, above)


@pytest.mark.parametrize("lanes, note", [
    ([lane(1e-4), lane(3e-4), lane(1e-3, 17, True)], SweepNote("past_row_critical", 1)),
    ([lane(3e-4), lane(1e-4, 40), lane(2e-4, 30), lane(1e-3, 17, True)],
     SweepNote("ran_away_below", 1)),
    ([lane(1e-5), lane(1e-3, 17, True)], None),          # below 1/(x²+1) as well: nothing to say
    ([lane(1e-3, 17, True)], None),                      # no rate below the critical lr
])
def test_sweep_note_picks_the_lane_worth_a_word(lanes, note):
    assert sweep_note(lanes, row_critical_lr=1e-4) == note


def test_default_note(numbers):
    assert numbers.sweep.note == SweepNote("past_row_critical", 1)
    assert numbers.sweep.lanes[1].lr == 3.16e-4 > numbers.sweep.row_critical_lr


# Part 3: the thread ------------------------------------------------------------------------------

def test_thread_runs_away_where_the_trajectory_says(numbers):
    t = run(RunConfig(model="linear2", grad="numeric", lr=1e-4))
    assert t.diverged_at == 28
    th = numbers.thread
    assert th.diverged_at == t.diverged_at and th.kept == th.diverged_at - 1
    for arr in (th.loss, th.params, th.grads):
        assert np.isfinite(arr).all()
    np.testing.assert_array_equal(th.grads, t.grads)
    assert th.past_cap and th.runaway_loss > th.max_loss == 10.0 ** th.cap_decade


def test_thread_log_scales_hold_each_weight(numbers):
    th = numbers.thread
    assert th.error_scale.high == th.cap_decade and on_scale(th.loss, th.error_scale)
    assert len(th.names) == th.params.shape[1] == th.grads.shape[1] == 4
    assert on_scale(th.params, th.weight_scale) and on_scale(th.grads, th.derivative_scale)
    assert [th.error_scale, th.weight_scale, th.derivative_scale] == \
           [LogScale(-3, 12, 3), LogScale(-1, 3, 1), LogScale(-2, 10, 2)]


def test_thread_that_does_not_run_away():
    n = compute(LESSON.resolve(sets=["lr_thread=1e-6"]))
    th = n.thread
    assert th.diverged_at is None and th.kept == th.rows and not th.past_cap


# Parameters and parts ----------------------------------------------------------------------------

@pytest.mark.parametrize("sets, word", [
    (["init=1,2,3"], "init"),
    (["model=linear", "init=1,2,3,4"], "init"),
    (["lrs=1e-4,2e-4,3e-4,4e-4,5e-4,6e-4,7e-4"], "lrs"),
    (["w0=0", "w_star=0"], "w0"),
    (["lr=3", "steps=10"], "lr=3 with steps=10"),      # w reaches 5^10: no legible axis
    (["lr_small=5", "steps=6"], "lr_small"),
])
def test_bad_params_name_the_value(sets, word):
    with pytest.raises(UsageError, match=word):
        compute(LESSON.resolve(sets=sets))


def test_init_sets_part3_weights():
    n = compute(LESSON.resolve(sets=["init=1,2,0.5,3"]))
    assert n.thread.params[0].tolist() == [1.0, 2.0, 0.5, 3.0]
    assert n.thread.names == ("a", "b", "c", "d")


CHANGED = {"lr": "1.3", "lr_small": "0.1", "lr_zigzag": "0.7", "curvature": "2.5",
           "w_star": "0.5", "w0": "1.5", "steps": "4", "lrs": "1e-4,1e-3", "epochs": "1",
           "model": "relu2", "grad": "analytic", "lr_thread": "2e-4", "init": "0.5",
           "data": "synthetic"}


def test_each_part_reads_exactly_the_params_that_change_its_numbers(numbers):
    names = {p.name for p in LESSON.params} - {"parts"}
    assert set(CHANGED) == names
    for name, value in CHANGED.items():
        other = compute(LESSON.resolve(sets=[f"{name}={value}"]))
        changed = {part.id for part in LESSON.parts
                   if pickle.dumps(getattr(other, part.id)) != pickle.dumps(getattr(numbers, part.id))}
        assert changed == {part.id for part in LESSON.parts if name in part.reads}, name


def test_shown_is_json(numbers):
    shown = json.loads(json.dumps(numbers.shown()))
    assert shown["thread"]["diverged_at"] == 28
    assert shown["critical_lr"] == numbers.sweep.critical_lr
    assert [s["diverged_at"] for s in shown["sweep"]] == [l.diverged_at for l in numbers.sweep.lanes]
    assert shown["sweep_note"] == {"kind": "past_row_critical", "lane": 1}


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
    text, caption = b.note
    assert text.get_top()[1] < b.view.legend.get_bottom()[1]
    assert "0.000316 stays bounded" in caption


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
    for line, panel in zip(view.lines, (view.error, view.weights, view.grads)):
        row = panel.axes.x_axis.n2p           # the x of a row (the y axis is a log one)
        expected_x = row(28)[0]
        assert line[0].get_start()[0] == pytest.approx(expected_x)
        assert line[0].get_end()[0] == pytest.approx(expected_x)
        assert row(27)[0] < expected_x < row(29)[0]
        # from the bottom of the plot to its top
        assert line[0].get_start()[1] == pytest.approx(panel.axes.y_axis.get_start()[1])
        assert line[0].get_end()[1] == pytest.approx(panel.axes.y_axis.get_end()[1])
    assert view.marker.label == "diverged at row 28"
    assert view.marker[1].text == "divergedatrow28"   # the drawn Text is built from that label
    # The error curve ends on the last kept row, one before the marker.
    end = view.curves[0].points[-1]
    assert end[0] == pytest.approx(view.error.axes.x_axis.n2p(27)[0])
    assert built.thread.value is not None and built.thread.calm is None


def test_no_marker_when_nothing_runs_away(manim_tmp):
    from scenes.overshoot.thread import ThreadPart
    params = LESSON.resolve(sets=["lr_thread=1e-6"])
    b = ThreadPart().build(compute(params), params)
    assert b.view.marker is None and len(b.view.curves) == 1 + 2 * 4
    assert b.value is None and b.calm.get_bottom()[1] > b.view.panels.get_top()[1]
