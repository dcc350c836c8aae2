"""Lesson ``overshoot`` in decoded pixels: part 1's weight dot sits on the parabola where the
core's steps put it, at the moments the scene marked, and not where another learning rate
would have put it; part 3's runaway line stands on the row the trajectory diverged at.

Where things stand comes from building the parts again from the scene's numbers (build is
pure, so it places everything where the render did): the same layout, found a second way."""

from types import SimpleNamespace

import numpy as np
import pytest

from sgdanim.lessons import get
from sgdanim.lessons.overshoot import compute
from tests import framekit

pytestmark = [pytest.mark.frames, framekit.group("overshoot")]

LESSON = get("overshoot")
# Short: one step per rate, one lane, one epoch. Part 3 keeps the thread's defaults (row 28).
SETS = framekit.FRAME_SETS["overshoot"]   # the lesson's one shared render
OTHER = "lr=1.4"        # the negative control: part 1's runaway rate, changed
HOLD = 0.2              # seconds after a step lands; the dot stands still for over 0.6 s
TOL = 80                # colour distance: a 3-pixel dot loses some chroma to yuv420 at 256x144


@pytest.fixture(scope="module")
def built(rendered, manim_tmp):
    """Every part built from the rendered scene's numbers (manim_tmp: tests/conftest.py)."""
    r, _, _ = rendered
    return SimpleNamespace(**{part.id: part().build(r.scene.numbers, r.scene.params)
                              for part in r.scene.parts})


def pixel(r, frame, point):
    return framekit.scene_pixel(r, frame, point)


def landings(r):
    """(scene time, run index, step) for every step the scene marked as landed."""
    return [(t + HOLD, info["run"], info["step"]) for t, info in r.scene.marks("weight")]


def test_weight_dot_sits_where_the_steps_say(rendered, built):
    r, frames, fps = rendered
    from scenes.kit.style import WEIGHT
    colour = framekit.hex_to_rgb(WEIGHT)
    runs = r.scene.numbers.parabola.runs
    marks = landings(r)
    assert [(i, k) for _, i, k in marks] == [(i, k) for i in range(3) for k in (1,)]
    for t, i, k in marks:
        frame = framekit.frame_at(frames, fps, t)
        at = pixel(r, frame, built.parabola.panels[i].point(runs[i].w[k]))
        assert framekit.colour_near(frame, at, colour, radius=1, tol=TOL), \
            f"no weight dot at lr={runs[i].lr:g}, step {k} (t={t:.1f}s)"


def test_negative_control_other_lr_is_not_there(rendered, built):
    r, frames, fps = rendered
    from scenes.kit.style import WEIGHT
    colour = framekit.hex_to_rgb(WEIGHT)
    mine = r.scene.numbers.parabola.runs[2]
    other = compute(LESSON.resolve(sets=SETS + [OTHER])).parabola.runs[2]
    assert other.lr != mine.lr
    panel = built.parabola.panels[2]
    for t, i, k in landings(r):
        if i != 2:
            continue
        frame = framekit.frame_at(frames, fps, t)
        here = np.array(pixel(r, frame, panel.point(mine.w[k])))
        there = np.array(pixel(r, frame, panel.point(other.w[k])))
        assert np.hypot(*(there - here)) > 4     # otherwise the control proves nothing
        assert not framekit.colour_near(frame, tuple(there), colour, radius=1, tol=TOL), \
            f"the weight colour sits where {OTHER} would be at step {k}"


def column_change(r, frames, fps, panel):
    """How much each pixel column inside ``panel``'s plot area changed while the runaway lines
    were drawn: the sum over rows of |after - before|, per column."""
    (t0, _), = r.scene.marks("before_runaway")
    (t1, _), = r.scene.marks("runaway")
    before = framekit.frame_at(frames, fps, t0).astype(int)
    after = framekit.frame_at(frames, fps, t1 + HOLD).astype(int)
    (top, left) = pixel(r, before, panel.vertical(0)[1])
    (bottom, right) = pixel(r, before, panel.vertical(panel.axes.x_range[1])[0])
    diff = np.abs(after - before).max(axis=-1)[top:bottom - 1, :]   # above the x-axis line
    return diff.sum(axis=0), left, right


def test_runaway_line_stands_on_diverged_at(rendered, built):
    r, frames, fps = rendered
    th = r.scene.numbers.thread
    (_, info), = r.scene.marks("runaway")
    assert info["step"] == th.diverged_at == 28
    view = built.thread.view
    for panel in (view.error, view.effective):
        change, left, right = column_change(r, frames, fps, panel)
        col = pixel(r, frames[0], panel.vertical(th.diverged_at)[0])[1]
        peak = left + int(np.argmax(change[left:right + 2]))
        assert abs(peak - col) <= 1, f"the line went up at column {peak}, row {th.diverged_at} is {col}"
        # Nothing else in the plot changed: two rows to the left (about 4 px) stays still.
        elsewhere = pixel(r, frames[0], panel.vertical(th.diverged_at - 2)[0])[1]
        assert change[elsewhere] < 0.2 * change[peak]


def limeish(frame, rowcol, radius: int = 2) -> bool:
    """Whether a pixel near ``rowcol`` is clearly one neuron's lime over black (green well
    above red and blue): at 256x144 a 3-px curve is under a pixel wide, so its colour comes
    through dimmed, not exact."""
    r, c = rowcol
    patch = frame[max(r - radius, 0):r + radius + 1, max(c - radius, 0):c + radius + 1]
    patch = patch.reshape(-1, 3).astype(int)
    return bool(np.any((patch[:, 1] >= 50) & (patch[:, 1] > patch[:, 0] + 15)
                       & (patch[:, 1] > patch[:, 2] + 30)))


def test_frame_zero_already_shows_the_question_over_its_plot(rendered, built):
    """An embed's thumbnail is frame 0: one neuron's err² curve is already drawn there, in its
    lime, at three of its rows (no fade in from black)."""
    r, frames, fps = rendered
    plot, one = built.question.plot, r.scene.numbers.thread.one_neuron
    first = frames[0]
    spots = [pixel(r, first, plot.point(k, one[k - 1])) for k in (5, 12, 20)]
    assert all(limeish(first, at) for at in spots)
    # The check can fail: a black frame (a fade in from black) has no lime there.
    assert not any(limeish(np.zeros_like(first), at) for at in spots)
