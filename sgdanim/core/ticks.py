"""Round axis steps and ranges: the one place an axis's tick spacing is chosen.

Examples
--------
>>> nice_step(30.0, nearest=True), nice_step(4.5, nearest=True), nice_step(0.3, nearest=True)
(5.0, 1.0, 0.05)
>>> nice_range(1.0, 2.94, ticks=4), nice_range(1.0, 30.0, ticks=4)
((1.0, 3.0, 0.5), (0.0, 30.0, 10.0))
>>> nice_ceiling(228.0), nice_ceiling(99.0), nice_ceiling(3.1)
(250.0, 100.0, 5.0)
"""

from __future__ import annotations

import math

MANTISSAS = (1.0, 2.0, 2.5, 5.0, 10.0)   # round steps: these times a power of ten


def nice_step(span: float, ticks: int = 5, *, mantissas=MANTISSAS, nearest: bool = False) -> float:
    """A round step (a mantissa times a power of ten) for about ``ticks`` ticks over ``span``.

    By default the smallest round step at least ``span / ticks`` (so at most ``ticks``
    intervals); with ``nearest``, the one whose tick count is closest to ``ticks``.

    >>> nice_step(1100.0), nice_step(1100.0, mantissas=(1, 2, 5, 10))
    (250.0, 500.0)
    """
    raw = span / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    steps = [m * power for m in mantissas]
    if nearest:
        return float(min(steps, key=lambda s: abs(span / s - ticks)))
    return next(s for s in steps if s >= raw)


def nice_range(lo: float, hi: float, ticks: int = 4) -> tuple[float, float, float]:
    """An axis range ``(min, max, step)`` covering [lo, hi] with a round step.

    A range with no width, or with a bound that is not finite, is widened first, so an axis
    always has one.

    >>> nice_range(2.0, 2.0), nice_range(float("nan"), 1.0)
    ((1.0, 3.0, 0.5), (-1.0, 1.0, 0.5))
    """
    lo, hi = float(lo), float(hi)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = -1.0, 1.0
    if not hi - lo >= 1e-12:
        lo, hi = lo - 1.0, hi + 1.0
    step = nice_step(hi - lo, ticks)
    return (math.floor(lo / step) * step, math.ceil(hi / step) * step, step)


def outward(lo: float, hi: float, step: float) -> tuple[float, float]:
    """``[lo, hi]`` rounded outward to whole ``step``s, the ends rounded to 12 decimals so a
    step like 0.1 gives 2.7, not 2.7000000000000002.

    >>> outward(2.15, 2.65, 0.1), outward(48.9, 51.1, 0.5)
    ((2.1, 2.7), (48.5, 51.5))
    """
    return round(math.floor(lo / step) * step, 12), round(math.ceil(hi / step) * step, 12)


def padded_range(lo: float, hi: float, margin: float, ticks: int) -> tuple[float, float, float]:
    """``[lo, hi]`` widened by ``margin`` of its span on each side, then rounded outward to the
    round step nearest ``ticks`` ticks: ``(min, max, step)``, the ends rounded to 12 decimals
    so a step like 0.1 gives 2.7, not 2.7000000000000002.

    >>> padded_range(1.0, 30.4, 0.02, 5), padded_range(2.2, 2.6, 0.1, 4)
    ((0.0, 35.0, 5.0), (2.1, 2.7, 0.1))
    """
    span = max(hi - lo, 1e-9)
    lo, hi = lo - margin * span, hi + margin * span
    step = nice_step(hi - lo, ticks, nearest=True)
    return (*outward(lo, hi, step), float(step))


def nice_ceiling(value: float) -> float:
    """The next round axis end at or above ``value`` (1 for a value that is not positive).

    >>> nice_ceiling(0.0), nice_ceiling(1e-3)
    (1.0, 0.001)
    """
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(m * power for m in MANTISSAS if m * power >= value * (1 - 1e-12))
