"""A Cairo camera that keeps the path of each mobject whose points did not change.

manim redraws every moving mobject on every frame, and for each one it walks the mobject's
Bézier points in Python, one ``curve_to`` call per curve (``Camera.set_cairo_context_path``).
Most of what an animation redraws has not moved since the frame before: the glyphs of a
caption fading in, a formula beside a number that ticks, an axis under a dot that runs along
it. :class:`PathKeepingCamera` hands Cairo the path it built for such a mobject last time
(one C call) instead of building it again.

The kept path is the same path, not an approximation. Cairo stores a path in device space
as 24.8 fixed-point numbers; the kept copy is read out with the identity matrix (each fixed
number as the double it is exactly) and appended with the identity matrix (each double back
to that fixed number exactly), so Cairo fills and strokes the very numbers it would have
built from the points. A path is kept only for points seen unchanged over two frames, and
reused only while the points, compared element by element, and the camera's matrix are
the same.

Two smaller savings ride along: a mobject with nothing opaque is left out (Cairo paints
nothing for a clear source anyway), and the list of what to draw is made by a plain walk
instead of manim's nested generators, each member once (:func:`families_with_points`, the
same list).
``tests/render/test_fast_draw.py`` draws the kinds of mobject the lessons show both ways and
compares the pixels; every lesson's test-quality render is byte for byte what manim's camera
gives (docs/performance.md, "Session 8").

Only manim's public names are used: a :class:`manim.Camera` subclass overrides the public
``set_cairo_context_path``, and a scene gets it as manim's ``camera_class`` argument
(:func:`sgdanim.render.scene.render_scene` passes it).
"""

from __future__ import annotations

import itertools

import cairo
import numpy as np
from manim import Camera, Mobject, VMobject
from manim.utils.iterables import remove_list_redundancies

__all__ = ["PathKeepingCamera", "draw_state", "families_with_points", "invisible", "same_state"]

_IDENTITY = cairo.Matrix()
# Forget a mobject's path once this many frames have been drawn without it, so a long render
# keeps the paths of what is on screen, not of everything it ever showed.
_FORGET_AFTER = 64


# A class that walks its family as Mobject does (no override of these public methods; the
# private walk under them may not be overridden outside manim_compat, tests/render/
# test_manim_compat.py): class -> bool.
_WALKS_AS_MOBJECT: dict[type, bool] = {}
_FAMILY_METHODS = ("get_family", "family_members_with_points", "get_num_points")


class _NotPlain(Exception):
    """A mobject in the family walks it its own way: ask it."""


def _walks_as_mobject(cls: type) -> bool:
    plain = _WALKS_AS_MOBJECT.get(cls)
    if plain is None:
        plain = _WALKS_AS_MOBJECT[cls] = all(
            getattr(cls, name, None) is getattr(Mobject, name) for name in _FAMILY_METHODS)
    return plain


def families_with_points(mobjects) -> list:
    """manim's list of what to draw for ``mobjects``: every member of their families that has
    points, each where its last occurrence falls (``extract_mobject_family_members(mobjects,
    only_those_with_points=True)``), with each member visited once.

    manim hands the camera every family member from the first mover on, each group followed
    by its own members, and walks each one's family: a glyph three groups deep was walked
    four times a frame. Walked from the last entry back, a member a later entry has listed
    is left out with everything under it (that entry's walk listed all of it), so it keeps
    its last occurrence's place, as in manim's list.

    >>> from manim import Dot, VGroup
    >>> from manim.utils.family import extract_mobject_family_members
    >>> shared = Dot()
    >>> entries = VGroup(Dot(), VGroup(shared, Dot()), shared).get_family()
    >>> families_with_points(entries) == extract_mobject_family_members(
    ...     entries, only_those_with_points=True)
    True
    """
    mobjects, blocks, listed = list(mobjects), [], set()
    try:
        for entry in reversed(mobjects):
            block = _family_not_listed(entry, listed)
            listed.update(block)
            blocks.append(block)
    except _NotPlain:
        return remove_list_redundancies([member for mob in mobjects
                                         for member in mob.family_members_with_points()])
    return [mob for block in reversed(blocks) for mob in block if len(mob.points) > 0]


