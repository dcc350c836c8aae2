"""Unit and property tests of the numeric core: models, optimizers, trajectory, analysis.

Agreement with the spreadsheet lives in test_spreadsheet.py and with torch.optim in
test_torch_agreement.py; this file checks the pieces on their own and their invariants.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sgdanim.core import analysis, data, models, optimizers
from sgdanim.core.errors import UsageError
from sgdanim.core.optimizers import (SGD, Adam, AdamState, Annealer, EmptyState, Momentum,
                                     MomentumState, RMSProp, RMSPropState, build, check_lr)
from sgdanim.core.trajectory import RunConfig, run, sweep

FIXTURES = Path(__file__).parents[1] / "fixtures"
SHEET = data.spreadsheet()
fast = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def log_uniform(lo, hi):
    return st.floats(math.log10(lo), math.log10(hi)).map(lambda e: 10.0 ** e)


def centered() -> data.Dataset:
    """A well-conditioned set on the same line y = 2x + 30, for convergence in few epochs."""
    x = np.random.default_rng(0).permutation(np.linspace(-3, 3, 13))
    return data.Dataset(x, 2 * x + 30, "centered")


datasets = st.one_of(
    st.just(SHEET),
    st.builds(data.synthetic, seed=st.integers(0, 2**32 - 1), n=st.integers(2, 40),
              slope=st.floats(-5, 5), intercept=st.floats(-50, 50), noise=st.floats(0, 20)))


# Part 1: models


@fast
@given(model=st.sampled_from(sorted(models.MODELS)),
       p=st.lists(st.floats(-3, 3), min_size=4, max_size=4),
       x=st.floats(-100, 100), y=st.floats(-300, 300))
def test_analytic_grad_is_the_derivative(model, p, x, y):
    m = models.get(model)
    p = np.array(p[:len(m.params)])
    if model == "relu2":
        assume(abs(p[0] * x + p[1]) > 1e-3)  # away from the kink
    h = 1e-6 * max(1.0, np.abs(p).max())
    central = [(m.loss(p + h * e, x, y) - m.loss(p - h * e, x, y)) / (2 * h)
               for e in np.eye(len(p))]
    scale = 1.0 + np.abs(central).max()
    np.testing.assert_allclose(m.grad(p, x, y), central, rtol=1e-5, atol=1e-5 * scale)


@fast
@given(a=st.floats(-5, 5), b=st.floats(-50, 50), x=st.floats(1, 100), y=st.floats(-300, 300),
       h=st.sampled_from([0.01, 0.1, 1.0]))
def test_forward_difference_overshoots_by_h_times_curvature(a, b, x, y, h):
    """(L(p + h·e) − L(p))/h = ∂L + h·∂²L/2: exactly h·x² for a and h for b on the linear row."""
    m = models.get("linear")
    p = np.array([a, b])
    diff = m.grad_fd(p, x, y, h) - m.grad(p, x, y)
    np.testing.assert_allclose(diff, [h * x * x, h], rtol=1e-6, atol=1e-6 * (1 + abs(y)) / h)


def test_relu_off_passes_no_gradient_to_a_b_c():
    m = models.get("relu2")
    g = m.grad(np.array([1.0, -50.0, 2.0, 3.0]), 10.0, 40.0)  # z = −40 < 0
    assert g[:3].tolist() == [0.0, 0.0, 0.0] and g[3] == 2 * (3.0 - 40.0)


def test_models_take_lanes():
    rng = np.random.default_rng(1)
    for m in models.MODELS.values():
        p = rng.normal(size=(len(m.params), 5))
        lanes = m.grad(p, 7.0, 3.0)
        for j in range(5):
            np.testing.assert_array_equal(lanes[:, j], m.grad(p[:, j], 7.0, 3.0))
    with pytest.raises(UsageError, match="'cubic'"):
        models.get("cubic")


# Part 2: optimizer rules and their validation


def test_update_rules_by_hand():
    p, g = np.array([1.0]), np.array([4.0])
    new, s = SGD().step(p, g, EmptyState(), 0.5, 1)
    assert new.tolist() == [-1.0] and s == EmptyState()
    new, s = Momentum(0.5, dampening=False).step(p, g, MomentumState(np.array([2.0])), 0.1, 1)
    assert s.mom.tolist() == [5.0] and new.tolist() == pytest.approx([0.5])
    new, s = RMSProp(0.75, eps=0.0).step(p, g, RMSPropState(np.array([0.0])), 0.1, 1)
    assert s.sqr.tolist() == [4.0] and new.tolist() == pytest.approx([0.8])
    new, s = Adam(0.5, 0.75, eps=0.0, bias_correction=True).step(
        p, g, AdamState(mom=np.zeros(1), sqr=np.zeros(1)), 0.1, 1)
    assert s.mom.tolist() == [2.0] and s.sqr.tolist() == [4.0]
    assert new.tolist() == pytest.approx([0.9])  # m̂ = 4, v̂ = 16: a step of exactly lr


@pytest.mark.parametrize("name, state_type, fields", [
    ("sgd", EmptyState, ()), ("momentum", MomentumState, ("mom",)),
    ("rmsprop", RMSPropState, ("sqr",)), ("adam", AdamState, ("mom", "sqr"))])
def test_each_rule_carries_a_frozen_state_of_its_own_type(name, state_type, fields):
    opt = build(name)
    fresh = opt.init_state((2,))
    assert type(fresh) is state_type and opt.state_names == fields
    _, after = opt.step(np.ones(2), np.full(2, 3.0), fresh, 0.1, 1)
    assert type(after) is state_type
    for field in fields:
        assert getattr(fresh, field).tolist() == [0.0, 0.0]  # the step made a new state
        with pytest.raises(AttributeError):
            setattr(after, field, np.zeros(2))


def test_sheet_adam_takes_no_step_on_zero_gradient_from_zero_state():
    opt = build("adam")
    new, s = opt.step(np.array([1.0, 2.0]), np.zeros(2), opt.init_state((2,)), 0.1, 1)
    assert new.tolist() == [1.0, 2.0] and np.isfinite(s.sqr).all()


bad_beta = st.one_of(st.floats(max_value=-1e-12), st.floats(min_value=1.0),
                     st.just(math.nan), st.just(math.inf))
bad_eps = st.one_of(st.floats(max_value=-1e-300), st.just(math.nan), st.just(math.inf))
bad_lr = st.one_of(st.floats(max_value=0.0), st.just(math.nan), st.just(math.inf))


@fast
@given(beta=bad_beta, which=st.sampled_from(["momentum", "rmsprop", "adam", "adam2"]))
def test_bad_beta_is_rejected(beta, which):
    key = "beta2" if which == "adam2" else "beta"
    with pytest.raises(UsageError, match=key):
        build(which.rstrip("2"), **{key: beta})
    with pytest.raises(UsageError):
        RunConfig(optimizer=which.rstrip("2"), **{key: beta})
    with pytest.raises(UsageError):
        analysis.ema([1.0], beta=beta)


@fast
@given(beta=st.floats(0.0, 1.0, exclude_max=True), eps=st.floats(0.0, 1.0))
def test_good_hyperparameters_are_accepted(beta, eps):
    assert build("adam", beta=beta, beta2=beta, eps=eps).beta2 == beta
    assert build("rmsprop", beta=beta, eps=eps).eps == eps


@fast
@given(eps=bad_eps, which=st.sampled_from(["rmsprop", "adam"]))
def test_bad_eps_is_rejected(eps, which):
    with pytest.raises(UsageError, match="eps"):
        build(which, eps=eps)


@fast
@given(lr=bad_lr)
def test_bad_lr_is_rejected(lr):
    with pytest.raises(UsageError, match="lr"):
        check_lr(lr)
    with pytest.raises(UsageError):
        RunConfig(lr=lr)
    with pytest.raises(UsageError):
        sweep(RunConfig(), [1e-4, lr])


@pytest.mark.parametrize("kwargs,needle", [
    ({"epochs": 0}, "epochs"), ({"epochs": 2.0}, "epochs"), ({"optimizer": "lion"}, "lion"),
    ({"beta": 0.5}, "beta"),  # sgd has no beta: a typo must not pass silently
    ({"init": {"slope": 2.0}}, "slope"), ({"anneal": True, "optimizer": "momentum"}, "anneal"),
    ({"grad": "exact"}, "exact"), ({"fd_step": -0.01}, "fd-step"), ({"carry": "both"}, "both"),
])
def test_run_config_rejects(kwargs, needle):
    with pytest.raises(UsageError, match=needle):
        RunConfig(**kwargs)


def test_annealer_is_the_macro_rule():
    """g = Σ√sqr after each epoch; lr /= 4 when g > 2·(smallest earlier g); per lane."""
    ann, lr = Annealer(), np.array([1.0, 1.0])
    state = ann.init_state()
    gs = [(4.0, 4.0), (9.0, 3.0), (7.0, 8.0), (1.0, 1.0), (2.5, 1.0)]
    want = [(1, 1), (0.25, 1), (0.25, 0.25), (0.25, 0.25), (0.0625, 0.25)]
    best = [(4, 4), (4, 3), (4, 3), (1, 1), (1, 1)]
    for (ga, gb), w, b in zip(gs, want, best):
        sqr = np.array([[ga * ga / 4, gb * gb / 4]] * 2)  # √ of each row is g/2; they sum to g
        lr, state = ann.after_epoch(lr, sqr, state)
        assert lr.tolist() == list(w) and state.best.tolist() == list(b)


def test_the_annealer_keeps_nothing_itself():
    """Its "best so far" is state passed in and out: two runs with one annealer do not mix."""
    ann, lr, sqr = Annealer(), np.array([1.0]), np.array([[4.0], [0.0]])  # g = 2
    _, first = ann.after_epoch(lr, sqr, ann.init_state())
    _, fresh = ann.after_epoch(lr, 100 * sqr, ann.init_state())  # g = 20 starts a new run
    assert first.best.tolist() == [2.0] and fresh.best.tolist() == [20.0]
    assert ann.init_state().best is None
    with pytest.raises(AttributeError):
        ann.factor = 2.0


@pytest.mark.parametrize("kwargs", [{"factor": 0.5}, {"factor": math.nan}, {"ratio": 0.0},
                                    {"ratio": math.inf}])
def test_bad_annealer_settings_are_rejected(kwargs):
    with pytest.raises(UsageError, match=next(iter(kwargs))):
        Annealer(**kwargs)


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
