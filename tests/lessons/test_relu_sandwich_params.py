"""relu-sandwich's parameters and rows (sgdanim/lessons/relu_sandwich): a bad value is refused
with its name, one init value sets all four weights, as overshoot's does, and rows whose first
err² overflows from the start are refused (here, and in momentum, which shares the rule)."""

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


@pytest.mark.parametrize("lesson", ["relu-sandwich", "momentum"])
def test_rows_whose_first_err2_overflows_from_the_start_are_refused(lesson, tmp_path):
    """Rows in the tens of millions (y = 15000x + 20000, x from 500) put the first row's err²
    from the start at 5.6×10¹³, past 10¹², where a run counts as run away: every run stopped
    before its first step, and both lessons failed with an IndexError (exit 1). They are now
    refused with a line that names the data. Control: rows in the hundred thousands
    (y = 150x + 20000) are drawn."""
    from sgdanim.lessons import get
    lessons = get(lesson)

    def rows(slope: int) -> str:
        path = tmp_path / f"rows{slope}.csv"
        path.write_text("x,y\n" + "".join(f"{x},{slope * x + 20000}\n"
                                           for x in range(500, 3500, 100)))
        return f"data={path}"
    with pytest.raises(UsageError, match=r"rows15000\.csv.*past 1e\+12.*scale the rows down"):
        lessons.compute(lessons.resolve(sets=[rows(15000)]))
    lessons.compute(lessons.resolve(sets=[rows(150)]))
