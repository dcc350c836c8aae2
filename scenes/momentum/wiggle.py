"""Part 2 of ``momentum``: a real, wiggly derivative (weight d of the 2-neuron ReLU model) and
its moving average, with d itself in a plain SGD run and a momentum run from the same start."""

from __future__ import annotations

from types import SimpleNamespace

from manim import DOWN, GREY_A, LEFT, RIGHT, UP, Create, FadeIn, MathTex, VGroup

from scenes.kit.formulas import RELU2_INLINE
from scenes.kit.part import Part
from scenes.momentum.plots import AVERAGE, RAW, GrowingCurve, header, plot_axes

GROW_SECONDS = 10.0   # every row of both runs is drawn in this time


class Wiggle(Part):
    """The momentum run's g and m per row (top), d per row in both runs (bottom)."""

    id = "wiggle"

    def build(self, numbers, params) -> SimpleNamespace:
        n = numbers
        b = _plots(n)
        b.numbers, b.head = n, header(self.id)
        b.sub = MathTex(RELU2_INLINE + r",\ \text{the sheet's rows},\ "
                        rf"\text{{lr}} = {n.lr:g},\ \text{{every weight from }} 1",
                        font_size=28).next_to(b.head, DOWN, aligned_edge=LEFT, buff=0.15)
        top, bottom = b.top, b.bottom
        b.titles = VGroup(
            MathTex(r"\partial\,\text{loss}/\partial d\ \text{per row (momentum run)}",
                    font_size=26).next_to(top, UP, buff=0.05).align_to(top, LEFT),
            MathTex(r"d\ \text{per row}", font_size=26).next_to(bottom, UP, buff=0.05)
            .align_to(bottom, LEFT),
            MathTex(r"\text{row}", font_size=24).next_to(bottom.x_axis, RIGHT, buff=0.1))
        b.key_top = VGroup(MathTex(r"g", font_size=28, color=RAW),
                           MathTex(rf"m = {n.beta:g}m+{1 - n.beta:.3g}g", font_size=28,
                                   color=AVERAGE)
                           ).arrange(RIGHT, buff=0.5).next_to(top, UP, buff=0.05) \
            .align_to(top, RIGHT)
        b.key_bottom = VGroup(
            MathTex(r"\text{plain SGD: } -\text{lr}\cdot g", font_size=26, color=RAW),
            MathTex(r"\text{momentum: } -\text{lr}\cdot m", font_size=26, color=AVERAGE)
        ).arrange(RIGHT, buff=0.5).next_to(bottom, UP, buff=0.05).align_to(bottom, RIGHT)
        b.spread = MathTex(rf"\text{{spread (std): }} g\ {n.grad_std:.0f},\ m\ {n.mom_std:.0f}",
                           font_size=26, color=GREY_A).next_to(b.key_top, LEFT, buff=0.6)
        return b

    def play(self, scene, b) -> None:
        n, rows = b.numbers, len(b.numbers.rows_mom.grad)
        scene.say("Now a real derivative: weight d of the 2-neuron ReLU model, one row at a time.")
        scene.play(FadeIn(b.head), FadeIn(b.sub), Create(b.top), Create(b.bottom),
                   *[FadeIn(title) for title in b.titles], run_time=1.5)
        scene.play(FadeIn(b.key_top), FadeIn(b.key_bottom), run_time=0.6)
        curves = (b.raw, b.mom, b.d_sgd, b.d_mom)
        scene.add(*curves)
        scene.keep_on_top(*curves)
        scene.say("Each row's derivative jumps around; momentum averages it into a calmer m. "
                  "Two real runs from the same start: plain SGD steps d by lr·g, momentum by "
                  "lr·m.")
        scene.mark("wiggle_start", rate=rows / GROW_SECONDS)  # after say(), which may hold
        # g and m have a point per row (1..rows), d one more (before row 1, then after each).
        scene.play(b.raw.grow(rows - 1, GROW_SECONDS), b.mom.grow(rows - 1, GROW_SECONDS),
                   b.d_sgd.grow(rows, GROW_SECONDS), b.d_mom.grow(rows, GROW_SECONDS))
        scene.mark("wiggle_done")
        scene.say(f"The averaged derivative's spread is {n.spread_ratio:.0%} of the raw one's, "
                  "so d moves more steadily.")
        scene.play(FadeIn(b.spread), run_time=0.6)
        scene.wait(2.5)


def _plots(n) -> SimpleNamespace:
    """Both axes and the four curves, placed; the bottom axis numbers its rows."""
    wm, ws = n.rows_mom, n.rows_sgd
    top = plot_axes(n.wiggle_x_range, n.wiggle_g_range, 11.0, 2.3).move_to(UP * 0.55 + RIGHT * 0.6)
    bottom = plot_axes(n.wiggle_x_range, n.wiggle_d_range, 11.0, 1.7)
    bottom.move_to(DOWN * 2.3 + RIGHT * 0.6)
    bottom.x_axis.add_numbers(font_size=22)
    return SimpleNamespace(
        top=top, bottom=bottom,
        raw=GrowingCurve(top, wm.row, wm.grad, RAW, width=2.5),
        mom=GrowingCurve(top, wm.row, wm.mom, AVERAGE, width=4),
        d_sgd=GrowingCurve(bottom, ws.weight_row, ws.weight, RAW, width=3),
        d_mom=GrowingCurve(bottom, wm.weight_row, wm.weight, AVERAGE, width=4))
