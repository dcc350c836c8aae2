"""scenes/kit/plots.py, pixel-free: the one log axis (manim's LogBase) and the one curve a
tracker grows, and the lessons' plots built on them."""

import numpy as np
import pytest

manim = pytest.importorskip("manim")

from scenes.kit.plots import LogAxes, TrackedCurve, polyline_prefix  # noqa: E402


def ys(mobjects):
    return [float(m.get_center()[1]) for m in mobjects]


@pytest.mark.parametrize("decades, per_tick", [((-3, 3), 1), ((0, 12), 2), ((-3, 12), 3),
                                               ((-3, 5), 2)])
def test_log_axes_label_the_decades_manim_ticks(decades, per_tick):
    ax = LogAxes((0, 10, 2), decades, width=4, height=3, decades_per_tick=per_tick)
    assert isinstance(ax.axes.y_axis.scaling, manim.LogBase)
    ticks = ax.axes.y_axis.ticks
    assert len(ax.labels) == len(ticks) >= 2
    np.testing.assert_allclose(ys(ax.labels), ys(ticks), atol=1e-9)   # each label on its tick
    for label, k in zip(ax.labels, ax.ticked_decades()):
        assert label.tex_string == f"10^{{{k}}}"
        assert label.get_right()[0] < ax.axes.y_axis.get_left()[0]
        assert label.get_center()[1] == pytest.approx(ax.point(1, 10.0 ** k)[1])
    # (-3, 5) every 2: manim ticks the even decades from 10^0, and so do the labels
    if decades == (-3, 5):
        assert ax.ticked_decades() == [-2, 0, 2, 4]


def test_log_axes_place_sizes_on_decades_and_the_floor_on_the_x_axis():
    ax = LogAxes((0, 30, 10), (-2, 4), width=6, height=3)
    bottom, top = ax.axes.y_axis.get_start(), ax.axes.y_axis.get_end()
    assert ax.point(0, 1e-2) == pytest.approx(bottom) and ax.point(0, 1e4) == pytest.approx(top)
    assert ax.point(0, 10.0)[1] - ax.point(0, 1.0)[1] == pytest.approx(0.5)    # height / 6
    assert ax.point(7, -100.0) == pytest.approx(ax.point(7, 100.0))            # its size
    for tiny in (0.0, 1e-9, -1e-30):
        assert ax.point(3, tiny)[1] == pytest.approx(bottom[1])
    assert ax.axes.x_axis.get_start()[1] == pytest.approx(bottom[1])           # the x axis
    xs, values = np.array([1.0, 5.0, 20.0]), np.array([0.0, 3.0, -7e3])
    np.testing.assert_allclose(ax.point(xs, values),
                               [ax.point(x, v) for x, v in zip(xs, values)], atol=1e-12)
    low, high = ax.vertical(12)
    assert low == pytest.approx(ax.point(12, 0.0)) and high == pytest.approx(ax.point(12, 1e4))
    assert ax.point(1, 1.0)[1] != pytest.approx(ax.point(1, 2.0)[1])   # the control


def test_log_axes_options():
    bare = LogAxes((0, 40, 10), (0, 3), width=5, height=2, tick_marks=False, font_size=20,
                   label_size=24, label_buff=0.1)
    assert not hasattr(bare.axes.y_axis, "ticks") and len(bare.labels) == 4
    assert bare.labels[0].font_size == pytest.approx(24)
    assert bare.axes.y_axis.get_left()[0] - bare.labels[0].get_right()[0] == pytest.approx(0.1)
    assert [n.get_value() for n in bare.axes.x_axis.numbers] == [10, 20, 30, 40]
    bigger = LogAxes((0, 40, 10), (0, 3), width=5, height=2, x_axis_config={"font_size": 40})
    assert bigger.axes.x_axis.numbers[0].height > 1.5 * bare.axes.x_axis.numbers[0].height


@pytest.mark.parametrize("decades, per_label", [((-1, 2), 1), ((-10, 2), 2), ((-3, 4), 1)])
def test_log_axes_label_no_closer_than_a_label_is_tall(decades, per_label):
    """By default a label on every decade while a decade is as tall as a label, else every
    second, third...: the race's axis at a target RMSE of 10⁻⁹ spans 12 decades in 2.55 and
    its 13 labels stood in one column, touching. Control: the same axis forced to label every
    decade has labels that overlap."""
    ax = LogAxes((0, 40, 10), decades, width=4.35, height=2.55, font_size=26, label_size=26)
    assert ax.ticked_decades()[1] - ax.ticked_decades()[0] == per_label
    gaps = np.diff([label.get_center()[1] for label in ax.labels])
    assert min(gaps) >= ax.labels[0].height
    every = LogAxes((0, 40, 10), decades, width=4.35, height=2.55, font_size=26,
                    label_size=26, decades_per_tick=1)
    crowded = min(np.diff([label.get_center()[1] for label in every.labels]))
    assert (crowded < every.labels[0].height) == (per_label > 1)


POINTS = np.array([[0.0, 0, 0], [1, 0, 0], [1, 2, 0], [3, 2, 0]])


