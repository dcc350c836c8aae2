"""The ``stepping`` lesson's valley: the mean loss's curvatures, and what they mean at the
lesson's lr (:class:`Valley`, made by :func:`sgdanim.lessons.stepping.compute`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Valley:
    """The mean loss's curvatures (Hessian eigenvalues) and what they mean at this lr."""

    hessian: np.ndarray
    eigenvalues: tuple[float, float]          # ascending: along the valley, across it
    eigenvectors: np.ndarray                  # columns, (a, b) order
    condition: float                          # λmax / λmin
    lr_lam: tuple[float, float]               # lr·λ for each direction
    b_start: float                            # b before the first row
    b_end: float                              # b after the last step
    b_optimum: float
    x_reach: float                            # the largest |x|: why a is the steep direction
    anchor: tuple[float, float]               # (a, b) where the curvature arrows cross

    @property
    def limit(self) -> float:
        """2/λ_across: past this lr a step across the valley overshoots (the mean-loss limit)."""
        return 2.0 / self.eigenvalues[1]

    @property
    def factors(self) -> tuple[float, float]:
        """|1 − lr·λ| for each direction: what one step multiplies the distance by there (past
        lr·λ = 1 it overshoots, past 2 the distance grows), as overshoot's parabola has it."""
        return tuple(abs(1.0 - q) for q in self.lr_lam)

    @property
    def safe(self) -> bool:
        """Whether lr is under :attr:`limit`: over all rows, the step does not run away."""
        return self.lr_lam[1] < 2.0

    @property
    def aspect(self) -> float:
        """How many times longer than wide a contour of the mean loss is: √(λ_across/λ_along)."""
        return float(np.sqrt(self.condition))

    @property
    def mostly(self) -> tuple[str, str]:
        """The weight each direction (along, across) mostly moves: its eigenvector's larger part."""
        return tuple("ab"[int(np.argmax(np.abs(vec)))] for vec in self.eigenvectors.T)
