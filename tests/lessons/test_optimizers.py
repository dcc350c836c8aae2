"""Lesson ``optimizers``, pixel-free: the race's numbers against the core. (What the scene's
mobjects and captions say and where they sit is checked in tests/scenes/test_optimizers.py.)"""

import json

import numpy as np
import pytest

from sgdanim.core.errors import UsageError
from sgdanim.core.clip import box_of, clip_polyline
from sgdanim.core.trajectory import RunConfig, run
from sgdanim.lessons import PRESENTATION, get
from sgdanim.lessons.optimizers import (PART_SPECS, RACERS, axis_range, compute, first_below,
                                        rmse_axis, rmse_now, snapshot_epochs)
from sgdanim.lessons.optimizers.race import MAX_LEG, MIN_LEG, NOTABLE, leg_rows

LESSON = get("optimizers")
SHEET_LRS = {"sgd": 1e-4, "momentum": 1e-4, "rmsprop": 0.02, "adam": 0.1, "adam_ann": 1.0}
SHEETS = "tune=sheets"      # race at the sheets' hand-picked lrs, not the sweep's
RUNAWAY_MID_RACE = [SHEETS, "lr=0.0005", "epochs=20", "optimizers=sgd,adam_ann", "target=10"]
RUNAWAY_ALONE = [SHEETS, "lr=0.001", "epochs=20", "optimizers=sgd,adam_ann", "target=10"]
OUT_OF_THE_BOX = [SHEETS, "lr_adam_ann=100", "epochs=3"]


def reference_run(name, lr, epochs, carry="updated"):
    """The sheet's run for one racer, built here from RunConfig, not through the lesson."""
    optimizer = "adam" if name == "adam_ann" else name
    return run(RunConfig(optimizer=optimizer, lr=lr, anneal=name == "adam_ann",
                         init={"a": 1.0, "b": 1.0}, epochs=epochs, carry=carry))


def reference_epochs(name, lr, epochs, target=1.0, carry="updated"):
    rmse = reference_run(name, lr, epochs, carry).epoch_rmse()
    below = [e + 1 for e, r in enumerate(rmse) if r < target]
    return below[0] if below else None


@pytest.fixture(scope="module")
def numbers():
    """The race at the sheets' lrs: the numbers issue 15 read off the first version."""
    return compute(LESSON.resolve(sets=[SHEETS]))


# The numbers -------------------------------------------------------------------------------------

def test_tune_sheets_races_at_the_sheets_learning_rates(numbers):
    assert [r.name for r in numbers.racers] == list(RACERS)
    assert {r.name: r.lr for r in numbers.racers} == SHEET_LRS
    assert numbers.start == (1.0, 1.0)


def test_epochs_to_target_match_runs_built_without_the_lesson(numbers):
    for r in numbers.racers:
        assert r.epochs_to_target == reference_epochs(r.name, r.lr, numbers.epochs)
    # At the defaults only the two Adams get below rmse 1 within 40 epochs; if this changes the
    # lesson's captions and the talk around the table need a look.
    assert [r.epochs_to_target for r in numbers.racers] == [None, None, None, 28, 37]


def test_rmse_is_root_mean_row_loss_per_epoch(numbers):
    t = reference_run("rmsprop", 0.02, numbers.epochs)
    rmse = np.sqrt(t.loss.reshape(numbers.epochs, numbers.rows).mean(axis=1))
    np.testing.assert_allclose(numbers.racers[2].rmse, rmse, rtol=1e-12)


