"""The axes of stepping's plots of a long run: the crawl's epochs and decades, the first
epochs' zoom, the across distance's first epoch and its share of along afterwards, the RMSE-per-epoch axis, and
the time-lapse's readout (an epoch and its own RMSE).

Numbers both the lesson and its tests need, from a :class:`~sgdanim.core.crawl.Crawl` or an
array of RMSEs; nothing here draws.
"""

from __future__ import annotations

import numpy as np

from .crawl import Crawl
from .ticks import nice_range, nice_step


def crawl_axes(c: Crawl) -> tuple[tuple[float, float, float], tuple[int, int],
                                  tuple[float, float, float]]:
    """The crawl plot's epoch axis, the decades that hold both distances and the prediction
    (from the first epoch's end on, as the start may sit on the valley's floor; but up to
    across's start, which from b = 29.9 stood a decade over the plot's top), and the epoch
    axis of its zoom on the first epochs (:func:`crawl_zoom`). Epochs are ticked whole: a
    crawl of 2 epochs (``epochs=1`` from b = 29.9) read "0 0 1 2 2" at ticks 0.5 apart.

    >>> from sgdanim.core.crawl import crawl
    >>> from sgdanim.core.data import spreadsheet
    >>> crawl_axes(crawl(spreadsheet(), 1e-4, (1.0, 29.9), 1.0, 40))[0]
    (0.0, 2.0, 1.0)
    """
    x_range = (0.0, float(max(c.epochs, 1)), max(nice_step(max(c.epochs, 1), 4), 1.0))
    sizes = np.abs(np.concatenate([c.along, c.across[1:], c.predicted_along()]))
    sizes = sizes[np.isfinite(sizes) & (sizes > 0)]
    lo, hi = (np.log10(sizes.min()), np.log10(sizes.max())) if len(sizes) else (0.0, 1.0)
    start = abs(float(c.across[0])) if len(c.across) else 0.0
    if np.isfinite(start) and start > 0:   # above the rest (b near its best), not under it
        hi = max(hi, np.log10(start))
    return (x_range, (int(np.floor(lo)), max(int(np.ceil(hi)), int(np.floor(lo)) + 1)),
            crawl_zoom(c))


def crawl_zoom(c: Crawl, room: int = 4, within: float = 2.0) -> tuple[float, float, float]:
    """The epoch axis of the crawl plot's zoom on its first epochs: ``room`` times the epochs
    across takes to settle (within ``within`` times its median share of along; one at lr
    1e-4), at most the whole run. Drawn over all of the run, that drop is a few thousandths of
    the plot's width, on the y axis; here it is a ``room``-th of the zoom's.

    >>> from sgdanim.core.crawl import crawl
    >>> from sgdanim.core.data import spreadsheet
    >>> [crawl_zoom(crawl(spreadsheet(), lr, (1.0, 1.0), 1.0, 40)) for lr in (1e-4, 1e-5)]
    [(0.0, 4.0, 1.0), (0.0, 16.0, 5.0)]
    """
    if not c.epochs:
        return 0.0, 1.0, 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.abs(c.across / c.along)
    settled = np.flatnonzero(share[1:] <= within * np.median(share[1:]))
    epochs = min(room * (int(settled[0]) + 1 if len(settled) else c.epochs), c.epochs)
    return 0.0, float(epochs), 1.0 if epochs <= 6 else nice_step(epochs, 4)


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


def crawl_reading(c: Crawl, position: float) -> tuple[int, float]:
    """The time-lapse's readout with its walker ``position`` epochs in: the epoch it names and
    that epoch's own RMSE (``rmse[e - 1]``, its rows' errors). The walker stands on epoch e's
    end from e on; before epoch 1 ends there is no RMSE yet, so epoch 1 is named with its own.

    >>> from sgdanim.core.crawl import crawl
    >>> from sgdanim.core.data import spreadsheet
    >>> c = crawl(spreadsheet(), lr=1e-4, init=(1.0, 1.0), target=1.0, max_epochs=10)
    >>> [(e, round(r, 3)) for e, r in (crawl_reading(c, p) for p in (0, 1, 5.5))]
    [(1, 27.995), (1, 27.995), (5, 19.506)]
    """
    e = int(np.clip(np.floor(position + 1e-6), 1, c.epochs))
    return e, float(c.rmse[e - 1])
