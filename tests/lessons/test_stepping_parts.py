"""Lesson ``stepping``'s parts and what they read, pixel-free: the parts replace the old booleans,
a parameter a part does not read leaves what it draws, and every parameter it reads can change
it."""

import numpy as np
import pytest

from sgdanim.core.errors import UsageError
from sgdanim.lessons import PRESENTATION
from sgdanim.lessons.stepping import PART_SPECS, compute
from tests.lessons.stepping_kit import LESSON
from tests.lessons.stepping_kit import numbers  # noqa: F401 - fixtures


# The parts and what they read --------------------------------------------------------------------

# The numbers each part draws (the stage is on screen in every part).
STAGE = ("data_name", "x", "y", "rows_per_epoch", "init", "path", "shown_path", "a_range",
         "b_range", "x_range", "y_range", "levels")
DRAWS = {"panels": STAGE + ("crawl", "lr", "rows", "rmse_course", "goal_met_logged"),
         "rows": STAGE + ("rows", "row_samples", "lr"),
         "derivative": STAGE + ("rows", "fd"),
         "epochs": STAGE + ("rows", "epoch_rmse", "epoch_sheet_error", "epoch_ends", "loss",
                            "diverged_at", "carry", "lr", "epoch_rmse_range", "goal_rmse"),
         "valley": STAGE + ("valley", "epochs", "loss", "diverged_at", "under_goal_from",
                            "goal_met_logged"),
         "crawl": STAGE + ("crawl", "crawl_x_range", "crawl_decades", "crawl_zoom", "crawl_across",
                           "lr", "steps", "valley", "crawl_kicks", "goal_met_logged")}
CHANGES = {"lr": "lr=2e-4", "init_a": "init_a=1.5", "init_b": "init_b=2", "epochs": "epochs=3",
           "detailed_rows": "detailed_rows=2", "fd_step": "fd_step=0.1", "carry": "carry=sheet",
           # 20: over the defaults' last RMSE (19.5), so the valley's question moves too
           "data": "data=synthetic", "target_rmse": "target_rmse=20"}


def same(x, y) -> bool:
    """Equal numbers, through dataclasses, tuples and arrays."""
    if hasattr(x, "__dataclass_fields__"):
        return type(x) is type(y) and all(same(getattr(x, f), getattr(y, f))
                                          for f in x.__dataclass_fields__)
    if isinstance(x, (tuple, list)):
        return len(x) == len(y) and all(same(a, b) for a, b in zip(x, y))
    if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
        return np.shape(x) == np.shape(y) and np.array_equal(x, y)
    return x == y


def test_parts_replace_the_booleans():
    assert [p.id for p in LESSON.parts] == ["panels", "rows", "derivative", "epochs", "valley",
                                            "crawl"]
    assert LESSON.defaults().parts == tuple(p.id for p in LESSON.parts)
    assert LESSON.resolve(sets=["parts=valley"]).parts == ("valley",)
    for gone in ("derivative=false", "valley=false"):
        with pytest.raises(UsageError, match=gone.partition("=")[0]):
            LESSON.resolve(sets=[gone])


@pytest.mark.parametrize("spec", PART_SPECS, ids=lambda spec: spec.id)
def test_a_parameter_a_part_does_not_read_leaves_what_it_draws(spec, numbers):
    assert set(CHANGES) == {p.name for p in LESSON.params} - {"parts"} - {p.name for p in PRESENTATION}
    for name, change in CHANGES.items():
        changed = compute(LESSON.resolve(sets=[change]))
        moved = [f for f in DRAWS[spec.id] if not same(getattr(numbers, f), getattr(changed, f))]
        if name in spec.reads:
            continue
        assert moved == [], f"{spec.id} does not read {name}, yet {change} moves {moved}"


@pytest.mark.parametrize("spec", PART_SPECS, ids=lambda spec: spec.id)
def test_every_parameter_a_part_reads_can_change_it(spec, numbers):
    """The control of the test above: what a part reads does move what it draws."""
    for name in spec.reads:
        changed = compute(LESSON.resolve(sets=[CHANGES[name]]))
        assert any(not same(getattr(numbers, f), getattr(changed, f)) for f in DRAWS[spec.id]), \
            f"{spec.id} reads {name}, but {CHANGES[name]} moves nothing it draws"