def test_annealing_drops_lr_by_four_where_the_trajectory_says(numbers):
    ann = numbers.racers[-1]
    t = reference_run("adam_ann", 1.0, numbers.epochs)
    per_epoch = t.lr.reshape(numbers.epochs, numbers.rows)[:, 0]
    expected = [(e + 1, float(per_epoch[e])) for e in range(1, numbers.epochs)
                if per_epoch[e] != per_epoch[e - 1]]
    assert list(ann.lr_drops) == expected == [(3, 0.25), (4, 0.0625)]
    previous = ann.lr
    for _, lr in ann.lr_drops:
        assert lr == previous / ann.rule.anneal[1]
        previous = lr
    assert all(r.lr_drops == () for r in numbers.racers[:-1])
    # what the table's lr cell says it was divided by: the anneal's ÷4, once per drop so far
    # (the rule's factor compounded, counted here apart from Racer.cut's lr ratio)
    factor = ann.rule.anneal[1]
    assert [ann.cut(lr) for _, lr in ann.lr_drops] == [round(factor ** k) for k in (1, 2)]
    assert ann.cut(ann.lr) == 1
    assert ann.cut(ann.lr / factor ** 1.5) not in (4, 16)   # control: no whole number of drops


def test_rules_are_the_sheets_hyperparameters(numbers):
    """The conventions the lesson's parameter help promises (β 0.9, β2 0.99, Adam's eps 0,
    lr ÷ 4 past twice the best), read off the runs; each average's weight is 1 − decay."""
    rules = {r.name: r.rule for r in numbers.racers}
    assert rules["sgd"].mean is rules["sgd"].square is None
    assert rules["momentum"].mean == pytest.approx((0.9, 0.1)) and rules["momentum"].square is None
    assert rules["rmsprop"].square == pytest.approx((0.9, 0.1)) and rules["rmsprop"].eps == 1e-8
    for name in ("adam", "adam_ann"):
        assert rules[name].mean == pytest.approx((0.9, 0.1))
        assert rules[name].square == pytest.approx((0.99, 0.01)) and rules[name].eps == 0.0
    assert rules["adam_ann"].anneal == (2.0, 4.0)
    assert all(rule.anneal is None for name, rule in rules.items() if name != "adam_ann")


def test_paths_are_the_runs_weights(numbers):
    for r in numbers.racers:
        t = reference_run(r.name, r.lr, numbers.epochs)
        np.testing.assert_array_equal(r.path, t.path())   # linear's params are (a, b)
        assert t.param_names == ("a", "b")


def test_box_holds_every_default_path_start_and_optimum(numbers):
    assert numbers.outside_rows() == 0
    (a0, a1, _), (b0, b1, _) = numbers.a_range, numbers.b_range
    for a, b in (numbers.start, numbers.optimum):
        assert a0 <= a <= a1 and b0 <= b <= b1
    for r in numbers.racers:
        assert r.boxed.runs == ((0, len(r.path)),)          # one trail, all of it drawn


def test_a_runaway_is_kept_outside_the_box_not_shrunk_into_it():
    n = compute(LESSON.resolve(sets=OUT_OF_THE_BOX))
    ann = n.racers[-1]
    assert n.outside_rows() == ann.boxed.outside.sum() > 0
    assert not n.racers[0].boxed.outside.any()               # the others stay readable


@pytest.mark.parametrize("sets", [OUT_OF_THE_BOX, RUNAWAY_MID_RACE])
def test_boxed_trail_is_the_cores_clipped_path(sets):
    """The runs the scene draws are core.clip.clip_polyline's pieces; the edge marker sits on
    the box, pointing at the weights."""
    n = compute(LESSON.resolve(sets=sets))
    box = box_of(n.a_range, n.b_range)
    for r in n.racers:
        pieces = clip_polyline(r.path, box)
        assert [r.path[s:e].tolist() for s, e in r.boxed.runs] == [p.tolist() for p in pieces]
        out = r.boxed.outside
        edge, heading = r.boxed.edge[out], r.boxed.heading[out]
        on_edge = np.isin(edge[:, 0], n.a_range[:2]) | np.isin(edge[:, 1], n.b_range[:2])
        assert on_edge.all()
        towards = r.path[out] - edge
        np.testing.assert_allclose(np.arctan2(towards[:, 1], towards[:, 0]), heading)
        np.testing.assert_array_equal(r.boxed.edge[~out], r.path[~out])


