"""Lesson ``overshoot``, pixel-free: its numbers against the core and its parts' reads (the
parts' layout is in tests/scenes/test_overshoot.py)."""

import json
import math
import pickle

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sgdanim.core import analysis
from sgdanim.core.data import load, spreadsheet
from sgdanim.core.errors import UsageError
from sgdanim.core.trajectory import MAX_LOSS, RunConfig, run
from sgdanim.lessons import PRESENTATION, get
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
@example(curves=[[1e10]], floor=0, top=10)      # every value at the cap: the axis still ends there
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
    # the rows that limit belongs to, in every epoch: the sheet's rows 18 and 25 have x = 99
    x = spreadsheet().x
    assert s.widest_steps == (18, 25, 47, 54)
    assert all(abs(x[(step - 1) % s.rows]) == s.x_max for step in s.widest_steps)
    assert sum(abs(v) == s.x_max for v in x) * s.epochs == len(s.widest_steps)
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
    assert on_scale(th.params, th.weight_scale) and on_scale(th.one_neuron, th.error_scale)
    assert on_scale(th.effective, th.effective_scale)
    assert on_scale([th.limits.per_row, th.limits.mean_loss], th.effective_scale)
    assert [th.error_scale, th.weight_scale, th.effective_scale] == \
           [LogScale(-3, 12, 3), LogScale(-1, 3, 1), LogScale(-5, 1, 1)]
    assert on_scale(th.row_limits, th.effective_scale)


@pytest.mark.parametrize("sets", [["init=1000"], ["model=linear"], ["lr_thread=1e-6"]])
def test_each_rows_own_limit_is_on_the_thread_plots_scale(sets):
    """The grey steps of each row's own limit (up to 1/(14² + 1) = 0.005) ran past the plot's
    top where the run stops on row 1 (init 1000), one neuron never grows its lr (linear), or
    the lr is small: the scale held only the lrs acted at and the two limits."""
    th = LESSON.compute(LESSON.resolve(sets=sets)).thread
    assert on_scale(th.row_limits, th.effective_scale)


def test_thread_effective_lr_is_lr_times_a2_plus_c2(numbers):
    """The pair's step on its slope a·c is (a² + c²) times one neuron's: the lr it acts with."""
    th = numbers.thread
    a, c = th.params[:, 0], th.params[:, 2]
    np.testing.assert_allclose(th.growth, a * a + c * c)
    np.testing.assert_allclose(th.effective, th.lr * th.growth)
    assert th.growth[0] == 2.0 and round(th.growth[25], 1) == 62.4    # row 26
    # One neuron's two limits on the sheet, and the sheet's lr as 98% of the per-row one.
    assert th.limits.worst_x == 99 and math.isclose(th.limits.per_row, 1 / (99 ** 2 + 1))
    assert th.limits.mean_loss == analysis.critical_lr(spreadsheet())
    assert round(th.share, 2) == 0.98 and th.lr < th.limits.per_row < th.limits.mean_loss
    # Over the per-row limit from row 1, past the mean-loss one first on row 3.
    assert (th.over_row_at, th.over_mean_at) == (1, 3)
    assert th.effective[2] > th.limits.mean_loss > th.effective[1]


def test_thread_climb_is_the_last_rows_before_the_runaway(numbers):
    th = numbers.thread
    assert th.climb_from == 24                          # rows 24-27 climb, row 28 runs away
    assert np.all(np.diff(th.loss[th.climb_from - 2:]) > 0)
    assert th.loss[th.climb_from - 2] <= th.loss[th.climb_from - 3]


def test_one_neuron_beside_the_thread_trains(numbers):
    th = numbers.thread
    t = run(RunConfig(model="linear", grad="numeric", lr=1e-4, init=dict(a=1.0, b=1.0)))
    np.testing.assert_array_equal(th.one_neuron, t.loss)
    assert th.one_diverged_at is None and len(th.one_neuron) == th.rows
    assert th.one_neuron.max() < th.loss.max() / 1e5


def test_one_neuron_thread_has_no_growth():
    th = compute(LESSON.resolve(sets=["model=linear"])).thread
    assert not th.stacked and np.all(th.growth == 1) and np.all(th.effective == th.lr)


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
           "w_star": "0.5", "w0": "1.5", "steps": "3", "lrs": "1e-4,1e-3", "epochs": "1",
           "model": "relu2", "grad": "analytic", "lr_thread": "2e-4", "init": "0.5",
           "data": "synthetic"}


def test_each_part_reads_exactly_the_params_that_change_its_numbers(numbers):
    names = {p.name for p in LESSON.params} - {"parts"} - {p.name for p in PRESENTATION}
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
    assert shown["thread"]["climb_from"] == 24 and shown["thread"]["worst_x"] == 99


def test_each_rows_own_limit_and_the_rows_the_pair_passes_it(numbers):
    """Row r's own limit is 1/(x_r² + 1); the pair passes it on 9 rows before the climb (at most
    3 in a row, 7–9) and then on rows 24–27 back to back, where a² + c² is 3.6 to 4.6×10⁴."""
    th = numbers.thread
    x = np.asarray(load(LESSON.defaults().data).x, dtype=float)
    assert th.row_limits == pytest.approx(1.0 / (x ** 2 + 1.0))
    assert th.over_own == tuple(r for r in range(1, th.kept + 1)
                                if th.effective[r - 1] > 1.0 / (x[r - 1] ** 2 + 1.0))
    assert th.over_own == (2, 3, 7, 8, 9, 12, 13, 17, 18, 24, 25, 26, 27)
    assert th.calm_over == (9, 3) and th.climb_from == 24 and th.climb_over == 4
    # The check can fail: against the worst row's one limit (x = 99) almost every row is over.
    worst = tuple(r for r in range(1, th.kept + 1) if th.effective[r - 1] > th.limits.per_row)
    assert worst != th.over_own and len(worst) > len(th.over_own)


def test_thread_a_and_c_are_the_weights_whose_squares_make_the_growth(numbers):
    """The readout's a and c per row: their squares add up to a² + c², and each overshoot of
    the climb grows them (row 26 flips them to about −5.6, row 27 throws them past 149)."""
    th = numbers.thread
    a, c = th.a_and_c.T
    assert th.a_and_c.shape == (th.kept, 2)
    np.testing.assert_allclose(a * a + c * c, th.growth)
    assert (round(a[0], 2), round(c[0], 2)) != (round(a[25], 2), round(c[25], 2))
    assert round(a[25], 2) == -5.64 and round(c[25], 2) == -5.53      # row 26, as relu-sandwich's
    assert a[26] > 149 and c[26] > 152                                  # row 27
    assert np.all(np.diff(np.abs(a[th.climb_from - 1:])) > 0)          # |a| grows on the climb
    # control: one neuron has no a and c to grow
    one = compute(LESSON.resolve(sets=["model=linear"])).thread
    assert one.a_and_c.shape == (one.kept, 0)


def test_the_questions_chapter_says_which_runs_ran_away():
    """The question's chapter was "One neuron trains, two run away" at any lr; at lr_thread
    1e-3 one neuron runs away on row 17 too. Control: at the thread's lr it is so."""
    question = LESSON.parts[0]
    fast = compute(LESSON.resolve(sets=["lr_thread=1e-3"]))
    assert fast.thread.one_diverged_at == 17 and fast.thread.diverged_at is not None
    assert question.title_at(fast) == "One neuron runs away, and two as well"
    assert question.title_at(compute(LESSON.defaults())) == question.title == (
        "One neuron trains, two run away")
