"""Lesson ``optimizers``: the spreadsheet's five optimizer sheets as one race.

SGD, momentum, RMSProp, Adam and Adam with the annealing macro all start at a = b = 1 on the
same rows, each with its sheet's conventions (dampened momentum; RMSProp as torch; Adam without
bias correction and with eps = 0; annealing divides lr by 4 when the epoch's gradient size is
more than twice the best seen). The lesson draws their paths over the (a, b) loss contours,
their rmse per epoch, and a table of how many epochs each needed to get below a target rmse.

Every number here comes from :func:`sgdanim.core.trajectory.run`; the scene only draws them.

Examples
--------
>>> n = compute(LESSON.defaults())
>>> [(r.name, r.epochs_to_target) for r in n.racers]
[('sgd', None), ('momentum', None), ('rmsprop', None), ('adam', 28), ('adam_ann', 37)]
>>> [r.result_text(n.epochs) for r in n.racers][:1]
['not within 40 epochs']
>>> n.racers[-1].lr_drops                    # annealed Adam: (epoch the new lr starts, new lr)
((3, 0.25), (4, 0.0625))
>>> n.outside_rows()                         # every path stays inside the drawn box
0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..core.data import load
from ..core.errors import UsageError
from ..core.landscape import Landscape
from ..core.params import Param
from ..core.trajectory import CARRIES, RunConfig, run
from . import Lesson, PartSpec, parts_param

RACERS = ("sgd", "momentum", "rmsprop", "adam", "adam_ann")
LABELS = {"sgd": "SGD", "momentum": "momentum", "rmsprop": "RMSProp", "adam": "Adam",
          "adam_ann": "annealed Adam"}
# The run behind each name: (optimizer, anneal). Hyperparameters are the core's defaults,
# which are the spreadsheet's conventions.
RUNS = {"sgd": ("sgd", False), "momentum": ("momentum", False), "rmsprop": ("rmsprop", False),
        "adam": ("adam", False), "adam_ann": ("adam", True)}
START = {"a": 1.0, "b": 1.0}
# Path points whose loss is more than this many times the start's (rmse 4x) stay outside the box
# (the scene marks them at the edge), so one runaway cannot shrink everyone else to a dot.
VIEW_LOSS_CAP = 16.0


@dataclass(frozen=True)
class Racer:
    """One optimizer's run. Arrays stop where the run ran away, if it did."""

    name: str
    label: str
    lr: float                       # the starting learning rate
    path: np.ndarray                # (rows kept + 1, 2): (a, b) before each row, then the last made
    rmse: np.ndarray                # √(mean row loss) of each complete epoch
    lr_rows: np.ndarray             # the lr each kept row used
    lr_drops: tuple[tuple[int, float], ...]   # (epoch the new lr starts, new lr)
    diverged_at: int | None         # 1-based step that ran away
    epochs_to_target: int | None    # first epoch with rmse < target

    def result_text(self, epochs: int) -> str:
        """The table's cell: the epoch count, or why there is none."""
        if self.epochs_to_target is not None:
            return str(self.epochs_to_target)
        if self.diverged_at is not None:
            return f"ran away at step {self.diverged_at}"
        return f"not within {epochs} epochs"


@dataclass(frozen=True)
class OptimizersNumbers:
    data_name: str
    rows: int                       # rows per epoch
    epochs: int
    target: float                   # the table counts epochs until rmse < target
    carry: str
    start: tuple[float, float]
    optimum: tuple[float, float]
    a_range: tuple[float, float, float]   # (min, max, tick step) of the drawn box
    b_range: tuple[float, float, float]
    levels: np.ndarray              # contour losses
    rmse_decades: tuple[int, int]   # log10 bounds of the rmse axis
    racers: tuple[Racer, ...]
    landscape: Landscape

    def inside(self, points: np.ndarray) -> np.ndarray:
        """Which (a, b) points lie in the drawn box."""
        (a0, a1, _), (b0, b1, _) = self.a_range, self.b_range
        p = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        return (p[:, 0] >= a0) & (p[:, 0] <= a1) & (p[:, 1] >= b0) & (p[:, 1] <= b1)

    def outside_rows(self) -> int:
        """How many path points of all racers fall outside the drawn box."""
        return int(sum((~self.inside(r.path)).sum() for r in self.racers))

    def shown(self) -> dict:
        return {
            "data": self.data_name, "rows": self.rows, "epochs": self.epochs,
            "target_rmse": self.target, "carry": self.carry, "start": list(self.start),
            "optimum": list(self.optimum), "a_range": list(self.a_range),
            "b_range": list(self.b_range), "levels": self.levels.tolist(),
            "outside_rows": self.outside_rows(),
            "racers": [{"name": r.name, "label": r.label, "lr": r.lr,
                        "rmse": r.rmse.tolist(), "lr_drops": [list(d) for d in r.lr_drops],
                        "diverged_at": r.diverged_at, "epochs_to_target": r.epochs_to_target,
                        "result": r.result_text(self.epochs)} for r in self.racers],
        }


