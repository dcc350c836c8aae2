"""The ``stepping`` walker where a runaway lr takes the weights off the landscape panel
(scenes/kit/landscape_panel.py's ``ExitTip``), built without rendering: its trail is cut at
the panel's edge, and a dot resting there read as weights that had stopped, while the readout
above said a = −1.78×10⁷. An arrowhead now stands past the dot, pointing at where the weights
are on the walker's row, as they bounce."""

import numpy as np

from sgdanim.lessons.stepping import compute

from tests.lessons.stepping_kit import LESSON
from tests.scenes.stepping_kit import kit  # noqa: F401 - a fixture


def pointing(walker) -> np.ndarray:
    """The unit vector from the walker's last point to its exit tip's centre."""
    past = walker.exit.get_center() - walker.scene_points[-1]
    return past[:2] / np.linalg.norm(past)


def test_a_walker_that_leaves_the_panel_points_at_the_weights(kit):
    """At lr 1 row 1 takes a to 1205 (off the a axis at 2.5, on the right), and row 2 to
    −1.78×10⁷ (far left). The tip is hidden until the walker reaches the edge, then points
    right past the dot on row 1, and left on row 2, just inside the far edge (outside, it
    stood on the b axis' numbers). Control: the defaults' walker, whose path stays on the
    panel, has none."""
    n = compute(LESSON.resolve(sets=["lr=1"]))
    assert n.leaves_panel and n.path[1, 0] > 1000 and n.path[2, 0] < -1e7
    walker = kit.stage.build_stage(n).walker
    tip = walker.exit
    assert tip is not None and tip.get_fill_opacity() == 0     # before the edge: nothing to say
    for row, way in ((1, [1.0, 0.0]), (2, [-1.0, 0.0])):
        walker.index.set_value(row)
        walker.update()
        assert tip.get_fill_opacity() == 1
        np.testing.assert_allclose(pointing(walker), way, atol=5e-3)
        assert np.linalg.norm(tip.get_center() - walker.scene_points[-1]) > walker.dot.radius
    # row 2's weights are beyond the other edge: the tip stands just inside it, by the b axis
    axes = walker.panel.axes
    left = axes.c2p(axes.x_range[0], 0)[0]
    assert left < tip.get_left()[0] and tip.get_right()[0] < left + 4 * walker.dot.radius
    usual = compute(LESSON.defaults())
    assert not usual.leaves_panel and kit.stage.build_stage(usual).walker.exit is None
