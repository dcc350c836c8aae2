"""Lesson ``stepping``'s layout numbers, pixel-free: the panels hold the path, the optimum and the
data, a runaway is drawn (cut at the panel's edge along its real step) and not raised, the shown
numbers are JSON, the row samples wrap round a short data set, and the error curve's and data
panel's axes hold what they draw."""

import json

import numpy as np
import pytest

from sgdanim.core.clip import box_of, clip_line, clip_path
from sgdanim.lessons.stepping import compute, line_in_box
from tests.lessons.stepping_kit import LESSON, NEGATIVE_DATA
from tests.lessons.stepping_kit import numbers  # noqa: F401 - fixtures


# Layout numbers -----------------------------------------------------------------------------------

def test_panels_hold_path_optimum_and_data(numbers):
    a0, a1, _ = numbers.a_range
    b0, b1, _ = numbers.b_range
    assert a0 <= numbers.path[:, 0].min() and numbers.path[:, 0].max() <= a1
    assert b0 <= numbers.path[:, 1].min() and numbers.path[:, 1].max() <= b1
    assert a0 < 2 < a1 and b0 < 30 < b1
    assert numbers.x_range[0] <= numbers.x.min() and numbers.x.max() <= numbers.x_range[1]
    assert numbers.y_range[0] <= numbers.y.min() and numbers.y.max() <= numbers.y_range[1]


def test_runaway_lr_is_drawn_not_raised():
    n = compute(LESSON.resolve(sets=["lr=0.01"]))
    assert n.diverged_at is not None and np.isfinite(n.path).all()
    assert len(n.path) == n.diverged_at          # the weights before the runaway step
    json.dumps(n.shown())
    assert np.isfinite(n.a_range).all() and n.a_range[1] - n.a_range[0] < 100


def test_shown_is_json_and_has_the_numbers_on_screen(numbers):
    shown = json.loads(json.dumps(numbers.shown()))
    assert shown["rows"][0]["grad_a"] == -1204.0
    assert shown["epoch_rmse"] == pytest.approx(numbers.epoch_rmse.tolist())
    assert shown["optimum"] == pytest.approx([2.0, 30.0])


def test_runaway_is_cut_at_the_panels_edge_and_its_arrows_move_to_the_centre():
    n = compute(LESSON.resolve(sets=["lr=0.01"]))
    np.testing.assert_array_equal(n.shown_path, clip_path(n.path, box_of(n.a_range, n.b_range)))
    assert len(n.shown_path) < len(n.path)
    assert n.valley.anchor == ((n.a_range[0] + n.a_range[1]) / 2, (n.b_range[0] + n.b_range[1]) / 2)
    # It ran away inside the first epoch: no epoch ends, and the walk goes on to where it stopped.
    assert n.epoch_ends == () and n.ends_mid_epoch and n.steps == n.diverged_at - 1


def test_a_runaway_is_drawn_to_the_panels_edge_along_its_real_step():
    n = compute(LESSON.resolve(sets=["lr=0.01"]))
    shown = n.shown_path
    (a0, a1, _), (b0, b1, _) = n.a_range, n.b_range
    assert ((a0 <= shown[:, 0]) & (shown[:, 0] <= a1) & (b0 <= shown[:, 1]) & (shown[:, 1] <= b1)).all()
    m = len(shown) - 1
    np.testing.assert_array_equal(shown[:m], n.path[:m])
    # The last point is on the segment of the step that left, and on the box's edge.
    p, q, e = n.path[m - 1], n.path[m], shown[m]
    t = (e - p) / (q - p)
    assert 0 < t[0] < 1 and t[0] == pytest.approx(t[1])
    assert np.isclose(e[0], [a0, a1]).any() or np.isclose(e[1], [b0, b1]).any()

def test_a_run_that_stays_is_drawn_whole_and_its_arrows_cross_at_the_last_weights(numbers):
    np.testing.assert_array_equal(numbers.shown_path, numbers.path)
    assert numbers.valley.anchor == tuple(numbers.path[-1])
    assert numbers.epoch_ends == (29, 58, 87, 116, 145) and not numbers.ends_mid_epoch
    assert numbers.epoch_ends[-1] == numbers.steps
    assert numbers.valley.x_reach == max(abs(numbers.x)) == 99.0
    assert numbers.row_samples == (0, 1, 2)
    assert [numbers.x[i] for i in numbers.row_samples] == [r.x for r in numbers.rows]


