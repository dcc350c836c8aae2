"""Part 3 of ``relu-sandwich``: three models trained side by side on the same rows, where the
linear pair runs away and the ReLU pair's unit dies."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...core import models
from ...core.runaway import climb_start, growth
from ...core.trajectory import RunConfig, Trajectory, run


def dead_row(t: Trajectory, names=("a", "b", "c")) -> int | None:
    """The first row (1-based step) from which the derivatives of ``names`` stay exactly zero to
    the end of the run; None if the last row still has one that is not zero.

    >>> t = run(RunConfig(model="relu2", lr=1e-4, grad="numeric"))
    >>> dead_row(t), bool(t.grads[dead_row(t) - 2, :3].any())
    (26, True)
    """
    g = np.stack([t.grad(n) for n in names], axis=1)
    live = np.flatnonzero((g != 0).any(axis=1) | ~np.isfinite(g).all(axis=1))
    if len(live) == 0:
        return 1
    last = int(live[-1]) + 1
    return last + 1 if last < len(t) else None


def rows_shown(k: float, rows: int) -> int:
    """The whole rows a row counter standing at ``k`` has shown, at most ``rows``.

    >>> rows_shown(2.7, 58), rows_shown(-1.0, 58), rows_shown(99.0, 58)
    (2, 0, 58)
    """
    return int(np.clip(np.floor(k), 0, rows))


def rows_line(x, y, tol: float = 1e-6) -> tuple[float, float] | None:
    """The line every row lies on, (slope, intercept) by least squares, or None if a row is off
    it by more than ``tol`` of the rows' y span: on a line, a ReLU's bend buys nothing.

    >>> rows_line(np.array([0.0, 1.0, 2.0]), np.array([30.0, 32.0, 34.0]))
    (2.0, 30.0)
    >>> rows_line(np.array([0.0, 1.0, 2.0]), np.array([30.0, 33.0, 34.0])) is None
    True
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    (slope, icept), *_ = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)
    off = np.max(np.abs(slope * x + icept - y))
    return (round(float(slope), 9), round(float(icept), 9)) \
        if off <= tol * max(float(np.ptp(y)), 1.0) else None


@dataclass(frozen=True)
class ModelRun:
    """One model in Part 3's race. Rows are 1-based steps; ``err2[k]`` = (ŷ − y)² on row k+1."""

    model: str
    names: tuple[str, ...]
    params: np.ndarray        # (T, P) weights used on each row
    err2: np.ndarray          # (T,)
    growth: np.ndarray | None  # (T,) a² + c² of a two-neuron model: its step's multiplier
    diverged_at: int | None   # the row that ran away (not in the arrays)
    dead_row: int | None      # relu2 only: first row from which a, b, c get no derivative
    dead_everywhere: bool     # relu2: at dead_row, a·x + b <= 0 for every x of the data
    kill_step: tuple[float, ...] | None  # relu2: a, b before and after the killing step
    kill_row: int | None      # the row of that step (dead_row − 1)

    def weights_at(self, k: float) -> np.ndarray:
        """The weights shown when the row counter stands at ``k``: the last row shown (the first
        before any), and the last row of the run once it ended."""
        return self.params[max(rows_shown(k, len(self.err2)), 1) - 1]


def race_row_step(rows: int) -> int:
    """Part 3's rows between numbered ticks: 10, or 20 past 60 rows; a short race (2 rows of
    data: 4 rows in 2 epochs) gets 1 or 2, so its axis numbers a row at all (with a step of
    10 it numbered none, and its panels, which set "row" on the numbers' line, failed).

    >>> [race_row_step(r) for r in (4, 8, 58, 120)]
    [1, 2, 10, 20]
    """
    if rows < 10:
        return 1 if rows <= 5 else 2
    return 10 if rows <= 60 else 20


def race(model: str, lr: float, init: dict, data, epochs: int,
         grad: str = "numeric") -> ModelRun:
    """Train ``model`` from ``init`` (the weights it uses) for Part 3 with ``grad`` derivatives
    (finite differences by default, as overshoot's thread), and for relu2 find where its unit
    dies.

    >>> from sgdanim.core.data import spreadsheet
    >>> r = race("relu2", 1e-4, dict(a=1.0, b=1.0, c=1.0, d=1.0), spreadsheet(), 2)
    >>> r.dead_row, r.kill_row, r.dead_everywhere, [round(v, 2) for v in r.kill_step]
    (26, 25, True, [2.02, 1.04, -5.64, 0.96])
    >>> race("relu2", 1e-4, dict(a=1.0, b=1.0, c=1.0, d=1.0), spreadsheet(), 2,
    ...      "analytic").dead_row
    27
    """
    names = models.get(model).params
    t = run(RunConfig(model=model, grad=grad, lr=lr, init={k: init[k] for k in names},
                      data=data, epochs=epochs))
    dead, everywhere, kill = None, False, None
    if model == "relu2":
        dead = dead_row(t)
        if dead is not None:
            a, b = t.params[dead - 1, 0], t.params[dead - 1, 1]
            everywhere = bool(np.all(a * data.x + b <= 0))
            if dead >= 2:
                kill = (*t.params[dead - 2, :2], *t.new_params[dead - 2, :2])
    params = np.array(t.params)
    return ModelRun(model, names, params, np.array(t.loss),
                    growth(params, names) if "c" in names else None, t.diverged_at,
                    dead, everywhere, None if kill is None else tuple(float(v) for v in kill),
                    None if kill is None else dead - 1)


