"""The step sizes of the ``optimizers`` lesson's Part 5: how far each racer moves a (across the
valley) and b (along it) per row, and what the step plot says with them."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def mean_steps(path: np.ndarray) -> tuple[float, float]:
    """The mean size of a step per row, |Δa| and |Δb|, over ``path`` ((0, 0) for one point).

    >>> mean_steps(np.array([[1.0, 1.0], [1.5, 1.01], [1.0, 1.03]]))
    (0.5, 0.015)
    """
    if len(path) < 2:
        return 0.0, 0.0
    step = np.mean(np.abs(np.diff(path, axis=0)), axis=0)
    return round(float(step[0]), 12), round(float(step[1]), 12)


def net_step_b(path: np.ndarray) -> float:
    """How far b gets per row, net: (last b − first b) / rows (0 for one point); the mean
    |Δb| of :func:`mean_steps` counts back-and-forth too.

    >>> net_step_b(np.array([[1.0, 1.0], [1.5, 1.01], [1.0, 1.03]]))
    0.015
    """
    if len(path) < 2:
        return 0.0
    return round(float((path[-1, 1] - path[0, 1]) / (len(path) - 1)), 12)


@dataclass(frozen=True)
class StepStory:
    """What the step plot says: the racer whose b moves least per row (SGD when it races), the
    one whose b moves most (Adam when it races), the slow one's |Δa|/|Δb|, how many times
    the fast one's b step is the slow one's, and the fast one's |Δb|/|Δa| (what scaling each
    weight by its own history does, whatever the two lrs); ``scaled``, RMSProp when it races
    beside both (the same √v without m), and its |Δb|/|Δa|; each one's net b per row
    (``scaled_net``, ``fast_net``), and how many times RMSProp's |Δa| is the fast one's
    (``rattle``: what stepping along m saves across the valley)."""

    slow: str
    fast: str
    slow_ratio: float
    speedup: float
    fast_ratio: float
    scaled: str | None = None
    scaled_ratio: float = 0.0
    scaled_net: float = 0.0
    fast_net: float = 0.0
    rattle: float = 0.0


def step_story(racers) -> StepStory:
    by = {r.name: r for r in racers}
    slow = by.get("sgd") or min(racers, key=lambda r: r.step_b)
    fast = by.get("adam") or max(racers, key=lambda r: r.step_b)
    scaled = by.get("rmsprop")
    if scaled is None or scaled.name in (slow.name, fast.name):
        scaled = None
    return StepStory(slow.name, fast.name, slow.step_a / max(slow.step_b, 1e-300),
                     fast.step_b / max(slow.step_b, 1e-300), fast.step_b / max(fast.step_a, 1e-300),
                     scaled.name if scaled else None,
                     scaled.step_b / max(scaled.step_a, 1e-300) if scaled else 0.0,
                     net_step_b(scaled.path) if scaled else 0.0, net_step_b(fast.path),
                     scaled.step_a / max(fast.step_a, 1e-300) if scaled else 0.0)


def step_decades(racers) -> tuple[tuple[int, int], tuple[int, int]]:
    """log10 bounds of the step plot's axes (|Δa| across, |Δb| up), a decade apart at least."""
    out = []
    for values in ([r.step_a for r in racers], [r.step_b for r in racers]):
        v = np.array([x for x in values if x > 0] or [1.0])
        lo, hi = int(math.floor(math.log10(v.min()))), int(math.ceil(math.log10(v.max())))
        out.append((lo, max(hi, lo + 1)))
    return out[0], out[1]
