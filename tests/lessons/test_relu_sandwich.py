"""Lesson ``relu-sandwich``, pixel-free: its numbers against the core. (Each part's layout and
what it reads are checked in tests/scenes/test_relu_sandwich.py.)"""

import json

import numpy as np
import pytest

from sgdanim.core import analysis, models
from sgdanim.core.data import spreadsheet
from sgdanim.core.trajectory import RunConfig, run
from sgdanim.lessons import get
from sgdanim.lessons.relu_sandwich import collapse, dead_row, graph, kink, rows_shown
from sgdanim.lessons.relu_sandwich.graphs import broken_line
from sgdanim.lessons.relu_sandwich.solutions import best_curve, line_of

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


def test_the_glide_between_the_best_line_stops_keeps_the_line(numbers):
    """Part 1's "different weights, the very same line": every glide stop, and every point the
    scene's straight tween passes between two stops, keeps (ac, cb + d) on the best line, while
    the weights change. Negative control: one straight move between the two ends bends it."""
    *_, w1, w2 = numbers.collapse_tour
    glide = numbers.glide
    assert len(glide) >= 8 and glide[-1] == pytest.approx(w2)
    slope, icept = numbers.solutions.best
    for u, v in zip((w1, *glide[:-1]), glide):
        assert collapse(*v) == pytest.approx((slope, icept))
        for t in (0.25, 0.5, 0.75):     # between stops, as the tween draws it: within 1 %
            mid = np.add(u, t * np.subtract(v, u))
            assert collapse(*mid) == pytest.approx((slope, icept), rel=0.01)
    assert len({round(w[0], 3) for w in glide}) == len(glide)       # the weights do change
    mid = np.add(w1, 0.5 * np.subtract(w2, w1))
    assert collapse(*mid)[0] == pytest.approx(slope * 1.5625)       # the control: ac = 3.125


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
    assert len(r.err2) == r.diverged_at - 1
    assert numbers.runs["linear"].diverged_at is None


@pytest.mark.parametrize("lr,epochs", [(1e-4, 2), (1e-4, 1), (9e-5, 3), (1.2e-4, 2), (5e-5, 2)])
def test_dead_row_is_first_row_of_zero_grads_to_the_end(lr, epochs):
    p = LESSON.resolve(sets=[f"lr={lr}", f"epochs={epochs}"])
    n = LESSON.compute(p)
    t = run(RunConfig(model="relu2", grad="numeric", lr=lr, epochs=epochs))
    expected = first_all_zero_row(np.asarray(t.grads)[:, :3])
    assert n.runs["relu2"].dead_row == expected


def test_relu_dies_for_every_x_and_only_d_learns_on(numbers):
    r = numbers.runs["relu2"]
    assert r.diverged_at is None and r.dead_row is not None
    assert r.dead_row < len(r.err2)           # something visible happens after it
    k = r.dead_row - 1
    a, b = r.params[k, 0], r.params[k, 1]
    assert np.all(a * numbers.x + b < 0)
    assert r.dead_everywhere
    after = r.params[k:]
    assert np.all(after[:, :3] == after[0, :3])          # a, b, c frozen
    assert np.ptp(after[:, 3]) > 0                       # d still moves
    # the row before dead_row still had a live derivative: it is the step that killed the unit
    assert np.any(run(RunConfig(model="relu2", grad="numeric", lr=1e-4,
                                epochs=2)).grads[k - 1, :3] != 0)
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
        np.testing.assert_array_equal(curve[:, 0], np.arange(1, len(r.err2) + 1))
        np.testing.assert_allclose(np.log10(curve[:, 1]), np.maximum(np.log10(r.err2), lo))
        assert np.all(r.err2 <= 10.0 ** hi)
    assert race.stops == ((26, "dead", "relu2"), (27, "diverged", "linear2"), (58, "end", None))


def test_rows_shown_and_the_weights_read_at_a_row(numbers):
    r = numbers.runs["linear2"]                  # 27 rows, then it ran away
    assert [rows_shown(k, 58) for k in (0, 0.99, 1, 26.5, 80)] == [0, 0, 1, 26, 58]
    np.testing.assert_array_equal(r.weights_at(0), r.params[0])
    np.testing.assert_array_equal(r.weights_at(10.5), r.params[9])
    np.testing.assert_array_equal(r.weights_at(58.999), r.params[-1])


# Part 4: the plane -----------------------------------------------------------------------------

def test_part4_paths_are_core_trajectories(numbers):
    s = numbers.solutions
    slow = run(RunConfig(model="linear2", grad="numeric", lr=s.path_lr,
                         epochs=LESSON.defaults().path_epochs))
    assert np.array_equal(s.path, slow.path())
    fast = run(RunConfig(model="linear2", grad="numeric", lr=numbers.lr))
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


