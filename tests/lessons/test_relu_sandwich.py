"""Lesson ``relu-sandwich``, pixel-free: its numbers against the core, what each part reads, and
each part's layout (built, never rendered) against its numbers."""

import hashlib
import json
from types import SimpleNamespace

import numpy as np
import pytest

from sgdanim.core import analysis, models
from sgdanim.core.data import spreadsheet
from sgdanim.core.errors import UsageError
from sgdanim.core.trajectory import RunConfig, run
from sgdanim.lessons import get
from sgdanim.lessons.relu_sandwich import collapse, dead_row, graph, kink, rows_shown
from sgdanim.lessons.relu_sandwich.graphs import broken_line
from sgdanim.lessons.relu_sandwich.solutions import best_curve

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


def inside(points, box, tol=1e-9):
    x0, x1, y0, y1 = box
    p = np.asarray(points)
    return bool(np.all((p[:, 0] >= x0 - tol) & (p[:, 0] <= x1 + tol)
                       & (p[:, 1] >= y0 - tol) & (p[:, 1] <= y1 + tol)))


# Parts 1 and 2: the graphs ---------------------------------------------------------------------

def test_collapse_tour_ends_on_two_weight_sets_with_the_best_line(numbers):
    *_, w1, w2 = numbers.collapse_tour
    assert w1 != w2
    for w in (w1, w2):
        assert collapse(*w) == pytest.approx(numbers.solutions.best)
    assert numbers.collapse_tour[0] == tuple(numbers.init.values())


@pytest.mark.parametrize("model", ["linear2", "relu2"])
def test_graph_is_the_core_forward_pass_cut_to_the_box(numbers, model):
    tour = numbers.collapse_tour if model == "linear2" else numbers.hinge_tour
    for w in tour:
        pieces = graph(model, w, numbers.box)
        assert pieces and all(inside(p, numbers.box) for p in pieces)
        for piece in pieces:
            np.testing.assert_allclose(piece[:, 1], models.get(model).predict(w, piece[:, 0]),
                                       atol=1e-9)
        if model == "relu2":       # the hinge bends where a·x + b = 0
            xs = np.concatenate(pieces)[:, 0]
            assert np.min(np.abs(xs - kink(w[0], w[1]))) < 1e-9


def test_two_units_make_a_bend(numbers):
    (a1, b1, c1), (a2, b2, c2), d = numbers.two_units
    xs = np.linspace(0, numbers.x_span, 201)
    ys = c1 * np.maximum(0, a1 * xs + b1) + c2 * np.maximum(0, a2 * xs + b2) + d
    fit = np.polyfit(xs, ys, 1)
    assert np.max(np.abs(np.polyval(fit, xs) - ys)) > 0.05 * numbers.y_span
    assert 0 < kink(a1, b1) < kink(a2, b2) < numbers.x_span
    first, second, both = numbers.two_unit_graphs
    (piece,) = both               # the trough stays inside the plot: one piece, two corners
    assert len(piece) == 4
    np.testing.assert_allclose(piece[1:3, 0], [kink(a1, b1), kink(a2, b2)])
    relu = models.get("relu2").predict
    np.testing.assert_allclose(piece[:, 1], relu((a1, b1, c1, d), piece[:, 0])
                               + relu((a2, b2, c2, 0.0), piece[:, 0]))
    assert all(inside(p, numbers.box) for p in (*first, *second))


def test_broken_line_splits_at_the_box():
    pieces = broken_line(lambda x: 3 * x - 5, [], (0, 10, 0, 10))
    assert len(pieces) == 1
    assert np.allclose(pieces[0], [[5 / 3, 0], [5, 10]])
    v = broken_line(lambda x: abs(x - 5) * 4, [5], (0, 10, 0, 10))
    assert len(v) == 1 and np.allclose(v[0], [[2.5, 10], [5, 0], [7.5, 10]])
    # up out of the top, along above it, back in and out of the bottom: two pieces
    f = lambda x: 5 + 10 * max(0, x - 3) - 10 * max(0, x - 5) - 10 * max(0, x - 7)  # noqa: E731
    w = broken_line(f, [3, 5, 7], (0, 10, 0, 10))
    assert len(w) == 2
    assert np.allclose(w[0], [[0, 5], [3, 5], [3.5, 10]])
    assert np.allclose(w[1], [[8.5, 10], [9.5, 0]])
    assert broken_line(lambda x: 20.0, [], (0, 10, 0, 10)) == []


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
    assert r.kill_row == k
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


