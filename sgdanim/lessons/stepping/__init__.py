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
from functools import cached_property

import numpy as np

from ...core import analysis
from ...core.crawl import Crawl, crawl
from ...core.crawl_plots import across_settling, crawl_axes, crawl_reading, rmse_axis  # noqa: F401
from ...core.clip import box_of, clip_path
from ...core.data import load
from ...core.kicks import Kicks, row_kicks
from ...core.landscape import Landscape
from ...core.params import Param
from ...core.trajectory import CARRIES, RunConfig, run
from .. import Lesson, PartSpec, data_param, parts_param, positive_param
from .panels import data_ranges, landscape_ranges, left_panel, line_in_box  # noqa: F401
from .rows import FiniteDifference, Row, _row, finite_difference  # noqa: F401
from .valley import Valley

MAX_DETAILED_ROWS = 5  # rows the strip has room for
MAX_EPOCHS = 8         # rows the error log has room for
MAX_CRAWL_EPOCHS = 6000  # the time-lapse gives up here (lr 1e-4 reaches RMSE < 1 at 1516)
QUICK_EPOCHS = 10      # a goal met within this many epochs was not slow to meet


def epochs_title(numbers) -> str | None:
    """Part ``epochs``' chapter title for a run that runs away: the epoch it runs away in
    ("Epoch after epoch" stood over a run that overflows on step 17 of epoch 1, lr 1e-3).

    >>> epochs_title(compute(LESSON.resolve(sets=["lr=1e-3"])))
    'Epoch 1 runs away'
    >>> epochs_title(compute(LESSON.defaults())) is None
    True
    """
    if numbers.diverged_at is None:
        return None
    return f"Epoch {math.ceil(numbers.diverged_at / numbers.rows_per_epoch)} runs away"


def crawl_title(numbers) -> str | None:
    """Part ``crawl``'s chapter title where the crawl runs away ("The crawl, sped up" stood
    over "there is no crawl" at lr 1e-3, and over a crawl that runs away in epoch 12 at lr
    4.5e-4); the epoch it runs away in counts from its complete ones.

    >>> crawl_title(compute(LESSON.resolve(sets=["lr=1e-3"])))
    'No crawl: epoch 1 runs away'
    >>> crawl_title(compute(LESSON.resolve(sets=["lr=4.5e-4"])))
    'The crawl runs away in epoch 12'

    Nor is there a crawl where the epochs logged are already under the goal (from a start
    beside the star: a time-lapse of 2 epochs, its plot's axis "0 1 2 2"):

    >>> crawl_title(compute(LESSON.resolve(sets=["init_a=10", "init_b=30"])))
    'No crawl: goal met in epoch 2'
    """
    crawl = numbers.crawl
    if numbers.goal_met_logged is not None:
        return f"No crawl: goal met in epoch {numbers.goal_met_logged}"
    if not crawl.diverged:
        return None
    if crawl.epochs == 0:
        return "No crawl: epoch 1 runs away"
    return f"The crawl runs away in epoch {crawl.epochs + 1}"


# The stage (the data panel, the landscape and its walker, the readout) is on screen in every
# part, and it shows the whole run: every part reads what the run reads.
RUN = ("data", "init_a", "init_b", "lr", "epochs", "carry")
PART_SPECS = (
    # The opening question names the epoch the crawl reaches the target at; the sheet's empty
    # header under it stands where the rows' strip will (its height counts the rows).
    PartSpec("panels", "The question, over the picture", (*RUN, "target_rmse", "detailed_rows")),
    # The walker leaves the rows part on path row detailed_rows, where the next parts start.
    PartSpec("rows", "Row by row", (*RUN, "detailed_rows")),
    PartSpec("derivative", "The derivative, twice", (*RUN, "detailed_rows", "fd_step")),
    # Its RMSE plot draws the goal line the question counts to.
    PartSpec("epochs", "Epoch after epoch", (*RUN, "detailed_rows", "target_rmse"),
             titled=epochs_title),
    # Its question and answer tell a run already under the goal apart (under_goal_from).
    PartSpec("valley", "The long thin valley", (*RUN, "target_rmse")),
    PartSpec("crawl", "The crawl, sped up", (*RUN, "target_rmse"), titled=crawl_title),
)

