"""How part ``thread`` paces its rows and points at what its captions name: the climb one
row at a time, the rows past their own limit and the a² + c² they end on, and a curve's glow."""

from __future__ import annotations

from manim import LEFT, FadeIn, FadeOut, Indicate, ValueTracker, linear, there_and_back

from scenes.kit.style import TEXT
from scenes.overshoot.common import PAIR

CLIMB_STEP = 0.4     # seconds the rows take from one climb row to the next
CLIMB_HOLD = 1.2     # and the pause on each: its readout row is up CLIMB_STEP + CLIMB_HOLD
HELD_ROWS = 4        # the climb's last rows, held so (a longer climb runs through the rest)


def climb_rows(scene, row: ValueTracker, calm: int, kept: int) -> None:
    """The climb from row ``calm`` to ``kept`` one row at a time, each held long enough to
    read the readout's a, c and a² + c² on it (the last stays up after); a climb longer than
    :data:`HELD_ROWS` runs through its first rows first."""
    first = max(calm + 1, kept - HELD_ROWS + 1)
    if first - 1 > calm:
        scene.play(row.animate(rate_func=linear).set_value(first - 1), run_time=2.0)
    for r in range(first, kept + 1):
        scene.play(row.animate(rate_func=linear).set_value(r), run_time=CLIMB_STEP)
        if r < kept:
            scene.wait(CLIMB_HOLD)


def point_at_climb(scene, built) -> None:
    """What the growth caption names, in turn: the climb's rows past their own limit (their
    white dots, violet for a beat, row by row), then the readout's a² + c² they ended on."""
    th, over = built.numbers, built.view.over
    dots = [d for d in over if th.climb_from <= d.row <= th.kept]
    for dot in dots:
        scene.play(Indicate(dot, scale_factor=2.2, color=PAIR), run_time=0.6)
    value = built.readout[3].rows[max(th.kept, 1) - 1]
    value = value[-1] if th.stacked else value
    # Swell from its left edge, there and back: about its centre it ran into the "=" before it.
    scene.play(value.animate(rate_func=there_and_back).scale(1.2, about_edge=LEFT)
               .set_color(TEXT), run_time=1.0)


def glow(scene, curve, run_time: float = 1.4) -> None:
    """Point at ``curve``: a wide glow of it in its own colour swells and fades."""
    halo = curve.copy().clear_updaters().set_stroke(color=curve.get_stroke_color(), width=16,
                                                    opacity=0.45)
    scene.play(FadeIn(halo), run_time=run_time / 2)
    scene.play(FadeOut(halo), run_time=run_time / 2)
