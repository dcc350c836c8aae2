"""How far a label keeps from a curve: measured on boxes and sampled paths, without rendering.

A label placed beside a plot's curve checks here that it clears the stroke, and moves
(``lift_clear_of``) or is placed elsewhere when it does not.
"""

from __future__ import annotations

import numpy as np

LABEL_GAP = 0.08         # the least a label keeps from a curve's line, in scene units


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


def gap_to_lines(mob, lines) -> float:
    """The shortest distance from ``mob``'s box to any of ``lines``, polylines as arrays of
    points, each straight piece sampled as :func:`gap_to_curve` samples a curve's: 16 points.
    A line of one point is that point; a line of none (a curve with no finite value) is
    nothing to keep clear of.

    >>> from manim import Square
    >>> flat = np.array([[-2.0, 0, 0], [2, 0, 0]])
    >>> round(gap_to_lines(Square(1).shift([0, 0.75, 0]), [flat, np.empty((0, 3))]), 6)
    0.25
    """
    t = np.linspace(0.0, 1.0, 16)[None, :, None]
    gaps = [float("inf")]
    for points in lines:
        points = np.asarray(points, dtype=float)
        samples = (points[:-1, None] * (1 - t) + points[1:, None] * t).reshape(-1, 3) \
            if len(points) > 1 else points
        gaps.append(_box_gap(mob, samples))
    return min(gaps)


def clear_of(mob, lines, gap: float) -> bool:
    """Whether ``mob``'s box keeps ``gap`` from each of ``lines`` (:func:`gap_to_lines`): a
    label between two curves, clear of both strokes.

    >>> from manim import Square
    >>> flat = np.array([[-2.0, 0, 0], [2, 0, 0]])
    >>> [clear_of(Square(1).shift([0, dy, 0]), [flat], 0.1) for dy in (0.55, 0.65)]
    [False, True]
    >>> clear_of(Square(1), [flat[:1], np.empty((0, 3))], 0.1)
    True
    """
    return gap_to_lines(mob, lines) >= gap


def _past_frame(mob) -> float:
    """How far ``mob``'s box reaches past the frame of the render under way (0 inside)."""
    from manim import config   # the frame of the render under way (tempconfig)

    half = np.array([config.frame_width, config.frame_height]) / 2
    low, high = mob.get_corner([-1, -1, 0])[:2], mob.get_corner([1, 1, 0])[:2]
    return float(max(np.max(high - half), np.max(-half - low), 0.0))


def _box_to_box(mob, other) -> float:
    """The distance between two mobjects' boxes: 0 where they overlap, or one holds the other."""
    (l1, b1, _), (r1, t1, _) = mob.get_corner([-1, -1, 0]), mob.get_corner([1, 1, 0])
    (l2, b2, _), (r2, t2, _) = other.get_corner([-1, -1, 0]), other.get_corner([1, 1, 0])
    return float(np.hypot(max(l2 - r1, l1 - r2, 0.0), max(b2 - t1, b1 - t2, 0.0)))


def room(label, lines, keep_off=()) -> float:
    """What ``label`` keeps from ``lines`` (:func:`gap_to_lines`) and from the boxes of the
    mobjects in ``keep_off`` (0 where it overlaps one or lies inside it); below 0 by how far it
    reaches past the frame's edge, which no place may.

    >>> from manim import Square
    >>> flat = np.array([[-2.0, 0, 0], [2, 0, 0]])
    >>> big = Square(4)
    >>> round(room(Square(0.3).shift([0, 0.75, 0]), [flat]), 6)
    0.6
    >>> room(Square(0.3).shift([0, 0.75, 0]), [flat], keep_off=[big])   # inside the box: none
    0.0
    """
    over = _past_frame(label)
    if over > 0:
        return -over
    return min([gap_to_lines(label, lines), *(_box_to_box(label, m) for m in keep_off)])


def first_clear(label, spots, lines, gap: float = LABEL_GAP, keep_off=()):
    """Place ``label`` at the first of ``spots`` where it keeps ``gap`` from ``lines`` and from
    the boxes of ``keep_off``, inside the frame (:func:`room`); where none does, at the spot
    that keeps the most. Each spot is a function that places the label. Returns the label.

    A label beside a curve has a place it reads best in and others it can take when, at other
    settings, the curves run through that one: the spots in the order they are wanted. (A
    dark backing under a label with no clear place was tried: it hid the very points the label
    names, the average's last dot under "steady peak".)

    >>> from manim import Square
    >>> flat = np.array([[-2.0, 0, 0], [2, 0, 0]])
    >>> spots = [lambda m: m.move_to([0, 0, 0]), lambda m: m.move_to([0, 0.8, 0]),
    ...          lambda m: m.move_to([0, 2, 0])]
    >>> float(first_clear(Square(1), spots, [flat], 0.2).get_y())   # the first clear one
    0.8
    >>> float(first_clear(Square(1), [lambda m: m.move_to([9, 2, 0]), *spots], [flat],
    ...                   0.2).get_y())     # past the frame's edge is never clear
    0.8
    >>> float(first_clear(Square(1), spots[:2], [flat], 0.5).get_y())   # none: the most clear
    0.8
    """
    best, most = spots[0], -np.inf
    for place in spots:
        place(label)
        keeps = room(label, lines, keep_off)
        if keeps >= gap:
            return label
        if keeps > most:
            best, most = place, keeps
    best(label)
    return label


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
