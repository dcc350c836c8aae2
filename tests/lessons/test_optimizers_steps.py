"""Lesson ``optimizers``' step sizes (sgdanim/lessons/optimizers/steps.py): each racer's mean
steps and net b per row, the story the step plot tells (which racer is slow, which fast, where
RMSProp stands), the first epoch's steps of each rule, and the story without SGD or Adam."""

import numpy as np
import pytest

from sgdanim.lessons.optimizers import compute
from tests.lessons.optimizers_kit import LESSON, SHEETS, reference_run
from tests.lessons.optimizers_kit import numbers, swept  # noqa: F401 - fixtures


def test_step_sizes_show_why_adam_wins(numbers):
    """Each racer's mean |Δa|, |Δb| per row, and what the step plot places: its net b per row
    (how far b got) against its last epoch's mean |Δa| (the rattle left). SGD's b step is ~39x
    smaller than its a step (b's gradient is small); Adam's b gets ~9x SGD's net."""
    by = {r.name: r for r in numbers.racers}
    for r in numbers.racers:
        d = np.abs(np.diff(r.path, axis=0)).mean(axis=0)
        assert (r.step_a, r.step_b) == (pytest.approx(d[0]), pytest.approx(d[1]))
        net = (r.path[-1, 1] - r.path[0, 1]) / (len(r.path) - 1)
        last_a = np.abs(np.diff(r.path[-30:, 0])).mean()
        assert (r.end_a, r.net_b) == (pytest.approx(last_a), pytest.approx(net))
        with np.errstate(invalid="ignore"):
            assert r.log_steps == (pytest.approx(np.log10(last_a)), pytest.approx(np.log10(net),
                                                                                   nan_ok=True))
    story = numbers.steps
    assert (story.slow, story.fast) == ("sgd", "adam")
    assert by["sgd"].step_b < by["sgd"].step_a / 30
    assert story.speedup == pytest.approx(by["adam"].net_b / by["sgd"].net_b)
    # Every placed dot is inside the step plot's decades.
    (x0, x1), (y0, y1) = numbers.step_a_decades, numbers.step_b_decades
    placed = [r for r in numbers.racers if np.isfinite(r.log_steps).all()]
    assert placed and all(x0 <= r.log_steps[0] <= x1 and y0 <= r.log_steps[1] <= y1
                          for r in placed)


def test_step_story_names_rmsprop_beside_sgd_and_adam(swept):
    """With each its best lr: the three that scale by √v get b all the way (net 0.025 a row,
    the plot's ceiling (30 − 1)/1160); RMSProp's a still rattles 5.8× Adam's in the last
    epoch, annealed Adam starts at 5.6× Adam's lr and its b is near 30 by epoch 10, and it
    rattles least. Without SGD and Adam there is nothing to set RMSProp beside."""
    by = {r.name: r for r in swept.racers}
    story = swept.steps
    assert story.scaled == "rmsprop" and story.annealed == "adam_ann"
    assert story.arrive == pytest.approx(29 / 1160)
    for name in ("rmsprop", "adam", "adam_ann"):
        assert by[name].net_b == pytest.approx(story.arrive, rel=0.05)
    for name in ("sgd", "momentum"):
        assert by[name].net_b < story.arrive / 5
    assert story.rattle == pytest.approx(by["rmsprop"].end_a / by["adam"].end_a)
    assert round(story.rattle, 1) == 5.8 and round(story.lr_ratio, 1) == 5.6
    assert by["adam_ann"].reach_epoch == 10 and by["adam"].reach_epoch is None
    assert min(by.values(), key=lambda r: r.end_a).name == "adam_ann"
    # the order of the last RMSE is the order of the last rattle among those that got there
    got_there = sorted((by[k] for k in ("rmsprop", "adam", "adam_ann")), key=lambda r: r.end_a)
    assert [r.name for r in got_there] == ["adam_ann", "adam", "rmsprop"]
    assert [r.final_rmse for r in got_there] == sorted(r.final_rmse for r in got_there)
    alone = compute(LESSON.resolve(sets=["optimizers=sgd,adam", "epochs=3"]))
    assert alone.steps.scaled is None and alone.steps.annealed is None


def test_first_epoch_steps_show_how_each_rule_sizes_a_and_b(swept):
    """The mechanism, from the runs' own weights: in epoch 1 (every racer from a = b = 1) one
    lr for both weights steps b about 1/45 as far as a (b's gradient is small), while dividing
    each weight by its own √v makes b's step as large as a's or larger (1.3× to 1.6×). The
    sheets' lrs do not change the split (each rule's own doing). Negative control: the whole
    race's steps (step_a, step_b) are not the first epoch's."""
    by = {r.name: r for r in swept.racers}
    for r in swept.racers:
        w = np.array(reference_run(r.name, r.lr, 1).path())     # epoch 1 only, rebuilt
        d = np.abs(w[1:] - w[:-1]).mean(axis=0)
        assert (r.first_a, r.first_b) == (pytest.approx(d[0]), pytest.approx(d[1]))
        assert r.first_ratio == pytest.approx(d[1] / d[0])
    for name in ("sgd", "momentum"):
        assert 0.015 < by[name].first_ratio < 0.03
    for name in ("rmsprop", "adam", "adam_ann"):
        assert 1.2 < by[name].first_ratio < 1.7
    assert by["adam"].first_a != pytest.approx(by["adam"].step_a)
    sheets = compute(LESSON.resolve(sets=[SHEETS]))
    assert all((r.first_ratio < 0.1) == (r.rule.square is None) for r in sheets.racers)


