"""Every lesson's captions can be read: each line on screen at least 1.5 s and at most
20 characters a second, no line said twice in a row, and never more than 6 s without one
(scenes/kit/captions.py holds the rules).

The lessons run at their defaults with every animation skipped (the split render's way,
``manim_compat.decide_plays``): the clock and the captions come out as in a render, but no
frame is drawn, so the whole series is checked in seconds.
"""

from __future__ import annotations

import pytest

from sgdanim.lessons import all_lessons
from scenes.kit.captions import caption_problems

manim = pytest.importorskip("manim")

from tests.scenes.dryrun import play, played_at_defaults, same_process  # noqa: E402


def dry_run(lesson_id: str, sets=(), frame_rate: int = 15):
    """The captions ``(start, stop, text)`` and the length in seconds of a lesson at its
    defaults (and ``sets``), played with no frame drawn (``tests/scenes/dryrun.py``)."""
    run = play(lesson_id, sets, frame_rate)
    return run.cues, run.seconds


@pytest.mark.parametrize("lesson_id", [pytest.param(lesson_id, marks=same_process(lesson_id))
                                       for lesson_id in all_lessons()])
def test_every_caption_can_be_read(lesson_id, manim_tmp):
    cues, end = played_at_defaults(lesson_id).cues, played_at_defaults(lesson_id).seconds
    assert cues, "a lesson with no captions"
    assert caption_problems(cues, end) == []
    assert cues[-1][1] == pytest.approx(end, abs=1 / 15), "the last line ends with the video"


def test_a_line_held_too_short_is_seen(manim_tmp, monkeypatch):
    """Negative control: without say()'s hold, overshoot's quick lines break the rules again."""
    import scenes.kit.captioning as captioning

    monkeypatch.setattr(captioning, "reading_seconds", lambda text: 0.0)
    cues, end = dry_run("overshoot")
    assert any("chars/s" in problem or "< 1.5 s" in problem
               for problem in caption_problems(cues, end))


@pytest.mark.parametrize("lesson_id, part, said_or_shown", [
    ("overshoot", "sweep", "Back to one neuron on the data's rows"),
    ("momentum", "wiggle", r"\text{the data's rows, every weight from 1"),
])
def test_rows_not_from_the_sheet_are_not_called_the_sheets(lesson_id, part, said_or_shown,
                                                           manim_tmp):
    """On synthetic data (or a CSV) the sweep's caption and the wiggle's subtitle called the
    rows "the sheet's rows". They now say the data's. Control: on the sheet they say the
    sheet's."""
    def words(sets):
        run = play(lesson_id, [f"parts={part}", *sets])
        return [t for _, _, t in run.cues] + [w for _, w in run.texts]

    assert any(said_or_shown in w for w in words(["data=synthetic"]))
    sheets = said_or_shown.replace("the data's", "the sheet's")
    assert any(sheets in w for w in words([])) and not any(said_or_shown in w for w in words([]))
