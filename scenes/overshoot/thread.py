"""Part ``thread``: the forum thread's run of two stacked neurons beside one neuron at the same
lr (err² per row), and the pair's effective lr, lr·(a² + c²), against one neuron's two limits,
drawn row by row until the row where it ran away. (Part ``question`` opens on the same run:
question.py.)

Every number comes from :class:`sgdanim.lessons.overshoot.ThreadRun`, log scales and climb rows
included; ``ThreadView(numbers.thread).marker.step`` is the row the runaway line marks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Create, DashedLine, Dot, FadeIn, FadeOut,
                   Line, MathTex, Text, ValueTracker, VGroup, linear)

from sgdanim.lessons.overshoot import PART_SPECS, thread_title
from scenes.kit.format import (counted, figures_text, percent_text, sci_tex, sci_text,
                               setting_text, short)
from scenes.kit.formulas import SPACED, step_algebra
from scenes.kit.part import Part
from scenes.kit.plots import TrackedCurve
from scenes.kit.scene import inside_frame
from scenes.kit.titles import chapter_header
from scenes.kit.style import LABEL_SIZE, MIN_FONT_SIZE, TEXT
from scenes.kit.text import words
from scenes.overshoot.common import (MEAN, ONE, PAIR, PER_ROW, RowPlot, cap_line, own_key,
                                     own_limits, run_colour)
from scenes.overshoot.placing import clear_of_runs, past_runaway, room_for_key, runner
from scenes.overshoot.pointing import climb_rows, glow, point_at_climb
from scenes.overshoot.readouts import answer, limit_key, pair_loop, readout, trace_loop

METHOD = {"numeric": "finite differences, as in the thread", "analytic": "exact derivatives"}


def next_lesson(differs: tuple) -> str:
    """Where the series goes: "Same rows, same lr" where the next lesson's race shares the
    thread's rows and lr (``differs``, the lesson's ``next_differs``; at lr 1e-3 it said so).

    >>> next_lesson(())
    'Next lesson: a ReLU between the two neurons. Same rows, same lr.'
    >>> next_lesson(("lr",))
    'Next lesson: a ReLU between the two neurons. Same rows.'
    >>> next_lesson(("data",))
    'Next lesson: a ReLU between the two neurons.'
    """
    same = ("Same rows, same lr." if not {"lr", "data"} & set(differs) else
            "Same rows." if "data" not in differs else "")
    return f"Next lesson: a ReLU between the two neurons. {same}".rstrip()


def calm_words(calm: int, count: int, most: int) -> str:
    """What the rows before the climb did: ``count`` white dots (rows past their own limit),
    at most ``most`` in a row, over rows 1 to ``calm``.

    >>> calm_words(29, 14, 5)
    'Rows 1–29: 14 white dots, at most 5 in a row; the rows under their limit pull it back.'
    >>> calm_words(1, 0, 0)      # lr 1e-3: the climb starts on row 2 ("Rows 1–1")
    'Row 1: no white dot. Its step stays under its own limit.'
    """
    if calm == 1:
        return ("Row 1: a white dot, past its own limit." if count else
                "Row 1: no white dot. Its step stays under its own limit.")
    if count:
        return (f"Rows 1–{calm}: {counted(count, 'white dot')}, at most {most} in a row; the "
                "rows under their limit pull it back.")
    return f"Rows 1–{calm}: no white dot. Every row's step stays under its own limit."


def err_plot(th, row: ValueTracker, width: float, height: float, centre=None) -> RowPlot:
    """err² per row on a log axis, centred on ``centre`` if given (place it before its curves):
    one neuron (``plot.one``, drawn whole) and the pair (``plot.pair``, drawn up to the row
    ``row`` stands at)."""
    plot = RowPlot(th.rows, th.error_scale, width=width, height=height, x_step=5,
                   y_label=r"\text{err}^2", font_size=MIN_FONT_SIZE)
    if centre is not None:
        plot.move_to(centre)
    plot.one = plot.curve(th.one_neuron, ONE)
    plot.pair = tracked(plot, th.loss, row, run_colour(th))
    return plot


def tracked(plot: RowPlot, values, row: ValueTracker, colour) -> TrackedCurve:
    """A curve of ``values`` on rows 1, 2, ... that shows the rows up to where ``row`` stands,
    mapped through the plot at every update (so it follows the plot wherever it is put)."""
    coords = np.column_stack([np.arange(1, len(values) + 1), values]) if len(values) else []
    return TrackedCurve(coords, row, index_of=lambda k: k - 1, hide_unstarted=True,
                        to_scene=lambda c: plot.point(c[:, 0], c[:, 1]), stroke_color=colour,
                        stroke_width=4)


def key(th, formulas: bool = True) -> VGroup:
    """Which curve is which: one neuron (lime) and the pair (violet), with their formulas; one
    neuron alone when the model is one neuron (its run is then one neuron's)."""
    rows = [(ONE, "one neuron", SPACED["linear"])]
    if th.stacked:
        rows.append((PAIR, "two neurons", SPACED[th.model]))
    # solid swatches, drawn as the curves are
    return VGroup(*[VGroup(Line(LEFT * 0.25, RIGHT * 0.25, color=c, stroke_width=6),
                           Text(word, font_size=LABEL_SIZE, color=c),
                           *([MathTex(tex, font_size=LABEL_SIZE)] if formulas else [])
                           ).arrange(RIGHT, buff=0.18)
                    for c, word, tex in rows]).arrange(DOWN, aligned_edge=LEFT, buff=0.15)


class ThreadView(VGroup):
    """err² per row (one neuron and the pair), and the pair's effective lr with one neuron's
    per-row and mean-loss limits, both following ``row``; the runaway's row (``marker.step``,
    the trajectory's ``diverged_at``) is marked on both."""

    def __init__(self, thread, row: ValueTracker, centre, width=5.0, height=2.7, **kwargs):
        super().__init__(**kwargs)
        th = self.thread = thread
        self.error = err_plot(th, row, width, height)
        name = r"\mathrm{lr}\cdot(a^2+c^2)" if th.stacked else r"\mathrm{lr}"
        self.effective = RowPlot(th.rows, room_for_key(th, width, height), width=width,
                                 height=height, x_step=5, y_label=name, font_size=MIN_FONT_SIZE)
        self.panels = VGroup(self.error, self.effective).arrange(RIGHT, buff=1.6).move_to(centre)
        self.error.one = self.error.curve(th.one_neuron, ONE)   # where the panel now stands
        self.step = tracked(self.effective, th.effective, row, run_colour(th))
        # One neuron acts at lr itself, every row: flat, in its curve's lime, under the limits
        # (at 98% of the per-row limit it runs along that dashed line).
        self.one_lr = Line(*(self.effective.point(x, th.lr) for x in (0, th.rows)),
                           color=ONE, stroke_width=6)
        self.limits = VGroup(*[DashedLine(*(self.effective.point(x, lr) for x in (0, th.rows)),
                                          color=c, stroke_width=4, dash_length=0.1)
                               for lr, c in ((th.limits.per_row, PER_ROW),
                                             (th.limits.mean_loss, MEAN))])
        self.cap = cap_line(self.error, th)
        self.own = own_limits(self.effective, th)
        self.over = over_marks(self.effective, th, row)
        self.own_key = own_key(self.effective, runner(th))
        self.add(self.panels, self.error.one, self.one_lr, self.limits, self.own,
                 self.error.pair, self.step, self.over)
        self.marker = self.lines = None
        if th.diverged_at is not None:
            said = r"\text{row %d}" % th.diverged_at
            if th.runaway_loss is not None:
                said += r"\text{: err}^2\ " + sci_tex(th.runaway_loss, 1)
            self.marker = self.error.runaway_marker(th.diverged_at, said, font_size=LABEL_SIZE,
                                                    tex=True)
            self.lines = VGroup(self.marker, self.effective.runaway_marker(th.diverged_at))
            self.add(self.lines)
            past_runaway(self, th)


def over_marks(plot: RowPlot, th, row: ValueTracker) -> VGroup:
    """A white dot on the pair's effective lr at each row it passes that row's own limit,
    shown once ``row`` has reached it."""
    dots = VGroup()
    for r in th.over_own:
        dot = Dot(plot.point(r, th.effective[r - 1]), radius=0.06, color=TEXT)
        dot.row = r
        dot.add_updater(lambda m: m.set_opacity(1.0 if row.get_value() >= m.row - 1e-6 else 0.0))
        # Hidden from the first frame: a still wait runs no updater, so a dot added ahead of
        # its row would show until the rows start to move.
        dots.add(dot.update())
    return dots


@dataclass
class ThreadBuilt:
    numbers: object           # the lesson's ThreadRun
    row: ValueTracker
    head: VGroup
    setup: VGroup
    key: VGroup
    limit_key: VGroup
    readout: VGroup
    view: ThreadView
    calm: Text | None         # said instead when nothing runs away
    answer: VGroup | None = None  # the opening question's answer, once the pair ran away
    loop: VGroup | None = None    # part 1's loop in the pair's words, once it climbs
    kept_key: VGroup | None = None  # where the limits' two lines stand beside the answer
    algebra: MathTex | None = None  # why the pair's step is lr·(a² + c²), while it is said
    next_up: Text | None = None     # the next lesson, in the set-up line's place at the end


class ThreadPart(Part):
    id = "thread"
    starts_clean = True   # kit.Part: it needs nothing the parts before it leave

    def build(self, numbers, params) -> ThreadBuilt:
        th, row = numbers.thread, ValueTracker(0.0)
        head = chapter_header(PART_SPECS, self.id, numbers, opening="question")
        start = (f"all weights {short(th.init[0])}" if len(set(th.init)) == 1
                 else "start " + ", ".join(f"{k}={short(v)}" for k, v in zip(th.names, th.init)))
        # one Text, one size: the lr and the words beside it read as one line
        setup = words(f"lr {setting_text(th.lr)} · {start} · {METHOD[th.grad]}",
                     font_size=LABEL_SIZE)
        setup.next_to(head, DOWN, buff=0.2).align_to(head, LEFT)
        view = ThreadView(th, row, [0.2, -1.2, 0])
        # under the cap's words, at the panel's left
        keys = key(th, formulas=False).next_to(view.cap[1], DOWN, buff=0.15).align_to(
            view.cap[1], LEFT)
        # in the frame: a tiny lr_thread's share ("1.0×10⁻⁸ is 9.8×10⁻³% of it") ran past it
        limits = inside_frame(limit_key(th).next_to(view.effective, UP, buff=0.35).align_to(
            view.effective.axes, LEFT))
        reading = readout(th, row)
        reading.next_to(head, RIGHT, buff=0.6).align_to(head, DOWN)
        inside_frame(reading)
        calm = None
        if th.diverged_at is None:
            # in the place of the cap's words, which it replaces: no row reached the cap (at
            # the panel's top right it lay on the cap's line and over those words)
            calm = Text(f"no runaway in {th.rows} rows", font_size=LABEL_SIZE)
            calm.next_to(view.cap[0], DOWN, buff=0.1).align_to(view.cap[1], LEFT)
        clear_of_runs(view, th, VGroup(view.cap[1], keys, *([calm] if calm else [])))
        said = answer(th)
        kept = None
        if said is not None:      # in the band under the set-up line, the key gone by then
            said.next_to(setup, DOWN, buff=0.3).align_to(setup, LEFT)
            # the limits' two lines, at the frame's right edge, level with the answer's top
            kept = limits[:2].copy().align_to(said, UP).to_edge(RIGHT, buff=0.3)
        loop = pair_loop(th)
        if loop is not None:      # in the free band under the set-up line, left of the key
            loop.next_to(setup, DOWN, buff=0.25).align_to(setup, LEFT)
        algebra = step_algebra() if th.stacked else None
        if algebra is not None:   # in the same band, before the loop comes
            algebra.next_to(setup, DOWN, buff=0.3).align_to(setup, LEFT)
        next_up = words(next_lesson(numbers.next_differs), font_size=LABEL_SIZE)
        next_up.move_to(setup, aligned_edge=LEFT)
        return ThreadBuilt(th, row, head, setup, keys, limits, reading, view, calm, said, loop,
                           kept, algebra, next_up)

    def play(self, scene, built: ThreadBuilt) -> None:
        th, view = built.numbers, built.view
        who = "two neurons and one" if th.stacked else "one neuron"
        scene.add(built.head, built.setup, view.panels)   # up from the part's first frame
        run = thread_title(scene.numbers) or "The thread's run"   # off its settings, the title's
        scene.say(f"{run}: {who}, at the same lr {setting_text(th.lr)}.")
        scene.play(FadeIn(built.key), FadeIn(view.cap), Create(view.error.one), run_time=1.5)
        scene.keep_on_top(view.error.pair, view.step, built.readout)
        scene.say(f"Right, the lr each acts at. One neuron's is lr itself: flat, lime, "
                  f"{percent_text(th.share)} of its limit.")
        # the lime line first, under the limits: the per-row limit's grey dashes stay on top
        scene.play(Create(view.one_lr), FadeIn(built.limit_key), Create(view.limits),
                   FadeIn(built.readout), run_time=1.5)
        self.play_rows(scene, built)
        self.play_end(scene, built)

    @staticmethod
    def play_rows(scene, built: ThreadBuilt) -> None:
        """The calm rows at an even pace (the pair's effective lr named as they start), then
        the climb slowly, each with its caption."""
        th, row = built.numbers, built.row
        scene.thread_row = row           # frame tests read how long each row is up
        calm = th.climb_from - 1
        # The steps and their key first, then the violet line that is held against them.
        scene.say("Grey steps: each row's own limit, 1/(x² + 1), its own 2/λ.")
        scene.play(Create(built.view.own), FadeIn(built.view.own_key), run_time=1.0)
        scene.add(built.view.over)
        scene.keep_on_top(built.view.over)
        if th.stacked:
            scene.say("Violet, the pair's: lr·(a² + c²), as a step moves a·c by a² + c² times "
                      "as much.")
            scene.play(FadeIn(built.algebra), run_time=0.8)
        if calm > 0:
            half = max(calm // 2, 1)
            scene.play(row.animate(rate_func=linear).set_value(half), run_time=2.5)
            scene.say(calm_words(calm, *th.calm_over))
            scene.play(row.animate(rate_func=linear).set_value(calm), run_time=3)
            scene.mark("calm_end", row=calm)
        if th.climbs:
            grow = th.climb_growth
            scene.say(f"From row {th.climb_from}: {th.climb_over} in a row past their own limit. "
                      "Watch a and c, top right.")
            climb_rows(scene, row, calm, th.kept)
            scene.say(f"Each overshoot grows |a| and |c|: a² + c² goes from {grow[0]:.1f} to "
                      f"{sci_text(grow[1], 1)}.")
            point_at_climb(scene, built)
            if built.loop is not None:
                scene.say("Part 1's loop, for the pair: the bigger a and c, the bigger the "
                          "next step.")
                scene.play(FadeOut(built.algebra), FadeIn(built.loop), run_time=0.8)
                trace_loop(scene, built.loop)
            scene.wait(0.5)

    @staticmethod
    def play_end(scene, built: ThreadBuilt) -> None:
        th, view = built.numbers, built.view
        if view.marker is not None:
            scene.mark("before_runaway")
            why = (f"err² is {sci_text(th.runaway_loss, 1)}, past the "
                   f"{sci_text(th.max_loss, 1)} cap" if th.past_cap
                   else "a value stops being a finite number")
            scene.say(f"Row {th.diverged_at} runs away: {why}.")
            scene.play(*[Create(m[0]) for m in view.lines], FadeIn(view.marker[1]), run_time=1.2)
            scene.mark("runaway", step=view.marker.step)
        else:
            scene.say(f"At lr {setting_text(th.lr)} nothing runs away.")
            scene.play(FadeOut(view.cap[1]), FadeIn(built.calm), run_time=1)
        if th.stacked:
            scene.say(_why_violet(th))
            if built.answer is not None:
                # The limits' legend stays with its lines (the closing frame is paused on), at
                # the top right; the lime line's entry goes, as the answer's first line names it.
                # the loop, or the step's algebra where no climb replaced it with the loop (a
                # pair that runs away on row 1: pair_loop gives none): not a loop that never
                # came in, which a fade would flash in over the algebra
                going = [m for m in (built.loop if built.loop is not None else built.algebra,
                                     built.limit_key[2]) if m is not None]
                scene.play(FadeOut(*going), built.limit_key[:2].animate.move_to(
                    built.kept_key.get_center()), run_time=0.4)
                scene.play(FadeIn(built.answer, lag_ratio=0.3), run_time=1.2)
                # each line of the answer with the curve it names, in turn
                for curve in (view.one_lr, view.step):
                    glow(scene, curve)
        scene.wait(3.0 if built.answer is None else 0.2)
        scene.say(built.next_up.original_text)    # the words on screen are the words said
        # On screen too: a clip posted muted ends on where the series goes (review r9).
        scene.play_unless_burned(FadeOut(built.setup), FadeIn(built.next_up), run_time=0.6)
        if th.stacked and built.answer is not None:   # the runaway the next lesson picks up
            glow(scene, view.step, run_time=2.0)
        scene.wait(1.0)


def _why_violet(th) -> str:
    """The closing line on the two curves: why the pair ran away, or, where it did not, how
    far its a² + c² went (it must not say "runs away" of a calm run)."""
    if th.diverged_at is not None:
        return "Lime stays flat; violet grows with a² + c². That is why the pair runs away."
    if th.growth[-1] > th.growth[0]:
        return (f"Lime stays flat; violet grows with a² + c², {figures_text(th.growth[0])} → "
                f"{figures_text(th.growth[-1])}: not enough to run away in {th.rows} rows.")
    return "Lime stays flat; violet follows a² + c², which does not grow here."
