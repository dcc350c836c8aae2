"""The series' one look, checked without rendering: no text on screen smaller than
``MIN_FONT_SIZE`` (readable in a 480p embed), in any part of any lesson at its defaults."""

from __future__ import annotations

import functools

import pytest

from sgdanim.lessons import all_lessons
from scenes.kit.style import MATH_FONT, MIN_FONT_SIZE, TEXT_FONT

manim = pytest.importorskip("manim")

from tests.scenes.dryrun import played_at_defaults, same_process  # noqa: E402

# Lessons whose parts still carry text below the floor (issue 15 works through them).
NOT_YET: set[str] = set()


def small_text(texts) -> list[str]:
    """What of ``texts`` (``(font size, words)`` pairs) is set smaller than the floor, as
    'size: words'."""
    return sorted(f"{size:.0f}: {words}" for size, words in texts if size < MIN_FONT_SIZE - 0.5)


@pytest.mark.parametrize("lesson", [pytest.param(lesson, marks=same_process(lesson.id))
                                    for lesson in all_lessons().values()],
                         ids=lambda lesson: lesson.id)
def test_no_text_below_the_floor(lesson, manim_tmp, request):
    """Every text that reaches the screen in a whole lesson, played without frames: part
    builders, tick labels made by axes, counters, captions."""
    if lesson.id in NOT_YET:
        request.applymarker(pytest.mark.xfail(strict=True, reason="issue 15"))
    assert small_text(played_at_defaults(lesson.id).texts) == []


def test_small_text_is_seen(manim_tmp):
    """Negative control: axis tick labels made at 20 points reach the screen through the dry
    run's hook and are found; a 30-point text added beside them is not."""
    from tests.scenes.dryrun import note_texts

    texts = set()
    scene = manim.Scene()
    note_texts(scene, texts)
    scene.add(manim.Axes(x_range=(0, 2, 1), y_range=(0, 2, 1),
                         axis_config={"include_numbers": True, "font_size": 20}),
              manim.Text("fine", font_size=30))
    found = small_text(texts)
    assert found and all(line.startswith("20: ") for line in found), found
    assert not any("fine" in line for line in found)


@pytest.mark.parametrize("lesson", [pytest.param(lesson, marks=same_process(lesson.id))
                                    for lesson in all_lessons().values()],
                         ids=lambda lesson: lesson.id)
def test_every_text_is_set_in_the_formulas_typeface(lesson, manim_tmp):
    """Words and numbers in one face: every Pango text of a whole lesson is set in
    ``TEXT_FONT``, Latin Modern, the OpenType form of the Computer Modern LaTeX sets formulas
    in, so "row" and its "27" match whichever of the two drew the number."""
    assert played_at_defaults(lesson.id).fonts == {TEXT_FONT}


@functools.cache
def face_characters(font: str) -> frozenset[str]:
    """Every character ``font``'s file draws itself (no fallback), from its glyph map."""
    import subprocess

    from fontTools.ttLib import TTFont

    path = subprocess.run(["fc-match", "-f", "%{file}", font], capture_output=True,
                          text=True, check=True).stdout
    return frozenset(chr(code) for code in TTFont(path).getBestCmap())


def fallbacks(glyphs) -> list[tuple[str, str]]:
    """The ``(face, character)`` of ``glyphs`` that the face does not draw itself."""
    return sorted((face, c) for face, c in glyphs if c not in face_characters(face))


@pytest.mark.parametrize("lesson", [pytest.param(lesson, marks=same_process(lesson.id))
                                    for lesson in all_lessons().values()],
                         ids=lambda lesson: lesson.id)
def test_every_character_is_drawn_by_the_typeface(lesson, manim_tmp):
    """No glyph of a lesson's words comes from a fallback face: Latin Modern has no "⁻" or
    "⁴", which Pango then took from DejaVu Sans, bold beside "10" (scenes/kit/text.py)."""
    assert fallbacks(played_at_defaults(lesson.id).glyphs) == []


@pytest.mark.parametrize("lesson", [pytest.param(lesson, marks=same_process(lesson.id))
                                    for lesson in all_lessons().values()],
                         ids=lambda lesson: lesson.id)
