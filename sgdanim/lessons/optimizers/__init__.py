"""Lesson ``optimizers``: the spreadsheet's five optimizer sheets as one race.

SGD, momentum, RMSProp, Adam and Adam with the annealing macro all start at a = b = 1 on the
same rows, each with its sheet's conventions (dampened momentum; RMSProp as torch; Adam without
bias correction and with eps = 0; annealing divides lr by 4 when the epoch's gradient size is
more than twice the best seen). Each races at its best lr from a sweep (``sweep``; or, with
``tune=sheets``, at the sheets' hand-picked lrs). The lesson draws the sweep, their paths over
the (a, b) loss contours, their rmse per epoch, and a table of how many epochs each needed to
get below a target rmse.

Every number here comes from :func:`sgdanim.core.trajectory.run`; the scene only draws them.

Examples
--------
>>> n = compute(LESSON.defaults())
>>> [(r.name, r.epochs_to_target) for r in n.racers]
[('sgd', None), ('momentum', None), ('rmsprop', None), ('adam', 40), ('adam_ann', 20)]
>>> [(e.kind, e.row // n.rows) for e in n.race.events]   # where the race pauses (epochs)
[('rmse', 13), ('target', 20), ('drop', 25), ('drop', 26), ('target', 40)]
>>> n.outside_rows()                         # every path stays inside the drawn box
0
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from ...core.clip import BoxedPath, box_of, boxed_path
from ...core.data import load
from ...core.errors import UsageError
from ...core.landscape import Landscape
from ...core.optimizers import Annealer
from ...core.params import Param
from ...core.ticks import nice_step, padded_range
from ...core.trajectory import CARRIES, RunConfig, run
from .. import Lesson, PartSpec, data_param, parts_param, positive_param
from .finish import Finish, finish_of
from .inset import Inset, inset_of
from .race import (Beat, Event, Race, Shadow, bounce_of, grad_jumps,  # noqa: F401 (API)
                   near_misses, race_plan, rmse_now, shadows, snapshot_epochs)
from .steps import (StepStory, mean_steps, net_step_b, reach_epoch, step_decades, step_story,
                    steps_title)
from .sweep import TUNES, SweepNumbers, lr_param, off_sheet, sweep_numbers, sweep_title

RACERS = ("sgd", "momentum", "rmsprop", "adam", "adam_ann")
# The run behind each name: (optimizer, anneal), with the core's (the sheet's) hyperparameters.
RUNS = {**{name: (name, False) for name in RACERS[:4]}, "adam_ann": ("adam", True)}
START = (1.0, 1.0)                  # (a, b)
# Path points whose loss is more than this many times the start's (rmse 4x) stay outside the box
# (the scene marks them at the edge), so one runaway cannot shrink everyone else to a dot.
VIEW_LOSS_CAP = 16.0

# Every part reads every parameter but ``parts``: the drawn box is fitted to every racer's whole
# path, and the table (its header is up from the first part on) is centred on all its cells.
READS = ("optimizers", "tune", "lr", "lr_momentum", "lr_rmsprop", "lr_adam", "lr_adam_ann", "epochs",
         "target", "carry", "data")
PART_SPECS = (
    PartSpec("bowl", "The bowl and the start", READS),
    PartSpec("sweep", "A fair start: each its best lr", READS, titled=sweep_title),
    PartSpec("rules", "One rule per optimizer", READS),
    PartSpec("race", "The race", READS),
    PartSpec("table", "Epochs to the target", READS),
    PartSpec("steps", "Why per-weight steps win", READS, titled=steps_title),
)

PARAMS = (
    parts_param(PART_SPECS),
    Param("optimizers", "strs", RACERS, "which optimizers race (drawn in this order: "
          + ", ".join(RACERS) + ")", choices=RACERS),
    Param("tune", "str", "sweep", "each racer's lr: sweep (the lowest last-epoch RMSE on a log "
          "grid 1e-8..10, below the first lr that runs away) or sheets (lr, lr_momentum, ...)",
          choices=TUNES),
    positive_param("lr", 1e-4, "with tune=sheets: SGD's learning rate (the basic sheet's); "
                   "each other optimizer has its own lr_<name>", high=100),
    positive_param("lr_momentum", 1e-4, "momentum's learning rate (dampened, β = 0.9)",
                   high=100),
    positive_param("lr_rmsprop", 0.02, "RMSProp's learning rate (β = 0.9, eps = 1e-8)",
                   high=100),
    positive_param("lr_adam", 0.1, "Adam's learning rate (β 0.9, β2 0.99, eps 0, no bias "
                   "correction)", high=100),
    positive_param("lr_adam_ann", 1.0, "annealed Adam's starting learning rate (divided by 4 "
                   "whenever an epoch's gradient size passes twice its best)", high=100),
    Param("epochs", "int", 40, "epochs every optimizer runs", low=1, high=200),
    positive_param("target", 1.0, "the table counts the epochs until rmse < target", high=1e4),
    Param("carry", "str", "updated", "what starts the next epoch: updated (the last step's "
          "result) or sheet (the weights the last row used, as the sheet's macros copy)",
          choices=CARRIES),
    data_param(),
)


@dataclass(frozen=True)
class Rule:
    """The numbers in a racer's update rule; an average x ← decay·x + weight·new is a pair."""

    mean: tuple[float, float] | None     # m, the average of the gradients (momentum, Adam)
    square: tuple[float, float] | None   # v, the average of the squared gradients
    eps: float                           # added to √v (0: nothing is added)
    anneal: tuple[float, float] | None   # (ratio, factor): lr ÷ factor when G > ratio·min G


