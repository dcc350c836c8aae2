"""Unit and property tests of the core's models (sgdanim/core/models.py): the analytic gradient
is the derivative, the forward difference overshoots by h times the curvature, a ReLU that is
off passes no gradient, and the models take lanes. (Agreement with the spreadsheet lives in
test_spreadsheet.py and with torch.optim in test_torch_agreement.py; the core's tests check the
pieces on their own and their invariants.)"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sgdanim.core import models
from sgdanim.core.errors import UsageError
from tests.core.core_kit import fast


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
