"""The axes of stepping's plots of a long run: the crawl's epochs and decades, the across
distance's first epoch and its share of along afterwards, and the RMSE-per-epoch axis.

Numbers both the lesson and its tests need, from a :class:`~sgdanim.core.crawl.Crawl` or an
array of RMSEs; nothing here draws.
"""

from __future__ import annotations

import numpy as np

from .crawl import Crawl
from .ticks import nice_range, nice_step


def crawl_axes(c: Crawl) -> tuple[tuple[float, float, float], tuple[int, int]]:
    """The crawl plot's epoch axis, and the decades that hold both distances and the
    prediction (from the first epoch's end on: the start may sit on the valley's floor)."""
    x_range = (0.0, float(max(c.epochs, 1)), nice_step(max(c.epochs, 1), 4))
    sizes = np.abs(np.concatenate([c.along, c.across[1:], c.predicted_along()]))
    sizes = sizes[np.isfinite(sizes) & (sizes > 0)]
    lo, hi = (np.log10(sizes.min()), np.log10(sizes.max())) if len(sizes) else (0.0, 1.0)
    return x_range, (int(np.floor(lo)), max(int(np.ceil(hi)), int(np.floor(lo)) + 1))


def rmse_axis(rmse: np.ndarray, goal: float) -> tuple[float, float, float]:
    """The RMSE-per-epoch plot's axis, from 0 past the largest finite RMSE and the goal.

    >>> rmse_axis(np.array([27.99, 19.62]), 1.0), rmse_axis(np.array([]), 1.0)
    ((0.0, 30.0, 10.0), (0.0, 1.0, 0.5))
    """
    finite = rmse[np.isfinite(rmse)]
    return nice_range(0.0, max(float(finite.max()) if len(finite) else 0.0, goal), 3)


def across_settling(c: Crawl) -> tuple[float, float, float]:
    """|across| before and after the first epoch, and its median size afterwards in percent
    of along: per-row steps leave it pinned to the crawl, not at zero (nan without epochs)."""
    after = np.abs(c.across[1:] / c.along[1:]) * 100 if c.epochs else np.array([np.nan])
    first = abs(float(c.across[1])) if c.epochs else float("nan")
    return abs(float(c.across[0])), first, float(np.median(after))