@dataclass(frozen=True)
class Racer:
    """One optimizer's run. Arrays stop where the run ran away, if it did."""

    name: str
    lr: float                       # the starting learning rate
    path: np.ndarray                # (rows kept + 1, 2): (a, b) before each row, then the last made
    rmse: np.ndarray                # √(mean row loss) of each complete epoch
    lr_drops: tuple[tuple[int, float], ...]   # (epoch the new lr starts, new lr)
    diverged_at: int | None         # 1-based step that ran away
    epochs_to_target: int | None    # first epoch with rmse < target
    rule: Rule
    boxed: BoxedPath
    trail_rows: np.ndarray          # path rows the trail is drawn through: each epoch's start
    step_a: float                   # mean |Δa| per row over the run (across the valley)
    step_b: float                   # mean |Δb| per row (along it)
    rising: bool                    # its last epoch's rmse is above the one before
    net_b: float = 0.0              # how far b got toward its best, per row (net)
    end_a: float = 0.0              # mean |Δa| per row over the last epoch: the rattle left
    reach_epoch: int | None = None  # first epoch that ends with b within 1 of the best b
    settled_epoch: int | None = None  # first epoch from which rmse stays < target to the end
    first_a: float = 0.0            # mean |Δa| per row over epoch 1: its step across the valley
    first_b: float = 0.0            # and along it, from the same start (the rule's doing, not
                                    # where it has got to)
    bounce: tuple[int, float] | None = None   # (epoch, rmse): its highest after its first dip
                                              # below the target, if it climbed back over it
    jumps: tuple[float, ...] = ()   # annealing's G over its min before, epochs 2 on (race.py)

    @property
    def first_ratio(self) -> float | None:
        """b's step over a's in epoch 1: how the rule sizes the two weights' steps (None if a
        did not move: no ratio, where 0 would say b did not)."""
        return self.first_b / self.first_a if self.first_a > 0 else None

    def cut(self, lr: float) -> int:
        """How many times annealing has divided the starting lr to reach ``lr`` (one of its
        :attr:`lr_drops`' lrs; 1 for the lr it started from): the table's "÷ 16"."""
        return round(self.lr / lr)

    @property
    def log_steps(self) -> tuple[float, float]:
        """log10 of (end_a, net_b): where the step plot puts the racer, its rattle across the
        valley at the end against how far b got (-inf or NaN for none, or b going back)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.log10(self.end_a)), float(np.log10(self.net_b))

    @property
    def final_rmse(self) -> float | None:
        return float(self.rmse[-1]) if len(self.rmse) else None


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
    epoch_step: int                 # tick step of the rmse plot's epoch axis
    racers: tuple[Racer, ...]
    race: Race
    landscape: Landscape
    step_a_decades: tuple[int, int]    # log10 bounds of the step plot: |Δa| per row
    step_b_decades: tuple[int, int]    # and |Δb| per row
    steps: StepStory
    sweep: SweepNumbers
    inset: Inset | None             # a zoom on the slow racers' corner, if they crowd one
    shadows: tuple[Shadow, ...] = ()   # racers whose dot runs under another's (drawn as rings)
    finish: Finish | None = None    # a zoom on the racers that end at the star, if several do
    off_sheet: tuple[str, ...] = ()  # racers whose lr_<name> is not their sheet's (read
                                     # with tune=sheets: a sweep sets its own)

    def outside_rows(self) -> int:
        """How many path points of all racers fall outside the drawn box."""
        return int(sum(r.boxed.outside.sum() for r in self.racers))

    def shown(self) -> dict:
        racers = [{"name": r.name, "lr": r.lr, "rmse": r.rmse.tolist(),
                   "lr_drops": [list(d) for d in r.lr_drops], "diverged_at": r.diverged_at,
                   "epochs_to_target": r.epochs_to_target, "final_rmse": r.final_rmse,
                   "rising": r.rising, "step_a": r.step_a, "step_b": r.step_b,
                   "net_b": r.net_b, "end_a": r.end_a, "reach_epoch": r.reach_epoch,
                   "settled_epoch": r.settled_epoch, "first_a": r.first_a, "first_b": r.first_b,
                   "bounce": None if r.bounce is None else list(r.bounce),
                   "jumps": list(r.jumps)}
                  for r in self.racers]
        return {"data": self.data_name, "rows": self.rows, "epochs": self.epochs,
                "target_rmse": self.target, "carry": self.carry, "start": list(self.start),
                "optimum": list(self.optimum), "a_range": list(self.a_range),
                "b_range": list(self.b_range), "levels": self.levels.tolist(),
                "outside_rows": self.outside_rows(), "racers": racers, "tune": self.sweep.used,
                "sweep": self.sweep.shown(),
                "inset": self.inset.shown() if self.inset is not None else None,
                "shadows": [[s.under, s.over, s.split] for s in self.shadows],
                "finish": self.finish.shown() if self.finish is not None else None}


def first_below(rmse: np.ndarray, target: float) -> int | None:
    """The 1-based epoch whose rmse first falls below ``target``, or None.

    >>> first_below(np.array([3.0, 1.5, 0.9, 1.2]), 1.0), first_below(np.array([2.0]), 1.0)
    (3, None)
    """
    hits = np.flatnonzero(np.asarray(rmse) < target)
    return int(hits[0]) + 1 if hits.size else None


def settled_below(rmse: np.ndarray, target: float) -> int | None:
    """The 1-based epoch from which every later epoch's rmse is below ``target`` (None if the
    last one is not): where a racer that dipped below and climbed back finally stays.

    >>> settled_below(np.array([3.0, 0.5, 2.0, 0.9, 0.8]), 1.0), settled_below(np.array([0.5, 2.0]), 1.0)
    (4, None)
    """
    above = np.flatnonzero(np.asarray(rmse) >= target)
    if not len(rmse) or (above.size and above[-1] == len(rmse) - 1):
        return None
    return int(above[-1]) + 2 if above.size else 1


def axis_range(lo: float, hi: float) -> tuple[float, float, float]:
    """Round ``[lo, hi]`` outward to ticks after a small margin: (min, max, step).

    >>> axis_range(1.0, 30.4)
    (0.0, 35.0, 5.0)
    """
    return padded_range(lo, hi, 0.02, 5)


def view_box(paths, land: Landscape, start) -> tuple[tuple, tuple]:
    """The drawn (a, b) box: the start, the optimum and every path point whose loss is within
    :data:`VIEW_LOSS_CAP` times the start's."""
    cap = VIEW_LOSS_CAP * max(float(land.loss(*start)), land.min_loss, 1e-12)
    pts = [np.asarray([start, land.optimum], dtype=np.float64)]
    for path in paths:
        with np.errstate(over="ignore", invalid="ignore"):
            loss = np.asarray(land.loss(path[:, 0], path[:, 1]))
        pts.append(path[np.isfinite(loss) & (loss <= cap)])
    return tuple(axis_range(column.min(), column.max()) for column in np.concatenate(pts).T)


