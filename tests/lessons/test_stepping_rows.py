"""Lesson ``stepping``, pixel-free: its registration and params, the detailed rows against the
sheet's columns and an independent run, the derivative done twice (the forward difference's
error and the error curve), the epoch log, the sheet's carry and the valley's curvatures."""

import dataclasses
import math

import numpy as np
import pytest

from sgdanim.core import analysis
from sgdanim.core.data import spreadsheet
from sgdanim.core.errors import UsageError
from sgdanim.lessons.stepping import compute
from sgdanim.core.trajectory import RunConfig, run
from tests.lessons.stepping_kit import LESSON, sheet_rows
from tests.lessons.stepping_kit import numbers  # noqa: F401 - fixtures


# Registration and params -------------------------------------------------------------------------

def test_registered_with_the_issue_defaults():
    p = LESSON.defaults()
    assert LESSON.scene == "scenes.stepping.scene:Stepping"
    assert (p.lr, p.init_a, p.init_b, p.epochs, p.data) == (1e-4, 1.0, 1.0, 5, "spreadsheet")
    assert 1 <= p.detailed_rows <= 5 and p.fd_step == 0.01


@pytest.mark.parametrize("sets, word", [
    (["lr=0"], "lr"), (["lr=-1e-4"], "lr"), (["epochs=0"], "epochs"), (["epochs=2.5"], "epochs"), (["epochs=9"], "epochs"),
    (["detailed_rows=6"], "detailed_rows"), (["fd_step=0"], "fd_step"), (["carry=macro"], "carry"),
    (["init_a=nan"], "init_a"), (["lrr=1e-4"], "lrr")])
def test_bad_params_name_the_value(sets, word):
    with pytest.raises(UsageError, match=word):
        LESSON.resolve(sets=sets)


def test_bad_data_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError):
        compute(LESSON.resolve(sets=[f"data={tmp_path / 'missing.csv'}"]))


# The detailed rows are the sheet's columns -------------------------------------------------------

def test_first_row_by_hand(numbers):
    r = numbers.rows[0]
    assert (r.x, r.y, r.a, r.b) == (14.0, 58.0, 1.0, 1.0)
    assert r.pred == 1 * 14 + 1 and r.err == 15 - 58 and r.loss == 43 ** 2
    assert r.grad_b == 2 * (15 - 58) and r.grad_a == 14 * 2 * (15 - 58)
    assert math.isclose(r.new_a, 1 + 1e-4 * 1204) and math.isclose(r.new_b, 1 + 1e-4 * 86)


def test_rows_chain_and_match_an_independent_run(numbers):
    t = run(RunConfig(lr=1e-4, init={"a": 1.0, "b": 1.0}, epochs=1))
    assert len(numbers.rows) == LESSON.defaults().detailed_rows
    for k, r in enumerate(numbers.rows):
        np.testing.assert_allclose([r.a, r.b], t.params[k], rtol=1e-12)
        np.testing.assert_allclose([r.grad_a, r.grad_b], t.grads[k], rtol=1e-12)
        np.testing.assert_allclose([r.new_a, r.new_b], t.new_params[k], rtol=1e-12)
    for before, after in zip(numbers.rows, numbers.rows[1:]):
        assert (after.a, after.b) == (before.new_a, before.new_b)


def test_rows_match_the_sheet_saved_values():
    sheet = sheet_rows()
    p = LESSON.resolve(sets=[f"init_a={sheet[0]['a']!r}", f"init_b={sheet[0]['b']!r}",
                             "detailed_rows=5", "epochs=1"])
    n = compute(p)
    for r, s in zip(n.rows, sheet):
        for ours, theirs in [(r.x, "x"), (r.y, "y"), (r.a, "a"), (r.b, "b"), (r.pred, "pred"),
                             (r.loss, "loss"), (r.grad_b, "grad_b"), (r.grad_a, "grad_a"),
                             (r.new_a, "new_a"), (r.new_b, "new_b")]:
            assert math.isclose(ours, s[theirs], rel_tol=1e-9, abs_tol=1e-9), theirs
    # The finite-difference row is the sheet's "est de/db" and "est de/da" at that row.
    s = sheet[n.fd.step - 1]
    assert math.isclose(n.fd.est_b, s["est_grad_b"], rel_tol=1e-7)
    assert math.isclose(n.fd.est_a, s["est_grad_a"], rel_tol=1e-7)


# The derivative, twice ----------------------------------------------------------------------------

@pytest.mark.parametrize("h", [0.01, 0.1, 1.0])
def test_forward_difference_is_off_by_half_the_curvature_times_h(h):
    n = compute(LESSON.resolve(sets=[f"fd_step={h}"]))
    fd = n.fd
    assert fd.step == LESSON.defaults().detailed_rows + 1
    # e is quadratic: (e(w + h) − e(w))/h = de/dw + ½·e''·h, with e''_b = 2 and e''_a = 2x².
    assert math.isclose(fd.est_b - fd.grad_b, h, rel_tol=1e-6, abs_tol=1e-9)
    assert math.isclose(fd.est_a - fd.grad_a, fd.x ** 2 * h, rel_tol=1e-6)
    assert math.isclose((fd.loss_nudged_b - fd.loss) / h, fd.est_b, rel_tol=1e-12)
    assert math.isclose(fd.grad_b, 2 * (fd.a * fd.x + fd.b - fd.y), rel_tol=1e-12)


