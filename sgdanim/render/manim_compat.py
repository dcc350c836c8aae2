"""The one module that touches manim's private names, patches manim, or leans on its renderer.

Everything here was written for, and is tested with, the manim versions in ``SUPPORTED``.
:func:`check_version` refuses any other (``sgdanim render`` exits 2 naming the range), so a
new manim fails with one clear line instead of a wrong frame. ``tests/render/test_manim_compat.py``
fails if a private manim name, or an attribute patched here, is used anywhere else in
``sgdanim/`` or ``scenes/``.

What is here, and why:

- :func:`install`: the class-wide patches (copies of a glyph share its parsed SVG path;
  parsed SVGs kept on disk, :func:`keep_parsed_svgs_in`), applied when a render starts (and
  in ``LessonScene.__init__`` for a plain ``manim`` command), never on import. Idempotent.
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
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np

# manim's version, checked before any of it is imported (re-exported: callers name it here).
from .manim_version import SUPPORTED, UnsupportedManim, check_version, installed_version
# What a scene has played, read through manim's public attributes (re-exported: callers and
# tests name them here, beside the hooks that change what gets played).
from .manim_scene import (caption_count, captions_since, end_scene_early, finish_segments,
                          movie_path, played_seconds, plays_so_far, replay_captions,
                          replay_plays, segment_files)

__all__ = ["PATCHED", "SUPPORTED", "CannotSkip", "FastDecimalMixin", "UnsupportedManim",
           "check_version", "decide_plays", "install", "installed_version", "movie_path",
           "played_seconds", "replace_concatenation", "segment_files", "count_frames",
           "finish_segments", "plays_so_far", "take_svgs_from", "caption_count",
           "captions_since", "replay_captions", "replay_plays", "end_scene_early",
           "listen_for_formulas", "tex_file", "keep_parsed_svgs_in"]

# Every attribute of manim this module replaces, as "Class.attribute" (the first two
# class-wide, the others on one scene's renderer or file writer only).
PATCHED = ("VMobjectFromSVGPath.__deepcopy__", "SVGMobject.init_svg_mobject",
           "CairoRenderer.update_skipping_status", "CairoRenderer.play",
           "CairoRenderer.update_frame", "CairoRenderer.add_frame", "SceneFileWriter.combine_to_movie")

_installed = False


class CannotSkip(RuntimeError):
    """An animation that :func:`decide_plays` was told to skip cannot be skipped."""


def install() -> None:
    """Check manim's version and apply the class-wide patches, once per process."""
    global _installed
    if _installed:
        return
    check_version()
    _share_parsed_svg_paths()
    _keep_parsed_svgs()
    _installed = True


def forget_parsed_svgs() -> None:
    """Empty manim's process-wide map of every SVG mobject it has parsed (LaTeX and text).

    manim keeps one per distinct formula or label for the life of the process, so a process
    that renders many clips (``--all``, the soak test) grew by 3-4 MB a render. A render starts
    with an empty map; within it, the map still saves re-parsing (docs/performance.md).
    """
    from manim.mobject.svg import svg_mobject
    from manim.mobject.text import numbers

    svg_mobject.SVG_HASH_TO_MOB_MAP.clear()
    numbers.string_to_mob_map.clear()  # a number's glyphs: then a render asks for all it draws


def _share_parsed_svg_paths() -> None:
    """Let copies of a glyph share its parsed SVG path instead of deep-copying it.

    manim keeps each glyph's svgelements path (hundreds of small objects) only to make the
    glyph's points once, at init, yet every copy deep-copies it, and Write, FadeIn and the
    Transforms copy what they animate: the path was most of a MathTex's copy time. Nothing
    changes a path after init, so a shared one draws the same (tests/scenes/test_kit.py).
    """
    from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

    if "__deepcopy__" in VMobjectFromSVGPath.__dict__:  # patched already (or manim has one)
        return
    copy_mobject = VMobjectFromSVGPath.__deepcopy__

    def __deepcopy__(self, memo):
        path = self.__dict__.get("path_obj")
        if path is not None:
            memo[id(path)] = path  # deepcopy hands back what the memo holds for an object
        return copy_mobject(self, memo)

    VMobjectFromSVGPath.__deepcopy__ = __deepcopy__


_parsed_store = None   # where parsed SVG mobjects are kept on disk (keep_parsed_svgs_in)


def keep_parsed_svgs_in(store) -> None:
    """Before manim parses an SVG, take the parsed mobject from ``store``
    (:class:`~sgdanim.render.svg_store.ParsedSvgs`), and give it each one parsed; None: stop.
    manim builds from its map then, as for a formula's second use (docs/performance.md)."""
    global _parsed_store
    _parsed_store = store