def rmse_axis(racers, target: float, epochs: int) -> tuple[tuple[int, int], int]:
    """The rmse plot's log10 bounds, with a little room past the extremes so neither the target
    line nor a curve lies on an edge, and its whole-epoch tick step (about five ticks)."""
    finite = np.concatenate([r.rmse for r in racers] + [np.array([target])])
    finite = finite[np.isfinite(finite) & (finite > 0)]
    d0, d1 = (int(math.floor(math.log10(0.9 * finite.min()))),
              int(math.ceil(math.log10(1.1 * finite.max()))))
    step = nice_step(epochs, 5, mantissas=(1, 2, 5, 10), nearest=True)
    return (d0, max(d1, d0 + 1)), max(1, int(step))


def rule_of(config: RunConfig) -> Rule:
    """The numbers in the update rule of ``config``'s run, from the optimizer it builds."""
    opt, name = config.build_optimizer(), config.optimizer
    mean = square = None
    if name == "momentum":
        mean = (opt.beta, 1.0 - opt.beta if opt.dampening else 1.0)
    elif name == "rmsprop":
        square = (opt.beta, 1.0 - opt.beta)
    elif name == "adam":
        mean, square = (opt.beta, 1.0 - opt.beta), (opt.beta2, 1.0 - opt.beta2)
    anneal = Annealer() if config.anneal else None
    return Rule(mean, square, float(getattr(opt, "eps", 0.0)),
                (anneal.ratio, anneal.factor) if anneal else None)


