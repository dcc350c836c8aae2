"""Cutting what a panel draws to the panel's box: the one clipping family of every lesson.

A box is ``(x0, x1, y0, y1)``, edges included; :func:`box_of` makes one from two axis ranges.
:func:`clip_polyline` is the clipper. It keeps the runs of a polyline that lie inside the box, in
one of two ways. By default it drops the points outside, which suits a densely sampled curve:
its next point inside is close to the edge anyway. With ``cut_at_edges=True`` it cuts each
segment exactly where it crosses an edge, which suits straight pieces and walked paths, whose
corners are the data. The others share its test of what is inside (:func:`inside`,
:func:`inside_runs`): :func:`clip_path` (a path up to where it first leaves, cut at the edge),
:func:`inside_prefix`, and :func:`boxed_path` (a trail inside, and a marker on the edge for the
points outside). :func:`clip_line` solves y = a·x + b in closed form, so its ends lie on the line.

Examples
--------
>>> box = (0.0, 4.0, 0.0, 2.0)
>>> [p.tolist() for p in clip_polyline(np.array([[1.0, 1], [3, 1], [5, 1], [3, 0.5]]), box)]
[[[1.0, 1.0], [3.0, 1.0]]]
>>> [p.tolist() for p in clip_polyline(np.array([[1.0, 1], [3, 1], [5, 1], [3, 0.5]]), box,
...                                    cut_at_edges=True)]
[[[1.0, 1.0], [3.0, 1.0], [4.0, 1.0]], [[4.0, 0.75], [3.0, 0.5]]]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Box = tuple[float, float, float, float]


def box_of(x_range, y_range) -> Box:
    """The box of two axis ranges, each ``(min, max)`` or ``(min, max, step)``.

    >>> box_of((0, 10, 2), (-1.0, 1.0))
    (0, 10, -1.0, 1.0)
    """
    return (x_range[0], x_range[1], y_range[0], y_range[1])


def inside(points: np.ndarray, box: Box) -> np.ndarray:
    """Whether each (x, y) row of ``points`` lies in ``box``, edges included (NaN and ±inf
    never do).

    >>> points = np.array([[0.0, 0.0], [2.0, 0.5], [np.nan, 0.5], [0.5, np.inf]])
    >>> inside(points, (0, 1, 0, 1)).tolist()
    [True, False, False, False]
    """
    x0, x1, y0, y1 = box
    x, y = points[:, 0], points[:, 1]
    return (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)


def inside_runs(points: np.ndarray, box: Box) -> list[tuple[int, int]]:
    """``[start, stop)`` of every run of two or more consecutive points inside ``box`` (a single
    point draws no line).

    >>> points = np.array([[0.5, 0.5], [0.6, 0.5], [3.0, 0.5], [0.2, 0.1], [9, 9]])
    >>> inside_runs(points, (0, 1, 0, 1))
    [(0, 2)]
    """
    # Where a run starts (+1) and stops (-1), the points padded with one outside at each end.
    change = np.diff(np.concatenate([[0], inside(points, box).astype(int), [0]]))
    starts, stops = np.flatnonzero(change == 1), np.flatnonzero(change == -1)
    return [(int(s), int(e)) for s, e in zip(starts, stops) if e - s >= 2]


def inside_prefix(points: np.ndarray, box: Box) -> int:
    """How many leading points lie inside ``box``: a path is drawn up to where it leaves.

    >>> inside_prefix(np.array([[1.0, 1.0], [2.0, 2.0], [9.0, 1.0], [1.0, 1.0]]), (0, 4, 0, 4))
    2
    """
    ok = inside(points, box)
    return len(ok) if ok.all() else int(np.argmin(ok))


def _segment_inside(p: np.ndarray, q: np.ndarray, box: Box):
    """The fractions ``lo`` and ``hi`` of the segment p → q between which it lies inside ``box``
    (Liang–Barsky; ``lo >= hi`` when it misses the box or an end is not finite), and the edge,
    ``(axis, value)``, that each of them crosses (None for an end inside)."""
    if not (np.isfinite(p).all() and np.isfinite(q).all()):
        return 1.0, 0.0, None, None
    lo, hi, lo_edge, hi_edge = 0.0, 1.0, None, None
    for axis in (0, 1):
        low, high = box[2 * axis], box[2 * axis + 1]
        step = q[axis] - p[axis]
        if step == 0:
            if not low <= p[axis] <= high:
                return 1.0, 0.0, None, None
            continue
        enter, leave = (low, high) if step > 0 else (high, low)
        t_enter, t_leave = (enter - p[axis]) / step, (leave - p[axis]) / step
        if t_enter > lo:
            lo, lo_edge = t_enter, (axis, enter)
        if t_leave < hi:
            hi, hi_edge = t_leave, (axis, leave)
    return lo, hi, lo_edge, hi_edge


def _point(p: np.ndarray, q: np.ndarray, t: float, edge) -> np.ndarray:
    """p itself (t = 0), q itself (t = 1), or the crossing at t, on its edge exactly (rounding
    would leave it a hair outside the box)."""
    if edge is None:
        return q if t == 1 else p
    point = p + t * (q - p)
    point[edge[0]] = edge[1]
    return point


def _cut_at_edges(points: np.ndarray, box: Box) -> list[np.ndarray]:
    pieces, run = [], []
    for p, q in zip(points[:-1], points[1:]):
        lo, hi, lo_edge, hi_edge = _segment_inside(p, q, box)
        if lo >= hi or lo_edge is not None:   # it misses the box, or comes in: a new piece
            pieces.append(run)
            run = []
            if lo >= hi:
                continue
        run = run or [_point(p, q, lo, lo_edge)]
        run.append(_point(p, q, hi, hi_edge))
        if hi_edge is not None:               # it leaves the box
            pieces.append(run)
            run = []
    return [np.array(piece) for piece in (*pieces, run) if len(piece) >= 2]


def clip_polyline(points: np.ndarray, box: Box, cut_at_edges: bool = False) -> list[np.ndarray]:
    """The pieces of the polyline ``points`` (n, 2) inside ``box``, each of two or more points.

    By default the points outside are dropped, so a curve that leaves the plot is drawn as
    separate pieces rather than as a chord across it. With ``cut_at_edges`` each segment is
    cut where it crosses the box's edge instead, so a piece reaches the edge exactly; the points
    inside stay as they are (not recomputed).

    >>> zigzag = np.array([[0.0, 0.0], [5.0, 0.0], [1.0, 1.0], [2.0, 2.0]])
    >>> [p.tolist() for p in clip_polyline(zigzag, (-1, 3, -1, 3))]
    [[[1.0, 1.0], [2.0, 2.0]]]
    >>> [p.tolist() for p in clip_polyline(zigzag, (-1, 3, -1, 3), cut_at_edges=True)]
    [[[0.0, 0.0], [3.0, 0.0]], [[3.0, 0.5], [1.0, 1.0], [2.0, 2.0]]]
    """
    points = np.asarray(points, dtype=np.float64)
    if cut_at_edges:
        return _cut_at_edges(points, box)
    return [points[start:stop] for start, stop in inside_runs(points, box)]


def clip_path(path: np.ndarray, box: Box) -> np.ndarray:
    """``path`` up to its first point outside ``box``, cut where that step crosses the edge (on
    the real segment), so a runaway is drawn to the edge of the panel and not across the frame.
    A path that never leaves, or that starts outside (a panel is fitted to hold the start), is
    returned as it is.

    >>> clip_path(np.array([[1.0, 1], [2, 1], [9, 1], [3, 1]]), (0, 4, 0, 2)).tolist()
    [[1.0, 1.0], [2.0, 1.0], [4.0, 1.0]]
    """
    m = inside_prefix(path, box)
    if m in (0, len(path)):
        return path
    pieces = clip_polyline(path[:m + 1], box, cut_at_edges=True)
    return pieces[0] if pieces else path[:1]


def clip_line(a: float, b: float, box: Box):
    """The part of y = a·x + b inside ``box``: its two (x, y) ends, or None when the line misses
    the box. The ends are solved, not cut from a segment, so each lies on the line: y is a·x + b
    to the last bit (and within rounding of the edge it meets).

    >>> clip_line(2.0, 0.0, (0, 10, 0, 10)), clip_line(0.0, 20.0, (0, 10, 0, 10))
    (((0.0, 0.0), (5.0, 10.0)), None)
    """
    lo, hi, y0, y1 = box
    if a != 0:
        ends = sorted(((y0 - b) / a, (y1 - b) / a))
        lo, hi = max(lo, ends[0]), min(hi, ends[1])
    elif not y0 <= b <= y1:
        return None
    if not (np.isfinite(lo) and np.isfinite(hi) and hi > lo):
        return None
    return (float(lo), float(a * lo + b)), (float(hi), float(a * hi + b))


@dataclass(frozen=True)
class BoxedPath:
    """A path in a drawn box: the trail inside it, and a marker on its edge for the rest."""

    outside: np.ndarray                 # (points,) bool
    runs: tuple[tuple[int, int], ...]   # [start, stop) of each run of 2+ points inside: the trail
    edge: np.ndarray                    # (points, 2): each point moved onto the box (the marker)
    heading: np.ndarray                 # (points,): angle from there to the point (radians)


def boxed_path(path: np.ndarray, box: Box) -> BoxedPath:
    """How ``path`` shows in ``box``: its runs inside (:func:`inside_runs`), and for each point
    the nearest point of the box and the direction from there to it.

    >>> b = boxed_path(np.array([[0.5, 0.5], [0.6, 0.5], [3.0, 0.5]]), (0, 1, 0, 1))
    >>> b.outside.tolist(), b.runs, b.edge[2].tolist(), float(b.heading[2])
    ([False, False, True], ((0, 2),), [1.0, 0.5], 0.0)
    """
    x0, x1, y0, y1 = box
    edge = np.column_stack([np.clip(path[:, 0], x0, x1), np.clip(path[:, 1], y0, y1)])
    heading = np.arctan2(path[:, 1] - edge[:, 1], path[:, 0] - edge[:, 0])
    return BoxedPath(~inside(path, box), tuple(inside_runs(path, box)), edge, heading)
