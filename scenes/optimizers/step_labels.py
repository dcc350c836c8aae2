"""Where the step plot's words go (scenes/optimizers/steps.py): each racer's name beside its
dot, off the other dots and names, and the ceiling line's words off them all.
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, config

from scenes.kit.clearance import first_clear
from scenes.kit.scene import covers

HIGHER = 0.45     # over the line, above a racer's name that stands over its dot there


def racer_marks(dots: dict) -> list:
    """Every racer's dot and name (``dots``: name -> (dot, name)): what a word on the step
    plot keeps off."""
    return [piece for pair in dots.values() for piece in pair]


def label_the_arrived(dots: dict, arrived, right: float) -> None:
    """Racers whose b got all the way (``arrived``, left to right: ``StepStory.arrived``) sit
    in a row on the ceiling line: the leftmost one's label above its dot, the others' below
    theirs, each starting at its dot, so side labels do not run into the next dot or off the
    plot's left edge; or over it, ending at it, where they would run past the plot's
    ``right`` end into the words beside it (rows of x in 0..1: RMSProp's dot at the a axis'
    end)."""
    for i, name in enumerate(arrived):
        dot, label = dots[name]
        label.next_to(dot, UP if i == 0 else DOWN, buff=0.1).align_to(dot, LEFT)
        if label.get_right()[0] > right:     # over its dot, where no name runs into it
            label.next_to(dot, UP, buff=0.1).align_to(dot, RIGHT)


def clear_other_dots(dots: dict) -> None:
    """A label beside its dot that covers another racer's dot (RMSProp's and annealed Adam's
    sit side by side) goes to the other side of its dot, away from that one, or, if that
    covers one too, above its dot; :func:`spread_labels` then stacks any labels that meet."""
    def covered(name, label):
        return [other for key, (other, _) in dots.items() if key != name and covers(label, other)]

    for name, (dot, label) in dots.items():
        hit = covered(name, label)
        if hit:
            away = LEFT if hit[0].get_x() > dot.get_x() else RIGHT
            label.next_to(dot, away, buff=0.12)
            # above where that side covers one too, or runs off the frame (annealed Adam's
            # dot on Adam's, at the plot's left edge, after one epoch)
            if covered(name, label) or label.get_left()[0] < -config.frame_x_radius + 0.1:
                label.next_to(dot, UP, buff=0.08)


def spread_labels(labels, dots=(), gap: float = 0.05) -> None:
    """Nudge labels apart until no two overlap (dots that sit close, like Adam's pair): the
    higher one rises, or, where rising would put it on one of ``dots``, goes under the lower
    one instead (with ``tune=sheets`` over 100 epochs Adam's name, under its dot beside
    RMSProp's name, rose onto its own dot; under RMSProp's, it also stays nearest the arrow
    up from momentum to Adam)."""
    ordered = sorted(labels, key=lambda m: m.get_center()[1])
    for below, above in zip(ordered, ordered[1:]):
        apart = below.get_right()[0] < above.get_left()[0] or above.get_right()[0] < \
            below.get_left()[0]
        overlap = below.get_top()[1] + gap - above.get_bottom()[1]
        if apart or overlap <= 0:
            continue
        above.shift(overlap * UP)
        if any(covers(above, dot) for dot in dots):
            above.shift((above.get_top()[1] - below.get_bottom()[1] + gap) * DOWN)


def clear_of_racers(label, line, axes, dots) -> None:
    """Move the ceiling line's ``label`` off any racer's dot or name it sits on (annealed
    Adam's, named over its dot on the line, at lr_adam 0.01 with the sheets' lrs): to the
    line's other side at its right end, or over its left end, or higher over either end
    (after 200 epochs RMSProp's name over its dot, SGD's dot under the line and annealed
    Adam's at its left end take all four), whichever keeps clear first
    (:func:`scenes.kit.clearance.first_clear`)."""
    start, end, home = line.get_start(), line.get_end(), label.get_center().copy()
    side = DOWN if label.get_y() > line.get_y() else UP
    first_clear(label, [
        lambda m: m.move_to(home),                     # where it stands: over the right end
        lambda m: m.next_to(end, side, buff=0.1).align_to(end, RIGHT),
        lambda m: m.next_to(start, UP, buff=0.1).align_to(start + 0.15 * RIGHT, LEFT),
        *(lambda m, at=at, edge=edge: m.next_to(at, UP, buff=HIGHER).align_to(at, edge)
          for at, edge in ((end, RIGHT), (start + 0.15 * RIGHT, LEFT)))],
        [], gap=1e-3, keep_off=racer_marks(dots))
