"""Lesson ``optimizers``, pixel-free: the race's numbers against the core, and what the scene's
mobjects and captions say and where they sit against those numbers (no video is rendered)."""

import json
import math
from types import SimpleNamespace

import numpy as np
import pytest

from sgdanim.core.errors import UsageError
from sgdanim.core.clip import box_of, clip_polyline
from sgdanim.core.trajectory import RunConfig, run
from sgdanim.lessons import get
from sgdanim.lessons.optimizers import (PART_SPECS, RACERS, axis_range, compute, first_below,
                                        rmse_axis, snapshot_epochs)

LESSON = get("optimizers")
SHEET_LRS = {"sgd": 1e-4, "momentum": 1e-4, "rmsprop": 0.02, "adam": 0.1, "adam_ann": 1.0}
RUNAWAY_MID_RACE = ["lr=0.0005", "epochs=20", "optimizers=sgd,adam_ann", "target=10"]
RUNAWAY_ALONE = ["lr=0.001", "epochs=20", "optimizers=sgd,adam_ann", "target=10"]
OUT_OF_THE_BOX = ["lr_adam_ann=100", "epochs=3"]


@pytest.fixture(autouse=True)
def _tex_in_tmp(tmp_path_factory):
    """MathTex writes .tex/.svg files under media_dir; keep them out of the repo."""
    from manim import tempconfig
    with tempconfig({"media_dir": str(tmp_path_factory.getbasetemp() / "media")}):
        yield


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
    return compute(LESSON.defaults())


# The numbers -------------------------------------------------------------------------------------

def test_defaults_are_the_sheets_learning_rates(numbers):
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
    n = compute(LESSON.resolve(sets=["lr=0.01", "optimizers=sgd,adam", "epochs=3"]))
    sgd = n.racers[0]
    assert sgd.diverged_at is not None and sgd.epochs_to_target is None
    assert np.isfinite(sgd.path).all() and np.isfinite(sgd.rmse).all()
    assert len(sgd.rmse) == (sgd.diverged_at - 1) // n.rows   # whole epochs only


def test_lr_is_sgds_and_each_other_optimizer_has_its_own():
    n = compute(LESSON.resolve(sets=["lr=2e-4", "lr_adam=0.05", "epochs=2"]))
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
    assert [p.id for p in LESSON.parts] == ["bowl", "rules", "race", "table"]
    assert LESSON.defaults().parts == ("bowl", "rules", "race", "table")
    runs = {p.name for p in LESSON.params} - {"parts"}
    assert all(set(p.reads) == runs for p in PART_SPECS)


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
    assert race.seconds_per_row * rows == pytest.approx(1.1)           # an epoch's pace
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


def test_snapshots_are_read_once_and_off_busy_epochs():
    assert snapshot_epochs(40, {2, 3, 28, 37}) == [13, 23] and snapshot_epochs(3, set()) == []
    assert snapshot_epochs(12, {2, 3, 4, 5}) == [2]          # both moved to epoch 2: once
    n = compute(LESSON.resolve(sets=["lr=0.0005", "epochs=12", "optimizers=sgd,adam_ann",
                                     "target=10"]))
    snaps = [e.row for e in n.race.events if e.kind == "rmse"]
    assert len(snaps) == len(set(snaps)) >= 1
    assert [e.row for e in n.race.events] == sorted(e.row for e in n.race.events)


# What the scene's mobjects and captions say, and where they sit (manim imported, nothing rendered)

def racer_of(numbers, name):
    return numbers.racers[[r.name for r in numbers.racers].index(name)]


def test_table_cells_are_the_cores_numbers(numbers):
    from scenes.optimizers.panels import RaceTable
    from scenes.optimizers.text import lr_text
    cells = RaceTable(numbers).cells()
    for r in numbers.racers:
        lr, result = cells[r.name]
        assert float(lr) == pytest.approx(r.lr, rel=1e-2) and lr == lr_text(r.lr)
        want = reference_epochs(r.name, r.lr, numbers.epochs)
        assert result == (str(want) if want is not None else f"not within {numbers.epochs} epochs")