def test_row_samples_wrap_round_a_short_data_set():
    n = compute(LESSON.resolve(sets=["data=synthetic:n=3", "detailed_rows=5", "epochs=2"]))
    assert n.row_samples == (0, 1, 2, 0, 1)
    assert [n.x[i] for i in n.row_samples] == [r.x for r in n.rows]


@pytest.mark.parametrize("sets", [[], [NEGATIVE_DATA, "detailed_rows=2"], ["init_a=-2", "init_b=60"],
                                  ["detailed_rows=1"]])
def test_error_curve_axes_hold_the_curve_and_the_tangent(sets):
    fd = compute(LESSON.resolve(sets=sets)).fd
    (b0, b1, _), (e0, e1, _) = fd.b_range, fd.e_range
    b, e = fd.curve.T
    assert len(b) > 20 and (b0 <= b).all() and (b <= b1).all() and (0 <= e).all() and (e <= e1).all()
    assert e0 == 0 and e.max() > e1 / 3                  # the curve fills its axes
    (tb0, te0), (tb1, te1) = fd.tangent
    assert (te1 - te0) / (tb1 - tb0) == pytest.approx(fd.grad_b)
    assert te0 + (fd.b - tb0) * fd.grad_b == pytest.approx(fd.loss, abs=1e-6 * e1)
    quarter = (b1 - b0) / 4
    assert fd.b - quarter - 1e-9 <= tb0 < tb1 <= fd.b + quarter + 1e-9
    assert 0 <= min(te0, te1) and max(te0, te1) <= e1
    # The free upper corner is on the side of the bottom, away from the row's b.
    bottom = fd.y - fd.a * fd.x
    assert fd.note_left == (bottom < fd.b)
    free = e[b < bottom] if fd.note_left else e[b > bottom]
    assert free.max() < e.max()


def test_both_corners_are_used():
    lefts = {compute(LESSON.resolve(sets=sets)).fd.note_left
             for sets in ([], ["detailed_rows=1"])}
    assert lefts == {True, False}


def test_the_data_panels_line_is_the_cores_clip_line():
    """The scene moves the line every frame through line_in_box (tests/core/test_clip.py tests
    clip_line itself)."""
    x_range, y_range = (0.0, 100.0, 20.0), (-20.0, 200.0, 50.0)
    for a, b in ((2.0, 0.0), (-0.5, 40.0), (0.0, 500.0)):
        assert line_in_box(a, b, x_range, y_range) == clip_line(a, b, (0.0, 100.0, -20.0, 200.0))
    assert line_in_box(0.0, 500.0, x_range, y_range) is None


def test_the_data_panel_holds_the_line_the_run_starts_from(tmp_path):
    """Rows of x in 0..1 (y = x/2 + 0.2) lie under the start's 1 + x, and the panel, sized to
    the rows alone (y 0 to 0.8), never showed the line the lesson fits. Its y axis now runs
    to 2. Control: sized to the rows, the start's line misses the box; the sheet's panel is
    as it was."""
    from sgdanim.core.ticks import nice_range
    (tmp_path / "rows.csv").write_text("x,y\n" + "".join(f"{x / 30},{x / 60 + 0.2}\n"
                                                         for x in range(1, 31)))
    n = compute(LESSON.resolve(sets=[f"data={tmp_path / 'rows.csv'}"]))
    assert n.y_range == (0.0, 2.0, 0.5) and line_in_box(*n.init, n.x_range, n.y_range)
    rows_only = nice_range(0.0, float(n.y.max()), 5)
    assert line_in_box(*n.init, n.x_range, rows_only) is None
    sheet = compute(LESSON.defaults())
    assert (sheet.x_range, sheet.y_range) == ((0.0, 100.0, 20.0), (0.0, 250.0, 50.0))