@dataclass(frozen=True)
class Race:
    """Part 3's shared axes and what the row counter stops at."""

    rows: int                     # rows on the x axis: the data's rows times epochs
    row_step: int                 # x tick step
    decades: tuple[int, int]      # the log10 error axis, lowest and highest decade
    decade_step: int
    curves: dict                  # model -> (T, 2): row 1.., err² (floored at 10^decades[0])
    stops: tuple                  # (row, "diverged" | "dead" | "end", model or None), in order
    twins_until: int | None       # the last row the ReLU pair's weights equal the linear pair's
    climb: tuple[int, float] | None = None  # the linear pair's last climb: (row, a² + c²)


def race_axes(runs: dict, rows: int) -> Race:
    """Axes every panel of Part 3 shares (decades that hold every finite err², from 10⁻³ up),
    each run's curve on them, and the rows the counter stops at: the row before a run leaves
    the rails, the row a unit dies, the end."""
    finite = np.concatenate([r.err2[np.isfinite(r.err2) & (r.err2 > 0)]
                             for r in runs.values()])
    decades = (max(int(np.floor(np.log10(finite.min()))), -3),
               int(np.ceil(np.log10(finite.max()))))
    # A perfect row sits on the floor: the log axis draws errors, not their logs.
    curves = {m: np.column_stack([np.arange(1, len(r.err2) + 1),
                                  np.fmax(r.err2, 10.0 ** decades[0])])
              for m, r in runs.items()}
    events = [(r.diverged_at - 1, "diverged", m) for m, r in runs.items()
              if r.diverged_at is not None]
    events += [(r.dead_row, "dead", m) for m, r in runs.items() if r.dead_row is not None]
    return Race(rows, race_row_step(rows), decades, decade_step(decades), curves,
                (*sorted(events), (rows, "end", None)), twins(runs),
                climb(runs["linear2"].err2, runs["linear2"].growth) if "linear2" in runs
                else None)


def decade_step(decades, most: int = 3) -> int:
    """Decades between err² labels: the smallest of 1, 2, 3, 6, 10, 20 that labels at most
    ``most`` + 1 decades (labels stand on multiples of it from 10⁰), so three panels' axes stay
    readable at 480p: 10⁰, 10⁶, 10¹² rather than eight labels 8 px high.

    >>> decade_step((-2, 12)), decade_step((-3, 0)), decade_step((-3, 3))
    (6, 1, 2)
    """
    span = decades[1] - decades[0]
    return next((k for k in (1, 2, 3, 6, 10, 20) if span // k <= most), 50)


def climb(err2, grow) -> tuple[int, float] | None:
    """The first row (1-based) of the climb that ends a run, as overshoot's thread marks it
    (:func:`sgdanim.core.runaway.climb_start`: from it on, every row's err² is bigger than the
    row's before), and a² + c² there; None with fewer than two rows or no a² + c².

    >>> from sgdanim.core.data import spreadsheet
    >>> r = race("linear2", 1e-4, dict(a=1.0, b=1.0, c=1.0, d=1.0), spreadsheet(), 1)
    >>> row, value = climb(r.err2, r.growth)
    >>> row, round(value, 2), round(float(r.growth[25]), 1)    # then 62.4 on row 26
    (24, 3.57, 62.4)
    >>> climb([5.0], [2.0]), climb([5.0, 3.0], None)
    (None, None)
    """
    if grow is None or len(err2) < 2:
        return None
    row = climb_start(err2)
    return row, float(np.asarray(grow)[row - 1])


def twins(runs: dict) -> int | None:
    """The last row on which relu2 has exactly the linear pair's weights and err² (None unless
    both ran): while its unit is on, a ReLU passes a·x + b through unchanged.

    >>> from sgdanim.core.data import spreadsheet
    >>> w = dict(a=1.0, b=1.0, c=1.0, d=1.0)
    >>> twins({m: race(m, 1e-4, w, spreadsheet(), 1) for m in ("linear2", "relu2")})
    25
    """
    if not {"linear2", "relu2"} <= set(runs):
        return None
    one, two = runs["linear2"].params, runs["relu2"].params
    n = min(len(one), len(two))
    differ = np.flatnonzero(np.any(one[:n] != two[:n], axis=1)
                            | (runs["linear2"].err2[:n] != runs["relu2"].err2[:n]))
    return int(differ[0]) if len(differ) else n
