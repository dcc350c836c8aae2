"""Lesson ``relu-sandwich``: two linear neurons collapse into one line; a ReLU filling does not.

Part 1 regroups y = c·(a·x + b) + d into y = (ac)·x + (cb + d) and tours four weights: the graph
stays a line. Part 2 puts a ReLU between the neurons, y = c·max(0, a·x + b) + d: a hinge, and two
hinges add up to a bend. Part 3 trains one neuron, two linear neurons and two ReLU neurons on the
same rows (the thread's lr 1e-4, all weights 1, its finite differences: overshoot's thread run, row for row): the linear pair runs away, the ReLU pair's unit
dies and only d learns on. Part 4 draws every equally good (a, c) of the collapsed model — the
curve a·c = slope — beside the one-neuron model's single best point, with a real SGD path.

The numbers of Parts 1 and 2 are computed in :mod:`.graphs`, of Part 3 in :mod:`.training` and
of Part 4 in :mod:`.solutions`; this module declares the lesson and gathers them.

Examples
--------
>>> n = compute(LESSON.defaults())
>>> n.runs["linear2"].diverged_at          # the linear pair leaves the rails in the first epoch
28
>>> r = n.runs["relu2"]
>>> r.diverged_at is None, r.dead_row, r.dead_everywhere
(True, 26, True)
>>> [round(v, 6) for v in n.solutions.best]        # the one-neuron model's single best (a, b)
[2.0, 30.0]
>>> n.plane.cross, len(n.plane.slow), n.plane.fast_leaves   # Part 4's walks on the (a, c) plane
(3, 59, 25)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

import numpy as np

from ...core.data import load
from ...core.errors import UsageError
from ...core.params import Param
from ...core.ticks import nice_ceiling
from .. import (Lesson, PartSpec, data_param, parts_param, positive_param,
                refuse_overflowing_start)
from ..overshoot import LESSON as OVERSHOOT
from ..thread_run import DATA as THREAD_DATA, INIT, LR, differs
from .graphs import (collapse, collapse_tour, graph, hinge_tour, kink, same_line_glide, to_data,
                     two_unit_graphs, two_units)
from .solutions import Plane, Solutions, plane, slope_factor, solutions
from .training import ModelRun, Race, dead_row, race, race_axes, rows_line, rows_shown

__all__ = ["LESSON", "PART_SPECS", "ModelRun", "Plane", "Race", "ReluSandwichNumbers",
           "Solutions", "collapse", "compute", "dead_row", "graph", "kink", "rows_shown",
           "slope_factor", "to_data"]

MODEL_CHOICES = ("linear", "linear2", "relu2")
PART_SPECS = (
    # its opening shows Part 3's race as it ends: it reads what the race reads
    PartSpec("collapse", "Two linear neurons", ("init", "data", "lr", "models", "epochs", "grad")),
    PartSpec("hinge", "Add a ReLU filling", ("data",)),
    PartSpec("training", "Side by side",
             ("lr", "init", "models", "epochs", "grad", "data")),
    PartSpec("solutions", "A curve of equally good answers",
             ("lr", "init", "path_lr", "path_epochs", "grad", "data")),
)

# Overshoot's thread run and this lesson's runs are one story: the same derivatives (its
# parameter, its default: finite differences, as the thread and the spreadsheet), so the rows
# both lessons show carry the same numbers.
THREAD_GRAD = replace(next(p for p in OVERSHOOT.params if p.name == "grad"),
                      help="training and solutions: derivatives, numeric (finite differences, "
                           "as the forum thread and overshoot) or analytic")

PARAMS = (
    positive_param("lr", LR, "training: the learning rate (the thread's)", high=1),
    Param("init", "floats", (INIT,) * 4, "starting weights a,b,c,d "
          "(one neuron uses a,b; one value sets them all)", low=-100, high=100),
    Param("models", "strs", MODEL_CHOICES, "training: the models, side by side",
          choices=MODEL_CHOICES),
    Param("epochs", "int", 2, "training: epochs over the data", low=1, high=5),
    positive_param("path_lr", 2e-5, "solutions: the learning rate of the two-linear-neuron path "
                   "(small, so the path stays drawable)", high=1),
    Param("path_epochs", "int", 2, "solutions: epochs of that path", low=1, high=20),
    THREAD_GRAD,
    parts_param(PART_SPECS),
    data_param(),
)


@dataclass(frozen=True)
class ReluSandwichNumbers:
    """Every number the lesson shows; ``shown()`` gives those the sidecar records."""

    data_name: str
    x: np.ndarray
    y: np.ndarray
    x_span: float
    y_span: float
    box: tuple[float, float, float, float]   # Parts 1 and 2's plot: [0, x_span] × [0, y_span]
    collapse_tour: tuple[tuple[float, float, float, float], ...]
    hinge_tour: tuple[tuple[float, float, float, float], ...]
    two_units: tuple          # ((a1, b1, c1), (a2, b2, c2), d) in data units
    two_unit_graphs: tuple    # (first unit, second unit, their sum), cut to the box
    lr: float
    epochs: int
    grad: str                 # "numeric" (finite differences, as overshoot's thread) or "analytic"
    init: dict
    runs: dict                # model -> ModelRun, in the order asked for
    race: Race
    solutions: Solutions
    plane: Plane
    glide: tuple = ()         # Part 1: the last two tour stops joined along the best line
    rows_line: tuple | None = None  # Part 3: the line every row lies on (slope, intercept), if any
    thread_differs: tuple = ()  # Part 3: what sets its runs apart from overshoot's thread's
    next_same_rows: bool = True  # the end: momentum, next, trains on these rows

    @property
    def moving(self) -> tuple[str, ...]:
        """Part 4: the weights (of a, b, c, d) that move on its slow or fast path. From
        a = b = c = 0 every derivative but d's is 0 (a's carries c, b's c, c's a·x + b): a and c
        never move."""
        return moving(self.solutions.path, self.solutions.fast_path)

    def shown(self) -> dict:
        runs = {}
        for m, r in self.runs.items():
            runs[m] = {"rows": int(len(r.err2)), "diverged_at": r.diverged_at,
                       "dead_row": r.dead_row, "dead_everywhere": r.dead_everywhere,
                       "first_error": float(r.err2[0]), "last_error": float(r.err2[-1]),
                       "last_weights": [float(v) for v in r.params[-1]]}
        s, p = self.solutions, self.plane
        return {
            "data": self.data_name, "lr": self.lr, "epochs": self.epochs, "grad": self.grad,
            "init": dict(self.init),
            "collapse_tour": [{"weights": list(w), "slope_intercept": list(collapse(*w))}
                              for w in self.collapse_tour],
            "hinge_kinks": [kink(w[0], w[1]) for w in self.hinge_tour],
            "two_unit_kinks": [kink(u[0], u[1]) for u in self.two_units[:2]],
            "runs": runs, "race_decades": list(self.race.decades),
            "rows_line": None if self.rows_line is None else list(self.rows_line),
            "solutions": {"best": list(s.best), "path_lr": s.path_lr,
                          "path_end": [float(v) for v in s.path[-1]],
                          "path_diverged_at": s.path_diverged_at, "fast_lr": s.fast_lr,
                          "fast_diverged_at": s.fast_diverged_at,
                          "one_neuron_row_limit": s.one_neuron_row_limit,
                          "start_factor": s.start_factor, "effective_lr": s.effective_lr,
                          "path_cross": p.cross, "fast_leaves_plot_at": p.fast_leaves,
                          "over_mean_limit_from": s.over_mean_from,
                          "off_zoom": [list(r) for r in p.off_zoom],
                          "moving": list(self.moving),
                          "flip": None if s.flip is None else asdict(s.flip),
                          "level": None if s.level is None else asdict(s.level)},
        }


def compute(params) -> ReluSandwichNumbers:
    """Every number the lesson shows, from validated ``params``; refuses (UsageError) an init
    that is not one weight or four, a repeated model, or data with negative x or y. One
    weight sets all four, as overshoot's ``init`` does."""
    data = load(params.data)
    if len(params.init) not in (1, 4):
        raise UsageError(f"relu-sandwich: init={','.join(f'{v:g}' for v in params.init)} must "
                         "give 1 or 4 weights a,b,c,d (one neuron uses a,b)")
    if len(set(params.models)) != len(params.models):
        raise UsageError(f"relu-sandwich: models={','.join(params.models)} repeats a model")
    init = dict(zip("abcd", (float(v) for v in params.init * (4 // len(params.init)))))
    for model in params.models:
        refuse_overflowing_start("relu-sandwich", data, model, init)
    x_span = nice_ceiling(float(np.max(data.x)))
    y_span = nice_ceiling(float(np.max(data.y)))
    if np.min(data.x) < 0 or np.min(data.y) < 0:
        raise UsageError(f"relu-sandwich: data {data.name!r} has negative x or y; the lesson's "
                         "plots start at 0")
    box = (0.0, x_span, 0.0, y_span)
    runs = {m: race(m, params.lr, init, data, params.epochs, params.grad)
            for m in params.models}
    sols = solutions(data, init, params.path_lr, params.path_epochs, params.lr, params.grad)
    units = two_units(x_span, y_span)
    tour = collapse_tour(init, sols.best)
    return ReluSandwichNumbers(data.name, np.array(data.x), np.array(data.y), x_span, y_span, box,
                               tour, hinge_tour(x_span, y_span), units,
                               two_unit_graphs(units, box), params.lr, params.epochs,
                               params.grad, init, runs,
                               race_axes(runs, len(data) * params.epochs), sols, plane(sols),
                               same_line_glide(tour[-2], tour[-1], sols.best),
                               rows_line(data.x, data.y),
                               differs(params.lr, params.init, params.data, params.grad),
                               params.data == THREAD_DATA)


def moving(*paths) -> tuple[str, ...]:
    """The weights, of a, b, c, d, that change along any of ``paths`` (rows of a, b, c, d).

    >>> moving(np.array([[0.0, 0, 0, 0], [0, 0, 0, 0.5]]), np.array([[0.0, 0, 0, 0]]))
    ('d',)
    """
    return tuple(name for i, name in enumerate("abcd")
                 if any(bool((path[:, i] != path[0, i]).any()) for path in paths))


LESSON = Lesson(
    id="relu-sandwich", scene="scenes.relu_sandwich.scene:ReluSandwich",
    title="The ReLU sandwich: why two linear neurons are one line, and a harder one to train",
    summary="Stacked linear neurons collapse into one line yet train worse; a ReLU bends it.",
    params=PARAMS, compute=compute, parts=PART_SPECS, order=60)
