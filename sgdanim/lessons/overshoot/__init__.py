"""Lesson ``overshoot``: a learning rate too big turns into a runaway loop.

``question``: one neuron trains at the thread's lr, two stacked neurons run away at it. Why?
``parabola``: one weight on L(w) = λ/2·(w − w*)² at three rates; each step multiplies the
distance to w* by |1 − lr·λ|. ``sweep``: y = a·x + b on the data at several rates, against one
neuron's two limits (the mean loss's 2/λmax and the worst row's 1/(x²+1)). ``thread``: the
forum thread's run, exploding within one epoch as its effective lr, lr·(a² + c²), grows.

The parts' numbers are computed in :mod:`.parabola`, :mod:`.sweep` and :mod:`.thread` (the
last for ``question`` too); this module declares the lesson and gathers them.

Examples
--------
>>> n = compute(LESSON.defaults())
>>> [r.regime for r in n.parabola.runs], n.parabola.runs[2].w.round(4).tolist()[:3]
(['creeps', 'zigzags', 'runs away'], [1.0, -1.3, 1.69])
>>> [lane.above_critical for lane in n.sweep.lanes], (n.sweep.above_ran, n.sweep.above)
([False, False, True, True, True], (3, 3))
>>> n.sweep.note, n.thread.diverged_at    # lr = 3.16e-4 is past 1/(x²+1); row 28 runs away
(SweepNote(kind='past_row_critical', lane=1), 28)
>>> t = n.thread                          # a² + c²: 2 at the start, 62 on row 26
>>> round(float(t.growth[0]), 2), round(float(t.growth[25]), 1), t.climb_from, round(t.share, 2)
(2.0, 62.4, 24, 0.98)
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core import models
from ...core.data import load
from ...core.params import Param
from .. import Lesson, PartSpec, parts_param
from ..thread_run import DATA, GRAD, INIT, LR, differs
from .parabola import ParabolaNumbers, ParabolaRun, _parabola, parabola_run, regime
from .scales import LOG_INTERVALS, MAX_LANES, LogScale, log_scale
from .sweep import SweepLane, SweepNote, SweepNumbers, _sweep, sweep_note
from .thread import ThreadRun, _thread

__all__ = ["LESSON", "LOG_INTERVALS", "MAX_LANES", "PART_SPECS", "LogScale", "OvershootNumbers",
           "ParabolaNumbers", "ParabolaRun", "SweepLane", "SweepNote", "SweepNumbers", "ThreadRun",
           "compute", "log_scale", "parabola_run", "regime", "sweep_note"]


@dataclass(frozen=True)
class OvershootNumbers:
    parabola: ParabolaNumbers
    sweep: SweepNumbers
    thread: ThreadRun
    # the thread's settings (lr, init, data, grad) that are not the forum thread's, which
    # the next lesson's race keeps at its defaults: its end says "Same rows, same lr" only then
    next_differs: tuple = ()

    @property
    def question(self) -> ThreadRun:
        """The opening's numbers: the thread's run and one neuron beside it."""
        return self.thread

    @property
    def threads_own(self) -> bool:
        """Whether Part ``thread`` runs the forum thread's own run: its model (two stacked
        linear neurons), lr, start, rows and derivatives (at data=synthetic it said "The
        thread's run" of other rows)."""
        return not self.next_differs and self.thread.model == THREAD_MODEL

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
                       "runaway_loss": th.runaway_loss, "rows_kept": th.kept,
                       "growth": th.growth.tolist(), "climb_from": th.climb_from,
                       "per_row_limit": th.limits.per_row, "worst_x": th.limits.worst_x,
                       "mean_loss_limit": th.limits.mean_loss,
                       "one_neuron_diverged_at": th.one_diverged_at},
        }


def compute(params) -> OvershootNumbers:
    data = load(params.data)
    return OvershootNumbers(_parabola(params), _sweep(params, data), _thread(params, data),
                            differs(params.lr_thread, params.init, params.data, params.grad))


