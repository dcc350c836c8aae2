"""The ``optimizers`` lesson's race, walked: every walker on the row clock, and each walk
between the race's pauses told in legs, each leg with its own line (how to read the race,
which dot is a ring, or what happens in it)."""

from __future__ import annotations

from scenes.optimizers.text import beat_caption, ring_caption


def all_walkers(stage) -> list:
    """The main panel's walkers and, if there is one, the inset's twins."""
    return [*stage.walkers.values(), *(stage.inset.walkers.values() if stage.inset else ())]


def walk(scene, stage, row: int, seconds: float) -> None:
    """Every walker, the curves and the counter run on to path row ``row``."""
    scene.play(*[w.walk(row, seconds) for w in all_walkers(stage)],
               stage.clock.animate_to(row, seconds), run_time=seconds)


LEADS = ("First epochs fade. Trails: a point per epoch; dots: every row.",
         "Watch b: who climbs the valley to the star?",
         "Watch b: does it climb the valley to the star?")      # one racer
DOWN_LEADS = ("Watch b: who goes down the valley to the star?",   # best b under the start
              "Watch b: does it go down the valley to the star?")


def race_legs(numbers) -> dict[int, list[tuple[int, str]]]:
    """The legs of each walk between the race's pauses, by the row the walk starts from:
    (row its line is said at, to row, caption) each. The first walk's first leg and the
    second walk's say how to read the race (:data:`LEADS`; not "who climbs the valley" where
    every racer runs away), the first walk's second leg which dot is a ring (if one is);
    every other leg what happens in it (:func:`~scenes.optimizers.text.beat_caption`)."""
    leads = {(0, 0): LEADS[0], (0, 1): ring_caption(numbers),
             (1, 0): None if numbers.steps.ran_away else
             (LEADS[1:] if numbers.steps.rises else DOWN_LEADS)[len(numbers.racers) == 1]}
    legs, walk_index, leg = {}, -1, 0
    for beat in numbers.race.beats:
        if beat.first:
            walk_start, walk_index, leg = beat.start, walk_index + 1, 0
        lead = leads.get((walk_index, leg))
        # a lead is said as its leg starts; a beat where what it tells of begins (beat.cue)
        cue = beat.start if lead else beat.cue
        legs.setdefault(walk_start, []).append((cue, beat.row, lead or beat_caption(beat)))
        leg += 1
    return legs


def run_legs(scene, stage, legs, start: int, end: int) -> None:
    """Walk from row ``start`` to ``end``, saying each of its legs' lines as the leg begins (a
    short walk has none: the line before it stays up)."""
    seconds = scene.numbers.race.seconds_per_row
    at = start
    for cue, leg_end, line in legs.get(start, ()):
        if cue > at:                     # the line before stays up until the curve turns
            walk(scene, stage, cue, (cue - at) * seconds)
            at = cue
        scene.say(line)
        walk(scene, stage, leg_end, (leg_end - at) * seconds)
        at = leg_end
    if end > at:
        walk(scene, stage, end, (end - at) * seconds)