def test_race_axes_hold_every_error_and_stop_at_each_event(numbers):
    race = numbers.race
    assert race.rows == len(numbers.x) * numbers.epochs == 58
    lo, hi = race.decades
    for m, r in numbers.runs.items():
        curve = race.curves[m]
        np.testing.assert_array_equal(curve[:, 0], np.arange(1, len(r.error) + 1))
        np.testing.assert_allclose(curve[:, 1], np.maximum(np.log10(r.error), lo))
        assert np.all(r.error <= 10.0 ** hi)
    assert race.stops == ((27, "dead", "relu2"), (27, "diverged", "linear2"), (58, "end", None))


def test_rows_shown_and_the_weights_read_at_a_row(numbers):
    r = numbers.runs["linear2"]                  # 27 rows, then it ran away
    assert [rows_shown(k, 58) for k in (0, 0.99, 1, 26.5, 80)] == [0, 0, 1, 26, 58]
    np.testing.assert_array_equal(r.weights_at(0), r.params[0])
    np.testing.assert_array_equal(r.weights_at(10.5), r.params[9])
    np.testing.assert_array_equal(r.weights_at(58.999), r.params[-1])


# Part 4: the plane -----------------------------------------------------------------------------

def test_part4_paths_are_core_trajectories(numbers):
    s = numbers.solutions
    slow = run(RunConfig(model="linear2", lr=s.path_lr, epochs=LESSON.defaults().path_epochs))
    assert np.array_equal(s.path, slow.path())
    fast = run(RunConfig(model="linear2", lr=numbers.lr))
    assert s.fast_diverged_at == fast.diverged_at == numbers.runs["linear2"].diverged_at
    assert np.array_equal(s.fast_path, fast.path())


def test_part4_paths_drawn_until_they_leave_the_plane(numbers):
    s, p = numbers.solutions, numbers.plane
    assert p.box == (0.0, 4.0, 0.0, 4.0)
    fast = s.fast_path[:, [0, 2]]
    k = p.fast_leaves
    assert 0 < k < len(fast) and len(p.fast) == k
    assert inside(p.fast, p.box) and not inside(fast[k:k + 1], p.box)
    assert p.thrown == tuple(fast[k])
    np.testing.assert_array_equal(p.slow, s.path[:, [0, 2]])     # the slow path stays on
    ac = p.slow[:, 0] * p.slow[:, 1]
    assert ac[0] < s.best[0] < ac[-1]                # the drawn path crosses a·c = slope ...
    assert ac[p.cross - 1] < s.best[0] <= ac[p.cross]    # ... first at index cross


def test_best_curve_is_ac_equals_the_best_slope(numbers):
    p, slope = numbers.plane, numbers.solutions.best[0]
    assert sum(len(run_) for run_ in p.curve) > 100
    for run_ in p.curve:
        np.testing.assert_allclose(run_[:, 0] * run_[:, 1], slope, rtol=1e-12)
        assert inside(run_, p.box, tol=0)
    points = np.concatenate(p.curve)
    assert p.curve_end == tuple(points[np.argmax(points[:, 0])]) and p.curve_end[0] == 4.0
    assert [len(r) for r in best_curve(-1.0, (-2.0, 2.0, -2.0, 2.0))] == [300, 300]
    assert best_curve(0.0, p.box) == ()


def test_part4_landscape_holds_the_start_and_the_reason_numbers(numbers):
    s = numbers.solutions
    a0, b0 = numbers.init["a"], numbers.init["b"]
    (a_lo, a_hi, _), (b_lo, b_hi, b_step) = s.a_range, s.b_range
    assert a_lo < a0 < a_hi and b_lo < b0 < b_hi and b_lo < s.best[1] < b_hi
    assert b_step == pytest.approx((b_hi - b_lo) / 5)
    assert s.levels[-1] == pytest.approx(float(analysis.mean_loss(spreadsheet(), a0, b0)))
    assert s.landscape.optimum == pytest.approx(s.best)
    assert s.one_neuron_row_limit == pytest.approx(1 / (99 ** 2 + 1))
    assert s.effective_lr == s.start_factor * numbers.lr == 2e-4 and s.over_limit


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
    assert shown["solutions"]["path_cross"] == numbers.plane.cross


# The parts, built without rendering --------------------------------------------------------------

manim = pytest.importorskip("manim")


def scene_class():
    from scenes.relu_sandwich.scene import ReluSandwich
    return ReluSandwich


def build(part_id, sets=()):
    params = LESSON.resolve(sets=list(sets))
    part = next(p for p in scene_class().parts if p.id == part_id)
    return part().build(LESSON.compute(params), params)


