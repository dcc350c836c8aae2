"""Part 6 of ``optimizers``: why Adam wins. Each racer's net b per row over the race (how far
along the valley it got) against its mean |Δa| per row in the last epoch (the rattle across the
valley it is left with), on log axes, with the line a racer that ends at the best b reaches;
the update rules that explain where SGD, RMSProp and Adam sit, every racer's first steps on a
and b drawn (:mod:`scenes.optimizers.first_steps`), and the answer: which first, and why.

Examples
--------
>>> from sgdanim.lessons.optimizers import LESSON
>>> plot = step_plot(LESSON.compute(LESSON.defaults()))
>>> sorted(plot.dots)
['adam', 'adam_ann', 'momentum', 'rmsprop', 'sgd']
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Arrow, Axes, DashedLine, DoubleArrow, Dot, FadeIn,
                   MathTex, VGroup)

from scenes.kit.format import counted, figures_tex, setting_tex, short
from scenes.kit.plots import decade_labels
from scenes.kit.style import (BODY_SIZE, DIM, LABEL_SIZE, MIN_FONT_SIZE, OPTIMIZER_COLOURS,
                              OPTIMUM, TEXT, WEIGHT_COLOURS)
from scenes.kit.clearance import first_clear
from scenes.kit.scene import covers
from scenes.optimizers.first_steps import first_step_bars, place_under
from scenes.optimizers.step_rules import annealed_rule, at_column_top, rule_line
from scenes.optimizers.step_labels import (clear_of_racers, clear_other_dots, label_the_arrived,
                                          racer_marks, spread_labels)
from scenes.optimizers.step_text import CALMS, lifts, takeaway_tex
from scenes.optimizers.text import LABELS, lr_column


class LogLogAxes(Axes):
    """Axes over log10 of |Δa| (across) and |Δb| (up), counted from the lowest decades so the
    axes cross at the bottom-left corner; ``point(log_a, log_b)`` places a log pair."""

    def __init__(self, decades_a, decades_b, x_length=6.4, y_length=4.6, **kwargs):
        (x0, x1), (y0, y1) = decades_a, decades_b
        super().__init__(x_range=[0, x1 - x0, 1], y_range=[0, y1 - y0, 1], x_length=x_length,
                         y_length=y_length, tips=False, axis_config={"stroke_width": 2}, **kwargs)
        self.low = (x0, y0)

    def point(self, log_a: float, log_b: float) -> np.ndarray:
        return self.c2p(log_a - self.low[0], log_b - self.low[1])


def _log_axes(numbers) -> tuple[LogLogAxes, VGroup]:
    """The step plot's axes, a 10^k label at every decade, and what each axis holds."""
    (x0, x1), (y0, y1) = numbers.step_a_decades, numbers.step_b_decades
    over = counted(numbers.epochs, "epoch")
    axes = LogLogAxes(numbers.step_a_decades, numbers.step_b_decades).move_to([-2.9, 0.3, 0])
    ticks = decade_labels(axes.point, range(x0, x1 + 1), range(y0, y1 + 1), corner=(x0, y0))
    names = VGroup(
        _axis_name(r"\text{mean }", r"|\Delta a|",
                   rf"\ \text{{per row in epoch {numbers.epochs} (across)}}", "a")
        .next_to(axes.x_axis, DOWN, buff=0.5).align_to(axes.x_axis, RIGHT),
        _axis_name(r"\text{net }", r"\Delta b" if numbers.steps.rises else r"{-\Delta b}",
                   rf"\ \text{{per row over {over} (along the valley)}}",
                   "b").next_to(axes, UP, buff=0.15).align_to(axes, LEFT))
    return axes, VGroup(ticks, names)


def _axis_name(before: str, weight_tex: str, after: str, weight: str) -> MathTex:
    """An axis title in the text colour, only its weight's symbol in the weight's colour
    (weight a's yellow is also SGD's: a whole yellow title would read as SGD's)."""
    tex = MathTex(before, weight_tex, after, font_size=LABEL_SIZE, color=TEXT)
    tex[1].set_color(WEIGHT_COLOURS[weight])
    return tex


