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
from .clip import Box, clip_polyline
from .data import Dataset
from .ticks import nice_range


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

    def contour_pieces(self, levels, box: Box, n: int = 4000) -> list[np.ndarray]:
        """Every contour at ``levels``, as the runs of 2 or more points inside ``box`` (what
        a panel over ``box`` can draw), from ``n`` points around each whole ellipse: for a box
        that holds a good part of them (a narrow window on a long one: :meth:`contours_across`).

        >>> from sgdanim.core.data import spreadsheet
        >>> land = Landscape.of(spreadsheet())
        >>> pieces = land.contour_pieces([100.0], (1.9, 2.1, 0.0, 60.0), n=400)
        >>> len(pieces), all(p[:, 0].min() >= 1.9 and p[:, 0].max() <= 2.1 for p in pieces)
        (2, True)
        """
        return [piece for level in levels
                for piece in clip_polyline(self.contour(float(level), n=n), box)]

    def levels(self, highest: float, count: int = 8) -> np.ndarray:
        """``count`` levels spaced evenly in log between just above the minimum and ``highest``."""
        low = max(self.min_loss, highest * 1e-4)
        return np.geomspace(low + highest * 1e-3, highest, count)


    def levels_in(self, box: Box, count: int = 9) -> np.ndarray:
        """``count`` levels spread (in log) over the loss values ``box`` shows, from just above
        its lowest, so the floor of a valley in view gets a contour of its own.

        >>> from sgdanim.core.data import spreadsheet
        >>> land = Landscape.of(spreadsheet())
        >>> [round(float(v), 1) for v in land.levels_in((0.0, 4.0, 0.9, 1.3), count=3)]
        [260.2, 1022.9, 4020.9]
        """
        a, b = np.meshgrid(np.linspace(box[0], box[1], 121), np.linspace(box[2], box[3], 121))
        loss = self.loss(a, b)
        low, high = float(loss.min()), float(loss.max())
        floor = low + 1e-3 * (high - low)
        if not high > floor:
            return np.array([high])
        return np.geomspace(max(floor, 1e-9), high, count + 1)[:-1]

    def contours_across(self, levels, box: Box, samples: int = 600) -> tuple[np.ndarray, ...]:
        """Exact pieces of the contours at ``levels`` inside ``box``, solved row by row of b.

        For fixed b the loss is a quadratic in a, A·a² + 2B·a + C, so each level's curve is the
        pair of roots a±(b). Solving it on ``samples`` values of b draws a long, thin ellipse as
        densely as the box needs, where sampling the whole ellipse (:meth:`contour_pieces`) would
        leave a narrow box nearly empty.

        >>> from sgdanim.core.data import spreadsheet
        >>> land = Landscape.of(spreadsheet())
        >>> pieces = land.contours_across([100.0], (1.9, 2.1, 0.0, 60.0))
        >>> len(pieces), bool(np.ptp(land.loss(*pieces[0].T)) < 1e-6)
        (2, True)
        """
        x, y = self.data.x, self.data.y
        b = np.linspace(box[2], box[3], samples)
        A = np.mean(x * x)
        B = b * np.mean(x) - np.mean(x * y)
        C = np.mean((b[:, None] - y) ** 2, axis=1)
        pieces = []
        for level in levels:
            disc = B * B - A * (C - level)
            ok = disc >= 0
            root = np.sqrt(np.where(ok, disc, 0.0))
            left, right = (np.column_stack([(-B + sign * root) / A, b]) for sign in (-1.0, 1.0))
            edges = np.flatnonzero(np.diff(np.concatenate([[0], ok.astype(int), [0]])))
            for i, j in zip(edges[::2], edges[1::2] - 1):
                # Join the two branches where the curve turns (the roots meet), not at the edge.
                runs = ([np.vstack([left[i:j + 1][::-1], right[i:j + 1]])] if i > 0
                        else [left[i:j + 1], right[i:j + 1]])
                if j < samples - 1:
                    runs[-1] = np.vstack([runs[-1], left[j:j + 1]])
                for run in runs:
                    pieces += clip_polyline(run, box)
        return tuple(pieces)

    def window(self, paths, max_ratio: float):
        """A box around the points of ``paths`` ((k, 2) each), each path up to its first point
        whose loss passes ``max_ratio`` times the first path's start (or that is not finite), with
        12% room and whole ticks: ``(box, (tick step along a, along b), points kept per path)``.

        >>> from sgdanim.core.data import spreadsheet
        >>> land = Landscape.of(spreadsheet())
        >>> land.window([np.array([[1.0, 1.0], [3.0, 1.2], [1e6, 1.0]])], 10.0)
        ((0.0, 4.0, 0.9, 1.3), (1.0, 0.1), [2])
        """
        cap = max_ratio * max(float(self.loss(*paths[0][0])), 1e-12)
        keep = []
        for path in paths:
            loss = self.loss(path[:, 0], path[:, 1])
            ok = np.isfinite(loss) & (loss <= cap)
            keep.append(int(np.argmin(ok)) if not ok.all() else len(path))
        pts = np.vstack([p[: max(k, 1)] for p, k in zip(paths, keep)])
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        span = np.maximum(hi - lo, 1e-3 * np.maximum(np.abs(hi), 1.0))
        lo, hi = lo - 0.12 * span, hi + 0.12 * span
        a, b = (nice_range(lo[axis], hi[axis], ticks=4) for axis in range(2))
        return (a[0], a[1], b[0], b[1]), (a[2], b[2]), keep
