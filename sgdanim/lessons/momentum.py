"""Lesson ``momentum``: an exponential moving average of sin(x), of a wiggly derivative, of a
constant gradient under two conventions, and momentum's path on the spreadsheet's problem.

Every number the clip shows comes from here: the averages from :func:`sgdanim.core.analysis.ema`
(``scipy.signal.lfilter``), the derivatives and paths from real :func:`sgdanim.core.trajectory.run`
trajectories, and the axis ranges that fit them. The scene only draws them.

Examples
--------
>>> n = compute(LESSON.defaults())
>>> round(float(n.main.ema[0]), 4) == round(0.1 * float(n.sin_v[0]), 4)   # m_1 = 0.9·0 + 0.1·v_1
True
>>> round(n.undamped_plateau, 6), round(n.damped_plateau, 6)             # g/(1−β) and g
(10.0, 1.0)
>>> bool(n.rescale_gap < 1e-9)             # PyTorch's m with lr·(1−β) steps exactly as the sheet's
True
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..core.analysis import ema
from ..core.clip import inside
from ..core.data import load
from ..core.errors import UsageError
from ..core.landscape import Landscape
from ..core.params import Param, Params
from ..core.ticks import nice_range
from ..core.trajectory import RunConfig, Trajectory, run
from . import Lesson, PartSpec, data_param, parts_param, positive_param

PART_SPECS = (
    PartSpec("sine", "A moving average of sin(x)",
             ("beta", "betas", "bias_correction", "sin_points", "sin_cycles")),
    PartSpec("wiggle", "A real, wiggly derivative", ("lr", "beta", "wiggle_rows", "data")),
    # Part 3 also shows rescale_gap, measured on Part 4's run: hence lr, epochs and data.
    PartSpec("constant", "Constant gradient, two conventions",
             ("lr", "beta", "steps_high", "g_high", "g_low", "steps_total", "epochs", "data")),
    PartSpec("paths", "The momentum sheet on y = ax + b", ("lr", "beta", "epochs", "data")),
)

_BETA = dict(low=0.0, high=0.999)

PARAMS = (
    positive_param("lr", 1e-4, "learning rate of the real runs (Parts 2 and 4; the momentum "
                   "sheet's 1e-4)"),
    Param("beta", "float", 0.9, "momentum β: m ← β·m + (1−β)·g (the sheet's 0.9)", **_BETA),
    Param("betas", "floats", (0.5, 0.9, 0.98), "the β values of Part 1's sweep", **_BETA),
    Param("bias_correction", "bool", True,
          "show Part 1's bias-corrected averages m_t/(1−β^t) (the mom_bias sheet)"),
    Param("sin_points", "int", 100, "samples of sin(x) in Part 1", low=10, high=400),
    Param("sin_cycles", "float", 2.0, "periods of sin(x) the samples cover", low=0.25, high=20),
    Param("wiggle_rows", "int", 58, "rows of Part 2's relu2 runs (29 rows = one epoch)",
          low=2, high=600),
    Param("steps_high", "int", 20, "Part 3: steps with gradient g_high", low=1, high=1000),
    Param("g_high", "float", 1.0, "Part 3: the first constant gradient", low=-1e6, high=1e6),
    Param("g_low", "float", 0.5, "Part 3: the gradient after steps_high steps",
          low=-1e6, high=1e6),
    Param("steps_total", "int", 80, "Part 3: all steps (g_low after steps_high)",
          low=2, high=2000),
    Param("epochs", "int", 3, "epochs of Part 4's paths on y = ax + b", low=1, high=50),
    parts_param(PART_SPECS),
    data_param(),
)

WIGGLE_WEIGHT = "d"      # the weight whose derivative Part 2 follows, as in the thread
MAX_WINDOW_LOSS = 10.0   # Part 4's window holds path points up to this multiple of the start loss
RMSE_SHOWN = 4           # Part 4's table shows the RMSE of this many last epochs


@dataclass(frozen=True)
class SweepCurve:
    """The average of the sampled sine for one β: raw, bias-corrected, and how it reads."""

    beta: float
    ema: np.ndarray
    corrected: np.ndarray
    peak: float   # the average's largest value over the last full cycle (sin's is 1)
    lag: int      # samples from sin's last peak to the average's
    peak_index: int       # where the average peaks in that cycle (0-based sample)
    sin_peak_index: int   # where sin peaks in it


@dataclass(frozen=True)
class WiggleRows:
    """One of Part 2's runs, row by row, for the weight :data:`WIGGLE_WEIGHT`."""

    row: np.ndarray          # (T,) row numbers 1..T
    grad: np.ndarray         # (T,) its derivative on each row
    weight: np.ndarray       # (T+1,) its value before row 1, then after each row
    weight_row: np.ndarray   # (T+1,) 0..T: the row after which ``weight`` holds
    mom: np.ndarray | None   # (T,) its momentum after each row; None for plain SGD


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
    # Part 2: two real relu2 runs from the same start, one row per step.
    wiggle_mom: Trajectory         # momentum (dampened, β), whole epochs
    wiggle_sgd: Trajectory         # plain SGD, same lr
    rows_mom: WiggleRows           # their first wiggle_rows rows: what the part draws
    rows_sgd: WiggleRows
    wiggle_x_range: tuple[int, int, float]              # rows axis: 0, rows, step
    wiggle_g_range: tuple[float, float, float]          # g and m of the momentum run
    wiggle_d_range: tuple[float, float, float]          # d in both runs
    grad_std: float                # spread of the momentum run's g, and of its m
    mom_std: float
    spread_ratio: float            # mom_std / grad_std
    # Part 3: a made-up gradient schedule under both conventions.
    const_g: np.ndarray
    const_steps: np.ndarray        # 1..steps_total
    const_x_range: tuple[int, int, float]
    damped: np.ndarray             # m ← β·m + (1−β)·g
    undamped: np.ndarray           # m ← β·m + g
    damped_plateau: float          # g_high
    undamped_plateau: float        # g_high/(1−β)
    damped_range: tuple[float, float, float]     # y axis of each panel: g, m and the plateau
    undamped_range: tuple[float, float, float]
    # Part 4: y = a·x + b from a = b = 1, the momentum sheet against plain SGD.
    landscape: Landscape
    path_mom: np.ndarray           # (T+1, 2) in (a, b) order
    path_sgd: np.ndarray
    window: tuple[float, float, float, float]   # a0, a1, b0, b1
    ticks: tuple[float, float]                  # tick step along a and along b
    levels: np.ndarray
    contours: tuple[np.ndarray, ...]            # polylines (k, 2) of those levels inside the window
    optimum_in_window: bool
    rmse_mom: np.ndarray           # per epoch
    rmse_sgd: np.ndarray
    shown_mom: int                 # path points inside the window (the walker stops there)
    shown_sgd: int
    walk_mom: np.ndarray           # those points: what each walker walks
    walk_sgd: np.ndarray
    walk_steps: int                # steps both walk (the first to leave the window stops there)
    rmse_last_mom: np.ndarray      # the table's RMSE: the last RMSE_SHOWN epochs
    rmse_last_sgd: np.ndarray
    momentum_ahead: bool           # momentum's RMSE is the lower one in the last epoch
    rescale_gap: float             # max |path(sheet, lr) − path(PyTorch, lr·(1−β))|

    def shown(self) -> dict:
        wm, ws = self.rows_mom, self.rows_sgd
        return {
            "beta": self.beta, "lr": self.lr,
            "main": {"beta": self.main.beta, "peak": self.main.peak, "lag": self.main.lag},
            "sweep": [{"beta": c.beta, "peak": c.peak, "lag": c.lag} for c in self.sweep],
            "wiggle_weight": WIGGLE_WEIGHT, "wiggle_rows": len(wm.grad),
            "wiggle_grad_std": self.grad_std, "wiggle_mom_std": self.mom_std,
            "wiggle_final_d": {"momentum": float(wm.weight[-1]), "sgd": float(ws.weight[-1])},
            "wiggle_diverged_at": {"momentum": self.wiggle_mom.diverged_at,
                                   "sgd": self.wiggle_sgd.diverged_at},
            "damped_max": float(np.max(self.damped)), "undamped_max": float(np.max(self.undamped)),
            "damped_plateau": self.damped_plateau, "undamped_plateau": self.undamped_plateau,
            "rescale_gap": self.rescale_gap,
            "rmse_momentum": self.rmse_mom.tolist(), "rmse_sgd": self.rmse_sgd.tolist(),
            "final_momentum": self.path_mom[-1].tolist(), "final_sgd": self.path_sgd[-1].tolist(),
        }


