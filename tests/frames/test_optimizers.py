"""Lesson ``optimizers`` in decoded pixels: Adam's dot sits where the core's path says, at the
moments the scene marked, and not where a run with another learning rate would put it; the
table played alone shows what the whole lesson shows in its table part; the step plot puts
Adam's dot at its mean |Δa| and |Δb| per row, not where another lr's would be."""

import numpy as np
import pytest
from manim import DR, UL

from sgdanim.lessons import get
from sgdanim.lessons.optimizers import compute
from tests import framekit

pytestmark = [pytest.mark.frames, framekit.group("optimizers")]

LESSON = get("optimizers")
SETS = framekit.FRAME_SETS["optimizers"]   # the lesson's one shared render
OTHER_LR = 0.3          # the negative control's learning rate
HOLD = 0.4              # seconds into a still moment (the walkers stand while the scene waits)
INK = 60                # brightness counted as a glyph's ink on black
TOL = 100               # colour distance: a 2-pixel dot loses chroma to yuv420 at 256x144 (the
                        # contours' blue and the start's white stay > 170 away)


def pixel(r, frame, a, b):
    return framekit.scene_pixel(r, frame, r.scene.stage.panel.axes.c2p(a, b))


def still_moments(r):
    """(scene time, path row) where Adam's dot stands still: after its first epoch alone, and
    after the race."""
    (t1, info1), = [m for m in r.scene.marks("epoch_end") if m[1]["racer"] == "adam"]
    (t2, info2), = r.scene.marks("race_end")
    return [(t1 + HOLD, info1["row"]), (t2 + HOLD, info2["row"])]


def test_adams_dot_is_where_its_path_says(rendered):
    r, frames, fps = rendered
    from scenes.optimizers.panels import COLOURS
    colour = framekit.hex_to_rgb(COLOURS["adam"])
    path = r.scene.numbers.racers[0].path
    moments = still_moments(r)
    assert [row for _, row in moments] == [29, 4 * 29]
    for t, row in moments:
        frame = framekit.frame_at(frames, fps, t)
        here = pixel(r, frame, *path[row])
        assert framekit.colour_near(frame, here, colour, radius=1, tol=TOL), \
            f"no Adam dot at row {row} (t={t:.1f}s)"


def test_negative_control_other_lr_is_not_there(rendered):
    r, frames, fps = rendered
    from scenes.optimizers.panels import COLOURS
    colour = framekit.hex_to_rgb(COLOURS["adam"])
    mine = r.scene.numbers.racers[0].path
    other = compute(LESSON.resolve(sets=SETS[:-1] + [f"lr_adam={OTHER_LR}"])).racers[0].path
    for t, row in still_moments(r):
        frame = framekit.frame_at(frames, fps, t)
        here, there = pixel(r, frame, *mine[row]), pixel(r, frame, *other[row])
        # The control is only a control if the other run's point is off this run's dot and trail.
        trail = np.array([pixel(r, frame, a, b) for a, b in mine[: row + 1]])
        assert np.hypot(*(np.array(there) - here)) > 6
        assert np.min(np.hypot(*(trail - there).T)) > 2
        assert not framekit.colour_near(frame, there, colour, radius=1, tol=TOL), \
            f"Adam's colour found where lr={OTHER_LR} would be at row {row}"


def ink_box(r, frame, mob, pad=2):
    """Brightness of the pixels under ``mob``'s bounding box, ``pad`` pixels wider each side."""
    (top, left), (bottom, right) = (framekit.scene_pixel(r, frame, mob.get_corner(corner))
                                    for corner in (UL, DR))
    return frame[top - pad:bottom + pad + 1, left - pad:right + pad + 1].max(axis=-1).astype(int)


def test_table_appears_with_the_cores_numbers(rendered):
    from scenes.optimizers.text import result_text
    r, frames, fps = rendered
    (t, _), = r.scene.marks("table")
    (t0, _), = r.scene.marks("race_start")
    table = r.scene.stage.table
    cell = table.results["adam"]
    assert table.cells()["adam"][1] == rf"\text{{{result_text(r.scene.numbers.racers[0], 4)}}}" \
        == r"\text{not in 4}"
    # At 256x144 a 20-pt word is ~3 px tall and never reaches white, so look for its ink:
    # bright pixels spanning the cell's box from end to end once the table is up...
    pad = 2
    box = ink_box(r, framekit.frame_at(frames, fps, t + HOLD), cell, pad)
    cols = np.flatnonzero((box > INK).any(axis=0))
    assert cols.size, "no ink at the Adam result cell"
    assert cols.min() <= pad + 2 and cols.max() >= box.shape[1] - 1 - pad - 2, \
        f"ink spans columns {cols.min()}..{cols.max()} of a {box.shape[1]}-px box"
    # ...and nothing there while the race runs (the cell fades in with the table).
    before = ink_box(r, framekit.frame_at(frames, fps, t0 + HOLD), cell, pad)
    assert (before > INK).sum() == 0


@pytest.fixture(scope="module")
def table_alone(tmp_path_factory, svg_cache):
    return framekit.render("optimizers", LESSON.resolve(sets=SETS + ["parts=table"]),
                           tmp_path_factory.mktemp("optimizers-table"), svg_cache=svg_cache)


