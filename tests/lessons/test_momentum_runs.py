"""Lesson ``momentum``'s Part 4 (sgdanim/lessons/momentum/runs.py): the two runs' paths against
the momentum sheet, SGD against momentum at the same and a larger lr (which runs away, and the
sheet's lr as the negative control), params and shown numbers, the mean-loss limit, and the
numbers the valley inset and the captions read: the step ratio, the runaway epoch, the swing
rows and the longest push."""

from __future__ import annotations

import numpy as np
import pytest

from sgdanim.core.errors import UsageError
from tests.lessons.momentum_kit import LESSON, fixture
from tests.lessons.momentum_kit import numbers  # noqa: F401 - fixtures


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


def full_batch_momentum(x, y, lr, beta, steps):
    """Dampened momentum on the mean loss (every row's gradient averaged each step), by hand;
    returns the largest |a| it reaches."""
    a = b = mom_a = mom_b = 0.0
    top = 0.0
    for _ in range(steps):
        err2 = 2 * (b + a * x - y)
        mom_a = beta * mom_a + (1 - beta) * np.mean(err2 * x)
        mom_b = beta * mom_b + (1 - beta) * np.mean(err2)
        a, b = a - lr * mom_a, b - lr * mom_b
        top = max(top, abs(a))
        if not np.isfinite(a) or top > 1e12:
            break
    return top


def test_on_the_mean_loss_momentum_is_stable_far_past_the_big_lr():
    """Part 4 says what breaks at the larger lr is m's lag over row-by-row gradients, not the
    mean loss: full batch, dampened momentum stays bounded just under its limit
    2(1+β)/((1−β)λ_max) (19× SGD's at β = 0.9), and runs away just over it (control)."""
    from sgdanim.core.data import spreadsheet
    from sgdanim.lessons.momentum import LESSON, compute
    data = spreadsheet()
    x, y = np.asarray(data.x, dtype=float), np.asarray(data.y, dtype=float)
    numbers = compute(LESSON.defaults())
    limit = numbers.mom_mean_loss_limit
    assert limit / numbers.mean_loss_limit == pytest.approx(19.0)
    assert numbers.mom_limit_ratio == pytest.approx(19.0)     # what Part 4 writes as "19×"
    from dataclasses import replace
    assert replace(numbers, beta=0.5).mom_limit_ratio == pytest.approx(3.0)   # control
    assert numbers.big.lr * 10 < limit and numbers.big.diverged_mom is not None
    assert full_batch_momentum(x, y, 0.97 * limit, numbers.beta, 3000) < 100
    assert full_batch_momentum(x, y, 1.03 * limit, numbers.beta, 3000) > 1e6
    assert numbers.shown()["mom_mean_loss_limit"] == limit


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


@pytest.mark.parametrize("lr, rows", [(0.05, (3, 5)), (1.0, (3, 3)), (1e-4, (None, None))])
def test_part_4s_runs_at_lr_record_where_they_overflowed(lr, rows):
    """Past the line fit's limit (about 4×10⁻⁴) Part 4's runs at lr overflow within a few
    rows. The lesson records each run's row (shown too), keeps the data's 29 rows per epoch
    for the larger lr's epochs (from the cut path, lr 1 divided by zero), and numbers the
    rows of the longer run in whole rows. Control: the defaults' runs are whole."""
    n = LESSON.compute(LESSON.resolve(sets=[f"lr={lr}"]))
    assert (n.path_runaway_sgd, n.path_runaway_mom) == rows
    assert n.path_whole == (rows == (None, None))
    assert n.shown()["path_diverged_at"] == {"sgd": rows[0], "momentum": rows[1]}
    assert n.rows_per_epoch == 29 and n.path_x_range[2] >= 1
    assert len(n.path_rows) == max(len(n.path_sgd), len(n.path_mom))
    if n.big.diverged_mom is not None:
        assert n.big_runaway_epoch == -(-n.big.diverged_mom // 29)
