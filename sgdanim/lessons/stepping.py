"""Lesson ``stepping``: the spreadsheet's basic sheet, animated. Weights step along derivatives.

y = a·x + b is fitted by per-sample SGD, one row at a time, exactly as graddesc.xlsm's basic
sheet does. Every number the scene shows is computed here: the first rows in detail (the
sheet's own columns), a finite-difference derivative beside the analytic one, the error per
epoch, and the Hessian's curvatures that make the landscape a long thin valley.

Examples
--------
>>> n = compute(LESSON.defaults())
>>> r = n.rows[0]                       # the sheet's first row from a = b = 1
>>> r.x, r.y, r.pred, r.grad_b, r.grad_a, round(r.new_a, 6), round(r.new_b, 6)
(14.0, 58.0, 15.0, -86.0, -1204.0, 1.1204, 1.0086)
>>> round(n.fd.est_b - n.fd.grad_b, 9)  # forward difference over h = 0.01 is off by exactly h
0.01
>>> [round(v, 3) for v in n.valley.eigenvalues]
[0.593, 5032.58]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..core import analysis, models
from ..core.data import load
from ..core.landscape import Landscape
from ..core.params import Param
from ..core.trajectory import CARRIES, RunConfig, run
from . import Lesson, PartSpec, parts_param

MAX_DETAILED_ROWS = 5  # rows the strip has room for
MAX_EPOCHS = 8         # rows the error log has room for


# Small numeric helpers -------------------------------------------------------------------------

def nice_range(lo: float, hi: float, ticks: int = 4) -> tuple[float, float, float]:
    """An axis range ``(min, max, step)`` covering [lo, hi] with a round step, ~``ticks`` ticks.

    >>> nice_range(1.0, 2.94)
    (1.0, 3.0, 0.5)
    >>> nice_range(1.0, 30.0)
    (0.0, 30.0, 10.0)
    """
    lo, hi = float(lo), float(hi)
    if not hi > lo:
        lo, hi = lo - 1.0, hi + 1.0
    raw = (hi - lo) / ticks
    mag = 10.0 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return (math.floor(lo / step) * step, math.ceil(hi / step) * step, step)


def short(value: float, digits: int = 6) -> str:
    """A number as the strip shows it: ``digits`` significant figures, no trailing zeros,
    a real minus sign for MathTex.

    >>> short(-17997.564), short(1.1204), short(0.0001), short(1849.0)
    ('-17997.6', '1.1204', '0.0001', '1849')
    """
    if not math.isfinite(value):
        return "\\infty" if value > 0 else ("-\\infty" if value < 0 else "\\text{nan}")
    if value == 0:
        return "0"
    decimals = max(digits - 1 - int(math.floor(math.log10(abs(value)))), 0)
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# The numbers ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One row of the sheet: what it used and what it made (the sheet's columns)."""

    step: int
    x: float
    y: float
    a: float
    b: float
    pred: float
    err: float        # pred − y
    loss: float       # err²
    grad_b: float     # 2(ax + b − y)
    grad_a: float     # x·2(ax + b − y)
    new_a: float
    new_b: float


@dataclass(frozen=True)
class FiniteDifference:
    """The derivative twice, for one row: nudge each weight by h and divide, beside the formula."""

    step: int
    x: float
    y: float
    a: float
    b: float
    h: float
    loss: float
    loss_nudged_b: float   # e(a, b + h)
    loss_nudged_a: float   # e(a + h, b)
    est_b: float           # (e(b + h) − e(b)) / h, the sheet's "est de/db"
    est_a: float
    grad_b: float
    grad_a: float
    b_grid: np.ndarray     # the error-vs-b curve of this row, a held fixed
    e_grid: np.ndarray

    @property
    def gap_b(self) -> float:
        """Estimate minus formula for b: h·e''/2 = h, since e''(b) = 2."""
        return self.est_b - self.grad_b

    @property
    def gap_a(self) -> float:
        """Estimate minus formula for a: h·e''/2 = x²·h."""
        return self.est_a - self.grad_a


@dataclass(frozen=True)
class Valley:
    """The mean loss's curvatures (Hessian eigenvalues) and what they mean at this lr."""

    hessian: np.ndarray
    eigenvalues: tuple[float, float]          # ascending: along the valley, across it
    eigenvectors: np.ndarray                  # columns, (a, b) order
    condition: float                          # λmax / λmin
    lr_lam: tuple[float, float]               # lr·λ for each direction
    b_start: float                            # b before the first row
    b_end: float                              # b after the last step
    b_optimum: float


