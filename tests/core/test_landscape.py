"""The closed-form loss landscape (sgdanim/core/landscape.py): contours on their level and in
their box, both ways of cutting them to a box, and the window a path is drawn in."""

import numpy as np
import pytest

from sgdanim.core.clip import inside
from sgdanim.core.data import spreadsheet, synthetic
from sgdanim.core.landscape import Landscape

LAND = Landscape.of(spreadsheet())
NARROW = (0.0, 4.0, 0.9, 1.3)       # the momentum lesson's window: a sliver of long ellipses
WIDE = (1.5, 2.5, 0.0, 60.0)


def on_levels(land, pieces, levels, box):
    """Every piece inside ``box``, and on one level (to 1e-6 relative); the levels seen."""
    seen = set()
    for piece in pieces:
        assert len(piece) >= 2 and inside(piece, box).all()
        loss = land.loss(piece[:, 0], piece[:, 1])
        level = min(levels, key=lambda v: abs(v - loss.mean()))
        np.testing.assert_allclose(loss, level, rtol=1e-6)
        seen.add(level)
    return seen


def test_contour_is_the_level_set():
    ring = LAND.contour(250.0, n=50)
    np.testing.assert_allclose(LAND.loss(ring[:, 0], ring[:, 1]), 250.0, rtol=1e-9)
    assert (LAND.contour(LAND.min_loss, n=3) == LAND.optimum).all()


@pytest.mark.parametrize("box", [WIDE, NARROW])
def test_both_ways_of_cutting_contours_stay_on_their_levels_in_the_box(box):
    levels = list(LAND.levels_in(box, count=5))
    assert on_levels(LAND, LAND.contours_across(levels, box), levels, box) == set(levels)
    on_levels(LAND, LAND.contour_pieces(levels, box, n=400), levels, box)


def test_a_narrow_window_needs_contours_solved_across_it():
    """Why contours_across exists: 400 points around each whole ellipse leave the momentum
    window almost empty (the negative control), solving row by row of b fills it."""
    levels = list(LAND.levels_in(NARROW, count=9))
    sampled = LAND.contour_pieces(levels, NARROW, n=400)
    solved = LAND.contours_across(levels, NARROW)
    assert len({round(float(LAND.loss(*p[0])), 3) for p in sampled}) < len(levels)
    assert on_levels(LAND, solved, levels, NARROW) == set(levels)


def test_levels_in_spread_over_what_the_box_shows():
    levels = LAND.levels_in(NARROW, count=9)
    a, b = np.meshgrid(np.linspace(0.0, 4.0, 121), np.linspace(0.9, 1.3, 121))
    shown = LAND.loss(a, b)
    assert len(levels) == 9 and (np.diff(levels) > 0).all()
    assert shown.min() < levels[0] < levels[-1] < shown.max()
    np.testing.assert_allclose(np.diff(np.log(levels)), np.log(levels[1] / levels[0]))


def test_window_holds_each_path_up_to_where_its_loss_passes_the_cap():
    start = np.array([1.0, 1.0])
    cap = 10.0 * LAND.loss(*start)
    stays = np.array([start, [2.0, 1.1], [2.5, 1.2]])
    leaves = np.array([start, [3.0, 1.0], [50.0, 1.0], [2.0, 1.0]])
    assert LAND.loss(50.0, 1.0) > cap > LAND.loss(3.0, 1.0)
    box, ticks, keep = LAND.window([stays, leaves], 10.0)
    assert keep == [3, 2]
    assert inside(np.vstack([stays, leaves[:2]]), box).all() and box[1] < 50.0
    for lo, hi, step in ((box[0], box[1], ticks[0]), (box[2], box[3], ticks[1])):
        assert lo / step == pytest.approx(round(lo / step)) and hi / step == pytest.approx(round(hi / step))
    # A point that is not finite stops a path as the cap does.
    assert LAND.window([stays, np.array([start, [np.nan, 1.0]])], 10.0)[2] == [3, 1]


def test_window_around_the_optimum_holds_it():
    land = Landscape.of(synthetic(slope=1.0, intercept=1.0))
    box, _, keep = land.window([np.array([[1.0, 1.0], [1.0, 1.0]])], 10.0)
    assert keep == [2] and inside(np.array([land.optimum]), box).all()
