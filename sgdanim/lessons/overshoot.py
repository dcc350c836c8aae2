"""Lesson ``overshoot``: a learning rate too big turns into a runaway loop.

Part 1 steps one weight down a parabola L(w) = λ/2·(w − w*)² at three learning rates; each step
multiplies the distance to the minimum by |1 − lr·λ|, so above lr = 2/λ the distance grows.
Part 2 sweeps learning rates over the spreadsheet's rows with y = a·x + b and sets them against
the critical rate 2/λmax of the mean loss's Hessian. Part 3 is the forum thread's experiment:
two stacked linear neurons, finite-difference derivatives, everything exploding in one epoch.

Examples
--------
>>> parabola_steps(w0=1.0, w_star=0.0, lam=2.0, lr=1.15, steps=3).round(6).tolist()
[1.0, -1.3, 1.69, -2.197]
>>> regime(0.15, 2.0), regime(0.8, 2.0), regime(1.15, 2.0)
('creeps', 'zigzags', 'runs away')
>>> n = compute(LESSON.defaults())
>>> n.thread.diverged_at                  # the thread's run leaves the rails on row 28
28
>>> [lane.above_critical for lane in n.sweep]
[False, False, True, True, True]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from ..core import analysis, models
from ..core.data import load
from ..core.errors import UsageError
from ..core.params import Param
from ..core.trajectory import RunConfig, run, sweep
from . import Lesson, PartSpec, parts_param

MAX_LANES = 6          # one colour per curve; more would be unreadable
PART1_REACH = 1e3      # farthest |w - w*| part 1 draws: its axis and loop numbers stay legible
PART3_MODELS = tuple(models.MODELS)


# Part 1 ----------------------------------------------------------------------------------------

def parabola_steps(w0: float, w_star: float, lam: float, lr: float, steps: int) -> np.ndarray:
    """Gradient descent on L(w) = λ/2·(w − w*)²: w_{k+1} = w_k − lr·λ·(w_k − w*).

    Returns the ``steps + 1`` weights visited, starting with ``w0``.

    >>> parabola_steps(3.0, 2.0, 1.0, 0.5, 2).tolist()      # halves the distance each step
    [3.0, 2.5, 2.25]
    """
    w = [float(w0)]
    for _ in range(steps):
        w.append(w[-1] - lr * lam * (w[-1] - w_star))
    return np.array(w)


def regime(lr: float, lam: float) -> str:
    """What gradient descent does on a parabola of curvature ``lam`` at rate ``lr``.

    The factor 1 − lr·λ decides it: in (0, 1) it creeps, in (−1, 0) it zig-zags inward,
    0 lands on the minimum, −1 bounces forever, below −1 runs away.

    >>> regime(1.0, 2.0), regime(0.5, 2.0)
    ('bounces', 'lands')
    """
    q = lr * lam
    if math.isclose(q, 1.0, rel_tol=1e-12):
        return "lands"
    if math.isclose(q, 2.0, rel_tol=1e-12):
        return "bounces"
    return "creeps" if q < 1 else "zigzags" if q < 2 else "runs away"


@dataclass(frozen=True)
class ParabolaRun:
    """One learning rate on the parabola. ``w`` holds the weights visited."""

    lr: float
    lam: float
    w_star: float
    w: np.ndarray

    @property
    def factor(self) -> float:
        """1 − lr·λ: what each step multiplies (w − w*) by."""
        return 1.0 - self.lr * self.lam

    @property
    def regime(self) -> str:
        return regime(self.lr, self.lam)

    def loss(self) -> np.ndarray:
        return 0.5 * self.lam * (self.w - self.w_star) ** 2

    def distance(self) -> np.ndarray:
        """|w_k − w*| for every weight visited."""
        return np.abs(self.w - self.w_star)

    def slope(self) -> np.ndarray:
        """L'(w_k) = λ·(w_k − w*) where each step starts."""
        return self.lam * (self.w[:-1] - self.w_star)

    def step(self) -> np.ndarray:
        """lr·L'(w_k): how far each step moves the weight (signed, subtracted from w)."""
        return self.lr * self.slope()


