"""What the tests of lesson ``stepping`` share (tests/lessons/test_stepping*.py and
tests/scenes/test_stepping*.py): the lesson, a data set with a negative slope, the sheet's saved
rows, an epoch's RMSE by a plain loop, and the lesson's numbers at its defaults as a fixture."""

import csv
import math
from pathlib import Path

import pytest

from sgdanim.core.data import spreadsheet
from sgdanim.lessons import get
from sgdanim.lessons.stepping import compute


LESSON = get("stepping")
FIXTURE = Path(__file__).parents[1] / "fixtures" / "graddesc_basic.csv"
NEGATIVE_DATA = "data=synthetic:seed=3,n=20,slope=-1,intercept=5,noise=2"


@pytest.fixture(scope="module")
def numbers():
    return compute(LESSON.defaults())


def sheet_rows():
    with FIXTURE.open() as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return [{k: float(v) for k, v in row.items()} for row in csv.DictReader(lines)]


def epoch_rmse_by_hand(epoch: int, lr: float = 1e-4) -> float:
    """Epoch ``epoch``'s RMSE (1-based) of per-sample SGD from a = b = 1 on the sheet's data,
    a plain loop: each row's error with the weights that row used."""
    data = spreadsheet()
    a = b = 1.0
    for _ in range(epoch):
        errs = []
        for x, y in zip(map(float, data.x), map(float, data.y)):
            err = a * x + b - y
            errs.append(err * err)
            a, b = a - lr * 2 * err * x, b - lr * 2 * err
    return math.sqrt(sum(errs) / len(errs))
