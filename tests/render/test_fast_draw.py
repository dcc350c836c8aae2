"""The camera that keeps unchanged Cairo paths (sgdanim.render.fast_draw) draws exactly what
manim's own camera draws: frame by frame for the kinds of mobject the lessons show, while
they move, change and recolour, and byte for byte for a whole lesson's video.

Negative controls: a camera that reuses a kept path without checking that the points are
the same draws a stale frame after a move, and the lesson's video shows it.
"""

from __future__ import annotations

import numpy as np
import pytest

import sgdanim.lessons
from sgdanim.render import fast_draw
from sgdanim.render.scene import render_scene
from tests import framekit
from tests.example.chaptered import LESSON as CHAPTERED

manim = pytest.importorskip("manim")


class StaleCamera(fast_draw.PathKeepingCamera):
    """Reuses a kept path whatever the points: what the comparison is there to prevent."""

    @staticmethod
    def unchanged(points_before, matrix_before, points, matrix) -> bool:
        return True


class FillOnlyCamera(fast_draw.PathKeepingCamera):
    """Leaves out a mobject whose fill is transparent, though its stroke may show."""

    def display_vectorized(self, vmobject, ctx):
        if not vmobject.get_fill_rgbas()[:, 3].any():
            return self
        return manim.Camera.display_vectorized(self, vmobject, ctx)


def lesson_like_mobjects():
    """A formula, a text, axes with a graph, a dashed line, a filled shape and a number."""
    axes = manim.Axes(x_range=[-3, 3], y_range=[-1, 5], x_length=4, y_length=2)
    return manim.VGroup(
        manim.MathTex(r"\theta_{t+1} = \theta_t - \eta \nabla L"), manim.Text("Down the valley"),
        manim.VGroup(axes, axes.plot(lambda x: x * x / 2, color=manim.YELLOW)),
        manim.DashedLine(3 * manim.LEFT, 3 * manim.RIGHT),
        manim.Circle(radius=0.4).set_fill(manim.BLUE, 0.5), manim.DecimalNumber(3.14159),
    ).arrange(manim.DOWN, buff=0.1)


def changes(group):
    """What happens between frames: nothing twice (so paths are kept, then reused), then a
    move, a new number, a recolour, a shape's points scaled in place, a mobject that becomes
    another, a text hidden and shown half, and axes whose lines turn transparent."""
    return [lambda: None, lambda: None, lambda: None,
            lambda: group[1].shift(0.013 * manim.RIGHT), lambda: None,
            lambda: group[5].set_value(2.71828), lambda: group[4].set_fill(manim.RED, 0.3),
            lambda: group[4].points.__imul__(0.9), lambda: None,
            lambda: group[0].become(manim.MathTex(r"\eta = 0.1").move_to(group[0])),
            lambda: None, lambda: group[1].set_opacity(0), lambda: None,
            lambda: group[1].set_opacity(0.5), lambda: group[2].set_stroke(opacity=0)]


def frames_drawn(camera_class) -> tuple[list[np.ndarray], object]:
    with manim.tempconfig({"pixel_width": 427, "pixel_height": 240, "verbosity": "WARNING"}):
        camera, group = camera_class(), lesson_like_mobjects()
        frames = []
        for change in changes(group):
            change()
            camera.reset()
            camera.capture_mobjects([group])
            frames.append(camera.pixel_array.copy())
    return frames, camera


def test_kept_paths_draw_every_frame_as_manims_camera_does():
    ours, camera = frames_drawn(fast_draw.PathKeepingCamera)
    theirs, _ = frames_drawn(manim.Camera)
    assert camera.paths_reused > 100  # the kept paths were used, not only built
    assert camera.invisible_skipped > 20  # and the hidden text was left out
    assert len({f.tobytes() for f in theirs}) >= 6  # the changes do change the picture
    for k, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        assert np.array_equal(a, b), f"frame {k} differs"


def test_negative_control_a_path_kept_past_a_change_is_caught():
    stale, _ = frames_drawn(StaleCamera)
    theirs, _ = frames_drawn(manim.Camera)
    differing = [k for k, (a, b) in enumerate(zip(stale, theirs, strict=True))
                 if not np.array_equal(a, b)]
    assert differing and differing[0] == 3  # the first move


def test_negative_control_leaving_out_what_only_strokes_show_is_caught():
    fill_only, _ = frames_drawn(FillOnlyCamera)
    theirs, _ = frames_drawn(manim.Camera)
    assert not np.array_equal(fill_only[0], theirs[0])  # the dashed line and the axes


def chapters_video(tmp_path, svg_cache, camera_class, monkeypatch):
    monkeypatch.setattr(sgdanim.lessons, "all_lessons", lambda: {"chapters": CHAPTERED})
    monkeypatch.setattr(fast_draw, "PathKeepingCamera", camera_class)
    params = CHAPTERED.resolve(sets=["captions=burned"])
    out = tmp_path / camera_class.__name__
    return render_scene("chapters", params, "test", out, shared_assets=svg_cache).video


def test_a_lesson_renders_byte_for_byte_as_with_manims_camera(tmp_path, svg_cache, monkeypatch):
    ours = chapters_video(tmp_path, svg_cache, fast_draw.PathKeepingCamera, monkeypatch)
    theirs = chapters_video(tmp_path, svg_cache, manim.Camera, monkeypatch)
    stale = chapters_video(tmp_path, svg_cache, StaleCamera, monkeypatch)
    assert framekit.packets(ours) == framekit.packets(theirs)
    assert framekit.packets(stale) != framekit.packets(theirs)  # negative control


