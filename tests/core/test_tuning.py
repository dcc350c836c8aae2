"""core.tuning: the lr a sweep chooses is the lowest last-epoch RMSE below the first runaway,
read off runs made one by one with core.trajectory.run."""

import numpy as np
import pytest

from sgdanim.core.errors import UsageError
from sgdanim.core.trajectory import RunConfig, run
from sgdanim.core.tuning import log_grid, tune

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
def test_best_is_the_lowest_last_rmse_of_runs_made_one_by_one(optimizer, anneal):
    config = RunConfig(optimizer=optimizer, anneal=anneal, init=START, epochs=6)
    grid = log_grid(-6, 0, 2)
    t = tune(config, grid)
    one_by_one = [last_rmse(RunConfig(optimizer=optimizer, anneal=anneal, init=START, epochs=6,
                                      lr=float(lr))) for lr in grid]
    np.testing.assert_array_equal(t.final_rmse, one_by_one)      # the same bits
    ran = [i for i, r in enumerate(one_by_one) if not np.isfinite(r)]
    assert t.runaway == (ran[0] if ran else None)
    kept = one_by_one[: t.runaway]
    assert t.best == int(np.argmin(kept)) and t.best_rmse == min(kept)


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
