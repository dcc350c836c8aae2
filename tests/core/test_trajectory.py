"""Unit and property tests of the core's trajectory (sgdanim/core/trajectory.py): a run is frozen
and consistent, the sheet's carry drops each epoch's last step, a sweep's lanes equal single runs,
a runaway lr never raises and marks the first bad step, and plain SGD diverges as a scalar loop
does; and convergence to the least-squares optimum (pytorch-optimizer style) on a
well-conditioned line and on the sheet's."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sgdanim.core import analysis, data, models, optimizers
from sgdanim.core.trajectory import RunConfig, run, sweep
from tests.core.core_kit import SHEET, fast


def log_uniform(lo, hi):
    return st.floats(math.log10(lo), math.log10(hi)).map(lambda e: 10.0 ** e)


def centered() -> data.Dataset:
    """A well-conditioned set on the same line y = 2x + 30, for convergence in few epochs."""
    x = np.random.default_rng(0).permutation(np.linspace(-3, 3, 13))
    return data.Dataset(x, 2 * x + 30, "centered")


# Part 3: trajectory


def test_trajectory_is_frozen_and_consistent():
    t = run(RunConfig(optimizer="momentum", epochs=2))
    for arr in (t.params, t.loss, t.grads, t.new_params, t.state["mom"]):
        assert not arr.flags.writeable
    np.testing.assert_array_equal(t.params[1:], t.new_params[:-1])
    assert t.path().shape == (59, 2) and t.path()[-1].tolist() == t.new_params[-1].tolist()
    np.testing.assert_allclose(t.epoch_rmse(), [np.sqrt(t.loss[:29].mean()),
                                                np.sqrt(t.loss[29:].mean())])
    np.testing.assert_array_equal(t.loss, (t.pred - t.y) ** 2)
    np.testing.assert_array_equal(t.param("b"), t.params[:, 1])


def test_sheet_carry_drops_each_epochs_last_step():
    t = run(RunConfig(optimizer="momentum", epochs=3, carry="sheet"))
    for k in (28, 57):
        np.testing.assert_array_equal(t.params[k + 1], t.params[k])
        m = t.state["mom"]  # the state carries on regardless
        np.testing.assert_allclose(m[k + 1], 0.9 * m[k] + 0.1 * t.grads[k + 1], rtol=1e-12)


configs = st.builds(
    lambda model, opt, epochs, ds, grad, carry: RunConfig(
        model=model, optimizer=opt, epochs=epochs, data=ds, grad=grad, carry=carry),
    st.sampled_from(sorted(models.MODELS)), st.sampled_from(sorted(optimizers.OPTIMIZERS)),
    st.integers(1, 3),
    st.one_of(st.just(SHEET), st.builds(data.synthetic, seed=st.integers(0, 99),
                                        n=st.integers(1, 20))),
    st.sampled_from(["analytic", "numeric"]), st.sampled_from(["updated", "sheet"]))


@fast
@given(config=configs, lrs=st.lists(log_uniform(1e-7, 10.0), min_size=1, max_size=4))
def test_sweep_lanes_equal_single_runs(config, lrs):
    s = sweep(config, lrs)
    for i, lr in enumerate(lrs):
        one, lane = run(replace(config, lr=lr)), s.lane(i)
        assert lane.diverged_at == one.diverged_at
        for name in ("params", "pred", "loss", "grads", "new_params", "lr", "step"):
            np.testing.assert_array_equal(getattr(lane, name), getattr(one, name), err_msg=name)
        for k in one.state:
            np.testing.assert_array_equal(lane.state[k], one.state[k])


@fast
@given(config=configs, lr=log_uniform(1e-3, 1e300))
def test_runaway_lr_never_raises_and_marks_the_first_bad_step(config, lr):
    config = replace(config, lr=lr)
    t = run(config)
    rows = (t.params, t.grads, t.new_params, t.pred, t.loss, *t.state.values())
    assert all(np.isfinite(a).all() for a in rows) and (t.loss <= config.max_loss).all()
    if t.diverged_at is None:
        assert len(t) == config.epochs * len(config.data)
        return
    k = t.diverged_at
    assert len(t) == k - 1
    # Re-take step k from what the kept rows end with: it must be the one that ran away.
    model, opt, ds = models.get(config.model), config.build_optimizer(), config.data
    names = model.params
    p = t.new_params[-1] if len(t) else np.array([config.init.get(n, 1.0) for n in names])
    if config.carry == "sheet" and len(t) and (k - 1) % len(ds) == 0:
        p = t.params[-1]  # an epoch starts from the weights its predecessor used last
    state = (opt.State(*(v[-1] for v in t.state.values())) if len(t)
             else opt.init_state(len(names)))
    x, y = ds.x[(k - 1) % len(ds)], ds.y[(k - 1) % len(ds)]
    with np.errstate(all="ignore"):
        loss = model.loss(p, x, y)
        g = (model.grad(p, x, y) if config.grad == "analytic"
             else model.grad_fd(p, x, y, config.fd_step))
        new, state = opt.step(p, g, state, lr, k)
        values = np.concatenate([[loss], g, new, *(getattr(state, s) for s in opt.state_names)])
    assert not np.isfinite(values).all() or loss > config.max_loss


def test_divergence_of_plain_sgd_matches_a_scalar_loop():
    """An independent float loop: the first row whose loss passes 1e12 or stops being finite."""
    lr, a, b, first = 1e-3, 1.0, 1.0, None
    for k in range(1, 3 * 29 + 1):
        x, y = SHEET.x[(k - 1) % 29], SHEET.y[(k - 1) % 29]
        e = b + a * x - y
        if not (math.isfinite(e * e) and e * e <= 1e12):
            first = k
            break
        a, b = a - lr * 2 * e * x, b - lr * 2 * e
    assert first is not None
    assert run(RunConfig(lr=lr, epochs=3)).diverged_at == first


# Part 5: convergence to the least-squares optimum (pytorch-optimizer style)


@pytest.mark.parametrize("optimizer,lr,epochs,hyper,tol", [
    ("sgd", 0.1, 60, {}, 1e-9),
    ("momentum", 0.1, 100, {}, 1e-9),
    ("momentum", 0.01, 100, {"dampening": False}, 1e-9),
    ("adam", 0.1, 100, {}, 1e-9),                          # the sheet's Adam
    ("adam", 0.1, 100, {"bias_correction": True, "eps": 1e-8}, 1e-9),
    ("rmsprop", 0.03, 300, {}, 2e-2),  # a constant lr leaves steps of about lr near the optimum
])
def test_converges_on_a_well_conditioned_line(optimizer, lr, epochs, hyper, tol):
    ds = centered()
    t = run(RunConfig(optimizer=optimizer, lr=lr, epochs=epochs, data=ds, **hyper))
    assert t.diverged_at is None
    assert np.abs(t.new_params[-1] - analysis.least_squares(ds)).max() < tol


@pytest.mark.parametrize("optimizer,lr,epochs,hyper,tol", [
    ("rmsprop", 0.03, 100, {}, 0.05),
    ("adam", 0.1, 150, {"bias_correction": True, "eps": 1e-8}, 0.3),
])
def test_adaptive_optimizers_reach_the_sheets_optimum(optimizer, lr, epochs, hyper, tol):
    """On the sheet's badly conditioned data plain SGD needs thousands of epochs; methods that
    scale each parameter's step get to (2, 30) within the noise of per-sample steps."""
    t = run(RunConfig(optimizer=optimizer, lr=lr, epochs=epochs, **hyper))
    assert np.abs(t.new_params[-1] - [2.0, 30.0]).max() < tol
    sgd = run(RunConfig(lr=2.5e-4, epochs=epochs))
    assert np.abs(sgd.new_params[-1] - [2.0, 30.0]).max() > 1.0