def test_part4_slow_walk_reads_out_its_line_slope_near_best_intercept_far(numbers):
    """The slow walk's readouts: the line (a·c, c·b + d) each index of the drawn path draws,
    from the core's weights; where it first crosses the curve its slope is at the best one's,
    its intercept still under a tenth of the best (why it "creeps on")."""
    s, p = numbers.solutions, numbers.plane
    path = s.path[:len(p.slow)]
    assert p.slow_fit.shape == (len(p.slow), 2)
    for k in (0, p.cross, len(p.slow) - 1):
        assert tuple(p.slow_fit[k]) == pytest.approx(collapse(*path[k]))
    slope, icept = s.best
    assert p.slow_fit[p.cross, 0] == pytest.approx(slope, rel=0.1)
    assert p.slow_fit[-1, 1] < 0.1 * icept
    # a path that is not the slow one reads out other lines
    k = min(len(s.fast_path), len(p.slow))
    assert not np.allclose(line_of(s.fast_path[:k]), p.slow_fit[:k])


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


# The sidecar (its parameters: test_relu_sandwich_params.py) ------------------------------------

def test_shown_is_json_and_matches_numbers(numbers):
    shown = json.loads(json.dumps(numbers.shown()))
    assert shown["runs"]["relu2"]["dead_row"] == numbers.runs["relu2"].dead_row
    assert shown["runs"]["linear2"]["diverged_at"] == numbers.runs["linear2"].diverged_at
    assert shown["solutions"]["path_end"] == pytest.approx(numbers.solutions.path[-1].tolist())
    assert shown["solutions"]["path_cross"] == numbers.plane.cross


def test_the_pairs_climb_is_overshoots_climb_in_both_parts(numbers):
    """Part 3's and Part 4's captions name the row where the pair's last climb starts and its
    a² + c² there: overshoot's thread names the same row (one run, one story)."""
    from sgdanim.lessons.relu_sandwich.training import climb
    thread = get("overshoot").compute(get("overshoot").defaults()).thread
    growth = numbers.runs["linear2"].growth
    row, value = numbers.race.climb
    assert numbers.solutions.fast_climb == (row, value)
    assert row == thread.climb_from == 24 and value == growth[row - 1]
    err2 = numbers.runs["linear2"].err2
    assert np.all(np.diff(err2[row - 2:]) > 0) and err2[row - 2] <= err2[row - 3]
    assert climb([5.0], [2.0]) is None            # negative control: no climb to tell


def test_the_race_is_overshoots_thread_run_row_for_row(numbers):
    """One story across the series: the race's linear pair uses the thread's finite
    differences, so every row it shows carries overshoot's numbers (weights, err², a² + c²),
    and it runs away on the same row."""
    thread = get("overshoot").compute(get("overshoot").defaults()).thread
    r = numbers.runs["linear2"]
    assert numbers.grad == thread.grad == "numeric"
    assert r.diverged_at == thread.diverged_at == 28
    np.testing.assert_array_equal(r.params, thread.params)
    np.testing.assert_array_equal(r.err2, thread.loss)
    np.testing.assert_array_equal(r.growth, thread.growth)
    # control: the exact derivatives tell another run (|a| 28.6 on row 27, not 149.9)
    exact = LESSON.compute(LESSON.resolve(sets=["grad=analytic"])).runs["linear2"]
    assert not np.array_equal(exact.params, thread.params)
    assert round(float(exact.params[26, 0]), 1) == -28.6
    assert round(float(r.params[26, 0]), 1) == 149.9


def test_the_fast_path_runs_along_the_diagonal_from_a_diagonal_start(numbers):
    from sgdanim.lessons.relu_sandwich.solutions import near_diagonal
    assert numbers.plane.diagonal
    fast = numbers.plane.fast
    assert np.all(np.abs(fast[:, 0] - fast[:, 1]) <= 0.1 * np.maximum(np.abs(fast).max(1), 1))
    bent = fast.copy()
    bent[5, 1] += 0.5                              # negative control: one row off the line
    assert not near_diagonal(bent)


