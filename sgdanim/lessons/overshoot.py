"""Lesson ``overshoot``: a learning rate too big turns into a runaway loop.

``parabola``: one weight on L(w) = λ/2·(w − w*)² at three rates; each step multiplies the
distance to w* by |1 − lr·λ|. ``sweep``: y = a·x + b on the data at several rates, against
2/λmax of the mean loss. ``thread``: the forum thread's run, exploding within one epoch.

Examples
--------
>>> n = compute(LESSON.defaults())
>>> [r.regime for r in n.parabola.runs], n.parabola.runs[2].w.round(4).tolist()[:3]
(['creeps', 'zigzags', 'runs away'], [1.0, -1.3, 1.69])
>>> [lane.above_critical for lane in n.sweep.lanes], (n.sweep.above_ran, n.sweep.above)
([False, False, True, True, True], (3, 3))
>>> n.sweep.note, n.thread.diverged_at    # lr = 3.16e-4 is past 1/(x²+1); row 28 runs away
(SweepNote(kind='past_row_critical', lane=1), 28)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from ..core import analysis, models
from ..core.data import Dataset, load
from ..core.errors import UsageError
from ..core.params import Param
from ..core.trajectory import RunConfig, run, sweep
from . import Lesson, PartSpec, parts_param

MAX_LANES = 6          # one colour per curve; more would be unreadable
PART1_REACH = 1e3      # farthest |w - w*| part 1 draws: its axis and loop numbers stay legible
REACH_MARGIN = 1.1     # a parabola panel shows 10% more than its run's farthest weight
LOG_INTERVALS = 6      # a log axis labels at most about this many intervals of decades


@dataclass(frozen=True)
class LogScale:
    """A log axis of whole decades, 10^low to 10^high, labelled every ``per_tick`` decades
    from 10^0 (``low`` is one of them). The plot puts a curve's |values| on it, sizes below
    10^low (0 among them) on the bottom."""

    low: int
    high: int
    per_tick: int


def log_scale(curves, floor: int, top: int | None = None) -> LogScale:
    """The decades holding every |value| of ``curves`` (raised to 10^floor; up to ``top`` if
    given), the bottom lowered to a labelled decade; a value that is not finite raises.

    >>> log_scale([[0.0, 0.01, -5.0], []], floor=-2, top=12)   # a label every 3 decades
    LogScale(low=-3, high=12, per_tick=3)
    """
    sizes = [np.abs(np.asarray(c, dtype=np.float64)) for c in curves]
    if not all(np.isfinite(v).all() for v in sizes):
        raise ValueError("log_scale got a value that is not finite")
    with np.errstate(divide="ignore"):
        seen = np.concatenate([np.maximum(np.log10(np.ravel(v)), floor) for v in sizes if v.size]
                              or [np.array([floor, floor + 1.0])])
    low = int(math.floor(seen.min()))
    high = max(top if top is not None else int(math.ceil(seen.max())), low + 1)
    per_tick = max(1, math.ceil((high - low) / LOG_INTERVALS))
    return LogScale(per_tick * math.floor(low / per_tick), high, per_tick)


def regime(lr: float, lam: float) -> str:
    """What gradient descent does on a parabola of curvature ``lam`` at rate ``lr``: 1 − lr·λ in
    (0, 1) creeps, (−1, 0) zig-zags inward, 0 lands on w*, −1 bounces, below −1 runs away.

    >>> regime(1.0, 2.0), regime(0.5, 2.0), regime(0.8, 2.0)
    ('bounces', 'lands', 'zigzags')
    """
    q = lr * lam
    if math.isclose(q, 1.0, rel_tol=1e-12):
        return "lands"
    if math.isclose(q, 2.0, rel_tol=1e-12):
        return "bounces"
    return "creeps" if q < 1 else "zigzags" if q < 2 else "runs away"


@dataclass(frozen=True)
class ParabolaRun:
    """One learning rate on the parabola: the weights ``w`` visited and, per step k, the loop's
    four numbers ``loop[k]``: |w_k − w*|, L'(w_k) = λ·(w_k − w*), the step lr·L'(w_k) (signed,
    subtracted from w) and |w_{k+1} − w*|."""

    lr: float
    factor: float          # 1 − lr·λ: what each step multiplies w − w* by
    ratio: float           # |1 − lr·λ|: what each step multiplies the distance to w* by
    regime: str
    w: np.ndarray
    distance: np.ndarray   # |w_k − w*| for every weight visited
    loop: np.ndarray       # (steps, 4)
    reach: float           # how far from w* its panel reaches: a margin past its farthest weight
    top: float             # L(w* ± reach): the height its panel needs


def parabola_run(lr: float, lam: float, w_star: float, w0: float, steps: int) -> ParabolaRun:
    """``steps`` steps of gradient descent on L(w) = λ/2·(w − w*)² from ``w0``:
    w_{k+1} = w_k − lr·λ·(w_k − w*).

    >>> parabola_run(0.5, 1.0, 2.0, w0=3.0, steps=2).w.tolist()   # halves the distance each step
    [3.0, 2.5, 2.25]
    >>> r = parabola_run(1.15, 2.0, 0.0, w0=1.0, steps=2)
    >>> round(r.ratio, 2), r.regime, round(r.reach, 3), r.loop.round(2).tolist()[1]
    (1.3, 'runs away', 1.859, [1.3, -2.6, -2.99, 1.69])
    """
    w = [float(w0)]
    for _ in range(steps):
        w.append(w[-1] - lr * lam * (w[-1] - w_star))
    w = np.array(w)
    d = np.abs(w - w_star)
    slope = lam * (w[:-1] - w_star)
    reach = REACH_MARGIN * float(d.max())
    return ParabolaRun(lr, 1.0 - lr * lam, abs(1.0 - lr * lam), regime(lr, lam), w, d,
                       np.column_stack([d[:-1], slope, lr * slope, d[1:]]), reach,
                       0.5 * lam * reach ** 2)


@dataclass(frozen=True)
class ParabolaNumbers:
    """Part 1: the runs (small, zig-zag, runaway, as given) and the lr line under them."""

    lam: float
    w_star: float
    runs: tuple[ParabolaRun, ...]
    lands_lr: float        # 1/λ: one step lands on w*
    critical_lr: float     # 2/λ: above it the distance grows
    line_end: float        # the lr line's end: past 2/λ and every run's lr
    loop_widest: np.ndarray  # (4,) the largest |number| each loop node shows, over all runs

    def loss(self, w):
        """L(w) = λ/2·(w − w*)²."""
        return 0.5 * self.lam * (w - self.w_star) ** 2


def _parabola(params) -> ParabolaNumbers:
    if params.w0 == params.w_star:
        raise UsageError(f"overshoot: w0={params.w0:g} must differ from w_star, or nothing moves")
    lam, w_star = params.curvature, params.w_star
    rates = {"lr_small": params.lr_small, "lr_zigzag": params.lr_zigzag, "lr": params.lr}
    runs = tuple(parabola_run(lr, lam, w_star, params.w0, params.steps) for lr in rates.values())
    for name, r in zip(rates, runs):
        if r.distance.max() > PART1_REACH:
            raise UsageError(f"overshoot: {name}={r.lr:g} with steps={params.steps} carries w to "
                             f"{r.w[-1]:.3g}; part 1 draws |w - w*| up to {PART1_REACH:g} "
                             f"(lower {name}, steps or w0)")
    return ParabolaNumbers(lam, w_star, runs, 1 / lam, 2 / lam,
                           max(2.6 / lam, 1.12 * max(r.lr for r in runs)),
                           np.abs(np.concatenate([r.loop for r in runs])).max(axis=0))


@dataclass(frozen=True)
class SweepLane:
    """One learning rate of the sweep: the error of each row until it ran away."""

    lr: float
    loss: np.ndarray               # (rows kept,), all finite
    diverged_at: int | None        # 1-based step number, as in Trajectory
    above_critical: bool


@dataclass(frozen=True)
class SweepNote:
    """Lane ``lane``, below the critical lr, ``ran_away_below`` or is ``past_row_critical``."""

    kind: str
    lane: int


@dataclass(frozen=True)
class SweepNumbers:
    """Part 2: SGD with ``model`` over the data at each rate of ``lrs``."""

    model: str
    data_name: str
    rows: int
    epochs: int
    steps: int                     # rows × epochs: every row the sweep can run
    epoch_ends: tuple[int, ...]    # the last row of each epoch before the last
    x_max: float                   # the largest |x| of the data
    lam_max: float
    critical_lr: float             # 2/λmax of the mean loss
    row_critical_lr: float         # 1/(x²+1) of the row with the largest |x|
    lanes: tuple[SweepLane, ...]
    by_lr: tuple[int, ...]         # lane indices, smallest lr first
    above: int                     # how many rates are above the critical lr
    above_ran: int                 # how many of those ran away
    max_loss: float                # a run stops once a row's error passes this
    cap_decade: int                # log10 of max_loss
    scale: LogScale                # the error axis: every lane's error fits
    note: SweepNote | None


def sweep_note(lanes, row_critical_lr: float) -> SweepNote | None:
    """What the rates below the critical lr did that the mean loss does not say: the first that
    ran away anyway, else the biggest if it is past the widest row's 1/(x²+1), else nothing."""
    below = [i for i, lane in enumerate(lanes) if not lane.above_critical]
    wild = [i for i in below if lanes[i].diverged_at is not None]
    if wild:
        return SweepNote("ran_away_below", wild[0])
    top = max(below, key=lambda i: lanes[i].lr, default=None)
    if top is None or lanes[top].lr <= row_critical_lr:
        return None
    return SweepNote("past_row_critical", top)


