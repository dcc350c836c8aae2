"""What every lesson scene shares: the base class, the palette and small layout helpers.

A lesson scene gets validated params (or its defaults, under a plain ``manim`` command),
asks the core for its numbers once, and only draws them. ``mark`` records when something
appears, so frame tests can find the right frame without guessing.
"""

from __future__ import annotations

import copy

from manim import (BLUE, GREEN, GREY_B, ORANGE, RED, TEAL, WHITE, YELLOW, AnimationGroup, DecimalNumber,
                   FadeIn, PMobject, Rectangle, Scene, VMobject)
from manim.mobject.types.image_mobject import AbstractImageMobject
from manim.mobject.text.numbers import string_to_mob_map

from sgdanim.lessons import get as get_lesson

from scenes.kit.part import Part, PlayedPart

# One colour per meaning, across lessons.
DATA = GREY_B
MODEL = BLUE
WEIGHT = YELLOW        # the moving weight point
PATH = ORANGE
OPTIMUM = GREEN
GRAD = RED
TEXT = WHITE
ACCENT = TEAL


def _share_parsed_svg_paths() -> None:
    """Let copies of a glyph share its parsed SVG path instead of deep-copying it.

    manim keeps each glyph's svgelements path (hundreds of small objects) only to make the
    glyph's points once, at init, yet every copy deep-copies it, and Write, FadeIn and the
    Transforms copy what they animate: the path was most of a MathTex's copy time. Nothing
    changes a path after init, so a shared one draws the same (tests/scenes/test_kit.py).
    """
    from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

    if "__deepcopy__" in VMobjectFromSVGPath.__dict__:
        return
    copy_mobject = VMobjectFromSVGPath.__deepcopy__

    def __deepcopy__(self, memo):
        path = self.__dict__.get("path_obj")
        if path is not None:
            memo[id(path)] = path  # deepcopy hands back what the memo holds for an object
        return copy_mobject(self, memo)

    VMobjectFromSVGPath.__deepcopy__ = __deepcopy__


_share_parsed_svg_paths()


def _drawn(mob) -> bool:
    """Whether the camera paints anything for ``mob`` (a ValueTracker keeps its value in
    ``points`` but is never drawn)."""
    return isinstance(mob, (VMobject, PMobject, AbstractImageMobject)) and mob.has_points()


def _animated_family(animations) -> set:
    """Every mobject the animations touch, through nested groups (as manim collects them)."""
    found = set()
    for anim in animations:
        found.update(anim.mobject.get_family())
        if isinstance(anim, AnimationGroup):
            found |= _animated_family(anim.animations)
    return found