def _ceiling(numbers, axes, arrive: float) -> tuple[DashedLine, MathTex]:
    """The ceiling line, at the net b per row of a racer that ends at the best b (no one gets
    higher), and its words over its right end."""
    x0, x1 = numbers.step_a_decades
    line = DashedLine(axes.point(x0, arrive), axes.point(x1, arrive), color=OPTIMUM,
                      stroke_width=2)
    best = short(numbers.optimum[1], 3)     # a best of -0.3 read "-0" as a whole number
    if best.startswith("-"):      # in math, a minus; in \text, a hyphen ("b reaches -5")
        best = rf"}}{{{best}}}\text{{"     # braced: a sign, not a binary minus's spaces
    label = MathTex(rf"\text{{b reaches {best} in {counted(numbers.epochs, 'epoch')}}}",
                    font_size=MIN_FONT_SIZE, color=OPTIMUM)
    label.next_to(axes.point(x1, arrive), UP, buff=0.1).align_to(axes.x_axis, RIGHT)
    if label.get_top()[1] > axes.point(x0, numbers.step_b_decades[1])[1]:
        # under the line where the room over it is too little: there it crossed the y axis'
        # name (the b axis keeps half a decade over the line, CEILING_ROOM, which over many
        # decades may still be less than the words' height)
        label.next_to(axes.point(x1, arrive), DOWN, buff=0.1).align_to(axes.x_axis, RIGHT)
    return line, label


def step_plot(numbers) -> SimpleNamespace:
    """The step plot and its two explanations (the slowest b, then the fastest)."""
    axes, labels = _log_axes(numbers)
    x0, x1 = numbers.step_a_decades
    # no ceiling where the best b is the start (arrive 0: its log made a line of NaN, which
    # failed); below the start, net b and arrive count toward it (data on y = 0: down to 0)
    arrive = np.log10(numbers.steps.arrive) if numbers.steps.arrive > 0 else np.nan
    diagonal, diagonal_label = _ceiling(numbers, axes, arrive) if np.isfinite(arrive) \
        else (None, None)
    dots = {}
    for r in numbers.racers:
        x, y = r.log_steps
        if not (np.isfinite(x) and np.isfinite(y)):
            continue
        colour = OPTIMIZER_COLOURS[r.name]
        dot = Dot(axes.point(x, y), radius=0.1, color=colour)
        side = RIGHT if x < (x0 + x1) / 2 else LEFT
        dots[r.name] = (dot, MathTex(rf"\text{{{LABELS[r.name]}}}", font_size=MIN_FONT_SIZE,
                                     color=colour).next_to(dot, side, buff=0.12))
    label_the_arrived(dots, numbers.steps.arrived, axes.point(x1, 0)[0])
    clear_other_dots(dots)
    spread_labels([label for _, label in dots.values()], [dot for dot, _ in dots.values()])
    if diagonal is not None:
        clear_of_racers(diagonal_label, diagonal, axes, dots)
    slow, fast = numbers.steps.slow, numbers.steps.fast
    by_name = {r.name: r for r in numbers.racers}
    if numbers.steps.unopposed:
        rule = at_column_top(rule_line(by_name[slow], lr_column(numbers)))
        return SimpleNamespace(axes=axes, labels=labels, diagonal=diagonal,
                               diagonal_label=diagonal_label, dots=dots, slow=rule, fast=rule,
                               scaled=None, annealed=None, takeaway=None, answer=None,
                               bars=None, directions=None, rattle=None, column=None)
    scaled, annealed = numbers.steps.scaled, numbers.steps.annealed
    rules, last = _rules(numbers, by_name)
    # the mechanism for all five, drawn: each one's epoch-1 steps on a and b, under the rules
    bars = place_under(first_step_bars(numbers), rules[last], buff=0.2)
    column = VGroup(*rules.values(), bars.group)
    answer, takeaway = answer_lines(numbers, column)
    return SimpleNamespace(axes=axes, labels=labels, diagonal=diagonal,
                           diagonal_label=diagonal_label, dots=dots, slow=rules[slow],
                           fast=rules[fast], scaled=rules.get(scaled),
                           annealed=rules.get(annealed), takeaway=takeaway,
                           answer=answer, bars=bars,
                           directions=directions(axes, numbers, dots, diagonal_label),
                           rattle=rattle_bracket(dots, numbers), column=column)


def hold_line(scene, plot, shown) -> None:
    """The beat after a line of the step plot: with the line that compares Adam's rattle to
    RMSProp's (its rule ``shown``), the bracket that draws the ratio; else a short hold."""
    if plot.rattle is not None and shown is plot.fast:
        scene.play(FadeIn(plot.rattle), run_time=0.6)
    else:
        scene.wait(0.6)


