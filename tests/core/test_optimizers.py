"""Unit and property tests of the core's optimizer rules and their validation
(sgdanim/core/optimizers.py): the update rules by hand, each rule's frozen state of its own type,
bad betas, eps and lrs rejected and good ones accepted, and the annealer as the macro rule that
keeps nothing itself. (Agreement with torch.optim lives in test_torch_agreement.py.)"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sgdanim.core import analysis
from sgdanim.core.errors import UsageError
from sgdanim.core.optimizers import (SGD, Adam, AdamState, Annealer, EmptyState, Momentum,
                                     MomentumState, RMSProp, RMSPropState, build, check_lr)
from sgdanim.core.trajectory import RunConfig, sweep
from tests.core.core_kit import fast


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