def first_below(rmse: np.ndarray, target: float) -> int | None:
    """The 1-based epoch whose rmse first falls below ``target``, or None.

    >>> first_below(np.array([3.0, 1.5, 0.9, 1.2]), 1.0), first_below(np.array([2.0]), 1.0)
    (3, None)
    """
    hits = np.flatnonzero(np.asarray(rmse) < target)
    return int(hits[0]) + 1 if hits.size else None


def lr_drops(epoch: np.ndarray, lr: np.ndarray) -> tuple[tuple[int, float], ...]:
    """Where the per-row lr changes: (epoch it starts, new lr).

    >>> lr_drops(np.array([1, 1, 2, 2, 3]), np.array([1.0, 1.0, 1.0, 1.0, 0.25]))
    ((3, 0.25),)
    """
    change = np.flatnonzero(np.diff(lr) != 0) + 1
    return tuple((int(epoch[k]), float(lr[k])) for k in change)


def nice_step(span: float, ticks: int = 5) -> float:
    """A 1, 2, 2.5 or 5 times a power of ten giving about ``ticks`` ticks over ``span``.

    >>> nice_step(30.0), nice_step(4.5), nice_step(0.3)
    (5.0, 1.0, 0.05)
    """
    power = 10.0 ** math.floor(math.log10(span / ticks))
    steps = [m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0)]
    return float(min(steps, key=lambda s: abs(span / s - ticks)))


def axis_range(lo: float, hi: float) -> tuple[float, float, float]:
    """Round ``[lo, hi]`` outward to ticks after a small margin: (min, max, step).

    >>> axis_range(1.0, 30.4)
    (0.0, 35.0, 5.0)
    """
    span = max(hi - lo, 1e-9)
    lo, hi = lo - 0.02 * span, hi + 0.02 * span
    step = nice_step(hi - lo)
    return (float(math.floor(lo / step) * step), float(math.ceil(hi / step) * step), float(step))


def view_box(paths, land: Landscape, start) -> tuple[tuple, tuple]:
    """The drawn (a, b) box: the start, the optimum and every path point whose loss is within
    :data:`VIEW_LOSS_CAP` times the start's."""
    cap = VIEW_LOSS_CAP * max(float(land.loss(*start)), land.min_loss, 1e-12)
    pts = [np.asarray([start, land.optimum], dtype=np.float64)]
    for path in paths:
        with np.errstate(over="ignore", invalid="ignore"):
            loss = np.asarray(land.loss(path[:, 0], path[:, 1]))
        pts.append(path[np.isfinite(loss) & (loss <= cap)])
    pts = np.concatenate(pts)
    return axis_range(pts[:, 0].min(), pts[:, 0].max()), axis_range(pts[:, 1].min(), pts[:, 1].max())


def _racer(name: str, lr: float, params, data) -> Racer:
    optimizer, anneal = RUNS[name]
    t = run(RunConfig(optimizer=optimizer, lr=lr, anneal=anneal, init=START, data=data,
                      epochs=params.epochs, carry=params.carry))
    n = len(data)
    full = len(t) // n                       # a run that ran away keeps only whole epochs' rmse
    rmse = t.epoch_rmse()[:full]
    path = np.column_stack([t.path()[:, t.param_names.index(k)] for k in ("a", "b")])
    if t.diverged_at is not None:
        path = path[:-1]                     # the step that ran away produced nothing finite
    return Racer(name, LABELS[name], float(lr), path, rmse, np.array(t.lr),
                 lr_drops(t.epoch, t.lr), t.diverged_at, first_below(rmse, params.target))


