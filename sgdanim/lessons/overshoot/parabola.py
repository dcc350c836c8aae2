"""Part ``parabola`` of ``overshoot``: one weight on L(w) = λ/2·(w − w*)² at three rates."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ...core.errors import UsageError
from .scales import PART1_REACH, REACH_MARGIN


def regime(lr: float, lam: float) -> str:
    """What gradient descent does on a parabola of curvature ``lam`` at rate ``lr``: 1 − lr·λ in
    (0, 1) creeps, (−1, 0) zig-zags inward, 0 lands on w*, −1 bounces, below −1 runs away.

    >>> regime(1.0, 2.0), regime(0.5, 2.0), regime(0.8, 2.0)
    ('bounces', 'lands', 'zigzags')
    """
    q = lr * lam
    if math.isclose(q, 1.0, rel_tol=1e-12):
        return "lands"
    if math.isclose(q, 2.0, rel_tol=1e-12):
        return "bounces"
    return "creeps" if q < 1 else "zigzags" if q < 2 else "runs away"


@dataclass(frozen=True)
class ParabolaRun:
    """One learning rate on the parabola: the weights ``w`` visited and, per step k, the loop's
    four numbers ``loop[k]``: |w_k − w*|, L'(w_k) = λ·(w_k − w*), the step lr·L'(w_k) (signed,
    subtracted from w) and |w_{k+1} − w*|."""

    lr: float
    factor: float          # 1 − lr·λ: what each step multiplies w − w* by
    ratio: float           # |1 − lr·λ|: what each step multiplies the distance to w* by
    regime: str
    w: np.ndarray
    distance: np.ndarray   # |w_k − w*| for every weight visited
    loop: np.ndarray       # (steps, 4)
    reach: float           # how far from w* its panel reaches: a margin past its farthest weight
    top: float             # L(w* ± reach): the height its panel needs


def parabola_run(lr: float, lam: float, w_star: float, w0: float, steps: int) -> ParabolaRun:
    """``steps`` steps of gradient descent on L(w) = λ/2·(w − w*)² from ``w0``:
    w_{k+1} = w_k − lr·λ·(w_k − w*).

    >>> parabola_run(0.5, 1.0, 2.0, w0=3.0, steps=2).w.tolist()   # halves the distance each step
    [3.0, 2.5, 2.25]
    >>> r = parabola_run(1.15, 2.0, 0.0, w0=1.0, steps=2)
    >>> round(r.ratio, 2), r.regime, round(r.reach, 3), r.loop.round(2).tolist()[1]
    (1.3, 'runs away', 1.859, [1.3, -2.6, -2.99, 1.69])
    """
    w = [float(w0)]
    for _ in range(steps):
        w.append(w[-1] - lr * lam * (w[-1] - w_star))
    w = np.array(w)
    d = np.abs(w - w_star)
    slope = lam * (w[:-1] - w_star)
    reach = REACH_MARGIN * float(d.max())
    return ParabolaRun(lr, 1.0 - lr * lam, abs(1.0 - lr * lam), regime(lr, lam), w, d,
                       np.column_stack([d[:-1], slope, lr * slope, d[1:]]), reach,
                       0.5 * lam * reach ** 2)


@dataclass(frozen=True)
class ParabolaNumbers:
    """Part 1: the runs (small, zig-zag, runaway, as given) and the lr line under them."""

    lam: float
    w_star: float
    runs: tuple[ParabolaRun, ...]
    lands_lr: float        # 1/λ: one step lands on w*
    critical_lr: float     # 2/λ: above it the distance grows
    line_end: float        # the lr line's end: past 2/λ and every run's lr
    loop_widest: np.ndarray  # (4,) the largest |number| each loop node shows, over all runs

    def loss(self, w):
        """L(w) = λ/2·(w − w*)²."""
        return 0.5 * self.lam * (w - self.w_star) ** 2


def _parabola(params) -> ParabolaNumbers:
    if params.w0 == params.w_star:
        raise UsageError(f"overshoot: w0={params.w0:g} must differ from w_star, or nothing moves")
    lam, w_star = params.curvature, params.w_star
    rates = {"lr_small": params.lr_small, "lr_zigzag": params.lr_zigzag, "lr": params.lr}
    runs = tuple(parabola_run(lr, lam, w_star, params.w0, params.steps) for lr in rates.values())
    for name, r in zip(rates, runs):
        if r.distance.max() > PART1_REACH:
            raise UsageError(f"overshoot: {name}={r.lr:g} with steps={params.steps} carries w to "
                             f"{r.w[-1]:.3g}; part 1 draws |w - w*| up to {PART1_REACH:g} "
                             f"(lower {name}, steps or w0)")
    return ParabolaNumbers(lam, w_star, runs, 1 / lam, 2 / lam,
                           max(2.6 / lam, 1.12 * max(r.lr for r in runs)),
                           np.abs(np.concatenate([r.loop for r in runs])).max(axis=0))
