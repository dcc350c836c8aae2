"""The one place that touches manim's private names, patches manim, or leans on its renderer.

Everything here was written for, and is tested with, the manim versions in ``SUPPORTED``.
:func:`check_version` refuses any other (``sgdanim render`` exits 2 naming the range), so a
new manim fails with one clear line instead of a wrong frame. ``tests/render/test_manim_compat.py``
fails if a private manim name, or an attribute patched here, is used anywhere else in
``sgdanim/`` or ``scenes/``.

What is here, and why:

- :func:`install`: the class-wide patches (copies of a glyph share its parsed SVG path;
  parsed SVGs kept on disk, :func:`keep_parsed_svgs_in`; a still converted once for the
  encoder), applied when a render starts (and in ``LessonScene.__init__`` for a plain
  ``manim`` command), never on import. Idempotent.
- :class:`FastDecimalMixin`: the parts of ``scenes.kit.numbers.FastDecimal`` that override or
  call ``DecimalNumber``'s private methods.
- :func:`decide_plays`, :func:`replace_concatenation`: the hooks into one scene's renderer
  and file writer that let several processes share out a lesson's animations
  (:mod:`sgdanim.render.split`).
- What a scene has played, its files, clock and captions, read through manim's public
  attributes, live in :mod:`sgdanim.render.manim_scene` (re-exported here).
- :func:`take_svgs_from`: SVGs this machine made before, taken when manim asks for one;
  :func:`listen_for_formulas`, :func:`tex_file`: formulas asked for, manim's file for one.

Nothing imports manim at module level: its version is checked first (:mod:`.manim_version`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from fractions import Fraction


# manim's version, checked before any of it is imported (re-exported: callers name it here).
from ..manim_version import SUPPORTED, UnsupportedManim, check_version, installed_version
# What a scene has played, read through manim's public attributes (re-exported: callers and
# tests name them here, beside the hooks that change what gets played).
from ..manim_scene import (caption_count, captions_since, clock_after, end_scene_early,
                          finish_segments, movie_path, played_seconds, plays_so_far,
                          replay_captions, replay_plays, segment_files)
# SVGs: parsed ones shared and kept, made ones taken from this machine's folders.
from .svgs import (forget_parsed_svgs, keep_parsed_svgs_in, keep_parsed_svgs,
                   listen_for_formulas, share_parsed_svg_paths, take_svgs_from, tex_file)

__all__ = ["PATCHED", "SUPPORTED", "CannotSkip", "FastDecimalMixin", "UnsupportedManim",
           "check_version", "decide_plays", "install", "installed_version", "movie_path",
           "played_seconds", "replace_concatenation", "segment_files", "count_frames",
           "finish_segments", "plays_so_far", "take_svgs_from", "caption_count",
           "captions_since", "replay_captions", "replay_plays", "end_scene_early",
           "listen_for_formulas", "tex_file", "keep_parsed_svgs_in", "forget_parsed_svgs",
           "keep_parsed_svgs", "share_parsed_svg_paths"]

# Every attribute of manim this module replaces, as "Class.attribute" (the first three
# class-wide, the others on one scene's renderer or file writer only).
PATCHED = ("VMobjectFromSVGPath.__deepcopy__", "SVGMobject.init_svg_mobject",
           "VideoSegmentEncoder.write_frame", "CairoRenderer.update_skipping_status",
           "CairoRenderer.play", "CairoRenderer.update_frame", "CairoRenderer.add_frame",
           "SceneFileWriter.combine_to_movie")

_installed = False


class CannotSkip(RuntimeError):
    """An animation that :func:`decide_plays` was told to skip cannot be skipped."""


def install() -> None:
    """Check manim's version and apply the class-wide patches, once per process."""
    global _installed
    if _installed:
        return
    check_version()
    share_parsed_svg_paths()
    keep_parsed_svgs()
    _convert_stills_once()
    _installed = True


def _convert_stills_once() -> None:
    """Frames reach the encoder with one copy less, and a still is converted once.

    - manim wraps every frame in a new PyAV frame (``from_ndarray``: a copy, 8 MB at 1080p),
      then converts that to yuv420p. Here the conversion reads manim's array in place
      (``from_numpy_buffer``); the array is manim's own copy, queued for this encoder.
    - A still (``write_frame(pixels, repeat=n)``: a wait with nothing moving, a third of a
      lesson's frames) is converted once, by the call PyAV's encode makes, and that frame
      encoded n times; manim converted it n times.

    The packets are the ones manim's own ``write_frame`` makes, at every size sgdanim renders,
    with the allocator's fill a render has (:func:`sgdanim.render.scene.tune_the_allocator`:
    at 854 wide x264 reads a few bytes nobody writes; tests/render/test_manim_compat_stills.py).
    """
    import av
    from manim.scene.video_segment_encoder import VideoSegmentEncoder

    write = VideoSegmentEncoder.write_frame
    if getattr(write, "converts_stills_once", False):
        return

    def write_frame(self, pixels, *, repeat=1):
        if not isinstance(repeat, int) or isinstance(repeat, bool) or repeat < 1:
            return write(self, pixels, repeat=repeat)   # manim's own checks and errors
        self._validate_frame(pixels, repeat)
        stream, codec = self._stream, self._stream.codec_context
        try:
            frame = _in_place(av, pixels)
            if repeat > 1:
                frame = frame.reformat(codec.width, codec.height, codec.format,
                                       threads=codec.thread_count)
            frame.time_base = 1 / Fraction(self.spec.frame_rate)
            for _ in range(repeat):
                frame.pts, self._next_pts = self._next_pts, self._next_pts + 1
                for packet in stream.encode(frame):
                    self._container.mux(packet)
        except BaseException as error:
            raise self._operation_error("encode", error) from error

    write_frame.converts_stills_once, write_frame.__wrapped__ = True, write
    VideoSegmentEncoder.write_frame = write_frame