def _sweep(params, data: Dataset) -> SweepNumbers:
    if len(params.lrs) > MAX_LANES:
        raise UsageError(f"overshoot: lrs has {len(params.lrs)} values; at most {MAX_LANES} fit")
    crit = analysis.critical_lr(data)
    config = RunConfig(model="linear", lr=params.lrs[0], epochs=params.epochs, data=data)
    swept = sweep(config, params.lrs)
    lanes = tuple(SweepLane(float(lr), np.array(t.loss), t.diverged_at, lr > crit)
                  for lr, t in zip(params.lrs, map(swept.lane, range(len(params.lrs)))))
    above = [lane for lane in lanes if lane.above_critical]
    x_big = float(np.max(np.abs(data.x)))
    row_crit = float(analysis.row_critical_lr(x_big))
    cap = round(math.log10(config.max_loss))
    return SweepNumbers(
        config.model, data.name, len(data), params.epochs, params.epochs * len(data),
        tuple(e * len(data) for e in range(1, params.epochs)), x_big,
        float(analysis.curvatures(data)[0][-1]), crit, row_crit, lanes,
        tuple(int(i) for i in np.argsort([lane.lr for lane in lanes])), len(above),
        sum(lane.diverged_at is not None for lane in above), config.max_loss, cap,
        log_scale([lane.loss for lane in lanes], floor=-2, top=cap), sweep_note(lanes, row_crit))


