"""Part 4 from a start where a and c never move: from a = b = c = 0 every derivative but d's is
0 (a's carries c, b's carries c, c's carries a·x + b), at any lr. The slow walk and its line are
shown standing still while d learns; the fast walk, the zoom and the strip of lr·(a² + c²),
which would draw nothing but a dot at 0 on a log axis, are left out. The numbers say when:
the lesson's ``moving`` (the weights that change along Part 4's paths) holds neither a nor c.
"""

from __future__ import annotations

from manim import UP, FadeIn, FadeOut, Tex

from scenes.kit.format import fixed
from scenes.relu_sandwich.words import answer_header

WALK_SECONDS = 5.0        # the slow path's rows, standing still while c·b + d moves


def is_stuck(moving, slope: float) -> bool:
    """Whether neither a nor c moves (``moving``: the lesson's weights that change) while the
    data's best ``slope`` needs them to (on flat rows a·c = 0 is already the best slope).

    >>> is_stuck(("d",), 2.0), is_stuck(("d",), 0.0), is_stuck(("a", "b", "c", "d"), 2.0)
    (True, False, False)
    """
    return "a" not in moving and "c" not in moving and slope != 0


def stuck_answer() -> Tex:
    """The opening question answered where the part's title stood, as for a pair that moves:
    this one never learns a slope."""
    return answer_header("Two linear neurons from 0 never learn a slope:",
                         r"$a\cdot c$ stays 0.")


def learners(moving) -> str:
    """``only d learns``, or that none does, for a pair whose a and c stay put (b's derivative
    carries c, so b stays too).

    >>> learners(("d",)), learners(())
    ('only d learns', 'no weight learns')
    """
    return "only d learns" if "d" in moving else "no weight learns"


def why_still(start) -> str:
    """Why a and c stay put, from the ``start`` (a, b, c, d) as set.

    >>> why_still((0.0, 0.0, 0.0, 2.0))
    "From a = b = c = 0, a's derivative carries c, and c's carries a·x + b: both are 0."
    >>> why_still((0.0, 1.0, 0.0, 2.0))
    "Here a's and c's derivatives are 0 on every row."
    """
    if any(start[:3]):
        return "Here a's and c's derivatives are 0 on every row."
    return "From a = b = c = 0, a's derivative carries c, and c's carries a·x + b: both are 0."


def play_stuck(scene, b) -> None:
    """The slow walk from the start, which stays put while ``c·b + d`` moves (the lesson's
    ``slow_fit``: a·c and c·b + d per row), then the answer and the next lesson."""
    walker, last, fit = b.walker, len(b.slow) - 1, b.slow_fit
    scene.play(walker.appear(), FadeIn(b.legend[0], b.fit), run_time=0.5)
    scene.add(walker)
    scene.keep_on_top(b.fit)
    scene.say(why_still(b.numbers.path[0]))
    scene.wait(1.0)
    scene.say(f"So a and c never move, at any lr; {learners(b.moving)}: c·b + d goes "
              f"{fixed(fit[0, 1])} → {fixed(fit[last, 1])}.")
    scene.play(walker.walk(last, run_time=WALK_SECONDS))
    scene.mark("path_end", index=last, a=float(b.slow[last, 0]), c=float(b.slow[last, 1]))
    scene.wait(0.8)
    scene.say("One neuron's step is fixed. The pair's, lr·(a² + c²), is 0 here: it never starts.")
    end_card(scene, b, [b.lt, b.rt])


def end_card(scene, b, titles) -> None:
    """The part's last card, either way it went: the header and the panels' ``titles`` make
    room for the answer, one after the other (a cross-fade left "ws."), then the next lesson
    under it, on screen too (the card showed nothing new for its last 4 s, review r12)."""
    scene.play(FadeOut(b.head, *titles), run_time=0.4)
    scene.play(FadeIn(b.answer), run_time=0.6)
    scene.say(f"{b.teaser.original_text}.")     # the words on screen are the words said
    scene.play_unless_burned(FadeIn(b.teaser, shift=0.1 * UP), run_time=0.5)
    scene.wait(1.0)
