"""Lesson ``relu-sandwich``: two linear neurons collapse into one line; a ReLU filling does not.

Part 1 regroups y = c·(a·x + b) + d into y = (ac)·x + (cb + d) and tours four weights: the graph
stays a line. Part 2 puts a ReLU between the neurons, y = c·max(0, a·x + b) + d: a hinge, and two
hinges add up to a bend. Part 3 trains one neuron, two linear neurons and two ReLU neurons on the
same rows (the thread's lr 1e-4, all weights 1): the linear pair runs away, the ReLU pair's unit
dies and only d learns on. Part 4 draws every equally good (a, c) of the collapsed model — the
curve a·c = slope — beside the one-neuron model's single best point, with a real SGD path.

Examples
--------
>>> n = compute(LESSON.defaults())
>>> n.runs["linear2"].diverged_at          # the linear pair leaves the rails in the first epoch
28
>>> r = n.runs["relu2"]
>>> r.diverged_at is None, r.dead_row, r.dead_everywhere
(True, 27, True)
>>> [round(v, 6) for v in n.solutions.best]        # the one-neuron model's single best (a, b)
[2.0, 30.0]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..core import analysis, models
from ..core.data import load
from ..core.errors import UsageError
from ..core.params import Param
from ..core.trajectory import RunConfig, Trajectory, run
from . import Lesson, PartSpec, parts_param

MODEL_CHOICES = ("linear", "linear2", "relu2")
PART_SPECS = (
    PartSpec("collapse", "Two linear neurons", ()),
    PartSpec("hinge", "Add a ReLU filling", ()),
    PartSpec("training", "Three models, trained side by side", ()),
    PartSpec("solutions", "A curve of equally good answers", ()),
)
PARTS = tuple(part.id for part in PART_SPECS)
# The layer shown in Part 3's panels; "linear" gets a and b, the pairs get all four.
TITLES = {"linear": "one neuron", "linear2": "two linear neurons", "relu2": "two neurons with ReLU"}

# Part 1's weight tour, before the two "same line" stops that come from the data's best line.
COLLAPSE_TOUR = ((0.5, 20.0, 3.0, -10.0), (-1.0, 60.0, 1.5, 60.0))

# Part 2's hinge tour in unit coordinates (x and y as fractions of the plot): each stop changes
# one or two weights so the viewer sees what each does. Scaled to the data by :func:`to_data`.
HINGE_TOUR = (
    (2.0, -0.4, 0.6, 0.1),    # kink at x = 0.2
    (2.0, -1.2, 0.6, 0.1),    # b moves the kink to 0.6
    (4.0, -1.2, 0.6, 0.1),    # a too: kink at 0.3, steeper
    (4.0, -1.2, 0.25, 0.1),   # c scales the ramp
    (4.0, -1.2, 0.25, 0.45),  # d lifts it
)
# Two units and a shared d: a trough with kinks at 0.35 and 0.65 that no line can follow.
TWO_UNITS = ((-1.0, 0.35, 1.4), (1.0, -0.65, 1.4), 0.15)


# Part 1 and 2 ----------------------------------------------------------------------------------

def collapse(a: float, b: float, c: float, d: float) -> tuple[float, float]:
    """Slope and intercept of c·(a·x + b) + d, regrouped: (ac, cb + d).

    >>> collapse(4.0, 30.0, 0.5, 15.0)
    (2.0, 30.0)
    """
    return a * c, c * b + d


def kink(a: float, b: float) -> float | None:
    """Where a·x + b crosses zero, the hinge of max(0, a·x + b); None when a = 0.

    >>> kink(2.0, -60.0)
    30.0
    """
    return None if a == 0 else -b / a


def to_data(unit, x_span: float, y_span: float) -> tuple[float, float, float, float]:
    """Scale weights of c·max(0, a·u + b) + d on the unit square to x in [0, x_span],
    y in [0, y_span]: a·u + b = (a·y_span/x_span)·x + b·y_span over y_span.

    >>> to_data((2.0, -0.4, 0.6, 0.1), 100.0, 250.0)
    (5.0, -100.0, 0.6, 25.0)
    """
    a, b, c, d = unit
    return a * y_span / x_span, b * y_span, c, d * y_span


def nice_ceiling(v: float) -> float:
    """The next "round" axis end at or above v: 1, 2, 2.5 or 5 times a power of ten.

    >>> nice_ceiling(228.0), nice_ceiling(99.0), nice_ceiling(3.1)
    (250.0, 100.0, 5.0)
    """
    if v <= 0:
        return 1.0
    p = 10.0 ** math.floor(math.log10(v))
    return next(m * p for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * p >= v * (1 - 1e-12))


# Part 3 ----------------------------------------------------------------------------------------

def dead_row(t: Trajectory, names=("a", "b", "c")) -> int | None:
    """The first row (1-based step) from which the derivatives of ``names`` stay exactly zero to
    the end of the run; None if the last row still has one that is not zero.

    >>> t = run(RunConfig(model="relu2", lr=1e-4))
    >>> dead_row(t), bool(t.grads[dead_row(t) - 2, :3].any())
    (27, True)
    """
    g = np.stack([t.grad(n) for n in names], axis=1)
    live = np.flatnonzero((g != 0).any(axis=1) | ~np.isfinite(g).all(axis=1))
    if len(live) == 0:
        return 1
    last = int(live[-1]) + 1
    return last + 1 if last < len(t) else None


@dataclass(frozen=True)
class ModelRun:
    """One model in Part 3's race. Rows are 1-based steps; ``error[k]`` = |ŷ − y| on row k+1."""

    model: str
    title: str
    formula: str
    names: tuple[str, ...]
    params: np.ndarray        # (T, P) weights used on each row
    error: np.ndarray         # (T,)
    diverged_at: int | None   # the row that ran away (not in the arrays)
    dead_row: int | None      # relu2 only: first row from which a, b, c get no derivative
    dead_everywhere: bool     # relu2: at dead_row, a·x + b <= 0 for every x of the data
    kill_step: tuple[float, ...] | None  # relu2: the weights before and after the killing step


