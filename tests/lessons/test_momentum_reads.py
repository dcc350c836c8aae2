"""Lesson ``momentum``: every parameter that changes what a part draws is one it reads.

Every part of the lesson starts clean, so the part cache keys each by its own ``reads``
(sgdanim/render/parts.py): a parameter a part draws from but does not declare would leave a
stale part in the cache. ``DRAWS`` lists the numbers each part's scene code uses
(scenes/momentum/<part>.py, and runaway.py for the paths); a change to any parameter must move
one of them only if the part declares it.
"""

from __future__ import annotations

import pickle

import pytest

from sgdanim.lessons import PRESENTATION
from tests.lessons.momentum_kit import LESSON
from tests.lessons.momentum_kit import numbers  # noqa: F401 - a fixture

DRAWS = {
    "sine": ("main", "pi_multiples", "sin_v", "sin_x", "sweep", "top_beta", "bias_correction"),
    "wiggle": ("dies_mom", "dies_sgd", "grad_std", "lin_drawn", "lin_exit", "lr", "mom_std",
               "relu_runaway_mom", "relu_runaway_sgd", "rows_lin", "rows_mom", "rows_sgd",
               "same_rows", "spread_ratio",
               "wiggle_d_range", "wiggle_g_range", "wiggle_x_range", "grad"),
    "constant": ("const_g", "const_steps", "const_x_range", "corrected_gap", "damped",
                 "damped_corrected", "damped_plateau", "damped_range", "undamped",
                 "undamped_plateau", "undamped_range", "rescale_gap", "g_high", "g_low",
                 "steps_high"),
    # paths draws the two plateaus only as their ratio, 1/(1 − β), whatever g_high is
    "paths": ("a_range", "b_range", "beta", "big", "big_runaway_epoch", "lr", "mean_loss_limit",
              "mom_mean_loss_limit", "optimum", "path_epochs", "path_mom", "path_rows",
              "path_sgd", "path_x_range", "rmse_mom", "rmse_sgd", "step_a_mom", "step_a_sgd",
              "step_b_mom", "step_b_ratio", "step_b_sgd", "valley_a_range", "valley_b_range",
              "valley_landscape", "valley_levels", "zigzag_ratio", "big_lr_ratio",
              "undamped_scale"),
}

CHANGES = {"lr": "lr=2e-4", "beta": "beta=0.8", "betas": "betas=0.5,0.95",
           "bias_correction": "bias_correction=true", "sin_points": "sin_points=60",
           "sin_cycles": "sin_cycles=1.5", "wiggle_rows": "wiggle_rows=40",
           "grad": "grad=analytic", "steps_high": "steps_high=30", "g_high": "g_high=2",
           "g_low": "g_low=0.25", "steps_total": "steps_total=90", "epochs": "epochs=2",
           "lr_big": "lr_big=4e-4", "big_epochs": "big_epochs=12", "data": "data=synthetic"}


def drawn(numbers, params, name):
    """One value a part draws: a number of the lesson's, or a parameter its scene reads."""
    if hasattr(numbers, name):
        return pickle.dumps(getattr(numbers, name))
    return getattr(params, name)


@pytest.fixture(scope="module")
def changed():
    params = {name: LESSON.resolve(sets=[setting]) for name, setting in CHANGES.items()}
    return {name: (LESSON.compute(p), p) for name, p in params.items()}


@pytest.mark.parametrize("spec", LESSON.parts, ids=lambda spec: spec.id)
def test_a_part_moves_with_what_it_reads_and_nothing_else(spec, numbers, changed):
    assert set(CHANGES) == ({p.name for p in LESSON.params} - {"parts"}
                            - {p.name for p in PRESENTATION})
    params = LESSON.defaults()
    base = [drawn(numbers, params, name) for name in DRAWS[spec.id]]
    moving = set()
    for name, (other, other_params) in changed.items():
        moved = [field for field, before in zip(DRAWS[spec.id], base)
                 if drawn(other, other_params, field) != before]
        if moved:
            moving.add(name)
            assert name in spec.reads, f"{spec.id} draws {moved}, which {CHANGES[name]} moves"
    # the control: the comparison sees a change (reading more than it draws only costs reuse)
    assert moving and moving <= set(spec.reads)
