"""Lesson ``optimizers``' race (sgdanim/lessons/optimizers/race.py): where it pauses (lr drops,
RMSE snapshots, targets, runaways), its results for the table, the live RMSE column, the walks
told in legs, and the shadows: a racer running under another and where they split."""

import numpy as np
import pytest

from sgdanim.lessons.optimizers import RACERS, compute, rmse_now, snapshot_epochs
from sgdanim.lessons.optimizers.race import MAX_LEG, MIN_LEG, NOTABLE, leg_rows
from tests.lessons.optimizers_kit import (LESSON, RUNAWAY_ALONE, RUNAWAY_MID_RACE, SHEETS,
                                          reference_run)
from tests.lessons.optimizers_kit import numbers, swept  # noqa: F401 - fixtures


def test_shadows_name_a_racer_under_another_and_when_they_split(swept, numbers):
    """RMSProp and Adam race at the same lr: RMSProp's path stays within 3% of the box of
    Adam's, so its dot would hide; their RMSEs first part by 20% in epoch 34. At the sheets'
    lrs they run apart (control)."""
    from sgdanim.lessons.optimizers.race import APART
    (shadow,) = [s for s in swept.shadows if s.under == "rmsprop"]
    assert shadow.over == "adam"
    rms, adam = (swept.racers[RACERS.index(k)] for k in ("rmsprop", "adam"))
    ratio = np.maximum(rms.rmse / adam.rmse, adam.rmse / rms.rmse)
    assert shadow.split == int(np.flatnonzero(ratio >= APART)[0]) + 1 == 34
    assert not any(s.under == "rmsprop" for s in numbers.shadows)


# The race: where it pauses -----------------------------------------------------------------------

def test_race_pauses_at_the_drops_snapshots_and_targets(numbers):
    race, rows = numbers.race, numbers.rows
    assert (race.first, race.end, race.alone) == (rows, 40 * rows, ())
    assert race.seconds_per_row * rows == pytest.approx(1.0)           # an epoch's pace
    assert (race.end - race.first) * race.seconds_per_row <= 45.0      # the race's length
    long = compute(LESSON.resolve(sets=["epochs=200", "optimizers=sgd"])).race
    assert (long.end - long.first) * long.seconds_per_row == pytest.approx(45.0)
    assert [(e.kind, e.racer, e.row) for e in race.events] == [
        ("drop", "adam_ann", 2 * rows), ("drop", "adam_ann", 3 * rows), ("rmse", "", 13 * rows),
        ("rmse", "", 23 * rows), ("target", "adam", 28 * rows), ("target", "adam_ann", 37 * rows)]
    drops = [e for e in race.events if e.kind == "drop"]
    assert [(e.lrs, e.again) for e in drops] == [((1.0, 0.25), False), ((0.25, 0.0625), True)]
    by_name = {r.name: r for r in numbers.racers}
    for e in race.events:
        if e.kind != "drop":           # every reading is the racer's rmse after that epoch
            assert e.readings and all(rmse == by_name[name].rmse[e.epoch - 1]
                                      for name, rmse in e.readings)


def test_race_results_for_the_table(numbers):
    race = numbers.race
    assert race.late == ("sgd", "momentum", "rmsprop")
    assert (race.winner, race.missed) == ("adam", 3)
    assert [(b[0], b[1], b[2]) for b in race.bounced] == [("adam", 28, 40), ("adam_ann", 37, 40)]
    for name, _, last, rmse in race.bounced:
        assert rmse == numbers.racers[RACERS.index(name)].rmse[last - 1] >= numbers.target


def test_runaways_pause_the_race_or_show_with_their_rule():
    mid = compute(LESSON.resolve(sets=RUNAWAY_MID_RACE))
    sgd = mid.racers[0]
    assert [(e.kind, e.row) for e in mid.race.events if e.racer == "sgd"] == [
        ("runaway", sgd.diverged_at - 1)] and sgd.diverged_at - 1 > mid.rows
    alone = compute(LESSON.resolve(sets=RUNAWAY_ALONE))
    assert [(e.kind, e.racer, e.row) for e in alone.race.alone] == [
        ("runaway", "sgd", alone.racers[0].diverged_at - 1)]
    assert all(e.racer != "sgd" for e in alone.race.events)
    assert "sgd" not in alone.race.late and "sgd" not in mid.race.late


