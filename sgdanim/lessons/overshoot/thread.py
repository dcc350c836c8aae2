"""Parts ``question`` and ``thread`` of ``overshoot``: the forum thread's run of two stacked
neurons, beside one neuron at the same lr, and why the pair runs away."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from ...core import analysis, models
from ...core.data import Dataset
from ...core.runaway import StepLimits, climb_start, first_above, growth, step_limits
from ...core.errors import UsageError
from ...core.trajectory import RunConfig, run
from .scales import LogScale, log_scale


@dataclass(frozen=True)
class ThreadRun:
    """The thread's run: err², weights and derivatives per row until it ran away; beside it,
    one neuron at the same lr from the same a and b; the pair's effective lr against one
    neuron's two limits; and the log axes that show them."""

    model: str
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
    past_cap: bool                 # that error passed max_loss (rather than overflowing)
    kept: int                      # the rows before the one that ran away
    cap_decade: int                # log10 of max_loss
    error_scale: LogScale          # err² of the pair and of one neuron
    weight_scale: LogScale
    one_neuron: np.ndarray         # (rows,) err² of y = a·x + b, same lr, derivatives and data
    one_diverged_at: int | None
    stacked: bool                  # the model has a and c: its slope is a·c
    growth: np.ndarray             # (rows kept,) a² + c² (1 for one neuron): the step's multiplier
    effective: np.ndarray          # (rows kept,) lr·growth: the lr one neuron would need
    limits: StepLimits             # one neuron's per-row and mean-loss limits on the data
    share: float                   # lr / the per-row limit (0.98 for the sheet's 1e-4)
    over_row_at: int | None        # the first row whose effective lr passes the per-row limit
    over_mean_at: int | None       # ... the mean-loss limit
    climb_from: int                # the first row of the climb that ends the run (rows + 1: none)
    climb_growth: tuple[float, float]  # a² + c² on climb_from and on the last row kept
    effective_scale: LogScale
    row_limits: np.ndarray = None  # (rows,) each row's own limit, 1/(x² + 1) of its own err²
    over_own: tuple[int, ...] = ()  # the rows kept whose effective lr passes that row's limit

    @property
    def ran_away(self) -> tuple[bool, bool]:
        """Whether one neuron ran away, and whether the thread's model did: what the question
        asks and its chapter's title say (the same run twice for a one-neuron model)."""
        return self.one_diverged_at is not None, self.diverged_at is not None

    @property
    def a_and_c(self) -> np.ndarray:
        """(rows kept, 2): a and c on each row kept, the two weights whose squares add up to
        ``growth`` (empty columns for a model without them): each overshoot grows them."""
        if not self.stacked:
            return np.zeros((len(self.loss), 0))
        return self.params[:, [self.names.index("a"), self.names.index("c")]]

    @property
    def start_a_and_c(self) -> tuple[float, float, float] | None:
        """a, c and a² + c² as the run set out, before row 1: what a readout shows for a run
        that ran away on row 1 and kept none; None without a and c."""
        if not self.stacked:
            return None
        a, c = (float(self.init[self.names.index(k)]) for k in ("a", "c"))
        return a, c, a * a + c * c

    @property
    def climbs(self) -> bool:
        """Whether a climb ends the run among the rows kept (one that does not run away has
        none: its ``climb_from`` is past its last row)."""
        return self.climb_from <= self.kept

    @property
    def calm_over(self) -> tuple[int, int]:
        """Before the climb: how many rows passed their own limit, and the most in a row."""
        calm = [r for r in self.over_own if r < self.climb_from]
        return len(calm), longest_run(calm)

    @property
    def climb_over(self) -> int:
        """How many rows in a row, from the climb's first, passed their own limit."""
        run_, r = 0, self.climb_from
        while r in self.over_own:
            run_, r = run_ + 1, r + 1
        return run_


def longest_run(rows) -> int:
    """The most consecutive numbers in the sorted ``rows``.

    >>> longest_run([2, 3, 7, 8, 9, 12]), longest_run([]), longest_run([5])
    (3, 0, 1)
    """
    best = run_ = 0
    for i, r in enumerate(rows):
        run_ = run_ + 1 if i and r == rows[i - 1] + 1 else 1
        best = max(best, run_)
    return best


def _init(params, names) -> dict:
    init = params.init * len(names) if len(params.init) == 1 else params.init
    if len(init) != len(names):
        raise UsageError(f"overshoot: init={','.join(f'{v:g}' for v in params.init)} must give 1 "
                         f"or {len(names)} weights for {params.model} ({', '.join(names)})")
    return dict(zip(names, (float(v) for v in init)))


def _one_neuron(params, init: dict, data: Dataset):
    """y = a·x + b from the pair's a and b, at the thread's lr and derivatives: its err² per
    row (until it ran away, if it did) and where it ran away."""
    t = run(RunConfig(model="linear", grad=params.grad, lr=params.lr_thread, data=data,
                      init={k: init.get(k, 1.0) for k in ("a", "b")}, epochs=1))
    return np.array(t.loss), t.diverged_at


def _thread(params, data: Dataset) -> ThreadRun:
    names = models.get(params.model).params
    init = _init(params, names)
    config = RunConfig(model=params.model, grad=params.grad, lr=params.lr_thread,
                       init=init, data=data, epochs=1)
    t = run(config)
    runaway_loss = None
    if t.diverged_at is not None:
        # The capped run keeps no number for the row that ran away; an uncapped one does.
        uncapped = run(replace(config, max_loss=math.inf))
        if len(uncapped) >= t.diverged_at and math.isfinite(uncapped.loss[t.diverged_at - 1]):
            runaway_loss = float(uncapped.loss[t.diverged_at - 1])
    cap = round(math.log10(config.max_loss))
    loss, weights, grads = np.array(t.loss), np.array(t.params), np.array(t.grads)
    one, one_diverged = _one_neuron(params, init, data)
    stacked = {"a", "c"} <= set(names)
    grow = growth(weights, names) if stacked else np.ones(len(loss))
    effective, limits = params.lr_thread * grow, step_limits(data)
    # a run that does not run away has no climb that ends it: past its last row
    climb_from = (climb_start(loss) if len(loss) else 1) if t.diverged_at is not None \
        else len(loss) + 1
    own = analysis.row_critical_lr(data.x)       # one neuron's limit on each row alone
    return ThreadRun(params.model, params.lr_thread, params.grad, t.param_names,
                     tuple(init.values()), len(data), loss, weights, grads, t.diverged_at,
                     config.max_loss, runaway_loss,
                     runaway_loss is not None and runaway_loss > config.max_loss, len(loss), cap,
                     log_scale([loss, one], floor=-2, top=cap), log_scale(weights.T, floor=-1),
                     one, one_diverged, stacked, grow, effective, limits,
                     params.lr_thread / limits.per_row, first_above(effective, limits.per_row),
                     first_above(effective, limits.mean_loss),
                     climb_from, (float(grow[min(climb_from, len(grow)) - 1]),
                                  float(grow[-1])) if len(grow) else (1.0, 1.0),
                     # the grey steps of each row's own limit too: a run that stops early, or a
                     # small lr, left them drawn past the plot's top, over the legend
                     log_scale([effective, [limits.per_row, limits.mean_loss], own], floor=-8),
                     own, tuple(k + 1 for k in range(len(loss)) if effective[k] > own[k]))
