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
    reached: int | None            # the first epoch below target that the next one holds
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


def _until_met(epochs, target: float) -> tuple[list, bool]:
    """The epochs up to the first that meets ``target`` and holds it (the next epoch is
    below it too, and no higher), and whether one did; the last epoch allowed counts if below.

    A run on its way up is not done when it passes under a loose goal: at lr 4.5e-4 RMSE goes
    551 → 1136 → … → a runaway, all under ``target_rmse=1e4`` at first, and at lr 3e-4 it goes
    46.9 → 59.0 before falling under 50 for good. The epoch that holds is left out, so a crawl
    that meets the goal ends on the epoch that met it.

    >>> _until_met([(0, 0, 5.0), (0, 0, 2.0), (0, 0, 3.0), (0, 0, 2.5), (0, 0, 2.4)], 2.8)
    ([(0, 0, 5.0), (0, 0, 2.0), (0, 0, 3.0), (0, 0, 2.5)], True)
    >>> _until_met([(0, 0, 5.0), (0, 0, 6.0), (0, 0, math.inf)], 10.0)
    ([(0, 0, 5.0), (0, 0, 6.0), (0, 0, inf)], False)
    """
    seen: list = []
    for a, b, rmse in epochs:
        if seen and seen[-1][2] < target and rmse <= seen[-1][2]:
            return seen, True
        seen.append((a, b, rmse))
    return seen, bool(seen) and seen[-1][2] < target


def crawl(data: Dataset, lr: float, init: tuple[float, float], target: float,
          max_epochs: int, carry: str = "updated") -> Crawl:
    """Run per-sample SGD from ``init`` until an epoch's RMSE is below ``target`` and the
    next epoch holds it (:func:`_until_met`), or ``max_epochs`` pass, or it runs away, and
    split its path along the valley and across.

    ``carry`` is :data:`sgdanim.core.trajectory.CARRIES`' meaning: ``"sheet"`` starts each
    epoch from the weights the last row used, as the spreadsheet's macro does.
    """
    x, y = [float(v) for v in data.x], [float(v) for v in data.y]
    seen, met = _until_met(_epochs(x, y, float(lr), float(init[0]), float(init[1]),
                                   int(max_epochs), carry == "sheet"), float(target))
    diverged = bool(seen) and not math.isfinite(seen[-1][2])
    if diverged:
        seen = seen[:-1]
    path = np.array([tuple(init)] + [(a, b) for a, b, _ in seen], dtype=np.float64)
    rmse = np.array([r for _, _, r in seen], dtype=np.float64)
    land = Landscape.of(data)
    lam, vec = land.eigenvalues, np.array(land.eigenvectors, dtype=np.float64)
    offsets = path - np.asarray(land.optimum)
    start = offsets[0] @ vec
    vec = vec * np.where(start < 0, -1.0, 1.0)      # both components start >= 0
    parts = offsets @ vec
    return Crawl(float(lr), len(x), float(target), path, rmse,
                 len(rmse) if met else None, diverged,
                 (float(land.optimum[0]), float(land.optimum[1])),
                 (float(lam[0]), float(lam[1])), vec, parts[:, 0], parts[:, 1])
