"""Lesson ``momentum``: an exponential moving average of sin(x), of a wiggly derivative, of a
constant gradient under two conventions, and momentum's path on the spreadsheet's problem.

Every number the clip shows comes from here: the averages from :func:`sgdanim.core.analysis.ema`
(``scipy.signal.lfilter``), the derivatives and paths from real :func:`sgdanim.core.trajectory.run`
trajectories. The scene only draws them.

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

import math
from dataclasses import dataclass, replace

import numpy as np

from ..core.analysis import ema
from ..core.data import load
from ..core.errors import UsageError
from ..core.landscape import Landscape, clip_polyline
from ..core.params import Param, Params
from ..core.trajectory import RunConfig, Trajectory, run
from . import Lesson, PartSpec, parts_param

PART_SPECS = (
    PartSpec("sine", "A moving average of sin(x)", ()),
    PartSpec("wiggle", "A real, wiggly derivative", ()),
    PartSpec("constant", "Constant gradient, two conventions", ()),
    PartSpec("paths", "The momentum sheet on y = ax + b", ()),
)
PARTS = tuple(part.id for part in PART_SPECS)
WIGGLE_WEIGHT = "d"      # the weight whose derivative Part 2 follows, as in the thread
MAX_WINDOW_LOSS = 10.0   # Part 4's window holds path points up to this multiple of the start loss


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
class MomentumNumbers:
    beta: float
    lr: float
    # Part 1: sin(x_t) sampled at x_t = t·dx, t = 1..N, and its averages (m_0 = 0).
    sin_x: np.ndarray
    sin_v: np.ndarray
    main: SweepCurve               # β = beta, dampened, uncorrected: the thread's form
    sweep: tuple[SweepCurve, ...]
    bias_correction: bool
    # Part 2: two real relu2 runs from the same start, one row per step.
    wiggle_mom: Trajectory         # momentum (dampened, β): its raw derivative and its m
    wiggle_sgd: Trajectory         # plain SGD, same lr
    # Part 3: a made-up gradient schedule under both conventions.
    const_g: np.ndarray
    steps_high: int                # steps with g_high before the drop
    damped: np.ndarray             # m ← β·m + (1−β)·g
    undamped: np.ndarray           # m ← β·m + g
    damped_plateau: float          # g_high
    undamped_plateau: float        # g_high/(1−β)
    # Part 4: y = a·x + b from a = b = 1, the momentum sheet against plain SGD.
    landscape: Landscape
    path_mom: np.ndarray           # (T+1, 2) in (a, b) order
    path_sgd: np.ndarray
    window: tuple[float, float, float, float]   # a0, a1, b0, b1
    ticks: tuple[float, float]                  # tick step along a and along b
    levels: np.ndarray
    contours: tuple[np.ndarray, ...]            # polylines (k, 2) of those levels inside the window
    rmse_mom: np.ndarray           # per epoch
    rmse_sgd: np.ndarray
    shown_mom: int                 # path points inside the window (the walker stops there)
    shown_sgd: int
    rescale_gap: float             # max |path(sheet, lr) − path(PyTorch, lr·(1−β))|

    @property
    def wiggle_index(self) -> int:
        return self.wiggle_mom.param_names.index(WIGGLE_WEIGHT)

    def wiggle(self, traj: Trajectory) -> dict[str, np.ndarray]:
        """Row k (1-based): the derivative used, the momentum (if any) and d before and after."""
        i = self.wiggle_index
        out = {"row": np.asarray(traj.step, dtype=np.float64), "grad": traj.grads[:, i],
               "weight": traj.path()[:, i]}
        if "mom" in traj.state:
            out["mom"] = traj.state["mom"][:, i]
        return out

    def shown(self) -> dict:
        wm, ws = self.wiggle(self.wiggle_mom), self.wiggle(self.wiggle_sgd)
        return {
            "beta": self.beta, "lr": self.lr,
            "main": {"beta": self.main.beta, "peak": self.main.peak, "lag": self.main.lag},
            "sweep": [{"beta": c.beta, "peak": c.peak, "lag": c.lag} for c in self.sweep],
            "wiggle_weight": WIGGLE_WEIGHT,
            "wiggle_rows": len(self.wiggle_mom),
            "wiggle_grad_std": float(np.std(wm["grad"])),
            "wiggle_mom_std": float(np.std(wm["mom"])),
            "wiggle_final_d": {"momentum": float(wm["weight"][-1]), "sgd": float(ws["weight"][-1])},
            "wiggle_diverged_at": {"momentum": self.wiggle_mom.diverged_at,
                                   "sgd": self.wiggle_sgd.diverged_at},
            "damped_max": float(np.max(self.damped)), "undamped_max": float(np.max(self.undamped)),
            "damped_plateau": self.damped_plateau, "undamped_plateau": self.undamped_plateau,
            "rescale_gap": self.rescale_gap,
            "rmse_momentum": [float(v) for v in self.rmse_mom],
            "rmse_sgd": [float(v) for v in self.rmse_sgd],
            "final_momentum": [float(v) for v in self.path_mom[-1]],
            "final_sgd": [float(v) for v in self.path_sgd[-1]],
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


def constant_schedule(steps_high: int, g_high: float, g_low: float, steps_total: int) -> np.ndarray:
    return np.where(np.arange(steps_total) < steps_high, g_high, g_low).astype(np.float64)


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / ticks
    mag = 10.0 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def _window(land: Landscape, paths):
    """A box around the paths' points whose loss stays under MAX_WINDOW_LOSS × the start's."""
    start_loss = float(land.loss(*paths[0][0]))
    keep = []
    for path in paths:
        loss = land.loss(path[:, 0], path[:, 1])
        ok = np.isfinite(loss) & (loss <= MAX_WINDOW_LOSS * max(start_loss, 1e-12))
        keep.append(int(np.argmin(ok)) if not ok.all() else len(path))
    pts = np.vstack([p[: max(k, 1)] for p, k in zip(paths, keep)])
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    span = np.maximum(hi - lo, 1e-3 * np.maximum(np.abs(hi), 1.0))
    lo, hi = lo - 0.12 * span, hi + 0.12 * span
    box, steps = [], []
    for axis in range(2):
        step = _nice_step(hi[axis] - lo[axis], ticks=4)
        box += [math.floor(lo[axis] / step) * step, math.ceil(hi[axis] / step) * step]
        steps.append(float(step))
    return tuple(float(v) for v in box), tuple(steps), keep


def window_contours(data, box, levels, samples: int = 600) -> tuple[np.ndarray, ...]:
    """Exact pieces of the mean-loss contours inside ``box = (a0, a1, b0, b1)``.

    For fixed b the loss is a quadratic in a, A·a² + 2B·a + C, so each level's curve is the pair
    of roots a±(b). Solving it on a grid of b draws a long, thin ellipse as densely as the window
    needs, where sampling the whole ellipse would leave a narrow window nearly empty.
    """
    x, y = data.x, data.y
    b = np.linspace(box[2], box[3], samples)
    A = np.mean(x * x)
    B = b * np.mean(x) - np.mean(x * y)
    C = np.mean((b[:, None] - y) ** 2, axis=1)
    pieces = []
    for level in levels:
        disc = B * B - A * (C - level)
        ok = disc >= 0
        root = np.sqrt(np.where(ok, disc, 0.0))
        left = np.column_stack([(-B - root) / A, b])
        right = np.column_stack([(-B + root) / A, b])
        edges = np.flatnonzero(np.diff(np.concatenate([[0], ok.astype(int), [0]])))
        for i, j in zip(edges[::2], edges[1::2] - 1):
            # Join the two branches where the curve turns (the roots meet), not at the box edge.
            runs = ([np.vstack([left[i:j + 1][::-1], right[i:j + 1]])] if i > 0
                    else [left[i:j + 1], right[i:j + 1]])
            if j < samples - 1:
                runs[-1] = np.vstack([runs[-1], left[j:j + 1]])
            for run_ in runs:
                pieces += [p for p in clip_polyline(run_, box) if len(p) >= 2]
    return tuple(pieces)


def _window_levels(land: Landscape, box, count: int = 9) -> np.ndarray:
    """Loss levels spread (in log) over the loss values the window shows."""
    a = np.linspace(box[0], box[1], 121)
    b = np.linspace(box[2], box[3], 121)
    loss = land.loss(*np.meshgrid(a, b))
    low, high = float(loss.min()), float(loss.max())
    # Just above the lowest loss in view, so the valley floor gets its own contour.
    floor = low + 1e-3 * (high - low)
    return np.geomspace(max(floor, 1e-9), high, count + 1)[:-1] if high > floor else np.array([high])


def compute(params: Params) -> MomentumNumbers:
    """All of the lesson's numbers, from validated ``params``."""
    p = params
    if not p.steps_high < p.steps_total:
        raise UsageError(f"momentum: steps_high={p.steps_high} must be below "
                         f"steps_total={p.steps_total}")
    data = load(p.data)

    # Part 1
    x, v = sampled_sine(p.sin_points, p.sin_cycles)
    sweep = tuple(read_average(beta, v, p.sin_cycles) for beta in p.betas)

    # Part 2: the 2-neuron ReLU model, every weight from 1 as in the sheet.
    epochs = -(-p.wiggle_rows // len(data))
    base = RunConfig(model="relu2", optimizer="momentum", lr=p.lr, beta=p.beta, dampening=True,
                     data=data, epochs=epochs)
    wiggle_mom = _first_rows(run(base), p.wiggle_rows)
    wiggle_sgd = _first_rows(run(replace(base, optimizer="sgd", beta=None, dampening=None)),
                             p.wiggle_rows)

    # Part 3
    g = constant_schedule(p.steps_high, p.g_high, p.g_low, p.steps_total)

    # Part 4: the momentum sheet (lr, β, dampened, a = b = 1) and plain SGD, same lr.
    sheet = RunConfig(model="linear", optimizer="momentum", lr=p.lr, beta=p.beta, dampening=True,
                      data=data, epochs=p.epochs)
    t_mom = run(sheet)
    t_sgd = run(replace(sheet, optimizer="sgd", beta=None, dampening=None))
    t_torch = run(replace(sheet, dampening=False, lr=p.lr * (1.0 - p.beta)))
    land = Landscape.of(data)
    path_mom = t_mom.path()[:, [t_mom.param_names.index("a"), t_mom.param_names.index("b")]]
    path_sgd = t_sgd.path()[:, [t_sgd.param_names.index("a"), t_sgd.param_names.index("b")]]
    box, ticks, keep = _window(land, [path_mom, path_sgd])
    levels = _window_levels(land, box)
    n = min(len(t_mom), len(t_torch))
    gap = float(np.max(np.abs(t_mom.new_params[:n] - t_torch.new_params[:n]))) if n else 0.0

    return MomentumNumbers(
        beta=p.beta, lr=p.lr, sin_x=x, sin_v=v, main=read_average(p.beta, v, p.sin_cycles), sweep=sweep,
        bias_correction=p.bias_correction, wiggle_mom=wiggle_mom, wiggle_sgd=wiggle_sgd,
        const_g=g, steps_high=p.steps_high, damped=ema(g, p.beta), undamped=ema(g, p.beta, dampening=False),
        damped_plateau=p.g_high, undamped_plateau=p.g_high / (1.0 - p.beta),
        landscape=land, path_mom=path_mom, path_sgd=path_sgd, window=box, ticks=ticks,
        levels=levels, contours=window_contours(data, box, levels), rmse_mom=t_mom.epoch_rmse(),
        rmse_sgd=t_sgd.epoch_rmse(), shown_mom=keep[0], shown_sgd=keep[1], rescale_gap=gap)


def _first_rows(traj: Trajectory, rows: int) -> Trajectory:
    """The first ``rows`` steps of a trajectory (it may be shorter if it diverged)."""
    end = min(rows, len(traj))
    cut = lambda a: a[:end]  # noqa: E731
    return Trajectory(
        config=traj.config, param_names=traj.param_names, epoch=cut(traj.epoch),
        step=cut(traj.step), x=cut(traj.x), y=cut(traj.y), params=cut(traj.params),
        pred=cut(traj.pred), loss=cut(traj.loss), grads=cut(traj.grads),
        state={k: cut(s) for k, s in traj.state.items()}, new_params=cut(traj.new_params),
        lr=cut(traj.lr), diverged_at=traj.diverged_at)


_BETA = dict(low=0.0, high=0.999)
LESSON = Lesson(
    id="momentum",
    title="Momentum: a moving average of the gradient",
    summary="Momentum as an EMA: smoothing sin(x) and a wiggly derivative, dampened vs PyTorch's "
            "undampened form, and its path on the spreadsheet's problem",
    scene="scenes.momentum.scene:Momentum",
    params=(
        Param("lr", "float", 1e-4, "learning rate of the real runs (Parts 2 and 4; the momentum "
              "sheet's 1e-4)", low=0.0, low_open=True),
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
        Param("data", "str", "spreadsheet",
              "spreadsheet, synthetic[:seed=0,n=29,slope=2,intercept=30,noise=0] or a path to an "
              "x,y CSV"),
    ),
    compute=compute,
    parts=PART_SPECS,
    order=65,
)
