"""Lesson ``momentum``: an exponential moving average of sin(x), of a wiggly derivative, of a
constant gradient under two conventions, and what momentum does to the steps on the
spreadsheet's line fit.

Every number the clip shows comes from here: the averages from :func:`sgdanim.core.analysis.ema`
(``scipy.signal.lfilter``), the derivatives and paths from real :func:`sgdanim.core.trajectory.run`
trajectories, and the axis ranges that fit them (``signals`` for Parts 1 and 3, ``runs`` for
Parts 2 and 4). The scene only draws them.

Examples
--------
>>> n = compute(LESSON.defaults())
>>> round(float(n.main.ema[0]), 4) == round(0.1 * float(n.sin_v[0]), 4)   # m_1 = 0.9·0 + 0.1·v_1
True
>>> round(n.undamped_plateau, 6), round(n.damped_plateau, 6)             # g/(1−β) and g
(10.0, 1.0)
>>> bool(n.rescale_gap < 1e-9)             # PyTorch's m with lr·(1−β) steps exactly as the sheet's
True
>>> n.big.diverged_mom, n.big.diverged_sgd  # at 3×10⁻⁴ momentum runs away, SGD does not
(350, None)
>>> round(n.mean_loss_limit, 6)            # ... though 3×10⁻⁴ is under overshoot's limit
0.000397
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ...core.analysis import least_squares
from ...core.data import load
from ...core.errors import UsageError
from ...core.params import Param, Params
from ...core.landscape import Landscape
from ...core.trajectory import Trajectory
from .. import (Lesson, PartSpec, data_param, parts_param, positive_param,
                refuse_overflowing_start)
from ..relu_sandwich import THREAD_GRAD
from .runs import WIGGLE_WEIGHT, BigRun, WiggleRows, paths_numbers, wiggle_numbers
from .signals import SAMPLES_PER_PERIOD, SweepCurve, constant_numbers, sine_numbers

__all__ = ["LESSON", "PART_SPECS", "WIGGLE_WEIGHT", "MomentumNumbers", "SweepCurve",
           "WiggleRows", "BigRun", "compute"]

PART_SPECS = (
    PartSpec("sine", "A moving average of sin(x)",
             ("beta", "betas", "bias_correction", "sin_points", "sin_cycles")),
    PartSpec("wiggle", "A real, wiggly derivative",
             ("lr", "beta", "wiggle_rows", "grad", "data")),
    # Part 3 also shows rescale_gap, measured on Part 4's run: hence lr, epochs and data.
    PartSpec("constant", "Constant gradient, two conventions",
             ("lr", "beta", "steps_high", "g_high", "g_low", "steps_total", "epochs", "data")),
    PartSpec("paths", "What momentum does to the steps, at two lrs",
             ("lr", "beta", "epochs", "lr_big", "big_epochs", "data")),
)

_BETA = dict(low=0.0, high=0.999)

PARAMS = (
    positive_param("lr", 1e-4, "wiggle and paths: the learning rate of the real runs (the "
                   "momentum sheet's 1e-4)"),
    # β = 0 keeps none of m: momentum is plain SGD, and every part would compare a run with
    # itself (the sweep's betas may hold 0: there it is one curve of three)
    Param("beta", "float", 0.9, "momentum β: m ← β·m + (1−β)·g (the sheet's 0.9); at 0 "
          "momentum would be plain SGD", **{**_BETA, "low_open": True}),
    Param("betas", "floats", (0.5, 0.9, 0.98), "sine: the β values swept", **_BETA),
    # off by default: on sin x the correction is not exact (β = 0.98 overshoots); Part 3 shows
    # it where it is, on a constant gradient, and Part 1 stays short
    Param("bias_correction", "bool", False,
          "sine: also show the bias-corrected averages m_t/(1−β^t) (the mom_bias sheet)"),
    Param("sin_points", "int", 100, "sine: samples of sin(x)", low=10, high=400),
    # Part 1 reads a first hump and a later peak with its average's peak after it: from 1.5
    # periods on, sin's second peak (2.5π) has the quarter period the average lags by behind it
    Param("sin_cycles", "float", 2.0, "sine: periods of sin(x) the samples cover", low=1.5,
          high=20),
    Param("wiggle_rows", "int", 58, "wiggle: rows of the relu2 runs (29 rows = one epoch)",
          low=2, high=600),
    # Part 2's runs are the thread's, as overshoot and relu-sandwich run it (same derivatives):
    # the ReLU dies on the row relu-sandwich shows
    replace(THREAD_GRAD, help="wiggle: derivatives, numeric (finite differences, as the forum "
                               "thread, overshoot and relu-sandwich) or analytic"),
    Param("steps_high", "int", 20, "constant: steps with gradient g_high", low=1, high=1000),
    Param("g_high", "float", 1.0, "constant: the first constant gradient", low=-1e6, high=1e6),
    Param("g_low", "float", 0.5, "constant: the gradient after steps_high steps",
          low=-1e6, high=1e6),
    Param("steps_total", "int", 80, "constant: all steps (g_low after steps_high)",
          low=2, high=2000),
    Param("epochs", "int", 3, "paths: epochs of the runs on y = ax + b", low=1, high=50),
    positive_param("lr_big", 3e-4, "paths: the larger learning rate, where per-row momentum "
                   "runs away and plain SGD does not"),
    Param("big_epochs", "int", 15, "paths: epochs of the runs at lr_big", low=2, high=200),
    parts_param(PART_SPECS),
    data_param(),
)


@dataclass(frozen=True)
class MomentumNumbers:
    """Everything the four parts show, part by part; ``shown()`` is what the sidecar records."""

    beta: float
    lr: float
    # Part 1: sin(x_t) sampled at x_t = t·dx, t = 1..N, and its averages (m_0 = 0).
    sin_x: np.ndarray
    sin_v: np.ndarray
    main: SweepCurve               # β = beta, dampened, uncorrected: the thread's form
    sweep: tuple[SweepCurve, ...]
    pi_multiples: tuple[int, ...]  # k of the k·π labels under the x axis
    # Part 2: three real runs of the 2-neuron model from the same start, one row per step.
    wiggle_mom: Trajectory         # ReLU model, momentum (dampened, β), whole epochs
    wiggle_sgd: Trajectory         # ReLU model, plain SGD, same lr
    wiggle_lin: Trajectory         # the linear pair (no ReLU), plain SGD, same lr
    rows_mom: WiggleRows           # their first wiggle_rows rows: what the part draws
    rows_sgd: WiggleRows
    rows_lin: WiggleRows           # up to the row before it ran away
    lin_drawn: int                 # its leading rows inside the g axis (drawn as a curve)
    same_rows: int                 # leading rows where the ReLU model's g is the pair's
    lin_exit: float | None         # its ∂err²/∂d on the row that leaves the axis
    lin_runaway: int | None        # the step the linear pair ran away at
    dies_sgd: int | None           # the row the ReLU dies (input ≤ 0 from there on), SGD run
    dies_mom: int | None           # and in the momentum run
    wiggle_x_range: tuple[int, int, float]              # rows axis: 0, rows, step
    wiggle_g_range: tuple[float, float, float]          # the ReLU runs' g and m
    wiggle_d_range: tuple[float, float, float]          # d in both ReLU runs
    relu_runaway_sgd: int | None   # the row a ReLU run's numbers overflowed on, within the
    relu_runaway_mom: int | None   # drawn rows (an lr past 0.07 or so): it stops there
    grad_std: float                # spread of the momentum run's g, and of its m
    mom_std: float
    spread_ratio: float | None     # mom_std / grad_std; None unless momentum's run is whole
    # Part 3: a made-up gradient schedule under both conventions.
    const_g: np.ndarray
    const_steps: np.ndarray        # 1..steps_total
    const_x_range: tuple[int, int, float]
    damped: np.ndarray             # m ← β·m + (1−β)·g
    undamped: np.ndarray           # m ← β·m + g
    damped_corrected: np.ndarray   # m/(1−β^t): exactly g while g is constant
    corrected_gap: float           # max |m̂ − g_high| over the first steps_high steps
    damped_plateau: float          # g_high
    undamped_plateau: float        # g_high/(1−β)
    undamped_scale: float          # 1/(1−β): PyTorch's m against the sheet's (g_high may be 0)
    damped_range: tuple[float, float, float]     # y axis of each panel: g, m and the plateau
    undamped_range: tuple[float, float, float]
    # Part 4: y = a·x + b from a = b = 1, the momentum sheet against plain SGD, same lr.
    path_mom: np.ndarray           # (T+1, 2) in (a, b) order: before row 1, then after each
    path_sgd: np.ndarray
    path_rows: np.ndarray          # 0..T
    path_x_range: tuple[int, int, float]
    a_range: tuple[float, float, float]
    b_range: tuple[float, float, float]
    step_b_sgd: float              # mean Δb per row over the last epoch (along the valley)
    step_b_mom: float
    step_a_sgd: float              # mean |Δa| per row over the last epoch (across it)
    step_a_mom: float
    rmse_mom: np.ndarray           # per epoch
    rmse_sgd: np.ndarray
    momentum_ahead: bool           # momentum's RMSE is the lower one in the last epoch
    big: BigRun                    # both at lr_big
    mean_loss_limit: float         # 2/λ_max of the line fit's mean loss: overshoot's limit
    rescale_gap: float             # max |path(sheet, lr) − path(PyTorch, lr·(1−β))|
    optimum: tuple[float, float]   # the line fit's best (a, b)
    # Part 4's (a, b) inset: where both runs stand in the valley
    valley_landscape: Landscape | None = None
    valley_a_range: tuple[float, float, float] = (0.0, 1.0, 1.0)
    valley_b_range: tuple[float, float, float] = (0.0, 1.0, 1.0)
    valley_levels: np.ndarray | None = None
    path_epochs: int = 1           # epochs of Part 4's runs
    rows_per_epoch: int = 29       # the data's rows
    path_runaway_sgd: int | None = None    # the row Part 4's run at lr overflowed on, if it did
    path_runaway_mom: int | None = None

    @property
    def top_beta(self) -> SweepCurve:
        """The sweep's average with the largest β (where the bias correction shows most)."""
        return max(self.sweep, key=lambda c: c.beta)

    @property
    def step_b_ratio(self) -> float:
        """Momentum's mean step along b (the valley) as a share of SGD's (last epoch)."""
        return self.step_b_mom / self.step_b_sgd if self.step_b_sgd else float("nan")

    @property
    def big_runaway_epoch(self) -> int | None:
        """The epoch (1-based) holding the step where momentum runs away at the larger lr."""
        # the data's rows, not the path's: a run at lr that overflowed holds fewer
        per_epoch = self.rows_per_epoch
        return None if self.big.diverged_mom is None else -(-self.big.diverged_mom // per_epoch)

    @property
    def b_rises(self) -> bool:
        """Whether Part 4's SGD run ends with b above its start, as its b curve shows: b climbs
        the valley (to 30 on the sheet's rows) or goes down it (rows whose best b is −5; on
        rows whose best is 0 both runs still end a little above 1, and their curves rise)."""
        return bool(self.path_sgd[-1, 1] > self.path_sgd[0, 1])

    @property
    def path_whole(self) -> bool:
        """Both of Part 4's runs at lr finished their epochs: its comparisons rest on them."""
        return self.path_runaway_sgd is None and self.path_runaway_mom is None

    @property
    def mom_mean_loss_limit(self) -> float:
        """The largest lr at which dampened momentum stays bounded on the mean loss alone
        (full batch): 2(1+β)/((1−β)·λ_max), (1+β)/(1−β) times SGD's. The larger lr is far
        under it: what runs away there is m's lag over row-by-row gradients (review r10)."""
        return self.mean_loss_limit * (1.0 + self.beta) / (1.0 - self.beta)

    @property
    def mom_limit_ratio(self) -> float:
        """How many times SGD's mean-loss limit momentum's is: (1+β)/(1−β), 19 at β = 0.9."""
        return self.mom_mean_loss_limit / self.mean_loss_limit

    @property
    def big_lr_ratio(self) -> float:
        """How many times ``lr`` the larger lr is (the one momentum runs away at)."""
        return self.big.lr / self.lr

    @property
    def zigzag_ratio(self) -> float:
        """How many times SGD's mean |Δa| per row is momentum's (last epoch)."""
        return self.step_a_sgd / self.step_a_mom if self.step_a_mom else float("inf")

    def shown(self) -> dict:
        wm, ws = self.rows_mom, self.rows_sgd
        return {
            "beta": self.beta, "lr": self.lr,
            "main": {"beta": self.main.beta, "peak": self.main.peak, "lag": self.main.lag,
                     "first_peak": self.main.first_peak},
            "sweep": [{"beta": c.beta, "peak": c.peak, "lag": c.lag,
                       "settled_peak": c.settled_peak, "first_peak": c.first_peak}
                      for c in self.sweep],
            "wiggle_weight": WIGGLE_WEIGHT, "wiggle_rows": len(wm.grad),
            "wiggle_grad_std": self.grad_std, "wiggle_mom_std": self.mom_std,
            "wiggle_final_d": {"momentum": float(wm.weight[-1]), "sgd": float(ws.weight[-1])},
            "wiggle_diverged_at": {"momentum": self.wiggle_mom.diverged_at,
                                   "sgd": self.wiggle_sgd.diverged_at,
                                   "linear2": self.lin_runaway},
            "relu_dies": {"sgd": self.dies_sgd, "momentum": self.dies_mom},
            "damped_max": float(np.max(self.damped)), "undamped_max": float(np.max(self.undamped)),
            "damped_plateau": self.damped_plateau, "undamped_plateau": self.undamped_plateau,
            "undamped_scale": self.undamped_scale,
            "corrected_gap": self.corrected_gap, "rescale_gap": self.rescale_gap,
            "rmse_momentum": self.rmse_mom.tolist(), "rmse_sgd": self.rmse_sgd.tolist(),
            "step_b": {"sgd": self.step_b_sgd, "momentum": self.step_b_mom},
            "step_a": {"sgd": self.step_a_sgd, "momentum": self.step_a_mom},
            "final_momentum": self.path_mom[-1].tolist(), "final_sgd": self.path_sgd[-1].tolist(),
            "path_diverged_at": {"sgd": self.path_runaway_sgd, "momentum": self.path_runaway_mom},
            "big": {"lr": self.big.lr, "rmse_sgd": self.big.rmse_sgd.tolist(),
                    "rmse_momentum": self.big.rmse_mom.tolist(),
                    "diverged_sgd": self.big.diverged_sgd,
                    "diverged_momentum": self.big.diverged_mom},
            "mean_loss_limit": self.mean_loss_limit,
            "mom_mean_loss_limit": self.mom_mean_loss_limit,
        }


def compute(params: Params) -> MomentumNumbers:
    """All of the lesson's numbers, from validated ``params``."""
    p = params
    if not p.steps_high < p.steps_total:
        raise UsageError(f"momentum: steps_high={p.steps_high} must be below "
                         f"steps_total={p.steps_total}")
    per_period = p.sin_points / p.sin_cycles
    if per_period < SAMPLES_PER_PERIOD:
        raise UsageError(f"momentum: sin_points={p.sin_points} over sin_cycles={p.sin_cycles:g} "
                         f"is {per_period:.3g} samples a period; the sine's peaks are read from "
                         f"at least {SAMPLES_PER_PERIOD} a period")
    data = load(p.data)
    for model in ("relu2", "linear2", "linear"):     # the wiggle's runs and the paths', from 1s
        refuse_overflowing_start("momentum", data, model, dict.fromkeys("abcd", 1.0))
    return MomentumNumbers(beta=p.beta, lr=p.lr, path_epochs=p.epochs, **sine_numbers(p),
                           **wiggle_numbers(p, data),
                           **constant_numbers(p), **paths_numbers(p, data),
                           optimum=tuple(map(float, least_squares(data))))


LESSON = Lesson(
    id="momentum", scene="scenes.momentum.scene:Momentum",
    title="Momentum: a moving average of the gradient",
    summary="Momentum as an EMA: smoothing sin(x) and a wiggly derivative, dampened vs PyTorch's "
            "undampened form, and what it does to the steps on the spreadsheet's problem",
    params=PARAMS, compute=compute, parts=PART_SPECS, order=65)
