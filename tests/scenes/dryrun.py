"""A lesson played with no frame drawn: its captions, its length, and every text it puts on
screen, in seconds instead of minutes.

The package's dry run (:mod:`sgdanim.render.dry_run`, which also lists each lesson's formulas)
plays the lesson; this module watches it. ``tests/scenes/test_captions.py`` checks the
captions and ``tests/scenes/test_style.py`` the text sizes and layout from the same run.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass

import manim


TEXT_TYPES = (manim.Text, manim.MarkupText, manim.MathTex, manim.Tex, manim.DecimalNumber)


@dataclass(frozen=True)
class DryRun:
    """What a played lesson showed: ``cues`` as ``(start, stop, text)``, its length in
    ``seconds``, ``texts``: every text that reached the screen, as ``(font size, words)``,
    ``layout``: the first time each text was cut by the frame's edge or overlapped another
    text, as ``(seconds, problem)``, and ``formulas``: every ``(expression, environment)``
    manim asked LaTeX for (``sgdanim/render/formulas``), ``fonts``: the typeface of every
    Pango text that reached the screen, and ``glyphs``: every character those texts show, as
    ``(face, character)`` (:func:`characters_by_face`)."""

    cues: list
    seconds: float
    texts: frozenset
    layout: tuple = ()
    formulas: frozenset = frozenset()
    fonts: frozenset = frozenset()
    glyphs: frozenset = frozenset()


def _words(mob) -> str:
    return (getattr(mob, "original_text", None) or getattr(mob, "tex_string", None)
            or type(mob).__name__)


_FACE_SPAN = re.compile(r'<span font_family="([^"]+)">([^<]*)</span>')


def characters_by_face(font: str, text: str, markup: bool) -> set[tuple[str, str]]:
    """What a Pango text shows, as ``(face, character)``: ``text`` in ``font``, or, for markup,
    each ``<span font_family>``'s characters in its face and the rest, without tags and
    entities, in ``font`` (spaces left out).

    >>> sorted(characters_by_face("A", '2/<span font_family="B">λ</span><sup>−4</sup>', True))
    [('A', '/'), ('A', '2'), ('A', '4'), ('A', '−'), ('B', 'λ')]
    """
    found = set()
    if markup:
        found.update((face, c) for face, run in _FACE_SPAN.findall(text)
                     for c in html.unescape(run))
        text = html.unescape(re.sub(r"<[^>]*>", "", _FACE_SPAN.sub("", text)))
    return found | {(font, c) for c in text if not c.isspace()}


def note_texts(scene, texts: set, fonts: set | None = None, glyphs: set | None = None) -> None:
    """Add to ``texts`` the ``(font size, words)`` of every text ``scene`` puts on screen from
    now on, to ``fonts`` the typeface of each Pango text among them, and to ``glyphs`` the
    ``(face, character)`` they show: ``Scene.add`` is where every mobject arrives, played or added
    directly."""
    add = scene.add

    def add_and_note(*mobjects):
        for mob in mobjects:
            shown = [m for m in mob.get_family() if isinstance(m, TEXT_TYPES) and m.height > 0]
            texts.update((round(float(m.font_size), 1), _words(m)) for m in shown)
            pango = [m for m in shown if isinstance(m, (manim.Text, manim.MarkupText))]
            if fonts is not None:
                fonts.update(m.font for m in pango)
            if glyphs is not None:
                glyphs.update(pair for m in pango for pair in characters_by_face(
                    m.font, m.original_text, isinstance(m, manim.MarkupText)))
        return add(*mobjects)

    scene.add = add_and_note


def _on_screen_texts(scene) -> list:
    found = []

    def walk(mob):
        if isinstance(mob, TEXT_TYPES):
            # A MathTex's own fill is 0 (its glyphs hold the colour), so ask the glyphs.
            if mob.height > 0 and max((m.get_fill_opacity() for m in
                                       mob.family_members_with_points()), default=0) > 0.05:
                found.append(mob)
            return
        for sub in mob.submobjects:
            walk(sub)

    for mob in scene.mobjects:
        walk(mob)
    return found


def _box(mob) -> tuple:
    """``(left, right, bottom, top)`` as ``get_left()`` and the rest read them, from one walk of
    the family's boundary points instead of four (the layout check boxes every text on screen
    after every play)."""
    points = mob.get_points_defining_boundary()
    if len(points) == 0:
        return 0.0, 0.0, 0.0, 0.0      # manim's critical points of a mobject without points
    low, high = points.min(axis=0), points.max(axis=0)
    return low[0], high[0], low[1], high[1]


def layout_problems(texts: list, half_width: float, half_height: float) -> list[str]:
    """Texts cut by the frame's edge, and pairs of texts whose boxes overlap by more than
    0.05 units both ways (a text drawn twice in one place is one text, not an overlap)."""
    problems = []
    boxes = [(mob, _box(mob)) for mob in texts]
    for mob, (left, right, bottom, top) in boxes:
        if min(left + half_width, half_width - right, bottom + half_height, half_height - top) < -0.01:
            problems.append(f"{_words(mob)[:40]!r} is cut by the frame's edge")
    for i, (mob, box) in enumerate(boxes):
        for other, other_box in boxes[i + 1:]:
            wide = min(box[1], other_box[1]) - max(box[0], other_box[0])
            tall = min(box[3], other_box[3]) - max(box[2], other_box[2])
            if wide > 0.05 and tall > 0.05 and box != other_box:
                problems.append(f"{_words(mob)[:30]!r} overlaps {_words(other)[:30]!r}")
    return problems


def note_layout(scene, found: dict) -> None:
    """After each ``play`` and ``wait`` of ``scene``, add its layout problems to ``found``
    (problem → the first time it was seen)."""
    for name in ("play", "wait"):
        method = getattr(scene, name)

        def checked(*args, _method=method, **kwargs):
            result = _method(*args, **kwargs)
            frame = manim.config
            for problem in layout_problems(_on_screen_texts(scene), frame.frame_width / 2,
                                           frame.frame_height / 2):
                found.setdefault(problem, round(scene.time, 1))
            return result

        setattr(scene, name, checked)


def play(lesson_id: str, sets=(), frame_rate: int = 15) -> DryRun:
    """Play ``lesson_id`` at its defaults (and ``sets``) with no frame drawn."""
    from sgdanim.render import manim_compat
    from sgdanim.render.dry_run import play_dry

    texts, layout, fonts, glyphs = set(), {}, set(), set()

    def watch(scene):
        note_texts(scene, texts, fonts, glyphs)
        note_layout(scene, layout)

    run = play_dry(lesson_id, sets, frame_rate=frame_rate, watch=watch)
    scene, formulas = run.scene, run.formulas
    cues = [(c.start.total_seconds(), c.end.total_seconds(), c.content)
            for c in scene.renderer.file_writer.subcaptions]
    return DryRun(cues, manim_compat.played_seconds(scene), frozenset(texts),
                  tuple(sorted((seconds, problem) for problem, seconds in layout.items())),
                  formulas, frozenset(fonts), frozenset(glyphs))


@functools.lru_cache(maxsize=None)
def played_at_defaults(lesson_id: str) -> DryRun:
    """:func:`play` at the defaults, once per test process (the caption and style tests of a
    lesson share one ``xdist_group``, so they share this run)."""
    return play(lesson_id)


def same_process(lesson_id: str):
    """The mark that keeps a lesson's dry-run tests in one test process."""
    import pytest

    return pytest.mark.xdist_group(f"dry-{lesson_id}")
