"""Part 3 of ``momentum``: a constant gradient fed to both conventions, the dampened one of the
spreadsheet (left) and PyTorch's undampened one (right), and the learning rate that makes them
take the same steps."""

from __future__ import annotations

from types import SimpleNamespace

from manim import (DOWN, GOLD, GREY_A, RIGHT, UP, UR, Create, DashedLine, FadeIn, MathTex, Text,
                   VGroup, Write)

from scenes.kit.format import sci_tex
from scenes.kit.part import Part
from scenes.momentum.plots import AVERAGE, RAW, GrowingCurve, header, plot_axes

GROW_SECONDS = 8.0   # both averages are drawn through every step in this time


class Constant(Part):
    """Two panels of g and m with each convention's plateau, then the rescaling rule."""

    id = "constant"

    def build(self, numbers, params) -> SimpleNamespace:
        n = numbers
        relation = MathTex(r"m^{\text{PyTorch}}_t = \frac{m^{\text{sheet}}_t}{1-\beta}",
                           r"\quad\Rightarrow\quad",
                           r"\text{lr}_{\text{PyTorch}} = (1-\beta)\,\text{lr}_{\text{sheet}}"
                           r"\ \text{takes the same steps}", font_size=30).to_edge(DOWN, buff=0.3)
        gap = MathTex(r"\text{the sheet's run (Part 4) both ways: largest gap in }"
                      rf" a, b = {sci_tex(n.rescale_gap, 1)}",
                      font_size=26, color=GREY_A).next_to(relation, UP, buff=0.15)
        key = VGroup(MathTex(r"\text{gradient } g", font_size=28, color=RAW),
                     MathTex(r"\text{momentum } m", font_size=28, color=AVERAGE)
                     ).arrange(RIGHT, buff=0.6).to_corner(UR, buff=0.4)
        return SimpleNamespace(
            numbers=n, params=params, head=header(self.id), key=key, relation=relation, gap=gap,
            panels=[_panel(n, True, n.damped, n.damped_plateau, n.damped_range, -3.55),
                    _panel(n, False, n.undamped, n.undamped_plateau, n.undamped_range, 3.55)])

    def play(self, scene, b) -> None:
        n, params, panels = b.numbers, b.params, b.panels
        last = len(n.const_g) - 1
        scene.say(f"Feed momentum a gradient of {params.g_high:g} for {params.steps_high} steps, "
                  f"then {params.g_low:g}.")
        scene.play(FadeIn(b.head), FadeIn(b.key), *[Create(p.axes) for p in panels],
                   *[FadeIn(p.title) for p in panels], run_time=1.5)
        curves = [p.grad for p in panels] + [p.curve for p in panels]
        scene.add(*curves)
        scene.keep_on_top(*curves)
        scene.play(*[p.grad.grow(last, 1.5) for p in panels], run_time=1.5)
        scene.play(*[FadeIn(VGroup(p.line, p.label)) for p in panels], run_time=0.6)
        scene.say("Dampened, m creeps up toward g and never passes it. Undampened, m grows "
                  "toward g/(1−β): steps really do get bigger and bigger.")
        scene.mark("constant_start", rate=last / GROW_SECONDS)  # after say(), which may hold
        scene.play(*[p.curve.grow(last, GROW_SECONDS) for p in panels])
        scene.mark("constant_done")
        scene.say("The two differ only by the factor 1−β, which a rescaled learning rate "
                  "absorbs.")
        scene.play(Write(b.relation), run_time=1.5)
        scene.play(FadeIn(b.gap), run_time=0.6)
        scene.wait(3.0)


def _panel(n, damped: bool, m, plateau: float, y_range, x_shift: float) -> SimpleNamespace:
    """One convention's panel: its axes, g and m, the plateau m levels off at, and its rule."""
    axes = plot_axes(n.const_x_range, y_range, 5.6, 3.3).move_to(RIGHT * x_shift + DOWN * 0.15)
    axes.x_axis.add_numbers(font_size=22)
    steps = n.const_x_range[1]
    line = DashedLine(axes.c2p(0, plateau), axes.c2p(steps, plateau), color=GOLD, stroke_width=2)
    tex = rf"g = {plateau:g}" if damped else rf"\frac{{g}}{{1-\beta}} = {plateau:g}"
    title = VGroup(Text("dampened (spreadsheet)" if damped else "undampened (PyTorch, fastai)",
                        font_size=24),
                   MathTex(r"m \leftarrow \beta m + (1-\beta)\,g" if damped else
                           r"m \leftarrow \beta m + g", font_size=30, color=AVERAGE)
                   ).arrange(DOWN, buff=0.1).next_to(axes, UP, buff=0.2)
    return SimpleNamespace(
        axes=axes, grad=GrowingCurve(axes, n.const_steps, n.const_g, RAW, width=2.5),
        curve=GrowingCurve(axes, n.const_steps, m, AVERAGE, width=4), line=line,
        label=MathTex(tex, font_size=28, color=GOLD).next_to(line, UP, buff=0.08)
        .align_to(line, RIGHT),
        title=title)
