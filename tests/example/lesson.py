"""Lesson ``tiny``: a dot steps down f(x) = x²/2, the smallest lesson the pipeline can render.

Its numbers are computed here, without manim; its scene (``tests/example/scene.py``) draws them.

Examples
--------
>>> numbers = compute(LESSON.resolve(sets=["lr=0.5", "steps=3"]))
>>> numbers.xs.tolist()
[-5.0, -2.5, -1.25, -0.625]
>>> [part.id for part in LESSON.parts]
['axis', 'walk']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sgdanim.core.params import Param, Params
from sgdanim.lessons import Lesson, PartSpec, parts_param

POSTER_HOLD = 0.5  # seconds the scene runs after its poster mark (the dot fades out)
RENDERS: list[str] = []  # lesson ids, appended each time a tiny scene is set up (tests count them)


@dataclass(frozen=True)
class TinyNumbers:
    """Every number the lesson shows: the weights visited, x_k = -5·(1 - lr)^k."""

    xs: np.ndarray
    steps: int

    def shown(self) -> dict:
        """The numbers the sidecar records."""
        return {"x_final": float(self.xs[-1]), "steps": self.steps}


def compute(params: Params) -> TinyNumbers:
    """Gradient descent on f(x) = x²/2 from x = -5: each step multiplies x by 1 - lr."""
    return TinyNumbers(-5.0 * (1.0 - params.lr) ** np.arange(params.steps + 1), params.steps)


PART_SPECS = (PartSpec("axis", "The axis and the dot"),
              PartSpec("walk", "The walk", reads=("lr", "steps", "seconds")))


def make_lesson(lesson_id: str = "tiny", scene_class: str = "TinyScene") -> Lesson:
    """The lesson under ``lesson_id`` (the pipeline tests also register a second copy)."""
    return Lesson(
        id=lesson_id, title="Tiny", summary="a dot steps toward 0 (the example lesson)",
        scene=f"tests.example.scene:{scene_class}", compute=compute, parts=PART_SPECS,
        params=(Param("lr", "float", 0.3, "step size", low=0, low_open=True, high=1.5),
                Param("steps", "int", 4, "steps", low=1, high=50),
                Param("seconds", "float", 1.0, "length of the walk", low=0.1, high=60),
                parts_param(PART_SPECS)))


LESSON = make_lesson()