def sampled_sine(points: int, cycles: float) -> tuple[np.ndarray, np.ndarray]:
    """x_t = t·(2π·cycles/points) for t = 1..points, and sin(x_t)."""
    x = np.arange(1, points + 1) * (2.0 * np.pi * cycles / points)
    return x, np.sin(x)


def read_average(beta: float, v: np.ndarray, cycles: float) -> SweepCurve:
    """The average of ``v`` for ``beta``, and how it reads over the last full cycle: its peak
    and its lag (samples) behind the signal's peak."""
    m = ema(v, beta)
    start = max(int(round(len(v) - len(v) / cycles)), 0)
    i_m, i_v = start + int(np.argmax(m[start:])), start + int(np.argmax(v[start:]))
    return SweepCurve(beta, m, ema(v, beta, bias_correction=True), float(m[i_m]), i_m - i_v,
                      i_m, i_v)


def pi_multiples(x_max: float) -> tuple[int, ...]:
    """The k of the k·π labels up to x_max: every π, or every 2π or more past 8 of them."""
    halves = int(np.floor(x_max / np.pi + 1e-9))
    step = 1 if halves <= 8 else 2 * int(np.ceil(halves / 16))
    return tuple(range(step, halves + 1, step))


def wiggle_rows(traj: Trajectory, rows: int) -> WiggleRows:
    """The first ``rows`` rows of a Part 2 run (fewer if it diverged), for WIGGLE_WEIGHT."""
    i, end = traj.param_names.index(WIGGLE_WEIGHT), min(rows, len(traj))
    weight = traj.path()[: end + 1, i]
    return WiggleRows(row=np.asarray(traj.step[:end], dtype=np.float64), grad=traj.grads[:end, i],
                      weight=weight, weight_row=np.arange(len(weight)),
                      mom=traj.state["mom"][:end, i] if "mom" in traj.state else None)


