"""Lesson ``stepping`` in decoded pixels: the weight point stands where the core's path says at
the moments the scene marked, and not where a run with another learning rate would put it.

The renders play parts without the ``panels`` part that brings the stage on, so they also
check that a part played alone puts the stage up, with the walker where it would stand."""

import numpy as np
import pytest

from sgdanim.lessons import get
from sgdanim.lessons.stepping import compute
from tests import framekit

pytestmark = [pytest.mark.frames, framekit.group("stepping")]

LESSON = get("stepping")
# One detailed row, one epoch, no panels, derivative or valley part: a short render that walks.
SETS = framekit.FRAME_SETS["stepping"]   # the lesson's one shared render
VALLEY = ["epochs=1", "parts=valley"]   # the valley alone: the walker must stand at the end
OTHER_LR = 2e-4         # the negative control's learning rate
SETTLE = 0.2            # seconds into a hold (the walker stands still while the scene waits)
TOL = 80                # colour distance: a 2-pixel dot loses some chroma to yuv420 at 256x144


@pytest.fixture(scope="module")
def valley(tmp_path_factory, svg_cache):
    return framekit.render("stepping", LESSON.resolve(sets=VALLEY), tmp_path_factory.mktemp("valley"),
                           svg_cache=svg_cache)


def pixel(r, frame, a, b):
    return framekit.scene_pixel(r, frame, r.scene.stage.land.axes.c2p(a, b))


def weight_colour():
    from scenes.kit.style import WEIGHT
    return framekit.hex_to_rgb(WEIGHT)


def holds(r):
    """(scene time inside the hold, path row the walker stands on) for every marked stop."""
    return [(t + min(SETTLE, info["hold"] / 2), info["k"]) for t, info in r.scene.marks("weights")]


def test_marks_are_the_rows_the_scene_walks_to(rendered):
    r, _, _ = rendered
    assert [k for _, k in holds(r)] == [1, 29]
    assert r.scene.marks("poster")
    assert [p.id for p in r.scene.played_parts] == ["rows", "epochs"]


def test_weight_point_is_where_the_path_says(rendered):
    r, frames, fps = rendered
    path = r.scene.numbers.path
    for t, k in holds(r):
        frame = framekit.frame_at(frames, fps, t)
        assert framekit.colour_near(frame, pixel(r, frame, *path[k]), weight_colour(), radius=1,
                                    tol=TOL), f"no weight point at row {k} (t={t:.1f}s)"


def test_negative_control_other_lr_is_not_there(rendered):
    r, frames, fps = rendered
    mine = r.scene.numbers.path
    other = compute(LESSON.resolve(sets=SETS + [f"lr={OTHER_LR}"])).path
    t, k = holds(r)[-1]
    frame = framekit.frame_at(frames, fps, t)
    here, there = np.array(pixel(r, frame, *mine[k])), np.array(pixel(r, frame, *other[k]))
    # A control only if the other run's point is clear of this run's dot.
    assert np.hypot(*(there - here)) > 6
    assert not framekit.colour_near(frame, tuple(there), weight_colour(), radius=1, tol=TOL), \
        f"the weight point's colour found where lr={OTHER_LR} would be at row {k}"


def test_the_valley_alone_shows_the_walker_at_the_end_of_the_run(valley):
    r, frames, fps = valley
    path = r.scene.numbers.path
    (t, _), = r.scene.marks("valley")
    frame = framekit.frame_at(frames, fps, t + SETTLE)
    end, start = pixel(r, frame, *path[-1]), pixel(r, frame, *path[0])
    assert framekit.colour_near(frame, end, weight_colour(), radius=1, tol=TOL)
    # The control: the walker left where it starts, which is clear of where it ends.
    assert np.hypot(*(np.array(start) - np.array(end))) > 6
    assert not framekit.colour_near(frame, start, weight_colour(), radius=1, tol=TOL)


def test_captions_follow_one_another_and_stay_up_long_enough_to_read(rendered):
    import srt
    r, frames, fps = rendered
    subs = list(srt.parse(r.captions.read_text(encoding="utf-8")))
    assert len(subs) >= 5
    for sub, nxt in zip(subs, subs[1:]):
        assert sub.end <= nxt.start
    for sub in subs:
        seconds = (sub.end - sub.start).total_seconds()
        assert seconds * 30 >= len(sub.content), sub.content      # at most 30 characters a second
    assert subs[-1].end.total_seconds() <= len(frames) / fps + 0.1
