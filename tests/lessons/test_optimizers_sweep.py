"""Lesson ``optimizers``' fair start (sgdanim/lessons/optimizers/sweep.py): at the defaults each
racer races at its sweep's best lr, the tuned lrs beat the sheets' at their own measure, the
sweep's curves stop before each runaway and read flat for SGD over decades, and tune=sheets still
sweeps but races at the given lrs."""

import numpy as np
import pytest

from sgdanim.core.trajectory import RunConfig
from sgdanim.lessons.optimizers import RACERS
from tests.lessons.optimizers_kit import SHEET_LRS
from tests.lessons.optimizers_kit import numbers, swept  # noqa: F401 - fixtures


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
