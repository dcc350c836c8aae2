"""The race's zoom inset (``numbers.inset``, from :mod:`sgdanim.lessons.optimizers.inset`): a
small landscape panel over the corner where the slow racers crowd, drawn over a part of the
main panel no path crosses, with a walker per slow racer that steps with its twin in the main
panel; a dashed box on the main panel marks what it magnifies.

Examples
--------
>>> from sgdanim.lessons.optimizers import LESSON
>>> from scenes.optimizers.panels import layout
>>> stage = layout(LESSON.compute(LESSON.defaults()))
>>> sorted(stage.inset.walkers)
['momentum', 'sgd']
"""

from __future__ import annotations

from types import SimpleNamespace

from manim import BLACK, DashedVMobject, Rectangle, VGroup

from scenes.kit.format import decimals
from scenes.kit.landscape_panel import LandscapePanel
from scenes.kit.style import DIM, MIN_FONT_SIZE, OPTIMIZER_COLOURS

PAD = 0.12      # black margin round the inset's axes (its tick labels sit inside it)


def _box(panel, a0, a1, b0, b1) -> tuple:
    """Scene centre, width and height of the data box (a0, a1) × (b0, b1) on ``panel``."""
    lo, hi = panel.point(a0, b0), panel.point(a1, b1)
    return (lo + hi) / 2, hi[0] - lo[0], hi[1] - lo[1]


def _zoom(numbers, width, height) -> LandscapePanel:
    """The inset's panel, its axes ``width`` by ``height``, labelled at its ends and middle."""
    inset = numbers.inset
    zoom = LandscapePanel(numbers.landscape, inset.a_range, inset.b_range, inset.levels,
                          width=width, height=height)
    for k, axis in enumerate((zoom.axes.x_axis, zoom.axes.y_axis)):
        axis.remove(axis.numbers)        # the two ends and the middle: room for the curves
        ticks = inset.ticks(k)
        axis.add_numbers(ticks, font_size=MIN_FONT_SIZE,   # as many decimals as any needs
                         num_decimal_places=max(decimals(v, 3) for v in ticks))
    zoom.remove(zoom.labels)              # a and b are named on the main panel
    (a0, a1, _), (b0, b1, _) = inset.a_range, inset.b_range
    best_a, best_b = numbers.optimum
    if not (a0 <= best_a <= a1 and b0 <= best_b <= b1):
        zoom.remove(zoom.optimum)         # it would stand far off, outside the zoomed box
    return zoom


def inset_view(numbers, panel, walker_class):
    """The placed inset, or None when the lesson has none: ``group`` (backing, frame and
    panel), ``zoomed`` (the dashed box on the main panel) and a walker per slow racer."""
    inset = numbers.inset
    if inset is None:
        return None
    centre, width, height = _box(panel, *inset.place)
    # Tick labels take room left of and under the axes: the axes get what is left, measured
    # on a first build (labels at the floor size are never shrunk to fit).
    inner_w, inner_h = width - 2 * PAD, height - 2 * PAD
    first = _zoom(numbers, inner_w, inner_h)
    zoom = _zoom(numbers, 2 * inner_w - first.width - 0.02, 2 * inner_h - first.height - 0.02)
    zoom.move_to(centre)
    backing = Rectangle(width=zoom.width + 2 * PAD, height=zoom.height + 2 * PAD,
                        fill_color=BLACK, fill_opacity=1, stroke_color=DIM, stroke_width=2)
    backing.move_to(zoom)
    VGroup(backing, zoom).move_to(centre)   # the backing, margin and all, inside the place
    z_centre, z_width, z_height = _box(panel, inset.a_range[0], inset.a_range[1],
                                       inset.b_range[0], inset.b_range[1])
    zoomed = DashedVMobject(Rectangle(width=z_width, height=z_height, stroke_color=DIM,
                                      stroke_width=2).move_to(z_centre), num_dashes=40)
    walkers = {}
    for racer in numbers.racers:
        if racer.name in inset.racers:
            walkers[racer.name] = walker_class(zoom, racer, OPTIMIZER_COLOURS[racer.name],
                                               boxed=inset.paths[racer.name])
    return SimpleNamespace(group=VGroup(backing, zoom), backing=backing, panel=zoom,
                           zoomed=zoomed, walkers=walkers)
