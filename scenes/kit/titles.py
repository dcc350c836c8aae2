"""A part's title, the same in every lesson: its chapter's title, numbered
(:func:`chapter_header`), and the change from one to the next: the old title goes, then the
new one comes.

A cross-fade overprints the two titles (review r7), so the old title fades out first, with
whatever the last part leaves that the new one has no use for, and only then is the new one
faded in, with whatever comes with it. The helper returns the animation and the scene plays
it (as ManimML's layers return their animations), alone or beside the part's first animation.

What fades stands still while it fades (:class:`~scenes.kit.animations.FadeOutStill`): a live
readout left a step behind would change its digits under the fade, and manim raised
ValueError (stepping's ``--parts crawl``).
"""

from __future__ import annotations

from manim import Animation, AnimationGroup, Succession, Text

from scenes.kit.animations import FadeInStill, FadeOutStill
from scenes.kit.scene import header

OUT_SECONDS, IN_SECONDS = 0.4, 0.5   # the two halves; a play's run_time scales both alike


def title_swap(old, new, *, clear=(), bring=()) -> Animation:
    """The animation that turns the title on screen, ``old`` (None if there is none yet),
    into ``new``: ``old`` and ``clear`` fade out, then ``new`` and ``bring`` fade in.

    Both halves keep their shares (0.4 : 0.5) of whatever run_time the play gives.

    Examples
    --------
    >>> from manim import Square, Circle
    >>> swap = title_swap(Square(), Circle(), clear=[Square()])
    >>> [type(a).__name__ for a in swap.animations], float(swap.run_time)
    (['AnimationGroup', 'AnimationGroup'], 0.9)
    >>> only = title_swap(None, Circle())
    >>> [type(a).__name__ for a in only.animations], float(only.run_time)
    (['FadeInStill'], 0.5)
    """
    coming = AnimationGroup(*[FadeInStill(m) for m in (new, *bring)], run_time=IN_SECONDS)
    going = [m for m in (old, *clear) if m is not None]
    if not going:
        return coming
    return Succession(AnimationGroup(*[FadeOutStill(m) for m in going], run_time=OUT_SECONDS),
                      coming)


def chapter_header(specs, part_id: str, numbers, opening: str | None = None) -> Text:
    """Part ``part_id``'s chapter title as its header, ``k · title``, numbered by its place
    among ``specs`` (a lesson's :class:`~sgdanim.lessons.PartSpec` tuple), so the screen and
    the chapter list say the same; an ``opening`` part (the question) is not counted. The
    title is the one at the run's ``numbers`` (:meth:`~sgdanim.lessons.PartSpec.title_at`),
    as the chapter list has it.

    >>> from sgdanim.lessons import PartSpec
    >>> specs = (PartSpec("question", "Why?"), PartSpec("bowl", "The bowl"))
    >>> chapter_header(specs, "bowl", None, opening="question").original_text
    '1 · The bowl'
    """
    numbered = [spec for spec in specs if spec.id != opening]
    number, spec = next((k, s) for k, s in enumerate(numbered, 1) if s.id == part_id)
    return header(f"{number} · {spec.title_at(numbers)}")