def test_a_run_that_runs_away_is_reported_not_raised():
    n = compute(LESSON.resolve(sets=[SHEETS, "lr=0.01", "optimizers=sgd,adam", "epochs=3"]))
    sgd = n.racers[0]
    assert sgd.diverged_at is not None and sgd.epochs_to_target is None
    assert np.isfinite(sgd.path).all() and np.isfinite(sgd.rmse).all()
    assert len(sgd.rmse) == (sgd.diverged_at - 1) // n.rows   # whole epochs only


def test_lr_is_sgds_and_each_other_optimizer_has_its_own():
    n = compute(LESSON.resolve(sets=[SHEETS, "lr=2e-4", "lr_adam=0.05", "epochs=2"]))
    lrs = {r.name: r.lr for r in n.racers}
    assert lrs == {**SHEET_LRS, "sgd": 2e-4, "adam": 0.05}


def test_subset_races_in_canonical_order():
    n = compute(LESSON.resolve(sets=["optimizers=adam_ann,sgd", "epochs=2"]))
    assert [r.name for r in n.racers] == ["sgd", "adam_ann"]


def test_target_and_carry_reach_the_runs():
    n = compute(LESSON.resolve(sets=["epochs=6", "target=20", "carry=sheet"]))
    for r in n.racers:
        assert r.epochs_to_target == reference_epochs(r.name, r.lr, 6, 20.0, "sheet")
    assert any(r.epochs_to_target is not None for r in n.racers)


@pytest.mark.parametrize("sets, words", [
    (["optimizers=sgd,sgd"], "twice"),
    (["optimizers=adagrad"], "adagrad"),
    (["lr_rmsprop=0"], "lr_rmsprop"),
    (["lr=-1"], "lr"),
    (["tune=grid"], "tune"),
    (["epochs=0"], "epochs"),
    (["target=0"], "target"),
    (["carry=sometimes"], "carry"),
    (["momentum_lr=0.1"], "momentum_lr"),
    (["data=synthetic:n=1"], "two distinct x"),
    (["parts=podium"], "podium"),
])
def test_bad_input_is_one_usage_error_naming_it(sets, words):
    with pytest.raises(UsageError, match=words):
        compute(LESSON.resolve(sets=sets))


def test_shown_is_json_numbers_only(numbers):
    shown = json.loads(json.dumps(numbers.shown()))
    assert [r["epochs_to_target"] for r in shown["racers"]] == [None, None, None, 28, 37]
    assert shown["racers"][-1]["lr_drops"] == [[3, 0.25], [4, 0.0625]]
    assert "label" not in shown["racers"][0] and "result" not in shown["racers"][0]


def test_parts_are_the_chapters_and_read_every_run_parameter():
    ids = ("bowl", "sweep", "rules", "race", "table", "steps")
    assert tuple(p.id for p in LESSON.parts) == LESSON.defaults().parts == ids
    runs = {p.name for p in LESSON.params} - {"parts"} - {p.name for p in PRESENTATION}
    assert all(set(p.reads) == runs for p in PART_SPECS)


def test_final_rmse_and_whether_it_rises(numbers):
    by = {r.name: r for r in numbers.racers}
    for r in numbers.racers:
        assert r.final_rmse == pytest.approx(r.rmse[-1])
        assert r.rising == bool(r.rmse[-1] > r.rmse[-2])
    # What the issue reads off the table: Adam ends at 4.6 and annealed Adam at 2.3, both rising.
    assert round(by["adam"].final_rmse, 1) == 4.6 and round(by["adam_ann"].final_rmse, 1) == 2.3
    assert by["adam"].rising and by["adam_ann"].rising and not by["sgd"].rising