def tangled_group():
    """Members shared between groups and with ``z_index`` set, and one without points."""
    shared = manim.Dot()
    inner = manim.VGroup(manim.Square(), shared).set_z_index(2)
    return [manim.VGroup(manim.Circle(), inner, shared), manim.VGroup(shared, manim.VMobject()),
            *lesson_like_mobjects()]


def walked(use_z_index: bool, flattened: bool = False):
    """The camera's list and manim's for the tangled group; ``flattened``: handed over as
    manim hands a frame's movers, every family member from the fourth on, each group
    followed by its own members."""
    from manim.utils.family import extract_mobject_family_members

    with manim.tempconfig({"pixel_width": 64, "pixel_height": 36, "verbosity": "WARNING"}):
        camera = fast_draw.PathKeepingCamera(use_z_index=use_z_index)
        mobjects = tangled_group()
        if flattened:
            mobjects = extract_mobject_family_members(mobjects)[3:]
        ours = camera.get_mobjects_to_display(mobjects)
    return ours, extract_mobject_family_members(mobjects, use_z_index=use_z_index,
                                                only_those_with_points=True)


@pytest.mark.parametrize("flattened", [False, True])
@pytest.mark.parametrize("use_z_index", [False, True])
def test_the_family_walk_lists_what_manims_does(use_z_index, flattened):
    ours, theirs = walked(use_z_index, flattened)
    assert len(ours) > 80
    assert ours == theirs


def test_negative_control_a_walk_that_keeps_repeats_is_caught(monkeypatch):
    """The first group reaches its shared dot twice (no later group lists it here)."""
    from manim.utils.family import extract_mobject_family_members

    monkeypatch.setattr(fast_draw, "remove_list_redundancies", list)
    first = tangled_group()[:1]
    with manim.tempconfig({"pixel_width": 64, "pixel_height": 36, "verbosity": "WARNING"}):
        ours = fast_draw.PathKeepingCamera().get_mobjects_to_display(first)
    assert ours != extract_mobject_family_members(first, only_those_with_points=True)


def test_negative_control_a_walk_that_lists_a_member_twice_is_caught(monkeypatch):
    """Without leaving out what a later entry listed, a glyph comes once per group above it."""
    walk = fast_draw._family_not_listed
    monkeypatch.setattr(fast_draw, "_family_not_listed", lambda entry, listed: walk(entry, set()))
    ours, theirs = walked(False, flattened=True)
    assert len(ours) > len(theirs)


def static_steps(group):
    """What an animation's static frame holds, step by step, and what changed before it: the
    same list again, a longer one, then changes to something already painted (moved in
    place, recoloured, a wider stroke, another joint, a gradient whose far end moves), and a
    member taken out of the middle."""
    formula, text, axes, dashed, circle, number = group
    gradient = manim.VGroup(manim.Square(0.5).set_fill([manim.RED, manim.BLUE], 1),
                            manim.Dot(manim.RIGHT))
    gradient.submobjects[0].add(manim.Dot(manim.LEFT))  # the square's gradient spans its dot
    tracker = manim.ValueTracker(1.0)   # a plain Mobject with points, which nothing paints
    first, glyph = [axes, tracker, formula], formula.family_members_with_points()[0]
    return [(first, lambda: None), (first, lambda: tracker.set_value(2.0)),
            (first + [text, circle], lambda: None), (first + [text, circle, gradient], lambda: None),
            (first + [text, circle, gradient], lambda: glyph.points.__iadd__(0.05)),
            (first + [text, circle, gradient], lambda: circle.set_fill(manim.GREEN)),
            (first + [text, circle, gradient], lambda: axes.set_stroke(width=4)),
            (first + [text, circle, gradient], lambda: circle.set_stroke(width=6)),
            (first + [text, circle, gradient], lambda: setattr(circle, "joint_type", manim.LineJointType.BEVEL)),
            (first + [text, circle, gradient], lambda: gradient[0][0].shift(manim.LEFT)),
            (first + [text, circle, gradient, number, dashed], lambda: None),
            (first + [circle, gradient, number, dashed], lambda: None)]


def static_frames(camera_class) -> tuple[list[np.ndarray], object]:
    with manim.tempconfig({"pixel_width": 427, "pixel_height": 240, "verbosity": "WARNING"}):
        camera, group = camera_class(), lesson_like_mobjects()
        frames = []
        for shown, change in static_steps(group):
            change()
            camera.next_capture_static = True   # as LessonScene says before a static frame
            camera.reset()
            camera.capture_mobjects(shown)
            frames.append(camera.pixel_array.copy())
    return frames, camera


def test_a_static_frame_continued_from_the_last_is_painted_as_manim_paints_it():
    ours, camera = static_frames(fast_draw.PathKeepingCamera)
    theirs, _ = static_frames(manim.Camera)
    assert camera.static_mobjects_reused > 50   # the last frame's pixels were the start
    assert len({f.tobytes() for f in theirs}) >= 10  # each change changes the picture
    for k, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        assert np.array_equal(a, b), f"static frame {k} differs"


def test_negative_control_a_static_frame_kept_past_a_change_is_caught(monkeypatch):
    monkeypatch.setattr(fast_draw, "same_state", lambda before, now: True)
    stale, _ = static_frames(fast_draw.PathKeepingCamera)
    theirs, _ = static_frames(manim.Camera)
    differing = [k for k, (a, b) in enumerate(zip(stale, theirs, strict=True))
                 if not np.array_equal(a, b)]
    assert differing and differing[0] == 4  # the formula moved in place