def race(model: str, lr: float, init: dict, data, epochs: int) -> ModelRun:
    """Train ``model`` from ``init`` (the weights it uses) for Part 3, and for relu2 find where
    its unit dies.

    >>> from sgdanim.core.data import spreadsheet
    >>> r = race("relu2", 1e-4, dict(a=1.0, b=1.0, c=1.0, d=1.0), spreadsheet(), 2)
    >>> r.dead_row, r.dead_everywhere, [round(v, 2) for v in r.kill_step]
    (27, True, [3.42, 0.99, -28.63, 0.53])
    """
    names = models.get(model).params
    t = run(RunConfig(model=model, lr=lr, init={k: init[k] for k in names}, data=data,
                      epochs=epochs))
    dead, everywhere, kill = None, False, None
    if model == "relu2":
        dead = dead_row(t)
        if dead is not None:
            a, b = t.params[dead - 1, 0], t.params[dead - 1, 1]
            everywhere = bool(np.all(a * data.x + b <= 0))
            if dead >= 2:
                kill = (*t.params[dead - 2, :2], *t.new_params[dead - 2, :2])
    return ModelRun(model, TITLES[model], models.get(model).formula, names, np.array(t.params),
                    np.sqrt(np.array(t.loss)), t.diverged_at, dead, everywhere,
                    None if kill is None else tuple(float(v) for v in kill))


# Part 4 ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Solutions:
    """The one-neuron model's best (a, b) and the collapsed model's curve of equal answers."""

    best: tuple[float, float]     # least squares: slope, intercept
    path_lr: float
    path: np.ndarray              # (T+1, 4) linear2 weights at path_lr, start to end
    path_diverged_at: int | None
    fast_lr: float
    fast_path: np.ndarray         # (K+1, 4) linear2 at Part 3's lr, up to the last finite row
    fast_diverged_at: int | None
    x_big: float                  # the data's largest |x|
    one_neuron_row_limit: float   # 1/(x²+1): past it one step on that row lands farther away
    start_factor: float           # a² + c² at the start: the pair's step on the slope, relative


def slope_factor(a, c):
    """How much more one SGD step moves the slope a·c than a step on a alone (first order):
    d(ac) = c·da + a·dc and da ∝ c, dc ∝ a, so the slope moves (a² + c²) times as far.

    >>> slope_factor(1.0, 1.0)
    2.0
    """
    return a * a + c * c


def solutions(data, init: dict, path_lr: float, path_epochs: int, fast_lr: float) -> Solutions:
    """Part 4's numbers: the least-squares point, a slow and a fast linear2 path from ``init``,
    and the one-neuron step limit on the data's largest |x|.

    >>> from sgdanim.core.data import spreadsheet
    >>> s = solutions(spreadsheet(), dict(a=1.0, b=1.0, c=1.0, d=1.0), 2e-5, 2, 1e-4)
    >>> s.path.shape, s.fast_diverged_at, round(s.one_neuron_row_limit, 7), s.start_factor
    ((59, 4), 28, 0.000102, 2.0)
    """
    slow = run(RunConfig(model="linear2", lr=path_lr, init=init, data=data, epochs=path_epochs))
    fast = run(RunConfig(model="linear2", lr=fast_lr, init=init, data=data, epochs=1))
    x_big = float(np.max(np.abs(data.x)))
    return Solutions(analysis.least_squares(data), path_lr, slow.path(), slow.diverged_at,
                     fast_lr, fast.path(), fast.diverged_at, x_big,
                     float(analysis.row_critical_lr(x_big)),
                     float(slope_factor(init["a"], init["c"])))