def test_trail_joins_each_epochs_start_and_the_last_point(numbers):
    for r in numbers.racers:
        assert r.trail_rows.tolist() == list(range(0, len(r.path), 29)) + (
            [] if (len(r.path) - 1) % 29 == 0 else [len(r.path) - 1])
    runaway = compute(LESSON.resolve(sets=RUNAWAY_MID_RACE))
    for r in runaway.racers:
        assert r.trail_rows[-1] == len(r.path) - 1


def test_step_sizes_show_why_adam_wins(numbers):
    """Each racer's mean |Δa|, |Δb| per row, and what the step plot places: its net b per row
    (how far b got) against its last epoch's mean |Δa| (the rattle left). SGD's b step is ~39x
    smaller than its a step (b's gradient is small); Adam's b gets ~9x SGD's net."""
    by = {r.name: r for r in numbers.racers}
    for r in numbers.racers:
        d = np.abs(np.diff(r.path, axis=0)).mean(axis=0)
        assert (r.step_a, r.step_b) == (pytest.approx(d[0]), pytest.approx(d[1]))
        net = (r.path[-1, 1] - r.path[0, 1]) / (len(r.path) - 1)
        last_a = np.abs(np.diff(r.path[-30:, 0])).mean()
        assert (r.end_a, r.net_b) == (pytest.approx(last_a), pytest.approx(net))
        with np.errstate(invalid="ignore"):
            assert r.log_steps == (pytest.approx(np.log10(last_a)), pytest.approx(np.log10(net),
                                                                                   nan_ok=True))
    story = numbers.steps
    assert (story.slow, story.fast) == ("sgd", "adam")
    assert by["sgd"].step_b < by["sgd"].step_a / 30
    assert story.speedup == pytest.approx(by["adam"].net_b / by["sgd"].net_b)
    # Every placed dot is inside the step plot's decades.
    (x0, x1), (y0, y1) = numbers.step_a_decades, numbers.step_b_decades
    placed = [r for r in numbers.racers if np.isfinite(r.log_steps).all()]
    assert placed and all(x0 <= r.log_steps[0] <= x1 and y0 <= r.log_steps[1] <= y1
                          for r in placed)


def test_step_story_names_rmsprop_beside_sgd_and_adam(swept):
    """With each its best lr: the three that scale by √v get b all the way (net 0.025 a row,
    the plot's ceiling (30 − 1)/1160); RMSProp's a still rattles 5.8× Adam's in the last
    epoch, annealed Adam starts at 5.6× Adam's lr and its b is near 30 by epoch 10, and it
    rattles least. Without SGD and Adam there is nothing to set RMSProp beside."""
    by = {r.name: r for r in swept.racers}
    story = swept.steps
    assert story.scaled == "rmsprop" and story.annealed == "adam_ann"
    assert story.arrive == pytest.approx(29 / 1160)
    for name in ("rmsprop", "adam", "adam_ann"):
        assert by[name].net_b == pytest.approx(story.arrive, rel=0.05)
    for name in ("sgd", "momentum"):
        assert by[name].net_b < story.arrive / 5
    assert story.rattle == pytest.approx(by["rmsprop"].end_a / by["adam"].end_a)
    assert round(story.rattle, 1) == 5.8 and round(story.lr_ratio, 1) == 5.6
    assert by["adam_ann"].reach_epoch == 10 and by["adam"].reach_epoch is None
    assert min(by.values(), key=lambda r: r.end_a).name == "adam_ann"
    # the order of the last RMSE is the order of the last rattle among those that got there
    got_there = sorted((by[k] for k in ("rmsprop", "adam", "adam_ann")), key=lambda r: r.end_a)
    assert [r.name for r in got_there] == ["adam_ann", "adam", "rmsprop"]
    assert [r.final_rmse for r in got_there] == sorted(r.final_rmse for r in got_there)
    alone = compute(LESSON.resolve(sets=["optimizers=sgd,adam", "epochs=3"]))
    assert alone.steps.scaled is None and alone.steps.annealed is None


