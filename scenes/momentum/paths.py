"""Part 4 of ``momentum``: the momentum sheet's path on y = ax + b against plain SGD's, both
from a = b = 1, over the loss contours of a window that holds them, and their RMSE per epoch."""

from __future__ import annotations

from types import SimpleNamespace

from manim import DOWN, GREY_A, LEFT, RIGHT, UP, Dot, FadeIn, MathTex, VGroup, VMobject

from sgdanim.lessons.momentum import RMSE_SHOWN

from scenes.kit.format import decimals
from scenes.kit.landscape_panel import LandscapePanel, WeightWalker
from scenes.kit.part import Part
from scenes.kit.style import PATH, WEIGHT
from scenes.momentum.plots import CONTOUR, RAW, header

WALK_SECONDS = 14.0


class Paths(Part):
    """The window's contours and both walkers (left), what they are and the RMSE (right)."""

    id = "paths"

    def build(self, numbers, params) -> SimpleNamespace:
        n = numbers
        panel = _panel(n)
        right = _key(n)
        table = VGroup(MathTex(r"\text{RMSE per epoch}" + (rf"\ \text{{(last {RMSE_SHOWN})}}"
                                                            if len(n.rmse_mom) > RMSE_SHOWN
                                                            else ""), font_size=26))
        for name, values, colour in (("momentum", n.rmse_last_mom, PATH),
                                     ("SGD", n.rmse_last_sgd, RAW)):
            shown = r",\ ".join(f"{v:.1f}" for v in values)
            table.add(MathTex(rf"\text{{{name}: }} {shown}", font_size=26, color=colour))
        table.arrange(DOWN, aligned_edge=LEFT, buff=0.15).next_to(right, DOWN, buff=0.5) \
            .align_to(right, LEFT)
        return SimpleNamespace(
            numbers=n, head=header(self.id), panel=panel, right=right, table=table,
            sgd=WeightWalker(panel, n.walk_sgd, color=GREY_A, trail_color=RAW),
            mom=WeightWalker(panel, n.walk_mom, color=WEIGHT, trail_color=PATH))

    def play(self, scene, b) -> None:
        n, steps = b.numbers, b.numbers.walk_steps
        scene.say("Back to the sheet's line fit: the same contours, momentum against plain SGD, "
                  "both from a = b = 1.")
        scene.play(FadeIn(b.head), FadeIn(b.panel), FadeIn(b.right), run_time=1.5)
        scene.wait(1.0)
        scene.add(b.sgd, b.mom)
        scene.say("The same rows for both: plain SGD steps along each row's gradient, momentum "
                  "along its running average.")
        scene.mark("walk_start", rate=steps / WALK_SECONDS, steps=steps)  # after say()
        scene.play(b.sgd.walk(steps, WALK_SECONDS), b.mom.walk(steps, WALK_SECONDS),
                   run_time=WALK_SECONDS)
        scene.mark("walk_done", row_mom=n.shown_mom - 1, row_sgd=n.shown_sgd - 1)
        scene.mark("poster")
        better = "momentum's" if n.momentum_ahead else "plain SGD's"
        scene.say(f"Both still have far to go along the flat valley; {better} error is lower in "
                  "the last epoch.")
        scene.play(FadeIn(b.table), run_time=0.8)
        scene.wait(3.0)


def _panel(n) -> LandscapePanel:
    """The loss panel over the lesson's window, with its exact in-window contours (the panel's
    own sample whole ellipses, which leaves a window this narrow nearly empty)."""
    a0, a1, b0, b1 = n.window
    a_step, b_step = n.ticks
    panel = LandscapePanel(n.landscape, [a0, a1, a_step], [b0, b1, b_step], [], width=7.6,
                           height=5.6)
    for axis, step in ((panel.axes.x_axis, a_step), (panel.axes.y_axis, b_step)):
        axis.remove(axis.numbers)
        axis.add_numbers(font_size=22, num_decimal_places=decimals(step, 3))
    for piece in n.contours:
        curve = VMobject(stroke_color=CONTOUR, stroke_width=2)
        curve.set_points_as_corners([panel.point(a, b) for a, b in piece])
        panel.contours.add(curve)
    if not n.optimum_in_window:
        panel.remove(panel.optimum)
    return panel.to_edge(LEFT, buff=0.7).shift(DOWN * 0.3)


def _key(n) -> VGroup:
    """The run's settings, which walker is which, and what is off the plot."""
    right = VGroup(
        MathTex(rf"\text{{lr}} = {n.lr:g},\ \beta = {n.beta:g},\ a = b = 1", font_size=28),
        VGroup(Dot(color=WEIGHT), MathTex(r"\text{momentum (the sheet)}", font_size=28,
                                          color=PATH)).arrange(RIGHT, buff=0.15),
        VGroup(Dot(color=GREY_A), MathTex(r"\text{plain SGD}", font_size=28, color=RAW)
               ).arrange(RIGHT, buff=0.15))
    if not n.optimum_in_window:
        a_opt, b_opt = n.landscape.optimum
        right.add(MathTex(rf"\text{{optimum }} ({a_opt:.3g},\,{b_opt:.3g})\ "
                          r"\text{is off the plot}", font_size=24, color=GREY_A))
    for name, shown, path in (("momentum", n.shown_mom, n.path_mom),
                              ("plain SGD", n.shown_sgd, n.path_sgd)):
        if shown < len(path):
            right.add(MathTex(rf"\text{{{name} leaves the plot at step {shown}}}", font_size=24,
                              color=GREY_A))
    return right.arrange(DOWN, aligned_edge=LEFT, buff=0.25).to_edge(RIGHT, buff=0.5) \
        .shift(UP * 1.6)
