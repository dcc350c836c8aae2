"""Where the ``stepping`` lesson's panels stand in data units: the data panel's axes (rows and
the line the run starts from) and the landscape's (the optimum, the start and the path near
them), and the data panel's line cut to its box."""

from __future__ import annotations

import numpy as np

from ...core.clip import box_of, clip_line
from ...core.ticks import nice_range


def line_in_box(a: float, b: float, x_range, y_range):
    """The data panel's line: :func:`~sgdanim.core.clip.clip_line` on the axes' box."""
    return clip_line(a, b, box_of(x_range, y_range))


def landscape_ranges(path: np.ndarray, optimum) -> tuple[tuple, tuple]:
    """The landscape's axes: optimum, start, and the path while near (a runaway isn't zoomed to)."""
    (a_opt, b_opt), (a0, b0) = optimum, path[0]
    a_span = max(abs(a0 - a_opt), 1.0) * 3
    b_span = max(abs(b0 - b_opt), 1.0) * 2
    keep = (np.abs(path[:, 0] - a_opt) <= a_span) & (np.abs(path[:, 1] - b_opt) <= b_span)
    pts = np.vstack([path[keep], [optimum]])
    (a_lo, b_lo), (a_hi, b_hi) = pts.min(axis=0), pts.max(axis=0)
    a_pad, b_pad = 0.15 * (a_hi - a_lo) + 0.05, 0.12 * (b_hi - b_lo) + 0.5
    return nice_range(a_lo - a_pad, a_hi + a_pad), nice_range(b_lo - b_pad, b_hi + b_pad)


def left_panel(path: np.ndarray, shown_path: np.ndarray) -> bool:
    """Whether ``shown_path`` (the core's ``clip_path`` of ``path``) was cut at the panel's
    edge: it is ``path`` itself unless the weights left, even on the last step (then it has
    as many points, the last on the edge).

    >>> path = np.array([[1.0, 1.0], [9.0, 1.0]])
    >>> left_panel(path, path), left_panel(path, np.array([[1.0, 1.0], [4.0, 1.0]]))
    (False, True)
    """
    return not np.array_equal(path, shown_path)


def data_ranges(x: np.ndarray, y: np.ndarray, init) -> tuple[tuple, tuple]:
    """The data panel's x and y axes: from 0 over every row, and where the line the run starts
    from (``init``: a, b) would miss that box, over it too. Rows of x in 0..1 lie under the
    start's 1 + x, and the lesson fitted a line it never showed.

    >>> data_ranges(np.array([0.1, 1.0]), np.array([0.25, 0.7]), (1.0, 1.0))[1]
    (0.0, 2.0, 0.5)
    >>> data_ranges(np.array([0.1, 1.0]), np.array([0.25, 0.7]), (0.5, 0.2))[1]   # it's there
    (0.0, 0.8, 0.2)
    """
    x_range = nice_range(min(0.0, float(x.min())), float(x.max()), 5)
    low, high = min(0.0, float(y.min())), float(y.max())
    if clip_line(*init, box_of(x_range, nice_range(low, high, 5))) is None:
        ends = [init[0] * end + init[1] for end in x_range[:2]]
        low, high = min(low, *ends), max(high, *ends)
    return x_range, nice_range(low, high, 5)
