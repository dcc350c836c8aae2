"""Parts 1 and 3 of ``momentum``: averages of made-up signals (a sampled sine, a constant
gradient that drops), with their bias corrections.

Examples
--------
>>> x, v = sampled_sine(100, 2.0)
>>> c = read_average(0.9, x, v, 2.0)
>>> round(c.peak, 2), round(c.first_peak, 2), c.lag      # the start-up hump is the higher one
(0.64, 0.71, 7)
>>> c.peak_number, read_average(0.9, *sampled_sine(100, 5.0), 5.0).peak_number
(2, 5)
>>> slow = read_average(0.98, x, v, 2.0)                 # 0.98^50 ≈ 0.36 of the start is left
>>> round(slow.peak, 2), round(slow.settled_peak, 2), c.settled, slow.settled
(0.19, 0.16, True, False)
>>> x0, s0 = c.settled_start[0]       # settled, m would stand below m_0 = 0 at x = 0
>>> float(x0), round(float(s0), 2)
(0.0, -0.47)
>>> pi_multiples(4 * np.pi)
(1, 2, 3, 4)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...core.analysis import ema
from ...core.ticks import nice_range


SETTLED_WITHIN = 0.005   # half the last of the two decimals a peak is read with
# the fewest samples a period of sin x is drawn and read from: at 8 its sampled peaks miss 1 by
# up to 1 − cos(π/8) = 7.6%, and fewer make a zigzag
SAMPLES_PER_PERIOD = 8


@dataclass(frozen=True)
class SweepCurve:
    """The average of the sampled sine for one β: raw, bias-corrected, and how it reads."""

    beta: float
    ema: np.ndarray
    corrected: np.ndarray
    peak: float   # the average's peak after sin's last peak it can be read after (sin's is 1)
    lag: int      # samples from that peak of sin to the average's
    peak_index: int       # where the average peaks there (0-based sample)
    sin_peak_index: int   # where sin peaks (_last_reading)
    first_peak: float     # its largest value over the first cycle: the start-up hump
    first_peak_index: int
    corrected_first_peak: float   # the corrected average's largest value over the first cycle
    # the peak the last cycle would show once the start has died away (the steady response at
    # the same samples): a large β is still settling at the end of a short window
    settled_peak: float = float("nan")
    # (x, m) over the first cycle from x = 0 (t = 0): where m would stand had it run forever
    # (the steady response). m from m_0 = 0 starts above it, at t = 0 by its −value there, and
    # stays above by β^t times that: the first hump's extra (review r10 point 7)
    settled_start: np.ndarray | None = None
    # which of sin's peaks the reading follows (1 for the first): over two periods the 2nd
    peak_number: int = 0

    @property
    def settled(self) -> bool:
        """Whether the last cycle's peak is the settled one, to the two decimals it is read
        with (β = 0.98 over two cycles is not: 0.19 on its way down to 0.16)."""
        return abs(self.peak - self.settled_peak) < SETTLED_WITHIN

    @property
    def start_up_shows(self) -> bool:
        """Whether the start-up is in the first hump to see: it reads above the later peak, to
        the two decimals both are read with, or the average has not settled by the end (β =
        0.998: both read 0.03, still settling to 0.02). β = 0.5 forgets m_0 = 0 within a few
        samples: both read 0.98, settled."""
        return not self.settled or round(self.first_peak, 2) > round(self.peak, 2)


def sampled_sine(points: int, cycles: float) -> tuple[np.ndarray, np.ndarray]:
    """x_t = t·(2π·cycles/points) for t = 1..points, and sin(x_t)."""
    x = np.arange(1, points + 1) * (2.0 * np.pi * cycles / points)
    return x, np.sin(x)


def steady_response(beta: float, x: np.ndarray) -> np.ndarray:
    """The average of sin x_t (x_t = t·dx) once its start has died away: sin scaled and
    delayed by H = (1−β)/(1 − β·e^(−i·dx)), which solves m_t = β·m_{t−1} + (1−β)·sin x_t for
    m_t = Im(H·e^(i·x_t)). The average from m_0 = 0 is this plus β^t times the start's
    offset."""
    dx = float(x[1] - x[0]) if len(x) > 1 else float(x[0])
    gain = (1.0 - beta) / (1.0 - beta * np.exp(-1j * dx))
    return np.imag(gain * np.exp(1j * x))


def _last_reading(v: np.ndarray, m: np.ndarray, per_cycle: float) -> tuple[int, int, slice]:
    """Where sin peaks in its last full cycle, where its average ``m`` peaks after it, and the
    samples that peak was looked for in.

    The average of a sine peaks less than a quarter period after it (a one-pole average lags
    by under 90°). When sin peaks so near the end that ``m`` is still rising on the last
    sample, its peak is past the data, and the sin peak a cycle before is read instead (over
    2.25 periods sin peaks on the last sample, which read "-38 samples late").
    """
    room = int(np.ceil(per_cycle / 4)) + 1
    end = len(v)
    while True:
        start = max(int(round(end - per_cycle)), 0)
        i_v = start + int(np.argmax(v[start:end]))
        ahead = m[i_v:i_v + room + 1]
        i_m = i_v + int(np.argmax(ahead))
        if i_m < len(m) - 1 or len(ahead) == room + 1 or start == 0:
            return i_v, i_m, slice(i_v, i_v + room + 1)
        end = i_v


def read_average(beta: float, x: np.ndarray, v: np.ndarray, cycles: float) -> SweepCurve:
    """The average of ``v`` = sin ``x`` for ``beta``, and how it reads: after sin's last
    peak, its peak, its lag (samples) behind sin's and the peak it settles to;
    over the first cycle, its start-up hump (m starts at 0 while sin x starts rising, so the
    transient β^t adds to the first hump)."""
    m = ema(v, beta)
    per_cycle = len(v) / cycles
    i_v, i_m, ahead = _last_reading(v, m, per_cycle)
    cycle = max(int(round(per_cycle)), 1)
    first = int(np.argmax(m[:cycle]))
    corrected = ema(v, beta, bias_correction=True)
    start_x = np.concatenate([[0.0], x[:cycle]])
    return SweepCurve(beta, m, corrected, float(m[i_m]), i_m - i_v, i_m, i_v, float(m[first]),
                      first, float(np.max(corrected[:cycle])),
                      float(np.max(steady_response(beta, x)[ahead])),
                      np.column_stack([start_x, steady_response(beta, start_x)]),
                      # sin's k-th peak stands at x = π/2 + 2π(k − 1)
                      int(round((x[i_v] - np.pi / 2) / (2 * np.pi))) + 1)


def pi_multiples(x_max: float) -> tuple[int, ...]:
    """The k of the k·π labels up to x_max: every π, or every 2π or more past 8 of them."""
    halves = int(np.floor(x_max / np.pi + 1e-9))
    step = 1 if halves <= 8 else 2 * int(np.ceil(halves / 16))
    return tuple(range(step, halves + 1, step))


def constant_range(g: np.ndarray, m: np.ndarray, plateau: float) -> tuple[float, float, float]:
    """A Part 3 panel's y axis: from 0 (or below) over g, m and the plateau, 10% headroom."""
    lo = float(min(0.0, np.min(m), np.min(g), plateau))
    hi = float(max(np.max(m), np.max(g), plateau))
    return nice_range(lo, hi + 0.1 * (hi - lo))