def test_the_diagonal_meets_the_best_curve_at_the_root_of_the_slope(numbers):
    """Part 4's zoom draws its green line where a = c meets a·c = slope: a = √slope."""
    on, slope = numbers.plane.on_curve, numbers.solutions.best[0]
    assert on * on == pytest.approx(slope) and on == pytest.approx(2 ** 0.5, rel=1e-3)
    # the fast path's a (≈ c) lands on both sides of it: the bounce the zoom shows
    a = numbers.plane.fast[1:, 0]
    assert (a > on).sum() >= 5 and (a < on).sum() >= 5
    # control: a falling best line (a·c < 0) never meets the diagonal a = c
    from dataclasses import replace
    from sgdanim.lessons.relu_sandwich.solutions import plane
    assert plane(replace(numbers.solutions, best=(-2.0, 30.0))).on_curve is None
    assert plane(numbers.solutions).on_curve == on


def test_part4_strip_values_are_lr_times_a2_plus_c2_of_each_rows_weights(numbers):
    """Row k of the strip is lr·(a² + c²) at the weights row k starts from: the core run's
    params for rows 1–27, and for row 28 (the runaway, drawn off the scale) row 27's result."""
    s = numbers.solutions
    t = run(RunConfig(model="linear2", grad=numbers.grad, lr=numbers.lr, epochs=1))
    starts = np.vstack([np.asarray(t.params), np.asarray(t.new_params)[-1:]])
    want = numbers.lr * (starts[:, 0] ** 2 + starts[:, 2] ** 2)
    assert len(s.fast_effective) == t.diverged_at == 28
    np.testing.assert_allclose(s.fast_effective, want, rtol=1e-12)
    assert s.fast_effective[27] > 1e7            # far past the strip's top, 10¹
    assert s.effective_over == 28 and s.effective_shown[27] == 10.0



def test_the_strip_is_over_the_mean_loss_limit_for_good_from_row_25(numbers):
    """Row 1 is already over the per-row limit; the climb starts where lr·(a² + c²) passes the
    mean-loss limit and never comes back under: brute force over the core run's weights."""
    s = numbers.solutions
    t = run(RunConfig(model="linear2", grad=numbers.grad, lr=numbers.lr, epochs=1))
    starts = np.vstack([np.asarray(t.params), np.asarray(t.new_params)[-1:]])
    acts = [numbers.lr * (a * a + c * c) for a, _, c, _ in starts]
    limit = s.limits.mean_loss
    want = next(k for k in range(1, len(acts) + 1) if all(v > limit for v in acts[k - 1:]))
    assert s.over_mean_from == want == 25
    assert acts[0] > s.limits.per_row and acts[0] < limit          # row 1: between the two
    assert any(v > limit for v in acts[:want - 2])     # control: earlier rows pass it, and fall back


def test_the_rows_that_leave_the_zoom_are_named_with_their_a(numbers):
    p, s = numbers.plane, numbers.solutions
    rows = [k for k in range(1, len(s.fast_path) + 1)
            if not 0.0 <= s.fast_path[k - 1, 0] <= 4.0 or not 0.0 <= s.fast_path[k - 1, 2] <= 4.0]
    assert [r for r, _, _ in p.off_zoom] == rows == [26, 27, 28]
    assert [round(a, 2) for _, _, a in p.off_zoom][:2] == [-5.64, 149.9]
    # each named by the weight it is: a, since a leaves the box on every one of these rows
    assert [n for _, n, _ in p.off_zoom] == ["a", "a", "a"]
    assert [v for _, _, v in p.off_zoom] == [s.fast_path[r - 1, 0] for r in rows]
    assert p.off_zoom[0][0] == p.fast_leaves + 1          # the first: where the path leaves


def test_a_row_that_leaves_the_plane_by_c_alone_is_marked_by_its_c():
    """The zoom plots a ≈ c: a row whose a stays on the box but whose c leaves it is off the
    plane all the same, and its mark stands for c, on c's side (by a alone it sat at the bottom
    edge, the wrong one); control: a row off by a is marked by a, whatever c does."""
    from sgdanim.lessons.relu_sandwich.solutions import off_box
    box = (0.0, 4.0, 0.0, 4.0)
    ac = np.array([[1.0, 1.0], [3.9, 6.0], [-2.0, 5.0], [9.0, 1.0]])
    assert off_box(ac, 1, box) == ((2, "c", 6.0), (3, "a", -2.0), (4, "a", 9.0))
    assert off_box(ac, 1, box)[0][2] > box[3]        # above: a ▲ on the top edge
    assert off_box(ac, 4, box) == ()                 # control: nothing past the end


