"""Lesson ``optimizers``' zoom inset (sgdanim/lessons/optimizers/inset.py): it zooms on the
racers that crawl and sits where no path goes, and there is none when nobody crawls."""

import numpy as np
import pytest

from sgdanim.lessons.optimizers import RACERS, compute
from tests.lessons.optimizers_kit import LESSON
from tests.lessons.optimizers_kit import swept  # noqa: F401 - fixtures


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