def _keep_parsed_svgs() -> None:
    """The class-wide half of :func:`keep_parsed_svgs_in` (manim's own code while no store is
    set), keyed by the SVG's bytes and manim's key without the path (each render's own)."""
    from manim.mobject.svg import svg_mobject
    from manim.utils.iterables import hash_obj

    if getattr(svg_mobject.SVGMobject.init_svg_mobject, "keeps_parsed_svgs", False):
        return
    parse = svg_mobject.SVGMobject.init_svg_mobject

    def init_svg_mobject(self, use_svg_cache):
        store, known = _parsed_store, svg_mobject.SVG_HASH_TO_MOB_MAP
        hashed = hash_obj(self.hash_seed) if store is not None and use_svg_cache else None
        if hashed is None or hashed in known:
            return parse(self, use_svg_cache)
        seed = tuple(part for part in self.hash_seed if part != self.file_name)
        key = store.key(self.get_file_path().read_bytes(), seed)
        kept = store.load(key)
        if kept is None:
            parse(self, use_svg_cache)
            return store.save(key, known[hashed]) or self
        known[hashed] = kept
        return parse(self, use_svg_cache)   # takes it from the map, as for a second use

    init_svg_mobject.keeps_parsed_svgs = True
    svg_mobject.SVGMobject.init_svg_mobject = init_svg_mobject


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
def _clock_after(scene, start: float, frame_rate: float) -> float:
    """The renderer's clock after playing the scene's current animation from ``start``: manim
    adds ``dt`` per drawn frame, or frames × ``dt`` at once for a frozen frame, and the floats
    only agree to the last bit if they are summed the same way."""
    dt = 1 / frame_rate
    if scene.is_current_animation_frozen_frame():  # a Wait with nothing moving
        return start + int(scene.duration / dt) * dt
    for _ in np.arange(0, scene.duration, 1 / frame_rate):
        start += dt
    return start


def decide_plays(scene, play: Callable[[int, bool], bool]) -> None:
    """Ask ``play(index, skipped)`` before each of the scene's animations whether to draw it.

    ``skipped`` says manim skips it anyway. An animation not drawn is skipped the way manim's
    ``--from_animation_number`` skips it: the scene goes straight to its end state and no frame
    is painted or written. Its clock still moves on by the whole frames it would have had
    (:func:`_clock_after`), so captions and marks fall on the same frames as when it is drawn.
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
            renderer.time = _clock_after(scene_, start, renderer.camera.frame_rate)

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




# -- SVGs this machine made before: "tex", "texts" -> where to look before making one ----------
_svg_sources: dict[str, Path] = {}
_formula_listeners: list[Callable[[str, str | None], None]] = []


def listen_for_formulas(listener: Callable[[str, str | None], None]) -> Callable[[], None]:
    """Call ``listener(expression, environment)`` for each formula manim asks for; returns
    the function that stops it."""
    _look_before_making_svgs()
    _formula_listeners.append(listener)
    return lambda: _formula_listeners.remove(listener)


def tex_file(expression: str, environment: str | None, tex_template=None) -> Path:
    """Write manim's .tex file for a formula into ``config.tex_dir``, under manim's name for
    it (a hash of the file; its SVG's name is the same with ``.svg``)."""
    from manim.utils.tex_file_writing import generate_tex_file
    return generate_tex_file(expression, environment, tex_template)


def take_svgs_from(tex: Path | None, texts: Path | None) -> None:
    """Before LaTeX compiles a formula or Pango lays out a text, look for its SVG, by the
    file name manim gives it (a hash of what it draws), in ``tex`` or ``texts`` (Pango's for
    this frame size) and copy it in if there; None: make it as manim does. Only what a render
    asks for is copied, so a large folder costs nothing. Forked helpers inherit it."""
    _svg_sources.clear()
    _svg_sources.update({kind: Path(folder) for kind, folder in (("tex", tex), ("texts", texts))
                         if folder is not None})
    _look_before_making_svgs()


def _fetch_svg(kind: str, target: Path) -> bool:
    """Copy the SVG named like ``target`` into this process's own folder, if it is there."""
    folder = _svg_sources.get(kind)
    try:
        return folder is not None and shutil.copyfile(folder / target.name, target) is not None
    except OSError:  # not there, or unreadable: make it
        Path(target).unlink(missing_ok=True)
        return False


def _look_before_making_svgs() -> None:
    import manimpango
    from manim import config
    from manim.mobject.text import tex_mobject
    if getattr(tex_mobject.tex_to_svg_file, "sgdanim", False):
        return
    compile_tex_svg, layout_text_svg = tex_mobject.tex_to_svg_file, manimpango.text2svg

    def tex_to_svg_file(expression, environment=None, tex_template=None):
        for listener in _formula_listeners:
            listener(expression, environment)
        if "tex" in _svg_sources:   # manim's own name: beside the .tex file it writes
            template = config["tex_template"] if tex_template is None else tex_template
            svg = tex_file(expression, environment, template).with_suffix(".svg")
            svg.exists() or _fetch_svg("tex", svg)
        return compile_tex_svg(expression, environment, tex_template)

    def text2svg(*args, **kwargs):
        target = args[4] if len(args) > 4 else kwargs.get("file_name")  # as Text passes it
        found = target is not None and _fetch_svg("texts", Path(target))
        return str(target) if found else layout_text_svg(*args, **kwargs)

    tex_to_svg_file.sgdanim = text2svg.sgdanim = True
    tex_mobject.tex_to_svg_file, manimpango.text2svg = tex_to_svg_file, text2svg