def lr_of(params, name: str) -> float:
    """The starting lr of racer ``name``: SGD takes the lesson-wide ``lr``, the others their own."""
    return float(params.lr if name == "sgd" else params[f"lr_{name}"])


def compute(params) -> OptimizersNumbers:
    names = tuple(params.optimizers)
    if len(set(names)) != len(names):
        raise UsageError(f"optimizers: optimizers={','.join(names)} names one twice")
    data = load(params.data)
    land = Landscape.of(data)
    if not (land.eigenvalues[0] > 1e-12 * max(land.eigenvalues[-1], 1.0)):
        raise UsageError(f"optimizers: data {params.data!r} needs at least two distinct x values "
                         "for a bowl with one lowest point")
    racers = tuple(_racer(name, lr_of(params, name), params, data)
                   for name in RACERS if name in names)
    start = (START["a"], START["b"])
    a_range, b_range = view_box([r.path for r in racers], land, start)
    corners = [land.loss(a, b) for a in a_range[:2] for b in b_range[:2]]
    levels = land.levels(float(max(corners)), count=9)
    finite = np.concatenate([r.rmse for r in racers] + [np.array([params.target])])
    finite = finite[np.isfinite(finite) & (finite > 0)]
    # A little room past the extremes, so neither the target line nor a curve lies on an edge.
    decades = (int(math.floor(math.log10(0.9 * finite.min()))),
               int(math.ceil(math.log10(1.1 * finite.max()))))
    if decades[1] == decades[0]:
        decades = (decades[0], decades[0] + 1)
    return OptimizersNumbers(data.name, len(data), params.epochs, float(params.target),
                             params.carry, start, tuple(map(float, land.optimum)), a_range,
                             b_range, levels, decades, racers, land)


def _lr_param(name: str, default: float, what: str) -> Param:
    return Param(name, "float", default, what, low=0, low_open=True, high=100)


PART_SPECS = (
    PartSpec("race", "Five optimizers, one race", ()),
    PartSpec("table", "Epochs to the target", ()),
)


LESSON = Lesson(
    id="optimizers",
    title="Five optimizers, one race",
    summary="The spreadsheet's SGD, momentum, RMSProp, Adam and annealed Adam race from a = b = 1.",
    scene="scenes.optimizers.scene:Optimizers",
    params=(
        parts_param(PART_SPECS),
        Param("optimizers", "strs", RACERS, "which optimizers race (drawn in this order: "
              + ", ".join(RACERS) + ")", choices=RACERS),
        _lr_param("lr", 1e-4, "SGD's learning rate (the basic sheet's); each other optimizer has "
                  "its own lr_<name>"),
        _lr_param("lr_momentum", 1e-4, "momentum's learning rate (dampened, β = 0.9)"),
        _lr_param("lr_rmsprop", 0.02, "RMSProp's learning rate (β = 0.9, eps = 1e-8)"),
        _lr_param("lr_adam", 0.1, "Adam's learning rate (β 0.9, β2 0.99, eps 0, no bias "
                  "correction)"),
        _lr_param("lr_adam_ann", 1.0, "annealed Adam's starting learning rate (divided by 4 "
                  "whenever an epoch's gradient size passes twice its best)"),
        Param("epochs", "int", 40, "epochs every optimizer runs", low=1, high=200),
        Param("target", "float", 1.0, "the table counts the epochs until rmse < target",
              low=0, low_open=True),
        Param("carry", "str", "updated", "what starts the next epoch: updated (the last step's "
              "result) or sheet (the weights the last row used, as the sheet's macros copy)",
              choices=CARRIES),
        Param("data", "str", "spreadsheet",
              "spreadsheet, synthetic[:seed=0,n=29,slope=2,intercept=30,noise=0] or a path to "
              "an x,y CSV"),
    ),
    compute=compute,
    parts=PART_SPECS,
    order=70,
)
