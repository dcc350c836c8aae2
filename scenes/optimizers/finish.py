"""The finish at the star, magnified (``numbers.finish``, from
:mod:`sgdanim.lessons.optimizers.finish`): the racers that end there, whose dots are one blob
at the panel's scale, drawn apart in a small panel beside the star, each dot in its colour
(a ring where the main panel rings it) with its name to its right, and a dashed box on the
main panel round what it magnifies.

Examples
--------
>>> from sgdanim.lessons.optimizers import LESSON, compute
>>> from scenes.optimizers.panels import layout
>>> view = layout(compute(LESSON.defaults())).finish
>>> list(view.dots), view.factor.tex_string
(['adam_ann', 'rmsprop', 'adam'], '\\\\times 3')
"""

from __future__ import annotations

from types import SimpleNamespace

from manim import (BLACK, DOWN, DR, LEFT, RIGHT, UP, Create, DashedVMobject, Dot, FadeIn, MathTex,
                   Rectangle, VGroup)

from scenes.kit.format import short
from scenes.kit.scene import covers
from scenes.kit.landscape_panel import LandscapePanel
from scenes.kit.style import DIM, MIN_FONT_SIZE, OPTIMIZER_COLOURS
from scenes.optimizers.text import LABELS

PAD = 0.1        # inside the backing's frame: the zoom's contours stop this far from it
RADIUS = 0.1     # a dot as big as a walker's


def _box(panel, a0, a1, b0, b1) -> tuple:
    """Scene centre, width and height of the data box (a0, a1) × (b0, b1) on ``panel``."""
    lo, hi = panel.point(a0, b0), panel.point(a1, b1)
    return (lo + hi) / 2, hi[0] - lo[0], hi[1] - lo[1]


def _name(name: str, dot, right: float, top: bool) -> VGroup:
    """``name`` right of ``dot``, in its colour; broken at its space into two lines when it
    would pass ``right`` (the top one's second line on the dot's level, growing up; another's
    first line there, growing down: clear of the names between)."""
    colour = OPTIMIZER_COLOURS[name]
    words = LABELS[name]
    lines = [words]
    one = MathTex(rf"\text{{{words}}}", font_size=MIN_FONT_SIZE, color=colour)
    if dot.get_right()[0] + 0.08 + one.width > right and " " in words:
        lines = words.split(" ", 1)
    tex = VGroup(*[MathTex(rf"\text{{{line}}}", font_size=MIN_FONT_SIZE, color=colour)
                   for line in lines]).arrange(DOWN, buff=0.08, aligned_edge=LEFT)
    level = tex[-1] if top else tex[0]
    tex.shift(dot.get_right() + 0.08 * RIGHT - [level.get_left()[0], level.get_y(), 0])
    return tex


def _clear_name(label, dot, edge: float, placed) -> VGroup:
    """``label`` under its ``dot`` where it would pass the zoom's right ``edge`` (a one-word
    name has no space to break at: "RMSProp" ran out of the zoom after 10 epochs), inside
    it; then under each name ``placed`` before it that it would sit on (Adam's dot beside
    RMSProp's)."""
    if label.get_right()[0] > edge:
        label.next_to(dot, DOWN, buff=0.06)
        label.shift(min(0.0, edge - PAD - label.get_right()[0]) * RIGHT)
    for other in placed:
        if covers(label, other):
            label.shift((other.get_bottom()[1] - 0.06 - label.get_top()[1]) * UP)
    return label


def finish_view(numbers, panel, rings=()):
    """The placed zoom, or None when the lesson has none: ``group`` (backing, contours, star,
    ``factor``), ``zoomed`` (the dashed box on the main panel), ``dots`` and ``names`` by
    racer (``rings``: the racers drawn as rings)."""
    finish = numbers.finish
    if finish is None:
        return None
    centre, width, height = _box(panel, *finish.place)
    (a0, a1), (b0, b1) = finish.a_range, finish.b_range
    zoom = LandscapePanel(numbers.landscape, (a0, a1, a1 - a0), (b0, b1, b1 - b0),
                          finish.levels, width=width - 2 * PAD, height=height - 2 * PAD)
    zoom.shift(centre - zoom.point((a0 + a1) / 2, (b0 + b1) / 2))
    zoom.remove(zoom.axes, zoom.labels)     # no ticks: the factor says the scale
    if not (a0 <= numbers.optimum[0] <= a1 and b0 <= numbers.optimum[1] <= b1):
        zoom.remove(zoom.optimum)
    zoom.optimum.scale(0.6)          # a mark, not a size: off the dot that ends on it
    backing = Rectangle(width=width, height=height, fill_color=BLACK, fill_opacity=1,
                        stroke_color=DIM, stroke_width=2).move_to(centre)
    factor = MathTex(rf"\times {short(finish.zoom)}", font_size=MIN_FONT_SIZE, color=DIM)
    factor.move_to(backing.get_corner(DR) + [-PAD, PAD, 0], aligned_edge=DR)
    dots, names = {}, {}
    for i, (name, end) in enumerate(zip(finish.racers, finish.ends)):
        dot = Dot(zoom.point(*end), radius=RADIUS, color=OPTIMIZER_COLOURS[name])
        if name in rings:
            dot.set_fill(opacity=0).set_stroke(OPTIMIZER_COLOURS[name], width=3.5).scale(1.7)
        dots[name] = dot
        names[name] = _clear_name(_name(name, dot, backing.get_right()[0] - PAD, top=i == 0),
                                  dot, backing.get_right()[0], names.values())
    z_centre, z_width, z_height = _box(panel, a0, a1, b0, b1)
    zoomed = DashedVMobject(Rectangle(width=z_width, height=z_height, stroke_color=DIM,
                                      stroke_width=2).move_to(z_centre), num_dashes=24)
    return SimpleNamespace(group=VGroup(backing, zoom, factor), backing=backing, panel=zoom,
                           factor=factor, zoomed=zoomed, dots=dots, names=names,
                           pieces=VGroup(*dots.values(), *names.values()))


def show_finish(scene, finish, animate: bool = True) -> None:
    """The finish zoom by the star, its dots and names on top (they end as one blob at the
    panel's scale)."""
    if animate:
        scene.play(FadeIn(finish.group), Create(finish.zoomed), FadeIn(finish.pieces),
                   run_time=1.0)
    else:
        scene.add(finish.group, finish.zoomed)
    scene.keep_on_top(finish.pieces)
