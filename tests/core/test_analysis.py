"""Unit and property tests of the core's analysis (sgdanim/core/analysis.py): the EMA against the
mom_bias sheet and the momentum state, the dampened EMA within its inputs' range, least squares,
the Hessian as the mean loss's curvature, gradient descent converging below the critical lr and
diverging above it, and one row's overshoot and critical lr."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sgdanim.core import analysis, data, models
from sgdanim.core.optimizers import Momentum, MomentumState
from tests.core.core_kit import SHEET, fast


FIXTURES = Path(__file__).parents[1] / "fixtures"


datasets = st.one_of(
    st.just(SHEET),
    st.builds(data.synthetic, seed=st.integers(0, 2**32 - 1), n=st.integers(2, 40),
              slope=st.floats(-5, 5), intercept=st.floats(-50, 50), noise=st.floats(0, 20)))


# Part 4: analysis


def read_mom_bias():
    lines = [ln for ln in (FIXTURES / "mom_bias.csv").read_text().splitlines()
             if not ln.startswith("#")]
    cols = lines[0].split(",")
    rows = np.array([[float(v) for v in ln.split(",")] for ln in lines[1:]])
    return {c: rows[:, i] for i, c in enumerate(cols)}


def test_ema_matches_mom_bias_sheet():
    sheet = read_mom_bias()
    np.testing.assert_allclose(analysis.ema(sheet["value"], 0.9), sheet["ema"], rtol=1e-12)
    np.testing.assert_allclose(analysis.ema(sheet["value"], 0.9, bias_correction=True),
                               sheet["corrected"], rtol=1e-12)
    with pytest.raises(AssertionError):  # negative control: another beta
        np.testing.assert_allclose(analysis.ema(sheet["value"], 0.8), sheet["ema"], rtol=1e-6)


@fast
@given(values=st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=60),
       beta=st.floats(0.0, 0.999), dampening=st.booleans(), start=st.floats(-1e3, 1e3))
def test_ema_is_the_momentum_state(values, beta, dampening, start):
    opt = Momentum(beta=beta, dampening=dampening)
    m, want = MomentumState(np.array([start])), []
    for v in values:
        m = opt.step(np.zeros(1), np.array([v]), m, 1.0, 1)[1]
        want.append(m.mom[0])
    got = analysis.ema(values, beta, dampening=dampening, start=start)
    scale = 1.0 + max(abs(w) for w in want)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9 * scale)


@fast
@given(values=st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=60),
       beta=st.floats(0.0, 1.0, exclude_max=True), where=st.floats(0, 1),
       corrected=st.booleans())
def test_dampened_ema_stays_in_the_inputs_range(values, beta, where, corrected):
    lo, hi = min(values), max(values)
    start = 0.0 if corrected else lo + where * (hi - lo)  # correction assumes a start of 0
    out = analysis.ema(values, beta, start=start, bias_correction=corrected)
    tol = 1e-9 * (1 + max(abs(lo), abs(hi)))
    assert (out >= lo - tol).all() and (out <= hi + tol).all()


def test_least_squares():
    assert analysis.least_squares(SHEET) == pytest.approx((2.0, 30.0), rel=1e-12)
    ds = data.synthetic(seed=5, n=50, slope=-1.5, intercept=7, noise=3)
    assert analysis.least_squares(ds) == pytest.approx(tuple(np.polyfit(ds.x, ds.y, 1)),
                                                       rel=1e-10)


@fast
@given(ds=datasets, a=st.floats(-10, 10), b=st.floats(-100, 100))
def test_hessian_is_the_mean_losss_curvature(ds, a, b):
    h = 1e-2
    f = lambda da, db: float(analysis.mean_loss(ds, a + da, b + db))  # noqa: E731
    fd = np.array([[f(h, 0) - 2 * f(0, 0) + f(-h, 0),
                    (f(h, h) - f(h, -h) - f(-h, h) + f(-h, -h)) / 4],
                   [0.0, f(0, h) - 2 * f(0, 0) + f(0, -h)]]) / h**2
    fd[1, 0] = fd[0, 1]
    H = analysis.hessian(ds)
    np.testing.assert_allclose(fd, H, rtol=1e-4, atol=1e-4 * np.abs(H).max())
    assert analysis.critical_lr(ds) == pytest.approx(2 / np.linalg.eigvalsh(H)[-1], rel=1e-12)
    m = models.get("linear")
    assert float(analysis.mean_loss(ds, a, b)) == pytest.approx(
        float(np.mean(m.loss(np.array([a, b]), ds.x, ds.y))), rel=1e-12)


@fast
@given(ds=datasets, factor=st.sampled_from([0.5, 0.9, 0.99]))
def test_gradient_descent_converges_below_critical_lr(ds, factor):
    lr, steps = factor * analysis.critical_lr(ds), 300
    path = analysis.gradient_descent(ds, lr, steps)
    assert path.shape == (steps + 1, 2)
    loss = analysis.mean_loss(ds, path[:, 0], path[:, 1])
    assert (np.diff(loss) <= 1e-9 * loss[0]).all()  # every step goes downhill
    vals, vecs = analysis.curvatures(ds)
    opt = np.linalg.lstsq(np.column_stack([ds.x, np.ones_like(ds.x)]), ds.y, rcond=None)[0]
    top = vecs[:, -1]  # the steepest direction shrinks by |1 − lr·λmax| < 1 each step
    start, end = abs(top @ (path[0] - opt)), abs(top @ (path[-1] - opt))
    assert end <= abs(1 - lr * vals[-1]) ** steps * start + 1e-7 * (1 + np.abs(opt).max())


@fast
@given(ds=datasets, factor=st.sampled_from([1.01, 1.1, 1.5]))
def test_gradient_descent_diverges_above_critical_lr(ds, factor):
    lr = factor * analysis.critical_lr(ds)
    vals, vecs = analysis.curvatures(ds)
    opt = np.linalg.lstsq(np.column_stack([ds.x, np.ones_like(ds.x)]), ds.y, rcond=None)[0]
    start = abs(vecs[:, -1] @ (np.array([1.0, 1.0]) - opt))
    assume(start > 1e-3)  # a start on the stable line never leaves it
    growth = abs(1 - lr * vals[-1])  # > 1
    steps = int(math.ceil(math.log(1e8) / math.log(growth)))
    path = analysis.gradient_descent(ds, lr, steps)
    end = abs(vecs[:, -1] @ (path[-1] - opt))  # should have grown by growth**steps >= 1e8
    assert len(path) < steps + 1 or end > 1e6 * start
    loss = analysis.mean_loss(ds, path[:, 0], path[:, 1])
    assert loss[-1] > loss[0]


def test_one_row_overshoot_and_row_critical_lr():
    """One SGD step on a row keeps the row's error shrinking below 1/(x²+1) in magnitude,
    flips its sign between 1/(x²+1) and row_critical_lr, and grows it above."""
    m = models.get("linear")
    for x, y in zip(SHEET.x, SHEET.y):
        p = np.array([1.0, 1.0])
        err = float(m.predict(p, x) - y)
        rcl = float(analysis.row_critical_lr(x))
        after = {f: float(m.predict(p - f * rcl * m.grad(p, x, y), x) - y)
                 for f in (0.4, 0.9, 1.1)}
        assert abs(after[0.4]) < abs(err) and after[0.4] * err > 0
        assert abs(after[0.9]) < abs(err) and after[0.9] * err < 0
        assert abs(after[1.1]) > abs(err)
