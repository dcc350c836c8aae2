"""Pixel-free tests of the relu-sandwich lesson: its core numbers, and the mobjects its scene
builds (no rendering)."""

import json

import numpy as np
import pytest

from sgdanim.core.data import spreadsheet
from sgdanim.core.errors import UsageError
from sgdanim.lessons import get
from sgdanim.lessons.relu_sandwich import collapse, dead_row, kink
from sgdanim.core.trajectory import RunConfig, run

LESSON = get("relu-sandwich")


@pytest.fixture(scope="module")
def numbers():
    return LESSON.compute(LESSON.defaults())


def first_all_zero_row(grads_abc: np.ndarray):
    """Brute force: the smallest 1-based row k with every grad of rows k.. exactly zero."""
    for k in range(1, len(grads_abc) + 1):
        if np.all(grads_abc[k - 1:] == 0):
            return k
    return None


# Part 3: the race ------------------------------------------------------------------------------

def test_linear_pair_diverges_in_first_epoch(numbers):
    r = numbers.runs["linear2"]
    assert r.diverged_at is not None and r.diverged_at <= len(spreadsheet())
    assert len(r.error) == r.diverged_at - 1
    assert numbers.runs["linear"].diverged_at is None


@pytest.mark.parametrize("lr,epochs", [(1e-4, 2), (1e-4, 1), (9e-5, 3), (1.2e-4, 2), (5e-5, 2)])
def test_dead_row_is_first_row_of_zero_grads_to_the_end(lr, epochs):
    p = LESSON.resolve(sets=[f"lr={lr}", f"epochs={epochs}"])
    n = LESSON.compute(p)
    t = run(RunConfig(model="relu2", lr=lr, epochs=epochs))
    expected = first_all_zero_row(np.asarray(t.grads)[:, :3])
    assert n.runs["relu2"].dead_row == expected


def test_relu_dies_for_every_x_and_only_d_learns_on(numbers):
    r = numbers.runs["relu2"]
    assert r.diverged_at is None and r.dead_row is not None
    assert r.dead_row < len(r.error)           # something visible happens after it
    k = r.dead_row - 1
    a, b = r.params[k, 0], r.params[k, 1]
    assert np.all(a * numbers.x + b < 0)
    assert r.dead_everywhere
    after = r.params[k:]
    assert np.all(after[:, :3] == after[0, :3])          # a, b, c frozen
    assert np.ptp(after[:, 3]) > 0                       # d still moves
    # the row before dead_row still had a live derivative: it is the step that killed the unit
    assert np.any(run(RunConfig(model="relu2", lr=1e-4, epochs=2)).grads[k - 1, :3] != 0)
    before, after_kill = r.kill_step[:2], r.kill_step[2:]
    assert np.allclose(after_kill, r.params[k, :2])
    assert np.all(np.asarray(before) > 0)


def test_relu_pair_and_linear_pair_agree_while_the_unit_is_on(numbers):
    lin, relu = numbers.runs["linear2"], numbers.runs["relu2"]
    k = relu.dead_row - 1
    assert np.array_equal(lin.params[:k], relu.params[:k])


def test_dead_row_none_when_derivative_alive_at_the_end():
    t = run(RunConfig(model="relu2", lr=1e-6))
    assert dead_row(t) is None


# Part 1 and 2 ----------------------------------------------------------------------------------

def test_collapse_tour_ends_on_two_weight_sets_with_the_best_line(numbers):
    *_, w1, w2 = numbers.collapse_tour
    assert w1 != w2
    for w in (w1, w2):
        assert collapse(*w) == pytest.approx(numbers.solutions.best)


def test_two_units_make_a_bend(numbers):
    (a1, b1, c1), (a2, b2, c2), d = numbers.two_units
    xs = np.linspace(0, numbers.x_span, 201)
    ys = c1 * np.maximum(0, a1 * xs + b1) + c2 * np.maximum(0, a2 * xs + b2) + d
    fit = np.polyfit(xs, ys, 1)
    assert np.max(np.abs(np.polyval(fit, xs) - ys)) > 0.05 * numbers.y_span
    assert 0 < kink(a1, b1) < kink(a2, b2) < numbers.x_span


# Parameters and sidecar ------------------------------------------------------------------------

@pytest.mark.parametrize("sets,word", [
    (["init=1,1,1"], "init"), (["models=linear,linear"], "models"), (["lr=0"], "lr"),
    (["models=relu3"], "models"), (["parts=intro"], "parts"), (["epochs=0"], "epochs"),
])
def test_bad_params_name_the_value(sets, word):
    with pytest.raises(UsageError, match=word):
        LESSON.compute(LESSON.resolve(sets=sets))


def test_shown_is_json_and_matches_numbers(numbers):
    shown = json.loads(json.dumps(numbers.shown()))
    assert shown["runs"]["relu2"]["dead_row"] == numbers.runs["relu2"].dead_row
    assert shown["runs"]["linear2"]["diverged_at"] == numbers.runs["linear2"].diverged_at
    assert shown["solutions"]["path_end"] == pytest.approx(numbers.solutions.path[-1].tolist())