@pytest.fixture(scope="module")
def built(manim_tmp):
    return SimpleNamespace(**{p.id: build(p.id) for p in scene_class().parts})


def test_scene_plays_one_part_per_spec():
    assert [part.id for part in scene_class().parts] == [spec.id for spec in LESSON.parts]


def data_of(axes, mob):
    """The corners of a drawn polyline, in data coordinates (manim lists each inner corner twice,
    as the end of one segment and the start of the next)."""
    pts = np.array([axes.p2c(p)[:2] for p in mob.get_anchors()])
    return pts[np.r_[True, np.any(np.abs(np.diff(pts, axis=0)) > 1e-9, axis=1)]]


def test_collapsed_line_drawn_has_slope_ac_and_intercept_cb_plus_d(numbers, built):
    b = built.collapse
    for w in numbers.collapse_tour:
        for t, v in zip(b.plot.trackers.values(), w):
            t.set_value(v)
        b.plot.update()                        # what the updater does on the next frame
        (piece,) = b.plot.curve.get_subpaths()  # a line, clipped to the plot: one piece
        p, q = b.axes.p2c(piece[0]), b.axes.p2c(piece[-1])
        assert q[0] - p[0] > 1.0             # visibly long, not a stub
        slope, icept = collapse(*w)
        assert (q[1] - p[1]) / (q[0] - p[0]) == pytest.approx(slope, rel=1e-6, abs=1e-6)
        # every vertex lies on the regrouped line: no bend anywhere
        for x, y in data_of(b.axes, b.plot.curve):
            assert y == pytest.approx(slope * x + icept, abs=1e-4)
        b.extra.update()
        assert [row[1].get_value() for row in b.extra] == pytest.approx(list(collapse(*w)))
    assert len({round(a * c, 6) for a, _, c, _ in numbers.collapse_tour}) >= 3


def test_collapse_layout(built):
    b = built.collapse
    assert b.stacked.get_top()[1] < b.title.get_bottom()[1]
    assert b.readouts.get_left()[0] > b.axes.get_right()[0]           # the numbers on the right
    assert b.extra.get_top()[1] < b.readouts.get_bottom()[1]
    assert b.note.get_bottom()[1] == pytest.approx(b.axes.get_top()[1] + 0.2)
    assert b.same.get_left()[0] == pytest.approx(b.note.get_left()[0])


def test_hinge_is_drawn_at_the_kink(numbers, built):
    b = built.hinge
    for w in numbers.hinge_tour:
        for t, v in zip(b.plot.trackers.values(), w):
            t.set_value(v)
        b.plot.update()
        b.hinge.update()
        xs = data_of(b.axes, b.plot.curve)[:, 0]
        assert np.min(np.abs(xs - kink(w[0], w[1]))) < 1e-6
        assert b.axes.p2c(b.hinge.get_center())[:2] == pytest.approx([kink(w[0], w[1]), w[3]])


def test_hinge_layout_and_the_bend(numbers, built):
    b = built.hinge
    assert np.allclose(b.two.get_center(), b.formula.get_center())
    assert b.roles.get_top()[1] < b.readouts.get_bottom()[1]
    corners = data_of(b.axes, b.both)
    np.testing.assert_allclose(corners, numbers.two_unit_graphs[2][0], atol=1e-9)
    for unit in b.units:                          # dashed: a group of short dashes
        dashes = np.array([b.axes.p2c(p)[:2] for p in unit.get_all_points()])
        assert len(dashes) and inside(dashes, numbers.box, tol=1e-6)


def test_dead_and_diverged_marks_sit_at_their_rows(numbers, built):
    b = built.training
    r = numbers.runs["relu2"]
    box, line, shown = b.dead["relu2"]
    t = run(RunConfig(model="relu2", lr=numbers.lr, epochs=numbers.epochs))
    assert shown.get_value() == first_all_zero_row(np.asarray(t.grads)[:, :3]) == 27
    panel = b.by_model["relu2"]
    assert panel.axes.p2c(line.get_center())[0] == pytest.approx(r.dead_row)
    cross, _ = b.diverged["linear2"]
    lin = b.by_model["linear2"]
    # the panel's y axis is a log one: its coordinates are errors, the top decade 10^high
    assert lin.axes.p2c(cross.get_center())[:2] == pytest.approx(
        [numbers.runs["linear2"].diverged_at, 10.0 ** numbers.race.decades[1]])
    assert set(b.dead) == {"relu2"} and set(b.diverged) == {"linear2"}


