"""Parts 2 and 4 of ``momentum``: real runs on the spreadsheet's rows.

Part 2 follows ∂err²/∂d of the 2-neuron model row by row in three runs from the same start:
the linear pair (no ReLU), the ReLU model under plain SGD, and the ReLU model under momentum
(with its momentum m). Part 4 puts the momentum sheet beside plain SGD on y = a·x + b: at the
same lr they take about the same average step along the flat valley (b), momentum's zig-zag
across it (a) is smaller, and at a larger lr momentum runs away where SGD does not.

Examples
--------
>>> from types import SimpleNamespace as NS
>>> from sgdanim.core.data import spreadsheet
>>> w = wiggle_numbers(NS(lr=1e-4, beta=0.9, wiggle_rows=58), spreadsheet())
>>> w["dies_sgd"], w["dies_mom"], w["rows_lin"].grad.shape[0], w["lin_runaway"]
(26, 28, 27, 28)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ...core.landscape import Landscape
from ...core.ticks import nice_range, nice_step
from ...core.trajectory import RunConfig, Trajectory, run

WIGGLE_WEIGHT = "d"      # the weight whose derivative Part 2 follows, as in the thread


@dataclass(frozen=True)
class WiggleRows:
    """One of Part 2's runs, row by row, for the weight :data:`WIGGLE_WEIGHT`."""

    row: np.ndarray          # (T,) row numbers 1..T
    grad: np.ndarray         # (T,) its derivative ∂err²/∂d on each row
    weight: np.ndarray       # (T+1,) its value before row 1, then after each row
    weight_row: np.ndarray   # (T+1,) 0..T: the row after which ``weight`` holds
    mom: np.ndarray | None   # (T,) its momentum after each row; None for plain SGD


def wiggle_rows(traj: Trajectory, rows: int) -> WiggleRows:
    """The first ``rows`` rows of a Part 2 run (fewer if it diverged), for WIGGLE_WEIGHT."""
    i, end = traj.param_names.index(WIGGLE_WEIGHT), min(rows, len(traj))
    weight = traj.path()[: end + 1, i]
    return WiggleRows(row=np.asarray(traj.step[:end], dtype=np.float64), grad=traj.grads[:end, i],
                      weight=weight, weight_row=np.arange(len(weight)),
                      mom=traj.state["mom"][:end, i] if "mom" in traj.state else None)


def relu_dies(traj: Trajectory, rows: int) -> int | None:
    """The first row (1-based) from which the ReLU's input a·x + b is ≤ 0 on every row up to
    ``rows``: from there the ReLU outputs 0, ŷ = d, and a, b, c get no gradient again."""
    end = min(rows, len(traj))
    a, b = (traj.param(k)[:end] for k in "ab")
    dead = a * traj.x[:end] + b <= 0
    if not end or not dead[-1]:
        return None
    alive = np.flatnonzero(~dead)
    return int(alive[-1]) + 2 if alive.size else 1


def finite_span(values) -> tuple[float, float]:
    """The least and largest finite value ((-1, 1) when there is none)."""
    finite = np.asarray(values, dtype=np.float64)
    finite = finite[np.isfinite(finite)]
    return (float(finite.min()), float(finite.max())) if finite.size else (-1.0, 1.0)