def rattle_bracket(dots: dict, numbers) -> VGroup | None:
    """The "a rattles 5.8× less" of Adam's line, drawn: a double arrow under the two dots it
    compares (RMSProp's and Adam's), from one's x to the other's, under their labels, with
    the ratio (:attr:`StepStory.rattle`) beneath; None without both dots."""
    story = numbers.steps
    if story.scaled is None or story.fast is None or story.scaled == story.fast or \
            not {story.scaled, story.fast} <= dots.keys():
        return None
    (one, one_label), (two, two_label) = dots[story.scaled], dots[story.fast]
    y = min(one_label.get_bottom()[1], two_label.get_bottom()[1], one.get_bottom()[1],
            two.get_bottom()[1]) - 0.15
    arrow = DoubleArrow([one.get_x(), y, 0], [two.get_x(), y, 0], buff=0, stroke_width=3,
                        color=DIM, tip_length=0.15, max_tip_length_to_length_ratio=0.3)
    # under the arrow; beside it where a racer's name is there (momentum's, after 200 epochs)
    label = first_clear(
        MathTex(figures_tex(story.rattle) + r"\times", font_size=MIN_FONT_SIZE, color=DIM),
        [lambda m, side=side: m.next_to(arrow, side, buff=0.06 if side is DOWN else 0.1)
         for side in (DOWN, LEFT, RIGHT)],
        [], gap=1e-3, keep_off=racer_marks(dots))
    return VGroup(arrow, label)


def _rules(numbers, by_name) -> tuple[dict, str]:
    """The rules of the slow, scaled and fast racers, and annealed Adam's block under Adam's,
    placed down the right column; and the name of the lowest."""
    story = numbers.steps
    shown = [name for name in (story.slow, story.scaled, story.fast) if name is not None]
    rules = {name: rule_line(by_name[name], lr_column(numbers)) for name in shown}
    if story.annealed:       # under Adam's: Adam's rule, and what its lr drops did
        rules[story.annealed] = annealed_rule(by_name[story.annealed], lr_column(numbers))
        shown.append(story.annealed)
    top = at_column_top(rules[story.slow])
    if story.scaled:            # three rules of three lines: from under the header's line
        top.align_to([0, 3.5, 0], UP)
    for above, below in zip(shown, shown[1:]):
        rules[below].next_to(rules[above], DOWN, buff=0.2 if story.scaled else 0.6).align_to(
            top, LEFT)
    return rules, shown[-1]


def directions(axes, numbers, dots=None, ceiling_words=None) -> VGroup | None:
    """The takeaway's "up" and "left" on the plot: an arrow up from a racer without its own
    √v under the ceiling line to the racer on the line over it (``StepStory.lifted``:
    momentum to RMSProp, the same rattle, b lifted by its own √v), left out where it would
    cross another racer's dot or name; and, where something calms a
    (:attr:`~sgdanim.lessons.optimizers.steps.StepStory.calmers`, said as the takeaway says
    it), one above that line from the rightmost of two or more racers on it to the leftmost.
    None where neither arrow is drawn.
    The up arrow's words go left of it where a racer's name is on its right, and the left
    arrow over the line's words where they stand in its way (after 200 epochs SGD's name and
    the words sit there)."""
    story = numbers.steps
    if not story.arrived or (story.lifted is None and not story.calmers):
        return None
    arrive, steps = np.log10(story.arrive), {r.name: r.log_steps for r in numbers.racers}
    on = [steps[name][0] for name in story.arrived]        # left to right
    names = racer_marks(dots or {})
    shown = [] if story.lifted is None else _up_arrow(
        axes, steps[story.lifted[0]], steps[story.lifted[1]][0], arrive, names,
        (dots or {}).get(story.lifted[1], (None, None))[1], lifts(story))
    left = None
    if len(on) > 1 and story.calmers:   # a calmed, as the takeaway says it
        left = Arrow(axes.point(on[-1], arrive + 0.3), axes.point(on[0], arrive + 0.3),
                     buff=0, stroke_width=3, color=DIM, max_tip_length_to_length_ratio=0.1)
        if ceiling_words is not None and covers(left, ceiling_words):
            left.shift(UP * (ceiling_words.get_top()[1] + 0.15 - left.get_y()))
        shown += [left, MathTex(CALMS[story.calmers].arrow, font_size=MIN_FONT_SIZE,
                                color=DIM).next_to(left, UP, buff=0.06)]
    if not shown:
        return None
    arrows = VGroup(*shown)
    arrows.calms = left is not None   # the left arrow takes the rattle bracket's place
    return arrows


MIN_UP = 0.3    # the shortest "up" arrow: shorter, its head is all there is


