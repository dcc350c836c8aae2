"""relu-sandwich told at other settings, played dry: who runs away in Part 3, whether its runs
are overshoot's thread's, a line said once where two of its turns fall on one row, and
whether momentum, next, trains on the same rows."""

import pytest

from tests.scenes.dryrun import play

pytest.importorskip("manim")


def lines(sets) -> list[str]:
    return [text for _, _, text in play("relu-sandwich", [*sets, "parts=training"]).cues]


def test_at_lr_1e_3_the_one_neuron_runaway_is_named_as_its_own():
    """At lr 1e-3 one neuron runs away too, on row 17: Part 3 said "The linear pair's error
    explodes: on row 17", with the ✕ on one neuron's panel, and before it "one neuron stays
    bounded"; and "The same run as overshoot's thread", whose lr is 1e-4. Control: at the
    defaults the linear pair's row 28 is the linear pair's, and the run is the thread's."""
    fast, usual = lines(["lr=1e-3"]), lines([])
    assert "One neuron's error explodes: on row 17 it leaves every scale." in fast
    assert "The linear pair's error explodes: on row 4 it leaves every scale." in fast
    assert not [line for line in fast if "stays bounded" in line or "same run" in line]
    assert "Not overshoot's thread run: another lr here." in fast
    # before its runaway one neuron trains on; after it, only the ReLU pair is told
    said = fast.index("One neuron's error explodes: on row 17 it leaves every scale.")
    assert "One neuron trains on, for now." in fast[said - 1]
    assert fast[said + 1] == "To the last row: the ReLU pair moves only d."
    assert "The linear pair's error explodes: on row 28 it leaves every scale." in usual
    assert "The same run as overshoot's thread, row for row." in usual
    assert "To the last row: one neuron stays bounded; the ReLU pair moves only d." in usual


def test_a_climb_on_the_rows_kill_row_is_told_once():
    """With exact derivatives the linear pair's last climb starts on row 26, the row whose
    overshoot kills the ReLU: the row was a turn twice, and its line was said twice, 7 s each.
    Control: the defaults' climb (row 24) and kill (row 25) are two turns."""
    from types import SimpleNamespace
    from scenes.relu_sandwich.training import TrainingPart
    said = lines(["grad=analytic"])
    kill = [line for line in said if line.startswith("Row 26's overshoot")]
    assert len(kill) == 1
    relu = SimpleNamespace(kill_step=(1.0,), kill_row=26)
    b = SimpleNamespace(climb=(26, 23.7), runs={"relu2": relu}, aside=None)
    assert TrainingPart.stretches(b, 6, 27) == [26, 27]
    b.climb, relu.kill_row = (24, 3.6), 25
    assert TrainingPart.stretches(b, 6, 27) == [24, 25, 27]


def test_the_opening_says_as_overshoot_only_at_the_threads_lr():
    """The opening's "Same lr as overshoot" at lr 2e-4, which is not overshoot's thread's: now
    "Same lr" there. Control: the defaults keep "as overshoot"."""
    from sgdanim.lessons import get
    from scenes.relu_sandwich.graphs import opening_caption
    lesson = get("relu-sandwich")
    other = opening_caption(lesson.compute(lesson.resolve(sets=["lr=2e-4"])))
    usual = opening_caption(lesson.compute(lesson.defaults()))
    assert other.startswith("Same lr: ") and usual.startswith("Same lr as overshoot: ")


def test_the_end_says_these_same_rows_only_on_momentums_rows():
    """On a falling line the end said "Next: momentum, on these same rows", but momentum trains
    on the spreadsheet's rows at its defaults. Control: the defaults' rows are momentum's."""
    said = [text for _, _, text in play(
        "relu-sandwich", ["parts=solutions", "data=synthetic:slope=-1,intercept=150"]).cues]
    assert said[-1] == "Next: momentum." and not any("same rows" in t for t in said)
    from sgdanim.lessons import get
    lesson = get("relu-sandwich")
    assert lesson.compute(lesson.defaults()).next_same_rows


def test_a_race_without_one_neuron_does_not_speak_of_it():
    """With models=linear2,relu2 Part 3 opened "beside one neuron and a ReLU pair" and ended
    "one neuron stays bounded", of a panel that was not there. Control: the defaults' race
    has one neuron, and says both."""
    pair = lines(["models=linear2,relu2"])
    assert pair[0] == "Overshoot's pair again, beside a ReLU pair."
    assert "To the last row: the ReLU pair moves only d." in pair
    assert not [t for t in pair if "one neuron" in t.lower()]
    usual = lines([])
    assert usual[0] == "Overshoot's pair again, beside one neuron and a ReLU pair."


def test_a_race_without_the_linear_pair_does_not_speak_of_it():
    """With models=linear,relu2 Part 3 said "The same run as overshoot's thread" (the linear
    pair's run) and "the same one as the linear pair's" of a panel that was not there.
    Control: the defaults say both."""
    said = lines(["models=linear,relu2"])
    assert said[0] == "One neuron and a ReLU pair, row by row."
    assert not [t for t in said if "linear pair" in t or "thread" in t]
    assert any("(the same one as the linear pair's)" in t for t in lines([]))
