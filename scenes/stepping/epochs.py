"""Part ``epochs`` of the ``stepping`` lesson: the rest of the first epoch, then whole epochs,
with the error per epoch logged beside the walk."""

from __future__ import annotations

from types import SimpleNamespace

from manim import DOWN, LEFT, RIGHT, FadeIn, MathTex, Text, VGroup

from scenes.kit.format import sci_text, short
from scenes.kit.numbers import FastInteger
from scenes.kit.part import Part
from scenes.kit.style import DIM, GRAD
from scenes.stepping.stage import SMALL, WORK_BOTTOM, WORK_TOP, number


class EpochLog(VGroup):
    """The error per complete epoch, like the sheet's "Paste error here" column: the true RMSE
    and the sheet's own cell, √Σerr². ``rows[e]`` = (epoch, rmse, √Σerr²) DecimalNumbers."""

    COLS = (-4.8, -2.3, 0.5)     # centred under the panels, the note to the right

    def __init__(self, numbers, **kwargs):
        super().__init__(**kwargs)
        n = numbers
        complete = len(n.epoch_rmse)
        self.header = VGroup(MathTex(r"\text{epoch}", font_size=SMALL),
                             MathTex(r"\text{RMSE} = \sqrt{\text{mean err}^2}", font_size=SMALL),
                             MathTex(r"\sqrt{\Sigma\,\text{err}^2}", font_size=SMALL))
        for cell, x in zip(self.header, self.COLS):
            cell.move_to([x, WORK_TOP - 0.35, 0])
        note = MathTex(r"\text{the sheet's ``rmse'' cell}", font_size=SMALL, color=DIM)
        self.header.add(note.next_to(self.header[2], RIGHT, buff=0.25))
        top = self.header.get_bottom()[1] - 0.3
        row_h = min(0.4, (top - WORK_BOTTOM) / max(complete, 1))
        self.rows = []
        for e in range(complete):
            cells = VGroup(FastInteger(e + 1, font_size=SMALL), number(n.epoch_rmse[e], SMALL),
                           number(n.epoch_sheet_error[e], SMALL))
            for cell, x in zip(cells, self.COLS):
                cell.move_to([x, top - row_h * e, 0])
            self.rows.append(cells)
        self.add(self.header, *self.rows)

    def shown(self, count: int) -> VGroup:
        """The header and the first ``count`` rows (what is on screen after ``count`` epochs)."""
        return VGroup(self.header, *self.rows[:count])


def runaway_warning(numbers, log: EpochLog) -> Text | None:
    """``ran away at step …`` under the epochs logged, or None when the run did not."""
    if numbers.diverged_at is None:
        return None
    warn = Text(f"ran away at step {numbers.diverged_at}", font_size=SMALL, color=GRAD)
    warn.next_to(log.shown(len(numbers.epoch_ends)), DOWN, buff=0.25).align_to(log, LEFT)
    return warn


class EpochsPart(Part):
    """The walk speeds up: each complete epoch in one move, its error logged as it ends. Starts
    with the walker on path row ``len(numbers.rows)``, where the ``rows`` part leaves it."""

    id = "epochs"

    def build(self, numbers, params):
        log = EpochLog(numbers)
        return SimpleNamespace(log=log, warn=runaway_warning(numbers, log))

    def play(self, scene, built) -> None:
        n, log = scene.numbers, built.log
        scene.show_stage(len(n.rows))
        scene.retitle(self.id)
        scene.epoch_log = [log.header, *log.rows] + ([built.warn] if built.warn else [])
        scene.say("Now faster: the rest of epoch 1, then whole epochs.")
        scene.play(FadeIn(log.header), run_time=0.8)
        for e, end in enumerate(n.epoch_ends):
            if e == 1:
                scene.say("Below: RMSE per epoch, and the sheet's own cell.")
            scene.walk_to(end, 4.0 if e == 0 else 2.0, hold=0.3)
            scene.play(FadeIn(log.rows[e]), run_time=0.5)
            scene.movers_last()
        if n.ends_mid_epoch:        # the run stopped early: show where it got to
            scene.walk_to(n.steps, 3.0, hold=0.5)
        if built.warn is not None:
            scene.say(f"At lr = {sci_text(n.lr, 1)} the steps grow until the numbers overflow.")
            scene.play(FadeIn(built.warn), run_time=0.8)
        elif len(n.epoch_rmse):
            scene.say(f"RMSE stalls near {short(n.epoch_rmse[-1], 3)}: "
                      f"b went {short(n.path[0, 1], 3)} → {short(n.path[-1, 1], 3)}, "
                      f"best is {short(n.landscape.optimum[1], 3)}.")
        scene.wait(1.0)
