"""manim's SVGs: parsed ones shared between copies and kept on disk, and the SVGs this
machine made before taken when manim asks for one. Part of :mod:`sgdanim.render.manim_compat`
(its patches, and its private names, stay in this package; ``install`` applies these)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

__all__ = ["forget_parsed_svgs", "keep_parsed_svgs", "keep_parsed_svgs_in",
           "listen_for_formulas", "share_parsed_svg_paths", "take_svgs_from", "tex_file"]


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


def share_parsed_svg_paths() -> None:
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


def keep_parsed_svgs() -> None:
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