def test_first_epoch_steps_show_how_each_rule_sizes_a_and_b(swept):
    """The mechanism, from the runs' own weights: in epoch 1 (every racer from a = b = 1) one
    lr for both weights steps b about 1/45 as far as a (b's gradient is small), while dividing
    each weight by its own √v makes b's step as large as a's or larger (1.3× to 1.6×). The
    sheets' lrs do not change the split (each rule's own doing). Negative control: the whole
    race's steps (step_a, step_b) are not the first epoch's."""
    by = {r.name: r for r in swept.racers}
    for r in swept.racers:
        w = np.array(reference_run(r.name, r.lr, 1).path())     # epoch 1 only, rebuilt
        d = np.abs(w[1:] - w[:-1]).mean(axis=0)
        assert (r.first_a, r.first_b) == (pytest.approx(d[0]), pytest.approx(d[1]))
        assert r.first_ratio == pytest.approx(d[1] / d[0])
    for name in ("sgd", "momentum"):
        assert 0.015 < by[name].first_ratio < 0.03
    for name in ("rmsprop", "adam", "adam_ann"):
        assert 1.2 < by[name].first_ratio < 1.7
    assert by["adam"].first_a != pytest.approx(by["adam"].step_a)
    sheets = compute(LESSON.resolve(sets=[SHEETS]))
    assert all((r.first_ratio < 0.1) == (r.rule.square is None) for r in sheets.racers)


def test_first_ratio_is_none_when_a_did_not_move(swept):
    """b's step over a's has no value when a did not move in epoch 1: None, not 0 (which
    would say b did not move). Control: b not moving is a true 0."""
    import dataclasses
    r = swept.racers[0]
    still_a = dataclasses.replace(r, first_a=0.0, first_b=0.01)
    assert still_a.first_ratio is None
    still_b = dataclasses.replace(r, first_a=0.01, first_b=0.0)
    assert still_b.first_ratio == 0.0


def test_settled_epoch_tells_a_dip_from_staying_below(swept):
    """Annealed Adam first gets below RMSE 1 in epoch 20, climbs back to 17, and stays below
    from epoch 28; Adam's first is also where it stays (40); the others never get there."""
    from sgdanim.lessons.optimizers import settled_below
    by = {r.name: r for r in swept.racers}
    ann = by["adam_ann"]
    assert (ann.epochs_to_target, ann.settled_epoch) == (20, 28)
    assert (ann.rmse[27:] < 1).all() and ann.rmse[26] >= 1 and max(ann.rmse[20:27]) > 10
    assert by["adam"].settled_epoch == by["adam"].epochs_to_target == 40
    assert by["sgd"].settled_epoch is None
    assert settled_below(np.array([0.5, 2.0]), 1.0) is None           # control: climbed back


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


def test_step_story_without_sgd_or_adam():
    n = compute(LESSON.resolve(sets=["optimizers=momentum,rmsprop", "epochs=3"]))
    by = {r.name: r for r in n.racers}
    assert n.steps.slow == min(by, key=lambda k: by[k].net_b)
    assert n.steps.fast == max(by, key=lambda k: by[k].net_b)


def test_axes_helpers():
    assert first_below(np.array([2.0, 0.5, 0.1]), 1.0) == 2
    assert first_below(np.array([np.nan, 2.0]), 1.0) is None
    assert axis_range(1.0, 30.4) == (0.0, 35.0, 5.0)
    for span in (0.07, 3.0, 29.4, 1200.0):
        lo, hi, step = axis_range(0.0, span)
        assert lo <= 0 and hi >= span and 3 <= (hi - lo) / step <= 8
    for epochs in range(1, 201):
        step = rmse_axis([], 1.0, epochs)[1]
        assert isinstance(step, int) and step >= 1 and epochs / step <= 8
    assert rmse_axis([], 1.0, 40) == ((-1, 1), 10) and rmse_axis([], 1.0, 4)[1] == 1


