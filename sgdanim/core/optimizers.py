"""The spreadsheet's optimizers as small step rules, one per class.

Each rule validates its hyperparameters when it is built, keeps no hidden state, and maps
``(params, grads, state, lr, t)`` to ``(new_params, new_state)``. The state is a small frozen
object of the rule's own type (``MomentumState(mom)``, ``RMSPropState(sqr)``,
``AdamState(mom, sqr)``), as optax's ``ScaleByAdamState``; its field names are the trace's
column prefixes (``mom_a``, ``sqr_b``). Arrays may carry a trailing lane axis (an lr sweep);
``lr`` broadcasts against it. ``t`` counts steps from 1 and is used only by Adam's bias
correction. ``step_floats`` is the same rule on plain floats for one lane (lists of floats in,
the state as a tuple of lists in field order): the same operations in the same order, so the
same bits (tests/core/test_stepper.py holds the two together).

Examples
--------
>>> import numpy as np
>>> opt = Momentum(beta=0.5)                      # dampened, as in the spreadsheet
>>> p, s = opt.step(np.array([1.0]), np.array([10.0]), opt.init_state((1,)), lr=0.1, t=1)
>>> s.mom.tolist(), p.tolist()                    # m = 0.5·0 + 0.5·10; p = 1 − 0.1·5
([5.0], [0.5])
>>> s
MomentumState(mom=array([5.]))
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import ClassVar

import numpy as np

from .errors import UsageError


def check_lr(lr) -> None:
    """Reject a learning rate that is not a finite number above zero."""
    arr = np.asarray(lr, dtype=np.float64)
    if arr.size == 0:
        raise UsageError("lr list is empty")
    for value in arr.ravel():
        if not (math.isfinite(value) and value > 0):
            raise UsageError(f"lr={value!r} must be a finite number > 0")


def _check_beta(name: str, value: float) -> None:
    if not (isinstance(value, (int, float)) and 0.0 <= value < 1.0):
        raise UsageError(f"{name}={value!r} must be in [0, 1)")


def _check_eps(value: float) -> None:
    _check_at_least("eps", value, 0.0)


def _check_at_least(name: str, value: float, low: float) -> None:
    if not (isinstance(value, (int, float)) and math.isfinite(value) and value >= low):
        raise UsageError(f"{name}={value!r} must be a finite number >= {low:g}")


def _ratio(num, den):
    # With eps = 0 (the sheet's Adam) a zero gradient on a fresh state is 0/0: take no step.
    return np.divide(num, den, out=np.zeros(np.broadcast(num, den).shape), where=den != 0)


def _sqrt_float(value: float) -> float:
    # np.sqrt's answer where math.sqrt raises: NaN below zero (a negative state from --init).
    # The hot loops below write it, and _ratio, inline: a call per number costs more than both.
    return math.sqrt(value) if not value < 0.0 else math.nan


# -- state: what a rule carries from one step to the next -----------------------------------------
@dataclass(frozen=True)
class EmptyState:
    """Plain SGD carries nothing from one step to the next."""


@dataclass(frozen=True)
class MomentumState:
    """``mom``: the running average of the gradients (dampened or not)."""

    mom: np.ndarray


@dataclass(frozen=True)
class RMSPropState:
    """``sqr``: the running mean square of the gradients."""

    sqr: np.ndarray


@dataclass(frozen=True)
class AdamState:
    """``mom`` and ``sqr``: the running mean and mean square of the gradients."""

    mom: np.ndarray
    sqr: np.ndarray


# -- the rules ------------------------------------------------------------------------------------
class Optimizer:
    """A step rule; ``State`` is the type of what it carries between steps."""

    name: str = ""
    State: ClassVar[type] = EmptyState

    def __post_init__(self):
        # Hyperparameters are checked by name, so no rule can forget one: every beta* in [0, 1),
        # eps a finite number >= 0.
        for f in fields(self):
            if f.name.startswith("beta"):
                _check_beta(f.name, getattr(self, f.name))
            elif f.name == "eps":
                _check_eps(self.eps)

    @property
    def state_names(self) -> tuple[str, ...]:
        """The fields of ``State``, in order (the trace's state columns)."""
        return tuple(f.name for f in fields(self.State))

    def init_state(self, shape):
        """A fresh state: zeros of ``shape`` in every field."""
        return self.State(*(np.zeros(shape) for _ in self.state_names))

    def step(self, p, g, state, lr, t):  # pragma: no cover - interface
        raise NotImplementedError

    def step_floats(self, p, g, state, lr, t):  # pragma: no cover - interface
        raise NotImplementedError


@dataclass(frozen=True)
class SGD(Optimizer):
    """p ← p − lr·g"""

    name = "sgd"

    def step(self, p, g, state: EmptyState, lr, t):
        return p - lr * g, state

    def step_floats(self, p, g, state, lr, t):
        return [pi - lr * gi for pi, gi in zip(p, g)], state


@dataclass(frozen=True)
class Momentum(Optimizer):
    """Dampened (spreadsheet): m ← β·m + (1−β)·g. Undampened (PyTorch): m ← β·m + g. p ← p − lr·m."""

    beta: float = 0.9
    dampening: bool = True
    name = "momentum"
    State = MomentumState

    def step(self, p, g, state: MomentumState, lr, t):
        scale = (1.0 - self.beta) if self.dampening else 1.0
        m = self.beta * state.mom + scale * g
        return p - lr * m, MomentumState(m)

    def step_floats(self, p, g, state, lr, t):
        beta, scale = self.beta, (1.0 - self.beta) if self.dampening else 1.0
        m = [beta * mi + scale * gi for mi, gi in zip(state[0], g)]
        return [pi - lr * mi for pi, mi in zip(p, m)], (m,)


@dataclass(frozen=True)
class RMSProp(Optimizer):
    """v ← β·v + (1−β)·g²; p ← p − lr·g / (√v + eps), as torch.optim.RMSprop."""

    beta: float = 0.9
    eps: float = 1e-8
    name = "rmsprop"
    State = RMSPropState

    def step(self, p, g, state: RMSPropState, lr, t):
        v = self.beta * state.sqr + (1.0 - self.beta) * g * g
        return p - lr * _ratio(g, np.sqrt(v) + self.eps), RMSPropState(v)

    def step_floats(self, p, g, state, lr, t):
        beta, eps = self.beta, self.eps
        sqrt, nan, vs, new = math.sqrt, math.nan, [], []
        for pi, gi, vi in zip(p, g, state[0]):
            vi = beta * vi + (1.0 - beta) * gi * gi
            vs.append(vi)
            den = (sqrt(vi) if not vi < 0.0 else nan) + eps
            new.append(pi - lr * (gi / den if den else 0.0))
        return new, (vs,)


@dataclass(frozen=True)
class Adam(Optimizer):
    """m ← β·m + (1−β)·g; v ← β2·v + (1−β2)·g²; p ← p − lr·m̂ / (√v̂ + eps).

    With ``bias_correction`` m̂ = m/(1−β^t), v̂ = v/(1−β2^t) (PyTorch); without it m̂ = m, v̂ = v
    (the spreadsheet, which also uses eps = 0).
    """

    beta: float = 0.9
    beta2: float = 0.99
    eps: float = 0.0
    bias_correction: bool = False
    name = "adam"
    State = AdamState

    def step(self, p, g, state: AdamState, lr, t):
        m = self.beta * state.mom + (1.0 - self.beta) * g
        v = self.beta2 * state.sqr + (1.0 - self.beta2) * g * g
        m_hat, v_hat = m, v
        if self.bias_correction:
            m_hat = m / (1.0 - self.beta ** t)
            v_hat = v / (1.0 - self.beta2 ** t)
        return p - lr * _ratio(m_hat, np.sqrt(v_hat) + self.eps), AdamState(m, v)

    def step_floats(self, p, g, state, lr, t):
        beta, beta2, eps = self.beta, self.beta2, self.eps
        bias = self.bias_correction
        m_scale, v_scale = (1.0 - beta ** t, 1.0 - beta2 ** t) if bias else (1.0, 1.0)
        sqrt, nan, ms, vs, new = math.sqrt, math.nan, [], [], []
        for pi, gi, mi, vi in zip(p, g, state[0], state[1]):
            mi = beta * mi + (1.0 - beta) * gi
            vi = beta2 * vi + (1.0 - beta2) * gi * gi
            ms.append(mi)
            vs.append(vi)
            m_hat, v_hat = (mi / m_scale, vi / v_scale) if bias else (mi, vi)
            den = (sqrt(v_hat) if not v_hat < 0.0 else nan) + eps
            new.append(pi - lr * (m_hat / den if den else 0.0))
        return new, (ms, vs)


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "rmsprop": RMSProp, "adam": Adam}

