"""Lesson ``optimizers``' finish zoom (sgdanim/lessons/optimizers/finish.py) and the bounce the
answer line says (race.bounce_of): the racers that end at the star, drawn apart about 3×, in a
free place beside it; annealed Adam's climb back over the target after its first dip."""

import numpy as np
import pytest

from sgdanim.lessons.optimizers import compute
from tests.lessons.optimizers_kit import LESSON
from tests.lessons.optimizers_kit import swept  # noqa: F401 - fixtures


def test_the_finish_zoom_holds_the_racers_at_the_star_apart(swept):
    from sgdanim.core.clip import inside
    from sgdanim.lessons.optimizers.finish import ZOOM, drawn_points
    from sgdanim.lessons.optimizers.inset import overlaps
    f = swept.finish
    by = {r.name: r for r in swept.racers}
    assert f.racers == ("adam_ann", "rmsprop", "adam") and f.zoom == ZOOM == 3.0
    ends = np.array(f.ends)
    np.testing.assert_array_equal(ends, [by[name].path[-1] for name in f.racers])
    assert list(ends[:, 1]) == sorted(ends[:, 1], reverse=True)       # top first
    zoomed = (*f.a_range, *f.b_range)
    assert inside(ends, zoomed).all() and inside(np.array([swept.optimum]), zoomed).all()
    size = np.array([np.ptp(swept.a_range[:2]), np.ptp(swept.b_range[:2])])
    # 3× on both axes: the place's share of the box over the zoomed box's
    place = np.array(f.place)
    np.testing.assert_allclose(np.diff(place)[[0, 2]] / np.diff(zoomed)[[0, 2]], ZOOM)
    # apart in the zoom: the closest two last points 15% of its height apart; in the main
    # panel 3× closer, a dot's width there (the blob; control)
    gaps = np.abs(np.diff(ends[:, 1]))
    assert gaps.min() / np.ptp(f.b_range) > 0.15
    assert gaps.min() / size[1] < 0.025
    # drawn where nothing else is: no trail drawn at the race's end, no start or star, off the
    # box it magnifies and the crawl inset
    drawn = np.concatenate([drawn_points(r) for r in swept.racers])
    assert not inside(drawn, f.place).any()
    assert not inside(np.array([swept.start, swept.optimum]), f.place).any()
    inset = swept.inset
    for other in (zoomed, inset.place, (*inset.a_range[:2], *inset.b_range[:2])):
        assert not overlaps(f.place, other)
    assert swept.shown()["finish"]["racers"] == list(f.racers)


def test_no_finish_zoom_with_one_racer_at_the_star():
    alone = compute(LESSON.resolve(sets=["optimizers=sgd,adam"]))
    assert alone.finish is None and alone.shown()["finish"] is None


def test_annealed_adam_bounces_back_over_the_target(swept):
    """Its RMSE gets below 1 in epoch 20, climbs to its highest after (epoch 25's), and
    stays below from 28; Adam, below only in its last epoch, has no bounce (control)."""
    from sgdanim.lessons.optimizers import bounce_of
    by = {r.name: r for r in swept.racers}
    ann = by["adam_ann"]
    epoch, rmse = ann.bounce
    first = ann.epochs_to_target
    assert first == 20 and epoch == 25 and ann.settled_epoch == 28
    assert rmse == max(ann.rmse[first - 1:]) == ann.rmse[epoch - 1] == pytest.approx(17.44, abs=0.01)
    assert by["adam"].bounce is None and by["sgd"].bounce is None
    assert bounce_of([3.0, 0.5, 0.9, 0.4], 1.0) is None          # dipped and stayed below
    assert bounce_of([3.0, 0.5, 1.0], 1.0) == (3, 1.0)