def _in_place(av, pixels):
    """A PyAV frame over ``pixels`` without copying them, or a copy where their rows are not
    laid out one after another (a view of a bigger array)."""
    try:
        return av.VideoFrame.from_numpy_buffer(pixels, format="rgba")
    except ValueError:
        return av.VideoFrame.from_ndarray(pixels, format="rgba")


# -- DecimalNumber --------------------------------------------------------------------------------
def _light_copy(mob):
    """A copy of a cached glyph that owns only what gets moved or recoloured.

    ``Mobject.copy`` deep-copies every attribute (the TeX template, SVG settings, ...), which
    made ``DecimalNumber.set_value`` the biggest per-frame cost of a lesson at 60 fps.
    """
    new = copy.copy(mob)
    for name in ("points", "fill_rgbas", "stroke_rgbas", "background_stroke_rgbas"):
        if name in mob.__dict__:
            setattr(new, name, getattr(mob, name).copy())
    new.submobjects = [_light_copy(sub) for sub in mob.submobjects]
    new.updaters = []
    return new


class FastDecimalMixin:
    """``DecimalNumber`` without its per-frame waste; mix it in before ``DecimalNumber``.

    ``set_value`` skips the rebuild when the shown string does not change; glyphs come from
    manim's own glyph cache by a light copy instead of a deep one. What is drawn is exactly
    what ``DecimalNumber`` draws (tests/scenes/test_kit.py). The public class, with its
    docstring, is :class:`scenes.kit.numbers.FastDecimal`.
    """

    def _string_to_mob(self, string, mob_class=None, **kwargs):
        from manim.mobject.text.numbers import string_to_mob_map

        if kwargs:
            return super()._string_to_mob(string, mob_class, **kwargs)
        if string not in string_to_mob_map:
            string_to_mob_map[string] = (mob_class or self.mob_class)(string)
        mob = _light_copy(string_to_mob_map[string])
        mob.font_size = self._font_size
        return mob

    def set_value(self, number):
        if getattr(self, "number", None) is not None and \
                self._get_num_string(number) == self._get_num_string(self.number):
            self.number = number
            return self
        if any(m.get_sheen_factor() for m in self.get_family()):
            return super().set_value(number)  # sheen leaves traces that init_colors keeps
        # DecimalNumber.set_value without its glyph-by-glyph match_style: init_colors then
        # restyles every glyph from the number itself, which overwrites all of it (tested).
        old_family = self.get_family()
        font_size = self.font_size
        anchor = self.get_edge_center(self.edge_to_fix)
        self._set_submobjects_from_number(number)
        self.font_size = font_size
        self.move_to(anchor, self.edge_to_fix)
        for mob in old_family:  # as manim does for Cairo, so updaters leave no stale glyphs
            mob.points[:] = 0
        self.init_colors()
        return self


# -- one scene's renderer and file writer ---------------------------------------------------------
def decide_plays(scene, play: Callable[[int, bool], bool]) -> None:
    """Ask ``play(index, skipped)`` before each of the scene's animations whether to draw it.

    ``skipped`` says manim skips it anyway. An animation not drawn is skipped the way manim's
    ``--from_animation_number`` skips it: the scene goes straight to its end state and no frame
    is painted or written. Its clock still moves on by the whole frames it would have had
    (:func:`~.manim_scene.clock_after`), so captions and marks fall on the same frames as when it is drawn.
    """
    renderer = scene.renderer
    update_skipping = renderer.update_skipping_status
    manim_play = renderer.play
    draw = renderer.update_frame

    def decide() -> None:
        update_skipping()
        if not play(renderer.num_plays, renderer.skip_animations):
            renderer.skip_animations = True

    def play_on_whole_frames(scene_, *args, **kwargs) -> None:
        start = renderer.time
        manim_play(scene_, *args, **kwargs)
        if renderer.skip_animations:
            if getattr(scene_, "stop_condition", None) is not None:
                raise CannotSkip("wait_until cannot be skipped: its length depends on the "
                                 "frames drawn")
            renderer.time = clock_after(scene_, start, renderer.camera.frame_rate)

    def draw_unless_skipping(*args, **kwargs) -> None:
        # manim paints a skipped animation's static frame anyway; nothing here is written.
        if not renderer.skip_animations:
            draw(*args, **kwargs)

    renderer.update_skipping_status = decide
    renderer.play = play_on_whole_frames
    renderer.update_frame = draw_unless_skipping


def count_frames(scene, on_frames: Callable[[int], None]) -> None:
    """Call ``on_frames(n)`` whenever the scene's renderer writes ``n`` frames (a skipped
    animation writes none)."""
    renderer = scene.renderer
    add_frame = renderer.add_frame

    def add_and_count(frame, num_frames: int = 1) -> None:
        add_frame(frame, num_frames)
        if not renderer.skip_animations:
            on_frames(num_frames)

    renderer.add_frame = add_and_count


def replace_concatenation(scene, combine: Callable[[Callable[[], None]], None]) -> None:
    """Where the scene's file writer would concatenate its segments into the movie, call
    ``combine(concatenate)`` instead: it may fill in :func:`segment_files` first, and calls
    ``concatenate()`` for the movie, or does not (a process that only encodes segments)."""
    writer = scene.renderer.file_writer
    concatenate = writer.combine_to_movie
    writer.combine_to_movie = lambda: combine(concatenate)