def test_rmse_now_is_the_last_finished_epochs_as_the_curve_shows(numbers):
    """The table's live column reads, after any number of rows, the RMSE of the last epoch
    finished: the core's run cut at that epoch ends on it. A run that ran away shows none
    past its last whole epoch."""
    rows = numbers.rows
    adam = numbers.racers[RACERS.index("adam")]
    for run_rows, epoch in ((rows, 1), (7 * rows + 3, 7), (8 * rows - 1, 7), (40 * rows, 40)):
        want = reference_run("adam", adam.lr, epoch).epoch_rmse()[-1]
        assert rmse_now(adam.rmse, run_rows, rows) == pytest.approx(want)
    assert rmse_now(adam.rmse, rows - 1, rows) is None        # nothing finished yet
    # Control: one row short of epoch 8 is not epoch 8's RMSE.
    assert rmse_now(adam.rmse, 8 * rows - 1, rows) != pytest.approx(adam.rmse[7])
    sgd = compute(LESSON.resolve(sets=RUNAWAY_MID_RACE)).racers[0]
    assert rmse_now(sgd.rmse, len(sgd.rmse) * rows, rows) == sgd.rmse[-1]
    assert rmse_now(sgd.rmse, (len(sgd.rmse) + 1) * rows, rows) is None