def sine_numbers(p) -> dict:
    x, v = sampled_sine(p.sin_points, p.sin_cycles)
    return dict(sin_x=x, sin_v=v, main=read_average(p.beta, x, v, p.sin_cycles),
                sweep=tuple(read_average(beta, x, v, p.sin_cycles) for beta in p.betas),
                pi_multiples=pi_multiples(float(x[-1])))


def constant_numbers(p) -> dict:
    """Part 3: g_high for steps_high steps, then g_low; both conventions, and the dampened
    average's bias correction, which is exact while g is constant (m̂_t = g from step 1)."""
    g = np.where(np.arange(p.steps_total) < p.steps_high, p.g_high, p.g_low).astype(np.float64)
    damped, undamped = ema(g, p.beta), ema(g, p.beta, dampening=False)
    corrected = ema(g, p.beta, bias_correction=True)
    plateaus = p.g_high, p.g_high / (1.0 - p.beta)
    return dict(
        const_g=g, const_steps=np.arange(1, len(g) + 1),
        const_x_range=(0, len(g), nice_range(0, len(g), 4)[2]), damped=damped, undamped=undamped,
        damped_corrected=corrected,
        corrected_gap=float(np.max(np.abs(corrected[: p.steps_high] - p.g_high))),
        damped_plateau=plateaus[0], undamped_plateau=plateaus[1],
        undamped_scale=1.0 / (1.0 - p.beta),
        damped_range=constant_range(g, np.concatenate([damped, corrected]), plateaus[0]),
        undamped_range=constant_range(g, undamped, plateaus[1]))
