"""What the tests of lesson ``momentum`` share (tests/lessons/test_momentum*.py and
tests/scenes/test_momentum*.py): the lesson, its numbers at the defaults as a fixture, and a CSV
fixture of the sheets read as float columns."""

from __future__ import annotations

import numpy as np
import pytest

from sgdanim.lessons import get


LESSON = get("momentum")


@pytest.fixture(scope="module")
def numbers():
    return LESSON.compute(LESSON.defaults())


def fixture(name):
    """A CSV fixture (comment lines start with #) as a dict of float columns."""
    import csv
    from pathlib import Path
    lines = [line for line in (Path(__file__).parents[1] / "fixtures" / name).read_text().splitlines()
             if line and not line.startswith("#")]
    rows = list(csv.DictReader(lines))
    return {k: np.array([float(r[k]) for r in rows]) for k in rows[0]}
