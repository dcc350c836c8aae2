"""The log axes of ``overshoot``: whole decades that hold every value a plot shows."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

MAX_LANES = 6          # one colour per curve; more would be unreadable
PART1_REACH = 1e3      # farthest |w - w*| part 1 draws: its axis and loop numbers stay legible
REACH_MARGIN = 1.1     # a parabola panel shows 10% more than its run's farthest weight
LOG_INTERVALS = 6      # a log axis labels at most about this many intervals of decades


@dataclass(frozen=True)
class LogScale:
    """A log axis of whole decades, 10^low to 10^high, labelled every ``per_tick`` decades
    from 10^0 (``low`` is one of them). The plot puts a curve's |values| on it, sizes below
    10^low (0 among them) on the bottom."""

    low: int
    high: int
    per_tick: int


def log_scale(curves, floor: int, top: int | None = None) -> LogScale:
    """The decades holding every |value| of ``curves`` (raised to 10^floor; up to ``top`` if
    given), the bottom lowered to a labelled decade; a value that is not finite raises.

    >>> log_scale([[0.0, 0.01, -5.0], []], floor=-2, top=12)   # a label every 3 decades
    LogScale(low=-3, high=12, per_tick=3)
    """
    sizes = [np.abs(np.asarray(c, dtype=np.float64)) for c in curves]
    if not all(np.isfinite(v).all() for v in sizes):
        raise ValueError("log_scale got a value that is not finite")
    with np.errstate(divide="ignore"):
        seen = np.concatenate([np.maximum(np.log10(np.ravel(v)), floor) for v in sizes if v.size]
                              or [np.array([floor, floor + 1.0])])
    low = int(math.floor(seen.min()))
    if top is not None:     # every value at the cap or over it: the axis still ends at the cap
        low = min(low, top - 1)
    high = max(top if top is not None else int(math.ceil(seen.max())), low + 1)
    per_tick = max(1, math.ceil((high - low) / LOG_INTERVALS))
    return LogScale(per_tick * math.floor(low / per_tick), high, per_tick)
