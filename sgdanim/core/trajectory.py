"""Run a model and an optimizer over a dataset, one row per step, and keep every number.

``run(config)`` returns a :class:`Trajectory`: frozen arrays of what each step used and made,
stepped on plain floats (:mod:`sgdanim.core.stepper`). ``sweep(config, lrs)`` runs many
learning rates at once as lanes of one vectorised numpy loop; each lane holds the same bits
as ``run`` with its lr.
Overflow never raises: the first step where anything stops being finite, or where the loss
passes ``config.max_loss``, is recorded as ``diverged_at`` and the run keeps what came before.

Examples
--------
>>> t = run(RunConfig(epochs=2))
>>> t.params.shape, t.param_names, t.diverged_at
((58, 2), ('a', 'b'), None)
>>> bool(t.epoch_rmse()[1] < t.epoch_rmse()[0])
True
>>> run(RunConfig(lr=0.01)).diverged_at is not None
True
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Mapping

import numpy as np

from . import models
from .data import Dataset, spreadsheet
from .errors import UsageError
from .optimizers import Annealer, build, check_lr
from .stepper import Steps

MAX_LOSS = 1e12
# Steps a run may take: a typo such as --epochs 99999999999 is refused, not run for a week.
# sgdanim trace streams its rows, so this bounds time and output, not memory.
MAX_STEPS = 10**9
# Numbers a run may hold in memory at once (run and sweep keep every step; trace does not).
MAX_RECORD_BYTES = 2 * 2**30
GRADS = ("analytic", "numeric")
# What the next epoch starts from. "updated": the weights after the last row's step. "sheet": the
# weights *used* on the last row, as graddesc.xlsm's macros copy them (C32/D32, not M32/N32), so
# each of the sheet's epochs drops its last step while the optimizer state carries on.
CARRIES = ("updated", "sheet")


@dataclass(frozen=True)
class RunConfig:
    """Everything that decides a run. Hyperparameters left as None take the optimizer's default."""

    model: str = "linear"
    optimizer: str = "sgd"
    lr: float = 1e-4
    beta: float | None = None
    beta2: float | None = None
    eps: float | None = None
    dampening: bool | None = None
    bias_correction: bool | None = None
    anneal: bool = False
    init: Mapping[str, float] = field(default_factory=dict)
    data: Dataset | None = None
    epochs: int = 1
    grad: str = "analytic"
    fd_step: float = models.DEFAULT_FD_STEP
    max_loss: float = MAX_LOSS
    carry: str = "updated"

    def __post_init__(self):
        object.__setattr__(self, "init", MappingProxyType(dict(self.init)))
        if self.data is None:
            object.__setattr__(self, "data", spreadsheet())
        model = models.get(self.model)
        opt = self.build_optimizer()
        check_lr(self.lr)
        if not (isinstance(self.epochs, int) and self.epochs >= 1):
            raise UsageError(f"epochs={self.epochs!r} must be a whole number >= 1")
        if self.epochs * len(self.data) > MAX_STEPS:
            raise UsageError(f"epochs={self.epochs} over {len(self.data)} rows is "
                             f"{self.epochs * len(self.data):,} steps; the most is {MAX_STEPS:,}")
        if self.grad not in GRADS:
            raise UsageError(f"grad={self.grad!r} must be one of {', '.join(GRADS)}")
        if not (math.isfinite(self.fd_step) and self.fd_step > 0):
            raise UsageError(f"fd-step={self.fd_step!r} must be a finite number > 0")
        if self.carry not in CARRIES:
            raise UsageError(f"carry={self.carry!r} must be one of {', '.join(CARRIES)}")
        if self.anneal and "sqr" not in opt.state_names:
            raise UsageError(f"anneal needs a mean-square state; optimizer {self.optimizer!r} has none")
        known = set(model.params) | {f"{s}_{p}" for s in opt.state_names for p in model.params}
        for key, value in self.init.items():
            if key not in known:
                raise UsageError(f"init name {key!r} is not a parameter or state of {self.model}/"
                                 f"{self.optimizer} (known: {', '.join(sorted(known))})")
            if not math.isfinite(value):
                raise UsageError(f"init {key}={value!r} must be finite")

    def build_optimizer(self):
        return build(self.optimizer, beta=self.beta, beta2=self.beta2, eps=self.eps,
                     dampening=self.dampening, bias_correction=self.bias_correction)


