"""Part ``question``: the lesson's question over its main picture, the forum thread's run of
two stacked neurons beside one neuron at the same lr (err² per row), as Part ``thread``
(thread.py) draws it; what it asks follows which of the two runs blows up.
"""

from __future__ import annotations

from dataclasses import dataclass

from manim import (DOWN, RIGHT, UL, UP, FadeIn, MarkupText, MathTex, Text,
                   ValueTracker, VGroup, linear)

from scenes.kit.format import setting_text
from scenes.kit.part import Part
from scenes.kit.style import GRAD, TITLE_SIZE
from scenes.kit.text import words
from scenes.overshoot.common import RowPlot
from scenes.overshoot.placing import err_runs, to_corner
from scenes.overshoot.thread import err_plot, key


@dataclass
class QuestionBuilt:
    numbers: object
    row: ValueTracker
    question: Text | MarkupText
    plot: RowPlot
    key: VGroup
    cross: MathTex | None
    one_cross: MathTex | None = None   # one neuron's runaway, beside a pair's run


class QuestionPart(Part):
    """The lesson's question, over its main picture: one neuron's err² and the pair's, at the
    same lr, on the same rows."""

    id = "question"
    starts_clean = True   # kit.Part: it needs nothing the parts before it leave

    def build(self, numbers, params) -> QuestionBuilt:
        th, row = numbers.thread, ValueTracker(0.0)
        question = words(f"lr {setting_text(th.lr)} {_question(th)[0]}", font_size=TITLE_SIZE,
                         line_spacing=0.8).to_edge(UP, buff=0.3)
        plot = err_plot(th, row, 9.0, 4.2, centre=[0.2, -0.7, 0])
        keys = key(th).move_to(plot.axes, aligned_edge=UL).shift(RIGHT * 0.4 + DOWN * 0.05)
        # each run's runaway, at its row on the cap: at lr_thread 1e-3 one neuron's too (row 17;
        # "blows up one neuron, and two as well" showed the pair's alone)
        cross, one_cross = (None if at is None else MathTex(r"\times", font_size=60, color=GRAD)
                            .move_to(plot.point(at, th.max_loss))
                            for at in (th.diverged_at, th.one_diverged_at if th.stacked else None))
        # off both runs and the crosses: an early runaway's cross (row 5 at lr 3e-4) stands on
        # the top left, and at lr_thread 1e-3 one neuron climbs through both tops
        to_corner(keys, plot.axes, err_runs(plot, th),
                  keep_off=[x for x in (cross, one_cross) if x is not None])
        return QuestionBuilt(th, row, question, plot, keys, cross, one_cross)

    def play(self, scene, built: QuestionBuilt) -> None:
        th, plot, row = built.numbers, built.plot, built.row
        scene.question_row = row         # frame tests read when the pair's rows move
        scene.say(f"Lime: one neuron at lr {setting_text(th.lr)}, as in Stepping."
                  + PAIRS.get(th.model, ""))
        # On screen from frame 0: an embedded video's thumbnail is its first frame.
        scene.add(built.question, plot, built.key, plot.one, plot.pair)
        # The violet rows run from frame 0: the calm ones under the first line, the climb
        # under the second.
        calm = th.climb_from - 1 if 0 < th.climb_from - 1 < th.kept else th.kept / 2
        scene.play(row.animate(rate_func=linear).set_value(calm), run_time=3.8)
        scene.say(f"{'Same rows, same lr' if th.stacked else 'Row by row'}: {_question(th)[1]}.")
        scene.play(row.animate(rate_func=linear).set_value(th.kept), run_time=2.5)
        crosses = [x for x in (built.cross, built.one_cross) if x is not None]
        if crosses:
            scene.play(*[FadeIn(x, scale=2) for x in crosses], run_time=0.5)
        scene.say(f"To see {_question(th)[2]}, start with one weight on a parabola.")
        scene.wait(1.5)


# The question, what the plot shows, and what the parabola will show, by which run blows up
# (lime: one neuron, violet: the pair). A lower lr_thread keeps the pair bounded too: then
# the part must not say it blows up.
QUESTIONS = {
    (False, True): ("keeps one neuron bounded,\nand the same lr blows up two. Why?",
                    "lime's err² stays bounded, violet's explodes", "why"),
    (False, False): ("keeps one neuron bounded,\nand here two as well. When does two blow up?",
                     "both err² stay bounded", "when"),
    (True, True): ("blows up one neuron,\nand two as well. Why?", "both err² explode", "why"),
    (True, False): ("blows up one neuron,\nyet two stay bounded. Why?",
                    "lime's err² explodes, violet's stays bounded", "why"),
}


# The model set one neuron: its run is one neuron's, with no pair to hold against it (the part
# asked why "two" blew up, of a run of one).
ONE_NEURON = {False: ("keeps one neuron bounded.\nWhen does it blow up?",
                      "its err² stays bounded", "when"),
              True: ("blows up one neuron. Why?", "its err² explodes", "why")}
# The violet run named in the first line, by the thread's model (one neuron has none).
PAIRS = {"linear2": " Violet: two, stacked.", "relu2": " Violet: two, a ReLU between."}


def _question(th) -> tuple[str, str, str]:
    """This run's entry of :data:`QUESTIONS` (of :data:`ONE_NEURON` for a one-neuron model)."""
    if not th.stacked:
        return ONE_NEURON[th.ran_away[1]]
    return QUESTIONS[th.ran_away]
