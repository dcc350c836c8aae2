"""The ``optimizers`` lesson's parts, in playing order: the bowl and the start; each rule while
its racer runs its first epoch alone; the race; the table.

The pieces several parts share are the scene's stage (:func:`scenes.optimizers.panels.layout`,
built once in ``setup``); each part builds its own pieces and captions. A part played without
the parts before it first asks the scene to ``catch_up``: the parts that did not play
``settle``, putting on screen, unanimated, what they would have left there.
"""

from __future__ import annotations

from types import SimpleNamespace

from manim import RIGHT, UP, Create, FadeIn, FadeOut, Indicate, MathTex, Text, VGroup

from sgdanim.lessons.optimizers import PART_SPECS

from scenes.kit.format import short
from scenes.kit.part import Part
from scenes.kit.style import DIM, MIN_FONT_SIZE, TITLE_SIZE
from scenes.kit.titles import chapter_header, title_swap
from scenes.optimizers.events import settle_event, show_event
from scenes.optimizers.finish import show_finish
from scenes.optimizers.legs import LEADS, all_walkers, race_legs, run_legs  # noqa: F401
from scenes.optimizers.panels import RIGHT_COLUMN, rule_card
from scenes.optimizers.runaways import play_runaways, runaway_part
from scenes.optimizers.steps import hold_line, step_plot
from scenes.optimizers.table import dip_caption, dip_note_tex
from scenes.optimizers.step_text import step_captions, step_focus, step_pulses, takeaway_caption
from scenes.optimizers.text import (bounce_caption, event_caption, fairness_caption,
                                    inset_caption, intro_caption, lr_column, race_caption,
                                    summary_caption)


def header(part_id: str, numbers) -> Text:
    """The part's chapter title, numbered by its place in the lesson, as the kit's header."""
    return chapter_header(PART_SPECS, part_id, numbers)


def show_header(scene, part_id: str) -> None:
    """Put this part's header where the last one was (the parts share one screen)."""
    scene.play(*header_swap(scene, part_id), run_time=0.5)


def header_swap(scene, part_id: str) -> list:
    """The animations that put this part's header where the last one was, to play with the
    part's first animation (no still half second before the picture changes)."""
    new, old = header(part_id, scene.numbers), getattr(scene, "header", None)
    scene.header = new         # a fresh header, not a morphed one: the same pixels either way
    return [title_swap(old, new)]   # the kit's: the old title goes before the new one comes


class OptimizersPart(Part):
    """A part of this lesson: besides ``build`` and ``play``, it can ``settle``."""

    def settle(self, scene, built) -> None:
        """Put on ``scene``, without animating, what this part leaves on screen (the last part
        leaves nothing another part needs)."""


def show_inset(scene, stage, row: int, animate: bool = True) -> None:
    """The zoom inset, its walkers standing at path row ``row`` like their twins."""
    inset = stage.inset
    for w in inset.walkers.values():
        w.index.set_value(row)
        w.faded().update()              # shown once the race has begun
    if animate:
        scene.play(FadeIn(inset.group), Create(inset.zoomed),
                   *[FadeIn(w) for w in inset.walkers.values()], run_time=1.0)
    else:
        scene.add(inset.group, inset.zoomed, *inset.walkers.values())
    scene.keep_on_top(*inset.walkers.values())


class Bowl(OptimizersPart):
    """The lesson's question over the loss contours, the optimum, the start, and the table's
    header."""

    id = "bowl"

    def build(self, numbers, params):
        question = Text(f"{len(numbers.racers)} optimizers, one start,\nthe same rows.\n"
                        "Which reaches the star,\nthe lowest loss, first?\nAnd why?",
                        font_size=TITLE_SIZE, line_spacing=0.9)
        # beside the contours, in the half the race's plot and table fill later
        question.move_to([(RIGHT_COLUMN + 7.1) / 2, 1.2, 0])
        return SimpleNamespace(question=question, captions=(
            "Last lesson: momentum was no faster along the valley.",
            "Contours of the mean loss; the star is the lowest.",
            f"All start at a = b = {short(numbers.start[0])}, on the same {numbers.rows} rows."))

    def play(self, scene, built):
        scene.catch_up(self.id)
        stage, (recap, bowl, start) = scene.stage, built.captions
        panel = stage.panel
        scene.say(recap)
        scene.add(panel, built.question)   # frame 0 already shows the picture (an embed's thumbnail)
        scene.wait(1.2)
        scene.mark("question")
        scene.wait(1.8)
        scene.play(FadeOut(built.question), run_time=0.6)
        show_header(scene, self.id)
        scene.say(bowl)
        scene.play(Indicate(panel.optimum, scale_factor=1.6), FadeIn(stage.opt_label),
                   run_time=1.2)           # its label with it: the question's backing hid it
        scene.say(start)
        scene.play(FadeIn(stage.start, stage.start_label), run_time=0.8)   # no empty headers
        scene.wait(0.8)
        scene.play(FadeOut(stage.start_label), run_time=0.4)
        scene.finish_caption()

    def settle(self, scene, built):
        stage = scene.stage
        scene.add(stage.panel, stage.opt_label, stage.start)


