"""core.tuning: the lr a sweep chooses is the largest lr, below the first runaway, whose
last-epoch RMSE is within 20 % of the lowest (walking up from the lowest), read off runs made one
by one with core.trajectory.run."""

import numpy as np
import pytest

from sgdanim.core.errors import UsageError
from sgdanim.core.trajectory import RunConfig, run
from sgdanim.core.tuning import WITHIN, largest_as_good, log_grid, tune

START = {"a": 1.0, "b": 1.0}


def last_rmse(config):
    t = run(config)
    return float(t.epoch_rmse()[-1]) if t.diverged_at is None else float("inf")


def test_grid_is_exact_on_whole_decades():
    grid = log_grid(-8, 1, 4)
    assert len(grid) == 37 and grid[0] == 1e-8 and grid[-1] == 10.0
    assert grid[4::4].tolist() == [1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1.0, 10.0]
    assert np.all(np.diff(np.log10(grid)) == pytest.approx(0.25))


@pytest.mark.parametrize("optimizer, anneal", [("sgd", False), ("adam", False), ("adam", True)])
def test_best_is_the_largest_lr_as_good_as_the_lowest_of_runs_made_one_by_one(optimizer, anneal):
    config = RunConfig(optimizer=optimizer, anneal=anneal, init=START, epochs=6)
    grid = log_grid(-6, 0, 2)
    t = tune(config, grid)
    one_by_one = [last_rmse(RunConfig(optimizer=optimizer, anneal=anneal, init=START, epochs=6,
                                      lr=float(lr))) for lr in grid]
    np.testing.assert_array_equal(t.final_rmse, one_by_one)      # the same bits
    ran = [i for i, r in enumerate(one_by_one) if not np.isfinite(r)]
    assert t.runaway == (ran[0] if ran else None)
    kept = np.array(one_by_one[: t.runaway])
    assert t.lowest == int(np.argmin(kept)) and t.best >= t.lowest
    assert np.all(kept[t.lowest: t.best + 1] <= (1 + WITHIN) * kept.min())
    assert t.best + 1 == len(kept) or kept[t.best + 1] > (1 + WITHIN) * kept.min()


def test_on_a_plateau_the_largest_lr_as_good_wins_and_a_dip_keeps_its_lr():
    plateau = np.array([72.0, 31.0, 16.0, 15.8, 15.8, 15.9, 16.3, 18.2, 24.7])
    dip = np.array([76.0, 35.0, 12.0, 5.9, 0.98, 4.6, 3.5, 1.1])   # a far lr nearly as low
    assert largest_as_good(plateau) == (3, 7)       # 18.2 ≤ 1.2 × 15.8, 24.7 is not
    assert largest_as_good(dip) == (4, 4)           # its neighbour is 4.7× worse: no walk
    # negative control: the old rule, argmin, picks the plateau's small lr
    assert int(np.argmin(plateau)) == 3 != largest_as_good(plateau)[1]
    # a stricter tolerance stops lower on the plateau
    assert largest_as_good(plateau, 0.05)[1] == 6


def test_sgd_on_the_sheet_gets_the_sheets_lr_and_adam_its_dip():
    """SGD's sweep over 40 epochs is flat (RMSE 16–18 from 5.6×10⁻⁷ to 10⁻⁴): the rule takes
    10⁻⁴, where argmin took 10⁻⁶; Adam's narrow dip at 5.6×10⁻² is still found."""
    grid = log_grid(-8, 1, 4)
    sgd = tune(RunConfig(init=START, epochs=40), grid)
    assert sgd.best_lr == pytest.approx(1e-4) and sgd.lowest_lr == pytest.approx(1e-6)
    assert sgd.best_rmse < (1 + WITHIN) * sgd.final_rmse[sgd.lowest]
    adam = tune(RunConfig(optimizer="adam", init=START, epochs=40), grid)
    assert adam.best == adam.lowest and adam.best_lr == pytest.approx(10 ** -1.25)


def test_a_lucky_lr_past_the_first_runaway_is_not_chosen():
    """Per-row momentum past 3×10⁻⁴ is chaotic: 1.78×10⁻³ survives 40 epochs and ends far lower
    than any stable lr, between lrs that run away. The sweep stops at the first runaway."""
    config = RunConfig(optimizer="momentum", init=START, epochs=40)
    grid = [1e-4, 1.778e-4, 3.162e-4, 1.778e-3]
    t = tune(config, grid)
    assert t.runaway == 2 and t.best_lr == 1.778e-4
    assert np.isfinite(t.final_rmse[3]) and t.final_rmse[3] < t.best_rmse / 5   # the fluke
    # negative control: without the runaway in the grid, the fluke would win
    assert tune(config, [1e-4, 1.778e-4, 1.778e-3]).best_lr == 1.778e-3


def test_bad_grids_are_refused():
    for grid in ([], [1e-3, 1e-4], [[1e-4]]):
        with pytest.raises(UsageError, match="grid"):
            tune(RunConfig(), grid)
    with pytest.raises(UsageError, match="smallest"):
        tune(RunConfig(init=START), [0.01, 0.1])
    with pytest.raises(UsageError, match="per_decade"):
        log_grid(-2, 0, 0)
