"""The ``stepping`` walker where a runaway lr takes the weights off the landscape panel
(scenes/kit/landscape_panel.py's ``exit_tip``), built without rendering: its trail is cut at
the panel's edge, and a dot resting there read as weights that had stopped, while the readout
above said a = −1.78×10⁷. An arrowhead now stands past the dot, the way the weights went,
from the step that left."""

import numpy as np
import pytest

from sgdanim.lessons.stepping import compute

from tests.lessons.stepping_kit import LESSON
from tests.scenes.stepping_kit import kit  # noqa: F401 - a fixture


@pytest.mark.parametrize("lr, way", [("1", [1.0, 0.0]), ("1e-3", None)])
def test_a_walker_that_leaves_the_panel_points_the_way_it_went(kit, lr, way):
    """At lr 1 the first step takes a to 1205 (right, off the a axis at 2.5); at lr 1e-3 the
    weights leave on row 10. The tip is hidden until the walker reaches the cut, then stands
    outside the dot, along the last step drawn, and outside the panel's box (control: the
    defaults' walker, whose path stays, has none)."""
    n = compute(LESSON.resolve(sets=[f"lr={lr}"]))
    walker = kit.stage.build_stage(n).walker
    tip, points, last = walker.exit, walker.scene_points, len(walker.scene_points) - 1
    assert tip is not None and len(n.shown_path) <= len(n.path)
    assert tip.get_fill_opacity() == 0                      # before the cut: nothing to say
    walker.index.set_value(last)
    walker.update()
    assert tip.get_fill_opacity() == 1
    step = points[-1] - points[-2]
    past = tip.get_center() - points[-1]
    assert np.dot(past, step) > 0.9 * np.linalg.norm(past) * np.linalg.norm(step)
    assert np.linalg.norm(past) > walker.dot.radius
    if way is not None:
        np.testing.assert_allclose(step[:2] / np.linalg.norm(step), way, atol=5e-3)
    axes = walker.panel.axes
    left, right = axes.x_axis.get_start()[0], axes.x_axis.get_end()[0]
    bottom, top = axes.y_axis.get_start()[1], axes.y_axis.get_end()[1]
    x, y = tip.get_center()[:2]
    assert not (left < x < right and bottom < y < top)
    usual = kit.stage.build_stage(compute(LESSON.defaults())).walker
    assert usual.exit is None
