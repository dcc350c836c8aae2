"""Part ``thread``: the forum thread's run, error, |weights| and |derivatives| per row on log
axes, until the row where it ran away.

Every number comes from :class:`sgdanim.lessons.overshoot.ThreadRun`, the log scales
included; ``ThreadView(numbers.thread).marker.step`` is the row the runaway line marks.
"""

from __future__ import annotations

from dataclasses import dataclass

from manim import (BLUE_C, DOWN, GREEN_C, LEFT, PINK, RIGHT, UP, YELLOW_C, Create, FadeIn, MathTex,
                   Text, VGroup, linear)

from scenes.kit.format import sci_tex
from scenes.kit.formulas import SPACED
from scenes.kit.part import Part
from scenes.kit.style import PATH
from scenes.kit.scene import header
from scenes.overshoot.common import RowPlot

WEIGHT_COLOURS = (YELLOW_C, GREEN_C, BLUE_C, PINK)   # four hues apart: c and d must not blur


class ThreadView(VGroup):
    """The thread's run: error, |weights| and |derivatives| per row on log axes, and the row
    where it ran away (``marker.step``, the trajectory's ``diverged_at``)."""

    def __init__(self, thread, width=3.25, height=3.3, **kwargs):
        super().__init__(**kwargs)
        self.thread = thread
        kw = dict(width=width, height=height, x_step=5 if thread.rows <= 40 else None)
        self.error = RowPlot(thread.rows, thread.error_scale, y_label=r"\text{error}", **kw)
        self.weights = RowPlot(thread.rows, thread.weight_scale, y_label=r"|\text{weight}|", **kw)
        self.grads = RowPlot(thread.rows, thread.derivative_scale, y_label=r"|\text{derivative}|",
                             **kw)
        self.panels = VGroup(self.error, self.weights, self.grads).arrange(RIGHT, buff=0.75)
        self.curves = VGroup()
        if thread.kept:
            self.curves.add(self.error.curve(thread.loss, PATH))
            for j in range(len(thread.names)):
                colour = WEIGHT_COLOURS[j % len(WEIGHT_COLOURS)]
                self.curves.add(self.weights.curve(thread.params[:, j], colour),
                                self.grads.curve(thread.grads[:, j], colour))
        self.key = VGroup(*[MathTex(name, font_size=40, color=WEIGHT_COLOURS[j % 4])
                            for j, name in enumerate(thread.names)]
                          ).arrange(RIGHT, buff=0.35).next_to(self.panels, UP, buff=0.4)
        self.add(self.panels, self.curves, self.key)
        self.marker = self.lines = None
        if thread.diverged_at is not None:
            self.marker = self.error.runaway_marker(thread.diverged_at,
                                                    f"diverged at row {thread.diverged_at}")
            self.lines = VGroup(self.marker, *[p.runaway_marker(thread.diverged_at)
                                               for p in (self.weights, self.grads)])
            self.add(self.lines)


def runaway_caption(th) -> str:
    if th.past_cap:
        why = f"its error is {th.runaway_loss:.2g}, past the {th.max_loss:.0e} cap"
    else:
        why = "a value stopped being a finite number"
    return (f"Row {th.diverged_at} runs away: {why}. The {th.kept} rows before it are all "
            f"that is drawn.")


@dataclass
class ThreadBuilt:
    numbers: object           # the lesson's ThreadRun
    head: VGroup
    setup: VGroup
    view: ThreadView
    value: MathTex | None     # the runaway row's error, when the uncapped run has one
    calm: Text | None         # said instead when nothing runs away


class ThreadPart(Part):
    id = "thread"

    def build(self, numbers, params) -> ThreadBuilt:
        th = numbers.thread
        head = header("3 · the thread's experiment")
        start = (f"all weights {th.init[0]:g}" if len(set(th.init)) == 1
                 else "start " + ", ".join(f"{k}={v:g}" for k, v in zip(th.names, th.init)))
        setup = VGroup(MathTex(SPACED[th.model], font_size=34),
                       Text(f"{start} · {th.grad} derivatives ·", font_size=22),
                       MathTex(rf"\mathrm{{lr}}={sci_tex(th.lr, 1)}", font_size=30)
                       ).arrange(RIGHT, buff=0.3)
        setup.next_to(head, DOWN, buff=0.25).align_to(head, LEFT)
        view = ThreadView(th).move_to([0.15, -0.45, 0])
        value = calm = None
        if th.diverged_at is not None and th.runaway_loss is not None:
            value = MathTex(rf"\text{{row {th.diverged_at}: error}}={sci_tex(th.runaway_loss, 1)}"
                            rf">10^{{{th.cap_decade}}}\text{{, so the run stops}}",
                            font_size=30).to_edge(DOWN, buff=0.2)
        elif th.diverged_at is None:
            calm = Text(f"no runaway in {th.rows} rows", font_size=26).next_to(view.panels, UP)
        return ThreadBuilt(th, head, setup, view, value, calm)

    def play(self, scene, built: ThreadBuilt) -> None:
        th, view = built.numbers, built.view
        scene.say("The thread's run: two stacked linear neurons, one epoch, "
                  "derivatives by finite differences.")
        scene.play(FadeIn(built.head), FadeIn(built.setup), Create(view.panels), FadeIn(view.key),
                   run_time=2)
        if len(view.curves):
            scene.say("Error, weights and derivatives all grow together, row by row.")
            scene.play(*[Create(c) for c in view.curves], run_time=6, rate_func=linear)
        if view.marker is not None:
            scene.mark("before_runaway")
            scene.say(runaway_caption(th))
            scene.play(*[Create(m[0]) for m in view.lines], FadeIn(view.marker[1]), run_time=1.2)
            scene.mark("runaway", step=view.marker.step)
            if built.value is not None:
                scene.play(FadeIn(built.value), run_time=0.8)
        else:
            scene.say(f"At lr = {th.lr:g} nothing runs away.")
            scene.play(FadeIn(built.calm), run_time=1)
        scene.wait(4)