# Defaults differ per optimizer (the spreadsheet's conventions): Adam's eps is 0, RMSProp's 1e-8.
DEFAULTS = {
    "sgd": {},
    "momentum": {"beta": 0.9, "dampening": True},
    "rmsprop": {"beta": 0.9, "eps": 1e-8},
    "adam": {"beta": 0.9, "beta2": 0.99, "eps": 0.0, "bias_correction": False},
}


def build(name: str, **hyper) -> Optimizer:
    """Build an optimizer by name; hyperparameters it does not use are ignored if None."""
    if name not in OPTIMIZERS:
        raise UsageError(f"unknown optimizer {name!r} (choose from {', '.join(OPTIMIZERS)})")
    kwargs = dict(DEFAULTS[name])
    for key, value in hyper.items():
        if value is None:
            continue
        if key not in DEFAULTS[name]:
            raise UsageError(f"optimizer {name!r} takes no {key!r} (takes: "
                             f"{', '.join(DEFAULTS[name]) or 'only lr'})")
        kwargs[key] = value
    return OPTIMIZERS[name](**kwargs)


@dataclass(frozen=True)
class AnnealState:
    """``best``: per lane, the smallest epoch gradient scale seen so far (``None`` until the
    first epoch has ended)."""

    best: np.ndarray | None = None


