"""The ``optimizers`` lesson's race plan: where the race pauses (annealing drops, targets,
runaways, two rmse snapshots), how fast the walkers go, and what the table says after it.

>>> snapshot_epochs(40, {2, 3, 28, 37})
[13, 23]
"""

from __future__ import annotations

from dataclasses import dataclass


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
            events.append(Event("drop", (epoch - 1) * rows, r.name, (before, lr), before != r.lr))
            before = lr
        if (e := r.epochs_to_target) is not None:
            events.append(Event("target", e * rows, r.name, epoch=e,
                                readings=((r.name, float(r.rmse[e - 1])),)))
        if r.diverged_at is not None:
            events.append(Event("runaway", r.diverged_at - 1, r.name))
    return events


def race_plan(racers, rows: int, epochs: int, target: float) -> Race:
    """Where the race pauses, and what the table says after it. A row lasts 1 s / rows, or
    less, so that the race takes about 45 s."""
    events = _events(racers, rows)
    alone = tuple(e for e in events if e.kind == "runaway" and e.row <= rows)
    events = [e for e in events if e not in alone]
    snaps = [Event("rmse", e * rows, epoch=e, readings=tuple(
                 (r.name, float(r.rmse[e - 1])) for r in racers if len(r.rmse) >= e))
             for e in snapshot_epochs(epochs, {e.row // rows for e in events}) if e * rows > rows]
    done = [r for r in racers if r.epochs_to_target is not None]
    return Race(
        rows, epochs * rows, min(1.0, 45.0 / max(epochs - 1, 1)) / rows, alone,
        tuple(sorted(snaps + events, key=lambda e: e.row)),     # stable: in racer order
        late=tuple(r.name for r in racers if r.epochs_to_target is None and r.diverged_at is None),
        winner=min(done, key=lambda r: r.epochs_to_target).name if done else None,
        missed=len(racers) - len(done),
        bounced=tuple((r.name, r.epochs_to_target, len(r.rmse), float(r.rmse[-1])) for r in done
                      if len(r.rmse) and r.rmse[-1] >= target))