@pytest.mark.parametrize("sets", [[], ["lr_adam_ann=100", "lr=0.01", "epochs=3"]])
def test_rmse_axis_holds_every_curve_and_the_target_off_its_edges(sets):
    n = compute(LESSON.resolve(sets=sets))
    d0, d1 = n.rmse_decades
    logs = np.log10(np.concatenate([r.rmse for r in n.racers] + [[n.target]]))
    assert d0 < logs.min() and logs.max() < d1


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
        else:
            r0, r1 = (rmse_now(r.rmse, k, rows) for k in (beat.start, beat.row))
            assert beat.values == (r0, r1) and max(r0 / r1, r1 / r0) >= NOTABLE
            assert (r1 < r0) == (beat.kind == "fall")
        if before is not None:
            assert (before.kind, before.racer) != (beat.kind, beat.racer)
        covered |= set(range(beat.start, beat.row))
    for start, end in zip(stops, stops[1:]):      # every long walk is told all the way
        assert (set(range(start, end)) <= covered) == (end - start >= MIN_LEG * rows)
    assert [(b.epochs, b.kind, b.racer) for b in race.beats if b.first][:3] == [
        ((2, 5), "fall", "adam_ann"), ((14, 17), "rise", "adam_ann"),
        ((21, 25), "rise", "adam_ann")]
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


# The fair start: each racer at its best lr from the sweep (the defaults) --------------------------

@pytest.fixture(scope="module")
def swept():
    return compute(LESSON.defaults())


def test_each_racer_races_at_its_sweeps_best_lr(swept):
    from sgdanim.core.tuning import log_grid, tune
    grid = log_grid(-8, 1, 4)
    for r in swept.racers:
        own = tune(RunConfig(optimizer="adam" if r.name == "adam_ann" else r.name,
                             anneal=r.name == "adam_ann", init={"a": 1.0, "b": 1.0},
                             epochs=swept.epochs), grid)
        assert r.lr == own.best_lr == swept.sweep.tunings[r.name].best_lr
        # the race's own run ends exactly where the sweep read it
        assert r.final_rmse == own.best_rmse
    assert {r.name: round(float(np.log10(r.lr)), 2) for r in swept.racers} == {
        "sgd": -4.0, "momentum": -3.75, "rmsprop": -1.25, "adam": -1.25, "adam_ann": -0.5}


def test_tuned_lrs_beat_the_sheets_at_their_own_measure(swept, numbers):
    """The sweep's criterion is the last RMSE: at it, no racer does worse than at its sheet's
    lr, and RMSProp, Adam and annealed Adam do far better."""
    mine = {r.name: r.final_rmse for r in swept.racers}
    sheets = {r.name: r.final_rmse for r in numbers.racers}
    assert all(mine[k] <= sheets[k] for k in mine)
    assert all(mine[k] < sheets[k] / 2 for k in ("rmsprop", "adam", "adam_ann"))


def test_swept_race_winner_and_table(swept):
    assert [r.epochs_to_target for r in swept.racers] == [None, None, None, 40, 20]
    assert (swept.race.winner, swept.race.missed, swept.race.bounced) == ("adam_ann", 3, ())
    assert swept.shown()["tune"] is True and set(swept.shown()["sweep"]) == set(RACERS)


def test_sweep_curves_stop_before_each_runaway(swept):
    s = swept.sweep
    for name, t in s.tunings.items():
        lrs, rmse = s.curve(name)
        assert np.isfinite(rmse).all() and len(lrs) == (t.runaway or len(t.lrs))
        if t.runaway is not None:
            assert t.diverged_at[t.runaway] is not None or not np.isfinite(t.final_rmse[t.runaway])
        d0, d1 = s.rmse_decades
        assert 10.0 ** d0 < rmse.min() and rmse.max() < 10.0 ** d1
    assert {n: t.runaway_lr for n, t in s.tunings.items()}["sgd"] == pytest.approx(10 ** -3.25)
    assert s.tunings["adam"].runaway is None