def _up_arrow(axes, low, above: float, arrive: float, names, label=None,
              verb: str = "lifts") -> list:
    """The up arrow from a racer's dot (``low``: its log steps) to under the ``label`` of the
    racer on the line over it (``above``: its log |Δa|), and its words; none where it would
    cross another racer's dot or name (the sheets' lrs: RMSProp's, between). The arrow ends
    0.62 under the line, or lower where that label stands lower (under Adam's name, with
    ``tune=sheets`` over 100 epochs). ``verb``: what √v does to b (:func:`lifts`)."""
    top, start = axes.point(above, arrive) + 0.62 * DOWN, axes.point(above, low[1]) + 0.17 * UP
    if label is not None:
        top[1] = min(top[1], label.get_bottom()[1] - 0.1)
    if top[1] < start[1] + MIN_UP:
        return []       # no room to point up (after 200 epochs it ran 0.05 downward)
    up = Arrow(start, top, buff=0, stroke_width=3, color=DIM, max_tip_length_to_length_ratio=0.2)
    if any(covers(up, m) for m in names):
        return []
    return [up, first_clear(
        MathTex(rf"\text{{own }}\sqrt{{v}}\text{{ {verb} }}b", font_size=MIN_FONT_SIZE,
                color=DIM),
        [lambda m, side=side: m.next_to(up, side, buff=0.08) for side in (RIGHT, LEFT)],
        [], gap=1e-3, keep_off=names)]


def answer_lines(numbers, column=None) -> tuple[MathTex, MathTex]:
    """The lesson's answer, held to the end: which got below the target first (a size larger:
    the frame a student pauses on says it), and why, in the plot's directions. In the right
    column (``column``: the rules and bars, whose place it takes once part 6 has used them),
    top-left aligned with it, wrapped to its width: at the frame's foot it sat where players
    draw captions (review r12)."""
    answer = MathTex(wrap_tex(first_tex(numbers), ANSWER_CHARS), font_size=BODY_SIZE)
    takeaway = MathTex("&" + takeaway_tex(numbers), font_size=LABEL_SIZE).next_to(
        answer, DOWN, buff=0.35, aligned_edge=LEFT)
    if column is not None:       # in the middle of the column's height above the band
        summary = VGroup(answer, takeaway).align_to(column, LEFT)
        summary.set_y((column.get_top()[1] + FOOT) / 2)
    return answer, takeaway


FOOT = -2.6            # the lowest the answer may reach: above the band where players caption


ANSWER_CHARS = 34      # the answer's line at most: the right column's width at BODY_SIZE


def wrap_tex(tex: str, chars: int) -> str:
    r"""A one-\text{} MathTex string wrapped at spaces into lines of at most ``chars``
    characters, left-aligned (align*'s ``&``).

    >>> print(wrap_tex(r"\text{First under RMSE 1: annealed Adam (epoch 20)}", 20))
    &\text{First under RMSE 1:}\\ &\text{annealed Adam (epoch}\\ &\text{20)}
    """
    lines: list[str] = []
    for word in tex[len(r"\text{"):-1].split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return r"\\ ".join(rf"&\text{{{line}}}" for line in lines)


def first_tex(numbers) -> str:
    r"""The lesson's answer to "which first", held to the end: who got below the target, in
    the order they did (the table's epochs), or that none did.

    >>> from types import SimpleNamespace as NS
    >>> r = lambda name, e: NS(name=name, epochs_to_target=e)
    >>> print(first_tex(NS(target=1.0, epochs=40, racers=[r("sgd", None), r("adam", 40),
    ...                                                   r("adam_ann", 20)])))
    \text{First under RMSE 1: annealed Adam (epoch 20), then Adam (40)}
    """
    done = sorted((r for r in numbers.racers if r.epochs_to_target is not None),
                  key=lambda r: r.epochs_to_target)
    target = setting_tex(numbers.target, in_text=True)
    if not done:
        return rf"\text{{None under RMSE {target} in {counted(numbers.epochs, 'epoch')}}}"
    first, *then = done
    said = f"{LABELS[first.name]} (epoch {first.epochs_to_target}{_bounced(first)})"
    if then:
        said += ", then " + ", ".join(f"{LABELS[r.name]} ({r.epochs_to_target}{_bounced(r)})"
                                      for r in then)
    return rf"\text{{First under RMSE {target}: {said}}}"


def _bounced(racer) -> str:
    """How high a racer that got below the target climbed back after (its
    :attr:`~sgdanim.lessons.optimizers.Racer.bounce`), or nothing if it stayed below."""
    bounce = getattr(racer, "bounce", None)
    return "" if bounce is None else f"; back up to {short(bounce[1], 2)} in {bounce[0]}"
