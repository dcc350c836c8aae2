"""Part ``crawl`` of the ``stepping`` lesson: the crawl along the valley as a time-lapse.

The same run goes on, one point per epoch, until its RMSE stays below the target: the weight
point climbs the valley to the star, and below, the distance to the best fit is split into
its two directions on a log axis: across the valley it is gone within the first epoch, along it
it shrinks like (1 − lr·λ_along)ᵗ, the dashed line. Every number is the core's
(:class:`~sgdanim.core.crawl.Crawl`, through :mod:`sgdanim.lessons.stepping`).
"""

from __future__ import annotations

from types import SimpleNamespace

from manim import (DOWN, LEFT, RIGHT, Create, Dot, FadeIn, FadeOut, Indicate,
                   MathTex, MoveAlongPath, VGroup)

# the core's, through the lesson: scenes read numbers from the lessons (tests/test_shape.py)
from sgdanim.lessons.stepping import QUICK_EPOCHS, crawl_reading

from scenes.kit.format import (counted, figures_tex, figures_text, sci_tex, sci_text,
                               setting_text, short)
from scenes.kit.landscape_panel import WeightWalker
from scenes.kit.numbers import FastDecimal, FastInteger
from scenes.kit.part import Part
from scenes.kit.style import (ACCENT, BODY_SIZE, GRAD, LABEL_SIZE, TITLE_SIZE)
from scenes.stepping.crawl_plot import CrawlPlot
from scenes.stepping.kicks import KickInset

LAPSE_SECONDS = 10.0       # the whole crawl, however many epochs it takes
ANSWER_X, ANSWER_Y = -3.4, 1.55   # the answer card stands where the data panel stood
ANSWER_GAP = 0.1                  # at least, from the card to the landscape's numbers
SWELL = 1.08                      # how much a pulse swells the line that names its curves


def answer_card(numbers) -> VGroup:
    """The opening question's answer, in the data panel's place once the crawl is done: the
    two directions' lr·λ, how much more sharply across curves, and the cap a bigger lr would pass
    (overshoot's mean-loss limit, 2/λ_across)."""
    c, v = numbers.crawl, numbers.valley
    epochs = c.reached if c.reached is not None else c.epochs
    lines = VGroup(
        MathTex(r"\text{Why %s? The valley.}" % counted(epochs, "epoch"), font_size=TITLE_SIZE),
        # which weight each direction mostly is: a settles in an epoch, b crawls
        MathTex(r"\text{across} \approx %s\text{: } \mathrm{lr}\cdot\lambda = %s\text{, safe "
                r"below 2}" % (v.mostly[1], short(c.per_row[1], 3)), font_size=BODY_SIZE,
                color=GRAD),
        MathTex(r"\text{along} \approx %s\text{: } \mathrm{lr}\cdot\lambda = %s\text{: the "
                r"crawl}" % (v.mostly[0], sci_tex(c.per_row[0], 3)), font_size=BODY_SIZE,
                color=ACCENT),
        MathTex(r"\lambda_{\text{across}} / \lambda_{\text{along}} = %s\text{: one lr can't "
                r"suit both}" % figures_tex(v.condition, 4), font_size=BODY_SIZE),
        # overshoot's name and digits for the same number
        MathTex(r"\mathrm{lr} < 2/\lambda_{\text{across}} = %s\text{, the mean-loss limit}"
                % sci_tex(v.limit), font_size=BODY_SIZE))
    lines.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
    return lines.move_to([ANSWER_X, ANSWER_Y, 0])


def bigger_lr_line(n) -> str:
    """The lesson's last line, after the answer or where there is no crawl: the limit a
    bigger lr passes, and the next lesson; or, where this lr is already past it (lr 4e-4),
    that it is ("A bigger lr?" read as if it were under).

    >>> from types import SimpleNamespace as NS
    >>> bigger_lr_line(NS(valley=NS(limit=3.97e-4, safe=False)))[:48]
    'This lr is past 3.97×10⁻⁴, the mean-loss limit: '
    """
    if not n.valley.safe:
        return (f"This lr is past {sci_text(n.valley.limit)}, the mean-loss limit: a bigger one "
                "overshoots more. Next lesson: overshoot.")
    return (f"A bigger lr? Past {sci_text(n.valley.limit)}, the mean-loss limit, it "
            "overshoots. Next lesson: overshoot.")