@dataclass(frozen=True)
class SteppingNumbers:
    """Everything the ``stepping`` scene draws, computed once from the params.

    ``path[k]`` holds the weights row k+1 used (``path[-1]`` what the last step made), so the
    weight point stands on ``path[k]`` after k steps; ``rows`` are the first rows in the
    sheet's columns, ``fd`` the derivative both ways for the row after them.
    """

    data_name: str
    x: np.ndarray
    y: np.ndarray
    lr: float
    init: tuple[float, float]
    epochs: int
    carry: str
    rows_per_epoch: int
    path: np.ndarray                 # (steps + 1, 2): (a, b) used on each row, then the last made
    loss: np.ndarray                 # (steps,) err² of each row
    epoch_rmse: np.ndarray           # √(mean err²) per complete epoch
    epoch_sheet_error: np.ndarray    # √(Σ err²) per complete epoch: the sheet's "rmse" cell
    diverged_at: int | None
    rows: tuple[Row, ...]            # the rows shown in detail
    fd: FiniteDifference | None      # None when the run ends before that row
    valley: Valley
    landscape: Landscape
    levels: np.ndarray               # contour levels of the mean loss
    a_range: tuple[float, float, float]
    b_range: tuple[float, float, float]
    x_range: tuple[float, float, float]
    y_range: tuple[float, float, float]

    @property
    def steps(self) -> int:
        return int(self.loss.shape[0])

    def shown(self) -> dict:
        return {
            "data": self.data_name, "lr": self.lr, "init": {"a": self.init[0], "b": self.init[1]},
            "epochs": self.epochs, "carry": self.carry, "steps": self.steps,
            "diverged_at": self.diverged_at,
            "rows": [vars(r) for r in self.rows],
            "fd": None if self.fd is None else {
                k: getattr(self.fd, k) for k in ("step", "h", "loss", "loss_nudged_b",
                                                 "loss_nudged_a", "est_b", "est_a", "grad_b",
                                                 "grad_a", "gap_b", "gap_a")},
            "epoch_rmse": self.epoch_rmse.tolist(),
            "epoch_sqrt_sum_err2": self.epoch_sheet_error.tolist(),
            "final": {"a": float(self.path[-1, 0]), "b": float(self.path[-1, 1])},
            "optimum": list(self.landscape.optimum),
            "hessian_eigenvalues": list(self.valley.eigenvalues),
            "condition_number": self.valley.condition,
        }


def _rows(t, count: int) -> tuple[Row, ...]:
    out = []
    for k in range(min(count, len(t))):
        (a, b), (ga, gb), (na, nb) = t.params[k], t.grads[k], t.new_params[k]
        out.append(Row(int(t.step[k]), float(t.x[k]), float(t.y[k]), float(a), float(b),
                       float(t.pred[k]), float(t.pred[k] - t.y[k]), float(t.loss[k]),
                       float(gb), float(ga), float(na), float(nb)))
    return tuple(out)


def finite_difference(t, k: int, h: float, samples: int = 121) -> FiniteDifference:
    """Row ``k``'s derivatives both ways, at the weights that row used (as the sheet's columns)."""
    model = models.get("linear")
    p = np.array(t.params[k], dtype=np.float64)
    x, y = float(t.x[k]), float(t.y[k])
    est_a, est_b = model.grad_fd(p, x, y, h)
    grad_a, grad_b = model.grad(p, x, y)
    loss = float(model.loss(p, x, y))
    nudge_a, nudge_b = p + [h, 0.0], p + [0.0, h]
    # The curve e(b) with a held fixed: a parabola whose bottom is where the row's error is zero.
    b0, b_zero = float(p[1]), y - float(p[0]) * x
    half = max(abs(b0 - b_zero) * 1.6, 1.0)
    centre = (b0 + b_zero) / 2
    b_grid = np.linspace(centre - half, centre + half, samples)
    e_grid = model.loss(np.stack([np.full_like(b_grid, p[0]), b_grid]), x, y)
    return FiniteDifference(int(t.step[k]), x, y, float(p[0]), b0, float(h), loss,
                            float(model.loss(nudge_b, x, y)), float(model.loss(nudge_a, x, y)),
                            float(est_b), float(est_a), float(grad_b), float(grad_a),
                            b_grid, np.asarray(e_grid, dtype=np.float64))


def _panel_ranges(path: np.ndarray, optimum) -> tuple[tuple, tuple]:
    """Axis ranges for the landscape: the optimum, the start, and the path while it stays within
    a sane distance (a runaway run leaves the panel; its divergence is reported, not zoomed to)."""
    a_opt, b_opt = optimum
    a0, b0 = path[0]
    a_span = max(abs(a0 - a_opt), 1.0) * 3
    b_span = max(abs(b0 - b_opt), 1.0) * 2
    keep = (np.abs(path[:, 0] - a_opt) <= a_span) & (np.abs(path[:, 1] - b_opt) <= b_span)
    pts = np.vstack([path[keep], [optimum]])
    a_lo, a_hi = pts[:, 0].min(), pts[:, 0].max()
    b_lo, b_hi = pts[:, 1].min(), pts[:, 1].max()
    a_pad, b_pad = 0.15 * (a_hi - a_lo) + 0.05, 0.12 * (b_hi - b_lo) + 0.5
    return nice_range(a_lo - a_pad, a_hi + a_pad), nice_range(b_lo - b_pad, b_hi + b_pad)