def test_row_3_is_over_the_mean_loss_limit_and_row_4_lands_back_under(numbers):
    """Part 4 tags row 3: over the mean-loss limit, yet the next row lands back under, a and c
    shrunk (a² + c² 16.7 → 0.34); brute force over the core run's weights. Control: with row
    4 pushed over the limit too, the first fall back is a later row, not row 3."""
    from sgdanim.lessons.relu_sandwich.solutions import falls_back
    s = numbers.solutions
    t = run(RunConfig(model="linear2", grad=numbers.grad, lr=numbers.lr, epochs=1))
    grow = [a * a + c * c for a, _, c, _ in np.asarray(t.params)]
    limit = s.limits.mean_loss
    row = next(k for k in range(1, len(grow)) if numbers.lr * grow[k - 1] > limit
               >= numbers.lr * grow[k])
    assert s.falls_back == (row, pytest.approx(grow[row - 1]), pytest.approx(grow[row]))
    assert row == 3 and round(grow[2], 1) == 16.7 and round(grow[3], 2) == 0.34
    assert row < s.over_mean_from                  # it falls back long before the climb
    pushed = s.fast_effective.copy()
    pushed[3] = 2 * limit
    assert falls_back(pushed, grow, limit)[0] > 3


def test_the_rows_lie_on_a_line_only_when_they_do(numbers):
    """Part 3 says the sheet's rows lie on a line, so the ReLU's bend buys nothing (review r10's
    teaching gap): all 29 rows are on y = 2x + 30, the one neuron's best line, and the sidecar
    records it. Control: rows with noise lie on no line."""
    assert numbers.rows_line == (2.0, 30.0) == tuple(round(v, 6) for v in numbers.solutions.best)
    assert np.max(np.abs(2.0 * numbers.x + 30.0 - numbers.y)) < 1e-9
    assert json.loads(json.dumps(numbers.shown()))["rows_line"] == [2.0, 30.0]
    noisy = LESSON.compute(LESSON.resolve(sets=["data=synthetic:noise=3"]))
    assert noisy.rows_line is None and noisy.shown()["rows_line"] is None


def test_row_25_flips_a_far_over_its_own_limit_and_row_18_same_x_lands_back(numbers):
    """Part 4 tags row 25 and row 18 (review r12): both x = 99 rows, the same own limit
    1/(x² + 1), but row 25 is 8.2× over it and its step sends a through zero (2.02 → −5.64,
    the first row whose a changes sign), a² + c² ×7.5, while row 18, 5.1× over, keeps a's sign
    (1.60 → 0.51): only the size of the overshoot differs. Brute force over the core run's
    weights; controls: with row 18 flipped too, row 9 (x = 84) is not taken, since its x is
    another; and with x = 99 at row 2 instead, that row is the one."""
    from sgdanim.lessons.relu_sandwich.solutions import flip_and_level
    s = numbers.solutions
    t = run(RunConfig(model="linear2", grad=numbers.grad, lr=numbers.lr, epochs=1))
    w = np.vstack([np.asarray(t.params), np.asarray(t.new_params)[-1:]])
    g = w[:, 0] ** 2 + w[:, 2] ** 2
    x = numbers.x
    m = len(w) - 1                        # rows stepped before the run ends
    over = numbers.lr * g[:m] * (x[:m] ** 2 + 1)
    flip = next(k for k in range(len(w) - 1) if w[k, 0] * w[k + 1, 0] < 0)
    f, lv = s.flip, s.level
    assert f.row == flip + 1 == 25 and f.x == x[flip] == 99.0      # the first sign change
    assert f.over == pytest.approx(over[flip]) and round(f.over, 1) == 8.2
    assert [round(v, 2) for v in f.a] == [2.02, -5.64] and round(f.grow[1] / f.grow[0], 1) == 7.5
    same = [k for k in range(flip) if x[k] == 99.0]
    assert lv.row == max(same, key=lambda k: over[k]) + 1 == 18 and lv.x == 99.0
    assert round(lv.over, 1) == 5.1 and [round(v, 2) for v in lv.a] == [1.60, 0.51]
    assert lv.over == pytest.approx(over[17]) and lv.over < f.over
    shown = json.loads(json.dumps(numbers.shown()))["solutions"]
    assert shown["flip"]["row"] == 25 and shown["level"]["row"] == 18
    # controls: a from row 19 on negated (row 18's step now flips a, shrinking a² + c²): row 18
    # is no land-back and nothing stands in; row 18 on x = 98: row 13, as high, is not taken;
    # row 3 on x = 99 (16×, a 2.88 → 0.41): the largest overshoot wins
    eff = numbers.lr * g[:m]
    negated = w.copy()
    negated[18:, 0] *= -1
    assert [r and r.row for r in flip_and_level(negated, x, eff, g)] == [25, None]
    moved = x.copy()
    moved[17] = 98.0
    assert flip_and_level(w, moved, eff, g)[1] is None
    moved = x.copy()
    moved[2] = 99.0
    assert flip_and_level(w, moved, eff, g)[1].row == 3
