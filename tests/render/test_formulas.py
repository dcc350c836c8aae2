"""Each lesson's list of formulas (``sgdanim/render/formulas/<lesson>.json``) is what it asks
LaTeX for, and a page of the one-run batch draws exactly what manim's own SVG of that formula
draws, so a machine's first render may take the batch's SVGs for manim's."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sgdanim.cli import main as sgdanim_main
from sgdanim.lessons import all_lessons
from sgdanim.render import formulas, manim_compat
from sgdanim.render.cache import place_atomic
from sgdanim.render.draw import SVG_CACHE_ENV
from sgdanim.render.formulas import as_alone, compile_missing, listed

manim = pytest.importorskip("manim")

from tests.scenes.dryrun import play, played_at_defaults, same_process  # noqa: E402

# Every formula of this lesson is compiled both ways (the one with the fewest: manim's own
# SVGs cost a LaTeX run each, once per checkout).
COMPARED = "relu-sandwich"


@pytest.mark.parametrize("lesson_id", [pytest.param(lesson_id, marks=same_process(lesson_id))
                                       for lesson_id in all_lessons()])
def test_a_lessons_list_is_what_it_asks_latex_for(lesson_id, manim_tmp):
    asked = played_at_defaults(lesson_id).formulas
    assert len(asked) > 20
    assert set(listed(lesson_id)) == asked, f"stale: run `make formulas` ({lesson_id})"


def test_other_parameters_ask_for_formulas_off_the_list(manim_tmp):
    """Negative control: overshoot's parabola at another curvature shows numbers its list
    lacks, and the dry run's record sees them."""
    asked = play("overshoot", ("parts=parabola", "curvature=3")).formulas
    assert asked - set(listed("overshoot"))
    assert asked & set(listed("overshoot"))


def test_a_render_asks_again_for_the_digits_an_earlier_one_drew(manim_tmp):
    """A number's glyphs are kept for the process; a render forgets them first, so it (and
    the dry run that lists a lesson's formulas) asks for every formula it draws."""
    manim.DecimalNumber(1.5)
    asked = []
    stop = manim_compat.listen_for_formulas(lambda expression, env: asked.append(expression))
    try:
        manim.DecimalNumber(1.5)
        assert asked == []   # the negative control: kept, not asked for
        manim_compat.forget_parsed_svgs()
        manim.DecimalNumber(1.5)
    finally:
        stop()
    assert sorted(e.split("}")[1][0] for e in asked) == [".", "0", "1", "5"]


@pytest.fixture(scope="module")
def manims_own(request, tmp_path_factory):
    """manim's own SVG of each formula on COMPARED's list, compiled alone as a render without
    the batch compiles it, by name. Kept in pytest's cache, in a folder no render gives SVGs
    to (the shared one may hold the batch's)."""
    from manim.utils.tex_file_writing import tex_to_svg_file   # manim's, not sgdanim's hook

    cache = getattr(request.config, "cache", None)
    own = cache.mkdir("sgdanim-formulas-manim") if cache else tmp_path_factory.mktemp("own")
    work = tmp_path_factory.mktemp("own-tex")
    with manim.tempconfig({"tex_dir": str(work), "verbosity": "WARNING"}):
        for expression, environment in listed(COMPARED):
            name = manim_compat.tex_file(expression, environment).with_suffix(".svg").name
            if not (own / name).exists():
                place_atomic(tex_to_svg_file(expression, environment), own / name)
    return own


def drawing(svg) -> dict:
    """What manim draws from ``svg`` as a formula: a SingleStringMathTex built on that file,
    as the points of each of its SVG groups (``unique000`` is MathTex's part)."""
    from manim.mobject.text import tex_mobject

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tex_mobject, "tex_to_svg_file", lambda *args, **kwargs: svg)
        formula = manim.SingleStringMathTex("x")
    empty = np.zeros((0, 3))
    return {key: np.concatenate([empty, *(m.points for m in group.family_members_with_points())])
            for key, group in formula.id_to_vgroup_dict.items()}