def test_error_curve_is_the_rows_error_and_holds_the_tangent_point(numbers):
    fd = numbers.fd
    b, e = fd.curve.T
    np.testing.assert_allclose(e, (fd.a * fd.x + b - fd.y) ** 2, rtol=1e-12)
    assert b.min() < fd.b < b.max()
    assert b.min() < fd.y - fd.a * fd.x < b.max()   # the bottom is on screen


# Speeding up, and the valley ---------------------------------------------------------------------

def test_row_2_alone_overshoots_its_own_fit(numbers):
    """Row 2 (x = 86) flips its own err's sign, −104.637 → +50.163: its step factor
    lr·2(x² + 1) = 1.48 is over 1. Rows 1 and 3 don't (negative controls); nor does row 2 at
    a quarter of the lr."""
    r = numbers.rows[1]
    assert (r.x, r.y) == (86.0, 202.0)
    assert r.err_after == pytest.approx(r.new_a * 86 + r.new_b - 202)
    assert r.err_after == pytest.approx(r.err * (1 - 1e-4 * 2 * (86 ** 2 + 1)))
    assert round(r.err, 3) == -104.637 and round(r.err_after, 3) == 50.163
    assert [row.overshoots for row in numbers.rows] == [False, True, False]
    slow = compute(LESSON.resolve(sets=["lr=2.5e-5"]))
    assert not slow.rows[1].overshoots and slow.rows[1].err_after < 0


def test_gap_for_a_is_x_squared_times_h(numbers):
    """The table's note writes x²·h out for row 4: 51²·0.01 = 26.01, the gap it measured."""
    fd = numbers.fd
    assert (fd.step, fd.x, fd.y) == (4, 51.0, 132.0)
    assert fd.gap_a_theory == pytest.approx(51 ** 2 * 0.01)
    assert fd.gap_a == pytest.approx(fd.gap_a_theory, abs=1e-6)
    assert fd.gap_b != pytest.approx(fd.gap_a_theory)          # b's gap is h, not x²h


def test_epoch_log_is_true_rmse_and_the_sheets_root_sum(numbers):
    t = run(RunConfig(lr=1e-4, epochs=5))
    np.testing.assert_allclose(numbers.epoch_rmse, t.epoch_rmse(), rtol=1e-12)
    np.testing.assert_allclose(numbers.epoch_sheet_error, t.epoch_sheet_error(), rtol=1e-12)
    np.testing.assert_allclose(numbers.epoch_sheet_error, numbers.epoch_rmse * math.sqrt(29))
    assert numbers.epoch_rmse[-1] < numbers.epoch_rmse[0]
    assert len(numbers.path) == 5 * 29 + 1


def test_sheet_carry_starts_each_epoch_from_the_last_rows_used_weights():
    n = compute(LESSON.resolve(sets=["carry=sheet", "epochs=2"]))
    t = run(RunConfig(lr=1e-4, epochs=2, carry="sheet"))
    np.testing.assert_allclose(n.path[29], n.path[28])   # row 30 reuses row 29's weights
    np.testing.assert_allclose(n.epoch_rmse, t.epoch_rmse())


def test_valley_curvatures_come_from_the_hessian(numbers):
    v = numbers.valley
    lam = np.linalg.eigvalsh(analysis.hessian(spreadsheet()))
    np.testing.assert_allclose(v.eigenvalues, lam)
    assert round(v.eigenvalues[0], 3) == 0.593 and round(v.eigenvalues[1]) == 5033
    assert 8400 < v.condition < 8600
    # Across the valley is almost pure a (x reaches 100), along it almost pure b.
    assert abs(v.eigenvectors[0, 1]) > 0.999 and abs(v.eigenvectors[1, 0]) > 0.999
    assert v.mostly == ("b", "a")            # what the answer card names each direction
    # control: with the columns swapped, the names swap too
    swapped = dataclasses.replace(v, eigenvectors=v.eigenvectors[:, ::-1])
    assert swapped.mostly == ("a", "b")
    assert v.lr_lam == pytest.approx((1e-4 * lam[0], 1e-4 * lam[1]))


def test_b_crawls_while_a_settles(numbers):
    a, b = numbers.path[:, 0], numbers.path[:, 1]
    assert abs(a[29] - a[-1]) < 0.01                  # a is across the valley within an epoch
    assert 0.2 < b[-1] - b[0] < 0.4                   # b has crawled a third of a unit
    assert numbers.valley.b_optimum - b[-1] > 28
    # what the epochs part's arrow says: b's start and end are the path's, the best b the star's
    v = numbers.valley
    assert (v.b_start, v.b_end) == (b[0], b[-1]) and v.b_optimum == numbers.landscape.optimum[1]
    assert v.safe and not compute(LESSON.resolve(sets=["lr=4e-4", "epochs=1"])).valley.safe