def test_table_cells_follow_params():
    from scenes.optimizers.panels import RaceTable
    n = compute(LESSON.resolve(sets=["epochs=6", "target=20", "lr_rmsprop=0.05", "lr=0.003"]))
    cells = RaceTable(n).cells()
    assert cells["rmsprop"][0] == "0.05" and cells["sgd"][0] == "0.003"
    assert cells["sgd"][1] == f"ran away at step {n.racers[0].diverged_at}"
    for r in n.racers[1:]:
        want = reference_epochs(r.name, r.lr, 6, 20.0)
        assert cells[r.name][1] == (str(want) if want else "not within 6 epochs")


def test_lr_drop_swaps_the_cell_in_its_column(numbers):
    from scenes.optimizers.panels import RaceTable
    table = RaceTable(numbers).shift([2.0, -1.0, 0])
    old = table.lrs["adam_ann"]
    table.drop_lr("adam_ann", 0.25)
    new = table.lrs["adam_ann"]
    assert new.original_text == "0.25"
    assert new.get_left()[0] == pytest.approx(table.header[1].get_left()[0])
    assert new[0].get_bottom()[1] == pytest.approx(old[0].get_bottom()[1], abs=1e-3)  # baseline


def test_walker_and_rmse_curve_follow_the_row_clock(numbers):
    from manim import ValueTracker

    from scenes.kit.landscape_panel import LandscapePanel
    from scenes.optimizers.panels import BoxedWalker, RmsePlot
    panel = LandscapePanel(numbers.landscape, numbers.a_range, numbers.b_range, numbers.levels[:2])
    adam = racer_of(numbers, "adam")
    walker = BoxedWalker(panel, adam, "#E69F00")
    walker.index.set_value(5 * numbers.rows)
    walker.update()
    np.testing.assert_allclose(walker.dot.get_center(), panel.point(*adam.path[5 * numbers.rows]))

    plot = RmsePlot(numbers)
    rows = ValueTracker(7 * numbers.rows + 3)
    curve = plot.curve(adam, rows, numbers.rows)
    curve.update()
    anchors = curve.get_anchors()
    np.testing.assert_allclose(anchors[0], plot.point(1, adam.rmse[0]))
    np.testing.assert_allclose(anchors[-1], plot.point(7, adam.rmse[6]))   # 7 epochs done, not 8


def test_boxed_walker_draws_the_runs_and_points_out_where_the_weights_left():
    from scenes.kit.landscape_panel import LandscapePanel
    from scenes.optimizers.panels import BoxedWalker
    n = compute(LESSON.resolve(sets=RUNAWAY_MID_RACE))
    panel = LandscapePanel(n.landscape, n.a_range, n.b_range, n.levels[:2])
    sgd = n.racers[0]
    walker = BoxedWalker(panel, sgd, "#F0E442")
    k = int(np.flatnonzero(sgd.boxed.outside)[-1])
    walker.index.set_value(k)
    walker.update()
    starts = [s for s, e in sgd.boxed.runs if e - s >= 2 and s < k]
    subpaths = walker.trail.get_subpaths()
    assert len(subpaths) == len(starts) >= 1
    for subpath, start in zip(subpaths, starts):
        np.testing.assert_allclose(subpath[0], panel.point(*sgd.path[start]))
    # (turning the triangle about its box's centre moves that centre by a hair)
    np.testing.assert_allclose(walker.edge.get_center(), panel.point(*sgd.boxed.edge[k]),
                               atol=0.01)
    assert walker.edge.get_fill_opacity() == 1 and walker.dot.get_fill_opacity() == 0
    walker.index.set_value(0)
    walker.update()
    assert walker.edge.get_fill_opacity() == 0 and walker.dot.get_fill_opacity() == 1


def test_epoch_counter_shows_the_epoch_being_run(numbers):
    from scenes.optimizers.panels import RowClock, epoch_counter
    rows = RowClock(0)
    counter = epoch_counter(rows, numbers.rows, numbers.epochs)
    for value, shown in ((0, 1), (29, 1), (30, 2), (58, 2), (40 * 29, 40)):
        rows.tracker.set_value(value)
        counter.update()
        assert counter.number.get_value() == shown