class Rules(OptimizersPart):
    """Each racer in turn: its rule card, its row of the table, and its first epoch alone."""

    id = "rules"

    def build(self, numbers, params):
        return SimpleNamespace(
            cards={r.name: rule_card(r, column=lr_column(numbers)) for r in numbers.racers},
            captions={r.name: intro_caption(r) for r in numbers.racers},
            alone={e.racer: (e, event_caption(e, numbers)) for e in numbers.race.alone})

    def play(self, scene, built):
        scene.catch_up(self.id)
        stage, first = scene.stage, scene.numbers.race.first
        swap, shown = header_swap(scene, self.id), []
        for racer in scene.numbers.racers:
            card, walker = built.cards[racer.name], stage.walkers[racer.name]
            scene.say(built.captions[racer.name])
            if shown:        # the card on screen goes before the next comes in, in its place:
                scene.play(*[FadeOut(old) for old in shown], run_time=0.25)   # never both
            scene.play(*swap, FadeIn(card, shift=0.2 * UP), FadeIn(walker),
                       run_time=0.6 if not shown else 0.4)
            swap, shown = [], [card]
            scene.keep_on_top(walker)
            scene.play(walker.walk(first, run_time=1.4), run_time=1.4)
            scene.mark("epoch_end", racer=racer.name, row=first)
            if racer.name in built.alone:            # its walker stopped early
                show_event(scene, stage, *built.alone[racer.name])
            scene.wait(0.15)
            scene.finish_caption()
        scene.play(*[FadeOut(old) for old in shown], run_time=0.3)

    def settle(self, scene, built):
        stage = scene.stage
        for name, walker in stage.walkers.items():
            walker.index.set_value(scene.numbers.race.first)
            walker.update()
            scene.add(stage.table.row(name))
            scene.keep_on_top(walker)
        for event, _ in built.alone.values():
            settle_event(scene, stage, event)


class Race(OptimizersPart):
    """All walkers together, with each one's rmse per epoch, pausing at every event."""

    id = "race"

    def build(self, numbers, params):
        return SimpleNamespace(
            caption=race_caption(numbers),
            inset=inset_caption(numbers),
            legs=race_legs(numbers),
            events=[(e, event_caption(e, numbers)) for e in numbers.race.events])

    def play(self, scene, built):
        scene.catch_up(self.id)
        stage, race = scene.stage, scene.numbers.race
        scene.say(built.caption)
        table = stage.table
        scene.play(*header_swap(scene, self.id), FadeIn(stage.plot), FadeIn(stage.counter),
                   FadeIn(table.now_header), FadeIn(table.header[2]),    # with what it heads
                   *[FadeIn(cell) for cell in table.now.values()], run_time=1)
        scene.add(stage.curves)
        scene.keep_on_top(stage.counter, stage.curves)
        scene.wait(0.5)
        scene.mark("race_start", row=race.first)
        if stage.inset is not None:
            scene.say(built.inset)
            show_inset(scene, stage, race.first)
            scene.mark("inset")
        scene.play(*[w.fade_first() for w in stage.walkers.values()], run_time=0.8)
        at = race.first
        for event, caption in built.events:
            if event.row > at:
                run_legs(scene, stage, built.legs, at, event.row)
                at = event.row
                if event.kind == "drop" and not event.again:
                    # the epoch whose G makes the drop is the one the walk's line (its
                    # RMSE's rise) ends on: held under that line once the table shows it
                    scene.wait(1.0)
            show_event(scene, stage, event, caption)
        if race.end > at:
            run_legs(scene, stage, built.legs, at, race.end)
        scene.mark("race_end", row=race.end)
        if stage.finish is not None:          # the blob at the star, drawn apart
            show_finish(scene, stage.finish)
            scene.mark("finish")
        scene.mark("poster")
        scene.wait(0.5 if stage.finish is not None else 1.5)
        scene.finish_caption()

    def settle(self, scene, built):
        stage, race = scene.stage, scene.numbers.race
        stage.clock.tracker.set_value(race.end)
        if stage.inset is not None:
            show_inset(scene, stage, race.end, animate=False)
        if stage.finish is not None:
            show_finish(scene, stage.finish, animate=False)
        for walker in all_walkers(stage):
            walker.faded().index.set_value(race.end)
        for event, _ in built.events:
            settle_event(scene, stage, event)
        for mob in (*all_walkers(stage), stage.curves, stage.counter, *stage.table.now.values()):
            mob.update()
        scene.add(stage.plot, stage.curves, stage.counter, stage.table.now_header,
                  stage.table.header[2], *stage.table.now.values())
        scene.keep_on_top(stage.counter, stage.curves)


