"""Part ``epochs`` of the ``stepping`` lesson: the rest of the first epoch, then whole epochs,
with the error per epoch logged beside the walk."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Arrow, Axes, Create, DashedLine, Dot, FadeIn, GrowArrow,
                   Indicate, Line, MathTex, Text, VGroup)

from scenes.kit.clearance import first_clear
from scenes.kit.format import setting_text, short, short_text
from scenes.kit.numbers import FastInteger
from scenes.kit.part import Part
from scenes.kit.scene import inside_frame
from scenes.kit.style import (DIM, GRAD, LABEL_SIZE, MIN_FONT_SIZE, MODEL, OPTIMUM,
                              WEIGHT_COLOURS)
from scenes.stepping.stage import SMALL, WORK_BOTTOM, WORK_TOP, big_text, number

NEAR_STAR = 0.6   # no arrow to the star from closer than this: it would be all tip, on its label


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


class EpochPlot(VGroup):
    """RMSE per epoch in the work area's lower-right quarter, beside the log: a dot and a
    segment per epoch, over the goal line the lesson's question counts to. The stall shows
    as a flat run of dots far above the goal. ``dots[e]`` and ``links[e - 1]`` are epoch
    e + 1's."""

    BOX = (2.4, 5.85)         # left and right of the axes; tick numbers stand left of it

    def __init__(self, numbers, **kwargs):
        super().__init__(**kwargs)
        n = numbers
        epochs = max(len(n.epoch_rmse), 1)
        lo, hi, step = n.epoch_rmse_range
        top = WORK_TOP - 0.9     # the y label clears the log's header note above
        self.axes = Axes(x_range=[0, epochs, 1], y_range=[lo, hi, step],
                         x_length=self.BOX[1] - self.BOX[0], y_length=top - WORK_BOTTOM - 0.55,
                         tips=False, axis_config={"include_numbers": True,
                                                  "font_size": MIN_FONT_SIZE,
                                                  "decimal_number_config":
                                                      {"num_decimal_places": 0}})
        self.axes.move_to([sum(self.BOX) / 2, 0, 0]).align_to([0, top, 0], UP)
        self.labels = VGroup(
            MathTex(r"\text{epoch}", font_size=LABEL_SIZE).next_to(self.axes.x_axis, RIGHT,
                                                                   buff=0.12),
            MathTex(r"\text{RMSE}", font_size=LABEL_SIZE).next_to(self.axes.y_axis, UP,
                                                                  buff=0.1))
        # wide y numbers (10,000 at target_rmse 10000) centre the axes further right, and
        # "epoch" ran 0.08 past the frame's edge: the plot moves left by what it would lose
        # (0.1 in: at the defaults "epoch" ends 0.14 from the edge, and stays there)
        inside_frame(VGroup(self.axes, self.labels), margin=0.1)
        goal = n.goal_rmse
        self.goal = VGroup(
            DashedLine(self.axes.c2p(0, goal), self.axes.c2p(epochs, goal), color=OPTIMUM,
                       stroke_width=3, dash_length=0.1),
            MathTex(r"\text{goal: RMSE} < %s" % short(goal), font_size=MIN_FONT_SIZE,
                    color=OPTIMUM))
        self.goal[1].next_to(self.goal[0], UP, buff=0.08).align_to(self.goal[0], RIGHT)
        points = [self.axes.c2p(e + 1, r) for e, r in enumerate(n.epoch_rmse)]
        self.dots = VGroup(*[Dot(p, radius=0.06, color=MODEL) for p in points])
        self.links = VGroup(*[Line(a, b, color=MODEL, stroke_width=3)
                              for a, b in zip(points, points[1:])])
        # What comes on before the first epoch ends: the axes, their names, the goal.
        self.frame = VGroup(self.axes, self.labels, self.goal)
        self.add(self.frame, self.links, self.dots)

    def pieces(self) -> list:
        """Each mobject the part brings on by itself (what a later part fades out)."""
        return [self.frame, *self.dots, *self.links]


def b_crawl(numbers, stage) -> VGroup | None:
    """An arrow from where the epochs leave the weights toward the star, b's colour, and beside
    it ``b: 1 → 1.29822`` over ``needs 30``: what the stall means, said where it is (review
    r9: the trail retraces one line at b ≈ 1, and b showed only in the readout). None when the
    weights end off the panel or on the star."""
    n, v = numbers, numbers.valley
    if n.leaves_panel or n.diverged_at is not None:
        return None
    colour = WEIGHT_COLOURS["b"]
    start = stage.land.axes.c2p(*n.path[-1])
    if np.linalg.norm(stage.land.optimum.get_center() - start) < NEAR_STAR:
        return None     # ended on the star (from a = 10, b = 30): nothing left to point at
    arrow = Arrow(start, stage.land.optimum.get_center(), buff=0.2, color=colour,
                  stroke_width=4, max_tip_length_to_length_ratio=0.15)
    label = VGroup(MathTex(r"b\text{: } %s \to %s" % (short(v.b_start), short(v.b_end)),
                           font_size=SMALL, color=colour),
                   MathTex(r"\text{needs } %s" % short(v.b_optimum, 4), font_size=SMALL,
                           color=colour))
    label.arrange(DOWN, aligned_edge=LEFT, buff=0.08)
    # Right of the whole arrow, level with its middle: beside its middle, the slanted shaft
    # ran under the second line. Past the frame's side (a smaller lr stalls further right, at
    # a ≈ 2.5) on its left; where the arrow runs flat to the star (rows x = 1, 2, 3: best
    # (2, 1)), over or under it, off the star, its (a, b) and the axes' numbers.
    middle = arrow.get_center()
    spots = [lambda m, way=way: m.next_to(arrow, way, buff=0.12).set_y(middle[1])
             for way in (RIGHT, LEFT)]
    spots[0](label)
    if inside_frame(label.copy()).get_x() != label.get_x():     # the frame's side, as ever
        spots.pop(0)
    first_clear(label, [*spots, *(lambda m, way=way: m.next_to(arrow, way, buff=0.12)
                                  .set_x(middle[0]) for way in (UP, DOWN))],
                [np.array([arrow.get_start(), arrow.get_end()])], gap=0.05,
                keep_off=[stage.optimum_label, stage.land.optimum,
                          *(number for edge in stage.land.axes.edges for number in edge.numbers)])
    label.add_background_rectangle(opacity=0.8, buff=0.04)
    return VGroup(arrow, label)


