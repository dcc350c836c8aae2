"""What every lesson scene shares: the base class, the palette and small layout helpers.

A lesson scene gets validated params (or its defaults, under a plain ``manim`` command),
asks the core for its numbers once, and only draws them. ``mark`` records when something
appears, so frame tests can find the right frame without guessing.
"""

from __future__ import annotations

import json

from manim import (LEFT, UL, AnimationGroup, FadeIn, ImageMobject, ImageMobjectFromCamera, PMobject,
                   Rectangle, Scene, Text, VMobject)

from sgdanim.lessons import get as get_lesson
from sgdanim.render.manim_compat import (caption_count, captions_since, install, plays_so_far,
                                         replay_captions, replay_plays)

from scenes.kit.captioning import Captioning
from scenes.kit.captions import make_room_for_captions
from scenes.kit.part import Part, PlayedPart
from scenes.kit.style import TEXT, TITLE_SIZE
from scenes.kit.updating import UpdaterCalls, update_families


def header(text: str) -> Text:
    """A part's title, in the top-left corner, the same in every lesson."""
    return Text(text, font_size=TITLE_SIZE, color=TEXT).to_corner(UL, buff=0.35)


def inside_frame(mob, margin: float = 0.2):
    """``mob`` moved (and shrunk if it is too wide) so that it stays ``margin`` inside the
    frame's edges: text placed beside something near an edge must not be cut by it."""
    from manim import config   # the frame of the render under way (tempconfig)

    half_width = config.frame_width / 2 - margin
    if mob.width > 2 * half_width:
        mob.scale_to_fit_width(2 * half_width)
    over = max(mob.get_right()[0] - half_width, 0.0) - max(-half_width - mob.get_left()[0], 0.0)
    return mob.shift(LEFT * over)


def covers(mob, other) -> bool:
    """Whether the bounding boxes of ``mob`` and ``other`` share more than an edge: one
    label set on another, or on a dot (the box rule of
    :func:`sgdanim.lessons.optimizers.inset.overlaps`, on mobjects).

    >>> from manim import Square
    >>> square = Square(1)
    >>> [covers(square, square.copy().shift([dx, 0, 0])) for dx in (0.9, 1.0)]
    [True, False]
    """
    return bool(mob.get_left()[0] < other.get_right()[0]
                and other.get_left()[0] < mob.get_right()[0]
                and mob.get_bottom()[1] < other.get_top()[1]
                and other.get_bottom()[1] < mob.get_top()[1])


def _drawn(mob) -> bool:
    """Whether the camera paints anything for ``mob`` (a ValueTracker keeps its value in
    ``points`` but is never drawn)."""
    return (isinstance(mob, (VMobject, PMobject, ImageMobject, ImageMobjectFromCamera))
            and mob.has_points())


def _animated_family(animations) -> set:
    """Every mobject the animations touch, through nested groups (as manim collects them)."""
    found = set()
    for anim in animations:
        found.update(anim.mobject.get_family())
        if isinstance(anim, AnimationGroup):
            found |= _animated_family(anim.animations)
    return found


def _plain_json(value):
    """``value`` as the part cache's meta.json will hold it: lists for tuples, numpy's numbers
    as Python's, so a record replayed from the cache and one just made are equal."""
    return json.loads(json.dumps(value, default=lambda v: v.tolist() if hasattr(v, "tolist")
                                 else str(v)))


def chapters(starts, end: float, numbers=None) -> list[PlayedPart]:
    """Each part from where it starts to where the next one does, so the chapters cover the
    whole video: the opening counts as the first part's, the fade after a part as that
    part's, the closing as the last one's. A part that took no time is no chapter. Each
    title is the one at the run's ``numbers``, where its part has one of its own.

    >>> from sgdanim.lessons import PartSpec
    >>> starts = [(PartSpec(i, i.upper()), t) for i, t in (("a", 0.0), ("b", 0.0), ("c", 2.5))]
    >>> [(p.id, p.start, p.end) for p in chapters(starts, 4.0)]
    [('b', 0.0, 2.5), ('c', 2.5, 4.0)]
    """
    ends = [start for _, start in starts[1:]] + [end]
    return [PlayedPart(spec.id, spec.title_at(numbers), start, stop)
            for (spec, start), stop in zip(starts, ends) if stop > start]


