"""Lesson ``momentum`` in decoded pixels: Part 1's average dot sits on the core's m_t (the
lfilter of the samples) while it is drawn, and not where another β's average would be.

Only Part 1 is rendered (``parts=sine``) with 41 samples over 1.5 periods, so the clip is short
and the dot moves exactly 10 samples a second (40 in AVERAGE_SECONDS = 4 s): at 10 fps every
sample falls on a frame.
Scene points come from the part's own axes: ``build`` is pure, so building it again places them
where the render did.
"""

import numpy as np
import pytest

from sgdanim.lessons import get
from tests import framekit

pytestmark = [pytest.mark.frames, framekit.group("momentum")]

LESSON = get("momentum")
SETS = framekit.FRAME_SETS["momentum"]   # the lesson's one shared render
OTHER_BETA = 0.8        # the negative control's β
MOVING = (20, 24)       # samples checked while the dot moves, on frames (β=0.8 is away there)
HOLD = 1.0              # seconds after the walk: the dot stands on the last sample
TOL = 80                # colour distance; sin's grey (GREY_B) is 111 from the momentum blue


@pytest.fixture(scope="module")
def axes(rendered):
    from scenes.momentum.sine import Sine
    r, _, _ = rendered
    return Sine().build(r.scene.numbers, r.scene.params).axes


def pixel(r, axes, frame, x, m):
    return framekit.scene_pixel(r, frame, axes.c2p(x, m))


def moments(r):
    """(scene time, sample k) where the average's dot stands exactly on sample k."""
    (t0, info), = r.scene.marks("ema_start")
    (t1, done), = r.scene.marks("ema_done")
    assert info["rate"] == pytest.approx(10.0)   # so each checked sample is on a frame
    return [(t0 + k / info["rate"], k) for k in MOVING] + [(t1 + HOLD, done["k"])]


def dot_colour():
    from scenes.momentum.plots import AVERAGE
    return framekit.hex_to_rgb(AVERAGE)


def test_average_dot_is_on_the_cores_m_t(rendered, axes):
    r, frames, fps = rendered
    n = r.scene.numbers
    found = []
    for t, k in moments(r):
        frame = framekit.frame_at(frames, fps, t)
        found.append(framekit.colour_near(frame, pixel(r, axes, frame, n.sin_x[k], n.main.ema[k]),
                                          dot_colour(), radius=1, tol=TOL))
    assert found == [True] * len(found), f"dot missing at samples {list(zip(moments(r), found))}"


def test_negative_control_other_beta_is_not_there(rendered, axes):
    r, frames, fps = rendered
    n = r.scene.numbers
    other = LESSON.compute(LESSON.resolve(sets=SETS[:-1] + [f"beta={OTHER_BETA}"])).main.ema
    for t, k in moments(r)[: len(MOVING)]:
        frame = framekit.frame_at(frames, fps, t)
        here = np.array(pixel(r, axes, frame, n.sin_x[k], n.main.ema[k]))
        there = np.array(pixel(r, axes, frame, n.sin_x[k], other[k]))
        # A control only counts if the other β's point is off this run's dot and drawn curve.
        trail = np.array([pixel(r, axes, frame, x, m) for x, m in zip(n.sin_x[: k + 1], n.main.ema)])
        assert np.hypot(*(there - here)) >= 8
        assert np.min(np.hypot(*(trail - there).T)) > 3
        assert not framekit.colour_near(frame, tuple(there), dot_colour(), radius=1, tol=TOL), \
            f"the average's colour found where beta={OTHER_BETA} would put it at sample {k}"


def test_readout_shows_the_last_m_t(rendered):
    r, _, _ = rendered
    n = r.scene.numbers
    # The readout's value when the average was done (its updater's last): the core's final m_t.
    (_, done), = r.scene.marks("ema_done")
    assert done["m_shown"] == pytest.approx(n.main.ema[-1])
    assert done["m_shown"] != pytest.approx(n.main.ema[-2])
