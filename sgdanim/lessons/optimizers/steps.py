"""The step sizes of the ``optimizers`` lesson's Part 5: how far each racer moves a (across the
valley) and b (along it) per row, and what the step plot says with them."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def mean_steps(path: np.ndarray) -> tuple[float, float]:
    """The mean size of a step per row, |Δa| and |Δb|, over ``path`` ((0, 0) for one point).

    >>> mean_steps(np.array([[1.0, 1.0], [1.5, 1.01], [1.0, 1.03]]))
    (0.5, 0.015)
    """
    if len(path) < 2:
        return 0.0, 0.0
    step = np.mean(np.abs(np.diff(path, axis=0)), axis=0)
    return round(float(step[0]), 12), round(float(step[1]), 12)


def net_step_b(path: np.ndarray, best_b: float) -> float:
    """How far b gets toward ``best_b`` per row, net: (last b − first b) / rows, negated
    where the best b is below the start (0 for one point); the mean |Δb| of
    :func:`mean_steps` counts back-and-forth too. Rows whose best b is −5 moved every racer's
    b down: the step plot, on a log axis, had no dot to draw.

    >>> net_step_b(np.array([[1.0, 1.0], [1.5, 1.01], [1.0, 1.03]]), 30.0)
    0.015
    >>> net_step_b(np.array([[1.0, 1.0], [1.5, 0.99], [1.0, 0.97]]), -5.0)   # down, toward it
    0.015
    """
    if len(path) < 2:
        return 0.0
    return round(float(toward_best(path[0, 1], best_b) * (path[-1, 1] - path[0, 1])
                       / (len(path) - 1)), 12)


def toward_best(start_b: float, best_b: float) -> float:
    """+1 where b's best is at or above its start (b climbs the valley), −1 where below: the
    sign net b is counted with, and :attr:`StepStory.rises`."""
    return 1.0 if best_b >= start_b else -1.0


def reach_epoch(path: np.ndarray, rows: int, best_b: float, within: float = 1.0) -> int | None:
    """The first epoch (1-based) that ends with b within ``within`` of ``best_b``, or None.

    >>> path = np.array([[1, 1.0], [1, 20.0], [1, 29.5], [1, 31.0], [1, 29.9]])
    >>> reach_epoch(path, 2, 30.0), reach_epoch(path, 1, 30.0), reach_epoch(path, 2, 10.0)
    (1, 2, None)
    """
    ends = path[rows::rows, 1]
    hits = np.flatnonzero(np.abs(ends - best_b) <= within)
    return int(hits[0]) + 1 if hits.size else None


@dataclass(frozen=True)
class StepStory:
    """What the step plot says: each racer's net b per row (how far b got) against its last
    epoch's mean |Δa| (the rattle left across the valley), told from the racers that did not
    run away (all of them where every one did). ``slow`` is the racer whose b got least far
    (SGD when it races and stays), ``fast`` the one set against it (:func:`_fast_racer`:
    Adam when it races, stays and gets farther), ``scaled`` RMSProp beside both (the same √v
    without m);
    ``speedup``: how many times the fast one's net b is the slow one's; ``rattle``: how many
    times RMSProp's last |Δa| is the fast one's; ``arrive``: the net b per row of a racer
    that ends at the best b (the plot's ceiling); ``annealed``: Adam with lr drops, if it
    races beside Adam, and ``lr_ratio``, its starting lr over Adam's. ``per_weight`` says
    the fast one divides by its own √v (False for a plain one: momentum against SGD);
    ``with_m``: the fast one steps along m (not RMSProp), which may calm a (:attr:`calmers`
    says whether the plot shows it); ``ran_away``: every racer ran away, so no step is set
    against another (Part 6 tells the runaways instead). ``arrived``: the racers the plot
    puts on its ceiling line (b got all the way), left to right; ``lifted``: (from, to), the
    takeaway's "up" (:func:`lift`), or None. ``rises``: whether b goes up to its best; every
    net b and ``arrive`` count toward it either way (:func:`net_step_b`)."""

    slow: str
    fast: str
    speedup: float
    arrive: float
    scaled: str | None = None
    rattle: float = 0.0
    annealed: str | None = None
    lr_ratio: float = 0.0
    per_weight: bool = True
    with_m: bool = True
    ran_away: bool = False
    arrived: tuple[str, ...] = ()
    lifted: tuple[str, str] | None = None
    rises: bool = True          # b's best is above the start: b climbs the valley (else goes down)

    @property
    def unopposed(self) -> bool:
        """Nothing is set against the slow racer: it is the fast one too (:func:`_fast_racer`)."""
        return self.slow == self.fast

    @property
    def calmers(self) -> tuple[str, ...]:
        """What the step plot shows calming a: "m" where the fast one steps along m and
        rattles less than RMSProp beside it (with the sheets' lrs Adam rattles 2.5× more, and
        the takeaway said m calms a), and "lr drops" where annealed Adam races beside Adam.

        >>> StepStory("sgd", "adam", 12.6, 0.025, "rmsprop", 5.8, "adam_ann").calmers
        ('m', 'lr drops')
        >>> StepStory("sgd", "adam", 12.6, 0.025, "rmsprop", 0.4).calmers   # Adam rattles more
        ()
        >>> StepStory("sgd", "adam", 12.6, 0.025).calmers       # no RMSProp to set m beside
        ()
        """
        m = self.with_m and self.scaled is not None and self.rattle >= 1
        return tuple(name for name, shown in (("m", m), ("lr drops", self.annealed is not None))
                     if shown)


def step_story(racers, start_b: float = 1.0, best_b: float = 30.0) -> StepStory:
    # told from the racers that did not run away (tune=sheets, lr 1e-3: "SGD: b gains −24 a
    # row" was a runaway's, with no dot of it on the plot)
    live = [r for r in racers if r.diverged_at is None] or list(racers)
    by = {r.name: r for r in live}
    # without SGD, the plain racer whose b got least far: RMSProp at lr 1e-6 beside momentum
    # was the slow one and the fast one at once, and momentum dropped out of the story
    plain = [r for r in live if r.rule.square is None]
    slow = by.get("sgd") or min(plain or live, key=lambda r: r.net_b)
    fast = _fast_racer(live, slow, by)
    scaled = by.get("rmsprop")
    if scaled is None or scaled.name in (slow.name, fast.name):
        scaled = None
    ann = by.get("adam_ann") if fast.name == "adam" else None
    # toward the best, as net_b; none within rounding of the start (a best of 0.99999999999999
    # drew a ceiling at 10⁻¹⁷ over a b axis from 10⁻¹⁸)
    gap = abs(best_b - start_b) if abs(best_b - start_b) > 1e-9 * max(1.0, abs(start_b)) else 0.0
    arrive = gap / max(len(fast.path) - 1, 1)
    on, up = lift(racers, arrive)
    return StepStory(slow.name, fast.name, fast.net_b / max(slow.net_b, 1e-300)
                     if slow.net_b > 0 else float("inf"), arrive,
                     scaled.name if scaled else None,
                     scaled.end_a / max(fast.end_a, 1e-300) if scaled else 0.0,
                     ann.name if ann else None, ann.lr / fast.lr if ann else 0.0,
                     fast.rule.square is not None, fast.rule.mean is not None,
                     all(r.diverged_at is not None for r in racers), on, up,
                     toward_best(start_b, best_b) > 0)


ON_LINE = 0.15      # decades of net b within which a racer's dot sits on the ceiling line
SAME_RATTLE = 0.3   # decades of last |Δa| within which a racer stands straight under another


def lift(racers, arrive: float) -> tuple[tuple[str, ...], tuple[str, str] | None]:
    """The racers the step plot puts on its ceiling line (net b per row ``arrive``), left to
    right, and the takeaway's "up": from the highest racer without its own √v under the line
    and straight under one on it (:data:`SAME_RATTLE`), to that one (momentum to RMSProp:
    the same rattle, b lifted by its own √v); None where no racer stands so. A racer with no
    place on the plot (b went back, or no last epoch) is neither.

    With the sheets' lrs RMSProp stands under the line, but has its own √v; with 100
    epochs SGD is the highest without, far right of any racer on the line."""
    if not arrive > 0:                  # b's best is the start: no line to reach
        return (), None
    line = np.log10(arrive)
    placed = [r for r in racers if all(np.isfinite(r.log_steps))]
    on = sorted((r for r in placed if abs(r.log_steps[1] - line) < ON_LINE),
                key=lambda r: r.log_steps[0])
    under = [r for r in placed if r.log_steps[1] < line - ON_LINE and r.rule.square is None
             and any(abs(o.log_steps[0] - r.log_steps[0]) <= SAME_RATTLE for o in on)]
    if not under:
        return tuple(r.name for r in on), None
    low = max(under, key=lambda r: r.log_steps[1])
    top = min(on, key=lambda r: abs(r.log_steps[0] - low.log_steps[0]))
    return tuple(r.name for r in on), (low.name, top.name)


def _fast_racer(live, slow, by):
    """The racer the step plot sets against ``slow``: of the racers with their own √v whose b
    got farther, Adam if it is one, else the farthest. Without one: the plain racer whose b
    got farthest where no racer has a √v (momentum against SGD, even where it got less far),
    else ``slow`` itself, so nothing is told as a win where a √v racer's b got less far than
    the slow one's (RMSProp at lr 1e-6: "4.8×10⁻⁴× SGD's" under "Why per-weight steps win")."""
    ahead = [r for r in live if r.rule.square is not None and r.net_b > slow.net_b]
    if ahead:
        return by["adam"] if by.get("adam") in ahead else max(ahead, key=lambda r: r.net_b)
    others = [r for r in live if r is not slow]
    if others and all(r.rule.square is None for r in live):
        return max(others, key=lambda r: r.net_b)
    return slow


CEILING_ROOM = 0.5   # decades the step plot keeps over its ceiling line


def step_decades(racers, arrive: float | None = None) -> tuple[tuple[int, int], tuple[int, int]]:
    """log10 bounds of the step plot's axes (last |Δa| across, net b up), a decade apart at
    least; a racer whose b went back has no net b to place. The b axis reaches ``arrive``,
    the ceiling line, too (SGD and momentum alone stay two decades under it, and the line
    and its words were drawn off the frame)."""
    out = []
    for values in ([r.end_a for r in racers], [r.net_b for r in racers] + [arrive or 0.0]):
        v = np.array([x for x in values if x > 0] or [1.0])
        # a value a rounding error past a power of ten (arrive = 29/29 rows) adds no decade
        lo = int(math.floor(math.log10(v.min()) + 1e-9))
        hi = int(math.ceil(math.log10(v.max()) - 1e-9))
        out.append((lo, max(hi, lo + 1)))
    if arrive and arrive > 0:
        # half a decade over the ceiling: the arrived racers' names and the "calmer a" arrow
        # stand there (after 100 epochs arrive is 10⁻², the top decade, and they ran into the
        # axis' title)
        (lo, hi) = out[1]
        out[1] = (lo, max(hi, int(math.ceil(math.log10(arrive) + CEILING_ROOM - 1e-9))))
    return out[0], out[1]


def steps_title(numbers) -> str | None:
    """The step part's chapter title where the default's, "Why per-weight steps win", is
    false: every racer ran away, no racer divides by √v (SGD against momentum), or nothing is
    set against the slow racer (one racer, or a √v racer whose b got less far:
    :func:`_fast_racer`).

    >>> from types import SimpleNamespace as NS
    >>> def title(slow, fast, per_weight, ran_away=False, racers=2):
    ...     return steps_title(NS(racers=[None] * racers, steps=NS(
    ...         slow=slow, fast=fast, unopposed=slow == fast, per_weight=per_weight,
    ...         ran_away=ran_away)))
    >>> title("sgd", "momentum", False), title("sgd", "sgd", False)
    ("Why b's steps stay small", "How far b got, and a's rattle")
    >>> title("sgd", "adam", True) is None, title("sgd", "sgd", False, True, racers=1)
    (True, 'No steps to compare: a runaway')
    """
    story = numbers.steps
    if story.ran_away:
        return "No steps to compare: " + ("all ran away" if len(numbers.racers) > 1 else
                                          "a runaway")
    if story.unopposed:
        return "How far b got, and a's rattle"
    return None if story.per_weight else "Why b's steps stay small"