def test_rules_write_the_lessons_numbers():
    """rule_tex writes what the lesson says, not constants of its own: odd made-up numbers."""
    from scenes.optimizers.text import gloss, rule_tex
    odd = SimpleNamespace(name="adam_ann", rule=SimpleNamespace(
        mean=(0.8, 0.2), square=(0.95, 0.05), eps=1e-6, anneal=(3.0, 5.0)))
    lines = rule_tex(odd)
    assert lines[0] == r"m \leftarrow 0.8\,m + 0.2\,g,\quad v \leftarrow 0.95\,v + 0.05\,g^2"
    assert r"\sqrt{v}+\epsilon" in lines[1] and r"G > 3\," in lines[3] and lines[3].endswith("/5")
    assert "÷ 5" in gloss(odd)
    plain = SimpleNamespace(name="momentum", rule=SimpleNamespace(
        mean=(0.9, 1.0), square=None, eps=0.0, anneal=None))
    assert rule_tex(plain) == (r"m \leftarrow 0.9\,m + 1\,g",
                               r"p \leftarrow p - \mathrm{lr}\cdot m")


def test_captions_read_the_lessons_numbers(numbers):
    from scenes.optimizers.text import bounce_caption, event_caption, summary_caption
    texts = [event_caption(e, numbers) for e in numbers.race.events]
    assert texts[:2] == ["annealed Adam's gradients jumped: lr ÷ 4, 1 → 0.25.",
                         "annealed Adam's gradients jumped again: lr ÷ 4, 0.25 → 0.0625."]
    for e, text in zip(numbers.race.events, texts):
        if e.kind == "rmse":
            t = reference_run("rmsprop", 0.02, e.epoch)
            assert f"RMSProp {float(f'{t.epoch_rmse()[-1]:.2g}'):g}," in text
            assert text.count(",") == len(numbers.racers) - 1
    assert texts[-1] == "annealed Adam gets below rmse 1 in epoch 37."
    assert summary_caption(numbers) == ("Epochs to rmse < 1: Adam first, in 28; 3 of 5 do not "
                                        "get there within 40 epochs.")
    assert "Adam got there in epoch 28 but ends epoch 40 at rmse 4.6" in bounce_caption(numbers)
    alone = compute(LESSON.resolve(sets=RUNAWAY_ALONE))
    assert event_caption(alone.race.alone[0], alone) == (
        f"SGD ran away at step {alone.racers[0].diverged_at}; its run stops there.")


# Layout and the parts' builds: every piece inside the frame, nothing on top of anything else -----

def box(m):
    (x0, y0, _), (x1, y1, _) = m.get_corner([-1, -1, 0]), m.get_corner([1, 1, 0])
    return x0, y0, x1, y1


def overlap(m1, m2, gap=0.0) -> bool:
    a, b = box(m1), box(m2)
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def inside_frame(m) -> bool:
    from manim import config
    w, h = config.frame_width / 2, config.frame_height / 2
    x0, y0, x1, y1 = box(m)
    return -w + 0.05 < x0 and x1 < w - 0.05 and -h + 0.05 < y0 and y1 < h - 0.05


@pytest.mark.parametrize("sets", [[], ["epochs=6", "target=20", "optimizers=sgd,adam_ann"],
                                  OUT_OF_THE_BOX])
def test_stage_and_cards_fit_the_frame_and_nothing_overlaps(sets):
    from scenes.optimizers.panels import layout
    from scenes.optimizers.parts import Bowl, Rules
    n = compute(LESSON.resolve(sets=sets))
    s = layout(n)
    title = Bowl().build(n, None).title
    cards = Rules().build(n, None).cards.values()
    for piece in (s.panel, s.table, s.plot, s.counter, title, *cards):
        assert inside_frame(piece), piece
    for a, b in [(s.panel, s.table), (s.panel, s.plot), (s.plot, s.table), (s.counter, s.plot.axes),
                 (title, s.plot), (title, s.panel), *[(s.panel, c) for c in cards],
                 *[(s.table, c) for c in cards]]:
        assert not overlap(a, b, gap=0.05), (a, b)
    assert overlap(s.start, s.start_label, gap=0.2) and overlap(s.panel.optimum, s.opt_label, 0.4)
    # Table columns: each lr the race will show (the start and every drop) clears its neighbours.
    t = s.table
    for r in n.racers:
        assert not overlap(t.names[r.name], t.lrs[r.name], gap=0.15)
        for _, lr in r.lr_drops:
            t.drop_lr(r.name, lr)
            assert not overlap(t.lrs[r.name], t.results[r.name], gap=0.15), (r.name, lr)
        assert not overlap(t.lrs[r.name], t.results[r.name], gap=0.15)