def test_part4_paths_are_core_trajectories(numbers):
    s = numbers.solutions
    slow = run(RunConfig(model="linear2", lr=s.path_lr, epochs=LESSON.defaults().path_epochs))
    assert np.array_equal(s.path, slow.path())
    fast = run(RunConfig(model="linear2", lr=numbers.lr))
    assert s.fast_diverged_at == fast.diverged_at == numbers.runs["linear2"].diverged_at
    assert np.array_equal(s.fast_path, fast.path())


# The scene's mobjects, built without rendering ---------------------------------------------------

manim = pytest.importorskip("manim")


@pytest.fixture()
def isolated(tmp_path):
    with manim.tempconfig({"media_dir": str(tmp_path), "verbosity": "ERROR"}):
        yield


def drawn_lines(plot):
    """Each drawn piece of a WeightPlot as (first, last) data points read back from the axes."""
    pts = plot.curve.get_subpaths()
    return [(plot.axes.p2c(p[0]), plot.axes.p2c(p[-1])) for p in pts]


def fit_slope_intercept(p, q):
    slope = (q[1] - p[1]) / (q[0] - p[0])
    return slope, p[1] - slope * p[0]


def plain_axes(numbers):
    return manim.Axes(x_range=(0, numbers.x_span, 10), y_range=(0, numbers.y_span, 10),
                      x_length=6.8, y_length=4.4, tips=False)


def test_collapsed_line_drawn_has_slope_ac_and_intercept_cb_plus_d(numbers, isolated):
    from scenes.relu_sandwich.panels import WeightPlot
    axes = plain_axes(numbers)
    box = (0.0, numbers.x_span, 0.0, numbers.y_span)
    plot = WeightPlot(axes, box, numbers.collapse_tour[0], "collapse")
    checked = 0
    for w in numbers.collapse_tour:
        for t, v in zip(plot.trackers.values(), w):
            t.set_value(v)
        plot.update()                        # what the updater does on the next frame
        pieces = drawn_lines(plot)
        assert len(pieces) == 1              # a line, clipped to the plot: one piece
        a, b, c, d = w
        p, q = pieces[0]
        assert q[0] - p[0] > 1.0             # visibly long, not a stub
        slope, icept = fit_slope_intercept(p, q)
        assert slope == pytest.approx(a * c, rel=1e-6, abs=1e-6)
        assert icept == pytest.approx(c * b + d, rel=1e-6, abs=1e-4)
        # every vertex of the drawn polyline lies on that line: no bend anywhere
        for v in plot.curve.get_anchors():
            x, y = axes.p2c(v)[:2]
            assert y == pytest.approx(a * c * x + c * b + d, abs=1e-4)
        checked += 1
    assert checked == len(numbers.collapse_tour) >= 4
    assert len({round(a * c, 6) for a, _, c, _ in numbers.collapse_tour}) >= 3


def test_hinge_kink_is_drawn_at_minus_b_over_a(numbers, isolated):
    from scenes.relu_sandwich.panels import WeightPlot
    axes = plain_axes(numbers)
    plot = WeightPlot(axes, (0.0, numbers.x_span, 0.0, numbers.y_span), numbers.hinge_tour[0],
                      "hinge")
    for w in numbers.hinge_tour:
        for t, v in zip(plot.trackers.values(), w):
            t.set_value(v)
        plot.update()
        xs = sorted(axes.p2c(v)[0] for v in plot.curve.get_anchors())
        assert any(abs(x - kink(w[0], w[1])) < 1e-6 for x in xs)


def test_dead_row_shown_is_first_row_of_zero_grads(numbers, isolated):
    from manim import ValueTracker
    from scenes.relu_sandwich.panels import RacePanel, dead_marker
    r = numbers.runs["relu2"]
    panel = RacePanel(r, len(numbers.x) * numbers.epochs, (-1, 5), ValueTracker(0))
    box, line, shown = dead_marker(panel, r)
    t = run(RunConfig(model="relu2", lr=numbers.lr, epochs=numbers.epochs))
    assert shown.get_value() == first_all_zero_row(np.asarray(t.grads)[:, :3]) == 27
    x = panel.axes.p2c(line.get_center())[0]
    assert x == pytest.approx(shown.get_value())


def test_race_panel_plots_core_errors_and_weights(numbers, isolated):
    from manim import ValueTracker
    from scenes.relu_sandwich.panels import RacePanel
    r = numbers.runs["linear2"]
    row = ValueTracker(0)
    panel = RacePanel(r, len(numbers.x) * numbers.epochs, (-1, 5), row)
    row.set_value(10)
    panel.update()
    anchors = panel.curve.get_anchors()
    last = panel.axes.p2c(anchors[-1])
    assert last[0] == pytest.approx(10)
    assert 10 ** last[1] == pytest.approx(r.error[9], rel=1e-6)
    shown = [m[1].get_value() for m in panel.readouts]
    assert shown == pytest.approx(r.params[9].tolist(), abs=1e-9)


