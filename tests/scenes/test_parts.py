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


def test_a_part_can_follow_the_first_directly():
    """``--parts panels,valley``: the step readout fades in with the walker many steps on
    (more digits than at step 0), and the panels' setting leaves with the title. The readout
    used to change shape mid-fade, and manim raised ValueError."""
    from tests.scenes.dryrun import play

    run = play("stepping", sets=["parts=panels,valley"])
    assert run.seconds > 10 and run.cues