@dataclass(frozen=True)
class Annealer:
    """The spreadsheet adam_ann macro's rule, applied at each epoch boundary.

    After an epoch, g = Σ √(mean-square gradient) over the parameters (the sheet's √v_b + √v_a).
    When g exceeds ``ratio`` times the smallest g seen before, lr is divided by ``factor``. The
    first epoch only sets the reference. The defaults are the macro's 4 and 2. Like an
    optimizer, it keeps nothing itself: the smallest g so far is an :class:`AnnealState`.

    Examples
    --------
    >>> ann = Annealer()
    >>> lr, s = ann.after_epoch(np.array([1.0]), np.array([[1.0], [4.0]]), ann.init_state())
    >>> lr.tolist(), s.best.tolist()                  # the first epoch sets g = 1 + 2
    ([1.0], [3.0])
    >>> lr, s = ann.after_epoch(lr, np.array([[9.0], [16.0]]), s)
    >>> lr.tolist(), s.best.tolist()                  # 7 > 2·3: lr / 4
    ([0.25], [3.0])
    """

    factor: float = 4.0
    ratio: float = 2.0

    def __post_init__(self):
        _check_at_least("factor", self.factor, 1.0)
        _check_at_least("ratio", self.ratio, 1.0)

    def init_state(self) -> AnnealState:
        return AnnealState()

    def after_epoch(self, lr, sqr, state: AnnealState) -> tuple[np.ndarray, AnnealState]:
        """The lr for the next epoch, from the mean squares ``sqr`` (P, ...) the epoch ended
        with, and the new state."""
        g = np.sqrt(sqr).sum(axis=0)
        if state.best is None:
            return lr, AnnealState(g)
        lr = np.where(g > self.ratio * state.best, lr / self.factor, lr)
        return lr, AnnealState(np.minimum(state.best, g))

    def after_epoch_floats(self, lr: float, sqr, best: float | None) -> tuple[float, float]:
        """:meth:`after_epoch` for one lane: ``sqr`` a list of floats, ``best`` a float or None."""
        g = _sqrt_float(sqr[0])
        for value in sqr[1:]:
            g = g + _sqrt_float(value)  # numpy's sum over axis 0 adds in this order
        if best is None:
            return lr, g
        if g > self.ratio * best:
            lr = lr / self.factor
        return lr, (g if g < best or g != g else best)
