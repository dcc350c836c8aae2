"""Why two stacked neurons run away at a learning rate that is safe for one.

One neuron ``ŷ = a·x + b`` has a fixed curvature on each row: one SGD step on row x lands
farther from that row's line than it started once ``lr > 1/(x² + 1)`` (the *per-row limit*;
on the worst row, the largest |x|). Full-batch descent on the mean loss diverges above
``2/λmax`` (the *mean-loss limit*). Both are limits on one neuron's lr.

Two stacked neurons ``ŷ = c·(a·x + b) + d`` draw the same lines, but a step moves the slope
``a·c`` by ``c·Δa + a·Δc``, and ``Δa ∝ c``, ``Δc ∝ a``: the slope moves ``a² + c²`` times as
far as one neuron's would at the same lr (to first order). So the pair trains like one neuron
at the *effective lr* ``lr·(a² + c²)``, and that lr changes as a and c grow.

Examples
--------
>>> from sgdanim.core.data import spreadsheet
>>> lim = step_limits(spreadsheet())
>>> lim.worst_x, round(lim.per_row, 8), round(lim.mean_loss, 7)
(99.0, 0.00010202, 0.0003974)
>>> round(1e-4 / lim.per_row, 2)          # the sheet's lr is 98% of the per-row limit
0.98
>>> growth([[1.0, 1.0, 1.0, 1.0], [2.0, 0.0, 3.0, 0.0]], ("a", "b", "c", "d")).tolist()
[2.0, 13.0]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import analysis
from .data import Dataset


@dataclass(frozen=True)
class StepLimits:
    """One neuron's two learning-rate limits on ``data``."""

    worst_x: float     # the row with the largest |x|: its step overshoots first
    per_row: float     # 1/(x² + 1) of that row
    mean_loss: float   # 2/λmax of the mean loss's Hessian


def step_limits(data: Dataset) -> StepLimits:
    """The per-row limit (worst row) and the mean-loss limit of one neuron on ``data``."""
    worst = float(np.max(np.abs(data.x)))
    return StepLimits(worst, float(analysis.row_critical_lr(worst)),
                      float(analysis.critical_lr(data)))


def growth(params, names) -> np.ndarray:
    """``a² + c²`` for every row of ``params`` (rows of weights named ``names``): how many
    times farther than one neuron's a step moves the pair's slope ``a·c``."""
    p = np.asarray(params, dtype=np.float64).reshape(-1, len(names))
    a, c = p[:, list(names).index("a")], p[:, list(names).index("c")]
    return a * a + c * c


def climb_start(loss) -> int:
    """The first 1-based row of the climb that ends ``loss``: from it on, every row's loss is
    bigger than the row's before (the last row when the last step did not grow).

    >>> climb_start([5.0, 3.0, 4.0, 9.0, 80.0]), climb_start([1.0, 2.0]), climb_start([3.0, 2.0])
    (3, 2, 2)
    """
    loss = np.asarray(loss, dtype=np.float64)
    falls = np.flatnonzero(np.diff(loss) <= 0)
    return max(1, min(int(falls[-1]) + 3 if len(falls) else 2, len(loss)))


def first_above(values, limit: float) -> int | None:
    """The 1-based row where ``values`` first passes ``limit``; None if it never does.

    >>> first_above([1.0, 3.0, 5.0], 2.0), first_above([1.0], 2.0)
    (2, None)
    """
    over = np.flatnonzero(np.asarray(values, dtype=np.float64) > limit)
    return int(over[0]) + 1 if len(over) else None