class LessonScene(Scene):
    """Base of every lesson scene. Subclasses set ``lesson_id`` and ``parts``, the
    :class:`~scenes.kit.part.Part` classes in playing order (one per ``PartSpec`` of the lesson).

    ``construct`` plays ``opening``, then each part the ``parts`` parameter picks with
    ``between_parts`` in between, then ``closing``; it records where each part fell
    (``played_parts``) and ends the last caption.
    """

    lesson_id: str = ""
    parts: tuple[type[Part], ...] = ()

    def __init__(self, params=None, **kwargs):
        self.lesson = get_lesson(self.lesson_id)
        self.params = params if params is not None else self.lesson.defaults()
        self.numbers = self.lesson.compute(self.params)
        self.timeline: list[tuple[float, str, dict]] = []
        self.played_parts: list[PlayedPart] = []
        self._said: tuple[float, str] | None = None
        super().__init__(**kwargs)

    def construct(self):
        by_id = {part.id: part for part in self.parts}
        chosen = self.lesson.chosen_parts(self.params)
        self.opening()
        for i, spec in enumerate(chosen):
            if i:
                self.between_parts()
            start = float(self.time)
            part = by_id[spec.id]()
            part.play(self, part.build(self.numbers, self.params))
            self.played_parts.append(PlayedPart(spec.id, spec.title, start, float(self.time)))
        self.closing()
        self.say(None)

    def opening(self) -> None:
        """Played before the first part (nothing by default)."""

    def between_parts(self) -> None:
        """Played between two parts: clear the screen."""
        self.clear_screen()

    def closing(self) -> None:
        """Played after the last part (nothing by default)."""

    def say(self, text: str | None) -> None:
        """Caption ``text`` from now until the next caption starts (``None`` ends the last), so
        each line stays up while its animation and the pause after it play. Every caption of a
        lesson goes through here."""
        said = self._said
        if said is not None and self.time > said[0]:
            self.add_subcaption(said[1], duration=self.time - said[0], offset=said[0] - self.time)
        self._said = None if text is None else (float(self.time), text)

    def mark(self, name: str, **info) -> None:
        """Record that ``name`` is on screen from now on (scene time in seconds)."""
        self.timeline.append((float(self.time), name, info))

    def marks(self, name: str) -> list[tuple[float, dict]]:
        return [(t, info) for t, n, info in self.timeline if n == name]

    def get_moving_mobjects(self, *animations):
        """manim's rule (everything from the first thing that moves on is redrawn each frame),
        except that a mover with no points, like a ValueTracker, starts nothing: it draws
        nothing, and whatever it drives has an updater of its own, so counts as moving."""
        moving = super().get_moving_mobjects(*animations)
        animated = _animated_family(animations)

        def moves(mob) -> bool:
            return any(m in animated or m.updaters or m in self.foreground_mobjects
                       for m in mob.get_family())

        for i, mob in enumerate(moving):
            if any(_drawn(m) for m in mob.get_family()) and moves(mob):
                return moving[i:]
        return []

    def keep_on_top(self, *mobjects) -> None:
        """Draw ``mobjects`` after everything else from now on (while they are on screen).

        manim redraws, every frame, everything drawn after the first thing that moves; the rest
        is painted once. Keeping the movers (walkers, growing curves) last lets panels, labels
        and tables added later stay in that once-painted part. (manim's foreground list would
        do it, but a mobject in it survives a FadeOut of a group that holds it.)
        """
        self._on_top = [*getattr(self, "_on_top", []), *mobjects]
        self.add(*mobjects)

    def add(self, *mobjects):
        super().add(*mobjects)
        on_top = getattr(self, "_on_top", [])
        if on_top:
            shown = set(self.get_mobject_family_members())
            added = {m for mob in mobjects for m in mob.get_family()}
            # Pulling one out of a group just added would break that group's removal.
            again = [m for m in on_top if m in shown and m not in added]
            if again:
                super().add(*again)
        return self

    def clear_screen(self, run_time: float = 0.8, **play_kwargs) -> None:
        """Fade everything out, then remove it.

        Fading a background-coloured curtain *in* looks the same as fading every mobject out,
        but copies one rectangle instead of every mobject on screen, and the rest of the frame
        is drawn once instead of every frame.
        """
        self._on_top = []  # the curtain covers them too
        frame = self.camera
        curtain = Rectangle(width=frame.frame_width + 1, height=frame.frame_height + 1,
                            stroke_width=0, fill_color=frame.background_color, fill_opacity=1)
        self.play(FadeIn(curtain), run_time=run_time, **play_kwargs)
        self.clear()


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


class FastDecimal(DecimalNumber):
    """A :class:`~manim.DecimalNumber` that is cheap to update every frame.

    It draws exactly what ``DecimalNumber`` draws, but skips the rebuild when the shown string
    does not change and copies cached glyphs without deep-copying their TeX settings.

    Examples
    --------
    >>> a, b = FastDecimal(3.14159, num_decimal_places=2), DecimalNumber(3.14159, num_decimal_places=2)
    >>> bool((a.get_all_points() == b.get_all_points()).all())
    True
    """

    def _string_to_mob(self, string, mob_class=None, **kwargs):
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


class FastInteger(FastDecimal):
    """A :class:`FastDecimal` without decimals (step and epoch counters).

    >>> FastInteger(7).get_value()
    7
    """

    def __init__(self, number=0, **kwargs):
        super().__init__(number, num_decimal_places=0, **kwargs)

    def get_value(self):
        return int(round(super().get_value()))
