"""The loss landscape of y = a·x + b over (a, b), in closed form.

The mean squared error of a linear model is an exact quadratic bowl,
L(p) = L* + ½ (p − p*)ᵀ H (p − p*), so each contour is an ellipse around the least-squares
optimum p* with semi-axes √(2(c − L*)/λᵢ) along the Hessian's eigenvectors. Drawing them
from this formula is exact; no grid, no marching squares.

Examples
--------
>>> from sgdanim.core.data import spreadsheet
>>> land = Landscape.of(spreadsheet())
>>> round(land.optimum[0], 6), round(land.optimum[1], 6), round(land.min_loss, 9)
(2.0, 30.0, 0.0)
>>> ring = land.contour(100.0, n=8)
>>> bool(abs(land.loss(*ring[3]) - 100.0) < 1e-6)
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .analysis import curvatures, least_squares, mean_loss
from .data import Dataset


@dataclass(frozen=True)
class Landscape:
    data: Dataset
    optimum: tuple[float, float]
    min_loss: float
    eigenvalues: np.ndarray   # ascending
    eigenvectors: np.ndarray  # columns, (a, b) order

    @classmethod
    def of(cls, data: Dataset) -> "Landscape":
        a, b = least_squares(data)
        lam, vec = curvatures(data)
        return cls(data, (a, b), float(max(mean_loss(data, a, b), 0.0)), lam, vec)

    def loss(self, a, b):
        return mean_loss(self.data, a, b)

    def contour(self, level: float, n: int = 240) -> np.ndarray:
        """(n, 2) points (a, b) on the closed curve where the mean loss equals ``level``."""
        if level <= self.min_loss:
            return np.repeat(np.array([self.optimum]), n, axis=0)
        theta = np.linspace(0.0, 2.0 * np.pi, n)
        radii = np.sqrt(2.0 * (level - self.min_loss) / self.eigenvalues)
        unit = np.stack([np.cos(theta) * radii[0], np.sin(theta) * radii[1]])
        return np.asarray(self.optimum) + (self.eigenvectors @ unit).T

    def contour_pieces(self, levels, box: tuple[float, float, float, float],
                       n: int = 4000) -> list[np.ndarray]:
        """Every contour at ``levels``, as the runs of 2 or more points inside ``box`` (what
        a panel over ``box`` can draw).

        >>> from sgdanim.core.data import spreadsheet
        >>> land = Landscape.of(spreadsheet())
        >>> pieces = land.contour_pieces([100.0], (1.9, 2.1, 0.0, 60.0), n=400)
        >>> len(pieces), all(p[:, 0].min() >= 1.9 and p[:, 0].max() <= 2.1 for p in pieces)
        (2, True)
        """
        pieces = (clip_polyline(self.contour(float(level), n=n), box) for level in levels)
        return [piece for run in pieces for piece in run if len(piece) >= 2]

    def levels(self, highest: float, count: int = 8) -> np.ndarray:
        """``count`` levels spaced evenly in log between just above the minimum and ``highest``."""
        low = max(self.min_loss, highest * 1e-4)
        return np.geomspace(low + highest * 1e-3, highest, count)


def clip_polyline(points: np.ndarray, box: tuple[float, float, float, float]) -> list[np.ndarray]:
    """Split a polyline into the runs of points inside ``box = (x0, x1, y0, y1)``.

    Points outside are dropped, so a contour that leaves the plot is drawn as separate pieces
    rather than as a chord across the plot.

    >>> pieces = clip_polyline(np.array([[0, 0], [5, 0], [1, 1], [2, 2]]), (-1, 3, -1, 3))
    >>> [p.tolist() for p in pieces]
    [[[0, 0]], [[1, 1], [2, 2]]]
    """
    x0, x1, y0, y1 = box
    inside = (points[:, 0] >= x0) & (points[:, 0] <= x1) & (points[:, 1] >= y0) & (points[:, 1] <= y1)
    pieces, start = [], None
    for i, ok in enumerate(inside):
        if ok and start is None:
            start = i
        elif not ok and start is not None:
            pieces.append(points[start:i])
            start = None
    if start is not None:
        pieces.append(points[start:])
    return pieces