@dataclass(frozen=True)
class ThreadRun:
    """The thread's run: error, weights and derivatives per row until it ran away, and the log
    axes that show them (the error's, and one each that every weight's and every derivative's
    size fits)."""

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
    error_scale: LogScale
    weight_scale: LogScale
    derivative_scale: LogScale


def _thread(params, data: Dataset) -> ThreadRun:
    names, init = models.get(params.model).params, params.init
    init = init * len(names) if len(init) == 1 else init
    if len(init) != len(names):
        raise UsageError(f"overshoot: init={','.join(f'{v:g}' for v in params.init)} must give 1 "
                         f"or {len(names)} weights for {params.model} ({', '.join(names)})")
    init = dict(zip(names, (float(v) for v in init)))
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
    return ThreadRun(params.model, params.lr_thread, params.grad, t.param_names,
                     tuple(init.values()), len(data), loss, weights, grads, t.diverged_at,
                     config.max_loss, runaway_loss,
                     runaway_loss is not None and runaway_loss > config.max_loss, len(loss), cap,
                     log_scale([loss], floor=-2, top=cap), log_scale(weights.T, floor=-1),
                     log_scale(grads.T, floor=-1))


@dataclass(frozen=True)
class OvershootNumbers:
    parabola: ParabolaNumbers
    sweep: SweepNumbers
    thread: ThreadRun

    def shown(self) -> dict:
        p, s, th = self.parabola, self.sweep, self.thread
        return {
            "parabola": [{"lr": r.lr, "lam": p.lam, "w_star": p.w_star, "factor": r.factor,
                          "regime": r.regime, "w": r.w.tolist()} for r in p.runs],
            "parabola_critical_lr": p.critical_lr, "data": s.data_name, "lam_max": s.lam_max,
            "epochs": s.epochs, "critical_lr": s.critical_lr, "row_critical_lr": s.row_critical_lr,
            "sweep": [{"lr": lane.lr, "diverged_at": lane.diverged_at, "rows_kept": len(lane.loss),
                       "above_critical": lane.above_critical} for lane in s.lanes],
            "sweep_note": None if s.note is None else {"kind": s.note.kind, "lane": s.note.lane},
            "thread": {"model": th.model, "lr": th.lr, "grad": th.grad, "init": list(th.init),
                       "diverged_at": th.diverged_at, "max_loss": th.max_loss,
                       "runaway_loss": th.runaway_loss, "rows_kept": th.kept},
        }