def finite_span(values) -> tuple[float, float]:
    """The least and largest finite value ((-1, 1) when there is none)."""
    finite = np.asarray(values, dtype=np.float64)
    finite = finite[np.isfinite(finite)]
    return (float(finite.min()), float(finite.max())) if finite.size else (-1.0, 1.0)


def constant_range(g: np.ndarray, m: np.ndarray, plateau: float) -> tuple[float, float, float]:
    """A Part 3 panel's y axis: from 0 (or below) over g, m and the plateau, 10% headroom."""
    lo = float(min(0.0, np.min(m), np.min(g), plateau))
    hi = float(max(np.max(m), np.max(g), plateau))
    return nice_range(lo, hi + 0.1 * (hi - lo))


def compute(params: Params) -> MomentumNumbers:
    """All of the lesson's numbers, from validated ``params``."""
    p = params
    if not p.steps_high < p.steps_total:
        raise UsageError(f"momentum: steps_high={p.steps_high} must be below "
                         f"steps_total={p.steps_total}")
    data = load(p.data)
    return MomentumNumbers(beta=p.beta, lr=p.lr, **_sine_numbers(p), **_wiggle_numbers(p, data),
                           **_constant_numbers(p), **_paths_numbers(p, data))


def _sine_numbers(p: Params) -> dict:
    x, v = sampled_sine(p.sin_points, p.sin_cycles)
    return dict(sin_x=x, sin_v=v, main=read_average(p.beta, v, p.sin_cycles),
                sweep=tuple(read_average(beta, v, p.sin_cycles) for beta in p.betas),
                pi_multiples=pi_multiples(float(x[-1])))


