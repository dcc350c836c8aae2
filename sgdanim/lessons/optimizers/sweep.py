"""The ``optimizers`` lesson's fair start: each racer's lr from a sweep (:mod:`sgdanim.core.tuning`)
over one log grid, and what the sweep plot shows (last-epoch RMSE against lr, each racer's
chosen lr, where its sweep stopped).

Examples
--------
>>> from sgdanim.lessons.optimizers import LESSON, compute
>>> s = compute(LESSON.defaults()).sweep
>>> {name: f"{t.best_lr:.2g}" for name, t in s.tunings.items()}
{'sgd': '0.0001', 'momentum': '0.00018', 'rmsprop': '0.056', 'adam': '0.056', 'adam_ann': '0.32'}
>>> s.lr_decades, s.rmse_decades
((-8, 1), (-1, 3))
>>> f"{s.mean_loss_limit:.3g}", s.limit_between("sgd")   # SGD runs away where overshoot said
('0.000397', True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ...core.tuning import Tuning, log_grid, tune

GRID = (-8, 1, 4)      # 10⁻⁸ … 10¹, four lrs a decade: every racer's best is inside it
TUNES = ("sweep", "sheets")


@dataclass(frozen=True)
class SweepNumbers:
    """Every racer's sweep over the one grid, and the plot's log10 bounds."""

    tunings: dict[str, Tuning]
    lr_decades: tuple[int, int]
    rmse_decades: tuple[int, int]
    used: bool                      # the race runs at the chosen lrs (tune=sweep)
    mean_loss_limit: float          # 2/λ_max of the mean loss (overshoot's limit)

    @property
    def within(self) -> float:
        """How far above a sweep's lowest RMSE an lr may end and still count as as good."""
        return next(iter(self.tunings.values())).within

    @property
    def within_percent(self) -> int:
        return round(100 * self.within)

    def curve(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """(lr, last RMSE) of ``name``'s kept lrs: what its curve goes through."""
        t = self.tunings[name]
        return t.lrs[t.kept], t.final_rmse[t.kept]

    def shown(self) -> dict:
        return {name: {"best_lr": t.best_lr, "best_rmse": t.best_rmse,
                       "runaway_lr": t.runaway_lr} for name, t in self.tunings.items()}

    def rmse_at(self, name: str, lr: float) -> float | None:
        """``name``'s last RMSE at the grid's ``lr`` (None if its sweep stopped before it):
        what SGD ends at with momentum's lr, say.

        >>> from sgdanim.lessons.optimizers import LESSON, compute
        >>> s = compute(LESSON.defaults()).sweep
        >>> round(s.rmse_at("sgd", s.tunings["momentum"].best_lr), 1)
        24.7
        """
        lrs, rmse = self.curve(name)
        hit = np.flatnonzero(np.isclose(lrs, lr, rtol=1e-9))
        return float(rmse[hit[0]]) if hit.size else None

    def near_best(self, name: str) -> tuple[float, float, float, float]:
        """The run of kept lrs around ``name``'s lowest last RMSE that are as good as it (within
        the tuning's 20 %), as (lowest lr, highest lr, lowest RMSE, worst RMSE in it): where
        the lr hardly matters (SGD's, flat over decades, because no lr moves it far along the
        valley in the race's epochs). Its highest lr is the one the racer gets."""
        t = self.tunings[name]
        rmse = t.final_rmse[t.kept]
        close = rmse <= (1 + t.within) * rmse[t.lowest]
        low = t.lowest
        while low > 0 and close[low - 1]:
            low -= 1
        return (float(t.lrs[low]), float(t.lrs[t.best]), float(rmse[t.lowest]),
                float(rmse[low:t.best + 1].max()))

    def limit_between(self, name: str) -> bool:
        """Whether the mean-loss limit lies between ``name``'s last kept lr and the lr where
        its sweep stopped: the lr overshoot found is where this sweep runs away, too."""
        t = self.tunings[name]
        return t.runaway is not None and bool(t.lrs[t.runaway - 1] < self.mean_loss_limit
            < t.lrs[t.runaway])


def rmse_decades(tunings) -> tuple[int, int]:
    """log10 bounds holding every kept lr's last RMSE, a little off both edges."""
    values = np.concatenate([t.final_rmse[t.kept] for t in tunings.values()])
    return (int(math.floor(math.log10(0.9 * values.min()))),
            int(math.ceil(math.log10(1.1 * values.max()))))


def sweep_numbers(configs: dict, used: bool, landscape) -> SweepNumbers:
    """Tune each racer's run (``configs``: name → its RunConfig, lr aside) over :data:`GRID`."""
    grid = log_grid(*GRID)
    tunings = {name: tune(config, grid) for name, config in configs.items()}
    return SweepNumbers(tunings, GRID[:2], rmse_decades(tunings), used,
                        2.0 / float(landscape.eigenvalues[-1]))


def lr_param(name: str) -> str:
    """The parameter that holds racer ``name``'s lr with tune=sheets: SGD the lesson-wide
    ``lr``, the others their own.

    >>> lr_param("sgd"), lr_param("adam_ann")
    ('lr', 'lr_adam_ann')
    """
    return "lr" if name == "sgd" else f"lr_{name}"


def off_sheet(params, names, sheets: dict) -> tuple[str, ...]:
    """The racers whose lr is not their sheet's (``sheets``: the parameters' defaults): with
    tune=sheets the race says "its sheet's, picked by hand" only where every lr is (lr 1e-3 is
    not SGD's)."""
    return tuple(n for n in names if float(params[lr_param(n)]) != sheets[lr_param(n)])


def sweep_title(numbers) -> str | None:
    """The sweep part's chapter title with ``tune=sheets``, where the race runs at the sheets'
    lrs, not at each sweep's best ("A fair start: each its best lr" said otherwise)."""
    return None if numbers.sweep.used else "Each one's sweep, and the sheets' lrs"