def test_tune_sheets_still_sweeps_but_races_at_the_given_lrs(numbers):
    assert not numbers.sweep.used and numbers.sweep.tunings["adam"].best_lr == pytest.approx(
        10 ** -1.25)
    assert {r.name: r.lr for r in numbers.racers} == SHEET_LRS


# The zoom inset ----------------------------------------------------------------------------------

def test_inset_zooms_on_the_racers_that_crawl_and_sits_where_no_path_goes(swept):
    from sgdanim.core.clip import boxed_path, inside
    inset = swept.inset
    assert inset.racers == ("sgd", "momentum")
    later = np.concatenate([r.path[swept.rows:] for r in swept.racers if r.name in inset.racers])
    (a0, a1, _), (b0, b1, _) = inset.a_range, inset.b_range
    assert a0 <= later[:, 0].min() and later[:, 0].max() <= a1
    assert b0 <= later[:, 1].min() and later[:, 1].max() <= b1
    # the racers that climb the valley are not in it: each climbs more than 15% of the b axis
    span = swept.b_range[1] - swept.b_range[0]
    for r in swept.racers:
        assert (np.ptp(r.path[swept.rows:, 1]) < 0.15 * span) == (r.name in inset.racers)
    every = np.concatenate([r.path for r in swept.racers])
    assert inset.crossed == int(inside(every, inset.place).sum()) == 0
    assert not inside(np.array([swept.start, swept.optimum]), inset.place).any()
    # It does not cover the box it magnifies, and it is the largest size that fits: at the
    # defaults 42% of the view's width and 58% of its height (readable at 480p).
    from sgdanim.lessons.optimizers.inset import PLACES, overlaps
    pa0, pa1, pb0, pb1 = inset.place
    assert not overlaps(inset.place, (a0, a1, b0, b1))
    assert (pa1 - pa0, pb1 - pb0) == pytest.approx(
        (PLACES[0][0] * np.ptp(swept.a_range[:2]), PLACES[0][1] * span))
    assert overlaps((0, 2, 0, 2), (1, 3, 1, 3)) and not overlaps((0, 1, 0, 1), (1, 2, 0, 1))
    for name in inset.racers:
        want = boxed_path(swept.racers[RACERS.index(name)].path, (a0, a1, b0, b1))
        np.testing.assert_array_equal(inset.paths[name].outside, want.outside)


def test_no_inset_when_nobody_crawls():
    n = compute(LESSON.resolve(sets=["optimizers=rmsprop,adam"]))
    assert n.inset is None and n.shown()["inset"] is None


def test_sgds_curve_is_flat_over_decades_and_adams_is_not(swept):
    """SGD's curve hardly moves: every lr from just under 10⁻⁶ to 10⁻⁴ ends within 20% of its
    lowest RMSE (the screen says so), and it races at the top of that span, 10⁻⁴. Adam's dip
    is one grid step wide (the control: the same measure, a narrow span)."""
    s = swept.sweep
    low, high, lowest, worst = s.near_best("sgd")
    t = s.tunings["sgd"]
    assert lowest == t.final_rmse[t.lowest] == t.final_rmse[t.kept].min()
    inside = (t.lrs >= low) & (t.lrs <= high)
    assert np.all(t.final_rmse[inside] <= 1.2 * lowest) and worst <= 1.2 * lowest
    assert high == t.best_lr == pytest.approx(1e-4) and t.lowest_lr == pytest.approx(1e-6)
    assert high / low >= 100
    # the neighbours just outside the span are above it (where it stopped, it had to)
    edges = [i for i in (np.flatnonzero(inside)[0] - 1, np.flatnonzero(inside)[-1] + 1)
             if 0 <= i < (t.runaway or len(t.lrs))]
    assert all(t.final_rmse[i] > 1.2 * lowest for i in edges)
    adam_low, adam_high, *_ = s.near_best("adam")
    assert adam_high / adam_low < 10