def _family_not_listed(entry, listed: set) -> list:
    """``entry``'s family in manim's order (a member reached twice where it last is), less
    the members in ``listed`` and what is under them."""
    found: list = []
    path: set = set()

    def walk(mob) -> None:
        # a mobject inside itself (manim skips it too), or one a later entry listed
        if mob in path or mob in listed:
            return
        if not _walks_as_mobject(type(mob)):
            raise _NotPlain
        path.add(mob)
        found.append(mob)
        for sub in mob.submobjects:
            walk(sub)
        path.discard(mob)

    walk(entry)
    if len(set(found)) != len(found):
        found = remove_list_redundancies(found)
    return found


def invisible(vmobject) -> bool:
    """Whether manim's camera would paint nothing for ``vmobject``: its fill, its stroke and
    its background stroke are each fully transparent or (the strokes) zero wide."""
    # ``.any()`` of the array, not ``np.any``: the same answer in a third of the time, and
    # this is asked of every mobject drawn on every frame.
    if vmobject.get_fill_rgbas()[:, 3].any():
        return False
    for background in (False, True):
        if vmobject.get_stroke_width(background) != 0 and \
                vmobject.get_stroke_rgbas(background)[:, 3].any():
            return False
    return True


def draw_state(vmobject, copy: bool = True) -> tuple:
    """Everything manim's camera reads from ``vmobject`` to paint it: its type, its points,
    its fill and stroke colours and widths, joints and caps, and, for a gradient, the ends it
    spans (which depend on the whole family's points); copies, or (``copy=False``, to
    compare) the arrays themselves."""
    if not isinstance(vmobject, VMobject):   # a ValueTracker: a plain Mobject, never painted
        return (type(vmobject),)
    keep = np.copy if copy else np.asarray
    fill, stroke = keep(vmobject.get_fill_rgbas()), keep(vmobject.get_stroke_rgbas())
    background = keep(vmobject.get_stroke_rgbas(True))
    gradient = None
    if len(fill) > 1 or len(stroke) > 1 or len(background) > 1:
        gradient = np.array(vmobject.get_gradient_start_and_end_points(), dtype=float)
    return (type(vmobject), keep(vmobject.points), fill, stroke, background,
            vmobject.get_stroke_width(), vmobject.get_stroke_width(True), vmobject.joint_type,
            vmobject.cap_style, vmobject.get_background_image(), gradient)


def same_state(before: tuple, now: tuple) -> bool:
    """Whether two :func:`draw_state` are equal, arrays element by element (NaN never is)."""
    for a, b in zip(before, now, strict=True):
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)
                    and a.shape == b.shape and bool((a == b).all())):
                return False
        elif a is not b and a != b:
            return False
    return True


