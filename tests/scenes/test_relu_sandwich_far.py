"""relu-sandwich from a start far from the defaults (a = −100, b = 0.001, c = 100, d = −5),
built without rendering: Part 3's head says the start as set and keeps clear of the row
counter, and Part 4's planes tick at a round step (they drew a tick and a number at every
unit from −101 to 101). Its numbers from 10⁴ up: tests/scenes/test_far_numbers.py."""

import pytest

from tests.scenes.test_relu_sandwich import build

manim = pytest.importorskip("manim")

FAR = ["init=-100,0.001,100,-5"]


def test_a_start_set_apart_goes_under_the_lr_clear_of_the_counter(manim_tmp):
    """The start as set (b = 0.001 read "b = 0"), on its own line under the lr, the head
    left of the counter; control: the defaults' head is one line."""
    far, near = build("training", FAR), build("training")
    rate, words, start = far.head[1]
    assert start.original_text == "start a = \u2212100, b = 1.0×10⁻³, c = 100, d = \u22125"
    assert words.original_text == "· finite differences"
    assert start.get_top()[1] < rate.get_bottom()[1]
    assert start.get_left()[0] == pytest.approx(rate.get_left()[0])
    assert far.head[1].get_right()[0] < far.counter.get_left()[0]
    assert len(near.head[1]) == 2


def tick_values(axis) -> list[float]:
    return [float(n.get_value()) for n in axis.numbers]


@pytest.mark.parametrize("sets, step", [(FAR, 50.0), ((), 1.0)], ids=["far", "defaults"])
def test_both_planes_tick_at_one_round_step(sets, step, manim_tmp):
    """The one-neuron panel's a axis and both axes of the (a, c) plane: a handful of ticks,
    at a round step, whole numbers written without decimals."""
    b = build("solutions", sets)
    for axis in (b.left.axes.x_axis, b.right.axes.x_axis, b.right.axes.y_axis):
        values = tick_values(axis)
        assert 3 <= len(values) <= 8, values
        assert all(v % step == 0 for v in values), values
        assert {n.num_decimal_places for n in axis.numbers} == {0}