@dataclass(frozen=True)
class Trajectory:
    """One run. Row k is step k+1: ``params[k]`` were used, ``new_params[k]`` came out."""

    config: RunConfig
    param_names: tuple[str, ...]
    epoch: np.ndarray       # (T,) 1-based
    step: np.ndarray        # (T,) 1-based, counted across epochs
    x: np.ndarray
    y: np.ndarray
    params: np.ndarray      # (T, P)
    pred: np.ndarray
    loss: np.ndarray
    grads: np.ndarray       # (T, P)
    state: Mapping[str, np.ndarray]  # each field of the optimizer state -> (T, P), after the step
    new_params: np.ndarray  # (T, P)
    lr: np.ndarray          # (T,)
    diverged_at: int | None  # the step number (1-based) that ran away, if any

    def __post_init__(self):
        for arr in (self.epoch, self.step, self.x, self.y, self.params, self.pred, self.loss,
                    self.grads, self.new_params, self.lr, *self.state.values()):
            arr.setflags(write=False)

    def __len__(self):
        return int(self.step.shape[0])

    def param(self, name: str) -> np.ndarray:
        """The values of one parameter as used on each row."""
        return self.params[:, self.param_names.index(name)]

    def grad(self, name: str) -> np.ndarray:
        return self.grads[:, self.param_names.index(name)]

    def path(self) -> np.ndarray:
        """The weights used on each row, then what the last step made: (T+1, P)."""
        return np.concatenate([self.params, self.new_params[-1:]])

    def epoch_rmse(self) -> np.ndarray:
        """√(mean row loss) for each epoch with rows, the loss taken with the weights of the row."""
        return np.sqrt(self._per_epoch(np.mean))

    def epoch_sheet_error(self) -> np.ndarray:
        """√(Σ row loss) per epoch: what the sheet's cell labelled "rmse" computes."""
        return np.sqrt(self._per_epoch(np.sum))

    def _per_epoch(self, reduce):
        return np.array([reduce(self.loss[self.epoch == e]) for e in np.unique(self.epoch)])


@dataclass(frozen=True)
class Sweep:
    """Many runs that differ only in lr. Arrays carry a trailing lane axis; rows past a lane's
    divergence are NaN."""

    config: RunConfig
    lrs: np.ndarray
    trajectory: Trajectory     # arrays shaped (T, ..., L)
    diverged_at: tuple[int | None, ...]

    def lane(self, i: int) -> Trajectory:
        t = self.trajectory
        end = len(t) if self.diverged_at[i] is None else self.diverged_at[i] - 1
        cut = lambda a: a[:end, ..., i]  # noqa: E731
        return Trajectory(
            config=_with_lr(self.config, float(self.lrs[i])), param_names=t.param_names,
            epoch=t.epoch[:end], step=t.step[:end], x=t.x[:end], y=t.y[:end],
            params=cut(t.params), pred=cut(t.pred), loss=cut(t.loss), grads=cut(t.grads),
            state=MappingProxyType({k: cut(v) for k, v in t.state.items()}),
            new_params=cut(t.new_params), lr=cut(t.lr), diverged_at=self.diverged_at[i])


def _with_lr(config: RunConfig, lr: float) -> RunConfig:
    return replace(config, lr=lr)


def check_memory(config: RunConfig, lanes: int, width: int) -> None:
    """Refuse a run whose every step, ``width`` floats per lane, would not fit in
    :data:`MAX_RECORD_BYTES`."""
    size = config.epochs * len(config.data) * lanes * width * 8
    if size > MAX_RECORD_BYTES:
        raise UsageError(f"epochs={config.epochs} over {len(config.data)} rows"
                         f"{f' x {lanes} lrs' if lanes > 1 else ''} would hold {size / 2**30:.1f} "
                         f"GiB of numbers; the most is {MAX_RECORD_BYTES / 2**30:.0f} GiB "
                         f"(sgdanim trace streams its rows instead)")


def run(config: RunConfig) -> Trajectory:
    """Run one configuration (on plain floats: :class:`~sgdanim.core.stepper.Steps`)."""
    steps = Steps(config)
    check_memory(config, 1, len(steps.columns))
    flat = array("d")
    for row in steps:
        flat.extend(row)
    table = np.frombuffer(flat, dtype=np.float64).reshape(-1, len(steps.columns))
    names, n = steps.model.params, len(config.data)
    index = {name: i for i, name in enumerate(steps.columns)}
    pick = lambda prefix: table[:, [index[prefix + p] for p in names]]  # noqa: E731
    step = np.arange(1, len(table) + 1)
    return Trajectory(
        config=config, param_names=names, epoch=(step - 1) // n + 1, step=step,
        x=config.data.x[(step - 1) % n], y=config.data.y[(step - 1) % n], params=pick(""),
        pred=table[:, index["pred"]], loss=table[:, index["loss"]], grads=pick("grad_"),
        state=MappingProxyType({s: pick(f"{s}_") for s in steps.optimizer.state_names}),
        new_params=pick("new_"), lr=table[:, index["lr"]], diverged_at=steps.diverged_at)


