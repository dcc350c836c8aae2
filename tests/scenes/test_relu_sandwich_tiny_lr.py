"""relu-sandwich at a tiny learning rate (lr 1e-9), built without rendering: Part 4's strip
spans six decades more, and the line that says why the pair acts at lr·(a² + c²) keeps off
the (a, c) plane over it."""

import pytest

from scenes.kit.scene import covers
from tests.scenes.test_relu_sandwich import build

manim = pytest.importorskip("manim")


def test_the_pair_steps_line_keeps_off_the_plane_over_a_tall_strip(manim_tmp):
    """At lr 1e-9 the strip runs 10⁻⁹ to 10⁻³, so the limits' key stands high and the line
    set over it stood on the plane's a numbers and its name (a dry run found it). It goes
    under the key there, inside the frame. Control: at the defaults it stands 0.3 over the
    key, under the plane."""
    tiny, usual = build("solutions", ["lr=1e-9"]), build("solutions")
    for b in (tiny, usual):
        why, plane = b.strip.why, b.right
        assert why.get_top()[1] < plane.get_bottom()[1]
        assert not any(covers(why, m) for m in (*plane.axes.x_axis.numbers, *plane.labels))
        assert why.get_right()[0] < 7.11
    assert tiny.strip.why.get_top()[1] < tiny.strip.key.get_bottom()[1]
    assert usual.strip.why.get_bottom()[1] - usual.strip.key.get_top()[1] == pytest.approx(0.3)