class LessonScene(Captioning, Scene):
    """Base of every lesson scene. Subclasses set ``lesson_id`` and ``parts``, the
    :class:`~scenes.kit.part.Part` classes in playing order (one per ``PartSpec`` of the lesson).

    ``construct`` plays ``opening``, then each part the ``parts`` parameter picks with
    ``between_parts`` in between, then ``closing``; it records where each part fell
    (``played_parts``) and ends the last caption. Its lines are said through
    :class:`~scenes.kit.captioning.Captioning`.
    """

    lesson_id: str = ""
    parts: tuple[type[Part], ...] = ()
    # Called with (the part's index among the chosen parts, the scene's clock) as each part
    # begins, and (None, clock) at the end; the render pipeline sets them on the instance.
    part_listeners: tuple = ()
    # Records of the first and last parts (by index among the chosen parts), as the part cache
    # stored them, that ``construct`` may replay instead of playing (:meth:`_fast_forward`,
    # :meth:`_replay_tail`).
    replayable: dict = {}

    def __init__(self, params=None, narrator=None, **kwargs):
        """``narrator`` (the pipeline's ``sgdanim.render.voice.Narrator``, or None for a silent
        render) speaks each caption; the scene then waits for the voice."""
        install()  # manim_compat's patch, before any glyph is copied (also under a plain manim)
        self.narrator = narrator
        self.lesson = get_lesson(self.lesson_id)
        self.params = params if params is not None else self.lesson.defaults()
        self.numbers = self.lesson.compute(self.params)
        self.timeline: list[tuple[float, str, dict]] = []
        self.played_parts: list[PlayedPart] = []
        self.part_records: dict[int, dict] = {}   # what each part did (_close_record)
        self._record_from = None      # where the part begun last started: plays, clock, counts
        self.fast_forwarded = 0       # how many parts were replayed, not played
        self.replayed_tail = 0        # how many of the last parts were (_replay_tail)
        super().__init__(**kwargs)
        if self._burns_captions():
            make_room_for_captions(self.camera)

    def construct(self):
        chosen = self.lesson.chosen_parts(self.params)
        starts = []
        first = self._fast_forward(chosen, starts)
        if first == 0:
            self._tell_part(0)
            self.opening()
        to_end = first == len(chosen)   # the last part's record then holds the closing
        for i, spec in enumerate(chosen[first:], start=first):
            if i > first:
                self._end_part(self._part_class(spec).starts_clean)
                to_end = self._replay_tail(chosen, i, starts)
                if to_end:
                    break
                self._tell_part(i)
            starts.append((spec, 0.0 if i == 0 else float(self.time)))
            part = self._part_class(spec)()
            part.play(self, part.build(self.numbers, self.params))
        if not to_end:
            self.closing()
            self.say(None)  # may hold the picture until the last line is read: the last part's
        self._tell_part(None)
        self.played_parts = chapters(starts, float(self.time), self.numbers)

    def _part_class(self, spec) -> type:
        """The scene's :class:`~scenes.kit.part.Part` class for one of the lesson's part specs."""
        return next(part for part in self.parts if part.id == spec.id)

    def _end_part(self, next_starts_clean: bool) -> None:
        """``between_parts``; before a clean part, the last line is read to its end first and
        taken down after: nothing of this part reaches its frames (``parts.part_keys``)."""
        if next_starts_clean:
            self.finish_caption()
        self.between_parts()
        if next_starts_clean:
            self.say(None)

    def _fast_forward(self, chosen, starts: list) -> int:
        """Replay the reused parts before the last part that starts clean
        (:attr:`~scenes.kit.part.Part.starts_clean`) and follows only parts with a record in
        ``replayable``, instead of building and playing them (and the opening); returns the
        index of the first part to play (0: none replayed). If every part has a record, all
        are replayed, whatever they leave: nothing comes after them that could need it.

        A record says what the part did (:meth:`_close_record`): its animations, whose stored
        segments the part cache puts in their places, its clock, marks, captions and spoken
        lines, and the caption still up as it ended. Replaying it leaves the scene as playing
        it would, for everything a clean-starting part reads.
        """
        first = 0
        for m in range(1, len(chosen) + 1):
            if m - 1 not in self.replayable:
                break
            first = m if m == len(chosen) or self._part_class(chosen[m]).starts_clean else first
        for i in range(first):
            self._replay(chosen, i, starts)
        if 0 < first < len(chosen):
            self._burn(None if self._said is None else self._said[1])   # after the fade
            self._tell_part(first)
        self.fast_forwarded = first
        return first

    def _replay_tail(self, chosen, index: int, starts: list) -> bool:
        """After a drawn part: replay parts ``index``... to the end from their records, as
        :meth:`_fast_forward` replays the first ones, if part ``index`` starts clean, every
        part from it on has a record, and the first record begins exactly here (animations and
        clock, to the last bit; a drawn part of another length leaves the records' absolute
        times wrong, and they are not shifted: the parts are built and skipped instead).
        Returns whether it replayed them."""
        record = self.replayable.get(index)
        if (record is None or not self._part_class(chosen[index]).starts_clean
                or any(i not in self.replayable for i in range(index, len(chosen)))
                or record["first"] != plays_so_far(self) or record["start"] != float(self.time)):
            return False
        for i in range(index, len(chosen)):
            self._replay(chosen, i, starts)
        self.replayed_tail = len(chosen) - index
        return True

    def _replay(self, chosen, index: int, starts: list) -> None:
        """Part ``index`` as its record says it played (:meth:`_fast_forward`)."""
        record = self.replayable[index]
        self._tell_part(index)
        starts.append((chosen[index], record["start"]))
        replay_plays(self, record["plays"], record["end"])
        self.timeline += [(t, name, info) for t, name, info in record["marks"]]
        replay_captions(self, record["captions"])
        for at, line in record["spoken"]:
            self.narrator.say(line, at=at)   # cached speech: the soundtrack needs the lines
        self._said = None if record["said"] is None else tuple(record["said"])

    def _tell_part(self, index: int | None) -> None:
        """Tell the render's listeners (progress, the part cache) that the ``index``-th
        chosen part begins (after the fade that closes the one before), or, with ``None``,
        that the last has ended. The opening is the first part's, the closing the last's."""
        self._close_record()
        for listener in self.part_listeners:
            listener(index, float(self.time))
        if index is not None:
            lines = len(self.narrator.lines) if self.narrator is not None else 0
            self._record_from = (index, plays_so_far(self), float(self.time),
                                 len(self.timeline), caption_count(self), lines)

    def _close_record(self) -> None:
        """Write down what the part begun last did (``part_records``, JSON-ready), as it ends."""
        if self._record_from is None:
            return
        index, plays, start, marks, captions, lines = self._record_from
        spoken = self.narrator.lines[lines:] if self.narrator is not None else []
        self.part_records[index] = _plain_json({
            "first": plays, "plays": plays_so_far(self) - plays,
            "start": start, "end": float(self.time), "marks": self.timeline[marks:],
            "captions": captions_since(self, captions),
            "spoken": [[at, line] for at, line, *_ in spoken], "said": self._said})
        self._record_from = None

    def opening(self) -> None:
        """Played before the first part (nothing by default)."""

    def between_parts(self) -> None:
        """Played between two parts: clear the screen."""
        self.clear_screen()

    def closing(self) -> None:
        """Played after the last part (nothing by default)."""

    def mark(self, name: str, **info) -> None:
        """Record that ``name`` is on screen from now on (scene time in seconds)."""
        self.timeline.append((float(self.time), name, info))

    def marks(self, name: str) -> list[tuple[float, dict]]:
        return [(t, info) for t, n, info in self.timeline if n == name]

    def update_mobjects(self, dt: float) -> None:
        """manim's updater calls, in its order, without visiting every glyph
        (:func:`~scenes.kit.updating.update_families`)."""
        if not hasattr(self, "_updater_calls"):
            self._updater_calls = UpdaterCalls()
        update_families(self.mobjects, dt, self._updater_calls)

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

    def get_moving_and_static_mobjects(self, animations):
        """manim's split; a camera that keeps static frames (``sgdanim.render.fast_draw``)
        hears that the next frame it paints is the static one."""
        moving, static = super().get_moving_and_static_mobjects(animations)
        if hasattr(self.camera, "next_capture_static"):
            self.camera.next_capture_static = bool(static)
        return moving, static

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
        # The curtain covers everything but the burned-in caption, which outlives the fade.
        self._on_top = [self._caption] if self._caption is not None else []
        frame = self.camera
        curtain = Rectangle(width=frame.frame_width + 1, height=frame.frame_height + 1,
                            stroke_width=0, fill_color=frame.background_color,
                            fill_opacity=1).move_to(frame.frame_center)
        self.play(FadeIn(curtain), run_time=run_time, **play_kwargs)
        self.clear()
        if self._caption is not None:
            self.add(self._caption)