# Part 2 and 3 ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class SweepLane:
    """One learning rate of the sweep: the error of each row until it ran away."""

    lr: float
    loss: np.ndarray               # (rows kept,), all finite
    diverged_at: int | None        # 1-based step number, as in Trajectory
    above_critical: bool


@dataclass(frozen=True)
class ThreadRun:
    """The thread's run: error, weights and derivatives per row, until it ran away."""

    model: str
    formula: str
    lr: float
    grad: str
    names: tuple[str, ...]
    init: tuple[float, ...]
    rows: int                      # rows in one epoch
    loss: np.ndarray               # (rows kept,)
    params: np.ndarray             # (rows kept, P)
    grads: np.ndarray              # (rows kept, P)
    diverged_at: int | None
    max_loss: float                # the run stops once a row's error passes this
    runaway_loss: float | None     # the error of row ``diverged_at``, from a run with no cap


def log10_clipped(values, floor: float) -> np.ndarray:
    """log10|v|, with anything below ``floor`` (including 0) raised to it, so a log axis gets
    only finite numbers. Non-finite input is a bug upstream and raises.

    >>> log10_clipped([1000.0, -0.01, 0.0], floor=-1).tolist()
    [3.0, -1.0, -1.0]
    """
    v = np.abs(np.asarray(values, dtype=np.float64))
    if not np.isfinite(v).all():
        raise ValueError("log10_clipped got a non-finite value")
    with np.errstate(divide="ignore"):
        return np.maximum(np.log10(v), floor)


@dataclass(frozen=True)
class OvershootNumbers:
    parabola: tuple[ParabolaRun, ...]   # small, zig-zag, runaway (as given)
    data_name: str
    rows: int
    x_max: float
    epochs: int
    lam_max: float
    critical_lr: float                  # 2/λmax of the mean loss
    row_critical_lr: float              # 1/(x²+1) of the row with the largest |x|
    sweep: tuple[SweepLane, ...]
    thread: ThreadRun

    def shown(self) -> dict:
        return {
            "parabola": [{"lr": r.lr, "lam": r.lam, "w_star": r.w_star, "factor": r.factor,
                          "regime": r.regime, "w": r.w.tolist()} for r in self.parabola],
            "parabola_critical_lr": 2.0 / self.parabola[0].lam,
            "data": self.data_name, "epochs": self.epochs,
            "lam_max": self.lam_max, "critical_lr": self.critical_lr,
            "row_critical_lr": self.row_critical_lr,
            "sweep": [{"lr": s.lr, "diverged_at": s.diverged_at, "above_critical": s.above_critical,
                       "rows_kept": int(s.loss.shape[0])} for s in self.sweep],
            "thread": {"model": self.thread.model, "lr": self.thread.lr, "grad": self.thread.grad,
                       "init": list(self.thread.init), "diverged_at": self.thread.diverged_at,
                       "max_loss": self.thread.max_loss, "runaway_loss": self.thread.runaway_loss,
                       "rows_kept": int(self.thread.loss.shape[0])},
        }


def _init_weights(model: str, init: tuple[float, ...]) -> dict[str, float]:
    names = models.get(model).params
    if len(init) == 1:
        init = init * len(names)
    if len(init) != len(names):
        raise UsageError(f"overshoot: init={','.join(f'{v:g}' for v in init)} must give 1 or "
                         f"{len(names)} weights for {model} ({', '.join(names)})")
    return dict(zip(names, (float(v) for v in init)))


