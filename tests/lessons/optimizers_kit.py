"""What the tests of lesson ``optimizers`` share (tests/lessons/test_optimizers*.py and
tests/scenes/test_optimizers*.py): the sheets' learning rates and the sets that make a racer run
away, the sheet's run for one racer built without the lesson, and the two races as fixtures:
``numbers`` at the sheets' lrs and ``swept`` at the defaults (each racer at its sweep's best lr)."""

import pytest

from sgdanim.core.trajectory import RunConfig, run
from sgdanim.lessons import get
from sgdanim.lessons.optimizers import compute


LESSON = get("optimizers")
SHEET_LRS = {"sgd": 1e-4, "momentum": 1e-4, "rmsprop": 0.02, "adam": 0.1, "adam_ann": 1.0}
SHEETS = "tune=sheets"      # race at the sheets' hand-picked lrs, not the sweep's
RUNAWAY_MID_RACE = [SHEETS, "lr=0.0005", "epochs=20", "optimizers=sgd,adam_ann", "target=10"]
RUNAWAY_ALONE = [SHEETS, "lr=0.001", "epochs=20", "optimizers=sgd,adam_ann", "target=10"]
OUT_OF_THE_BOX = [SHEETS, "lr_adam_ann=100", "epochs=3"]


def reference_run(name, lr, epochs, carry="updated"):
    """The sheet's run for one racer, built here from RunConfig, not through the lesson."""
    optimizer = "adam" if name == "adam_ann" else name
    return run(RunConfig(optimizer=optimizer, lr=lr, anneal=name == "adam_ann",
                         init={"a": 1.0, "b": 1.0}, epochs=epochs, carry=carry))


def reference_epochs(name, lr, epochs, target=1.0, carry="updated"):
    rmse = reference_run(name, lr, epochs, carry).epoch_rmse()
    below = [e + 1 for e, r in enumerate(rmse) if r < target]
    return below[0] if below else None


@pytest.fixture(scope="module")
def numbers():
    """The race at the sheets' lrs: the numbers issue 15 read off the first version."""
    return compute(LESSON.resolve(sets=[SHEETS]))


# The fair start: each racer at its best lr from the sweep (the defaults) --------------------------

@pytest.fixture(scope="module")
def swept():
    return compute(LESSON.defaults())