def differences(folder, own, names) -> list[str]:
    """The names whose SVG in ``folder`` draws otherwise than manim's own, or differs from it
    in more than the order of its lines (dvisvgm's order of fonts in ``<defs>``)."""
    found = []
    for name in names:
        ours, theirs = drawing(folder / name), drawing(own / name)
        same = ours.keys() == theirs.keys() and all(np.array_equal(ours[k], theirs[k])
                                                   for k in ours)
        lines = sorted((folder / name).read_text().splitlines())
        if not (same and lines == sorted((own / name).read_text().splitlines())):
            found.append(name)
    return found


def test_each_page_draws_what_manims_own_svg_draws(tmp_path, manims_own, manim_tmp):
    batch = tmp_path / "batch"
    names = {manim_compat.tex_file(*f).with_suffix(".svg").name for f in listed(COMPARED)}
    assert compile_missing(listed(COMPARED), batch) == len(names) > 20
    assert sorted(p.name for p in batch.iterdir()) == sorted(names)
    assert differences(batch, manims_own, sorted(names)) == []
    # Negative controls: each page stored under the name of the formula before it, and a
    # page kept with the batch's numbering (page and fonts), are both seen.
    ordered = sorted(names)
    shifted = tmp_path / "shifted"
    shifted.mkdir()
    for name, next_name in zip(ordered, ordered[1:]):
        (shifted / name).write_bytes((batch / next_name).read_bytes())
    assert differences(shifted, manims_own, ordered[:-1]) == ordered[:-1]
    raw = tmp_path / "raw"
    raw.mkdir()
    text = (batch / ordered[-1]).read_text().replace("id='page1'", "id='page9'")
    (raw / ordered[-1]).write_text(text)
    assert differences(raw, manims_own, ordered[-1:]) == ordered[-1:]


def test_a_formula_latex_refuses_leaves_it_to_manim(tmp_path, manim_tmp):
    """One bad formula fails the whole run: nothing is stored, and manim compiles (and
    reports) each formula as before. An empty list runs nothing."""
    assert compile_missing([("x", "align*"), (r"\frac{", "align*")], tmp_path / "bad") == 0
    assert not (tmp_path / "bad").exists()
    assert compile_missing([], tmp_path / "none") == 0
    assert compile_missing([("x", "align*")], tmp_path / "good") == 1
    assert compile_missing([("x", "align*")], tmp_path / "good") == 0   # there already


def test_as_alone_renames_only_the_batchs_numbering():
    page = ("<g id='page12'>\n<path id='g7-1' d='M0 0'/>\n<path id='g3-2' d='M1 1'/>\n"
            "<use xlink:href='#g7-1'/><use xlink:href='#g3-2'/>")
    assert as_alone(page) == ("<g id='page1'>\n<path id='g1-1' d='M0 0'/>\n"
                              "<path id='g0-2' d='M1 1'/>\n"
                              "<use xlink:href='#g1-1'/><use xlink:href='#g0-2'/>")


def render_tiny(out) -> None:
    assert sgdanim_main(["render", "tiny", "--quality", "test", "--out", str(out),
                         "--split", "1"]) == 0


def test_a_render_compiles_its_lessons_list_into_the_machines_folder(
        tmp_path, tiny_lessons, monkeypatch, manim_tmp, capfd):
    """``sgdanim render`` compiles the lesson's listed formulas before it draws, into the
    folder manim looks in (the machine's); without a list, nothing is compiled there."""
    lists = tmp_path / "lists"
    lists.mkdir()
    monkeypatch.setattr(formulas, "LISTS", lists)
    monkeypatch.setenv(SVG_CACHE_ENV, str(tmp_path / "machine"))
    name = manim_compat.tex_file("y^2", "align*").with_suffix(".svg").name
    render_tiny(tmp_path / "without")
    assert not (tmp_path / "machine" / "tex" / name).exists()   # the negative control
    (lists / "tiny.json").write_text(json.dumps([["y^2", "align*"]]))
    render_tiny(tmp_path / "with")
    assert (tmp_path / "machine" / "tex" / name).exists()


def test_an_unknown_lesson_writes_no_list(capsys):
    from sgdanim.render.formulas.__main__ import main

    assert main(["nosuch"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nosuch" in err
