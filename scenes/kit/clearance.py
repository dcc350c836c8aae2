"""How far a label keeps from a curve: measured on boxes and sampled paths, without rendering.

A label placed beside a plot's curve checks here that it clears the stroke, and moves
(``lift_clear_of``) or is placed elsewhere when it does not.
"""

from __future__ import annotations

import numpy as np


def gap_to_curve(mob, curve) -> float:
    """The shortest distance from ``mob``'s box to ``curve``'s path (0 where the path enters
    the box), sampled at 16 points along each of the path's cubic pieces.

    >>> from manim import Square, VMobject
    >>> line = VMobject().set_points_as_corners([[-2, 0, 0], [2, 0, 0]])
    >>> round(gap_to_curve(Square(1).shift([0, 0.75, 0]), line), 6)
    0.25
    >>> gap_to_curve(Square(1), VMobject())     # no points: nothing to keep clear of
    inf
    """
    t = np.linspace(0.0, 1.0, 16)[:, None]
    bernstein = np.hstack([(1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t ** 2 * (1 - t), t ** 3])
    # a curve with no points (a·c = 0 on data whose best slope is 0 runs along the axes, none
    # of it inside the panel's box) is nothing to keep clear of
    points = np.concatenate([np.einsum("tk,nkd->ntd", bernstein, m.points.reshape(-1, 4, 3))
                             .reshape(-1, 3) for m in curve.family_members_with_points()]
                            or [np.empty((0, 3))])
    return _box_gap(mob, points)


def _box_gap(mob, points: np.ndarray) -> float:
    """The shortest distance from ``mob``'s box to any of ``points`` (inf for none)."""
    if len(points) == 0:
        return float("inf")
    low, high = mob.get_corner([-1, -1, 0]), mob.get_corner([1, 1, 0])
    outside = np.maximum(np.maximum(low[:2] - points[:, :2], points[:, :2] - high[:2]), 0)
    return float(np.min(np.hypot(outside[:, 0], outside[:, 1])))


def clear_of(mob, lines, gap: float) -> bool:
    """Whether ``mob``'s box keeps ``gap`` from each of ``lines``, polylines as arrays of points
    (a label between two curves, clear of both strokes).

    >>> from manim import Square
    >>> flat = np.array([[-2.0, 0, 0], [2, 0, 0]])
    >>> [clear_of(Square(1).shift([0, dy, 0]), [flat], 0.1) for dy in (0.55, 0.65)]
    [False, True]

    A line of one point is that point; a line of none (a curve with no finite value) is
    nothing to keep clear of.

    >>> clear_of(Square(1), [flat[:1], np.empty((0, 3))], 0.1)
    True
    """
    t = np.linspace(0.0, 1.0, 16)[None, :, None]
    for points in lines:
        points = np.asarray(points, dtype=float)
        # sampled as gap_to_curve samples the corners' straight pieces: the same 16 per piece
        samples = (points[:-1, None] * (1 - t) + points[1:, None] * t).reshape(-1, 3) \
            if len(points) > 1 else points
        if _box_gap(mob, samples) < gap:
            return False
    return True


def lift_clear_of(label, curve, gap: float = 0.15, step: float = 0.02, most: float = 1.0):
    """Lift ``label`` until its box keeps ``gap`` from ``curve`` (a label set over a falling
    curve's end meets the curve where it climbs), by at most ``most``. Returns the label.

    >>> from manim import Square, VMobject
    >>> line = VMobject().set_points_as_corners([[-2, 0, 0], [2, 0, 0]])
    >>> box = lift_clear_of(Square(1).shift([0, 0.55, 0]), line, gap=0.2)
    >>> round(gap_to_curve(box, line), 6)   # was 0.05
    0.21
    """
    lifted = 0.0
    while gap_to_curve(label, curve) < gap and lifted < most:
        label.shift([0, step, 0])
        lifted += step
    return label