def swell_within(card, x: float) -> float:
    """How much :func:`pulse` may swell the answer card's lines, at most ``SWELL``, for the
    widest to end ``ANSWER_GAP`` short of ``x`` (the landscape's left: from a start of ±1000
    its "−1500" stood under the swollen last line; moving the card left instead put it 5 px
    from the frame's edge)."""
    widest = max(line.width for line in card)
    return max(1.0, min(SWELL, (x - ANSWER_GAP - card.get_left()[0]) / widest))


class CrawlReadout(VGroup):
    """``epoch e   RMSE r`` under the legend, for the epoch the tracker stands on: the pair is
    the core's :func:`~sgdanim.core.crawl_plots.crawl_reading`, so both name one epoch."""

    def __init__(self, numbers, tracker, **kwargs):
        super().__init__(**kwargs)
        c = numbers.crawl
        self.epoch_label = MathTex(r"\text{epoch}", font_size=LABEL_SIZE)
        e, rmse = crawl_reading(c, tracker.get_value())
        self.epoch = FastInteger(e, font_size=LABEL_SIZE, group_with_commas=False)
        self.rmse_label = MathTex(r"\text{RMSE} =", font_size=LABEL_SIZE)
        self.rmse = FastDecimal(rmse, 3, font_size=LABEL_SIZE, group_with_commas=False)
        self.add(self.epoch_label, self.epoch, self.rmse_label, self.rmse)
        self.arrange(RIGHT, buff=0.15)
        widest = FastInteger(c.epochs, font_size=LABEL_SIZE, group_with_commas=False).width
        self.rmse_label.shift(RIGHT * (0.3 + max(widest - self.epoch.width, 0)))
        self.rmse.next_to(self.rmse_label, RIGHT, buff=0.15)
        shown = {"e": e}

        def update(group):
            e, rmse = crawl_reading(c, tracker.get_value())
            if e != shown["e"]:
                shown["e"] = e
                self.epoch.set_value(e)
                self.rmse.set_value(rmse)
        self.add_updater(update)


def start_walker(stage, n, plot, readout, start: int) -> WeightWalker:
    """The time-lapse's walker, and the plot's and readout's clock, on epoch ``start``, where
    the stage's run stopped. Drawn there now: a still frame runs no updaters, so a walker
    left at its build would show the dot at the path's start beside a readout naming
    ``start`` until the walk moves it. Its trail stops at the panel's edge, with the
    stage's arrowhead out, where the crawl leaves the panel (as the stage's walker does)."""
    walker = WeightWalker(stage.land, n.crawl_shown_path,
                          beyond=n.crawl.path if n.crawl_leaves_panel else None)
    walker.index.set_value(float(start))
    plot.tracker.set_value(float(start))
    for mob in (walker, *plot.curves(), readout):
        mob.update()
    return walker


def along_line(crawl) -> str:
    """The crawl's last line, on along; a crawl of a few epochs is not "the long crawl" (from
    a = 10, b = 30 over 1 epoch, the goal is met in epoch 2)."""
    name = "the long crawl" if crawl.epochs > QUICK_EPOCHS else "the crawl"
    return f"Along, lr·λ = {sci_text(crawl.per_row[0], 3)}: {name}, close to the dashed line."