def runaway_warning(numbers, log: EpochLog) -> Text | None:
    """``ran away at step …`` under the epochs logged, or None when the run did not."""
    if numbers.diverged_at is None:
        return None
    warn = Text(f"ran away at step {numbers.diverged_at}", font_size=SMALL, color=GRAD)
    warn.next_to(log.shown(len(numbers.epoch_ends)), DOWN, buff=0.25).align_to(log, LEFT)
    return warn


def stall_line(n) -> str:
    """What the epochs part says once a run that did not run away is logged: how its RMSE
    went (``rmse_course``: "stalls" alone hid 158 → 191 at lr 3.9e-4), or from which epoch
    it is under the goal (``under_goal_from``), and how far b got, in the log's digits up
    to 10⁴ (one value, one precision), in powers of ten from there."""
    course, peak = n.rmse_course
    first, last = big_text(n.epoch_rmse[0]), big_text(n.epoch_rmse[-1])
    said = {"stalls": f"stalls at {last}", "climbs": f"climbs, {first} → {last}",
            "levels": f"climbs to {big_text(peak or 0)}, then stalls at {last}",
            "falls": f"climbs to {big_text(peak or 0)}, then falls to {last}"}[course]
    if len(n.epoch_rmse) == 1:             # one epoch logged shows no course (epochs=1)
        said = f"is {last} after epoch 1"
    if n.under_goal_from is not None:      # from a start beside the star: no stall to speak of
        said = (f"is under the goal, {setting_text(n.goal_rmse)}, from epoch "
                f"{n.under_goal_from}, at {last}")
    return (f"RMSE {said}: b went {big_text(n.valley.b_start)} → {big_text(n.valley.b_end)}, "
            f"best is {short_text(n.valley.b_optimum, 4)}.")   # −5, not "-5"


class EpochsPart(Part):
    """The walk speeds up: each complete epoch in one move, its error logged as it ends. Starts
    with the walker on path row ``len(numbers.rows)``, where the ``rows`` part leaves it."""

    id = "epochs"

    def build(self, numbers, params):
        log = EpochLog(numbers)
        plot = EpochPlot(numbers) if len(numbers.epoch_rmse) else None
        return SimpleNamespace(log=log, plot=plot, warn=runaway_warning(numbers, log))

    def play(self, scene, built) -> None:
        n, log = scene.numbers, built.log
        scene.show_stage(len(n.rows))
        scene.retitle(self.id)
        plot = built.plot
        scene.epoch_log = ([log.header, *log.rows] + ([built.warn] if built.warn else [])
                           + (plot.pieces() if plot is not None else []))
        scene.say("Now faster: the rest of epoch 1" + (", then whole epochs."
                                                      if len(n.epoch_ends) > 1 else "."))
        scene.play(FadeIn(log.header), *([FadeIn(plot.frame)] if plot else []), run_time=0.8)
        for e, end in enumerate(n.epoch_ends):
            if e == 1:
                scene.say("Below: RMSE per epoch, as a table and as a plot.")
            scene.walk_to(end, 3.0 if e == 0 else 1.3, hold=0.3)
            shown = [FadeIn(log.rows[e])]
            if plot is not None:
                shown.append(FadeIn(plot.dots[e], scale=1.5))
                if e:
                    shown.append(Create(plot.links[e - 1]))
            scene.play(*shown, run_time=0.5)
            scene.mark("epoch_logged", epoch=e + 1)      # its dot and its row are on screen
            scene.movers_last()
        if n.ends_mid_epoch:        # the run stopped early: show where it got to
            scene.walk_to(n.steps, 3.0, hold=0.5)
        if built.warn is not None:
            scene.say(f"At lr = {setting_text(n.lr)} the steps grow until the numbers overflow.")
            scene.play(FadeIn(built.warn), run_time=0.8)
        elif len(n.epoch_rmse):
            scene.say(stall_line(n))
            self.show_b(scene, b_crawl(n, scene.stage))
        scene.wait(1.0)
        scene.finish_caption()       # the line is about the log: read it before the log goes

    @staticmethod
    def show_b(scene, note) -> None:
        """b's readout pulses while the arrow grows toward the star with b's numbers; they go
        with the log when the next part clears it."""
        readout = scene.stage.readout
        b = VGroup(readout.b_label, readout.b)
        if note is None:
            scene.play(Indicate(b, scale_factor=1.15, color=WEIGHT_COLOURS["b"]), run_time=1.2)
            return
        scene.play(Indicate(b, scale_factor=1.15, color=WEIGHT_COLOURS["b"]),
                   GrowArrow(note[0]), FadeIn(note[1]), run_time=1.2)
        scene.epoch_log.extend(note)     # as played: the arrow and the label, each on its own
        scene.movers_last()