@pytest.mark.parametrize("k", [0, 0.25, 1, 1.5, 2, 2.999, 3, 7, -2])
def test_polyline_prefix_ends_on_the_path_at_k(k):
    shown = polyline_prefix(POINTS, k)
    whole = int(np.clip(np.floor(k), 0, 3))
    np.testing.assert_array_equal(shown[:-1], POINTS[:whole + 1])   # every whole point, exactly
    kk = float(np.clip(k, 0, 3))
    nxt = min(whole + 1, 3)
    head = POINTS[whole] + (kk - whole) * (POINTS[nxt] - POINTS[whole])
    np.testing.assert_allclose(shown[-1], head, atol=1e-12)
    if kk == whole:                       # a whole index: the head is that point itself
        np.testing.assert_array_equal(shown[-1], POINTS[whole])
    stepped = polyline_prefix(POINTS, k, interpolate=False)
    np.testing.assert_array_equal(stepped, POINTS[:whole + 1] if whole else POINTS[[0, 0]])


def test_tracked_curve_follows_its_tracker_and_grows():
    curve = TrackedCurve(POINTS, stroke_width=3)
    assert curve.get_start() == pytest.approx(POINTS[0]) and curve.get_end() == pytest.approx(
        POINTS[0])
    for k in (0.5, 2, 2.5):
        curve.tracker.set_value(k)
        curve.update()
        assert curve.get_end() == pytest.approx(curve.head())
        assert curve.get_end() == pytest.approx(polyline_prefix(POINTS, k)[-1])
    assert curve.full().get_end() == pytest.approx(POINTS[-1])
    grow = curve.grow(1.0, run_time=2.0).build()
    assert grow.run_time == 2.0 and grow.rate_func is manim.linear


def test_tracked_curve_maps_through_axes_that_move_after_it_is_built():
    axes = manim.Axes(x_range=[0, 4, 1], y_range=[0, 4, 1], x_length=4, y_length=4)
    data = np.array([[1.0, 1.0], [2.0, 3.0], [3.0, 2.0]])
    tracker = manim.ValueTracker(5.0)
    curve = TrackedCurve(data, tracker, interpolate=False, to_scene=axes.c2p,
                         index_of=lambda rows: rows - 1, stroke_width=2)
    manim.VGroup(axes, curve).shift(manim.RIGHT * 2)
    tracker.set_value(2.0)         # two rows shown
    curve.update()
    np.testing.assert_allclose(curve.get_end(), axes.c2p(2.0, 3.0))
    assert [round(float(v), 9) for v in axes.p2c(curve.get_start())] == [1.0, 1.0]


def test_tracked_curve_hidden_until_it_starts_and_empty_without_points():
    clock = manim.ValueTracker(0.0)
    per_ten = TrackedCurve(POINTS, clock, interpolate=False, hide_unstarted=True,
                           index_of=lambda rows: rows // 10 - 1, stroke_opacity=0.5)
    assert per_ten.get_stroke_opacity() == 0
    clock.set_value(29.0)          # two whole tens: two points, visible again at its own opacity
    per_ten.update()
    assert per_ten.get_stroke_opacity() == pytest.approx(0.5)
    np.testing.assert_allclose(per_ten.get_end(), POINTS[1])
    nothing = TrackedCurve([], clock)
    assert not nothing.update().has_points()


def test_weight_walker_dot_rides_the_head_of_its_trail():
    from sgdanim.core.data import Dataset
    from sgdanim.core.landscape import Landscape
    from scenes.kit.landscape_panel import LandscapePanel, WeightWalker
    land = Landscape.of(Dataset(np.array([1.0, 2.0, 3.0]), np.array([2.0, 3.0, 5.0])))
    panel = LandscapePanel(land, (-1, 3, 1), (-1, 3, 1), land.levels(2.0, 3))
    path = np.array([[0.0, 0.0], [1.0, 0.5], [1.5, 1.5]])
    walker = WeightWalker(panel, path)
    for k in (0.0, 0.4, 1.0, 1.7, 2.0):
        walker.index.set_value(k)
        walker.update()
        np.testing.assert_allclose(walker.dot.get_center(), walker.trail.get_end(), atol=1e-9)
    np.testing.assert_allclose(walker.dot.get_center(), panel.point(1.5, 1.5), atol=1e-9)
    assert walker.walk(1.0, run_time=3).build().run_time == 3


def test_the_lessons_log_plots_are_the_kits(tmp_path):
    from sgdanim.lessons import get
    from scenes.optimizers.panels import RmsePlot
    from scenes.overshoot.common import RowPlot
    from scenes.relu_sandwich.panels import RacePanel
    relu = get("relu-sandwich")
    n = relu.compute(relu.defaults())
    run = n.runs["linear"]
    panel = RacePanel(run, n.race, manim.ValueTracker(10.0))
    assert isinstance(panel.plot, LogAxes) and panel.axes is panel.plot.axes
    # the curve's corners are rows 1..10 at the errors the lesson gives
    corners = np.vstack([panel.curve.get_start_anchors(), panel.curve.get_end_anchors()[-1:]])
    drawn = np.array([panel.axes.p2c(p) for p in corners])
    np.testing.assert_allclose(drawn[:, 0], np.arange(1, 11), atol=1e-9)
    np.testing.assert_allclose(np.log10(drawn[:, 1]), np.log10(n.race.curves["linear"][:10, 1]),
                               atol=1e-9)
    opt = get("optimizers")
    plot = RmsePlot(opt.compute(opt.defaults()))
    assert isinstance(plot, LogAxes) and issubclass(RowPlot, LogAxes)