class PathKeepingCamera(Camera):
    """manim's Cairo camera, reusing the Cairo path of a mobject whose points did not change.

    Examples
    --------
    >>> from manim import Square, tempconfig
    >>> with tempconfig({"pixel_width": 64, "pixel_height": 36}):
    ...     camera = PathKeepingCamera()
    ...     square = Square()
    ...     for _ in range(3):
    ...         _ = camera.reset()
    ...         camera.capture_mobjects([square])
    >>> camera.paths_reused
    1
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # id(vmobject) -> [points seen, matrix, cairo.Path or None, frame last used]
        self.kept_paths: dict[int, list] = {}
        self.frames_captured = 0
        self.paths_reused = 0
        self.invisible_skipped = 0
        # Set (by LessonScene) when the next capture paints an animation's static frame.
        self.next_capture_static = False
        self._fresh = False            # the pixels are the background (reset since drawing)
        self._static = None            # (camera state, [(mobject, draw_state)], pixels)
        self.static_mobjects_reused = 0

    def reset(self):
        self._fresh = True
        return super().reset()

    def set_frame_to_background(self, background) -> None:
        self._fresh = False
        super().set_frame_to_background(background)

    def set_pixel_array(self, pixel_array, convert_from_floats: bool = False) -> None:
        """manim's, in one copy: manim copies the new pixels (``np.array``), then copies that
        into place, on every frame (the static frame, or the background)."""
        current = getattr(self, "pixel_array", None)
        if (not convert_from_floats and current is not None
                and isinstance(pixel_array, np.ndarray) and current.shape == pixel_array.shape
                and current.dtype == pixel_array.dtype):
            np.copyto(current, pixel_array)
            return
        super().set_pixel_array(pixel_array, convert_from_floats)

    def get_mobjects_to_display(self, mobjects, include_submobjects=True,
                                excluded_mobjects=None) -> list:
        """manim's list (every family member with points, the last of each repeat, by
        ``z_index`` if the camera uses it), made by :func:`families_with_points`."""
        if not include_submobjects or excluded_mobjects:
            return super().get_mobjects_to_display(mobjects, include_submobjects,
                                                   excluded_mobjects)
        found = families_with_points(mobjects)
        if self.use_z_index:
            return sorted(found, key=lambda m: m.z_index)
        return found

    def capture_mobjects(self, mobjects, **kwargs) -> None:
        self.frames_captured += 1
        if self.frames_captured % _FORGET_AFTER == 0:
            oldest = self.frames_captured - _FORGET_AFTER
            self.kept_paths = {k: v for k, v in self.kept_paths.items() if v[3] > oldest}
        static = self.next_capture_static and self._fresh
        self.next_capture_static = self._fresh = False
        if not static:
            return super().capture_mobjects(mobjects, **kwargs)
        self._capture_static(self.get_mobjects_to_display(mobjects, **kwargs))

    def _capture_static(self, shown: list) -> None:
        """Paint an animation's static frame, starting from the last one's pixels when that
        one's mobjects come first in this list and none has changed how it is painted.

        Cairo paints one mobject after another onto the same pixels, so the pixels after the
        first k of them do not depend on what comes after: the frame kept after painting a
        list, continued with the rest of a longer list, is that list painted from scratch.
        """
        camera = (self.background, self.pixel_array.shape,
                  tuple(self.get_cairo_context(self.pixel_array).get_matrix()))
        kept, start = self._static, 0
        if kept is not None and kept[0][0] is camera[0] and kept[0][1:] == camera[1:] \
                and len(kept[1]) <= len(shown) and all(
                    mob is was and same_state(state, draw_state(mob, copy=False))
                    for mob, (was, state) in zip(shown, kept[1])):
            start = len(kept[1])
            np.copyto(self.pixel_array, kept[2])
            self.static_mobjects_reused += start
        rest = shown[start:]
        for group_type, group in itertools.groupby(rest, self.type_or_raise):
            self.display_funcs[group_type](list(group), self.pixel_array)
        self._static = None
        if all(self.type_or_raise(mob) in (VMobject, Mobject) for mob in rest):  # no images
            states = (kept[1][:start] if start else []) + [(m, draw_state(m)) for m in rest]
            self._static = (camera, states, self.pixel_array.copy())

    def display_vectorized(self, vmobject, ctx: cairo.Context):
        # Cairo paints nothing with a fully transparent source (it returns before drawing),
        # so a mobject with nothing opaque is left out before its path and colours are set.
        if invisible(vmobject):
            self.invisible_skipped += 1
            return self
        return super().display_vectorized(vmobject, ctx)

    @staticmethod
    def unchanged(points_before, matrix_before, points, matrix) -> bool:
        """Whether a path built from ``points_before`` under ``matrix_before`` is the path of
        ``points`` under ``matrix``: the same numbers, element by element (a NaN never
        equals itself, so a mobject manim would draw as a single point is never reused)."""
        return (matrix_before == matrix and points_before.shape == points.shape
                and bool((points_before == points).all()))

    def set_cairo_context_path(self, ctx: cairo.Context, vmobject):
        points = vmobject.points
        if len(points) == 0:  # manim leaves Cairo's path as it was: so do we
            return super().set_cairo_context_path(ctx, vmobject)
        matrix = tuple(ctx.get_matrix())
        kept = self.kept_paths.get(id(vmobject))
        same = kept is not None and self.unchanged(kept[0], kept[1], points, matrix)
        if same and kept[2] is not None:
            ctx.new_path()
            ctx.set_matrix(_IDENTITY)
            ctx.append_path(kept[2])
            ctx.set_matrix(cairo.Matrix(*matrix))
            kept[3] = self.frames_captured
            self.paths_reused += 1
            return self
        super().set_cairo_context_path(ctx, vmobject)
        if same:  # unchanged since the frame before: keep what Cairo built, as Cairo holds it
            ctx.set_matrix(_IDENTITY)
            kept[2] = ctx.copy_path()
            ctx.set_matrix(cairo.Matrix(*matrix))
            kept[3] = self.frames_captured
        else:
            self.kept_paths[id(vmobject)] = [points.copy(), matrix, None, self.frames_captured]
        return self
