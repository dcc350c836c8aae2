"""Lesson ``momentum``: the numbers of Parts 1–3 (sgdanim/lessons/momentum/signals.py and
__init__.py): the sine's samples and their averages against lfilter and a loop by hand, the
sweep and the bias correction (the mom_bias sheet), the wiggle of the run's derivative and its
momentum, the four series of the thread and the row the ReLU dies, and the constant schedule's
two conventions and plateaus. (Part 4's runs are checked in tests/lessons/test_momentum_runs.py;
what each part's ``build`` draws from them and where, in tests/scenes/test_momentum*.py.)"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import lfilter

from sgdanim.core.optimizers import Momentum
from tests.lessons.momentum_kit import LESSON, fixture
from tests.lessons.momentum_kit import numbers  # noqa: F401 - fixtures


def loop_ema(values, beta, gain):
    """The recurrence written out by hand, independent of lfilter."""
    m, out = 0.0, []
    for v in values:
        m = beta * m + gain * v
        out.append(m)
    return np.array(out)


# Part 1 ------------------------------------------------------------------------------------

def test_sin_average_is_the_lfilter_of_the_samples(numbers):
    want = lfilter([0.1], [1.0, -0.9], np.sin(numbers.sin_x))
    np.testing.assert_allclose(numbers.main.ema, want, rtol=0, atol=1e-12)
    np.testing.assert_allclose(numbers.main.ema, loop_ema(numbers.sin_v, 0.9, 0.1), atol=1e-12)


def test_sin_samples_follow_the_thread(numbers):
    # 100 samples over two periods, x_t = t·4π/100, m_0 = 0.
    assert len(numbers.sin_x) == 100
    np.testing.assert_allclose(numbers.sin_x[[0, -1]], [4 * np.pi / 100, 4 * np.pi])


@pytest.mark.parametrize("cycles, want", [(2.0, (1, 2, 3, 4)), (1.5, (1, 2, 3)),
                                          (20.0, tuple(range(6, 41, 6)))])
def test_pi_labels_every_pi_or_fewer(cycles, want):
    points = 400 if cycles == 20.0 else 100     # 20 samples a period (at least 8 are asked)
    n = LESSON.compute(LESSON.resolve(sets=[f"sin_cycles={cycles}", f"sin_points={points}"]))
    assert n.pi_multiples == want
    assert max(n.pi_multiples) * np.pi <= n.sin_x[-1] + 1e-9 and len(n.pi_multiples) <= 8


def test_sweep_trades_smoothness_for_lag(numbers):
    betas = [c.beta for c in numbers.sweep]
    assert betas == [0.5, 0.9, 0.98]
    peaks = [c.peak for c in numbers.sweep]
    lags = [c.lag for c in numbers.sweep]
    assert peaks == sorted(peaks, reverse=True) and lags == sorted(lags)
    # The average of a sinusoid is a sinusoid scaled by |H(e^{iω})| = (1−β)/|1 − β e^{−iω}|.
    w = numbers.sin_x[1] - numbers.sin_x[0]
    # (β = 0.98 is left out: its last cycle still holds the start, 0.98^50 ≈ 0.36.)
    for c in numbers.sweep[:2]:
        gain = (1 - c.beta) / abs(1 - c.beta * np.exp(-1j * w))
        assert c.peak == pytest.approx(gain, rel=0.02)


def test_settled_peak_is_where_a_long_run_ends_up(numbers):
    # The same samples run on for 40 cycles: the start (β^t) has died away by the last one.
    v = np.sin(np.arange(1, 2001) * numbers.sin_x[0])
    for c in numbers.sweep:
        tail = loop_ema(v, c.beta, 1 - c.beta)[-50:]
        assert c.settled_peak == pytest.approx(np.max(tail), abs=1e-9)
    # β = 0.5 and 0.9 have settled in two cycles; 0.98 is still on its way down (0.98^50 ≈
    # 0.36 of its start is left), so its last cycle's peak is not the settled one.
    assert [c.settled for c in numbers.sweep] == [True, True, False]
    slow = numbers.top_beta
    assert (round(slow.peak, 2), round(slow.settled_peak, 2)) == (0.19, 0.16)


def test_slow_betas_first_hump_stands_above_its_later_peaks(numbers):
    # β = 0.98's three numbers on screen (review r10): its first hump, recomputed by a plain
    # loop over the first cycle, is 0.26, above the 2nd peak 0.19 and the settled 0.16
    slow = numbers.top_beta
    first = loop_ema(numbers.sin_v, slow.beta, 1 - slow.beta)[:50]
    assert slow.first_peak == pytest.approx(np.max(first), abs=1e-12)
    assert round(slow.first_peak, 2) == 0.26
    assert slow.first_peak > slow.peak > slow.settled_peak
    # control: β = 0.5 follows sin x; its first and settled peaks read the same
    fast = numbers.sweep[0]
    assert round(fast.first_peak, 2) == round(fast.peak, 2)


def test_a_longer_window_lets_the_largest_beta_settle():
    # control: over eight cycles 0.98^350 ≈ 9×10⁻⁴ is left, and the peak read is the settled one
    n = LESSON.compute(LESSON.resolve(sets=["sin_cycles=8", "sin_points=400"]))
    assert all(c.settled for c in n.sweep)
    assert round(n.top_beta.peak, 2) == round(n.top_beta.settled_peak, 2) == 0.16


def test_bias_correction_divides_by_one_minus_beta_to_the_t(numbers):
    for c in numbers.sweep:
        t = np.arange(1, len(c.ema) + 1)
        np.testing.assert_allclose(c.corrected, c.ema / (1 - c.beta ** t), rtol=1e-12)
        # The first corrected value is the first sample itself: the start is no longer low.
        assert c.corrected[0] == pytest.approx(numbers.sin_v[0], rel=1e-12)


def test_bias_correction_matches_the_mom_bias_sheet():
    from sgdanim.core.analysis import ema
    rows = fixture("mom_bias.csv")
    np.testing.assert_allclose(ema(rows["value"], 0.9), rows["ema"], rtol=1e-12)
    np.testing.assert_allclose(ema(rows["value"], 0.9, bias_correction=True), rows["corrected"],
                               rtol=1e-12)


def test_first_hump_is_the_start_up_above_the_steady_peak(numbers):
    c = numbers.main
    per_cycle = 50                                       # 100 samples over two periods
    assert c.first_peak == pytest.approx(np.max(c.ema[:per_cycle]))
    assert c.first_peak_index == int(np.argmax(c.ema[:per_cycle]))
    assert (round(c.first_peak, 2), round(c.peak, 2)) == (0.71, 0.64)
    # Start-up: the average of sin from m0 = 0 is the steady response plus β^t times a
    # transient; without the transient the two humps would be the same height.
    w = numbers.sin_x[0]
    gain = 0.1 / abs(1 - 0.9 * np.exp(-1j * w))
    assert c.peak == pytest.approx(gain, rel=0.01) and c.first_peak > gain + 0.05


def test_settled_m_starts_below_m0_and_m_runs_above_it_by_beta_to_the_t(numbers):
    # Part 1's dashed "settled m" over the first cycle (review r10 point 7): the average had it
    # run forever. It obeys the same recurrence, starts below m_0 = 0, and the average from
    # m_0 = 0 stays above it by β^t·(0 − s_0), a gap that fades out before the steady peak.
    c, per_cycle = numbers.main, 50
    x, s = c.settled_start.T
    np.testing.assert_allclose(x, np.concatenate([[0.0], numbers.sin_x[:per_cycle]]), atol=1e-12)
    np.testing.assert_allclose(s[1:], 0.9 * s[:-1] + 0.1 * np.sin(x[1:]), atol=1e-12)
    assert s[0] < -0.4
    t = np.arange(1, per_cycle + 1)
    np.testing.assert_allclose(c.ema[:per_cycle] - s[1:], 0.9 ** t * (0.0 - s[0]), atol=1e-12)
    assert round(float(np.max(s)), 2) == round(c.peak, 2) == 0.64 < round(c.first_peak, 2)
    # control: at β = 0.5 the start is gone within a few samples; no gap left at the hump
    fast = LESSON.compute(LESSON.resolve(sets=["beta=0.5"])).main
    assert fast.first_peak - np.max(fast.settled_start[:, 1]) < 0.005
    assert c.first_peak - np.max(s) > 0.05


def test_corrected_largest_beta_overshoots_then_settles(numbers):
    big = numbers.top_beta
    assert big.beta == 0.98
    assert big.corrected_first_peak == pytest.approx(np.max(big.corrected[:50]))
    assert round(big.corrected_first_peak, 2) == 0.77 and round(big.peak, 2) == 0.19


# Part 2 ------------------------------------------------------------------------------------

def test_wiggle_momentum_is_the_ema_of_the_runs_own_derivative(numbers):
    w = numbers.rows_mom
    assert len(w.grad) == 58 and numbers.wiggle_mom.config.model == "relu2"
    np.testing.assert_array_equal(w.grad, numbers.wiggle_mom.grad("d"))
    want = lfilter([0.1], [1.0, -0.9], w.grad)
    np.testing.assert_allclose(w.mom, want, rtol=1e-12, atol=1e-9)
    # Averaging really does smooth: the row-to-row jumps of m are far smaller than g's.
    assert np.std(np.diff(w.mom)) < 0.2 * np.std(np.diff(w.grad))
    assert numbers.rows_sgd.mom is None


def test_wiggle_steps_are_lr_times_m_and_lr_times_g(numbers):
    lr = numbers.lr
    w, s = numbers.rows_mom, numbers.rows_sgd
    np.testing.assert_allclose(np.diff(w.weight), -lr * w.mom, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(np.diff(s.weight), -lr * s.grad, rtol=1e-9, atol=1e-15)
    # Both runs start from the same weights and see the same first derivative.
    assert w.grad[0] == s.grad[0] and w.weight[0] == s.weight[0] == 1.0
    assert w.row.tolist() == list(range(1, 59)) and w.weight_row.tolist() == list(range(59))


def test_wiggle_rows_cut_inside_an_epoch():
    n = LESSON.compute(LESSON.resolve(sets=["wiggle_rows=40"]))
    w, d = n.rows_mom, n.wiggle_mom.param_names.index("d")
    assert len(w.grad) == len(w.mom) == 40 and len(w.weight) == 41 and len(n.wiggle_mom) == 58
    assert w.weight[-1] == n.wiggle_mom.new_params[39, d]     # d after row 40
    assert n.shown()["wiggle_rows"] == 40 and n.wiggle_x_range == (0, 40, 10.0)


def test_wiggle_spread_is_the_std_of_g_and_of_m(numbers):
    g = numbers.wiggle_mom.grad("d")
    m = lfilter([0.1], [1.0, -0.9], g)
    assert numbers.grad_std == pytest.approx(np.sqrt(np.mean((g - g.mean()) ** 2)), rel=1e-12)
    assert numbers.mom_std == pytest.approx(np.std(m), rel=1e-9)
    assert numbers.spread_ratio == pytest.approx(np.std(m) / np.std(g), rel=1e-9)
    # What the caption says at the defaults: m's spread is about half of g's.
    assert f"{numbers.spread_ratio:.0%}" == "51%"


def test_wiggle_axes_hold_every_drawn_value(numbers):
    lo, hi, step = numbers.wiggle_g_range
    values = np.concatenate([numbers.rows_mom.grad, numbers.rows_mom.mom])
    assert lo <= values.min() and values.max() <= hi and (hi - lo) / step <= 4
    lo, hi, step = numbers.wiggle_d_range
    weights = np.concatenate([numbers.rows_mom.weight, numbers.rows_sgd.weight])
    assert lo <= weights.min() and weights.max() <= hi and (hi - lo) / step <= 4
    assert step == 0.5      # d's runs read apart: a tick a unit left their lines parallel (r8)
    assert numbers.wiggle_x_range == (0, 58, 10.0)


def test_the_four_series_of_the_thread(numbers):
    """The thread's runs, as overshoot and relu-sandwich run them (finite differences): the
    same rows carry the same numbers in the three lessons."""
    from sgdanim.core.trajectory import RunConfig, run
    from sgdanim.lessons import get
    lin = run(RunConfig(model="linear2", grad="numeric", lr=1e-4, epochs=2))
    relu = run(RunConfig(model="relu2", grad="numeric", lr=1e-4, epochs=2))
    assert lin.diverged_at == numbers.lin_runaway == 28
    np.testing.assert_array_equal(numbers.rows_lin.grad, lin.grad("d"))
    np.testing.assert_array_equal(numbers.rows_sgd.grad, relu.grad("d")[:58])
    sandwich = get("relu-sandwich").compute(get("relu-sandwich").defaults())
    assert numbers.dies_sgd == sandwich.runs["relu2"].dead_row == 26
    # control: with exact derivatives the ReLU dies a row later, as the thread's run does not
    exact = LESSON.compute(LESSON.resolve(sets=["grad=analytic"]))
    assert exact.dies_sgd == 27
    # The ReLU model is the linear pair up to row 25, row for row.
    assert numbers.same_rows == 25
    np.testing.assert_array_equal(numbers.rows_lin.grad[:25], numbers.rows_sgd.grad[:25])
    assert numbers.rows_lin.grad[25] != numbers.rows_sgd.grad[25]
    # The pair's g on row 26 leaves the ReLU runs' axis: it is drawn to row 25, then marked.
    lo, hi, _ = numbers.wiggle_g_range
    assert numbers.lin_drawn == 25 and numbers.lin_exit == numbers.rows_lin.grad[25] > hi


def test_relu_dies_on_row_26_and_g_stays_negative(numbers):
    t = numbers.wiggle_sgd
    pre = t.param("a") * t.x + t.param("b")
    assert numbers.dies_sgd == 26 and (pre[25:58] <= 0).all() and pre[24] > 0
    assert numbers.dies_mom == 28
    # Dead, ŷ = d: ∂err²/∂d = 2(d − y) < 0 on every row after; a forward difference of step h
    # reads 2(d − y) + h.
    h = numbers.wiggle_sgd.config.fd_step
    np.testing.assert_allclose(numbers.rows_sgd.grad[25:],
                               2 * (t.param("d")[25:58] - t.y[25:58]) + h, atol=1e-6)
    assert (numbers.rows_sgd.grad[25:] < 0).all()


def test_relu_dies_is_none_when_it_lives():
    from sgdanim.lessons.momentum.runs import relu_dies
    from sgdanim.core.trajectory import RunConfig, run
    assert relu_dies(run(RunConfig(model="relu2", lr=1e-6, epochs=1)), 29) is None


# Part 3 ------------------------------------------------------------------------------------

def test_constant_schedule_two_conventions(numbers):
    g = numbers.const_g
    assert g.tolist() == [1.0] * 20 + [0.5] * 60
    np.testing.assert_allclose(numbers.damped, loop_ema(g, 0.9, 0.1), atol=1e-12)
    np.testing.assert_allclose(numbers.undamped, loop_ema(g, 0.9, 1.0), atol=1e-12)
    # Dampened never exceeds the gradient; undampened is exactly 1/(1−β) times it.
    assert numbers.damped.max() < 1.0
    np.testing.assert_allclose(numbers.undamped * (1 - 0.9), numbers.damped, atol=1e-12)
    # After the drop the dampened average decays toward 0.5 from above.
    after = numbers.damped[20:]
    assert np.all(np.diff(after) < 0) and after[-1] == pytest.approx(0.5, rel=0.01)


def test_constant_schedule_matches_the_optimizer_step(numbers):
    for damp, want in ((True, numbers.damped), (False, numbers.undamped)):
        opt, p, got = Momentum(beta=0.9, dampening=damp), np.zeros(1), []
        state = opt.init_state(1)
        for t, g in enumerate(numbers.const_g, start=1):
            p, state = opt.step(p, np.array([g]), state, 1.0, t)
            got.append(state.mom[0])
        np.testing.assert_allclose(got, want, atol=1e-12)


def test_constant_axes_hold_g_m_and_the_plateau(numbers):
    assert numbers.const_x_range == (0, 80, 20.0)
    assert numbers.const_steps.tolist() == list(range(1, 81))
    n = numbers
    for m, plateau, (lo, hi, step) in ((n.damped, n.damped_plateau, n.damped_range),
                                       (n.undamped, n.undamped_plateau, n.undamped_range)):
        assert lo <= 0.0 and max(m.max(), plateau, 1.0) < hi
        assert lo % step == 0 and hi % step == 0
    assert numbers.undamped_range[1] > numbers.undamped_plateau == pytest.approx(10.0)


def test_undampened_plateau_is_g_over_one_minus_beta():
    params = LESSON.resolve(sets=["steps_high=100", "steps_total=101", "beta=0.9", "g_high=2"])
    n = LESSON.compute(params)
    assert n.undamped_plateau == pytest.approx(20.0)
    assert n.undamped[99] == pytest.approx(2 / (1 - 0.9), rel=0.01)
    assert n.damped[99] == pytest.approx(2.0, rel=0.01)


def test_bias_correction_is_exact_for_a_constant_gradient(numbers):
    n = numbers
    t = np.arange(1, 81)
    np.testing.assert_allclose(n.damped_corrected, n.damped / (1 - 0.9 ** t), rtol=1e-12)
    np.testing.assert_allclose(n.damped_corrected[:20], 1.0, rtol=0, atol=1e-12)
    assert n.corrected_gap < 1e-12
    lo, hi, _ = n.damped_range
    assert lo <= n.damped_corrected.min() and n.damped_corrected.max() < hi


@pytest.mark.parametrize("lr, sgd, mom", [(0.1, 2, None), (1.0, 2, 2), (1e-4, None, None)])
def test_a_relu_run_that_overflows_says_on_which_row_and_has_no_spread(lr, sgd, mom):
    """Past an lr of about 0.07 the ReLU runs overflow on their second row (the step number,
    as the trajectory records it). A spread needs momentum's whole run: cut to a row, its std
    was 0 and the ratio 0/0, once drawn as "nan%". Control: the defaults overflow nowhere."""
    n = LESSON.compute(LESSON.resolve(sets=[f"lr={lr}"]))
    assert (n.relu_runaway_sgd, n.relu_runaway_mom) == (sgd, mom)
    assert n.relu_runaway_sgd == n.wiggle_sgd.diverged_at
    assert n.wiggle_x_range[1] == 58                 # the chart keeps its rows
    assert (n.spread_ratio is None) == (mom is not None)
    if n.spread_ratio is not None:
        assert np.isfinite(n.spread_ratio) and 0 < n.spread_ratio < 1
