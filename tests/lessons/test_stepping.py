"""Lesson ``stepping``, pixel-free: its numbers against the core and the sheet, its params, its layout."""

import csv
import dataclasses
import json
import math
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import brentq

from sgdanim.core import analysis
from sgdanim.core.data import spreadsheet
from sgdanim.core.errors import UsageError
from sgdanim.lessons import PRESENTATION, get
from sgdanim.core.clip import box_of, clip_line, clip_path
from sgdanim.core.crawl_plots import crawl_reading
from sgdanim.lessons.stepping import PART_SPECS, compute, line_in_box
from sgdanim.core.trajectory import RunConfig, run

LESSON = get("stepping")
FIXTURE = Path(__file__).parents[1] / "fixtures" / "graddesc_basic.csv"
NEGATIVE_DATA = "data=synthetic:seed=3,n=20,slope=-1,intercept=5,noise=2"


@pytest.fixture(scope="module")
def numbers():
    return compute(LESSON.defaults())


def sheet_rows():
    with FIXTURE.open() as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return [{k: float(v) for k, v in row.items()} for row in csv.DictReader(lines)]


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


# The crawl along the valley -----------------------------------------------------------------------

def test_crawl_is_the_same_sgd_run_seen_once_an_epoch():
    from sgdanim.core.crawl import crawl
    for carry in ("updated", "sheet"):
        c = crawl(spreadsheet(), 1e-4, (1.0, 1.0), target=0.0, max_epochs=12, carry=carry)
        t = run(RunConfig(lr=1e-4, epochs=12, carry=carry))
        ends = np.vstack([t.params[0], t.params[29::29], t.new_params[-1]]) if carry == "updated" \
            else np.vstack([t.params[0], t.params[29::29], t.params[-1]])
        np.testing.assert_allclose(c.path, ends, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(c.rmse, t.epoch_rmse(), rtol=1e-12)
        assert c.reached is None and c.epochs == 12


def test_crawl_reaches_the_target_at_about_1500_epochs(numbers):
    c = numbers.crawl
    assert c.reached == c.epochs == 1516 and not c.diverged
    assert c.rmse[-1] < 1.0 <= c.rmse[-2]
    # The stage's five epochs are the crawl's first five.
    np.testing.assert_allclose(c.path[:6], numbers.path[::29], rtol=1e-12)
    np.testing.assert_allclose(c.rmse[:5], numbers.epoch_rmse, rtol=1e-12)
    # Control: twice the lr gets there in about half the epochs.
    other = compute(LESSON.resolve(sets=["lr=2e-4"])).crawl
    assert 600 < other.reached < 800


def test_crawl_splits_the_distance_along_the_hessians_eigenvectors(numbers):
    c = numbers.crawl
    lam, vec = np.linalg.eigh(analysis.hessian(spreadsheet()))
    np.testing.assert_allclose(c.eigenvalues, lam)
    np.testing.assert_allclose(np.abs(c.directions), np.abs(vec), atol=1e-12)
    rebuilt = np.outer(c.along, c.directions[:, 0]) + np.outer(c.across, c.directions[:, 1])
    np.testing.assert_allclose(rebuilt + c.optimum, c.path, atol=1e-9)
    assert c.along[0] > 0 and c.across[0] > 0
    assert c.per_row == pytest.approx((1e-4 * lam[0], 1e-4 * lam[1]))


def test_across_settles_in_an_epoch_and_along_shrinks_like_the_prediction(numbers):
    c = numbers.crawl
    assert abs(c.across[1]) < 0.1 * c.across[0]            # across: gone within one epoch
    assert c.along[1] > 0.99 * c.along[0]                  # along: hardly moved
    predicted = c.predicted_along()
    t = np.arange(len(c.path)) * 29
    np.testing.assert_allclose(predicted, c.along[0] * (1 - 1e-4 * c.eigenvalues[0]) ** t)
    # Row-by-row SGD runs a little ahead of the full-batch rate, within a factor 1.5 at the end
    # (1.47 against 2.14), and far from a rate that ignored the small curvature.
    ratio = c.along[-1] / predicted[-1]
    assert 0.6 < ratio < 1.0
    assert abs(np.log(c.along[-1] / c.along[0])) > 2.5


def test_across_drops_in_epoch_one_then_trails_along_at_a_fixed_share(numbers):
    """The crawl's close: |across| 1.48 → 0.129 in epoch 1, then pinned at 0.45% of along
    (per-row SGD's floor), which is why the red curve shrinks as slowly as the green one."""
    c, (start, after, share) = numbers.crawl, numbers.crawl_across
    assert (round(start, 3), round(after, 3), round(share, 2)) == (1.485, 0.129, 0.45)
    np.testing.assert_allclose(np.abs(c.across[1:] / c.along[1:]) * 100, share, rtol=1e-4)
    # Control: twice the lr leaves a floor five times higher.
    other = compute(LESSON.resolve(sets=["lr=2e-4"])).crawl_across
    assert other[1] > 5 * after and other[2] > 5 * share
    assert numbers.shown()["crawl"]["across"] == list(numbers.crawl_across)
    assert compute(LESSON.resolve(sets=["lr=0.01"])).shown()["crawl"]["across"] is None


def epoch_rmse_by_hand(epoch: int, lr: float = 1e-4) -> float:
    """Epoch ``epoch``'s RMSE (1-based) of per-sample SGD from a = b = 1 on the sheet's data,
    a plain loop: each row's error with the weights that row used."""
    data = spreadsheet()
    a = b = 1.0
    for _ in range(epoch):
        errs = []
        for x, y in zip(map(float, data.x), map(float, data.y)):
            err = a * x + b - y
            errs.append(err * err)
            a, b = a - lr * 2 * err * x, b - lr * 2 * err
    return math.sqrt(sum(errs) / len(errs))


def test_the_crawls_readout_names_the_epoch_its_rmse_is_of(numbers):
    """The time-lapse's ``epoch e  RMSE r``: r is epoch e's own RMSE wherever the walker
    stands, and before epoch 1 ends it names epoch 1 (there is no epoch 0 RMSE)."""
    c = numbers.crawl
    for position, epoch in ((0, 1), (0.5, 1), (1, 1), (5, 5), (5.5, 5), (12, 12)):
        e, rmse = crawl_reading(c, position)
        assert e == epoch and rmse == pytest.approx(epoch_rmse_by_hand(epoch), rel=1e-12)
    assert crawl_reading(c, c.epochs + 3) == (c.epochs, float(c.rmse[-1]))
    # Control: the off-by-one it had (epoch 0 beside epoch 1's 27.995, epoch e beside
    # e + 1's) fails the same check.
    assert round(epoch_rmse_by_hand(1), 3) == 27.995
    for e in (1, 5):
        assert float(c.rmse[e]) != pytest.approx(epoch_rmse_by_hand(e), rel=1e-3)


def test_a_runaway_has_no_crawl():
    n = compute(LESSON.resolve(sets=["lr=0.01"]))
    assert n.crawl.diverged and n.crawl.epochs == 0 and n.crawl.reached is None
    json.dumps(n.shown())


def test_rmse_plot_holds_every_epoch_and_the_goal(numbers):
    lo, hi, step = numbers.epoch_rmse_range
    assert lo == 0.0 and hi >= max(numbers.epoch_rmse) and numbers.goal_rmse == 1.0
    assert (hi, step) == (30.0, 10.0)
    # control: a goal above every epoch's RMSE lifts the axis over it
    far = compute(LESSON.resolve(sets=["target_rmse=45"]))
    assert far.epoch_rmse_range[1] >= 45 and far.goal_rmse == 45.0


def test_the_answers_cap_is_two_over_the_steep_curvature_and_overshoots_mean_loss_limit(numbers):
    """The card's lr cap, 2/λ_across, is overshoot's mean-loss limit (the same Hessian)."""
    from sgdanim.lessons.overshoot import compute as overshoot, LESSON as OVERSHOOT
    assert numbers.valley.limit == pytest.approx(2 / numbers.valley.eigenvalues[1])
    assert numbers.valley.limit == pytest.approx(3.974e-4, rel=1e-3)
    assert numbers.valley.limit == pytest.approx(
        overshoot(OVERSHOOT.defaults()).sweep.critical_lr, rel=1e-9)
    # control: another data set has another cap
    assert compute(LESSON.resolve(sets=["data=synthetic"])).valley.limit != pytest.approx(
        numbers.valley.limit, rel=1e-3)


def test_crawl_axes_hold_every_point_drawn(numbers):
    c = numbers.crawl
    (x0, x1, step), (low, high) = numbers.crawl_x_range, numbers.crawl_decades
    assert (x0, x1) == (0, c.epochs) and step == 500
    sizes = np.abs(np.concatenate([c.along, c.across[1:], c.predicted_along()]))
    assert 10.0 ** low <= sizes.min() and sizes.max() <= 10.0 ** high
    assert (low, high) == (-3, 2)


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


# The parts and what they read --------------------------------------------------------------------

# The numbers each part draws (the stage is on screen in every part).
STAGE = ("data_name", "x", "y", "rows_per_epoch", "init", "path", "shown_path", "a_range",
         "b_range", "x_range", "y_range", "levels")
DRAWS = {"panels": STAGE + ("crawl", "lr", "rows"), "rows": STAGE + ("rows", "row_samples", "lr"),
         "derivative": STAGE + ("rows", "fd"),
         "epochs": STAGE + ("rows", "epoch_rmse", "epoch_sheet_error", "epoch_ends", "loss",
                            "diverged_at", "carry", "lr", "epoch_rmse_range", "goal_rmse"),
         "valley": STAGE + ("valley", "epochs", "loss", "diverged_at"),
         "crawl": STAGE + ("crawl", "crawl_x_range", "crawl_decades", "crawl_across", "lr",
                           "steps", "valley", "crawl_kicks")}
CHANGES = {"lr": "lr=2e-4", "init_a": "init_a=1.5", "init_b": "init_b=2", "epochs": "epochs=3",
           "detailed_rows": "detailed_rows=2", "fd_step": "fd_step=0.1", "carry": "carry=sheet",
           "data": "data=synthetic", "target_rmse": "target_rmse=2"}


def same(x, y) -> bool:
    """Equal numbers, through dataclasses, tuples and arrays."""
    if hasattr(x, "__dataclass_fields__"):
        return type(x) is type(y) and all(same(getattr(x, f), getattr(y, f))
                                          for f in x.__dataclass_fields__)
    if isinstance(x, (tuple, list)):
        return len(x) == len(y) and all(same(a, b) for a, b in zip(x, y))
    if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
        return np.shape(x) == np.shape(y) and np.array_equal(x, y)
    return x == y


def test_parts_replace_the_booleans():
    assert [p.id for p in LESSON.parts] == ["panels", "rows", "derivative", "epochs", "valley",
                                            "crawl"]
    assert LESSON.defaults().parts == tuple(p.id for p in LESSON.parts)
    assert LESSON.resolve(sets=["parts=valley"]).parts == ("valley",)
    for gone in ("derivative=false", "valley=false"):
        with pytest.raises(UsageError, match=gone.partition("=")[0]):
            LESSON.resolve(sets=[gone])


@pytest.mark.parametrize("spec", PART_SPECS, ids=lambda spec: spec.id)
def test_a_parameter_a_part_does_not_read_leaves_what_it_draws(spec, numbers):
    assert set(CHANGES) == {p.name for p in LESSON.params} - {"parts"} - {p.name for p in PRESENTATION}
    for name, change in CHANGES.items():
        changed = compute(LESSON.resolve(sets=[change]))
        moved = [f for f in DRAWS[spec.id] if not same(getattr(numbers, f), getattr(changed, f))]
        if name in spec.reads:
            continue
        assert moved == [], f"{spec.id} does not read {name}, yet {change} moves {moved}"


@pytest.mark.parametrize("spec", PART_SPECS, ids=lambda spec: spec.id)
def test_every_parameter_a_part_reads_can_change_it(spec, numbers):
    """The control of the test above: what a part reads does move what it draws."""
    for name in spec.reads:
        changed = compute(LESSON.resolve(sets=[CHANGES[name]]))
        assert any(not same(getattr(numbers, f), getattr(changed, f)) for f in DRAWS[spec.id]), \
            f"{spec.id} reads {name}, but {CHANGES[name]} moves nothing it draws"


# Inside the crawl's epochs: across row by row ---------------------------------------------------

def test_kicks_are_the_same_run_row_by_row_and_meet_the_crawl_at_each_epochs_end(numbers):
    """The inset's across per row is per-sample SGD itself (core.trajectory's run, split on
    the crawl's directions), and lands on the crawl's own across at every epoch's end."""
    c, k = numbers.crawl, numbers.crawl_kicks
    first, last = k.windows
    assert (first.first, first.epochs, last.first) == (1, 3, c.epochs - 2)
    t = run(RunConfig(lr=1e-4, init={"a": 1.0, "b": 1.0}, epochs=3))
    path = np.asarray(t.path())
    np.testing.assert_allclose(first.across, (path - c.optimum) @ c.directions[:, 1], atol=1e-9)
    np.testing.assert_allclose(first.across[::29], c.across[:4], atol=1e-9)
    np.testing.assert_allclose(last.across[::29], c.across[-4:], atol=1e-9)
    assert first.along == pytest.approx(c.along[0]) and last.along == pytest.approx(c.along[-4])
    assert k.x_range == (0.0, 87.0, 29.0)
    lo, hi, _ = k.y_range
    assert lo <= min(first.across.min(), last.across.min()) and hi >= first.across.max()


def test_every_row_kicks_across_and_the_kicks_shrink_with_along(numbers):
    """Why across keeps a share of along: after epoch 1 the rows still swing it far past the
    epoch's-end value (0.129), and the last epochs' swing is smaller by along's own factor
    (the control: a fixed floor would swing the same in both windows)."""
    first, last = numbers.crawl_kicks.windows
    assert first.swing > 5 * abs(first.across[29])          # 0.753 against 0.129
    assert round(first.swing, 3) == 0.753 and round(last.swing, 4) == 0.0385
    assert first.swing / last.swing == pytest.approx(first.along / last.along, rel=0.05)
    assert not first.swing / last.swing == pytest.approx(1.0, rel=0.5)


def test_the_kicks_share_is_the_swing_over_along_not_the_epoch_ends_share(numbers):
    """The inset's swing/along (2.6%): after epoch 1, across's max − min over the window's
    rows, by a plain loop on the sheet's data and numpy's eigenvectors, over along at the
    window's start. It is the same in both windows (the kicks shrink with along) and is not
    the log plot's share (0.45%: |across| at epoch ends over along)."""
    data = spreadsheet()
    lam, vec = np.linalg.eigh(analysis.hessian(data))
    optimum = np.asarray(numbers.crawl.optimum)
    a = b = 1.0
    rows = [(a, b)]
    for _ in range(3):
        for x, y in zip(map(float, data.x), map(float, data.y)):
            err = a * x + b - y
            a, b = a - 1e-4 * 2 * err * x, b - 1e-4 * 2 * err
            rows.append((a, b))
    parts = (np.array(rows) - optimum) @ vec
    swing = np.ptp(parts[29:, 1])
    first, last = numbers.crawl_kicks.windows
    assert first.share == pytest.approx(100 * swing / abs(parts[0, 0]), rel=1e-9)
    assert round(first.share, 1) == round(last.share, 1) == 2.6
    # Control: the epoch ends' share is another number, six times smaller.
    assert numbers.crawl_across[2] < first.share / 5


def test_kicks_follow_the_params_and_a_runaway_has_none():
    other = compute(LESSON.resolve(sets=["lr=2e-4"]))
    assert other.crawl_kicks.windows[1].first == other.crawl.epochs - 2
    assert other.crawl_kicks.windows[0].swing != pytest.approx(0.753, abs=0.01)
    assert compute(LESSON.resolve(sets=["lr=0.01"])).crawl_kicks is None
    sheet = compute(LESSON.resolve(sets=["carry=sheet"]))
    np.testing.assert_allclose(sheet.crawl_kicks.windows[0].across[::29], sheet.crawl.across[:4],
                               atol=1e-9)


def test_contours_are_sqrt_condition_times_longer_than_wide(numbers):
    """The valley note's 'not to scale' gloss: a level set of the mean loss has semi-axes
    ∝ 1/√λ, so its length over its width is √(λ_across/λ_along) ≈ 92."""
    v = numbers.valley
    assert v.aspect == pytest.approx(np.sqrt(v.eigenvalues[1] / v.eigenvalues[0]))
    assert round(v.aspect) == 92
    # Measured on a contour: walk out from the optimum along each eigenvector to one level.
    land = numbers.landscape
    reach = []
    for col in range(2):
        d = v.eigenvectors[:, col]
        rise = lambda s: float(land.loss(land.optimum[0] + s * d[0], land.optimum[1] + s * d[1])
                               - land.loss(*land.optimum)) - 1.0
        reach.append(brentq(rise, 0.0, 1e3))
    assert reach[0] / reach[1] == pytest.approx(v.aspect, rel=1e-3)
    assert not reach[0] / reach[1] == pytest.approx(v.condition, rel=0.5)   # not the ratio itself
