"""The ``optimizers`` race's zooms (scenes/optimizers/inset.py, finish.py, placed by the lesson's
inset.py and finish.py), nothing rendered: they keep off the star's label and the b axis'
numbers, and a dot drawn as a ring stays a ring in the inset."""

import pytest

from sgdanim.lessons.optimizers import compute
from tests.lessons.optimizers_kit import LESSON
from tests.scenes.optimizers_kit import overlap
from tests.scenes.optimizers_kit import _seeded_media  # noqa: F401 - fixtures


def _zooms(stage) -> list:
    return [z.backing for z in (stage.inset, stage.finish) if z is not None]


@pytest.mark.parametrize("sets, zooms", [
    (["epochs=5"], 1), (["epochs=2"], 1), (["epochs=3"], 1), ([], 2)])
def test_the_zooms_keep_off_the_star_label_and_the_b_axis_numbers(sets, zooms):
    """At 5 epochs the a range spans 0, so the b axis stands inside the panel, and the inset
    stood on its numbers 15 to 30; at 2 epochs its edge cut "(2, 30)". Control: the next
    test, on the inset's old place at 5 epochs."""
    from scenes.optimizers.panels import layout
    stage = layout(compute(LESSON.resolve(sets=sets)))
    numbers = stage.panel.axes.y_axis.numbers
    assert len(_zooms(stage)) == zooms
    for zoom in _zooms(stage):
        assert not overlap(zoom, stage.opt_label)
        assert not [n for n in numbers if overlap(zoom, n)]


def test_the_control_finds_the_old_inset_on_the_b_numbers():
    from scenes.optimizers.inset import _box
    from scenes.optimizers.panels import layout
    from manim import Rectangle
    stage = layout(compute(LESSON.resolve(sets=["epochs=5"])))
    centre, width, height = _box(stage.panel, -3.58, 1.46, 18.06, 32.06)
    old = Rectangle(width=width, height=height).move_to(centre)
    assert [n for n in stage.panel.axes.y_axis.numbers if overlap(old, n)]


def test_the_inset_takes_the_b_numbers_only_where_nothing_else_is_free():
    """With the sheet's carry over 5 epochs the left edge, over b's numbers, is the inset's
    only place: keeping off the numbers there left the race without its inset and its
    caption. It stands there, off the star's label. Control: the default carry's inset, off
    the numbers."""
    from scenes.optimizers.panels import layout
    for sets, over in ((["carry=sheet", "epochs=5"], True), (["epochs=5"], False)):
        stage = layout(compute(LESSON.resolve(sets=sets)))
        assert stage.inset is not None and not overlap(stage.inset.backing, stage.opt_label)
        numbers = stage.panel.axes.y_axis.numbers
        assert bool([n for n in numbers if overlap(stage.inset.backing, n)]) == over


def test_the_finish_takes_the_b_numbers_only_where_nothing_else_is_free():
    """Noise-free rows leave no other place for the finish: the finishers apart say more
    than b's numbers under it. It still keeps off the star's label (it stood on it)."""
    from scenes.optimizers.panels import layout
    stage = layout(compute(LESSON.resolve(sets=["data=synthetic:noise=0"])))
    assert not overlap(stage.finish.backing, stage.opt_label)
    assert [n for n in stage.panel.axes.y_axis.numbers if overlap(stage.finish.backing, n)]


@pytest.mark.parametrize("where", ["inset", "main"])
def test_a_ring_stays_a_ring_where_its_walker_comes_back_into_the_box(where):
    """At 5 epochs SGD runs under Adam, so it is drawn as a ring, in the inset too. Its path
    leaves the inset's box, and the walker's edge updater set the dot's whole opacity to 1
    on its way back: a filled disc 1.7 times a dot's size. Control: RMSProp's plain dot in the
    main panel is filled wherever it is in the box."""
    from scenes.optimizers.panels import layout
    stage = layout(compute(LESSON.resolve(sets=["epochs=5"])))
    walker = (stage.inset.walkers if where == "inset" else stage.walkers)["sgd"]
    assert walker.ringed and (where == "main" or walker.boxed.outside.any())
    plain = stage.walkers["rmsprop"]
    for w, fill in ((walker, 0.0), (plain, 1.0)):
        seen = set()
        for row in range(0, len(w.scene_points), 7):
            w.index.set_value(row)
            w.dot.update()
            if not w.boxed.outside[row]:
                seen.add(round(float(w.dot.get_fill_opacity()), 3))
        assert seen == {fill}
