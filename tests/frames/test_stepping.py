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


CRAWL = ["epochs=1", "parts=crawl"]     # the time-lapse alone: it starts where one epoch ends


@pytest.fixture(scope="module")
def crawl(tmp_path_factory, svg_cache):
    return framekit.render("stepping", LESSON.resolve(sets=CRAWL), tmp_path_factory.mktemp("crawl"),
                           svg_cache=svg_cache)


def test_the_time_lapse_ends_at_the_crawls_last_epoch(crawl):
    """The walker stands on the core's weights after the last epoch, near the star, and has
    left the point where the time-lapse started (the control)."""
    r, frames, fps = crawl
    c = r.scene.numbers.crawl
    (t, info), = r.scene.marks("crawl")
    assert info["k"] == c.epochs == 1516
    frame = framekit.frame_at(frames, fps, t + SETTLE)
    end, start = pixel(r, frame, *c.path[-1]), pixel(r, frame, *c.path[1])
    assert framekit.colour_near(frame, end, weight_colour(), radius=1, tol=TOL)
    assert np.hypot(*(np.array(start) - np.array(end))) > 6
    assert not framekit.colour_near(frame, start, weight_colour(), radius=1, tol=TOL)


def test_the_distance_along_the_valley_ends_where_the_core_says(crawl):
    """The 'along' curve's end is drawn at the core's last distance on the log axis, not at
    the distance it started from (the control: over a decade away)."""
    r, frames, fps = crawl
    c = r.scene.numbers.crawl
    (t, _), = r.scene.marks("crawl")
    frame = framekit.frame_at(frames, fps, t + SETTLE)
    plot = r.scene.crawl_plot
    points = plot.along.vertices
    np.testing.assert_allclose(points[-1], plot.axes.point(c.epochs, c.along[-1]))
    end = framekit.scene_pixel(r, frame, points[-1])
    # radius 3: the stroke's last pixel is its cap, half black at 256x144; the colour is full
    # one or two pixels in (3 pixels is about 40 epochs, far less than the control's gap)
    assert teal_near(frame, end, radius=3)
    start_height = plot.axes.point(c.epochs, c.along[0])   # the first distance, at the end
    there = framekit.scene_pixel(r, frame, start_height)
    assert np.hypot(*(np.array(there) - np.array(end))) > 6
    assert not teal_near(frame, there, radius=3)


def teal_near(frame, rowcol, radius: int = 2) -> bool:
    """Whether a pixel within ``radius`` leans teal (the accent's hue: green and blue well over
    red). A 5-wide stroke is under a pixel at 256x144, so its colour arrives thinned by black
    and yuv420 (about (110, 150, 140)); the hue survives. The dashed grey prediction beside it
    reaches g − r ≈ 13 at most, the across curve (red) is negative."""
    row, col = rowcol
    patch = frame[max(row - radius, 0):row + radius + 1, max(col - radius, 0):col + radius + 1]
    r, g, b = (patch[..., i].astype(int) for i in range(3))
    return bool(((g - r > 18) & (b - r > 12)).any())



def test_rmse_plot_dot_stands_at_the_epochs_rmse(rendered, tmp_path):
    """Once an epoch is logged, its dot on the RMSE plot stands at the lesson's RMSE for it,
    in the model's blue; the negative control: at half that RMSE, no dot."""
    from manim import tempconfig
    from scenes.kit.style import MODEL
    from scenes.stepping.epochs import EpochPlot
    r, frames, fps = rendered
    n = r.scene.numbers
    with tempconfig({"media_dir": str(tmp_path), "tex_dir": str(tmp_path / "tex"),
                     "text_dir": str(tmp_path / "texts"), "verbosity": "WARNING"}):
        plot = EpochPlot(n)          # pure: placed where the render placed it
    logged = r.scene.marks("epoch_logged")
    assert [info["epoch"] for _, info in logged] == list(range(1, len(n.epoch_rmse) + 1))
    blue = framekit.hex_to_rgb(MODEL)
    for t, info in logged:
        frame = framekit.frame_at(frames, fps, t + 0.1)
        e = info["epoch"]
        here = framekit.scene_pixel(r, frame, plot.axes.c2p(e, n.epoch_rmse[e - 1]))
        there = framekit.scene_pixel(r, frame, plot.axes.c2p(e, n.epoch_rmse[e - 1] / 2))
        assert framekit.colour_near(frame, here, blue, radius=1, tol=TOL), f"epoch {e}"
        assert not framekit.colour_near(frame, there, blue, radius=1, tol=TOL), f"epoch {e}"


def red_near(frame, rowcol, radius: int = 2) -> bool:
    """Whether a pixel within ``radius`` leans red (the across colour: red over green and blue;
    a 3-wide stroke is under a pixel at 256x144, thinned by black and yuv420 to about
    (75, 45, 45); grey and white text stay within a few levels of r = g = b)."""
    row, col = rowcol
    patch = frame[max(row - radius, 0):row + radius + 1, max(col - radius, 0):col + radius + 1]
    r, g, b = (patch[..., i].astype(int) for i in range(3))
    return bool(((r > 45) & (r - g > 15) & (r - b > 15)).any())


def test_the_kicks_inset_draws_across_row_by_row_where_the_core_says(crawl):
    """Once the inset's first window is drawn, the steepest kick after the first rows (row 17
    to 18 by default: −0.19 to 0.56) is red where the core puts it on the inset's axes; the
    control: the same rows a few tenths higher, over every later kick, are not red."""
    r, frames, fps = crawl
    k = r.scene.numbers.crawl_kicks
    (t, _), = r.scene.marks("kicks")
    frame = framekit.frame_at(frames, fps, t + SETTLE)
    inset, across = r.scene.kick_plot, k.windows[0].across
    rise = int(np.argmax(np.diff(across[6:]))) + 6           # the biggest kick past the drop
    mid = (rise + 0.5, (across[rise] + across[rise + 1]) / 2)
    assert red_near(frame, framekit.scene_pixel(r, frame, inset.axes.c2p(*mid)))
    above = (rise + 0.5, across[6:].max() + 0.35)
    assert not red_near(frame, framekit.scene_pixel(r, frame, inset.axes.c2p(*above)))


def test_the_zoom_draws_across_drop_in_epoch_one_where_the_core_says(crawl):
    """Review r8: across's first-epoch drop, a sliver on the whole run's y axis, is drawn in
    the zoom as a slope: red halfway down it, between the core's start and epoch-1 sizes; not
    red at the same height two epochs on (the control: the red line is far lower there)."""
    r, frames, fps = crawl
    c, zoom = r.scene.numbers.crawl, r.scene.crawl_plot.zoom
    (t, _), = r.scene.marks("crawl")
    frame = framekit.frame_at(frames, fps, t + SETTLE)
    half = (zoom.axes.point(0, c.across[0]) + zoom.axes.point(1, c.across[1])) / 2
    later = half + (zoom.axes.point(2, 1.0) - zoom.axes.point(0, 1.0))
    assert red_near(frame, framekit.scene_pixel(r, frame, half))
    assert not red_near(frame, framekit.scene_pixel(r, frame, later))