def test_every_burned_caption_character_is_drawn_by_a_series_face(lesson):
    """A burned-in caption is ``words`` of its line: "2/λ ≈ 3.97×10⁻⁴" has each character
    in Latin Modern Roman or, for λ and ≈, which that face lacks, Latin Modern Math."""
    from scenes.kit.text import pango_markup
    from tests.scenes.dryrun import characters_by_face

    cues = played_at_defaults(lesson.id).cues
    glyphs = {pair for _, _, line in cues
              for pair in characters_by_face(TEXT_FONT, pango_markup(line), True)}
    assert cues and fallbacks(glyphs) == []


def test_a_fallback_glyph_is_seen_and_words_avoid_it(manim_tmp):
    """Negative control: a Text of "10⁻⁴ ≈ λ" shows characters the face lacks; the kit's
    ``words`` sets the same line with none, λ and ≈ in Latin Modern Math."""
    from scenes.kit.text import words
    from tests.scenes.dryrun import note_texts

    line = "10⁻⁴ ≈ λ"
    for mob, missing, faces in (
            (manim.Text(line), ["⁴", "⁻", "≈", "λ"], {TEXT_FONT}),
            (words(line), [], {TEXT_FONT, MATH_FONT})):
        texts, fonts, glyphs = set(), set(), set()
        scene = manim.Scene()
        note_texts(scene, texts, fonts, glyphs)
        scene.add(mob)
        assert sorted(c for _, c in fallbacks(glyphs)) == sorted(missing)
        assert fonts == {TEXT_FONT} and {face for face, _ in glyphs} == faces


def test_the_typeface_is_installed_and_another_is_seen(manim_tmp):
    """The face is one Pango finds (else it falls back to DejaVu without failing), and the
    dry run's hook sees a text set in another face (the negative control)."""
    import manimpango

    from tests.scenes.dryrun import note_texts

    # both faces, or Pango (and fc-match, which the glyph checks ask) quietly take another
    assert {TEXT_FONT, MATH_FONT} <= set(manimpango.list_fonts())
    texts, fonts = set(), set()
    scene = manim.Scene()
    note_texts(scene, texts, fonts)
    scene.add(manim.Text("row"), manim.Text("27", font="DejaVu Sans"), manim.MathTex("27"))
    assert fonts == {TEXT_FONT, "DejaVu Sans"}


@pytest.mark.parametrize("lesson", [pytest.param(lesson, marks=same_process(lesson.id))
                                    for lesson in all_lessons().values()],
                         ids=lambda lesson: lesson.id)
def test_no_text_cut_or_overlapping(lesson, manim_tmp):
    """After every play and wait of a whole lesson, no text is cut by the frame's edge and no
    two texts overlap (boxes, so a tight layout is checked; the frames show the rest)."""
    assert played_at_defaults(lesson.id).layout == ()


def test_a_cut_and_an_overlap_are_seen(manim_tmp):
    """Negative control: a text past the right edge and two texts on one spot are found; two
    texts side by side are not."""
    from tests.scenes.dryrun import layout_problems

    edge = manim.Text("past the edge", font_size=30).move_to(7 * manim.RIGHT)
    one, two = manim.Text("one", font_size=30), manim.Text("two", font_size=30)
    apart = manim.Text("apart", font_size=30).shift(3 * manim.DOWN)
    problems = layout_problems([edge, one, two, apart], 7.11, 4.0)
    assert problems == ["'past the edge' is cut by the frame's edge", "'one' overlaps 'two'"]


def test_a_texts_box_is_what_its_edges_say(manim_tmp):
    """The layout check's one-walk box is manim's ``get_left()``, ``get_right()``,
    ``get_bottom()`` and ``get_top()``, for Pango text and LaTeX alike."""
    from tests.scenes.dryrun import _box

    for mob in (manim.Text("gy", font_size=30).shift(2 * manim.LEFT),
                manim.MathTex(r"\frac{a}{b^2}").rotate(0.3).shift(manim.UP)):
        edges = (mob.get_left()[0], mob.get_right()[0], mob.get_bottom()[1], mob.get_top()[1])
        assert _box(mob) == pytest.approx(edges, abs=1e-12)