class CrawlPart(Part):
    """The time-lapse: the prediction first, then the walk and the two distances together.
    Starts with the walker at the end of the run, where the ``epochs`` part leaves it."""

    id = "crawl"

    def build(self, numbers, params):
        if numbers.crawl.epochs == 0 or numbers.goal_met_logged is not None:
            return None         # it ran away at once, or the epochs logged got there
        plot = CrawlPlot(numbers)
        readout = CrawlReadout(numbers, plot.tracker)
        readout.next_to(plot.legend, DOWN, buff=0.35, aligned_edge=LEFT)
        inset = KickInset(numbers) if numbers.crawl_kicks is not None else None
        return SimpleNamespace(plot=plot, readout=readout, answer=answer_card(numbers),
                               inset=inset)

    def play(self, scene, built) -> None:
        n = scene.numbers
        scene.show_stage(n.steps)
        # The epoch log or the valley note and the step readout fade out with the old title,
        # before the new one is written: nothing of part 4 shows under it. The valley's arrows
        # stay on the map while the split into their two directions is said (review r8).
        gone = () if built is None else (
            *getattr(scene, "epoch_log", ()), *getattr(scene, "valley_note", ()),
            scene.stage.readout)
        scene.retitle(self.id, clear=gone)
        if built is None:
            self.no_crawl(scene, n)
            return
        c, plot, stage = n.crawl, built.plot, scene.stage
        scene.crawl_plot = plot          # frame tests read where its curves were drawn
        walker = start_walker(stage, n, plot, built.readout, min(n.epochs, c.epochs))
        stage.data.line.clear_updaters()
        stage.data.follow(walker, c.path)
        arrows = [m for m in getattr(scene, "valley_arrows", ()) if m in scene.mobjects]
        scene.say("Split the distance to the star into its two directions.")
        scene.play(FadeIn(plot.axes), FadeIn(plot.zoom.axes), FadeIn(plot.zoom.tag),
                   FadeIn(plot.x_label), FadeIn(plot.y_label),
                   FadeIn(plot.legend), *[Indicate(m, color=m.get_color(), scale_factor=1.3)
                                          for m in arrows], run_time=1.5)
        scene.say(f"Along, each row keeps ≈ 1 − lr·λ of it; {c.rows_per_epoch} rows an epoch: "
                  "dashed.")
        scene.play(Create(plot.prediction), run_time=1.5)
        scene.wait(1.0)
        # the stage's dot, and its arrowhead at the edge where its run left the panel: the
        # crawl's walker draws its own (two stood side by side at lr 4.5e-4)
        scene.remove(stage.walker.dot, *([stage.walker.exit] if stage.walker.exit else []))
        scene.add(walker, *plot.curves(), built.readout)
        scene.keep_on_top(walker, *plot.curves(), built.readout, stage.data.line)
        scene.say(f"Now the real run, {counted(c.epochs, 'epoch')} in {LAPSE_SECONDS:.0f} seconds.")
        if arrows:      # drawn at the run's end; the walk moves the dot off them
            scene.play(*[FadeOut(m) for m in arrows], run_time=0.4)
        scene.play(walker.walk(c.epochs, LAPSE_SECONDS), plot.along.grow(c.epochs, LAPSE_SECONDS),
                   run_time=LAPSE_SECONDS)
        scene.mark("crawl", k=c.epochs)
        self.close(scene, c, plot, n.crawl_across, built.inset)
        if c.reached is not None:
            self.answer(scene, built.answer, n, plot)
        else:
            scene.say("Why not a bigger lr? Next lesson: overshoot.")
            scene.wait(1.0)

    @staticmethod
    def no_crawl(scene, n) -> None:
        """Where there is nothing to speed up: the first epoch ran away, or the epochs logged
        are already under the goal; then the limit a bigger lr passes, as the answer ends."""
        if n.goal_met_logged is None:
            scene.say(f"At lr = {setting_text(n.lr)} there is no crawl: the first epoch runs away.")
            scene.wait(1.0)
            return
        scene.say(f"No crawl to speed up: epoch {n.goal_met_logged} already met the goal, "
                  f"RMSE < {setting_text(n.goal_rmse)}.")
        scene.wait(1.0)
        scene.say(bigger_lr_line(n))
        scene.wait(1.0)
        scene.finish_caption()

    @staticmethod
    def answer(scene, card, n, plot) -> None:
        """The question's answer where the data panel stood (the fit is done; its line has
        nothing left to show), each direction's line with its curve in turn; then the limit a
        bigger lr passes, written as it is said, with the curve that would overshoot."""
        data = scene.stage.data
        swell = swell_within(card, scene.stage.land.get_left()[0])
        gone = [m for m in (data.axes, data.labels, data.dots, data.line, scene.stage.formula,
                            *getattr(scene, "kick_inset", ())) if m in scene.mobjects]
        # λ_across/λ_along is a ratio of curvatures, not of slopes: "steeper" said the wrong one
        scene.say("The answer: one lr for both, and across curves "
                  f"{figures_text(n.valley.condition, 4)} times more sharply.")
        scene.play(*[FadeOut(m) for m in gone], run_time=0.5)   # the plot goes before the text
        scene.play(FadeIn(card[:-1], lag_ratio=0.15), run_time=1.0)
        pulse(scene, plot.across, plot.zoom.across, text=card[1], swell=swell)
        pulse(scene, plot.along, plot.zoom.along, text=card[2], swell=swell)
        scene.say(bigger_lr_line(n))
        scene.play(FadeIn(card[-1], shift=RIGHT * 0.2), run_time=1.0)
        # across is what a bigger lr overshoots
        pulse(scene, plot.across, plot.zoom.across, text=card[-1], swell=swell)
        scene.wait(1.0)

    @staticmethod
    def close(scene, c, plot, across, inset) -> None:
        """What the time-lapse showed, each line with what it names on screen: the red curve's
        first epoch; then, in the data panel's place, across row by row (each row's slope kicks
        it, the kicks shrink with along); the share of along it keeps, tagged; the long crawl.
        lr·λ with the valley note's digits."""
        start, after, share = across
        scene.wait(0.6)                  # a still beat on the time-lapse's last picture first
        scene.say(f"Across, lr·λ = {sci_text(c.per_row[1], 3)}: {figures_text(start, 3)} → "
                  f"{figures_text(after, 3)} in epoch 1 (zoomed left).")
        scene.play(FadeIn(plot.drop), run_time=0.8)     # the label with its line
        pulse(scene, plot.zoom.across)     # the drop it names, not a still (review r9)
        if inset is not None:
            CrawlPart.kicks(scene, inset)
        scene.say(f"So at each epoch's end across is ≈ {short(share, 2)}% of along: it falls "
                  "only as along falls.")
        # The tag names the inset's red dots (the same epoch ends, signed): they pulse as it
        # come, each about its own centre (the group's would spread them along the rows).
        ends = [] if inset is None or inset.ends not in scene.mobjects else [
            Indicate(dot, color=GRAD, scale_factor=2.0) for dot in inset.ends]
        scene.play(FadeIn(plot.floor), *ends, run_time=0.8 if not ends else 1.0)
        # Slow pulses, as long as their lines take to read: no 2.5 s stills (review r9).
        pulse(scene, plot.across, plot.along, run_time=2.4)
        scene.say(along_line(c))
        pulse(scene, plot.along, plot.prediction, run_time=2.6)
        scene.finish_caption()

    @staticmethod
    def kicks(scene, inset) -> None:
        """Across row by row where the data panel stood (the fit is done): the first epochs'
        kicks, then the last epochs' on the same axis, each with its along and swing."""
        data = scene.stage.data
        gone = [m for m in (data.axes, data.labels, data.dots, data.line, scene.stage.formula)
                if m in scene.mobjects]
        scene.say("Row by row, across never sits still: each row's own slope kicks it.")
        scene.play(*[FadeOut(m) for m in gone], run_time=0.5)
        # The answer card fades them out.
        scene.kick_inset = (inset.frame, *inset.curves, inset.ends, inset.head, *inset.tags)
        scene.play(FadeIn(inset.frame), run_time=0.6)
        scene.play(Create(inset.curves[0]), FadeIn(inset.head), FadeIn(inset.tags[0]),
                   run_time=2.0)
        scene.play(FadeIn(inset.ends, scale=1.5), run_time=0.5)
        scene.kick_plot = inset          # frame tests read where its curves were drawn
        scene.mark("kicks")
        if len(inset.curves) > 1:
            scene.say("A kick moves a by lr·2·err·x, and err shrinks with along: "
                      "the last epochs barely kick.")
            # A dot runs the first epochs' kicks row by row while the last epochs' come in
            # beside them: the line is read over motion, not a still (review r9).
            tracer = Dot(inset.corners[0][0], radius=0.07, color=GRAD)
            scene.play(Create(inset.curves[1]), FadeIn(inset.tags[1]),
                       MoveAlongPath(tracer, inset.curves[0]), run_time=2.5)
            scene.remove(tracer)
            if inset.same is not None:   # the matching shares are the evidence: say so
                scene.kick_inset += tuple(inset.same)   # played part by part
                scene.play(Create(inset.same[0]), FadeIn(inset.same[1]), run_time=0.8)
        scene.wait(0.6)


def pulse(scene, *curves, text=None, run_time: float = 1.6, swell: float = SWELL) -> None:
    """Point at ``curves``: a wide glow of each in its own colour swells and fades; ``text``,
    the line that names them, swells by ``swell`` and settles with it (from its left edge,
    where its column is aligned)."""
    glows = VGroup(*[curve.copy().clear_updaters().set_stroke(
        color=curve.get_stroke_color(), width=14, opacity=0.45) for curve in curves])
    grow = [] if text is None else [text.animate.scale(swell, about_edge=LEFT)]
    scene.play(FadeIn(glows), *grow, run_time=run_time / 2)
    back = [] if text is None else [text.animate.scale(1 / swell, about_edge=LEFT)]
    scene.play(FadeOut(glows), *back, run_time=run_time / 2)
