"""Run a model and an optimizer over a dataset, one row per step, and keep every number.

``run(config)`` returns a :class:`Trajectory`: frozen arrays of what each step used and made.
``sweep(config, lrs)`` runs many learning rates at once as lanes of one vectorised loop.
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
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

import numpy as np

from . import models
from .data import Dataset, spreadsheet
from .errors import UsageError
from .optimizers import Annealer, build, check_lr

MAX_LOSS = 1e12
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
    state: Mapping[str, np.ndarray]  # name -> (T, P), after the step
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
    from dataclasses import replace
    return replace(config, lr=lr)


def run(config: RunConfig) -> Trajectory:
    """Run one configuration."""
    return sweep(config, [config.lr]).lane(0)


def sweep(config: RunConfig, lrs) -> Sweep:
    """Run ``config`` once per learning rate in ``lrs``, all lanes in one vectorised loop."""
    lrs = np.atleast_1d(np.asarray(lrs, dtype=np.float64))
    check_lr(lrs)
    model, opt, data = models.get(config.model), config.build_optimizer(), config.data
    names, L, n = model.params, lrs.shape[0], len(data)
    P, T = len(names), config.epochs * len(data)

    p = np.array([[config.init.get(k, 1.0)] * L for k in names], dtype=np.float64)
    state = {s: np.array([[config.init.get(f"{s}_{k}", 0.0)] * L for k in names])
             for s in opt.state_names}
    lr = lrs.copy()
    annealer = Annealer() if config.anneal else None

    # np.empty, not np.full: every row below `end` is written by the loop, rows past a lane's
    # divergence are set to NaN afterwards, and filling ~10^8 NaNs up front was most of the cost.
    rec = {k: np.empty((T, P, L)) for k in ("params", "grads", "new_params")}
    rec_state = {s: np.empty((T, P, L)) for s in opt.state_names}
    rec1 = {k: np.empty((T, L)) for k in ("pred", "loss", "lr")}
    diverged = np.full(L, -1)
    alive = np.ones(L, dtype=bool)
    end = T
    xs, ys = data.x, data.y
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for k in range(T):
            i = k % n
            x, y = xs[i], ys[i]
            pred = model.predict(p, x)
            loss = (pred - y) ** 2
            g = (model.grad(p, x, y) if config.grad == "analytic"
                 else model.grad_fd(p, x, y, config.fd_step))
            new_p, state = opt.step(p, g, state, lr, k + 1)
            rec["params"][k], rec["grads"][k], rec["new_params"][k] = p, g, new_p
            for s in opt.state_names:
                rec_state[s][k] = state[s]
            rec1["pred"][k], rec1["loss"][k], rec1["lr"][k] = pred, loss, lr

            finite = np.isfinite(new_p).all(0) & np.isfinite(g).all(0) & np.isfinite(loss)
            for s in opt.state_names:
                finite &= np.isfinite(state[s]).all(0)
            bad = alive & ~(finite & (loss <= config.max_loss))
            if bad.any():
                diverged[bad] = k + 1
                alive &= ~bad
                if not alive.any():
                    end = k + 1
                    break
            if not (i == n - 1 and config.carry == "sheet"):
                p = new_p
            if annealer is not None and i == n - 1:
                lr = annealer.after_epoch(lr, state["sqr"])

    for lane in np.flatnonzero(diverged > 0):
        first = diverged[lane] - 1
        for arr in (*rec.values(), *rec_state.values()):
            arr[first:, :, lane] = np.nan
        for arr in rec1.values():
            arr[first:, lane] = np.nan
    steps = np.arange(1, end + 1)
    traj = Trajectory(
        config=config, param_names=names,
        epoch=(steps - 1) // n + 1, step=steps, x=xs[(steps - 1) % n], y=ys[(steps - 1) % n],
        params=rec["params"][:end], pred=rec1["pred"][:end], loss=rec1["loss"][:end],
        grads=rec["grads"][:end],
        state=MappingProxyType({s: v[:end] for s, v in rec_state.items()}),
        new_params=rec["new_params"][:end], lr=rec1["lr"][:end], diverged_at=None)
    return Sweep(config, lrs, traj, tuple(int(d) if d > 0 else None for d in diverged))