def sweep(config: RunConfig, lrs) -> Sweep:
    """Run ``config`` once per learning rate in ``lrs``, all lanes in one vectorised loop."""
    lrs = np.atleast_1d(np.asarray(lrs, dtype=np.float64))
    check_lr(lrs)
    model, opt = models.get(config.model), config.build_optimizer()
    check_memory(config, len(lrs), len(model.params) * (3 + len(opt.state_names)) + 3)
    record = _Record(config.epochs * len(config.data), len(model.params), len(lrs),
                     opt.state_names)
    end, diverged = _steps(config, model, opt, lrs, record)
    return Sweep(config, lrs, record.trajectory(config, model.params, end, diverged),
                 tuple(int(d) if d > 0 else None for d in diverged))


def _start(config: RunConfig, names, opt, lanes: int):
    """The weights and optimizer state before the first step, from ``config.init`` (weights
    default to 1, state to 0), one copy per lane."""
    p = np.array([[config.init.get(k, 1.0)] * lanes for k in names], dtype=np.float64)
    state = opt.State(*(np.array([[config.init.get(f"{s}_{k}", 0.0)] * lanes for k in names])
                        for s in opt.state_names))
    return p, state


def _steps(config: RunConfig, model, opt, lrs, record: "_Record"):
    """Take every step of every lane into ``record``; returns the number of rows kept and
    each lane's first bad step (-1 for none)."""
    names, data, n = opt.state_names, config.data, len(config.data)
    p, state = _start(config, model.params, opt, len(lrs))
    lr = lrs.copy()
    annealer = Annealer() if config.anneal else None
    anneal_state = annealer.init_state() if annealer is not None else None
    diverged = np.full(len(lrs), -1)
    alive = np.ones(len(lrs), dtype=bool)
    xs, ys = data.x, data.y
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for k in range(record.rows):
            i = k % n
            x, y = xs[i], ys[i]
            pred = model.predict(p, x)
            loss = (pred - y) ** 2
            g = (model.grad(p, x, y) if config.grad == "analytic"
                 else model.grad_fd(p, x, y, config.fd_step))
            new_p, state = opt.step(p, g, state, lr, k + 1)
            carried = [getattr(state, s) for s in names]
            record.write(k, p, g, new_p, carried, pred, loss, lr)

            finite = np.isfinite(new_p).all(0) & np.isfinite(g).all(0) & np.isfinite(loss)
            for values in carried:
                finite &= np.isfinite(values).all(0)
            bad = alive & ~(finite & (loss <= config.max_loss))
            if bad.any():
                diverged[bad] = k + 1
                alive &= ~bad
                if not alive.any():
                    return k + 1, diverged
            if not (i == n - 1 and config.carry == "sheet"):
                p = new_p
            if annealer is not None and i == n - 1:
                lr, anneal_state = annealer.after_epoch(lr, state.sqr, anneal_state)
    return record.rows, diverged


class _Record:
    """Every step's numbers, lanes last: ``rows`` steps of ``params`` weights and ``lanes`` lrs.

    np.empty, not np.full: every row up to the end is written by the loop, rows past a lane's
    divergence are set to NaN afterwards, and filling ~10^8 NaNs up front was most of the cost.
    """

    def __init__(self, rows: int, params: int, lanes: int, state_names: tuple[str, ...]):
        self.rows = rows
        self.per_param = {k: np.empty((rows, params, lanes))
                          for k in ("params", "grads", "new_params")}
        self.state = {s: np.empty((rows, params, lanes)) for s in state_names}
        self.per_lane = {k: np.empty((rows, lanes)) for k in ("pred", "loss", "lr")}

    def write(self, k, p, g, new_p, carried, pred, loss, lr) -> None:
        self.per_param["params"][k], self.per_param["grads"][k] = p, g
        self.per_param["new_params"][k] = new_p
        for values, arr in zip(carried, self.state.values()):
            arr[k] = values
        self.per_lane["pred"][k], self.per_lane["loss"][k], self.per_lane["lr"][k] = pred, loss, lr

    def trajectory(self, config: RunConfig, names, end: int, diverged) -> Trajectory:
        """The first ``end`` rows as one Trajectory of all lanes, NaN from each lane's first
        bad step on."""
        for lane in np.flatnonzero(diverged > 0):
            first = diverged[lane] - 1
            for arr in (*self.per_param.values(), *self.state.values()):
                arr[first:, :, lane] = np.nan
            for arr in self.per_lane.values():
                arr[first:, lane] = np.nan
        n, rows, lane = len(config.data), self.per_param, self.per_lane
        steps = np.arange(1, end + 1)
        return Trajectory(
            config=config, param_names=names, epoch=(steps - 1) // n + 1, step=steps,
            x=config.data.x[(steps - 1) % n], y=config.data.y[(steps - 1) % n],
            params=rows["params"][:end], pred=lane["pred"][:end], loss=lane["loss"][:end],
            grads=rows["grads"][:end],
            state=MappingProxyType({s: v[:end] for s, v in self.state.items()}),
            new_params=rows["new_params"][:end], lr=lane["lr"][:end], diverged_at=None)