def wiggle_numbers(p, data) -> dict:
    """Part 2: the 2-neuron model, every weight from 1 as in the sheet, three runs."""
    base = RunConfig(model="relu2", optimizer="momentum", lr=p.lr, beta=p.beta, dampening=True,
                     grad=getattr(p, "grad", "numeric"), data=data,
                     epochs=-(-p.wiggle_rows // len(data)))
    t_mom = run(base)
    t_sgd = run(replace(base, optimizer="sgd", beta=None, dampening=None))
    t_lin = run(replace(base, model="linear2", optimizer="sgd", beta=None, dampening=None))
    wm, ws, wl = (wiggle_rows(t, p.wiggle_rows) for t in (t_mom, t_sgd, t_lin))
    rows = p.wiggle_rows        # the chart's rows: a run that overflows stops short on it
    # two g panels share it, each short: three ticks
    g_range = nice_range(*finite_span(np.concatenate([wm.grad, wm.mom, ws.grad])), 3)
    inside = (wl.grad >= g_range[0]) & (wl.grad <= g_range[1])
    lin_drawn = int(np.argmin(inside)) if not inside.all() else len(wl.grad)
    grad_std, mom_std = (float(np.std(v)) if len(v) else 0.0 for v in (wm.grad, wm.mom))
    # a spread says how calm m is only over a whole run: one cut short by an overflow may
    # have a row or none (its std 0, and 0/0 no number)
    whole = len(wm.grad) == p.wiggle_rows and grad_std > 0
    k = min(len(wl.grad), len(ws.grad))
    same = np.isclose(wl.grad[:k], ws.grad[:k], rtol=1e-9, atol=1e-12)
    return dict(
        wiggle_mom=t_mom, wiggle_sgd=t_sgd, wiggle_lin=t_lin, rows_mom=wm, rows_sgd=ws,
        rows_lin=wl, lin_drawn=lin_drawn, same_rows=int(np.argmin(same)) if not same.all() else k,
        lin_exit=float(wl.grad[lin_drawn]) if lin_drawn < len(wl.grad) else None,
        lin_runaway=t_lin.diverged_at,
        dies_sgd=relu_dies(t_sgd, p.wiggle_rows), dies_mom=relu_dies(t_mom, p.wiggle_rows),
        wiggle_x_range=(0, rows, nice_range(0, rows, 6)[2]), wiggle_g_range=g_range,
        # two ticks' worth (1, 1.5, 2 at the defaults): wide enough that the two runs' d read
        # apart, their ticks still apart at 480p on the part's lowest panel
        wiggle_d_range=nice_range(*finite_span(np.concatenate([wm.weight, ws.weight])), 2),
        relu_runaway_sgd=_within(t_sgd.diverged_at, p.wiggle_rows),
        relu_runaway_mom=_within(t_mom.diverged_at, p.wiggle_rows),
        grad_std=grad_std, mom_std=mom_std, spread_ratio=mom_std / grad_std if whole else None)


def _within(step: int | None, rows: int) -> int | None:
    """``step`` (a run's overflow, 1-based) if it falls within the first ``rows`` rows."""
    return step if step is not None and step <= rows else None


@dataclass(frozen=True)
class BigRun:
    """Part 4's second look: both optimizers at a larger lr, RMSE per whole epoch."""

    lr: float
    epochs: int
    rmse_sgd: np.ndarray
    rmse_mom: np.ndarray
    diverged_sgd: int | None        # 1-based step that ran away
    diverged_mom: int | None
    growth_mom: float               # momentum's median RMSE ratio, epoch over epoch
    decades: tuple[int, int]        # log10 bounds of the RMSE axis
    epoch_step: int
    why: SwingRows | None = None    # why momentum runs away: a per row, its first epochs


@dataclass(frozen=True)
class SwingRows:
    """Why momentum runs away at the larger lr where SGD does not, row by row over its first
    ``epochs`` epochs. SGD's step is −lr·g: it always points down its row's gradient, so it
    turns back the row the error changes sign. Momentum's step is −lr·m, and m, an average of
    about 1/(1−β) rows, still points the old way: on ``against_mom`` rows it steps *up* its
    row's gradient, and each swing of a past its best value overshoots further."""

    rows: np.ndarray                # 0..R: the point before row 1, then after each row
    a_sgd: np.ndarray               # (R+1,) a per row
    a_mom: np.ndarray
    against_rows: np.ndarray        # the rows (1-based) whose momentum step went against g
    against_sgd: int                # how many of SGD's steps did (0: −lr·g never does)
    swing_sgd: tuple[float, ...]    # per epoch: the largest |a − a*| (a*: the best slope)
    swing_mom: tuple[float, ...]
    # momentum's longest run of steps in one direction: from the point before its first step to
    # the point after its last (x on the rows axis), so its length is the number of rows
    push_rows: tuple[int, int]
    epochs: int
    a_range: tuple[float, float, float]
    x_range: tuple[int, int, float]

    @property
    def against_mom(self) -> int:
        return len(self.against_rows)

    @property
    def longest_push(self) -> int:
        return self.push_rows[1] - self.push_rows[0]


def _whole_epochs(t: Trajectory) -> np.ndarray:
    full = len(t) // len(t.config.data)
    return t.epoch_rmse()[:full]


def _against(t: Trajectory, rows: int) -> np.ndarray:
    """The rows (1-based) among the first ``rows`` whose step in a went up that row's gradient
    of a (the same sign as it): what −lr·g never does and −lr·m can."""
    step = np.diff(t.path()[: rows + 1, t.param_names.index("a")])
    grad = t.grad("a")[: len(step)]
    return np.flatnonzero(step * grad > 0) + 1


def _longest_run(steps: np.ndarray) -> tuple[int, int]:
    """Where the most consecutive steps with one sign start and end, as points on the rows
    axis: step i moves point i to point i + 1. The first such run if several tie."""
    signs, best, cur = np.sign(steps), (0, 0), 0
    for i, s in enumerate(signs):
        cur = cur + 1 if i and s == signs[i - 1] and s != 0 else 1
        if cur > best[1] - best[0]:
            best = (i + 1 - cur, i + 1)
    return best


def swing_rows(t_sgd: Trajectory, t_mom: Trajectory, a_best: float, epochs: int) -> SwingRows:
    """a per row in both runs over their first ``epochs`` whole epochs (fewer if momentum ran
    away sooner), the rows momentum stepped against g, and each epoch's largest |a − a_best|.

    >>> from sgdanim.core.data import spreadsheet
    >>> sheet = RunConfig(model="linear", optimizer="momentum", lr=3e-4, beta=0.9,
    ...                   dampening=True, data=spreadsheet(), epochs=3)
    >>> t_m, t_s = run(sheet), run(replace(sheet, optimizer="sgd", beta=None, dampening=None))
    >>> w = swing_rows(t_s, t_m, 2.0, 3)
    >>> w.against_sgd, w.against_mom, w.longest_push
    (0, 40, 10)
    >>> [round(s, 1) for s in w.swing_mom], [round(s, 1) for s in w.swing_sgd]
    ([3.5, 8.2, 18.2], [3.7, 5.1, 5.0])
    """
    per = len(t_mom.config.data)
    epochs = max(1, min(epochs, len(t_mom) // per, len(t_sgd) // per))
    rows = epochs * per
    a_sgd, a_mom = (t.path()[: rows + 1, t.param_names.index("a")] for t in (t_sgd, t_mom))

    def swings(a):
        return tuple(float(np.max(np.abs(a[k * per + 1:(k + 1) * per + 1] - a_best)))
                     for k in range(epochs))

    both = np.concatenate([a_sgd, a_mom])
    return SwingRows(np.arange(rows + 1), a_sgd, a_mom, _against(t_mom, rows),
                     len(_against(t_sgd, rows)), swings(a_sgd), swings(a_mom),
                     _longest_run(np.diff(a_mom)), epochs,
                     nice_range(*finite_span(np.append(both, a_best)), 4),
                     (0, rows, nice_range(0, rows, 4)[2]))


def big_run(sheet: RunConfig, lr: float, epochs: int, a_best: float = 2.0,
            why_epochs: int = 3) -> BigRun:
    """Both optimizers at ``lr`` for ``epochs`` epochs, and a per row over the first
    ``why_epochs`` of them (:class:`SwingRows`)."""
    t_mom = run(replace(sheet, lr=lr, epochs=epochs))
    t_sgd = run(replace(sheet, lr=lr, epochs=epochs, optimizer="sgd", beta=None, dampening=None))
    r_sgd, r_mom = _whole_epochs(t_sgd), _whole_epochs(t_mom)
    ratios = r_mom[1:] / r_mom[:-1]
    values = np.concatenate([r_sgd, r_mom])
    values = values[np.isfinite(values) & (values > 0)]
    lo, hi = (np.log10(values.min()), np.log10(values.max())) if values.size else (0.0, 1.0)
    d0, d1 = int(np.floor(lo)), int(np.ceil(hi + 1e-9))
    return BigRun(lr, epochs, r_sgd, r_mom, t_sgd.diverged_at, t_mom.diverged_at,
                  float(np.median(ratios)) if ratios.size else 1.0, (d0, max(d1, d0 + 1)),
                  max(1, int(nice_step(epochs, 4, mantissas=(1, 2, 5, 10), nearest=True))),
                  swing_rows(t_sgd, t_mom, a_best, why_epochs))


def paths_numbers(p, data) -> dict:
    """Part 4: the momentum sheet (lr, β, dampened, a = b = 1) and plain SGD at the same lr,
    row by row; the same two at ``lr_big``; and PyTorch's form at lr·(1−β) for Part 3."""
    sheet = RunConfig(model="linear", optimizer="momentum", lr=p.lr, beta=p.beta, dampening=True,
                      data=data, epochs=p.epochs)
    t_mom, t_sgd = run(sheet), run(replace(sheet, optimizer="sgd", beta=None, dampening=None))
    t_torch = run(replace(sheet, dampening=False, lr=p.lr * (1.0 - p.beta)))
    path_mom, path_sgd = (t.path()[:, [t.param_names.index(w) for w in "ab"]]
                          for t in (t_mom, t_sgd))
    rows = len(data)
    last = slice(-rows - 1, None)           # the last epoch's rows (and the point before them)
    step_b = [float(np.mean(np.diff(p_[last, 1]))) for p_ in (path_sgd, path_mom)]
    step_a = [float(np.mean(np.abs(np.diff(p_[last, 0])))) for p_ in (path_sgd, path_mom)]
    both = np.vstack([path_mom, path_sgd])
    longest = max(len(path_mom), len(path_sgd)) - 1
    n = min(len(t_mom), len(t_torch))
    rmse_mom, rmse_sgd = t_mom.epoch_rmse(), t_sgd.epoch_rmse()
    return dict(
        **valley(data, both),
        # rows of the longer run: at an lr that overflows, each run stops on its own row
        path_mom=path_mom, path_sgd=path_sgd, path_rows=np.arange(longest + 1),
        path_x_range=(0, longest, max(1.0, nice_range(0, longest, 4)[2])), rows_per_epoch=rows,
        path_runaway_sgd=t_sgd.diverged_at, path_runaway_mom=t_mom.diverged_at,
        a_range=nice_range(*finite_span(both[:, 0]), 3),
        b_range=nice_range(*finite_span(both[:, 1]), 3),
        step_b_sgd=step_b[0], step_b_mom=step_b[1], step_a_sgd=step_a[0], step_a_mom=step_a[1],
        rmse_mom=rmse_mom, rmse_sgd=rmse_sgd, momentum_ahead=bool(rmse_mom[-1] < rmse_sgd[-1]),
        big=big_run(sheet, p.lr_big, p.big_epochs, float(Landscape.of(data).optimum[0])),
        mean_loss_limit=2.0 / float(Landscape.of(data).eigenvalues[-1]),
        rescale_gap=float(np.max(np.abs(t_mom.new_params[:n] - t_torch.new_params[:n])))
        if n else 0.0)


def valley(data, paths: np.ndarray) -> dict:
    """Part 4's (a, b) inset: the line fit's landscape, axes that hold both runs' paths
    (``paths``, rows of (a, b)), the origin and the optimum, and contour levels up to the loss
    at the start, so the student sees where the runs stand in the valley: near its far end.

    >>> from sgdanim.core.data import spreadsheet
    >>> v = valley(spreadsheet(), np.array([[1.0, 1.0], [3.2, 1.2]]))
    >>> v["valley_a_range"], v["valley_b_range"]
    ((0.0, 4.0, 1.0), (0.0, 40.0, 20.0))
    >>> len(v["valley_levels"]), [round(float(x), 2) for x in v["valley_landscape"].optimum]
    (6, [2.0, 30.0])
    """
    land = Landscape.of(data)
    a_opt, b_opt = (float(v) for v in land.optimum)
    a_lo, a_hi = finite_span(np.append(paths[:, 0], [0.0, a_opt]))
    b_lo, b_hi = finite_span(np.append(paths[:, 1], [0.0, b_opt * 1.2]))
    start = paths[0]
    return dict(valley_landscape=land, valley_a_range=nice_range(a_lo, a_hi, 4),
                valley_b_range=nice_range(b_lo, b_hi, 2),
                valley_levels=land.levels(float(land.loss(*start)), 6))