def compute(params) -> OvershootNumbers:
    data = load(params.data)
    return OvershootNumbers(_parabola(params), _sweep(params, data), _thread(params, data))


PART_SPECS = (
    PartSpec("parabola", "One weight on a parabola",
             ("lr", "lr_small", "lr_zigzag", "curvature", "w_star", "w0", "steps")),
    PartSpec("sweep", "Learning rates on the spreadsheet's rows", ("lrs", "epochs", "data")),
    PartSpec("thread", "The thread's experiment", ("model", "grad", "lr_thread", "init", "data")),
)


def _rate(name: str, default: float, text: str, high: float = 100) -> Param:
    return Param(name, "float", default, text, low=0, low_open=True, high=high)


LESSON = Lesson(
    id="overshoot",
    title="Overshoot: a learning rate too big turns into a runaway loop",
    summary="Too big a step lands where the slope is steeper, so the next step is bigger still.",
    scene="scenes.overshoot.scene:Overshoot",
    params=(
        parts_param(PART_SPECS),
        _rate("lr", 1.15, "part 1's runaway learning rate (above 2/curvature)"),
        _rate("lr_small", 0.15, "part 1's small learning rate (below 1/curvature)"),
        _rate("lr_zigzag", 0.8, "part 1's zig-zag rate (between 1/ and 2/curvature)"),
        _rate("curvature", 2.0, "part 1's λ in L(w) = λ/2·(w − w*)²"),
        Param("w_star", "float", 0.0, "part 1's minimum w*", low=-100, high=100),
        Param("w0", "float", 1.0, "part 1's starting weight", low=-100, high=100),
        Param("steps", "int", 5, "part 1's steps per learning rate", low=1, high=10),
        Param("lrs", "floats", (1e-4, 3.16e-4, 1e-3, 3.16e-3, 1e-2),
              "part 2's learning-rate sweep (y = a·x + b)", low=0, low_open=True, high=10),
        Param("epochs", "int", 2, "part 2's epochs over the data", low=1, high=5),
        Param("model", "str", "linear2", "part 3's model", choices=tuple(models.MODELS)),
        Param("grad", "str", "numeric", "part 3's derivatives: numeric (finite differences, "
              "as in the thread) or analytic", choices=("numeric", "analytic")),
        _rate("lr_thread", 1e-4, "part 3's learning rate", high=10),
        Param("init", "floats", (1.0,), "part 3's starting weights in model order "
              "(one value sets them all)", low=-1e3, high=1e3),
        Param("data", "str", "spreadsheet", "spreadsheet, synthetic[:seed=0,n=29,slope=2,"
              "intercept=30,noise=0] or a path to an x,y CSV"),
    ),
    compute=compute, parts=PART_SPECS, order=50,
)
