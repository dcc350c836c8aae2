"""Part 6 of the ``optimizers`` lesson where every racer ran away: the step plot has nothing
to set against anything (no racer has a last epoch, and a runaway's net b is its blow-up), so
the part shows what did happen instead: each racer's lr, the step it ran away at, and the
largest lr its sweep ran (Part 2) without running away.

SGD alone at lr 1e-2 with the sheets' lrs is a learner's "what if SGD's lr is bigger?": the
step plot was drawn empty, under "SGD: b gains −8.8 a row" of a b that flew off.

Every string here is made from the lesson's numbers (``numbers.steps.ran_away``,
``numbers.racers``, ``numbers.sweep``) with :mod:`scenes.kit.format`.
"""

from __future__ import annotations

from types import SimpleNamespace

from manim import DOWN, UP, FadeIn, VGroup

from scenes.kit.format import column_is_scientific
from scenes.kit.style import BODY_SIZE, DIM, LABEL_SIZE, OPTIMIZER_COLOURS
from scenes.kit.text import words
from scenes.optimizers.text import LABELS, lr_text

HEADS = ("", "lr", "ran away at", "its sweep stays in to")


def _kept(numbers, name: str) -> float | None:
    """The largest lr on ``name``'s sweep grid that did not run away (None where none)."""
    tuning = numbers.sweep.tunings.get(name)
    return None if tuning is None else tuning.largest_kept_lr


def _card_lr(numbers, lr: float) -> str:
    """An lr on the card, written as the table writes its lrs, every lr on the card in one
    format (:func:`~scenes.optimizers.lrs.lr_text`: 1.0×10⁻² beside 3.2×10⁻⁴, not 0.01)."""
    shown = [r.lr for r in numbers.racers] + [
        x for r in numbers.racers if (x := _kept(numbers, r.name)) is not None]
    return lr_text(lr, column_is_scientific(shown))


def runaway_cells(numbers) -> list[tuple[str, ...]]:
    """The card's rows under :data:`HEADS`: each racer's name, lr, the step it ran away at,
    and the largest lr its sweep ran without running away."""
    return [(LABELS[r.name], _card_lr(numbers, r.lr), f"step {r.diverged_at}",
             "none" if (x := _kept(numbers, r.name)) is None else _card_lr(numbers, x))
            for r in numbers.racers]


def runaway_captions(numbers) -> tuple[str, str]:
    """What the part says: why there is no step plot, and the lrs that stay in: those of the
    sweep up to the largest that did not run away (below its first runaway, Part 2's ✕, was
    not true of all: SGD at 5e-4 runs away under the ✕ at 5.6×10⁻⁴)."""
    racers = numbers.racers
    first = racers[0]
    if len(racers) > 1:
        return ("No step plot: every racer's weights grew without bound.",
                "Last column: the largest lr of each one's sweep that stays in.")
    said = (f"No step plot: {LABELS[first.name]}'s weights grew without bound by step "
            f"{first.diverged_at}.")
    kept = _kept(numbers, first.name)
    return said, ("No lr its sweep ran stays in." if kept is None else
                  f"Its sweep's lrs up to {_card_lr(numbers, kept)} all stay in.")


def runaway_part(numbers) -> SimpleNamespace:
    """The part's pieces: ``card``, the table of :func:`runaway_cells` under its dim heads,
    each row in its racer's colour, centred under the part's header; ``captions``
    (:func:`runaway_captions`); and ``answer``, the last of them written under the card."""
    rows = [[words(h, font_size=LABEL_SIZE, color=DIM) for h in HEADS]]
    for racer, cells in zip(numbers.racers, runaway_cells(numbers)):
        colour = OPTIMIZER_COLOURS[racer.name]
        rows.append([words(c, font_size=BODY_SIZE, color=colour if k < 3 else DIM)
                     for k, c in enumerate(cells)])
    card = VGroup(*[cell for row in rows for cell in row]).arrange_in_grid(
        rows=len(rows), cols=len(HEADS), buff=(0.6, 0.35), col_alignments="l" * len(HEADS))
    captions = runaway_captions(numbers)
    answer = words(captions[-1], font_size=BODY_SIZE).next_to(card, DOWN, buff=0.8)
    VGroup(card, answer).move_to(0.3 * UP)     # centred together, the answer under the card
    return SimpleNamespace(card=card, captions=captions, answer=answer)


def play_runaways(scene, part) -> None:
    """Say why there is no step plot over the card, then what stays in, written under the
    card and held as the part's answer (``part``: :func:`runaway_part`)."""
    said, stay = part.captions
    scene.say(said)
    scene.play(FadeIn(part.card, shift=0.2 * DOWN), run_time=0.8)
    scene.mark("steps")
    scene.wait(2.0)
    scene.say(stay)
    scene.play(FadeIn(part.answer), run_time=0.5)
    scene.mark("takeaway")
    scene.finish_caption()
    scene.wait(1.9)
