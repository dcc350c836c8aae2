"""Lesson ``momentum``: its numbers (core). (What each part's ``build`` draws from them and where
it puts it is checked in tests/scenes/test_momentum.py.)"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import lfilter

from sgdanim.core.errors import UsageError
from sgdanim.lessons import get
from sgdanim.core.optimizers import Momentum

LESSON = get("momentum")


@pytest.fixture(scope="module")
def numbers():
    return LESSON.compute(LESSON.defaults())


def fixture(name):
    """A CSV fixture (comment lines start with #) as a dict of float columns."""
    import csv
    from pathlib import Path
    lines = [line for line in (Path(__file__).parents[1] / "fixtures" / name).read_text().splitlines()
             if line and not line.startswith("#")]
    rows = list(csv.DictReader(lines))
    return {k: np.array([float(r[k]) for r in rows]) for k in rows[0]}


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


@pytest.mark.parametrize("cycles, want", [(2.0, (1, 2, 3, 4)), (1.25, (1, 2)),
                                          (20.0, tuple(range(6, 41, 6)))])
def test_pi_labels_every_pi_or_fewer(cycles, want):
    n = LESSON.compute(LESSON.resolve(sets=[f"sin_cycles={cycles}"]))
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


# Part 4 ------------------------------------------------------------------------------------

def sheet_momentum(x, y, a, b, mom_a, mom_b, lr=1e-4, beta=0.9):
    """The momentum sheet's row formulas, by hand: returns new (a, b) per row."""
    out = []
    for xi, yi in zip(x, y):
        err2 = 2 * (b + a * xi - yi)
        mom_b = beta * mom_b + (1 - beta) * err2
        mom_a = beta * mom_a + (1 - beta) * err2 * xi
        a, b = a - lr * mom_a, b - lr * mom_b
        out.append((a, b))
    return np.array(out)


def test_paths_follow_the_momentum_sheet(numbers):
    rows = fixture("graddesc_momentum.csv")
    # The saved sheet starts its epoch at a = b = 1 with the momenta the previous run left in
    # J3/K3 (named in the fixture's header); the hand rule reproduces its new a, new b.
    sheet = sheet_momentum(rows["x"], rows["y"], 1.0, 1.0, 98.24583039212854, -18.33392669020789)
    np.testing.assert_allclose(sheet, np.column_stack([rows["new_a"], rows["new_b"]]), rtol=1e-9)
    # The lesson starts fresh (momenta 0), and the same rule gives its first epoch.
    fresh = sheet_momentum(rows["x"], rows["y"], 1.0, 1.0, 0.0, 0.0)
    np.testing.assert_allclose(numbers.path_mom[1:30], fresh, rtol=1e-9)
    assert numbers.path_sgd[0].tolist() == [1.0, 1.0]
    assert len(numbers.path_mom) == len(numbers.path_sgd) == 3 * 29 + 1


def test_b_and_a_per_row_are_the_runs_paths(numbers):
    from sgdanim.core.trajectory import RunConfig, run
    for opt, path in (("momentum", numbers.path_mom), ("sgd", numbers.path_sgd)):
        kw = dict(beta=0.9, dampening=True) if opt == "momentum" else {}
        t = run(RunConfig(optimizer=opt, lr=1e-4, epochs=3, **kw))
        np.testing.assert_array_equal(path, t.path()[:, [0, 1]])
    assert numbers.path_rows.tolist() == list(range(88))
    lo, hi, _ = numbers.b_range
    assert lo <= numbers.path_mom[:, 1].min() and numbers.path_sgd[:, 1].max() <= hi
    lo, hi, _ = numbers.a_range
    assert lo <= min(numbers.path_mom[:, 0].min(), numbers.path_sgd[:, 0].min())
    assert max(numbers.path_mom[:, 0].max(), numbers.path_sgd[:, 0].max()) <= hi


def test_same_lr_takes_about_the_same_step_along_b(numbers):
    """The part's claim: dampened m averages g, so the mean step along the valley (b) is about
    SGD's, while the zig-zag across it (a) is several times smaller."""
    for path, step_b, step_a in ((numbers.path_sgd, numbers.step_b_sgd, numbers.step_a_sgd),
                                 (numbers.path_mom, numbers.step_b_mom, numbers.step_a_mom)):
        last = path[-30:]                      # the point before the last epoch, then its rows
        assert step_b == pytest.approx((last[-1, 1] - last[0, 1]) / 29, rel=1e-12)
        assert step_a == pytest.approx(np.mean(np.abs(np.diff(last[:, 0]))), rel=1e-12)
    assert 0.8 < numbers.step_b_mom / numbers.step_b_sgd < 1.0
    assert numbers.zigzag_ratio == pytest.approx(numbers.step_a_sgd / numbers.step_a_mom)
    assert round(numbers.zigzag_ratio) == 6
    # What the captions read at the defaults.
    assert [f"{v:.1e}" for v in (numbers.step_b_sgd, numbers.step_b_mom)] == ["2.0e-03", "1.8e-03"]
    assert [f"{numbers.rmse_mom[-1]:.1f}", f"{numbers.rmse_sgd[-1]:.1f}"] == ["17.0", "19.6"]


def test_larger_lr_momentum_runs_away_where_sgd_does_not(numbers):
    from sgdanim.core.trajectory import RunConfig, run
    big = numbers.big
    assert big.lr == 3e-4 and big.epochs == 15
    assert big.diverged_sgd is None and big.diverged_mom == 350
    sgd = run(RunConfig(optimizer="sgd", lr=3e-4, epochs=15))
    np.testing.assert_allclose(big.rmse_sgd, sgd.epoch_rmse(), rtol=1e-12)
    assert len(big.rmse_mom) == 349 // 29                  # whole epochs before the runaway
    ratios = big.rmse_mom[1:] / big.rmse_mom[:-1]
    assert big.growth_mom == pytest.approx(np.median(ratios)) and 2.0 < big.growth_mom < 2.4
    lo, hi = big.decades
    assert 10.0 ** lo <= min(big.rmse_sgd.min(), big.rmse_mom.min())
    assert max(big.rmse_sgd.max(), big.rmse_mom.max()) <= 10.0 ** hi


def test_negative_control_at_the_sheets_lr_both_stay_bounded():
    n = LESSON.compute(LESSON.resolve(sets=["lr_big=0.0001", "big_epochs=5"]))
    assert n.big.diverged_mom is None and n.big.diverged_sgd is None


def test_momentum_is_ahead_at_the_defaults(numbers):
    assert numbers.momentum_ahead and numbers.rmse_mom[-1] < numbers.rmse_sgd[-1]


def test_rescaled_lr_absorbs_the_factor(numbers):
    assert numbers.rescale_gap < 1e-12


def test_runaway_lr_is_drawn_not_raised():
    n = LESSON.compute(LESSON.resolve(sets=["lr=0.01"]))
    assert n.wiggle_mom.diverged_at is not None or len(n.wiggle_mom) == 58
    assert np.isfinite(n.a_range).all() and np.isfinite(n.b_range).all()


@pytest.mark.parametrize("sets, word", [(["steps_high=80"], "steps_high"),
                                        (["beta=1"], "beta"), (["betas=0.5,1.5"], "betas"),
                                        (["lr=0"], "lr"), (["bogus=1"], "bogus")])
def test_bad_params_name_the_value(sets, word):
    with pytest.raises(UsageError, match=word):
        LESSON.compute(LESSON.resolve(sets=sets))


def test_shown_is_json(numbers):
    import json
    shown = json.loads(json.dumps(numbers.shown()))
    assert shown["undamped_plateau"] == pytest.approx(10.0)
    assert [s["beta"] for s in shown["sweep"]] == [0.5, 0.9, 0.98]


def test_mean_loss_limit_is_overshoots_and_the_big_lr_is_under_it():
    """Part 4 says the larger lr is under overshoot's mean-loss limit 2/λ_max: λ_max of the
    mean loss's Hessian, 2/N·[[Σx², Σx], [Σx, N]], built here from the rows, not the core."""
    from sgdanim.core.data import spreadsheet
    from sgdanim.lessons.momentum import LESSON, compute
    data = spreadsheet()
    x, n = np.asarray(data.x, dtype=float), len(data)
    hessian = 2.0 / n * np.array([[np.sum(x * x), np.sum(x)], [np.sum(x), n]])
    limit = 2.0 / np.linalg.eigvalsh(hessian)[-1]
    numbers = compute(LESSON.defaults())
    assert numbers.mean_loss_limit == pytest.approx(limit, rel=1e-12)
    assert round(limit, 6) == 0.000397 and numbers.big.lr < limit
    assert numbers.shown()["mean_loss_limit"] == numbers.mean_loss_limit


# Part 4's valley inset and the numbers its captions read -------------------------------------

def test_valley_inset_holds_both_paths_the_origin_and_the_optimum(numbers):
    """The (a, b) inset's axes hold every point of both runs, a = b = 0 and the least-squares
    optimum; its contours reach the loss at the start (so the start sits on the outermost);
    the runs end near the far end of the valley, b ≈ 1.2 of the best 30."""
    from sgdanim.core.analysis import least_squares
    from sgdanim.core.data import spreadsheet
    n = numbers
    (a0, a1, _), (b0, b1, _) = n.valley_a_range, n.valley_b_range
    for path in (n.path_sgd, n.path_mom):
        assert np.all((a0 <= path[:, 0]) & (path[:, 0] <= a1))
        assert np.all((b0 <= path[:, 1]) & (path[:, 1] <= b1))
    opt = least_squares(spreadsheet())
    assert a0 <= 0 <= opt[0] <= a1 and b0 <= 0 <= opt[1] <= b1
    assert tuple(n.valley_landscape.optimum) == pytest.approx(tuple(opt))
    start_loss = n.valley_landscape.loss(*n.path_mom[0])
    assert n.valley_levels[-1] == pytest.approx(start_loss)
    assert np.all(np.diff(n.valley_levels) > 0)
    assert n.path_mom[-1, 1] < 0.1 * opt[1] and n.path_sgd[-1, 1] < 0.1 * opt[1]


def test_step_ratio_and_runaway_epoch(numbers):
    """Momentum's mean step along b is 90% of SGD's; at the larger lr it runs away on step
    350, in epoch 13 of 29 rows (control: step 348 is the last of epoch 12)."""
    from dataclasses import replace
    n = numbers
    assert n.step_b_ratio == pytest.approx(n.step_b_mom / n.step_b_sgd)
    assert round(n.step_b_ratio, 2) == 0.9
    assert n.big.diverged_mom == 350 and n.big_runaway_epoch == 13
    other = replace(n, big=replace(n.big, diverged_mom=348))
    assert other.big_runaway_epoch == 12
    assert replace(n, big=replace(n.big, diverged_mom=None)).big_runaway_epoch is None


def test_swing_rows_show_why_momentum_runs_away_at_the_larger_lr(numbers):
    """SGD's step −lr·g never goes up its row's gradient; momentum's −lr·m does, on 40 of the
    first 87 rows, pushing one way for up to 1/(1−β) = 10 rows, and each epoch's largest swing
    of a past its best value grows (×2.2 an epoch) where SGD's stays near 5."""
    from dataclasses import replace as swap
    from sgdanim.core.trajectory import RunConfig, run
    from sgdanim.core.data import spreadsheet
    from sgdanim.lessons.momentum.runs import swing_rows
    w = numbers.big.why
    assert w.epochs == 3 and len(w.rows) == 88
    sheet = RunConfig(model="linear", optimizer="momentum", lr=3e-4, beta=0.9, dampening=True,
                      data=spreadsheet(), epochs=15)
    t_mom = run(sheet)
    t_sgd = run(swap(sheet, optimizer="sgd", beta=None, dampening=None))
    np.testing.assert_array_equal(w.a_mom, t_mom.path()[:88, 0])
    step = np.diff(t_mom.path()[:88, 0])
    up = np.flatnonzero(step * t_mom.grad("a")[:87] > 0) + 1
    np.testing.assert_array_equal(w.against_rows, up)
    assert w.against_sgd == 0 and w.against_mom == 40 and w.longest_push == 10
    # each epoch's swing over the points its own rows made (row 0's start is not epoch 1's)
    after = np.abs(t_mom.path()[1:88, 0] - 2.0).reshape(3, 29).max(axis=1)
    np.testing.assert_allclose(w.swing_mom, after)
    assert [round(s, 1) for s in w.swing_mom] == [3.5, 8.2, 18.2]
    assert w.swing_mom[-1] == pytest.approx(abs(t_mom.path()[87, 0] - 2.0))  # the curve's end
    assert all(s < 5.2 for s in w.swing_sgd)
    assert w.swing_mom[2] / w.swing_mom[1] == pytest.approx(2.2, abs=0.1)
    lo, hi, _ = w.a_range
    assert lo <= min(w.a_mom.min(), w.a_sgd.min()) and max(w.a_mom.max(), w.a_sgd.max()) <= hi
    # control: at the sheet's lr momentum stays calm, its swing never grows past SGD's
    calm = swing_rows(run(swap(t_sgd.config, lr=1e-4)), run(swap(sheet, lr=1e-4)), 2.0, 3)
    assert calm.swing_mom[-1] < calm.swing_sgd[-1]


def test_longest_push_is_where_momentums_steps_keep_one_sign(numbers):
    """The run the why panel brackets: the longest stretch of momentum's steps in a with one
    sign, found here by grouping the signs (itertools), its ends the points before its first
    and after its last step; controls: the steps just outside it turn back, and a run broken
    by one reversed step is split."""
    from itertools import groupby
    from sgdanim.lessons.momentum.runs import _longest_run
    w = numbers.big.why
    signs = np.sign(np.diff(w.a_mom))
    runs, at = [], 0
    for _, group in groupby(signs):
        n = len(list(group))
        runs.append((at, at + n))
        at += n
    want = max(runs, key=lambda r: r[1] - r[0])     # max keeps the first of a tie
    assert w.push_rows == want and w.longest_push == 10
    lo, hi = w.push_rows
    inside = signs[lo:hi]
    assert np.all(inside == inside[0])
    assert (lo == 0 or signs[lo - 1] != inside[0]) and (hi == len(signs) or signs[hi] != inside[0])
    assert _longest_run(np.array([1.0, 1, 1, -1, 1, 1])) == (0, 3)
    assert _longest_run(np.array([1.0, 1, -1, 1, 1, 1, 1])) == (3, 7)
