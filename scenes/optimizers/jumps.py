"""Tags on the RMSE plot for the annealing rule's tests (review r12): at each epoch an lr drop's
caption names, its G over its min ("2.2×"), in red with what the lr was divided by when it
passed the rule's ratio ("lr ÷ 4"), so why the lr drops is on screen, not only in the caption.

The numbers are the lesson's (:func:`sgdanim.lessons.optimizers.race.drop_tags`, on each drop
event); here they are only written and placed.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, RIGHT, UP, MathTex

from scenes.kit.format import figures_tex, short
from scenes.kit.clearance import clear_of
from scenes.kit.scene import covers
from scenes.kit.style import GRAD, MIN_FONT_SIZE, TEXT

GAP = 0.1          # between a tag and the curve it sits over, or the point it stands beside
SCAN = 0.05        # the step of the search for a free place, when the first one is not


def jump_tag(ratio: float, factor: float) -> MathTex:
    r""""1.4×" (no drop), or "2.2×, lr ÷ 4" in red (the lr was divided by ``factor``); the
    number is the tag's first piece (``tag[0]``), the one set over its point."""
    number = rf"{figures_tex(ratio)}\times"
    if factor <= 1:
        return MathTex(number, font_size=MIN_FONT_SIZE, color=TEXT)
    return MathTex(number + ",", rf"\ \mathrm{{lr}} \div {short(factor)}",
                   font_size=MIN_FONT_SIZE, color=GRAD)


def _drawn_between(plot, racers, left: float, right: float) -> list[float]:
    """How high the curves are drawn between x = ``left`` and ``right`` (and the epochs
    either side): a tag over the highest, or under the lowest, clears them all."""
    points = (plot.point(e + 1, v) for r in racers for e, v in enumerate(r.rmse))
    heights = [p[1] for p in points if left - 0.2 <= p[0] <= right + 0.2]
    return heights or [plot.axes.x_axis.get_y()]


def _curves(plot, racers) -> list[np.ndarray]:
    """Each racer's curve as the points it is drawn through (its finite RMSEs)."""
    return [np.array([plot.point(k + 1, v) for k, v in enumerate(r.rmse) if np.isfinite(v)])
            for r in racers]


def place_tag(tag, plot, racers, racer, epoch: int, above: bool | None = None):
    """Put ``tag`` at ``racer``'s point of ``epoch`` on ``plot``: over a peak (its RMSE no
    lower than its neighbours'), its number over the point and above every curve it spans;
    beside a point on a flank, to its right. Kept inside the axes, right of the y axis.
    ``above`` forces one or the other (for the tests)."""
    rmse = racer.rmse
    point = plot.point(epoch, rmse[epoch - 1])
    if above is None:
        above = bool(rmse[epoch - 1] >= np.max(rmse[max(epoch - 2, 0):epoch + 1]))
    axes = plot.axes
    if above:
        tag.shift((point[0] - tag[0].get_x()) * RIGHT)
        tag.shift((max(_drawn_between(plot, racers, tag.get_left()[0], tag.get_right()[0]))
                   + GAP - tag.get_bottom()[1]) * UP)
    else:
        tag.next_to(point, RIGHT, buff=GAP)
    if tag.get_top()[1] > axes.get_top()[1] or not clear_of(tag, _curves(plot, racers), GAP / 2):
        # no room over the curves, or beside the point they all run through (a target of
        # 10⁻⁹ squeezes them into the axis' top decades): under them, where the axis is empty
        tag.shift((point[0] - tag[0].get_x()) * RIGHT)
        tag.shift((min(_drawn_between(plot, racers, tag.get_left()[0], tag.get_right()[0]))
                   - GAP - tag.get_top()[1]) * UP)
    tag.shift(min(0.0, axes.get_top()[1] - tag.get_top()[1]) * UP)
    tag.shift(min(0.0, axes.x_axis.get_right()[0] - tag.get_right()[0]) * RIGHT)
    # right of the y axis, off its 10^k labels (a drop in epoch 2 with the sheets' lrs)
    tag.shift(max(0.0, axes.x_axis.get_left()[0] + GAP - tag.get_left()[0]) * RIGHT)
    return tag


