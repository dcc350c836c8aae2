"""Closed-form facts the lessons check their animations against.

Examples
--------
>>> from sgdanim.core.data import spreadsheet
>>> ds = spreadsheet()
>>> [round(v, 9) for v in least_squares(ds)]        # the sheet's data lies on y = 2x + 30
[2.0, 30.0]
>>> lr = critical_lr(ds)                             # 2/λmax of the mean loss's Hessian
>>> round(lr, 7)                                   # far below the 1e-2 of the thread's sweep
0.0003974
>>> ema([1.0, 1.0], beta=0.5).tolist()               # dampened, from 0
[0.5, 0.75]
>>> ema([1.0, 1.0], beta=0.5, bias_correction=True).tolist()
[1.0, 1.0]
"""

from __future__ import annotations

import numpy as np

from .data import Dataset
from .errors import UsageError


# Relative to the data's scale, a fitted weight this small is the solve's rounding, not the fit
# (about 50 float64 epsilons): flat data gave a slope of 9.4×10⁻²⁰, read as 0.0000…9408. A
# real slope of 10⁻⁹ under an intercept of 10⁶ is 10⁻¹³ of y's scale, and stays.
ROUNDING = 1e-14


def least_squares(data: Dataset) -> tuple[float, float]:
    """The (a, b) minimising the mean of (a·x + b − y)²; each exactly 0 where it is within the
    solve's rounding of 0 (:data:`ROUNDING` of y's scale, and of y's over x's for a).

    >>> from sgdanim.core.data import synthetic
    >>> a, b = least_squares(synthetic(slope=0.0))   # flat rows: no slope, not 9.4×10⁻²⁰
    >>> a, round(b, 9)
    (0.0, 30.0)
    >>> a, b = least_squares(synthetic(slope=1e-9, intercept=1e6))
    >>> round(a / 1e-9, 1)           # kept (to float64's digits at 10⁶), not 0
    1.0
    """
    X = np.column_stack([data.x, np.ones_like(data.x)])
    (a, b), *_ = np.linalg.lstsq(X, data.y, rcond=None)
    y_scale = float(np.max(np.abs(data.y)))
    x_scale = float(np.max(np.abs(data.x))) or 1.0
    return (0.0 if abs(a) <= ROUNDING * y_scale / x_scale else float(a),
            0.0 if abs(b) <= ROUNDING * y_scale else float(b))


def hessian(data: Dataset) -> np.ndarray:
    """Hessian of the mean row loss of y = a·x + b over (a, b): (2/n)·[[Σx², Σx], [Σx, n]].

    It does not depend on a or b: the loss is an exact quadratic bowl.
    """
    x, n = data.x, len(data)
    return (2.0 / n) * np.array([[np.sum(x * x), np.sum(x)], [np.sum(x), n]])


def curvatures(data: Dataset) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (ascending) and eigenvectors (columns, in (a, b) order) of :func:`hessian`."""
    return np.linalg.eigh(hessian(data))


def critical_lr(data: Dataset) -> float:
    """2/λmax: gradient descent on the mean loss diverges above this learning rate."""
    return float(2.0 / curvatures(data)[0][-1])


def row_critical_lr(x) -> np.ndarray:
    """2/λ of one row's own loss (ax+b−y)², whose Hessian 2·[[x², x], [x, 1]] has λ = 2(x²+1).

    A single SGD step on that row overshoots the row's own line once lr passes 1/(x²+1)
    and lands farther away than it started once lr passes this value.
    """
    x = np.asarray(x, dtype=np.float64)
    return 2.0 / (2.0 * (x * x + 1.0))


def gradient_descent(data: Dataset, lr: float, steps: int, start=(1.0, 1.0)) -> np.ndarray:
    """Full-batch gradient descent on the mean loss of y = a·x + b; returns (steps+1, 2) points.

    Stops early (keeping what came before) when the point stops being finite.
    """
    H = hessian(data)
    g0 = (2.0 / len(data)) * np.array([-np.sum(data.x * data.y), -np.sum(data.y)])
    path = [np.asarray(start, dtype=np.float64)]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            p = path[-1] - lr * (H @ path[-1] + g0)
            if not np.isfinite(p).all():
                break
            path.append(p)
    return np.array(path)


def mean_loss(data: Dataset, a, b) -> np.ndarray:
    """Mean squared error of y = a·x + b, broadcasting over arrays of a and b (for contours)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    pred = b[..., None] + a[..., None] * data.x
    return np.mean((pred - data.y) ** 2, axis=-1)


def ema(values, beta: float, dampening: bool = True, bias_correction: bool = False,
        start: float = 0.0) -> np.ndarray:
    """Exponential moving average m_t = β·m_{t−1} + (1−β)·v_t (or + v_t undampened), m_0 = start.

    With ``bias_correction`` each m_t is divided by 1 − β^t, the mom_bias sheet's correction.
    """
    if not 0.0 <= beta < 1.0:
        raise UsageError(f"beta={beta!r} must be in [0, 1)")
    v = np.asarray(values, dtype=np.float64)
    gain = (1.0 - beta) if dampening else 1.0
    zi = np.array([beta * start])
    # Imported here: scipy.signal is slow to import, and `sgdanim list` imports this module.
    from scipy.signal import lfilter

    out, _ = lfilter([gain], [1.0, -beta], v, zi=zi)
    if bias_correction:
        t = np.arange(1, v.shape[0] + 1)
        out = out / (1.0 - beta ** t)
    return out