def racer_config(name: str, params, data) -> RunConfig:
    """The racer's run, at the lr its sheet gives it: SGD the lesson-wide ``lr``, the others
    their own ``lr_<name>`` (the sweep replaces it)."""
    optimizer, anneal = RUNS[name]
    lr = float(params[lr_param(name)])
    return RunConfig(optimizer=optimizer, lr=lr, anneal=anneal, init=dict(zip("ab", START)),
                     data=data, epochs=params.epochs, carry=params.carry)


def _run(config: RunConfig):
    """The racer's trajectory and its (a, b) path, without the step that ran away (it produced
    nothing finite)."""
    t = run(config)
    path = np.column_stack([t.path()[:, t.param_names.index(k)] for k in ("a", "b")])
    return t, path[:-1] if t.diverged_at is not None else path


def _racer(name: str, t, path, box, target: float) -> Racer:
    rows = len(t.config.data)
    full = len(t) // rows                    # a run that ran away keeps only whole epochs' rmse
    rmse = t.epoch_rmse()[:full]
    drops = np.flatnonzero(np.diff(t.lr) != 0) + 1          # rows where the lr changes
    trail = np.unique(np.append(np.arange(0, len(path), rows), len(path) - 1))
    best_b = float(Landscape.of(t.config.data).optimum[1])
    return Racer(name, float(t.config.lr), path, rmse,
                 tuple((int(t.epoch[k]), float(t.lr[k])) for k in drops), t.diverged_at,
                 first_below(rmse, target), rule_of(t.config), boxed_path(path, box_of(*box)),
                 trail, *mean_steps(path), bool(len(rmse) >= 2 and rmse[-1] > rmse[-2]),
                 net_step_b(path, best_b), mean_steps(path[-rows - 1:])[0],
                 reach_epoch(path, rows, best_b),
                 settled_below(rmse, target), *mean_steps(path[:rows + 1]),
                 bounce=bounce_of(rmse, target),
                 jumps=grad_jumps(t.state.get("sqr"), rows) if t.config.anneal else ())


def compute(params) -> OptimizersNumbers:
    names = tuple(params.optimizers)
    if len(set(names)) != len(names):
        raise UsageError(f"optimizers: optimizers={','.join(names)} names one twice")
    data = load(params.data)
    land = Landscape.of(data)
    if not (land.eigenvalues[0] > 1e-12 * max(land.eigenvalues[-1], 1.0)):
        raise UsageError(f"optimizers: data {params.data!r} needs at least two distinct x values "
                         "for a bowl with one lowest point")
    configs = {name: racer_config(name, params, data) for name in RACERS if name in names}
    tuned = sweep_numbers(configs, params.tune == "sweep", land)
    if tuned.used:
        configs = {name: replace(c, lr=tuned.tunings[name].best_lr) for name, c in configs.items()}
    runs = {name: _run(config) for name, config in configs.items()}
    box = view_box([path for _, path in runs.values()], land, START)
    racers = tuple(_racer(name, *run, box, params.target) for name, run in runs.items())
    corners = [land.loss(a, b) for a in box[0][:2] for b in box[1][:2]]
    inset = inset_of(racers, box, len(data), land, START)
    story = step_story(racers, START[1], land.optimum[1])
    return OptimizersNumbers(
        data.name, len(data), params.epochs, float(params.target), params.carry, START,
        tuple(map(float, land.optimum)), *box, land.levels(float(max(corners)), count=9),
        *rmse_axis(racers, params.target, params.epochs), racers,
        race_plan(racers, len(data), params.epochs, params.target, box[1][1] - box[1][0]), land,
        *step_decades(racers, story.arrive), story, tuned, inset,
        shadows(racers, box), finish_of(racers, box, land, START, inset),
        off_sheet(params, names, {p.name: p.default for p in PARAMS}))


LESSON = Lesson(
    id="optimizers", scene="scenes.optimizers.scene:Optimizers",
    title="Five optimizers, one race",
    summary="The spreadsheet's SGD, momentum, RMSProp, Adam and annealed Adam race from a = b = 1.",
    params=PARAMS, compute=compute, parts=PART_SPECS, order=70)