PARAMS = (
    positive_param("lr", 1e-4, "learning rate of per-sample SGD", high=1.0),
    Param("init_a", "float", 1.0, "starting slope a", low=-1e3, high=1e3),
    Param("init_b", "float", 1.0, "starting intercept b", low=-1e3, high=1e3),
    Param("epochs", "int", 5, "epochs over the data (the first one row by row)",
          low=1, high=MAX_EPOCHS),
    Param("detailed_rows", "int", 3, "rows worked through slowly, as the sheet's columns",
          low=1, high=MAX_DETAILED_ROWS),
    positive_param("fd_step", 0.01, "the nudge h of the finite-difference derivative",
                   high=10.0),
    Param("carry", "str", "updated", "what each epoch starts from: 'updated' (true SGD) or "
          "'sheet' (the weights used on the last row, as the sheet's macro copies them)",
          choices=CARRIES),
    positive_param("target_rmse", 1.0, "the RMSE the time-lapse crawls down to", high=1e4),
    parts_param(PART_SPECS),
    data_param(),
)


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
    epoch_ends: tuple[int, ...]      # the path row each complete epoch ends on
    epoch_rmse_range: tuple[float, float, float]  # the RMSE-per-epoch plot's axis: 0 to the top
    goal_rmse: float                 # the RMSE the lesson's question counts to (target_rmse)
    diverged_at: int | None
    rows: tuple[Row, ...]            # the rows shown in detail
    row_samples: tuple[int, ...]     # the data point each of them reads
    fd: FiniteDifference | None      # None when the run ends before that row
    valley: Valley
    landscape: Landscape
    levels: np.ndarray               # contour levels of the mean loss
    a_range: tuple[float, float, float]
    b_range: tuple[float, float, float]
    x_range: tuple[float, float, float]
    y_range: tuple[float, float, float]
    shown_path: np.ndarray           # the path cut where it leaves the landscape panel
    crawl: Crawl                     # the same run, epoch after epoch, to the target RMSE
    crawl_x_range: tuple[float, float, float]   # its plot: epochs
    crawl_decades: tuple[int, int]              # and the decades of |distance| it spans
    crawl_zoom: tuple[float, float, float]      # its zoom's epochs: across's drop, visible
    crawl_across: tuple[float, float, float]    # |across| at the start, after epoch 1, then % of along
    crawl_kicks: Kicks | None                   # across per row: epochs 2-4, and the last 3

    @property
    def steps(self) -> int:
        return int(self.loss.shape[0])

    @property
    def leaves_panel(self) -> bool:
        """Whether the weights leave the landscape panel: its path is cut at the edge."""
        return left_panel(self.path, self.shown_path)

    @cached_property   # read twice by the crawl's walker: cut once (up to 6,000 epochs)
    def crawl_shown_path(self) -> np.ndarray:
        """The crawl's path (one point an epoch) cut where it leaves the landscape panel, as
        ``shown_path`` is: a crawl that runs away (lr 4.5e-4) drew its trail across the frame."""
        return clip_path(self.crawl.path, box_of(self.a_range, self.b_range))

    @property
    def crawl_leaves_panel(self) -> bool:
        """Whether the crawl's weights leave the landscape panel (:attr:`crawl_shown_path`)."""
        return left_panel(self.crawl.path, self.crawl_shown_path)

    @property
    def rmse_course(self) -> tuple[str, float | None]:
        """How the epochs' RMSE went, with its peak: "stalls" where it never climbed 5% past
        the first epoch's (the defaults); where it did, "climbs" if the last epoch is the
        highest (lr 4.5e-4: 551 → 6688), else "levels" within 5% of the peak after it (lr
        3.9e-4: 158 → 191, then 190) or "falls" further."""
        rmse = [float(v) for v in self.epoch_rmse]
        peak = max(rmse, default=0.0)
        if not rmse or peak < 1.05 * rmse[0]:
            return "stalls", None
        return ("climbs" if rmse[-1] == peak else "levels" if rmse[-1] * 1.05 >= peak
                else "falls"), peak

    @property
    def under_goal_from(self) -> int | None:
        """The logged epoch from which RMSE is under the goal to the crawl's end
        (:attr:`goal_met_logged`), or None: from a = 10, b = 30, RMSE is 0.049 from epoch 2,
        and the lesson had asked why it is so slow. Only for a run that falls and stays
        (``rmse_course`` "stalls"), at a safe lr or past it (lr 4e-4 over 1 epoch meets a
        goal of 1e4); a climb (lr 4.5e-4 under 1e4) is told as it went.

        >>> compute(LESSON.resolve(sets=["init_a=10", "init_b=30"])).under_goal_from
        2
        >>> compute(LESSON.defaults()).under_goal_from is None
        True
        """
        return self.goal_met_logged if self.falls_and_stays else None

    @property
    def falls_and_stays(self) -> bool:
        """Whether the run did not run away and its RMSE never rose 5% (``rmse_course``)."""
        return self.diverged_at is None and self.rmse_course[0] == "stalls"

    @property
    def goal_met_logged(self) -> int | None:
        """The epoch the crawl met the goal in (:func:`~sgdanim.core.crawl.met_at`) where it
        is one of the epochs logged, or None: then there is nothing to speed up, whatever the
        RMSE did (``target_rmse=1e4`` at lr 3.9e-4: met in epoch 1, rising 158 → 191).

        >>> [compute(LESSON.resolve(sets=s)).goal_met_logged
        ...  for s in (["lr=3.9e-4", "target_rmse=1e4"], [])]
        [1, None]
        """
        reached = self.crawl.reached
        return reached if reached is not None and reached <= len(self.epoch_rmse) else None

    @property
    def quick_goal(self) -> int | None:
        """The epoch the goal is met in where that was too soon to call the run slow: one
        logged (:attr:`under_goal_from`), or, for a run that falls and stays, one within
        :data:`QUICK_EPOCHS` (from a = 10, b = 30 over 1 epoch: epoch 2, where the title
        asked how it needs 2 epochs and the valley "Why so slow?"); else None.

        >>> [compute(LESSON.resolve(sets=s)).quick_goal
        ...  for s in (["init_a=10", "init_b=30", "epochs=1"], [])]
        [2, None]
        """
        reached = self.crawl.reached
        soon = reached is not None and reached <= max(len(self.epoch_rmse), QUICK_EPOCHS)
        return reached if soon and self.falls_and_stays else None

    @property
    def rose_to_goal(self) -> bool:
        """RMSE rose over the epochs logged, yet one met a loose goal (lr 3.9e-4 under 1e4)."""
        return self.rmse_course[0] != "stalls" and self.goal_met_logged is not None

    @property
    def ends_mid_epoch(self) -> bool:
        """Whether the run stopped (ran away) inside an epoch, after its last complete one."""
        return self.steps > (self.epoch_ends[-1] if self.epoch_ends else 0)

    def shown(self) -> dict:
        fd = ("step", "h", "loss", "loss_nudged_b", "loss_nudged_a", "est_b", "est_a", "grad_b",
              "grad_a", "gap_b", "gap_a")
        return {
            "data": self.data_name, "lr": self.lr, "init": {"a": self.init[0], "b": self.init[1]},
            "epochs": self.epochs, "carry": self.carry, "steps": self.steps,
            "diverged_at": self.diverged_at, "rows": [vars(r) for r in self.rows],
            "fd": None if self.fd is None else {k: getattr(self.fd, k) for k in fd},
            "epoch_rmse": self.epoch_rmse.tolist(),
            "epoch_sqrt_sum_err2": self.epoch_sheet_error.tolist(),
            "final": {"a": float(self.path[-1, 0]), "b": float(self.path[-1, 1])},
            "optimum": list(self.landscape.optimum),
            "hessian_eigenvalues": list(self.valley.eigenvalues),
            "condition_number": self.valley.condition,
            "crawl": {"target_rmse": self.crawl.target, "reached_at_epoch": self.crawl.reached,
                      "epochs": self.crawl.epochs, "final_rmse": float(self.crawl.rmse[-1])
                      if self.crawl.epochs else None, "per_row_along_across":
                      list(self.crawl.per_row), "across": list(self.crawl_across)
                      if self.crawl.epochs else None}}