def compute(params) -> OvershootNumbers:
    data = load(params.data)
    if len(params.lrs) > MAX_LANES:
        raise UsageError(f"overshoot: lrs has {len(params.lrs)} values; at most {MAX_LANES} fit")

    if params.w0 == params.w_star:
        raise UsageError(f"overshoot: w0={params.w0:g} must differ from w_star, or nothing moves")

    # Part 1
    rates = {"lr_small": params.lr_small, "lr_zigzag": params.lr_zigzag, "lr": params.lr}
    parabola = tuple(ParabolaRun(lr, params.curvature, params.w_star,
                                 parabola_steps(params.w0, params.w_star, params.curvature, lr,
                                                params.steps))
                     for lr in rates.values())
    for name, r in zip(rates, parabola):
        if r.distance().max() > PART1_REACH:
            raise UsageError(f"overshoot: {name}={r.lr:g} with steps={params.steps} carries w to "
                             f"{r.w[-1]:.3g}; part 1 draws |w - w*| up to {PART1_REACH:g} "
                             f"(lower {name}, steps or w0)")

    # Part 2
    crit = analysis.critical_lr(data)
    lam_max = float(analysis.curvatures(data)[0][-1])
    swept = sweep(RunConfig(model="linear", lr=params.lrs[0], epochs=params.epochs, data=data),
                  params.lrs)
    lanes = []
    for i, lr in enumerate(params.lrs):
        lane = swept.lane(i)
        lanes.append(SweepLane(float(lr), np.array(lane.loss), lane.diverged_at, lr > crit))
    x_big = float(np.max(np.abs(data.x)))

    # Part 3
    init = _init_weights(params.model, params.init)
    config = RunConfig(model=params.model, grad=params.grad, lr=params.lr_thread,
                       init=init, data=data, epochs=1)
    t = run(config)
    runaway_loss = None
    if t.diverged_at is not None:
        # The capped run keeps no number for the row that ran away; an uncapped one does.
        uncapped = run(replace(config, max_loss=math.inf))
        if len(uncapped) >= t.diverged_at and math.isfinite(uncapped.loss[t.diverged_at - 1]):
            runaway_loss = float(uncapped.loss[t.diverged_at - 1])
    thread = ThreadRun(params.model, models.get(params.model).formula, params.lr_thread,
                       params.grad, t.param_names, tuple(init.values()), len(data),
                       np.array(t.loss), np.array(t.params), np.array(t.grads), t.diverged_at,
                       config.max_loss, runaway_loss)

    return OvershootNumbers(parabola, data.name, len(data), x_big, params.epochs, lam_max, crit,
                            float(analysis.row_critical_lr(x_big)), tuple(lanes), thread)


PART_SPECS = (
    PartSpec("parabola", "One weight on a parabola", ()),
    PartSpec("sweep", "The spreadsheet's rows at five rates", ()),
    PartSpec("thread", "The thread's experiment", ()),
)


LESSON = Lesson(
    id="overshoot",
    title="Overshoot: a learning rate too big turns into a runaway loop",
    summary="Too big a step lands where the slope is steeper, so the next step is bigger still.",
    scene="scenes.overshoot.scene:Overshoot",
    params=(
        parts_param(PART_SPECS),
        Param("lr", "float", 1.15, "part 1's runaway learning rate (above 2/curvature)",
              low=0, low_open=True, high=100),
        Param("lr_small", "float", 0.15, "part 1's small learning rate (below 1/curvature)",
              low=0, low_open=True, high=100),
        Param("lr_zigzag", "float", 0.8, "part 1's zig-zag rate (between 1/ and 2/curvature)",
              low=0, low_open=True, high=100),
        Param("curvature", "float", 2.0, "part 1's λ in L(w) = λ/2·(w − w*)²",
              low=0, low_open=True, high=100),
        Param("w_star", "float", 0.0, "part 1's minimum w*", low=-100, high=100),
        Param("w0", "float", 1.0, "part 1's starting weight", low=-100, high=100),
        Param("steps", "int", 5, "part 1's steps per learning rate", low=1, high=10),
        Param("lrs", "floats", (1e-4, 3.16e-4, 1e-3, 3.16e-3, 1e-2),
              "part 2's learning-rate sweep (y = a·x + b)", low=0, low_open=True, high=10),
        Param("epochs", "int", 2, "part 2's epochs over the data", low=1, high=5),
        Param("model", "str", "linear2", "part 3's model", choices=PART3_MODELS),
        Param("grad", "str", "numeric", "part 3's derivatives: numeric (finite differences, "
              "as in the thread) or analytic", choices=("numeric", "analytic")),
        Param("lr_thread", "float", 1e-4, "part 3's learning rate", low=0, low_open=True, high=10),
        Param("init", "floats", (1.0,), "part 3's starting weights in model order "
              "(one value sets them all)", low=-1e3, high=1e3),
        Param("data", "str", "spreadsheet",
              "spreadsheet, synthetic[:seed=0,n=29,slope=2,intercept=30,noise=0] or a path to "
              "an x,y CSV"),
    ),
    compute=compute,
    parts=PART_SPECS,
    order=50,
)
