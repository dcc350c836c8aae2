"""Every lesson's scene plays exactly the parts its lesson declares, in the same order, and
each part class can build and play."""

from __future__ import annotations

import pytest

from sgdanim.lessons import all_lessons
from scenes.kit.part import Part

pytest.importorskip("manim")


def part_ids(lesson) -> list[str]:
    return [part.id for part in lesson.scene_class().parts]


@pytest.mark.parametrize("lesson", all_lessons().values(), ids=lambda lesson: lesson.id)
def test_scene_parts_are_the_lessons_parts_in_order(lesson):
    assert part_ids(lesson) == [spec.id for spec in lesson.parts]
    for part in lesson.scene_class().parts:
        assert issubclass(part, Part) and part.play is not Part.play, part


def test_a_missing_part_is_seen(monkeypatch):
    """Negative control: a scene that drops a part no longer matches its lesson."""
    lesson = all_lessons()["overshoot"]
    scene = lesson.scene_class()
    monkeypatch.setattr(scene, "parts", scene.parts[:-1])
    assert part_ids(lesson) != [spec.id for spec in lesson.parts]


@pytest.mark.parametrize("lesson_id, part_id", [
    (lesson.id, spec.id) for lesson in all_lessons().values() for spec in lesson.parts])
def test_every_part_plays_alone(lesson_id, part_id):
    """``--parts NAME``, the README's quick preview of one change, plays for every part: the
    part starts on what its predecessors would have left, or builds it. stepping's crawl alone
    faded the step readout out while its updater changed its digits, and manim raised
    ValueError (the control: the same fade with the readout still updating raises)."""
    from tests.scenes.dryrun import play

    run = play(lesson_id, sets=[f"parts={part_id}"])
    assert run.seconds > 3 and run.cues


def test_a_fade_of_a_readout_that_changes_shape_raises():
    """Negative control for the test above: a number whose updater adds a digit while it
    fades out makes manim raise, as stepping's readout did."""
    import manim

    scene = manim.Scene()
    number = manim.Integer(5)
    number.add_updater(lambda m: m.set_value(m.get_value() * 10 + 1))
    scene.add(number)
    with pytest.raises(ValueError, match="zip"):
        scene.play(manim.FadeOut(number), run_time=0.2)


def test_a_part_can_follow_the_first_directly():
    """``--parts panels,valley``: the step readout fades in with the walker many steps on
    (more digits than at step 0), and the panels' setting leaves with the title. The readout
    used to change shape mid-fade, and manim raised ValueError."""
    from tests.scenes.dryrun import play

    run = play("stepping", sets=["parts=panels,valley"])
    assert run.seconds > 10 and run.cues