def test_the_table_alone_is_how_the_whole_lesson_ends(rendered, table_alone):
    """Played alone, the table brings on what the bowl, the rules and the race leave: its
    frames are the whole lesson's table part, pixel for pixel."""
    r, frames, fps = rendered
    (table,) = [p for p in r.scene.played_parts if p.id == "table"]
    first, last = table.frames(fps)
    alone = table_alone[1]
    assert [p.id for p in table_alone[0].scene.played_parts] == ["table"]
    assert len(alone) == last - first + 1
    for k, frame in enumerate(alone):
        np.testing.assert_array_equal(frame, frames[first + k], err_msg=f"frame {k}")
    # The comparison can fail: the race's first frame is not the table's.
    (t0, _), = r.scene.marks("race_start")
    assert not np.array_equal(alone[0], framekit.frame_at(frames, fps, t0))


def test_step_plot_puts_adams_dot_at_its_mean_steps(rendered):
    from scenes.optimizers.panels import COLOURS
    from scenes.optimizers.steps import step_plot
    r, frames, fps = rendered
    (t, _), = r.scene.marks("steps")
    frame = framekit.frame_at(frames, fps, t + HOLD)
    colour = framekit.hex_to_rgb(COLOURS["adam"])
    n = r.scene.numbers
    axes = step_plot(n).axes                 # build is pure: the render's axes, placed again
    here = framekit.scene_pixel(r, frame, axes.point(*n.racers[0].log_steps))
    assert framekit.colour_near(frame, here, colour, radius=1, tol=TOL), "no Adam dot"
    # Negative control: another lr's mean steps sit elsewhere on the plot, and not in Adam's
    # colour.
    other = compute(LESSON.resolve(sets=SETS[:-1] + [f"lr_adam={OTHER_LR}"])).racers[0]
    there = framekit.scene_pixel(r, frame, axes.point(*other.log_steps))
    assert np.hypot(*(np.array(there) - here)) > 6
    assert not framekit.colour_near(frame, there, colour, radius=1, tol=TOL)


def test_the_first_epoch_fades_once_the_race_begins(rendered):
    """Adam's first epoch, drawn row by row while its rule is told, is bright then and dim at
    the race's end; its later trail (one point per epoch) stays bright (the control: the same
    measure finds a bright line where nothing faded)."""
    r, frames, fps = rendered
    walker = r.scene.stage.walkers["adam"]
    path, rows = r.scene.numbers.racers[0].path, r.scene.numbers.rows
    (t1, _), = [m for m in r.scene.marks("epoch_end") if m[1]["racer"] == "adam"]
    (t2, _), = r.scene.marks("race_end")

    def brightness(t, a, b):
        """The brightest pixel on the segment from path row a to row b, ends left out."""
        frame = framekit.frame_at(frames, fps, t)
        p, q = walker.scene_points[a], walker.scene_points[b]
        rc = [framekit.scene_pixel(r, frame, p + s * (q - p)) for s in np.linspace(0.3, 0.7, 5)]
        return max(int(frame[i, j].max()) for i, j in rc)

    first = (rows // 3, rows // 3 + 1)            # a step of the first epoch, far from its dot
    assert np.hypot(*(path[first[1]] - path[rows])) > 0.1 * np.ptp(path[:, 0])
    bright, dim = brightness(t1 + HOLD, *first), brightness(t2 + HOLD, *first)
    assert bright > 50 and dim < 0.6 * bright, (bright, dim)    # a thin line at 256x144
    later = brightness(t2 + HOLD, rows, 2 * rows)      # epoch 1 to 2: the trail, not faded
    # 0.7, well over the faded line's 0.6: a line one pixel wide at 256x144 peaks lower or
    # higher by its angle and where its centre falls in the pixel (the trail measured 0.78 of
    # the first epoch's peak once the contour panel was narrowed 5%, 0.8 and over before)
    assert later > 0.7 * bright, (later, bright)


def test_rmse_now_column_shows_the_epoch_on_screen(rendered):
    """The table's live RMSE cell for Adam: no ink while the rules are told (the column is not
    up yet), ink once the race runs; its pixels change between the race's first epoch and
    its last (the numbers differ), and hold while the race's end is on screen (the same
    number), so the measure sees what the cell says."""
    r, frames, fps = rendered
    table, n = r.scene.stage.table, r.scene.numbers
    adam = n.racers[0]
    assert f"{adam.rmse[0]:.2g}" != f"{adam.rmse[-1]:.2g}"      # two different readings
    cell = table.finals["adam"]       # the column's cell on Adam's row, at its widest
    (t_rule, _), = [m for m in r.scene.marks("epoch_end") if m[1]["racer"] == "adam"]
    (t0, _), = r.scene.marks("race_start")
    (t1, _), = r.scene.marks("race_end")
    (t2, _), = r.scene.marks("table")

    def ink(t):
        return ink_box(r, framekit.frame_at(frames, fps, t), cell, pad=1)

    assert (ink(t_rule + HOLD) > INK).sum() == 0
    first, last, held = ink(t0 + HOLD), ink(t1 + HOLD), ink(t2 + HOLD)
    assert (first > INK).sum() > 0 and (last > INK).sum() > 0
    assert np.abs(last - held).mean() < 0.25 * np.abs(last - first).mean()
