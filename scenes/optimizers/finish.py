"""The finish at the star: the racers that end there, named beside it with a leader line each.

Their dots end within a dot's width of the star and of each other (annealed Adam just above
it, RMSProp's ring on it, Adam just below), under annealed Adam's zig-zag trail: at 480p a
cluster no one can read. The names stand in a column to the right of the trails, in the order
the dots stand (top to bottom), each joined to its dot by a thin dashed line in its colour, on a dark backing.

Examples
--------
>>> from sgdanim.lessons.optimizers import LESSON, compute
>>> from scenes.optimizers.panels import layout
>>> n = compute(LESSON.defaults())
>>> list(finish_labels(layout(n), n))
['adam_ann', 'rmsprop', 'adam']
"""

from __future__ import annotations

import numpy as np
from manim import BLACK, LEFT, BackgroundRectangle, DashedLine, MathTex, VGroup

from scenes.kit.style import MIN_FONT_SIZE, OPTIMIZER_COLOURS
from scenes.optimizers.text import LABELS

NEAR = 0.35          # scene units from the star: a dot this close is in the cluster
STEP = 0.34          # between the names' baselines (a MIN_FONT_SIZE line and a gap)
BACKING = 0.8        # opacity of the dark box behind a name: contours show through, faintly


def finishers(stage, numbers) -> list:
    """The racers whose last point is drawn within :data:`NEAR` of the star, top first."""
    star = stage.panel.point(*numbers.optimum)
    near = [r for r in numbers.racers if len(r.path)
            and np.linalg.norm(stage.panel.point(*r.path[-1]) - star) < NEAR]
    return sorted(near, key=lambda r: -r.path[-1][1])


def finish_labels(stage, numbers) -> dict[str, VGroup]:
    """Each finisher's name and leader line, by racer (none when fewer than two finish
    together: one dot by the star reads on its own). The column stands right of the
    rightmost trail point near the star's height, around the star's height."""
    racers = finishers(stage, numbers)
    if len(racers) < 2:
        return {}
    star = stage.panel.point(*numbers.optimum)
    band = [stage.panel.point(*p)[0] for r in numbers.racers for p in r.path
            if abs(stage.panel.point(*p)[1] - star[1]) < STEP * len(racers) / 2 + 0.2]
    left = max(band) + 0.2
    labels = {}
    for i, r in enumerate(racers):
        colour = OPTIMIZER_COLOURS[r.name]
        name = MathTex(rf"\text{{{LABELS[r.name]}}}", font_size=MIN_FONT_SIZE, color=colour)
        # half a step above centred: the top leader climbs off the zig-zag's band
        y = star[1] + len(racers) / 2 * STEP - i * STEP
        name.move_to([left, y, 0], aligned_edge=LEFT)
        dot = stage.panel.point(*r.path[-1])
        # dashed: never read as a trail's segment
        leader = DashedLine(name.get_left() + 0.08 * LEFT, dot, color=colour, stroke_width=1.5,
                            dash_length=0.06)
        # a dark backing: the contour lines run through the names' column
        backing = BackgroundRectangle(name, color=BLACK, fill_opacity=BACKING, buff=0.05)
        labels[r.name] = VGroup(leader, backing, name)
    return labels
