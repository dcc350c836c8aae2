"""Tune a learning rate as a practitioner would: run the same configuration over a log grid of
lrs, stop the sweep at the first lr that runs away, and keep the largest lr that is as good as
the best: the top of the unbroken run of lrs, from the one with the lowest last-epoch RMSE
upwards, whose RMSE is within :data:`WITHIN` (20 %) of that lowest.

Why the largest that is as good, not the lowest RMSE itself: on a flat sweep (SGD's last RMSE is
16–18 from 5.6×10⁻⁷ to 10⁻⁴ on the sheet's rows) the argmin is a tie-break among equals and can
land decades below where the run actually moves; a practitioner takes the largest lr that does
as well. A narrow dip (Adam's) keeps its lr: its neighbours are far worse than 20 %.

Every lr is a lane of one :func:`~sgdanim.core.trajectory.sweep`, so each lane's numbers are
the bits :func:`~sgdanim.core.trajectory.run` makes at that lr: the run a lesson then draws at
the chosen lr ends exactly at the RMSE the sweep read for it.

Why the first runaway ends the sweep: past it, per-row runs are chaotic (a lane can survive
between two that run away, by luck of where the big rows land), and an lr chosen there would
be a fluke, not a setting anyone could find again.

Examples
--------
>>> grid = log_grid(-6, -3, 2)
>>> [f"{lr:.2g}" for lr in grid]
['1e-06', '3.2e-06', '1e-05', '3.2e-05', '0.0001', '0.00032', '0.001']
>>> from sgdanim.core.trajectory import RunConfig
>>> t = tune(RunConfig(init={"a": 1.0, "b": 1.0}, epochs=5), grid)
>>> t.runaway_lr, t.best_lr                     # SGD on the sheet's rows
(0.001, 3.16227766e-05)
>>> bool(t.best_rmse <= (1 + WITHIN) * t.final_rmse[t.lowest])
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import UsageError
from .trajectory import RunConfig, sweep

WITHIN = 0.2    # "as good as the lowest": a last RMSE at most 20 % above it


def log_grid(low: int, high: int, per_decade: int) -> np.ndarray:
    """Learning rates 10^low … 10^high, ``per_decade`` to a decade (both ends included).

    >>> log_grid(-2, 0, 1).tolist()
    [0.01, 0.1, 1.0]
    """
    if not (isinstance(per_decade, int) and per_decade >= 1 and high >= low):
        raise UsageError(f"an lr grid needs high >= low and per_decade >= 1 "
                         f"(got {low}, {high}, {per_decade})")
    steps = np.arange((high - low) * per_decade + 1)
    # to 10 significant figures, so a whole decade is exactly 1e-05, not 9.999999999999999e-06
    return np.array([float(f"{10.0 ** (low + k / per_decade):.10g}") for k in steps])


@dataclass(frozen=True)
class Tuning:
    """One configuration over a grid of lrs.

    ``final_rmse[i]`` is the RMSE of lr i's last epoch (``inf`` if it ran away); the sweep
    keeps the lrs before ``runaway`` (the index of the first that ran away, or None);
    ``lowest`` is the kept one with the lowest final RMSE (the lower lr on a tie) and ``best``
    the largest lr of the unbroken run from ``lowest`` upwards within ``within`` of it.
    """

    lrs: np.ndarray
    final_rmse: np.ndarray
    diverged_at: tuple[int | None, ...]
    runaway: int | None
    lowest: int
    best: int
    within: float = WITHIN

    @property
    def kept(self) -> slice:
        """The lrs the sweep keeps: every one below the first runaway."""
        return slice(0, self.runaway)

    @property
    def best_lr(self) -> float:
        return float(self.lrs[self.best])

    @property
    def lowest_lr(self) -> float:
        return float(self.lrs[self.lowest])

    @property
    def best_rmse(self) -> float:
        return float(self.final_rmse[self.best])

    @property
    def runaway_lr(self) -> float | None:
        return None if self.runaway is None else float(self.lrs[self.runaway])

    @property
    def largest_kept_lr(self) -> float | None:
        """The largest lr on the grid that did not run away (None where the first did); an lr
        between it and :attr:`runaway_lr` may go either way."""
        kept = self.lrs[self.kept]
        return float(kept[-1]) if len(kept) else None


def last_epoch_rmse(trajectory, rows: int, epochs: int) -> float:
    """√(mean row loss) of the last epoch, or ``inf`` for a run that did not complete it."""
    if len(trajectory) < rows * epochs:
        return float("inf")
    return float(trajectory.epoch_rmse()[epochs - 1])


def largest_as_good(rmse: np.ndarray, within: float = WITHIN) -> tuple[int, int]:
    """(index of the lowest RMSE, index of the largest lr as good as it): walk up from the
    lowest while each next lr's RMSE stays within ``within`` of the lowest.

    >>> largest_as_good(np.array([30.0, 16.0, 15.8, 16.5, 18.2, 25.0]))   # a plateau
    (2, 4)
    >>> largest_as_good(np.array([70.0, 12.0, 0.98, 4.6, 1.1]))           # a dip
    (2, 2)
    """
    lowest = int(np.argmin(rmse))
    best = lowest
    while best + 1 < len(rmse) and rmse[best + 1] <= (1 + within) * rmse[lowest]:
        best += 1
    return lowest, best


def tune(config: RunConfig, lrs, within: float = WITHIN) -> Tuning:
    """Sweep ``config`` over ``lrs`` (ascending) and choose its lr (see the module's notes).

    Raises :class:`~sgdanim.core.errors.UsageError` when the grid's smallest lr already runs
    away: there is nothing to choose from.
    """
    lrs = np.asarray(lrs, dtype=np.float64)
    if lrs.ndim != 1 or not lrs.size or np.any(np.diff(lrs) <= 0):
        raise UsageError("an lr grid must be a non-empty list of rising learning rates")
    swept = sweep(config, lrs)
    rows, epochs = len(config.data), config.epochs
    final = np.array([last_epoch_rmse(swept.lane(i), rows, epochs) for i in range(len(lrs))])
    ran = [i for i, d in enumerate(swept.diverged_at) if d is not None or not np.isfinite(final[i])]
    runaway = ran[0] if ran else None
    if runaway == 0:
        raise UsageError(f"{config.optimizer}: even lr={lrs[0]:g}, the sweep's smallest, runs "
                         "away on these rows")
    lowest, best = largest_as_good(final[:runaway], within)
    return Tuning(lrs, final, swept.diverged_at, runaway, lowest, best, within)