def test_first_ratio_is_none_when_a_did_not_move(swept):
    """b's step over a's has no value when a did not move in epoch 1: None, not 0 (which
    would say b did not move). Control: b not moving is a true 0."""
    import dataclasses
    r = swept.racers[0]
    still_a = dataclasses.replace(r, first_a=0.0, first_b=0.01)
    assert still_a.first_ratio is None
    still_b = dataclasses.replace(r, first_a=0.01, first_b=0.0)
    assert still_b.first_ratio == 0.0


def test_step_story_without_sgd_or_adam():
    n = compute(LESSON.resolve(sets=["optimizers=momentum,rmsprop", "epochs=3"]))
    by = {r.name: r for r in n.racers}
    assert n.steps.slow == min(by, key=lambda k: by[k].net_b)
    assert n.steps.fast == max(by, key=lambda k: by[k].net_b)


@pytest.mark.parametrize("epochs, top", [(100, -1), (200, -1), (40, -1), (1, 1)])
def test_the_b_axis_reaches_half_a_decade_over_the_ceiling(epochs, top):
    """After 100 epochs the ceiling (net b per row of a b that reaches 30) is 29/(100·29) =
    10⁻², and the b axis stopped there: the arrived racers' names and the "calmer a" arrow
    over the line ran into the axis' title. It now reaches half a decade over the line.
    Control: the values alone end at the ceiling's decade."""
    import math

    from sgdanim.lessons.optimizers.steps import CEILING_ROOM
    n = compute(LESSON.resolve(sets=[f"epochs={epochs}"]))
    arrive = math.log10(n.steps.arrive)
    assert n.step_b_decades[1] == top >= arrive + CEILING_ROOM - 1e-9
    if epochs == 100:
        own = math.ceil(max(math.log10(r.net_b) for r in n.racers if r.net_b > 0) - 1e-9)
        assert own == -2 == round(arrive)


def test_step_story_without_a_racer_that_divides_by_its_own_v():
    """SGD against momentum alone: neither divides by √v, so the story is not a per-weight
    one. The fast racer was the one whose b got farthest, and the plot said "momentum divides
    each step by its own √v" of it. Control: with RMSProp beside them, the fast one is
    RMSProp, though momentum is there too."""
    from sgdanim.lessons.optimizers.steps import steps_title
    plain = compute(LESSON.resolve(sets=["optimizers=sgd,momentum", "epochs=3"]))
    assert (plain.steps.slow, plain.steps.fast, plain.steps.per_weight) == (
        "sgd", "momentum", False)
    assert steps_title(plain) == "Why b's steps stay small"
    scaled = compute(LESSON.resolve(sets=["optimizers=sgd,momentum,rmsprop", "epochs=3"]))
    assert (scaled.steps.fast, scaled.steps.per_weight) == ("rmsprop", True)
    assert steps_title(scaled) is None
    assert LESSON.parts[-1].title_at(scaled) == "Why per-weight steps win"
    assert LESSON.parts[-1].title_at(plain) == "Why b's steps stay small"


def test_a_sqrt_v_racer_whose_b_got_less_far_is_not_told_as_the_win():
    """RMSProp at lr 1e-6 (tune=sheets) gets b almost nowhere: it was told as the fast racer,
    "4.8×10⁻⁴× SGD's" under "Why per-weight steps win", and beside momentum alone it was the
    slow one and the fast one at once while momentum dropped out. Nothing is now told as a
    win there, and "no racer divides by √v" is not said while RMSProp races. Control: at its
    sweep's lr RMSProp is the fast one beside momentum."""
    from sgdanim.lessons.optimizers.steps import steps_title
    for racers, slow in (("sgd,momentum,rmsprop", "sgd"), ("momentum,rmsprop", "momentum")):
        n = compute(LESSON.resolve(sets=[SHEETS, f"optimizers={racers}", "lr_rmsprop=1e-6",
                                         "epochs=3"]))
        assert n.steps.fast == n.steps.slow == slow and n.steps.scaled == "rmsprop"
        assert steps_title(n) == "How far b got, and a's rattle"
    tuned = compute(LESSON.resolve(sets=["optimizers=momentum,rmsprop", "epochs=3"]))
    assert (tuned.steps.slow, tuned.steps.fast, tuned.steps.per_weight) == (
        "momentum", "rmsprop", True) and steps_title(tuned) is None


def test_the_story_names_the_ceiling_row_and_the_up_arrows_racers(swept):
    """The step plot's scene judged which racers sit on the ceiling line (twice: for their
    labels and for the arrows) and which stands straight under one; the story says it once
    (``arrived``, ``lifted``). At the defaults: the Adams and RMSProp on the line, left to
    right, and momentum under RMSProp, at its rattle, without a √v of its own. Control: SGD
    and momentum alone reach no line, and nothing is lifted."""
    import math

    from sgdanim.lessons.optimizers.steps import ON_LINE, SAME_RATTLE
    story, by = swept.steps, {r.name: r for r in swept.racers}
    assert story.arrived == ("adam_ann", "adam", "rmsprop") and not story.unopposed
    xs = [by[name].log_steps[0] for name in story.arrived]
    assert xs == sorted(xs) and all(
        abs(by[name].log_steps[1] - math.log10(story.arrive)) < ON_LINE for name in story.arrived)
    low, top = (by[name] for name in story.lifted)
    assert (low.name, top.name) == ("momentum", "rmsprop") and low.rule.square is None
    assert abs(low.log_steps[0] - top.log_steps[0]) <= SAME_RATTLE
    assert low.log_steps[1] < math.log10(story.arrive) - ON_LINE
    plain = compute(LESSON.resolve(sets=["optimizers=sgd,momentum"])).steps
    assert (plain.arrived, plain.lifted) == ((), None)
