"""The ``optimizers`` lesson's race plan: where the race pauses (annealing drops, targets,
runaways, two rmse snapshots), how fast the walkers go, what each leg of a walk between pauses
is narrated with, what the table's live RMSE reads, and what the table says after the race.

>>> snapshot_epochs(40, {2, 3, 28, 37}), leg_rows(29, 13 * 29, 29)  # 12 epochs: three legs
([13, 23], [145, 261, 377])
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

MAX_LEG = 5          # epochs one caption narrates at most: a longer walk is told in legs
MIN_LEG = 2          # a walk shorter than this many epochs keeps the line before it
NOTABLE = 1.25       # an RMSE that moves by this factor in a leg is worth saying


@dataclass(frozen=True)
class Event:
    """What the race pauses for at path row ``row``: "rmse" (everyone's ``readings``, (racer,
    rmse) after ``epoch`` epochs), or, for one ``racer``, "drop" (annealing divides its lr,
    ``lrs`` = (old, new), ``again`` after a first time), "target" (its rmse after ``epoch``
    epochs is below the target: ``readings[0]``) or "runaway" (its run stops at ``row``)."""

    kind: str
    row: int
    racer: str = ""
    lrs: tuple[float, float] = (0.0, 0.0)
    again: bool = False
    epoch: int = 0
    readings: tuple[tuple[str, float], ...] = ()
    tags: tuple[tuple[int, float, float], ...] = ()


@dataclass(frozen=True)
class Race:
    first: int                      # each racer runs its first epoch alone, up to this row
    end: int                        # the last row
    seconds_per_row: float          # how fast the walkers go
    alone: tuple[Event, ...]        # runaways in that first epoch: they show with the rule
    events: tuple[Event, ...]       # the rest in row order; those up to ``first`` as it starts
    late: tuple[str, ...]           # racers whose result no event showed: it comes with the table
    winner: str | None              # first below the target (the earlier racer on a tie)
    missed: int                     # how many never got below it
    bounced: tuple[tuple[str, int, int, float], ...]   # (racer, epoch below, last epoch, its rmse)
    beats: tuple[Beat, ...] = ()    # what each leg of each walk is narrated with, in row order


@dataclass(frozen=True)
class Beat:
    """What the narration says while the walkers run a leg from path row ``start`` to ``row``
    (epochs ``epochs``: the first and the last whole epoch of the leg): ``kind`` "climb"
    (``racer``'s b, the weight along the valley, moved the most; ``values`` = its b at both
    ends; "off" where it ends off the drawn box), "fall" or "rise" (its RMSE fell or rose
    most, by :data:`NOTABLE`; ``values``: the table's RMSE at both ends), or "crawl" (least).
    ``first`` marks a walk's first leg. ``cue``: the row its line is said at, where the RMSE
    it tells of turns (a fall from the leg's highest, a rise from its lowest: ``values``
    start there), else ``start``. ``through``: for a fall or rise that overshoots and comes
    back by :data:`NOTABLE` before the leg ends, the RMSE it passed through (a fall's lowest,
    a rise's highest), so the line does not skip a dip the curve shows; else None."""

    start: int
    row: int
    kind: str
    racer: str
    epochs: tuple[int, int]
    values: tuple[float, float]
    first: bool = False
    cue: int = -1
    through: float | None = None

    def __post_init__(self):
        if self.cue < 0:
            object.__setattr__(self, "cue", self.start)


def turn(rmse, start: int, end: int, rows: int, kind: str) -> tuple[int, float]:
    """(row, RMSE) where a leg's "fall" starts from its highest shown RMSE, or a "rise" from
    its lowest: the first epoch end at or after ``start`` (and before ``end``) with it.

    >>> turn([9.0, 10.7, 12.4, 1.4, 1.7], 29, 5 * 29, 29, "fall")
    (87, 12.4)
    >>> turn([9.0, 10.7, 12.4, 1.4, 1.7], 29, 5 * 29, 29, "rise")
    (116, 1.4)
    """
    first = max(epochs_done(start, rows), 1)
    shown = [float(rmse[e - 1]) for e in range(first, epochs_done(end, rows))
             if e <= len(rmse)]
    if not shown:
        return start, float(rmse_now(rmse, start, rows) or 0.0)
    k = int(np.argmax(shown) if kind == "fall" else np.argmin(shown))
    return max(start, (first + k) * rows), shown[k]


def rebound(rmse, cue: int, end: int, rows: int, kind: str) -> float | None:
    """The RMSE a "fall" from row ``cue`` bottoms out at (a "rise" peaks at) before the leg
    ends at row ``end``, when the RMSE shown at the end is back from it by :data:`NOTABLE`
    or more; None when the leg ends at or near its extreme.

    >>> rebound([12.4, 1.4, 1.05, 1.75], 29, 4 * 29, 29, "fall")
    1.05
    >>> rebound([12.4, 1.4, 1.05, 1.2], 29, 4 * 29, 29, "fall") is None   # not notable
    True
    >>> rebound([1.75, 5.2, 15.0, 8.2], 29, 4 * 29, 29, "rise")
    15.0
    """
    shown = [float(rmse[e - 1]) for e in range(max(epochs_done(cue, rows), 1),
                                               epochs_done(end, rows) + 1) if e <= len(rmse)]
    if not shown:
        return None
    extreme, last = (min(shown) if kind == "fall" else max(shown)), shown[-1]
    back = last / extreme if kind == "fall" else extreme / last
    return extreme if back >= NOTABLE else None


def epochs_done(rows_run: float, rows: int) -> int:
    """Whole epochs finished after ``rows_run`` rows (a clock may stop a hair short of one).

    >>> epochs_done(57.9999999999, 29), epochs_done(58.5, 29)
    (2, 2)
    """
    return int(math.floor(rows_run / rows + 1e-9))


def rmse_now(rmse, rows_run: float, rows: int) -> float | None:
    """The RMSE the race table shows after ``rows_run`` rows: that of the last epoch finished
    (where the RMSE plot's curve ends); None before the first has finished, or once a run that
    ran away has no more epochs.

    >>> rmse = [9.0, 4.0, 2.5]
    >>> rmse_now(rmse, 28, 29), rmse_now(rmse, 29, 29), rmse_now(rmse, 70, 29), rmse_now(rmse, 116, 29)
    (None, 9.0, 4.0, None)
    """
    done = epochs_done(rows_run, rows)
    return float(rmse[done - 1]) if 1 <= done <= len(rmse) else None


def bounce_of(rmse, target: float) -> tuple[int, float] | None:
    """(epoch, rmse) of the highest RMSE after the first epoch below ``target``, when that
    climbs back to the target or over it (the racer bounced); else None.

    >>> bounce_of([3.0, 0.5, 2.0, 4.0, 0.8], 1.0), bounce_of([3.0, 0.5, 0.4], 1.0), bounce_of([3.0], 1.0)
    ((4, 4.0), None, None)
    """
    below = np.flatnonzero(np.asarray(rmse) < target)
    if not below.size:
        return None
    after = np.asarray(rmse[below[0]:], dtype=float)
    k = int(np.argmax(after))
    return (int(below[0]) + k + 1, float(after[k])) if after[k] >= target else None


def grad_jumps(sqr, rows: int) -> tuple[float, ...]:
    """The annealing rule's test after each epoch from the second: G (Σ over the weights of
    √v at the epoch's end) over the smallest G of the epochs before it; lr drops when this
    passes the rule's ratio (:class:`~sgdanim.core.optimizers.Annealer`).

    >>> grad_jumps(np.array([[1.0, 4.0]] * 2 + [[4.0, 9.0]] * 2 + [[0.25, 1.0]] * 2), 2)
    (1.6666666666666667, 0.5)
    """
    if sqr is None or len(sqr) < rows:
        return ()
    g = np.sqrt(np.asarray(sqr)[rows - 1::rows]).sum(axis=1)
    best = np.minimum.accumulate(g)
    return tuple(float(v) for v in g[1:] / best[:-1])


def near_misses(jumps, ratio: float) -> tuple[tuple[int, float], ...]:
    """(epoch, G over its min) where G peaked above its min but stayed under ``ratio`` times
    it, before the first epoch that passed: the jumps that dropped no lr.

    >>> near_misses((0.9, 1.4, 1.2, 1.9, 1.5, 2.2, 2.1), 2.0)
    ((3, 1.4), (5, 1.9))
    """
    out = []
    for k, v in enumerate(jumps):
        if v > ratio:
            break
        if v > 1.0 and (k == 0 or jumps[k - 1] < v) and (k + 1 == len(jumps) or jumps[k + 1] <= v):
            out.append((k + 2, float(v)))
    return tuple(out)


def drop_tags(jumps, anneal, epoch: int, again: bool) -> tuple[tuple[int, float, float], ...]:
    """The annealing tests said with an lr drop after ``epoch``, as (epoch, G over its min,
    what the lr was divided by): its own, then, with the first drop (not ``again``), each
    near miss before it (divided by 1: no drop); none without annealing (``anneal``:
    (ratio, factor)) or a G for that epoch.

    >>> drop_tags((0.9, 1.4, 1.2, 2.2, 2.1), (2.0, 4.0), 5, False)
    ((5, 2.2, 4.0), (3, 1.4, 1.0))
    >>> drop_tags((0.9, 1.4, 1.2, 2.2, 2.1), (2.0, 4.0), 6, True), drop_tags((), None, 5, False)
    (((6, 2.1, 4.0),), ())
    """
    if not anneal or not 2 <= epoch <= len(jumps) + 1:
        return ()
    ratio, factor = anneal
    own = ((epoch, float(jumps[epoch - 2]), float(factor)),)
    return own if again else own + tuple((e, v, 1.0) for e, v in near_misses(jumps, ratio))


def leg_rows(start: int, end: int, rows: int) -> list[int]:
    """Where the legs of a walk from row ``start`` to ``end`` end: as few as keep each within
    :data:`MAX_LEG` epochs, as even as whole epochs allow (one leg if it is short)."""
    epochs = (end - start) / rows
    count = max(1, math.ceil(epochs / MAX_LEG - 1e-9))
    ends = [start + round(k * epochs / count) * rows for k in range(1, count)]
    return [*ends, end]


def _beat(racers, start: int, end: int, rows: int, span: float, last: Beat | None,
          other: bool) -> Beat:
    """The most telling thing that happens between rows ``start`` and ``end``, not what the
    leg before said (``last``; with ``other``, about another racer if one moves, so one walk
    tells of several): whose b moves most (as a share of the box's b range ``span``),
    whose RMSE falls or rises most, else whose b moves least."""
    first, final = epochs_done(start, rows) + 1, epochs_done(end, rows)
    options = []
    # a run ending in the leg is left to its runaway's line, unless none other moves (all
    # run away: read at its last row); off the box it "runs off", not "slides down the valley"
    for r in [r for r in racers if len(r.path) > end] or [r for r in racers if len(r.path) > start]:
        at = min(end, len(r.path) - 1)
        b0, b1 = float(r.path[start, 1]), float(r.path[at, 1])
        options.append((abs(b1 - b0) / span, "off" if r.boxed.outside[at] else "climb", r.name,
                        (b0, b1)))
        r0, r1 = rmse_now(r.rmse, start, rows), rmse_now(r.rmse, end, rows)
        if r0 and r1 and max(r0 / r1, r1 / r0) >= NOTABLE:
            options.append((abs(math.log10(r1 / r0)), "fall" if r1 < r0 else "rise", r.name,
                            (r0, r1)))
    fresh = [o for o in options if other and last is not None and o[2] != last.racer]
    said = (last.kind, last.racer) if last is not None else None
    # one racer left says what it did again rather than "b 8.72 → 8.72" of a b that moved
    options = fresh or [o for o in options if (o[1], o[2]) != said] or options
    score, kind, name, values = max(options, key=lambda o: o[0])
    if score < 0.02:                 # nothing moves much: say who barely moves
        slowest = min((o for o in options if o[1] == "climb"), key=lambda o: o[0],
                      default=(score, kind, name, values))
        kind, name, values = "crawl", slowest[2], slowest[3]
    if kind in ("fall", "rise"):        # said from where the curve turns, not before it
        racer = next(r for r in racers if r.name == name)
        cue, at = turn(racer.rmse, start, end, rows, kind)
        return Beat(start, end, kind, name, (first, final), (at, values[1]), cue=cue,
                    through=rebound(racer.rmse, cue, end, rows, kind))
    return Beat(start, end, kind, name, (first, final), values)


def race_beats(racers, rows: int, stops, span: float) -> tuple[Beat, ...]:
    """A beat for every leg of every walk between the race's stops (rows, in order, the first
    where the race starts) while a racer runs; a walk under :data:`MIN_LEG` epochs has none."""
    beats: list[Beat] = []
    for start, end in zip(stops, stops[1:]):
        if end - start < MIN_LEG * rows:
            continue
        at = start
        for k, row in enumerate(leg_rows(start, end, rows)):
            beat = _beat(racers, at, row, rows, span, beats[-1] if beats else None, k > 0)
            beats.append(replace(beat, first=k == 0))
            at = row
    return tuple(beats)


def snapshot_epochs(epochs: int, busy: set[int]) -> list[int]:
    """Epochs, a third and two thirds of the way, whose rmse the narration reads out, moved off
    epochs where something else is said (``busy``); each once, in order, and none within 5
    epochs of the one before (two readings that close say the same thing twice)."""
    out: list[int] = []
    for e in (epochs // 3, 2 * epochs // 3) if epochs >= 9 else ():
        while any(abs(e - b) < 5 for b in busy) and e > 2:
            e -= 1
        if not out or e - out[-1] >= 5:
            out.append(e)
    return sorted(set(out))


def _events(racers, rows: int) -> list[Event]:
    """Every racer's events, racer by racer."""
    events = []
    for r in racers:
        before = r.lr
        for epoch, lr in r.lr_drops:
            again = before != r.lr
            events.append(Event("drop", (epoch - 1) * rows, r.name, (before, lr), again,
                                tags=drop_tags(r.jumps, r.rule.anneal, epoch - 1, again)))
            before = lr
        if (e := r.epochs_to_target) is not None:
            events.append(Event("target", e * rows, r.name, epoch=e,
                                readings=((r.name, float(r.rmse[e - 1])),)))
        if r.diverged_at is not None:
            events.append(Event("runaway", r.diverged_at - 1, r.name))
    return events


def race_plan(racers, rows: int, epochs: int, target: float, span: float = 1.0) -> Race:
    """Where the race pauses, what each leg between pauses is narrated with (``span``: the
    drawn box's b range), and what the table says after it. A row lasts 1 s / rows, or less,
    so that the race takes about 45 s; it ends at the last runaway if every racer runs away."""
    events = _events(racers, rows)
    alone = tuple(e for e in events if e.kind == "runaway" and e.row <= rows)
    events = [e for e in events if e not in alone]
    snaps = [Event("rmse", e * rows, epoch=e, readings=tuple(
                 (r.name, float(r.rmse[e - 1])) for r in racers if len(r.rmse) >= e))
             for e in snapshot_epochs(epochs, {e.row // rows for e in events})
             if e * rows > rows and any(len(r.rmse) >= e for r in racers)]   # one to read
    done = [r for r in racers if r.epochs_to_target is not None]
    events = sorted(snaps + events, key=lambda e: e.row)     # stable: in racer order
    end = max(rows, *(r.diverged_at - 1 for r in racers)) if all(  # not 36 s of empty
        r.diverged_at is not None for r in racers) else epochs * rows     # epochs after them
    stops = sorted({rows, *(e.row for e in events if e.row > rows), end})
    return Race(
        rows, end, min(1.0, 45.0 / max(epochs - 1, 1)) / rows, alone, tuple(events),
        late=tuple(r.name for r in racers if r.epochs_to_target is None and r.diverged_at is None),
        winner=min(done, key=lambda r: r.epochs_to_target).name if done else None,
        missed=len(racers) - len(done), beats=race_beats(racers, rows, stops, span),
        bounced=tuple((r.name, r.epochs_to_target, len(r.rmse), float(r.rmse[-1])) for r in done
                      if len(r.rmse) and r.rmse[-1] >= target))


SHADOW = 0.03        # a path this near another's (a share of the box) row by row hides under it
APART = 1.2          # two RMSEs this many times apart: the racers have split


@dataclass(frozen=True)
class Shadow:
    """A racer whose dot runs under a later-drawn one's (``under`` under ``over``), and the
    first epoch their RMSEs are :data:`APART` (None if never)."""

    under: str
    over: str
    split: int | None


def shadows(racers, box) -> tuple[Shadow, ...]:
    """Racers whose path lies, over most rows, within :data:`SHADOW` of the box's size of a
    racer drawn after it: its dot would be hidden (the scene rings it)."""
    size = np.array([box[0][1] - box[0][0], box[1][1] - box[1][0]])
    out = []
    for i, under in enumerate(racers):
        for over in racers[i + 1:]:
            n = min(len(under.path), len(over.path))
            gap = np.hypot(*((under.path[:n] - over.path[:n]) / size).T)
            if n > 1 and float(np.median(gap)) < SHADOW:
                m = min(len(under.rmse), len(over.rmse))
                ratio = np.maximum(under.rmse[:m] / over.rmse[:m], over.rmse[:m] / under.rmse[:m])
                split = np.flatnonzero(ratio >= APART)
                out.append(Shadow(under.name, over.name, int(split[0]) + 1 if split.size else None))
                break
    return tuple(out)
