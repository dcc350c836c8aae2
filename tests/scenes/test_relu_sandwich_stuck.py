"""relu-sandwich from all weights 0, played dry: a and c never move (every derivative but d's
is 0), so Part 4 says so with the lesson's numbers instead of telling a walk that does not
happen ("a jumps above and below 1.41", "the path crosses the curve", a strip of zeros on a
log axis), and the opening says the plain question over a race with no runaway."""

import pytest

from sgdanim.lessons import get

pytest.importorskip("manim")

from tests.scenes.dryrun import play  # noqa: E402

ZERO = ["init=0,0,0,0"]
WALK_WORDS = ("jumps above and below", "creeps on", "acts at", "bounces", "leaves the plot")


def said(run) -> list[str]:
    return [text for _, _, text in run.cues]


def test_a_pair_that_never_moves_is_told_standing_still():
    """Part 4 from all weights 0: the lesson finds only d moving on its paths; the captions say
    why, which weight learns and c·b + d's first and last values on the slow path (the
    readout's), and the answer; no caption of the walk. Nothing overlaps. Control: at the
    defaults, all four weights move and the walk is told."""
    lesson = get("relu-sandwich")
    n = lesson.compute(lesson.resolve(sets=ZERO))
    assert n.moving == ("d",)
    fit = n.plane.slow_fit
    run = play("relu-sandwich", ZERO + ["parts=solutions"])
    lines = said(run)
    assert ("From a = b = c = 0, a's derivative carries c, and c's carries a·x + b: both are 0."
            in lines)
    assert (f"So a and c never move, at any lr; only d learns: c·b + d goes 0 → "
            f"{fit[-1, 1]:.2f}." in lines)
    assert fit[-1, 1] > 0.1 and set(fit[:, 0]) == {0.0}          # d learned, a·c stayed 0
    assert not [line for line in lines if any(w in line for w in WALK_WORDS)]
    assert run.layout == ()
    assert any("never learn a slope" in words for _, words in run.texts)
    defaults = lesson.compute(lesson.defaults())
    assert defaults.moving == ("a", "b", "c", "d")
    usual = said(play("relu-sandwich", ["parts=solutions"]))
    assert any("jumps above and below" in line for line in usual)
    assert "Then the pair's lr·(a² + c²) leaves the plot: it runs away." in usual
    assert not any("never move" in line for line in usual)


def test_the_opening_says_the_question_its_card_shows():
    """From all weights 0 the linear pair never runs away: the card asks the plain question,
    and so does the caption over it (it said "two run away"). Control: the defaults' race
    runs away on row 28, and the caption tells it."""
    zero = said(play("relu-sandwich", ZERO + ["parts=collapse"]))
    assert zero[0] == "Two linear neurons draw the same lines as one. Why do they train worse?"
    usual = said(play("relu-sandwich", ["parts=collapse"]))
    assert usual[0].startswith("Same lr as overshoot: one neuron stays bounded, two run away")


def test_the_question_names_one_neuron_bounded_only_where_it_is():
    """At lr 1e-3 one neuron runs away too (row 17): the question and its caption said "one
    neuron stays bounded" over it; they now ask the plain question. Control: the defaults."""
    from scenes.relu_sandwich.graphs import opening_caption, opening_question
    lesson = get("relu-sandwich")
    fast = lesson.compute(lesson.resolve(sets=["lr=1e-3"]))
    assert fast.runs["linear"].diverged_at is not None
    assert "bounded" not in opening_caption(fast) and "bounded" not in opening_question(fast)
    usual = lesson.compute(lesson.defaults())
    assert "stays bounded" in opening_caption(usual) and "stays bounded" in opening_question(usual)
