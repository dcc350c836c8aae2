"""Lesson ``relu-sandwich`` in decoded pixels (Part 4 only): the SGD walkers on the (a, c) plane
stand where the core's linear2 trajectories say, and not where runs with other learning rates
would put them. The plane's scene points come from the part built again (``build`` is pure, so
it places the plane where the render did)."""

import numpy as np
import pytest

from sgdanim.lessons import get
from sgdanim.core.trajectory import RunConfig, run
from tests import framekit

pytestmark = [pytest.mark.frames, framekit.group("relu-sandwich")]

LESSON = get("relu-sandwich")
SETS = framekit.FRAME_SETS["relu-sandwich"]   # the lesson's one shared render
OTHER_PATH_LR = 5e-6    # the negative control's learning rate
HOLD = 0.25             # seconds into the wait after each walk (the walkers stand still)
TOL = 70                # colour distance; a 2-pixel dot loses chroma to yuv420 at 256x144
FAST_TOL = 95           # the fast walker's end dot, which straddles pixels (see its test)


@pytest.fixture(scope="module")
def part(rendered, manim_tmp):
    """Part 4, built again from the rendered scene's numbers (with the render's glyphs):
    ``build`` is pure, so it places the plane and the strip where the render did. In the
    seeded media folder (an empty one of its own compiled 36 formulas, one LaTeX run each)."""
    from scenes.relu_sandwich.solutions import SolutionsPart
    scene = rendered[0].scene
    return SolutionsPart().build(scene.numbers, scene.params)


@pytest.fixture(scope="module")
def plane(part):
    return part.right


@pytest.fixture(scope="module")
def tall(part):
    """The plane the slow walk runs on: tall, before the strip comes in under it."""
    return part.tall.right


def away(s, k: int) -> float:
    """The lr on Part 4's strip farthest (in decades) from rows k−1..k+1's dots: where row k's
    dot is not (the strip spans 3 decades, so a fixed 100× could land on a neighbour's dot)."""
    lo, hi = s.effective_decades
    near = np.log10(s.effective_shown[max(k - 1, 0):k + 2])
    grid = np.linspace(lo, hi, 25)
    best = grid[np.argmax([np.min(np.abs(near - g)) for g in grid])]
    assert np.min(np.abs(near - best)) >= 0.5
    return 10.0 ** best


