"""relu-sandwich's parameters (sgdanim/lessons/relu_sandwich): a bad value is refused with its
name, and one init value sets all four weights, as overshoot's does."""

import pytest

from sgdanim.core.errors import UsageError
from sgdanim.lessons import get

LESSON = get("relu-sandwich")


@pytest.mark.parametrize("sets,word", [
    (["init=1,1,1"], "init"), (["models=linear,linear"], "models"), (["lr=0"], "lr"),
    (["models=relu3"], "models"), (["parts=intro"], "parts"), (["epochs=0"], "epochs"),
])
def test_bad_params_name_the_value(sets, word):
    with pytest.raises(UsageError, match=word):
        LESSON.compute(LESSON.resolve(sets=sets))


def test_one_init_value_sets_all_four_weights_as_in_overshoot():
    """``init=0.5`` was refused ("must give 4 weights"), where overshoot's ``init`` takes one
    value for all. Control: four different values stay four."""
    one = LESSON.compute(LESSON.resolve(sets=["init=0.5"]))
    assert one.init == dict.fromkeys("abcd", 0.5)
    assert one.shown() == LESSON.compute(LESSON.resolve(sets=["init=0.5,0.5,0.5,0.5"])).shown()
    assert LESSON.compute(LESSON.resolve(sets=["init=1,2,0.5,3"])).init == {
        "a": 1.0, "b": 2.0, "c": 0.5, "d": 3.0}