def test_stage_places_the_numbers(numbers):
    from scenes.optimizers.panels import layout
    s = layout(numbers)
    np.testing.assert_allclose(s.start.get_center(), s.panel.point(*numbers.start))
    assert s.clock.value == numbers.race.first and list(s.walkers) == list(RACERS)
    for name, dot in s.dots.items():
        r = racer_of(numbers, name)
        e = r.epochs_to_target
        np.testing.assert_allclose(dot.get_center(), s.plot.point(e, r.rmse[e - 1]))
    assert set(s.dots) == {"adam", "adam_ann"}


def test_parts_build_their_pieces_and_captions(numbers):
    from manim import config

    from scenes.optimizers.parts import Bowl, Race, Rules, Table
    bowl = Bowl().build(numbers, None)
    assert bowl.title.get_top()[1] == pytest.approx(config.frame_height / 2 - 0.25)
    assert "on the same 29 rows" in bowl.captions[-1]
    rules = Rules().build(numbers, None)
    assert list(rules.cards) == list(RACERS) and rules.alone == {}
    for card in rules.cards.values():
        np.testing.assert_allclose(card.get_center()[:2], (3.35, 1.55), atol=1e-6)
    assert rules.captions["rmsprop"] == ("RMSProp: each weight's step divided by its recent "
                                         "gradient size; lr = 0.02.")
    race = Race().build(numbers, None)
    assert [e for e, _ in race.events] == list(numbers.race.events)
    assert len(Table().build(numbers, None).captions) == 2


class Screen:
    """As much of a scene as the parts' ``settle`` steps use: what is on screen, by family."""

    def __init__(self, numbers):
        from scenes.optimizers.panels import layout
        from scenes.optimizers.scene import Optimizers
        self.numbers, self.params, self.parts = numbers, None, Optimizers.parts
        self.stage, self.on, self.shown_parts = layout(numbers), set(), set()

    def add(self, *mobjects):
        self.on |= {m for mob in mobjects for m in mob.get_family()}

    def remove(self, *mobjects):
        self.on -= {m for mob in mobjects for m in mob.get_family()}

    keep_on_top = add


@pytest.mark.parametrize("sets", [[], RUNAWAY_ALONE])
def test_a_part_played_alone_finds_the_screen_the_others_leave(sets):
    """catch_up("table") settles the bowl, the rules and the race: the walkers stand at the
    race's end, the table holds the last lr and every result an event showed."""
    from scenes.optimizers.scene import Optimizers
    from scenes.optimizers.text import lr_text
    n = compute(LESSON.resolve(sets=sets))
    screen = Screen(n)
    Optimizers.catch_up(screen, "table")
    s = screen.stage
    assert screen.shown_parts == {"bowl", "rules", "race", "table"}
    for r in n.racers:
        assert s.walkers[r.name].dot in screen.on and s.table.names[r.name] in screen.on
        np.testing.assert_allclose(s.walkers[r.name].dot.get_center(),
                                   s.panel.point(*r.path[-1]))
        last = r.lr_drops[-1][1] if r.lr_drops else r.lr
        assert s.table.lrs[r.name] in screen.on and s.table.cells()[r.name][0] == lr_text(last)
        assert (s.table.results[r.name] in screen.on) == (r.name not in n.race.late)
    assert s.plot.axes in screen.on and s.counter.number.get_value() == n.epochs
    assert {d for d in s.dots.values()} <= screen.on
    assert s.start in screen.on and s.start_label not in screen.on