def question_title(numbers) -> str:
    """The question's chapter title: which of one neuron and the thread's model run away at
    this run's lr (the default's "One neuron trains, two run away" at lr_thread 1e-3, where
    both do, contradicted the part it names).

    >>> question_title(compute(LESSON.defaults()))
    'One neuron trains, two run away'
    >>> question_title(compute(LESSON.resolve(sets=["lr_thread=1e-3"])))
    'One neuron runs away, and two as well'
    >>> question_title(compute(LESSON.resolve(sets=["lr_thread=1e-5"])))
    'One neuron trains, and two as well'
    >>> question_title(compute(LESSON.resolve(sets=["model=linear", "lr_thread=1e-3"])))
    'One neuron runs away'
    """
    (one_ran, pair_ran), stacked = numbers.thread.ran_away, numbers.thread.stacked
    one = "runs away" if one_ran else "trains"
    if not stacked:                # the model is one neuron: there is no pair
        return f"One neuron {'runs away' if pair_ran else 'trains'}"
    if one_ran == pair_ran:
        return f"One neuron {one}, and two as well"
    return f"One neuron {one}, two {'run away' if pair_ran else 'train'}"


def thread_title(numbers) -> str | None:
    """Part ``thread``'s chapter title where its run is not the forum thread's own
    (:attr:`OvershootNumbers.threads_own`).

    >>> thread_title(compute(LESSON.resolve(sets=["data=synthetic"])))
    "A run like the thread's"
    >>> thread_title(compute(LESSON.defaults())) is None
    True
    """
    # shorter than the default's: the readout stands right of the header
    return None if numbers.threads_own else "A run like the thread's"


THREAD_MODEL = "linear2"   # the forum thread's model: two stacked linear neurons
THREAD_READS = ("model", "grad", "lr_thread", "init", "data")
PART_SPECS = (
    PartSpec("question", "One neuron trains, two run away", THREAD_READS,
             titled=question_title),
    PartSpec("parabola", "One weight on a parabola",
             ("lr", "lr_small", "lr_zigzag", "curvature", "w_star", "w0", "steps")),
    PartSpec("sweep", "Learning rates, row by row", ("lrs", "epochs", "data")),  # any data
    PartSpec("thread", "The forum thread's run", THREAD_READS, titled=thread_title),
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
        _rate("lr", 1.15, "parabola: the runaway learning rate (above 2/curvature)"),
        _rate("lr_small", 0.15, "parabola: the small learning rate (below 1/curvature)"),
        _rate("lr_zigzag", 0.8, "parabola: the zig-zag rate (between 1/ and 2/curvature)"),
        _rate("curvature", 2.0, "parabola: λ in L(w) = λ/2·(w − w*)²"),
        Param("w_star", "float", 0.0, "parabola: the minimum w*", low=-100, high=100),
        Param("w0", "float", 1.0, "parabola: the starting weight", low=-100, high=100),
        # Four: enough to see each rate's pattern; more only lengthened the parabola (review r7).
        Param("steps", "int", 4, "parabola: steps per learning rate", low=1, high=10),
        Param("lrs", "floats", (1e-4, 3.16e-4, 1e-3, 3.16e-3, 1e-2),
              "sweep: the learning rates swept (y = a·x + b)", low=0, low_open=True, high=10),
        Param("epochs", "int", 2, "sweep: epochs over the data", low=1, high=5),
        Param("model", "str", THREAD_MODEL, "thread: the model", choices=tuple(models.MODELS)),
        Param("grad", "str", GRAD, "thread: derivatives, numeric (finite differences, "
              "as in the forum thread) or analytic", choices=("numeric", "analytic")),
        _rate("lr_thread", LR, "thread: the learning rate", high=10),
        Param("init", "floats", (INIT,), "thread: starting weights in model order "
              "(one value sets them all)", low=-1e3, high=1e3),
        Param("data", "str", DATA, "spreadsheet, synthetic[:seed=0,n=29,slope=2,"
              "intercept=30,noise=0] or a path to an x,y CSV"),
    ),
    compute=compute, parts=PART_SPECS, order=50,
)