def test_race_panels_side_by_side_each_draw_on_their_own_axes(numbers, built):
    b = built.training
    b.row.set_value(20)
    lo = numbers.race.decades[0]
    for panel, r in zip(b.panels, numbers.runs.values()):
        panel.update()
        drawn = data_of(panel.axes, panel.curve)
        assert drawn[:, 0].min() == pytest.approx(1) and drawn[:, 0].max() == pytest.approx(20)
        got = drawn[np.unique(np.round(drawn[:, 0]).astype(int), return_index=True)[1], 1]
        assert np.log10(got) == pytest.approx(np.maximum(np.log10(r.error[:20]), lo), abs=1e-6)
        x0, x1 = panel.axes.x_axis.get_left()[0], panel.axes.x_axis.get_right()[0]
        assert x0 - 1e-6 <= panel.curve.get_left()[0] and panel.curve.get_right()[0] <= x1 + 1e-6
        shown = [m[1].get_value() for m in panel.readouts]
        assert shown == pytest.approx(r.params[19].tolist(), abs=1e-9)
    b.counter[1].update()
    assert b.counter[1].get_value() == 20
    b.row.set_value(0)
    # the row of three fits in the frame, under the head, with the plots' tops in line
    assert b.panels.width < 14.2 and b.panels.get_top()[1] < b.head.get_bottom()[1]
    assert len({round(p.axes.get_top()[1], 9) for p in b.panels}) == 1


def test_solutions_layout_walkers_and_curve(numbers, built):
    b, p = built.solutions, numbers.plane
    assert b.left.get_right()[0] < b.right.get_left()[0]
    assert b.legend.get_top()[1] < min(b.left.get_bottom()[1], b.right.get_bottom()[1])
    assert b.lines.get_bottom()[1] > -4.0 and b.lines.get_top()[1] < b.legend.get_bottom()[1]
    start = (numbers.init["a"], numbers.init["c"])
    assert np.allclose(b.walker.dot.get_center(), b.right.point(*start))
    assert np.allclose(b.fast_walker.scene_points[-1], b.right.point(*p.fast[-1]))
    for a, c in data_of(b.right.axes, b.curve):
        assert a * c == pytest.approx(numbers.solutions.best[0], rel=1e-6)
        assert 0 <= a <= 4 and 0 <= c <= 4
    assert np.allclose(b.left.optimum.get_center(), b.left.point(*numbers.solutions.best))


def test_a_unit_that_starts_dead_is_shown_dead_from_row_1(manim_tmp):
    n = LESSON.compute(LESSON.resolve(sets=["init=0,0,0,0"]))
    r = n.runs["relu2"]
    t = run(RunConfig(model="relu2", lr=n.lr, init=dict(a=0, b=0, c=0, d=0), epochs=n.epochs))
    assert r.dead_row == first_all_zero_row(np.asarray(t.grads)[:, :3]) == 1
    assert r.kill_step is None and r.kill_row is None
    box, line, shown = build("training", ["init=0,0,0,0"]).dead["relu2"]
    assert shown.get_value() == 1
    assert isinstance(box[1], manim.Text) and box[1].text.replace(" ", "") == "itstartsdead"


# What each part reads ----------------------------------------------------------------------------

# Another value for each parameter but data, which every part reads (its plots start from it).
OTHER_VALUES = {"lr": "lr=5e-5", "init": "init=1,2,0.5,3", "models": "models=relu2,linear",
                "epochs": "epochs=3", "path_lr": "path_lr=1e-5", "path_epochs": "path_epochs=3"}


def fingerprint(built) -> list:
    """Everything a built part holds, as comparable values: a digest of each mobject's points
    and its colour, and every other value's repr."""
    out = []
    for name, value in sorted(vars(built).items()):
        mobs = [value] if isinstance(value, manim.Mobject) else (
            list(value.values()) if isinstance(value, dict) else [])
        mobs = [m for v in mobs for m in (v if isinstance(v, tuple) else (v,))]
        if mobs and all(isinstance(m, manim.Mobject) for m in mobs):
            out += [(name, hashlib.sha1(m.points.round(9).tobytes()).hexdigest(),
                     m.get_color().to_hex()) for mob in mobs for m in mob.get_family()]
        else:
            out.append((name, repr(value)))
    return out


@pytest.mark.parametrize("spec", LESSON.parts, ids=lambda s: s.id)
def test_a_part_changes_with_what_it_reads_and_nothing_else(spec, manim_tmp):
    assert "data" in spec.reads
    base = fingerprint(build(spec.id))
    for name, setting in OTHER_VALUES.items():
        changed = fingerprint(build(spec.id, [setting])) != base
        assert changed == (name in spec.reads), f"{spec.id} with {setting}"
