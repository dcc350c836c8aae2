"""Part 4's zoom of ``relu-sandwich``: the fast walk along a = c, unrolled row by row, and the
rows it cannot hold.

Its a axis is the plane's, widened to hold the rows that stay within the plane's width of it
(from all weights 2 the walk leaves the plane on row 3 for a ≈ −0.2 … −2.9 and stays there to
row 26: on the plane's 0..4 it marked 24 rows at its edge, a column of their words past the
frame's foot); a row further out, and every row after it, is marked at the edge it lies beyond.
"""

from __future__ import annotations

import math

import numpy as np

from ...core.ticks import nice_range


UNIT_STEPS = 6   # an axis this many units long or shorter is numbered at every unit


def zoom_rows(ac: np.ndarray, box: tuple[float, float],
              leaves: int) -> tuple[tuple[float, float, float], int]:
    """The zoom's a axis, ``(min, max, tick step)``, and how many rows it draws: the rows up to
    the first whose a lies further than one ``box`` width from ``box`` (the plane's a range),
    past the ``leaves`` rows inside it, and then on while a stays on the axis. The axis is
    ``box``, or a round range around the rows, numbered at every unit up to ``UNIT_STEPS``
    units, at a round step beyond (at a step of 1, from a = c = −10 its 20 numbers ran into
    each other).

    >>> zoom_rows(np.array([[1.0, 1.0], [2.0, 2.0], [-2.8, -2.9], [-0.5, -0.5], [150, 9]]),
    ...           (0.0, 4.0), 2)
    ((-4.0, 4.0, 2.0), 4)
    >>> zoom_rows(np.array([[1.0, 1.0], [2.0, 2.0], [-5.6, -5.5]]), (0.0, 4.0), 2)
    ((0.0, 4.0, 1.0), 2)
    >>> zoom_rows(np.array([[-3, -3], [-2.45, -2.5], [10.8, 10.7], [13.5, 13.4], [-177, -181]]),
    ...           (-4.0, 4.0), 2)      # row 4 is past the first reach, on the axis: drawn
    ((-5.0, 15.0, 5.0), 4)
    """
    lo, hi = box
    width = hi - lo
    near = (ac[:, 0] >= lo - width) & (ac[:, 0] <= hi + width)
    k = leaves
    while k < len(ac) and near[k]:
        k += 1
    drawn = ac[:max(k, 1), 0]
    low, high = min(lo, math.floor(drawn.min())), max(hi, math.ceil(drawn.max()))
    axis = ((float(low), float(high), 1.0) if high - low <= UNIT_STEPS and
            (low, high) == (lo, hi) else nice_range(float(low), float(high), 5))
    while k < len(ac) and axis[0] <= ac[k, 0] <= axis[1]:    # a row on the axis is drawn
        k += 1
    return axis, k


def off_box(ac: np.ndarray, start: int, box) -> tuple[tuple[int, str, float], ...]:
    """(row, name, v) for each row of ``ac`` (rows of a, c) from index ``start`` on: v is the
    row's a (name "a") if a lies off ``box``, else its c ("c", the point left by c): the value
    a mark at the box's edge stands for, the side it lies on, and the weight it is (a label
    saying only "row 28: −5.10×10⁵" read as the strip's lr·(a²+c²) of the same row).
    Rows back inside the box have nothing to mark.

    >>> off_box(np.array([[1.0, 1.0], [-5.6, -5.5], [3.0, 7.0], [2.0, 2.0]]), 1, (0, 4, 0, 4))
    ((2, 'a', -5.6), (3, 'c', 7.0))
    """
    lo, hi = box[2], box[3]
    out = []
    for k in range(start, len(ac)):
        a, c = (float(v) for v in ac[k])
        if not box[0] <= a <= box[1]:
            out.append((k + 1, "a", a))
        elif not lo <= c <= hi:
            out.append((k + 1, "c", c))
    return tuple(out)


def near_diagonal(ac: np.ndarray, share: float = 0.1) -> bool:
    """Whether every (a, c) lies within ``share`` of its size (or of 1, near the origin) from
    the line a = c: then the walk's back and forth runs along that line, over its own dots.

    >>> near_diagonal(np.array([[1.0, 1.0], [0.1, 0.12], [3.4, 3.46]]))
    True
    >>> near_diagonal(np.array([[1.0, 2.0]]))
    False
    """
    size = np.maximum(np.abs(ac).max(axis=1), 1.0)
    return bool(np.all(np.abs(ac[:, 0] - ac[:, 1]) <= share * size))
