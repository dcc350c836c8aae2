"""Inside a crawl's epochs: the distance across the valley row by row, where each row's own
slope kicks it.

The crawl (:mod:`sgdanim.core.crawl`) is seen once per epoch; there, across falls to a small
share of along after the first epoch and then shrinks only as along does. Row by row it does
not sit still: a row's slope is 2·err·(x, 1), mostly along a (the steep, across direction),
and err is the line's miss, which is sized by the distance along. So every row kicks across
off zero by an amount that shrinks with along; the epoch's end catches the kicks at one row.

The first window starts after that first fall (epoch 2 on): it is a drop, not a kick, and
the crawl's own plot shows it. So a window's swing is the max − min of all it holds, what its
trace shows.

Examples
--------
>>> from sgdanim.core.crawl import crawl
>>> from sgdanim.core.data import spreadsheet
>>> data = spreadsheet()
>>> c = crawl(data, lr=1e-4, init=(1.0, 1.0), target=1.0, max_epochs=3000)
>>> k = row_kicks(c, data)
>>> [w.first for w in k.windows], [round(w.along, 2) for w in k.windows]
([2, 1514], [28.93, 1.48])
>>> early = k.windows[0].across
>>> round(float(early[0]), 3), round(float(c.across[1]), 3)   # = the crawl's after epoch 1
(-0.129, -0.129)
>>> [round(float(w.swing), 3) for w in k.windows]      # the kicks' reach: max − min
[0.753, 0.038]
>>> [round(w.share, 2) for w in k.windows]             # in % of along: the same in both
[2.6, 2.6]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .crawl import Crawl
from .data import Dataset
from .ticks import nice_range

WINDOW = 3          # epochs in each window
FIRST_EPOCH = 2     # the first window's first epoch: after across's first fall
KEY_ROOM = 0.6      # share of the axis kept free above every row: the scene's table goes there


@dataclass(frozen=True)
class Window:
    """``across[i]`` is the signed distance across after i rows of the window (``across[0]``
    at its start), on the crawl's own direction and sign; ``along`` is the distance along at
    its start. ``first`` is the window's first epoch (1-based), ``epochs`` how many it holds."""

    first: int
    epochs: int
    along: float
    across: np.ndarray

    @property
    def swing(self) -> float:
        """How far the rows kick across in the window: max − min."""
        return float(self.across.max() - self.across.min())

    @property
    def share(self) -> float:
        """The swing in percent of ``along``: the kicks' size beside the crawl's (not the log
        plot's share, which is |across| at epoch ends in percent of along)."""
        return 100.0 * self.swing / self.along


@dataclass(frozen=True)
class Kicks:
    """The crawl's first epochs and its last ones, row by row, on one axis: ``x_range`` counts
    rows (ticks at the epochs' ends), ``y_range`` holds both windows' across."""

    rows_per_epoch: int
    windows: tuple[Window, ...]     # the first epochs; then the last, when the crawl is longer
    x_range: tuple[float, float, float]
    y_range: tuple[float, float, float]


def _rows(data: Dataset, lr: float, start, epochs: int, sheet_carry: bool) -> np.ndarray:
    """(a, b) after each row of ``epochs`` epochs from ``start``, ``start`` first (the crawl's
    step: with the sheet's carry, an epoch's last row takes no step)."""
    x, y = [float(v) for v in data.x], [float(v) for v in data.y]
    a, b = float(start[0]), float(start[1])
    out = [(a, b)]
    for _ in range(epochs):
        for i in range(len(x)):
            if not (sheet_carry and i == len(x) - 1):
                err = a * x[i] + b - y[i]
                a, b = a - lr * 2.0 * err * x[i], b - lr * 2.0 * err
            out.append((a, b))
    return np.array(out, dtype=np.float64)


def row_kicks(c: Crawl, data: Dataset, carry: str = "updated") -> Kicks | None:
    """Across row by row in :data:`WINDOW` epochs from the crawl's second (its first, when it
    has one only) and in its last ones, when they do not overlap (None when the crawl has no
    epoch). ``carry`` as :func:`~sgdanim.core.crawl.crawl`'s."""
    if c.epochs == 0:
        return None
    start = min(FIRST_EPOCH, c.epochs)
    count = min(WINDOW, c.epochs - start + 1)
    last = c.epochs - count + 1
    firsts = [start] + ([last] if last >= start + count else [])
    windows = []
    for first in firsts:
        rows = _rows(data, c.lr, c.path[first - 1], count, carry == "sheet")
        parts = (rows - np.asarray(c.optimum)) @ c.directions
        windows.append(Window(first, count, float(parts[0, 0]), parts[:, 1]))
    span = np.concatenate([w.across for w in windows])
    low = min(float(span.min()), 0.0)
    top = max(0.0, (float(span.max()) - KEY_ROOM * low) / (1 - KEY_ROOM))
    n = c.rows_per_epoch
    return Kicks(n, tuple(windows), (0.0, float(count * n), float(n)), nice_range(low, top, 5))
