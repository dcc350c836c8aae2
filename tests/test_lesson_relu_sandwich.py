"""Pixel-free tests of the relu-sandwich lesson: its core numbers, and the mobjects its scene
builds (no rendering)."""

import json

import numpy as np
import pytest

from sgdanim.data import spreadsheet
from sgdanim.errors import UsageError
from sgdanim.lessons import get
from sgdanim.lessons.relu_sandwich import collapse, dead_row, kink
from sgdanim.trajectory import RunConfig, run

LESSON = get("relu-sandwich")


@pytest.fixture(scope="module")
def numbers():
    return LESSON.compute(LESSON.defaults())


def first_all_zero_row(grads_abc: np.ndarray):
    """Brute force: the smallest 1-based row k with every grad of rows k.. exactly zero."""
    for k in range(1, len(grads_abc) + 1):
        if np.all(grads_abc[k - 1:] == 0):
            return k
    return None


# Part 3: the race ------------------------------------------------------------------------------

def test_linear_pair_diverges_in_first_epoch(numbers):
    r = numbers.runs["linear2"]
    assert r.diverged_at is not None and r.diverged_at <= len(spreadsheet())
    assert len(r.error) == r.diverged_at - 1
    assert numbers.runs["linear"].diverged_at is None


@pytest.mark.parametrize("lr,epochs", [(1e-4, 2), (1e-4, 1), (9e-5, 3), (1.2e-4, 2)])
def test_dead_row_is_first_row_of_zero_grads_to_the_end(lr, epochs):
    p = LESSON.resolve(sets=[f"lr={lr}", f"epochs={epochs}"])
    n = LESSON.compute(p)
    t = run(RunConfig(model="relu2", lr=lr, epochs=epochs))
    expected = first_all_zero_row(np.asarray(t.grads)[:, :3])
    assert n.runs["relu2"].dead_row == expected


def test_relu_dies_for_every_x_and_only_d_learns_on(numbers):
    r = numbers.runs["relu2"]
    assert r.diverged_at is None and r.dead_row is not None
    assert r.dead_row < len(r.error)           # something visible happens after it
    k = r.dead_row - 1
    a, b = r.params[k, 0], r.params[k, 1]
    assert np.all(a * numbers.x + b < 0)
    assert r.dead_everywhere
    after = r.params[k:]
    assert np.all(after[:, :3] == after[0, :3])          # a, b, c frozen
    assert np.ptp(after[:, 3]) > 0                       # d still moves
    # the row before dead_row still had a live derivative: it is the step that killed the unit
    assert np.any(run(RunConfig(model="relu2", lr=1e-4, epochs=2)).grads[k - 1, :3] != 0)
    before, after_kill = r.kill_step[:2], r.kill_step[2:]
    assert np.allclose(after_kill, r.params[k, :2])
    assert np.all(np.asarray(before) > 0)


def test_relu_pair_and_linear_pair_agree_while_the_unit_is_on(numbers):
    lin, relu = numbers.runs["linear2"], numbers.runs["relu2"]
    k = relu.dead_row - 1
    assert np.array_equal(lin.params[:k], relu.params[:k])


def test_dead_row_none_when_derivative_alive_at_the_end():
    t = run(RunConfig(model="relu2", lr=1e-6))
    assert dead_row(t) is None


# Part 1 and 2 ----------------------------------------------------------------------------------

def test_collapse_tour_ends_on_two_weight_sets_with_the_best_line(numbers):
    *_, w1, w2 = numbers.collapse_tour
    assert w1 != w2
    for w in (w1, w2):
        assert collapse(*w) == pytest.approx(numbers.solutions.best)


def test_two_units_make_a_bend(numbers):
    (a1, b1, c1), (a2, b2, c2), d = numbers.two_units
    xs = np.linspace(0, numbers.x_span, 201)
    ys = c1 * np.maximum(0, a1 * xs + b1) + c2 * np.maximum(0, a2 * xs + b2) + d
    fit = np.polyfit(xs, ys, 1)
    assert np.max(np.abs(np.polyval(fit, xs) - ys)) > 0.05 * numbers.y_span
    assert 0 < kink(a1, b1) < kink(a2, b2) < numbers.x_span


# Parameters and sidecar ------------------------------------------------------------------------

@pytest.mark.parametrize("sets,word", [
    (["init=1,1,1"], "init"), (["models=linear,linear"], "models"), (["lr=0"], "lr"),
    (["models=relu3"], "models"), (["parts=intro"], "parts"), (["epochs=0"], "epochs"),
])
def test_bad_params_name_the_value(sets, word):
    with pytest.raises(UsageError, match=word):
        LESSON.compute(LESSON.resolve(sets=sets))


def test_shown_is_json_and_matches_numbers(numbers):
    shown = json.loads(json.dumps(numbers.shown()))
    assert shown["runs"]["relu2"]["dead_row"] == numbers.runs["relu2"].dead_row
    assert shown["runs"]["linear2"]["diverged_at"] == numbers.runs["linear2"].diverged_at
    assert shown["solutions"]["path_end"] == pytest.approx(numbers.solutions.path[-1].tolist())


def test_part4_paths_are_core_trajectories(numbers):
    s = numbers.solutions
    slow = run(RunConfig(model="linear2", lr=s.path_lr, epochs=LESSON.defaults().path_epochs))
    assert np.array_equal(s.path, slow.path())
    fast = run(RunConfig(model="linear2", lr=numbers.lr))
    assert s.fast_diverged_at == fast.diverged_at == numbers.runs["linear2"].diverged_at
    assert np.array_equal(s.fast_path, fast.path())