class Table(OptimizersPart):
    """The rest of the results, and who got below the target but did not stay there."""

    id = "table"

    def build(self, numbers, params):
        note = dip_note_tex(numbers)
        return SimpleNamespace(captions=(summary_caption(numbers), bounce_caption(numbers),
                                         dip_caption(numbers) or fairness_caption(numbers)),
                               note=None if note is None else MathTex(
                                   note, font_size=MIN_FONT_SIZE, color=DIM))

    def play(self, scene, built):
        scene.catch_up(self.id)
        show_header(scene, self.id)
        stage, (summary, bounce, fair) = scene.stage, built.captions
        table = stage.table
        scene.say(summary)
        # the results and the last column at once (RMSE now, at the last epoch, is the last
        # RMSE): the time goes to part 6's answer
        scene.play(FadeOut(stage.counter),
                   *[FadeIn(table.results[name]) for name in scene.numbers.race.late],
                   FadeOut(table.now_header), *[FadeOut(m) for m in table.now.values()],
                   FadeIn(table.header[3]), *[FadeIn(m) for m in table.finals.values()],
                   run_time=1)
        scene.mark("table")
        scene.mark("finals")
        scene.wait(1.0)
        if bounce is not None:                  # who climbed back, said over its red cells
            scene.finish_caption()
            scene.say(bounce)
            scene.wait(1.5)
        scene.say(fair)
        # a starred epoch's note where the lr rule stood in part 2 (said there already)
        scene.play(FadeIn(self._footnote(stage, built)), run_time=0.8)
        scene.wait(1.0)
        scene.finish_caption()

    @staticmethod
    def _footnote(stage, built):
        if built.note is None:
            return stage.fairness
        return built.note.move_to(stage.fairness).align_to(stage.fairness, RIGHT)

    def settle(self, scene, built):
        stage = scene.stage
        scene.remove(stage.counter, stage.table.now_header, *stage.table.now.values())
        scene.add(*stage.table.results.values(), stage.table.header[3],
                  *stage.table.finals.values(), self._footnote(stage, built))


class Steps(OptimizersPart):
    """Why per-weight steps win: each racer's mean step per row in a against in b, on log
    axes."""

    id = "steps"

    def build(self, numbers, params):
        if numbers.steps.ran_away:          # nothing to set against anything: the runaways
            return SimpleNamespace(runaways=runaway_part(numbers))
        return SimpleNamespace(plot=step_plot(numbers), captions=step_captions(numbers),
                               takeaway=takeaway_caption(numbers), runaways=None)

    def play(self, scene, built):
        scene.catch_up(self.id)
        scene.clear_screen(run_time=0.6)
        scene.header = None
        show_header(scene, self.id)
        if built.runaways is not None:
            play_runaways(scene, built.runaways)
            return
        plot, captions = built.plot, built.captions
        scene.say(captions[0])
        ceiling = [] if plot.diagonal is None else [Create(plot.diagonal),
                                                     FadeIn(plot.diagonal_label)]
        scene.play(Create(plot.axes), FadeIn(plot.labels), *ceiling, run_time=1.2)
        if plot.dots:     # none where every racer's b went away from its best
            scene.play(*[FadeIn(VGroup(dot, label)) for dot, label in plot.dots.values()],
                       run_time=1.0)
        scene.mark("steps")
        focus = {i: getattr(plot, which) for i, which in step_focus(scene.numbers).items()}
        pulses = step_pulses(scene.numbers)
        for i, line in enumerate(captions[1:], 1):
            scene.say(line)
            if i in focus:           # the bars (all five) with the first rule: its b sliver
                bars = [FadeIn(plot.bars.group)] if i == 1 and plot.bars else []
                scene.play(FadeIn(focus[i]), *bars, run_time=0.8)
            dots = [plot.dots[n][0] for n in pulses.get(i, ()) if n in plot.dots]
            if dots:         # the dots the line reads off, each in its colour (yellow: SGD's)
                scene.play(*[Indicate(d, 1.8, color=d.get_color()) for d in dots], run_time=1)
            hold_line(scene, plot, focus.get(i))
        scene.finish_caption()
        if plot.takeaway is not None:       # the lesson's answer, said and held as the last word
            scene.say(built.takeaway)
            # the left arrow takes the rattle bracket's place; an up arrow alone leaves it
            gone = [FadeOut(plot.rattle)] if plot.rattle and getattr(
                plot.directions, "calms", False) else []
            # in the rules' and bars' place (said already), above the captions' band
            scene.play(FadeOut(plot.column), run_time=0.4)
            scene.play(FadeIn(plot.answer), FadeIn(plot.takeaway), *gone,
                       *([FadeIn(plot.directions)] if plot.directions else []), run_time=0.5)
            scene.mark("takeaway")
            scene.finish_caption()
        scene.wait(1.9)          # the answer held 5 s at least, the frame a student pauses on