def _valley(data, land: Landscape, lr: float, path, shown_path, a_range, b_range) -> Valley:
    """The curvatures; their arrows cross at the last weights (the panel's centre if off it)."""
    lam, vec = land.eigenvalues, land.eigenvectors
    anchor = ((float(path[-1, 0]), float(path[-1, 1])) if not left_panel(path, shown_path) else
              ((a_range[0] + a_range[1]) / 2, (b_range[0] + b_range[1]) / 2))
    return Valley(analysis.hessian(data), (float(lam[0]), float(lam[1])), vec,
                  float(lam[1] / lam[0]), (lr * float(lam[0]), lr * float(lam[1])),
                  float(path[0, 1]), float(path[-1, 1]), float(land.optimum[1]),
                  float(np.abs(data.x).max()), anchor)


def compute(params) -> SteppingNumbers:
    """Run per-sample SGD as the sheet does and gather the numbers the lesson shows.

    ``params`` are the lesson's validated params (``LESSON.resolve(...)``); a runaway lr is
    recorded (``diverged_at``), not raised.

    Examples
    --------
    >>> n = compute(LESSON.resolve(sets=["epochs=2", "detailed_rows=2"]))
    >>> n.steps, len(n.rows), n.fd.step, [round(float(e), 3) for e in n.epoch_rmse]
    (58, 2, 3, [27.995, 19.621])
    >>> n.epoch_ends, n.row_samples, n.ends_mid_epoch
    ((29, 58), (0, 1), False)
    """
    data = load(params.data)
    init = (float(params.init_a), float(params.init_b))
    t = run(RunConfig(lr=params.lr, init={"a": init[0], "b": init[1]}, data=data,
                      epochs=params.epochs, carry=params.carry))
    n = len(data)
    path = np.asarray(t.path() if len(t) else np.array([init]))
    complete = len(t) // n
    loss = np.asarray(t.loss)
    sq = loss[: complete * n].reshape(complete, n) if complete else np.empty((0, n))
    rows = tuple(_row(t, k) for k in range(min(params.detailed_rows, len(t))))
    k = params.detailed_rows      # the row after the detailed ones
    fd = finite_difference(t, k, params.fd_step) if k < len(t) else None
    land = Landscape.of(data)
    long_run = crawl(data, params.lr, init, params.target_rmse, MAX_CRAWL_EPOCHS, params.carry)
    a_range, b_range = landscape_ranges(path, land.optimum)
    shown_path = clip_path(path, box_of(a_range, b_range))
    levels = land.levels(max(float(land.loss(*path[0])), 10.0) * 1.2, count=9)
    x_range, y_range = data_ranges(data.x, data.y, init)
    return SteppingNumbers(
        data.name, np.array(data.x), np.array(data.y), float(params.lr), init, params.epochs,
        params.carry, n, path, loss, np.sqrt(sq.mean(axis=1)), np.sqrt(sq.sum(axis=1)),
        tuple((e + 1) * n for e in range(complete)), rmse_axis(np.sqrt(sq.mean(axis=1)),
                                                                 params.target_rmse),
        float(params.target_rmse), t.diverged_at,
        rows, tuple(k % n for k in range(len(rows))), fd,
        _valley(data, land, float(params.lr), path, shown_path, a_range, b_range), land, levels,
        a_range, b_range, x_range, y_range, shown_path,
        long_run, *crawl_axes(long_run), across_settling(long_run),
        row_kicks(long_run, data, params.carry))


LESSON = Lesson(
    id="stepping", scene="scenes.stepping.scene:Stepping",
    title="Stepping: weights walk along their derivatives",
    summary="The spreadsheet's basic sheet, animated: one row, two derivatives, one small step.",
    params=PARAMS, compute=compute, parts=PART_SPECS, order=10)