def test_part4_paths_drawn_until_they_leave_the_plot(numbers):
    from scenes.relu_sandwich.panels import inside_prefix
    box = (0.0, 4.0, 0.0, 4.0)
    fast = numbers.solutions.fast_path[:, [0, 2]]
    k = inside_prefix(fast, box)
    assert 0 < k < len(fast)
    assert np.all((fast[:k] >= 0) & (fast[:k] <= 4))
    assert not np.all((fast[k] >= 0) & (fast[k] <= 4))
    slow = numbers.solutions.path[:, [0, 2]]
    assert inside_prefix(slow, box) == len(slow)
    ac = slow[:, 0] * slow[:, 1]
    assert ac[0] < numbers.solutions.best[0] < ac[-1]     # the drawn path crosses a·c = slope


def test_clip_pieces_splits_at_the_box():
    from scenes.relu_sandwich.panels import clip_pieces
    pieces = clip_pieces(lambda x: 3 * x - 5, [], (0, 10, 0, 10))
    assert len(pieces) == 1
    assert np.allclose(pieces[0], [[5 / 3, 0], [5, 10]])
    v = clip_pieces(lambda x: abs(x - 5) * 4, [5], (0, 10, 0, 10))
    assert len(v) == 1 and np.allclose(v[0], [[2.5, 10], [5, 0], [7.5, 10]])
    # up out of the top, along above it, back in and out of the bottom: two pieces
    f = lambda x: 5 + 10 * max(0, x - 3) - 10 * max(0, x - 5) - 10 * max(0, x - 7)  # noqa: E731
    w = clip_pieces(f, [3, 5, 7], (0, 10, 0, 10))
    assert len(w) == 2
    assert np.allclose(w[0], [[0, 5], [3, 5], [3.5, 10]])
    assert np.allclose(w[1], [[8.5, 10], [9.5, 0]])
    assert clip_pieces(lambda x: 20.0, [], (0, 10, 0, 10)) == []


def test_race_panels_side_by_side_each_draw_on_their_own_axes(numbers, isolated):
    # The panels are arranged after they are built; each curve must follow its own axes.
    from manim import RIGHT, ValueTracker, VGroup
    from scenes.relu_sandwich.panels import RacePanel
    row = ValueTracker(0)
    total = len(numbers.x) * numbers.epochs
    panels = VGroup(*(RacePanel(r, total, (-1, 5), row) for r in numbers.runs.values()))
    panels.arrange(RIGHT, buff=0.9)
    row.set_value(20)
    for panel, r in zip(panels, numbers.runs.values()):
        panel.update()
        drawn = np.array([panel.axes.p2c(p)[:2] for p in panel.curve.get_anchors()])
        assert drawn[:, 0].min() == pytest.approx(1) and drawn[:, 0].max() == pytest.approx(20)
        want = np.maximum(np.log10(r.error[:20]), -1)
        got = drawn[np.unique(np.round(drawn[:, 0]).astype(int), return_index=True)[1], 1]
        assert got == pytest.approx(want, abs=1e-6)
        x0, x1 = panel.axes.x_axis.get_left()[0], panel.axes.x_axis.get_right()[0]
        assert x0 - 1e-6 <= panel.curve.get_left()[0] and panel.curve.get_right()[0] <= x1 + 1e-6
    # the row of three fits in the frame
    assert panels.width < 14.2


def test_best_curve_is_ac_equals_the_best_slope(numbers, isolated):
    from scenes.relu_sandwich.panels import PlanePanel, best_curve
    box = (0.0, 4.0, 0.0, 4.0)
    panel = PlanePanel(box)
    curve, inside = best_curve(panel, numbers.solutions.best[0], box, "#ffffff")
    assert len(inside) > 100
    for p in curve.get_anchors():
        a, c = panel.axes.p2c(p)[:2]
        assert a * c == pytest.approx(numbers.solutions.best[0], rel=1e-6)
        assert 0 <= a <= 4 and 0 <= c <= 4


def test_a_unit_that_starts_dead_is_shown_dead_from_row_1(isolated):
    from manim import Text, ValueTracker
    from scenes.relu_sandwich.panels import RacePanel, dead_marker
    n = LESSON.compute(LESSON.resolve(sets=["init=0,0,0,0"]))
    r = n.runs["relu2"]
    t = run(RunConfig(model="relu2", lr=n.lr, init=dict(a=0, b=0, c=0, d=0), epochs=n.epochs))
    assert r.dead_row == first_all_zero_row(np.asarray(t.grads)[:, :3]) == 1
    assert r.kill_step is None
    box, line, shown = dead_marker(RacePanel(r, len(n.x) * n.epochs, (0, 3), ValueTracker(0)), r)
    assert shown.get_value() == 1
    assert isinstance(box[1], Text) and box[1].text.replace(" ", "") == "itstartsdead"
