"""The first rows of lesson ``stepping`` as the sheet's columns, and the row after them with
its derivative both ways (the formula, and the sheet's nudge by h)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...core import models
from ...core.clip import box_of, clip_line, inside
from ...core.ticks import nice_range


@dataclass(frozen=True)
class Row:
    """One row of the sheet: what it used and what it made (the sheet's columns)."""

    step: int
    x: float
    y: float
    a: float
    b: float
    pred: float
    err: float        # pred − y
    loss: float       # err²
    grad_b: float     # 2(ax + b − y)
    grad_a: float     # x·2(ax + b − y)
    new_a: float
    new_b: float
    err_after: float  # this row's err again, at the weights its own step made

    @property
    def overshoots(self) -> bool:
        """Whether this row's step alone went past its own fit: err changed sign (its step
        factor lr·2(x² + 1) is over 1), though the mean loss's steps may all be safe."""
        return self.err * self.err_after < 0


@dataclass(frozen=True)
class FiniteDifference:
    """One row's derivative twice (nudge by h, the formula), and its err² over b with a tangent."""

    step: int
    x: float
    y: float
    a: float
    b: float
    h: float
    loss: float
    loss_nudged_b: float   # e(a, b + h)
    loss_nudged_a: float   # e(a + h, b)
    est_b: float           # (e(b + h) − e(b)) / h, the sheet's "est de/db"
    est_a: float
    grad_b: float
    grad_a: float
    b_range: tuple[float, float, float]    # the error curve's axes
    e_range: tuple[float, float, float]
    curve: np.ndarray      # (m, 2): the curve's points (b, e) inside those axes
    tangent: tuple         # its two ends (b, e), a quarter of the b axis either side of b
    note_left: bool        # whether the curve leaves its upper-left corner free, not the right

    @property
    def gap_b(self) -> float:
        """Estimate minus formula for b: h·e''/2 = h, since e''(b) = 2."""
        return self.est_b - self.grad_b

    @property
    def gap_a(self) -> float:
        """Estimate minus formula for a: h·e''/2 = x²·h."""
        return self.est_a - self.grad_a

    @property
    def gap_a_theory(self) -> float:
        """What the gap for a should be: x²·h (the screen writes it out as x² times h)."""
        return self.x ** 2 * self.h


def _row(t, k: int) -> Row:
    (a, b), (ga, gb), (na, nb) = t.params[k], t.grads[k], t.new_params[k]
    x, y = float(t.x[k]), float(t.y[k])
    return Row(int(t.step[k]), x, y, float(a), float(b), float(t.pred[k]),
               float(t.pred[k] - t.y[k]), float(t.loss[k]), float(gb), float(ga), float(na),
               float(nb), float(na) * x + float(nb) - y)


def _error_curve(b_grid, e_grid, b: float, loss: float, slope: float):
    """The error curve's axis ranges, its points inside them, and its tangent at (b, loss)."""
    b_range = nice_range(float(b_grid.min()), float(b_grid.max()), 4)
    e_range = nice_range(0.0, float(e_grid.max()), 3)
    curve = np.column_stack([b_grid, e_grid])
    half = (b_range[1] - b_range[0]) / 4
    tangent = clip_line(slope, loss - slope * b, (b - half, b + half, *e_range[:2]))
    return b_range, e_range, curve[inside(curve, box_of(b_range, e_range))], tangent


def finite_difference(t, k: int, h: float, samples: int = 121) -> FiniteDifference:
    """Row ``k``'s derivatives both ways, at the weights that row used (as the sheet's columns)."""
    model = models.get("linear")
    p = np.array(t.params[k], dtype=np.float64)
    x, y = float(t.x[k]), float(t.y[k])
    (est_a, est_b), (grad_a, grad_b) = model.grad_fd(p, x, y, h), model.grad(p, x, y)
    loss = float(model.loss(p, x, y))
    # The curve e(b) with a held fixed: a parabola whose bottom is where the row's error is zero.
    b0, b_zero = float(p[1]), y - float(p[0]) * x
    half = max(abs(b0 - b_zero) * 1.6, 1.0)
    centre = (b0 + b_zero) / 2
    b_grid = np.linspace(centre - half, centre + half, samples)
    e_grid = np.asarray(model.loss(np.stack([np.full_like(b_grid, p[0]), b_grid]), x, y),
                        dtype=np.float64)
    nudged = float(model.loss(p + [0.0, h], x, y)), float(model.loss(p + [h, 0.0], x, y))
    # Centred between b0 and the bottom, the curve rises higher on b0's side.
    return FiniteDifference(int(t.step[k]), x, y, float(p[0]), b0, float(h), loss, *nudged,
                            float(est_b), float(est_a), float(grad_b), float(grad_a),
                            *_error_curve(b_grid, e_grid, b0, loss, float(grad_b)),
                            note_left=b0 > b_zero)
