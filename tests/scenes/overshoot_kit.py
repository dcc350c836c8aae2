"""What the scene tests of lesson ``overshoot`` share (tests/scenes/test_overshoot*.py): the
lesson's numbers at the defaults and each part built from them under the ``manim_tmp`` fixture
(never rendered), as fixtures, and a polyline's corners."""

from types import SimpleNamespace

import numpy as np
import pytest

from sgdanim.lessons.overshoot import compute
from tests.lessons.test_overshoot import LESSON


@pytest.fixture(scope="module")
def numbers():
    return compute(LESSON.defaults())


# The parts' layout against the numbers (built, never rendered) ---------------------------------

@pytest.fixture(scope="module")
def built(numbers, manim_tmp):
    from scenes.overshoot.scene import Overshoot
    params = LESSON.defaults()
    return SimpleNamespace(**{part.id: part().build(numbers, params) for part in Overshoot.parts})


def corners(polyline) -> np.ndarray:
    """A polyline's corners: where each segment starts, then where the last one ends."""
    return np.vstack([polyline.get_start_anchors(), polyline.get_end_anchors()[-1:]])