def compute(params) -> SteppingNumbers:
    """Run per-sample SGD as the sheet does and gather the numbers the lesson shows.

    Parameters
    ----------
    params
        The lesson's validated params (``LESSON.resolve(...)`` or ``LESSON.defaults()``).

    Returns
    -------
    SteppingNumbers
        The path, the detailed rows, the finite difference, the epoch log, the valley's
        curvatures and the panels' ranges. A runaway lr is recorded (``diverged_at``), not
        raised.

    Examples
    --------
    >>> n = compute(LESSON.resolve(sets=["epochs=2", "detailed_rows=2"]))
    >>> n.steps, len(n.rows), n.fd.step, [round(float(e), 3) for e in n.epoch_rmse]
    (58, 2, 3, [27.995, 19.621])
    """
    data = load(params.data)
    init = (float(params.init_a), float(params.init_b))
    t = run(RunConfig(lr=params.lr, init={"a": init[0], "b": init[1]}, data=data,
                      epochs=params.epochs, carry=params.carry))
    n = len(data)
    path = t.path() if len(t) else np.array([init])
    complete = len(t) // n
    loss = np.asarray(t.loss)
    sq = loss[: complete * n].reshape(complete, n) if complete else np.empty((0, n))

    rows = _rows(t, params.detailed_rows)
    k_fd = params.detailed_rows
    fd = finite_difference(t, k_fd, params.fd_step) if k_fd < len(t) else None

    land = Landscape.of(data)
    lam, vec = land.eigenvalues, land.eigenvectors
    valley = Valley(analysis.hessian(data), (float(lam[0]), float(lam[1])), vec,
                    float(lam[1] / lam[0]), (params.lr * float(lam[0]), params.lr * float(lam[1])),
                    float(path[0, 1]), float(path[-1, 1]), float(land.optimum[1]))

    a_range, b_range = _panel_ranges(path, land.optimum)
    start_loss = float(land.loss(*path[0]))
    levels = land.levels(max(start_loss, 10.0) * 1.2, count=9)
    x_range = nice_range(min(0.0, float(data.x.min())), float(data.x.max()), 5)
    y_range = nice_range(min(0.0, float(data.y.min())), float(data.y.max()), 5)
    return SteppingNumbers(
        data.name, np.array(data.x), np.array(data.y), float(params.lr), init, params.epochs,
        params.carry, n, np.asarray(path), loss, np.sqrt(sq.mean(axis=1)),
        np.sqrt(sq.sum(axis=1)), t.diverged_at, rows, fd, valley, land, levels,
        a_range, b_range, x_range, y_range)


PART_SPECS = (
    PartSpec("panels", "The sheet, and where its weights stand", ()),
    PartSpec("rows", "The first rows, column by column", ()),
    PartSpec("derivative", "What a derivative is, twice", ()),
    PartSpec("epochs", "Epoch after epoch", ()),
    PartSpec("valley", "The long thin valley", ()),
)


LESSON = Lesson(
    id="stepping",
    title="Stepping: weights walk along their derivatives",
    summary="The spreadsheet's basic sheet, animated: one row, two derivatives, one small step.",
    scene="scenes.stepping.scene:Stepping",
    params=(
        parts_param(PART_SPECS),
        Param("lr", "float", 1e-4, "learning rate of per-sample SGD", low=0, low_open=True,
              high=1.0),
        Param("init_a", "float", 1.0, "starting slope a", low=-1e3, high=1e3),
        Param("init_b", "float", 1.0, "starting intercept b", low=-1e3, high=1e3),
        Param("epochs", "int", 5, "epochs over the data (the first one row by row)",
              low=1, high=MAX_EPOCHS),
        Param("detailed_rows", "int", 3, "rows worked through slowly, as the sheet's columns",
              low=1, high=MAX_DETAILED_ROWS),
        Param("fd_step", "float", 0.01, "the nudge h of the finite-difference derivative",
              low=0, low_open=True, high=10.0),
        Param("carry", "str", "updated", "what each epoch starts from: 'updated' (true SGD) or "
              "'sheet' (the weights used on the last row, as the sheet's macro copies them)",
              choices=CARRIES),
        Param("derivative", "bool", True, "show the part on what a derivative is"),
        Param("valley", "bool", True, "show the part on the long thin valley"),
        Param("data", "str", "spreadsheet",
              "spreadsheet, synthetic[:seed=0,n=29,slope=2,intercept=30,noise=0] or a path to "
              "an x,y CSV"),
    ),
    compute=compute,
    parts=PART_SPECS,
    order=10,
)