def test_walks_are_told_in_legs_each_with_what_happens_in_it(swept):
    """Every walk between the race's pauses of MIN_LEG epochs or more is cut into legs of at
    most MAX_LEG epochs, each with a beat: whose b climbs (its b at both ends, from its path),
    whose RMSE falls or rises by NOTABLE at least (the RMSE the table shows at both ends),
    never what the leg before said. Another lr moves the beats (control)."""
    race, rows = swept.race, swept.rows
    assert leg_rows(29, 13 * 29, 29) == [5 * 29, 9 * 29, 13 * 29]
    stops = sorted({race.first, *(e.row for e in race.events), race.end})
    by = {r.name: r for r in swept.racers}
    covered = set()
    for before, beat in zip((None, *race.beats), race.beats):
        assert 0 < beat.row - beat.start <= MAX_LEG * rows
        assert beat.epochs == (beat.start // rows + 1, beat.row // rows)
        r = by[beat.racer]
        if beat.kind in ("climb", "crawl"):
            assert beat.values == (r.path[beat.start, 1], r.path[beat.row, 1])
            assert beat.through is None
        else:
            r0, r1 = (rmse_now(r.rmse, k, rows) for k in (beat.start, beat.row))
            assert max(r0 / r1, r1 / r0) >= NOTABLE and (r1 < r0) == (beat.kind == "fall")
            # said from where the curve turns: the leg's highest before a fall (lowest
            # before a rise), on the table from the cue's row on
            shown = [rmse_now(r.rmse, k, rows) for k in range(beat.start, beat.row, rows)]
            turned = max(shown) if beat.kind == "fall" else min(shown)
            assert beat.values == (turned, r1) == (rmse_now(r.rmse, beat.cue, rows), r1)
            assert beat.start <= beat.cue < beat.row
            # a dip (peak) the curve shows after the turn is said when the end is back from
            # it by NOTABLE, so the line never skips it
            after = [rmse_now(r.rmse, k, rows) for k in range(beat.cue, beat.row + 1, rows)]
            extreme = min(after) if beat.kind == "fall" else max(after)
            back = r1 / extreme if beat.kind == "fall" else extreme / r1
            assert beat.through == (extreme if back >= NOTABLE else None)
        if beat.kind in ("climb", "crawl"):
            assert beat.cue == beat.start
        if before is not None:
            assert (before.kind, before.racer) != (beat.kind, beat.racer)
        covered |= set(range(beat.start, beat.row))
    for start, end in zip(stops, stops[1:]):      # every long walk is told all the way
        assert (set(range(start, end)) <= covered) == (end - start >= MIN_LEG * rows)
    assert [(b.epochs, b.kind, b.racer) for b in race.beats if b.first][:3] == [
        ((2, 5), "fall", "adam_ann"), ((14, 17), "rise", "adam_ann"),
        ((21, 25), "rise", "adam_ann")]
    # the first walk's last leg (epochs 10-13): annealed Adam's RMSE peaks at 12.4 after
    # epoch 10 before it falls; its line waits for that peak (review r10)
    (peak,) = [b for b in race.beats if b.epochs == (10, 13)]
    assert (peak.kind, peak.cue, round(peak.values[0], 1)) == ("fall", 10 * rows, 12.4)
    # ... and dips to 1.05 after epoch 12 before it ends the leg at 1.75: said, not skipped
    assert (round(peak.through, 2), round(peak.values[1], 2)) == (1.05, 1.75)
    other = compute(LESSON.resolve(sets=[SHEETS]))
    assert [b.values for b in other.race.beats] != [b.values for b in race.beats]


def test_snapshots_are_read_once_and_off_busy_epochs():
    assert snapshot_epochs(40, {2, 3, 28, 37}) == [13, 23] and snapshot_epochs(3, set()) == []
    assert snapshot_epochs(12, {2, 3, 4, 5}) == [2]          # both moved to epoch 2: once
    n = compute(LESSON.resolve(sets=[SHEETS, "lr=0.0005", "epochs=12", "optimizers=sgd,adam_ann",
                                     "target=10"]))
    snaps = [e.row for e in n.race.events if e.kind == "rmse"]
    assert len(snaps) == len(set(snaps)) >= 1
    assert [e.row for e in n.race.events] == sorted(e.row for e in n.race.events)


def test_grad_jumps_are_the_annealers_test_and_say_why_earlier_bounces_kept_the_lr(swept):
    """annealed Adam's G over its min, rebuilt here from the run's v: its lr drops at epochs
    26 and 27, after the two epochs whose G passed 2x (25: 2.2x, 26: 2.1x); its bounces at
    epochs 10 and 16 peaked under 2x (1.4x, 1.9x), so kept the lr. Adam, without the rule,
    has no jumps (control)."""
    from sgdanim.lessons.optimizers import near_misses
    by = {r.name: r for r in swept.racers}
    ann = by["adam_ann"]
    t = reference_run("adam_ann", ann.lr, 40)
    g = np.sqrt(t.state["sqr"][swept.rows - 1::swept.rows]).sum(axis=1)
    expected = [g[e] / g[:e].min() for e in range(1, len(g))]
    np.testing.assert_allclose(ann.jumps, expected, rtol=1e-12)
    passed = [e for e, v in enumerate(ann.jumps, 2) if v > ann.rule.anneal[0]]
    assert [e + 1 for e in passed[:2]] == [epoch for epoch, _ in ann.lr_drops] == [26, 27]
    misses = near_misses(ann.jumps, ann.rule.anneal[0])
    assert [e for e, _ in misses] == [10, 16]
    assert all(1.0 < v < ann.rule.anneal[0] for _, v in misses)
    assert by["adam"].jumps == ()


def test_drop_tags_are_the_annealing_tests_the_captions_name(swept):
    """Review r12: the tags on the RMSE plot for annealed Adam's lr drops: epoch 25's G over
    its min (2.2×, lr ÷ 4) with the near misses before it (epochs 10 and 16: 1.4×, 1.9×, no
    drop), then epoch 26's (2.1×, ÷ 4 again). Each G / min G is recomputed here from the
    run's √v. Negative control: racers without annealing have no drops, so no tags, and
    only the tags over the ratio divide the lr."""
    rows = swept.rows
    ann = next(r for r in swept.racers if r.name == "adam_ann")
    drops = [e for e in swept.race.events if e.kind == "drop"]
    assert [[(t[0], round(t[1], 1), t[2]) for t in e.tags] for e in drops] == [
        [(25, 2.2, 4.0), (10, 1.4, 1.0), (16, 1.9, 1.0)], [(26, 2.1, 4.0)]]
    sqr = reference_run("adam_ann", ann.lr, swept.epochs).state["sqr"]
    g = np.sqrt(np.asarray(sqr)[rows - 1::rows]).sum(axis=1)
    ratio = ann.rule.anneal[0]
    for e in drops:
        for epoch, jump, factor in e.tags:
            assert jump == pytest.approx(g[epoch - 1] / g[:epoch - 1].min())
            assert (jump > ratio) == (factor > 1)
    assert all(e.racer == "adam_ann" for e in drops)
    assert not any(r.lr_drops for r in swept.racers if r.name != "adam_ann")


def test_a_race_where_every_racer_runs_away_tells_no_leg_and_reads_no_empty_table():
    """SGD alone at lr 1e-2 with the sheets' lrs runs away on step 4. The race plan asked for
    a beat on every later leg and found no racer to name (IndexError: the render failed), and
    its epoch-13 snapshot would have read "RMSE after epoch 13: ." of nobody. Now the legs
    after every racer has gone have no beat, and no snapshot is empty. Control: at the
    defaults every leg has its beat and the snapshot reads every racer."""
    gone = compute(LESSON.resolve(sets=[SHEETS, "optimizers=sgd", "lr=1e-2"]))
    assert [r.diverged_at for r in gone.racers] == [4]
    assert gone.race.beats == () and not [e for e in gone.race.events if e.kind == "rmse"]
    both = compute(LESSON.resolve(sets=[SHEETS, "optimizers=sgd,momentum", "lr=10",
                                        "lr_momentum=10"]))
    assert all(r.diverged_at is not None for r in both.racers) and both.race.beats == ()
    here = compute(LESSON.defaults())
    snaps = [e for e in here.race.events if e.kind == "rmse"]
    assert here.race.beats and snaps and all(len(e.readings) == len(here.racers) for e in snaps)
