"""The plain-float loop (``run``, ``sgdanim trace``) against the numpy lanes (``sweep``): the
same bits on every row, for every model, optimizer, carry, grad and anneal, and the same step
of divergence. The spreadsheet and torch tests hold ``run``; this holds the two together."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sgdanim.core import data, models
from sgdanim.core.errors import UsageError
from sgdanim.core.optimizers import OPTIMIZERS, build
from sgdanim.core.stepper import Steps
from sgdanim.core.trajectory import MAX_STEPS, RunConfig, run, sweep

FIELDS = ("epoch", "step", "x", "y", "params", "pred", "loss", "grads", "new_params", "lr")
bounded = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def bits(traj) -> dict[str, bytes]:
    """Every array of a trajectory as raw bytes: -0.0 and 0.0 differ, NaN equals NaN."""
    out = {name: np.ascontiguousarray(getattr(traj, name), dtype=np.float64).tobytes()
           for name in FIELDS}
    out.update({f"state {k}": np.ascontiguousarray(v).tobytes() for k, v in traj.state.items()})
    return out


def assert_same_bits(config):
    ours, lanes = run(config), sweep(config, [config.lr]).lane(0)
    assert ours.diverged_at == lanes.diverged_at
    assert len(ours) == len(lanes)
    assert bits(ours) == bits(lanes)
    return ours


@st.composite
def configs(draw):
    model = draw(st.sampled_from(sorted(models.MODELS)))
    optimizer = draw(st.sampled_from(sorted(OPTIMIZERS)))
    names = models.get(model).params
    states = build(optimizer).state_names
    value = st.floats(-50, 50, allow_subnormal=False) | st.sampled_from([0.0, -0.0, 1e-300])
    init = {k: draw(value) for k in names if draw(st.booleans())}
    init |= {f"{s}_{k}": draw(value) for s in states for k in names if draw(st.booleans())}
    hyper = {}
    if optimizer != "sgd":
        hyper["beta"] = draw(st.sampled_from([0.0, 0.5, 0.9, 0.999]))
    if optimizer == "momentum":
        hyper["dampening"] = draw(st.booleans())
    if optimizer in ("rmsprop", "adam"):
        hyper["eps"] = draw(st.sampled_from([0.0, 1e-8, 1e-3]))
    if optimizer == "adam":
        hyper["beta2"] = draw(st.sampled_from([0.0, 0.99, 0.999]))
        hyper["bias_correction"] = draw(st.booleans())
    rows = draw(st.sampled_from([data.spreadsheet(), data.synthetic(seed=3, n=7, noise=5.0)]))
    return RunConfig(model=model, optimizer=optimizer, lr=10 ** draw(st.floats(-7, 0)),
                     init=init, data=rows, epochs=draw(st.integers(1, 3)),
                     grad=draw(st.sampled_from(["analytic", "numeric"])),
                     fd_step=draw(st.sampled_from([1e-3, 0.01, 1.0])),
                     carry=draw(st.sampled_from(["updated", "sheet"])),
                     anneal=optimizer in ("rmsprop", "adam") and draw(st.booleans()),
                     max_loss=draw(st.sampled_from([1e12, math.inf, 1e3])), **hyper)


@bounded
@given(configs())
def test_floats_and_lanes_agree_bit_for_bit(config):
    assert_same_bits(config)


@pytest.mark.parametrize("config", [
    RunConfig(lr=0.01),                                            # runs away in epoch 1
    RunConfig(optimizer="adam", anneal=True, epochs=3, lr=1.0),    # lr quartered on the way
    RunConfig(model="relu2", init={"a": -1.0}, epochs=2),          # the ReLU is off: -0.0s
    RunConfig(optimizer="rmsprop", init={"sqr_b": -1e6}),          # √ of a negative: NaN at once
], ids=["diverges", "anneals", "relu-off", "negative-state"])
def test_edge_runs_agree(config):
    assert_same_bits(config)


def test_the_comparison_sees_one_ulp():
    """Negative control: a last-bit change in one starting weight makes the two differ."""
    config = RunConfig(optimizer="adam", epochs=2)
    ours, lanes = bits(run(config)), bits(sweep(config, [config.lr]).lane(0))
    nudged = RunConfig(optimizer="adam", epochs=2, init={"a": np.nextafter(1.0, 2.0)})
    changed = bits(sweep(nudged, [config.lr]).lane(0))
    assert ours == lanes and changed["new_params"] != ours["new_params"]


def test_the_anneal_case_anneals():
    """The anneal case above must change lr, or it tests nothing about the annealer."""
    assert sorted(set(run(RunConfig(optimizer="adam", anneal=True, epochs=3, lr=1.0)).lr)) \
        == [0.25, 1.0]


def test_the_edge_cases_reach_their_edges():
    assert run(RunConfig(lr=0.01)).diverged_at is not None
    assert run(RunConfig(optimizer="rmsprop", init={"sqr_b": -1e6})).diverged_at == 1
    relu = run(RunConfig(model="relu2", init={"a": -1.0}, epochs=2))
    assert (relu.grads[:, 0] == 0).all()


def test_steps_stream_without_keeping_rows():
    """Steps yields rows one at a time: asking for 3 rows of a 10⁸-step run is instant."""
    big = RunConfig(epochs=MAX_STEPS // 29)
    steps = iter(Steps(big))
    rows = [next(steps) for _ in range(3)]
    assert [r[1] for r in rows] == [1, 2, 3]


def test_too_many_steps_is_refused_by_name():
    with pytest.raises(UsageError, match=r"99,999,999,999 epochs|steps; the most is"):
        RunConfig(epochs=99_999_999_999)


def test_run_refuses_what_would_not_fit_in_memory():
    with pytest.raises(UsageError, match="GiB of numbers; the most is 2 GiB"):
        run(RunConfig(epochs=10_000_000))
