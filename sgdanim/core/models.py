"""The three models of the lessons, their per-row loss, and its derivatives.

Parameters travel as an array of shape ``(P,)`` or ``(P, B)``: one column per lane of an lr
sweep. The loss of one row is the squared error ``(pred - y)**2``, as in the spreadsheet.
Each model also has a plain-float twin of its forward pass and derivative (``p`` a tuple of
floats) for one-lane runs (:mod:`sgdanim.core.stepper`): the same operations in the same order,
so the same bits, without numpy's cost per call on four numbers.

Examples
--------
>>> import numpy as np
>>> m = MODELS["linear"]
>>> p = np.array([1.0, 1.0])            # a, b
>>> float(m.predict(p, 14.0))
15.0
>>> m.grad(p, 14.0, 58.0).tolist()      # de/da = x·2(ax+b−y), de/db = 2(ax+b−y)
[-1204.0, -86.0]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .errors import UsageError

DEFAULT_FD_STEP = 0.01


def _linear(p, x):
    a, b = p[0], p[1]
    return b + a * x  # the sheet's order of operations, C4+D4*A4


def _linear_grad(p, x, err2):
    return np.stack([err2 * x, err2])


def _linear_floats(p, x):
    return p[1] + p[0] * x


def _linear_grad_floats(p, x, err2):
    return [err2 * x, err2]


def _linear2(p, x):
    a, b, c, d = p
    return c * (a * x + b) + d


def _linear2_grad(p, x, err2):
    a, b, c, d = p
    return np.stack([err2 * c * x, err2 * c, err2 * (a * x + b), err2])


def _linear2_floats(p, x):
    a, b, c, d = p
    return c * (a * x + b) + d


def _linear2_grad_floats(p, x, err2):
    a, b, c, d = p
    return [err2 * c * x, err2 * c, err2 * (a * x + b), err2]


def _relu2(p, x):
    a, b, c, d = p
    return c * np.maximum(0.0, a * x + b) + d


def _relu2_grad(p, x, err2):
    a, b, c, d = p
    z = a * x + b
    # Where the ReLU is off it passes no derivative back: a, b and c stop learning.
    on = (z > 0).astype(np.float64)
    return np.stack([err2 * c * on * x, err2 * c * on, err2 * np.maximum(0.0, z), err2])


def _relu(z: float) -> float:
    # np.maximum(0.0, z) bit for bit: it keeps z when 0.0 > z is false, so NaN and -0.0 pass.
    return 0.0 if 0.0 > z else z


def _relu2_floats(p, x):
    a, b, c, d = p
    return c * _relu(a * x + b) + d


def _relu2_grad_floats(p, x, err2):
    a, b, c, d = p
    z = a * x + b
    on = 1.0 if z > 0 else 0.0
    return [err2 * c * on * x, err2 * c * on, err2 * _relu(z), err2]


@dataclass(frozen=True)
class Model:
    """A model: its parameter names, forward pass and analytic derivative of the row loss."""

    name: str
    params: tuple[str, ...]
    formula: str
    _forward: Callable
    _grad: Callable
    forward_floats: Callable  # (p: tuple of floats, x) -> float
    grad_floats: Callable     # (p, x, 2·(pred − y)) -> list of floats

    def predict(self, p: np.ndarray, x) -> np.ndarray:
        return self._forward(p, x)

    def loss(self, p: np.ndarray, x, y) -> np.ndarray:
        return (self._forward(p, x) - y) ** 2

    def grad(self, p: np.ndarray, x, y) -> np.ndarray:
        """Analytic derivative of the row loss with respect to each parameter."""
        return self._grad(p, x, 2.0 * (self._forward(p, x) - y))

    def grad_fd(self, p: np.ndarray, x, y, h: float = DEFAULT_FD_STEP) -> np.ndarray:
        """Forward difference (L(p + h·e_i) − L(p)) / h, like the sheet's "est de/db" columns."""
        base = self.loss(p, x, y)
        out = np.empty_like(np.asarray(p, dtype=np.float64))
        for i in range(len(self.params)):
            nudged = np.array(p, dtype=np.float64, copy=True)
            nudged[i] = nudged[i] + h
            out[i] = (self.loss(nudged, x, y) - base) / h
        return out


MODELS: dict[str, Model] = {
    "linear": Model("linear", ("a", "b"), "y = a·x + b", _linear, _linear_grad,
                    _linear_floats, _linear_grad_floats),
    "linear2": Model("linear2", ("a", "b", "c", "d"), "y = c·(a·x + b) + d", _linear2,
                     _linear2_grad, _linear2_floats, _linear2_grad_floats),
    "relu2": Model("relu2", ("a", "b", "c", "d"), "y = c·max(0, a·x + b) + d", _relu2,
                   _relu2_grad, _relu2_floats, _relu2_grad_floats),
}


def get(name: str) -> Model:
    try:
        return MODELS[name]
    except KeyError:
        raise UsageError(f"unknown model {name!r} (choose from {', '.join(MODELS)})") from None