def drop_tags(plot, numbers, event) -> list[MathTex]:
    """The placed tags of a drop ``event``, in the order its caption names them. A tag that
    would sit on one placed before (``plot.tags``, this event's or an earlier one's) goes
    beside its point instead, or under the tags it meets: on an axis stretched to 12 decades,
    two drops' tags met at the plot's top. Where none of that is free, it takes the first
    free place (:func:`_free_spot`), or, with none left (ten drops in 200 epochs), stands
    over its point, and the older tags it meets, read by then, make way: they go to
    ``plot.retired``, faded as it comes in."""
    racer = next(r for r in numbers.racers if r.name == event.racer)
    tags, lines = [], _obstacles(plot, numbers.racers)    # the same for every tag of the drop
    for epoch, ratio, factor in event.tags:
        over = place_tag(jump_tag(ratio, factor), plot, numbers.racers, racer, epoch)
        tag = over.copy()
        if any(covers(tag, other) for other in plot.tags):
            tag = place_tag(jump_tag(ratio, factor), plot, numbers.racers, racer, epoch,
                            above=False)
        if hits := [other for other in plot.tags if covers(tag, other)]:
            tag.shift((min(t.get_bottom()[1] for t in hits) - GAP / 2 - tag.get_top()[1]) * UP)
        if not _free(tag, plot, lines) and not _free_spot(tag, plot, lines,
                                                          plot.point(epoch, 1.0)[0]):
            # over its point, above the x axis (a flank's tag stood under the curves, on it)
            tag = over.shift(max(0.0, plot.axes.x_axis.get_y() + GAP / 2 - over.get_bottom()[1])
                             * UP)
            stale = [other for other in plot.tags if covers(tag, other)]
            plot.tags[:] = [other for other in plot.tags if other not in stale]
            plot.retired.extend(stale)
        plot.tags.append(tag)
        tags.append(tag)
    return tags


def _obstacles(plot, racers) -> list[np.ndarray]:
    """What a tag keeps clear of besides other tags: every curve and the target's line."""
    line = plot.target_line
    return [*_curves(plot, racers), np.array([line.get_start(), line.get_end()])]


def _free(tag, plot, lines) -> bool:
    """Whether ``tag`` keeps off the tags placed before it, the target's words and ``lines``
    (:func:`_obstacles`), inside the axes."""
    axes = plot.axes
    return (not any(covers(tag, other) for other in (*plot.tags, plot.target_label))
            and clear_of(tag, lines, GAP / 2)
            and axes.x_axis.get_left()[0] <= tag.get_left()[0]
            and tag.get_right()[0] <= axes.x_axis.get_right()[0]
            and axes.x_axis.get_y() <= tag.get_bottom()[1]
            and tag.get_top()[1] <= axes.get_top()[1])


def _free_spot(tag, plot, lines, x: float) -> bool:
    """Move ``tag`` to the first free place (:func:`_free`) with its number over ``x``, from
    the plot's top down, then a step right at a time: after 10 epochs, two drops a row apart
    met each other and the target's line ("2.3×, lr ÷ 4" on RMSE = 1). Left where it is when
    no place is free; says whether one was."""
    axes = plot.axes
    spot = tag.copy()
    spot.shift((x - spot[0].get_x()) * RIGHT)
    while spot.get_right()[0] <= axes.x_axis.get_right()[0]:
        spot.shift((axes.get_top()[1] - spot.get_top()[1]) * UP)
        while spot.get_bottom()[1] >= axes.x_axis.get_y():
            if _free(spot, plot, lines):
                tag.move_to(spot)
                return True
            spot.shift(SCAN * DOWN)
        spot.shift(SCAN * 4 * RIGHT)
    return False