def _wiggle_numbers(p: Params, data) -> dict:
    """Part 2: the 2-neuron ReLU model, every weight from 1 as in the sheet."""
    base = RunConfig(model="relu2", optimizer="momentum", lr=p.lr, beta=p.beta, dampening=True,
                     data=data, epochs=-(-p.wiggle_rows // len(data)))
    t_mom, t_sgd = run(base), run(replace(base, optimizer="sgd", beta=None, dampening=None))
    wm, ws = wiggle_rows(t_mom, p.wiggle_rows), wiggle_rows(t_sgd, p.wiggle_rows)
    rows = max(len(wm.grad), 1)
    grad_std, mom_std = np.std(wm.grad), np.std(wm.mom)
    return dict(
        wiggle_mom=t_mom, wiggle_sgd=t_sgd, rows_mom=wm, rows_sgd=ws,
        wiggle_x_range=(0, rows, nice_range(0, rows, 6)[2]),
        wiggle_g_range=nice_range(*finite_span(np.concatenate([wm.grad, wm.mom]))),
        wiggle_d_range=nice_range(*finite_span(np.concatenate([wm.weight, ws.weight])), 3),
        grad_std=float(grad_std), mom_std=float(mom_std), spread_ratio=float(mom_std / grad_std))


def _constant_numbers(p: Params) -> dict:
    g = np.where(np.arange(p.steps_total) < p.steps_high, p.g_high, p.g_low).astype(np.float64)
    damped, undamped = ema(g, p.beta), ema(g, p.beta, dampening=False)
    plateaus = p.g_high, p.g_high / (1.0 - p.beta)
    return dict(
        const_g=g, const_steps=np.arange(1, len(g) + 1),
        const_x_range=(0, len(g), nice_range(0, len(g), 4)[2]), damped=damped, undamped=undamped,
        damped_plateau=plateaus[0], undamped_plateau=plateaus[1],
        damped_range=constant_range(g, damped, plateaus[0]),
        undamped_range=constant_range(g, undamped, plateaus[1]))


def _paths_numbers(p: Params, data) -> dict:
    """Part 4: the momentum sheet (lr, β, dampened, a = b = 1) and plain SGD, same lr."""
    sheet = RunConfig(model="linear", optimizer="momentum", lr=p.lr, beta=p.beta, dampening=True,
                      data=data, epochs=p.epochs)
    t_mom, t_sgd = run(sheet), run(replace(sheet, optimizer="sgd", beta=None, dampening=None))
    t_torch = run(replace(sheet, dampening=False, lr=p.lr * (1.0 - p.beta)))
    land = Landscape.of(data)
    path_mom, path_sgd = (t.path()[:, [t.param_names.index(w) for w in "ab"]] for t in (t_mom, t_sgd))
    box, ticks, keep = land.window([path_mom, path_sgd], MAX_WINDOW_LOSS)
    levels = land.levels_in(box)
    n = min(len(t_mom), len(t_torch))
    rmse_mom, rmse_sgd = t_mom.epoch_rmse(), t_sgd.epoch_rmse()
    return dict(
        landscape=land, path_mom=path_mom, path_sgd=path_sgd, window=box, ticks=ticks,
        levels=levels, contours=land.contours_across(levels, box),
        optimum_in_window=bool(inside(np.array([land.optimum]), box)[0]),
        rmse_mom=rmse_mom, rmse_sgd=rmse_sgd, shown_mom=keep[0], shown_sgd=keep[1],
        walk_mom=path_mom[: keep[0]], walk_sgd=path_sgd[: keep[1]], walk_steps=max(keep) - 1,
        rmse_last_mom=rmse_mom[-RMSE_SHOWN:], rmse_last_sgd=rmse_sgd[-RMSE_SHOWN:],
        momentum_ahead=bool(rmse_mom[-1] < rmse_sgd[-1]),
        rescale_gap=float(np.max(np.abs(t_mom.new_params[:n] - t_torch.new_params[:n])))
        if n else 0.0)


LESSON = Lesson(
    id="momentum", scene="scenes.momentum.scene:Momentum",
    title="Momentum: a moving average of the gradient",
    summary="Momentum as an EMA: smoothing sin(x) and a wiggly derivative, dampened vs PyTorch's "
            "undampened form, and its path on the spreadsheet's problem",
    params=PARAMS, compute=compute, parts=PART_SPECS, order=65)