# Everything ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReluSandwichNumbers:
    parts: tuple[str, ...]
    data_name: str
    x: np.ndarray
    y: np.ndarray
    x_span: float
    y_span: float
    collapse_tour: tuple[tuple[float, float, float, float], ...]
    hinge_tour: tuple[tuple[float, float, float, float], ...]
    two_units: tuple          # ((a1, b1, c1), (a2, b2, c2), d) in data units
    lr: float
    epochs: int
    init: dict
    runs: dict                # model -> ModelRun, in the order asked for
    solutions: Solutions

    def shown(self) -> dict:
        runs = {}
        for m, r in self.runs.items():
            runs[m] = {"rows": int(len(r.error)), "diverged_at": r.diverged_at,
                       "dead_row": r.dead_row, "dead_everywhere": r.dead_everywhere,
                       "first_error": float(r.error[0]), "last_error": float(r.error[-1]),
                       "last_weights": [float(v) for v in r.params[-1]]}
        s = self.solutions
        return {
            "parts": list(self.parts), "data": self.data_name, "lr": self.lr,
            "epochs": self.epochs, "init": dict(self.init),
            "collapse_tour": [{"weights": list(w), "slope_intercept": list(collapse(*w))}
                              for w in self.collapse_tour],
            "hinge_kinks": [kink(w[0], w[1]) for w in self.hinge_tour],
            "two_unit_kinks": [kink(u[0], u[1]) for u in self.two_units[:2]],
            "runs": runs,
            "solutions": {"best": list(s.best), "path_lr": s.path_lr,
                          "path_end": [float(v) for v in s.path[-1]],
                          "path_diverged_at": s.path_diverged_at, "fast_lr": s.fast_lr,
                          "fast_diverged_at": s.fast_diverged_at,
                          "one_neuron_row_limit": s.one_neuron_row_limit,
                          "start_factor": s.start_factor},
        }


def compute(params) -> ReluSandwichNumbers:
    """Every number the lesson shows, from validated ``params``; refuses (UsageError) an init
    that is not four weights, a repeated model, or data with negative x or y."""
    data = load(params.data)
    if len(params.init) != 4:
        raise UsageError(f"relu-sandwich: init={','.join(f'{v:g}' for v in params.init)} must "
                         "give 4 weights a,b,c,d (one neuron uses a,b)")
    if len(set(params.models)) != len(params.models):
        raise UsageError(f"relu-sandwich: models={','.join(params.models)} repeats a model")
    init = dict(zip("abcd", (float(v) for v in params.init)))
    x_span = nice_ceiling(float(np.max(data.x)))
    y_span = nice_ceiling(float(np.max(data.y)))
    if np.min(data.x) < 0 or np.min(data.y) < 0:
        raise UsageError(f"relu-sandwich: data {data.name!r} has negative x or y; the lesson's "
                         "plots start at 0")

    slope, icept = analysis.least_squares(data)
    # Two different weight sets that both give the best line: the curve of Part 4, foreshadowed.
    same_line = ((2 * slope, icept, 0.5, icept / 2), (slope / 2, icept / 4, 2.0, icept / 2))
    tour = (tuple(init.values()), *COLLAPSE_TOUR, *same_line)
    hinges = tuple(to_data(w, x_span, y_span) for w in HINGE_TOUR)
    (u1, u2, d) = TWO_UNITS
    two = tuple(to_data((*u, 0.0), x_span, y_span)[:3] for u in (u1, u2)) + (d * y_span,)

    runs = {m: race(m, params.lr, init, data, params.epochs) for m in params.models}
    sols = solutions(data, init, params.path_lr, params.path_epochs, params.lr)
    return ReluSandwichNumbers(tuple(params.parts), data.name, np.array(data.x),
                               np.array(data.y), x_span, y_span, tour, hinges, two, params.lr,
                               params.epochs, init, runs, sols)


LESSON = Lesson(
    id="relu-sandwich",
    title="The ReLU sandwich: why two linear neurons are one line, and a harder one to train",
    summary="Stacked linear neurons collapse into one line yet train worse; a ReLU bends it.",
    scene="scenes.relu_sandwich.scene:ReluSandwich",
    params=(
        Param("lr", "float", 1e-4, "part 3's learning rate (the thread's)", low=0,
              low_open=True, high=1),
        Param("init", "floats", (1.0, 1.0, 1.0, 1.0), "starting weights a,b,c,d "
              "(one neuron uses a,b)", low=-100, high=100),
        Param("models", "strs", MODEL_CHOICES, "part 3's models, side by side",
              choices=MODEL_CHOICES),
        Param("epochs", "int", 2, "part 3's epochs over the data", low=1, high=5),
        Param("path_lr", "float", 2e-5, "part 4's learning rate for the two-linear-neuron path "
              "(small, so the path stays drawable)", low=0, low_open=True, high=1),
        Param("path_epochs", "int", 2, "part 4's epochs for that path", low=1, high=20),
        parts_param(PART_SPECS),
        Param("data", "str", "spreadsheet",
              "spreadsheet, synthetic[:seed=0,n=29,slope=2,intercept=30,noise=0] or a path to "
              "an x,y CSV"),
    ),
    compute=compute,
    parts=PART_SPECS,
    order=60,
)
