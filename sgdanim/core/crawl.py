"""The long crawl along a valley: per-sample SGD on y = a·x + b, epoch after epoch until the
error is small, with its distance to the best fit split along the mean loss's two curvature
directions (the Hessian's eigenvectors).

Across the valley (the steep direction, λ large) a step removes lr·λ of the distance; along it
(λ small) only lr·λ_small, so the distance along shrinks like (1 − lr·λ_small)ᵗ over t rows.
That is the picture of distill's "Why Momentum Really Works", for the spreadsheet's one neuron.

A plain scalar loop: the linear model's step is four multiplications, and a crawl of thousands
of epochs must run in the fraction of a second a lesson's ``compute`` has.
``tests/lessons/test_stepping.py`` holds it to :func:`sgdanim.core.trajectory.run`.

Examples
--------
>>> from sgdanim.core.data import spreadsheet
>>> c = crawl(spreadsheet(), lr=1e-4, init=(1.0, 1.0), target=1.0, max_epochs=3000)
>>> c.reached, round(float(c.rmse[c.reached - 1]), 4), c.diverged
(1516, 0.9987, False)
>>> [round(float(v), 2) for v in (c.along[0], c.across[0])]
[28.98, 1.48]
>>> round(c.per_row[0], 7), round(c.per_row[1], 3)     # lr·λ: along, across
(5.93e-05, 0.503)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .data import Dataset
from .landscape import Landscape

MAX_LOSS = 1e12       # a row's err² past this is a runaway (as core.trajectory's MAX_LOSS)
# The rows a crawl steps at most, about half a second: it runs its whole run to see whether
# the goal holds, and 6,000 epochs of a 100,000-row CSV took minutes.
MAX_ROW_STEPS = 3_000_000


@dataclass(frozen=True)
class Crawl:
    """A long per-sample SGD run, seen once per epoch.

    ``path[e]`` is the weights after epoch e (``path[0]`` the start); ``rmse[e - 1]`` is epoch
    e's √(mean err²), each row's error taken with the weights that row used (as
    ``Trajectory.epoch_rmse``). ``along[e]`` and ``across[e]`` are ``path[e] − optimum`` on the
    Hessian's eigenvectors for its small and its large eigenvalue, signed so both start ≥ 0.
    """

    lr: float
    rows_per_epoch: int
    target: float
    path: np.ndarray
    rmse: np.ndarray
    reached: int | None            # the epoch from which rmse stays below target (met_at)
    diverged: bool
    optimum: tuple[float, float]
    eigenvalues: tuple[float, float]   # (along, across): small, large
    directions: np.ndarray             # columns: along, across, in (a, b) order
    along: np.ndarray
    across: np.ndarray

    @property
    def epochs(self) -> int:
        """Epochs the crawl ran (to ``reached``, or until it stopped)."""
        return int(len(self.rmse))

    @property
    def per_row(self) -> tuple[float, float]:
        """lr·λ along and across: the share of the distance one row's step removes."""
        return self.lr * self.eigenvalues[0], self.lr * self.eigenvalues[1]

    def predicted_along(self) -> np.ndarray:
        """along[0]·(1 − lr·λ_small)ᵗ at every epoch end (t = rows stepped): the full-batch
        rate the distance along the valley would shrink at."""
        t = np.arange(len(self.path)) * self.rows_per_epoch
        return self.along[0] * (1.0 - self.per_row[0]) ** t


def _epochs(x, y, lr, a, b, max_epochs, sheet_carry):
    """Step row by row; yield (a, b, rmse) after each epoch, up to ``max_epochs`` or a
    runaway (then rmse is inf)."""
    n = len(x)
    for _ in range(max_epochs):
        total = 0.0
        for i in range(n):
            err = a * x[i] + b - y[i]
            loss = err * err
            if not math.isfinite(loss) or loss > MAX_LOSS:
                yield a, b, math.inf
                return
            total += loss
            if not (sheet_carry and i == n - 1):
                a, b = a - lr * 2.0 * err * x[i], b - lr * 2.0 * err
        yield a, b, math.sqrt(total / n)


def met_at(rmse, target: float) -> int | None:
    """The epoch (1-based) from which every epoch's RMSE is under ``target`` to the run's end,
    or None: the last epoch is not under it (a runaway's is inf).

    A run is not done where it passes under a loose goal on its way up: at lr 4.5e-4 RMSE
    goes 551 → 1136 → … → a runaway, under ``target_rmse=1e4`` at first; at lr 3e-4 it goes
    46.9 → 59.0 before falling under 50 for good at epoch 18. A run already at its best may
    wobble under the goal (0.064, 0.067 from a = 10, b = 30 at lr 2e-4): met at the first.

    >>> met_at([5.0, 2.0, 3.0, 2.5, 2.4], 2.8), met_at([5.0, 6.0, math.inf], 10.0)
    (4, None)
    >>> met_at([0.5, 0.064, 0.067], 1.0), met_at([], 1.0)
    (1, None)
    """
    if not len(rmse) or not rmse[-1] < target:
        return None
    first = len(rmse)
    while first > 1 and rmse[first - 2] < target:
        first -= 1
    return first


def crawl(data: Dataset, lr: float, init: tuple[float, float], target: float,
          max_epochs: int, carry: str = "updated") -> Crawl:
    """Run per-sample SGD from ``init`` for ``max_epochs`` (fewer on many rows:
    :data:`MAX_ROW_STEPS`), or until it runs away, find the epoch from which RMSE stays below
    ``target`` (:func:`met_at`: ``reached``), keep the epochs up to it, and split the path
    along the valley and across.

    ``carry`` is :data:`sgdanim.core.trajectory.CARRIES`' meaning: ``"sheet"`` starts each
    epoch from the weights the last row used, as the spreadsheet's macro does.
    """
    x, y = [float(v) for v in data.x], [float(v) for v in data.y]
    # the whole run (6,000 epochs in 36 ms): whether the goal holds is known only at its end;
    # a hold of any length can be lost (lr 4e-4, carry=sheet, from a = 10, b = 30: under 20
    # from epoch 3, then a slow rise to a runaway in epoch 3974)
    epochs = min(int(max_epochs), max(1, MAX_ROW_STEPS // max(len(x), 1)))
    seen = list(_epochs(x, y, float(lr), float(init[0]), float(init[1]), epochs,
                        carry == "sheet"))
    reached = met_at([r for _, _, r in seen], float(target))
    diverged = bool(seen) and not math.isfinite(seen[-1][2])
    seen = seen[:reached] if reached else seen[:-1] if diverged else seen
    path = np.array([tuple(init)] + [(a, b) for a, b, _ in seen], dtype=np.float64)
    rmse = np.array([r for _, _, r in seen], dtype=np.float64)
    land = Landscape.of(data)
    lam, vec = land.eigenvalues, np.array(land.eigenvectors, dtype=np.float64)
    offsets = path - np.asarray(land.optimum)
    start = offsets[0] @ vec
    vec = vec * np.where(start < 0, -1.0, 1.0)      # both components start >= 0
    parts = offsets @ vec
    return Crawl(float(lr), len(x), float(target), path, rmse,
                 reached, diverged,
                 (float(land.optimum[0]), float(land.optimum[1])),
                 (float(lam[0]), float(lam[1])), vec, parts[:, 0], parts[:, 1])