def test_effective_lr_dots_stand_at_lr_times_a2_plus_c2(rendered, part):
    """Once the fast walk ends, each row's dot on the strip sits at lr·(a² + c²) of the core's
    run, in its row's colour; the negative control: in the same column, at the strip's height
    farthest from that row's and its neighbours' dots, none."""
    from scenes.relu_sandwich.solutions import row_colour
    r, frames, fps = rendered
    (t, info), = r.scene.marks("fast_end")
    frame = framekit.frame_at(frames, fps, t + HOLD)
    path = linear2_ac(r.scene.params.lr, 1)
    effective = r.scene.params.lr * (path[:, 0] ** 2 + path[:, 1] ** 2)
    strip, n = part.strip, len(r.scene.numbers.solutions.fast_effective)
    lim = r.scene.numbers.solutions.limits
    s_num = r.scene.numbers.solutions
    # The thread's rows act within a decade of the limits (that is the story): the rows checked
    # stand a quarter decade off both lines and are from the first half, whose blue-to-purple
    # colours are far from the lines' red and orange
    clear = [k for k in range(min(info["index"] + 1, n // 2))
             if min(abs(np.log10(effective[k] / v)) for v in (lim.per_row, lim.mean_loss)) > 0.25]
    assert len(clear) >= 3
    for k in clear[-3:]:
        colour = framekit.hex_to_rgb(row_colour(k, n).to_hex())
        here = framekit.scene_pixel(r, frame, strip.plot.point(k + 1, effective[k]))
        there = framekit.scene_pixel(r, frame, strip.plot.point(k + 1, away(s_num, k)))
        # a 2-pixel dot alone (the 3-decade strip no longer piles rows into one blob) loses
        # some chroma to yuv420: look 2 pixels around it, and as wide for the control
        assert framekit.colour_near(frame, here, colour, radius=2, tol=FAST_TOL), f"row {k + 1}"
        assert not framekit.colour_near(frame, there, colour, radius=2, tol=FAST_TOL), f"row {k + 1}"


def test_the_zoom_shows_each_rows_a_on_its_side_of_the_curve(rendered, part):
    """Once the fast walk ends, the zoom's dot for a row stands at (row, a) of the core's run,
    in its row's colour, on the side of a = c = √2 that a is on; the negative control: the
    same row mirrored across that line, none."""
    from scenes.relu_sandwich.solutions import row_colour
    r, frames, fps = rendered
    (t, info), = r.scene.marks("fast_end")
    frame = framekit.frame_at(frames, fps, t + HOLD)
    path = linear2_ac(r.scene.params.lr, 1)
    zoom, n = part.zoom, len(r.scene.numbers.solutions.fast_effective)
    on = zoom.on
    clear = [k for k in range(info["index"] + 1) if 0.4 < abs(path[k, 0] - on) < on - 0.2]
    assert len(clear) >= 3
    for k in clear[-3:]:
        colour = framekit.hex_to_rgb(row_colour(k, n).to_hex())
        here = framekit.scene_pixel(r, frame, zoom.axes.c2p(k + 1, path[k, 0]))
        there = framekit.scene_pixel(r, frame, zoom.axes.c2p(k + 1, 2 * on - path[k, 0]))
        # a dot that straddles pixels decodes dimmed (as the fast walker's, FAST_TOL)
        assert framekit.colour_near(frame, here, colour, radius=1, tol=FAST_TOL), f"row {k + 1}"
        assert not framekit.colour_near(frame, there, colour, radius=1, tol=FAST_TOL), \
            f"row {k + 1}"


def linear2_ac(lr, epochs):
    """(a, c) along a core linear2 run from the lesson's default start, start to end."""
    init = dict(zip("abcd", LESSON.defaults().init))
    return run(RunConfig(model="linear2", grad=LESSON.defaults().grad, lr=lr, init=init,
                         epochs=epochs)).path()[:, [0, 2]]


def pixel(r, frame, plane, a, c):
    return framekit.scene_pixel(r, frame, plane.point(a, c))


def walkers(r):
    """(mark name, walker colour, lr, epochs, param name) of the two walks."""
    from scenes.kit.style import GRAD, WEIGHT
    p = r.scene.params
    return [("path_cross", WEIGHT, p.path_lr, p.path_epochs, "path_lr"),
            ("path_end", WEIGHT, p.path_lr, p.path_epochs, "path_lr"),
            ("fast_end", GRAD, p.lr, 1, "lr")]


def test_walkers_stand_where_the_core_paths_say(rendered, plane, tall):
    r, frames, fps = rendered
    for mark, colour, lr, epochs, _ in walkers(r):
        on = tall if mark.startswith("path") else plane
        (t, info), = r.scene.marks(mark)
        a, c = linear2_ac(lr, epochs)[info["index"]]
        frame = framekit.frame_at(frames, fps, t + HOLD)
        # The plane moved a fraction of a pixel when the kit's tick labels grew (main): the
        # fast walker's 2-pixel dot now straddles four pixels at 256x144 and decodes dimmed,
        # (176, 92, 98) for (255, 64, 64); FAST_TOL takes that, and the control below holds.
        tol = FAST_TOL if mark == "fast_end" else TOL
        assert framekit.colour_near(frame, pixel(r, frame, on, a, c),
                                    framekit.hex_to_rgb(colour), radius=1, tol=tol), \
            f"no {mark} walker at ({a:.3f}, {c:.3f})"
        if mark == "fast_end":     # control: a unit off the diagonal the walk bounces on,
            # nothing red (its start is no control: later rows' red dots land back on it)
            assert not framekit.colour_near(frame, pixel(r, frame, plane, a, c - 1),
                                            framekit.hex_to_rgb(colour), radius=1, tol=tol)
    # the slow walk ends past the curve a·c = slope: it crossed the curve of best answers
    (_, info), = r.scene.marks("path_end")
    assert info["a"] * info["c"] > r.scene.numbers.solutions.best[0]


def test_negative_control_other_lr_is_not_there(rendered, tall):
    # Only the slow walker: its dot (yellow) differs from its trail (orange), so a point of a
    # slower run, which lies on this run's trail, must show trail, not dot. The fast walker's dot
    # and trail share a colour, so it has no such control.
    r, frames, fps = rendered
    mark, colour, lr, epochs, _ = walkers(r)[0]
    (t, info), = r.scene.marks(mark)
    k = info["index"]
    frame = framekit.frame_at(frames, fps, t + HOLD)
    mine, other = linear2_ac(lr, epochs), linear2_ac(OTHER_PATH_LR, epochs)
    here, there = (np.array(pixel(r, frame, tall, *mine[k])),
                   np.array(pixel(r, frame, tall, *other[k])))
    assert np.hypot(*(there - here)) > 5, "the control point is too close to be a control"
    assert not framekit.colour_near(frame, tuple(there), framekit.hex_to_rgb(colour), radius=1,
                                    tol=TOL), \
        f"walker colour found where path_lr={OTHER_PATH_LR} would be at index {k}"


def test_the_closing_strip_marks_where_the_relu_died(rendered, part):
    """At the close, the ReLU's magenta dashed line stands on the strip at the row part 3's
    ReLU is dead from (the core's dead_row), between the runaway's dots; the negative
    controls: the same height at row 20, and the same spot before the close, are not magenta."""
    from scenes.kit.style import MODEL_COLOURS
    r, frames, fps = rendered
    (t, info), = r.scene.marks("relu_death")
    dead = r.scene.numbers.runs["relu2"].dead_row
    assert info["row"] == dead == 26
    magenta = framekit.hex_to_rgb(MODEL_COLOURS["relu2"])
    plot = part.strip.plot
    lo, hi = r.scene.numbers.solutions.effective_decades
    # heights with no dot (every row up to 26 acts below 10⁻²) and under the line's label
    heights = [10.0 ** (lo + f * (hi - lo)) for f in np.linspace(0.5, 0.6, 8)]
    after = framekit.frame_at(frames, fps, t + HOLD)
    before = framekit.frame_at(frames, fps, r.scene.marks("fast_end")[0][0] + HOLD)

    def seen(frame, row):
        return sum(framekit.colour_near(frame, framekit.scene_pixel(r, frame, plot.point(row, v)),
                                        magenta, radius=2, tol=FAST_TOL) for v in heights)
    assert seen(after, dead) >= 2          # a dashed line: some of the heights fall on a gap
    assert seen(after, 20) == 0
    assert seen(before, dead) == 0
