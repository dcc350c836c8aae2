"""Where the ``overshoot`` thread's keys stand (scenes/overshoot/thread.py): the own-limit key
over the effective lr's panel, whose top rises for it where the grey steps reach it, and the
err² panel's words, moved to its right where a run climbs through its left."""

from __future__ import annotations

import math

import numpy as np
from manim import ORIGIN, RIGHT, UP, VGroup

from sgdanim.lessons.overshoot.scales import LOG_INTERVALS, LogScale
from scenes.kit.clearance import clear_of, room
from scenes.kit.style import MIN_FONT_SIZE
from scenes.overshoot.common import RowPlot, own_key, own_limits

KEY_GAP = 0.08       # a key's room from what its panel draws
MOST_RAISED = 4      # decades the effective lr's top may rise for its key; past that, as it was


def runner(th) -> str:
    """Whose effective lr the white dots mark: the pair's, or one neuron's."""
    return "the pair" if th.stacked else "one neuron"


def room_for_key(th, width: float, height: float) -> LogScale:
    """The effective lr's scale, its top raised a decade at a time (at most
    :data:`MOST_RAISED`) until :func:`~scenes.overshoot.common.own_key`, in the panel's top
    left, keeps :data:`KEY_GAP` from everything drawn under it. The steps of each row's own
    limit do not move with the run, but the axis does: a run that stays small (init 0.5) ends
    the axis at 10⁻¹, and the steps of the rows with small x reached up through the key."""
    scale = th.effective_scale
    for _ in range(MOST_RAISED + 1):
        plot = RowPlot(th.rows, scale, width=width, height=height, x_step=5,
                       font_size=MIN_FONT_SIZE)
        if clear_of(own_key(plot, runner(th)), _drawn(plot, th), KEY_GAP):
            return scale
        high = scale.high + 1
        per_tick = max(1, math.ceil((high - th.effective_scale.low) / LOG_INTERVALS))
        scale = LogScale(per_tick * math.floor(th.effective_scale.low / per_tick), high, per_tick)
    return th.effective_scale


def _drawn(plot: RowPlot, th) -> list[np.ndarray]:
    """What the effective lr's panel draws, as lines: each row's own limit, the run's
    effective lr, and the flat lr and limits."""
    return [own_limits(plot, th).points, plot.rows_points(th.effective),
            *[np.array([plot.point(0, lr), plot.point(th.rows, lr)])
              for lr in (th.lr, th.limits.per_row, th.limits.mean_loss)]]


def past_runaway(view, th) -> None:
    """The own-limit key right of the runaway's dashed line where that line runs through it
    (row 4 at lr_thread 1e-3), if it keeps clear of the panel's lines and inside its axes
    there; else it stays."""
    key, line_x = view.own_key, view.lines[1].get_x()
    if not key.get_left()[0] - KEY_GAP < line_x < key.get_right()[0] + KEY_GAP:
        return
    moved = key.copy().shift((line_x + 0.2 - key.get_left()[0]) * RIGHT)
    if moved.get_right()[0] <= view.effective.axes.get_right()[0] and clear_of(
            moved, _drawn(view.effective, th), KEY_GAP):
        key.move_to(moved)


def err_runs(plot: RowPlot, th) -> list[np.ndarray]:
    """The err² panel's two runs, one neuron's and the thread model's, as lines."""
    return [plot.rows_points(v) for v in (th.one_neuron, th.loss)]


def clear_of_runs(view, th, corner: VGroup) -> None:
    """The err² panel's ``corner`` words (the cap's, the key, the calm run's) where no run or
    runaway line crosses them (:func:`to_corner`). At init 1000 one neuron starts at 10⁸ and
    the pair's runaway line stands on row 1: the top right, still under the cap's line. At
    lr_thread 1e-3 one neuron climbs to the cap by row 16, through the cap's words at either
    end of the line (tried: they stood on its curve at the top right): the bottom right,
    where the cap's words read as the key's first line."""
    runs = err_runs(view.error, th)
    if view.marker is not None:
        runs.append(np.array(view.marker[0].get_start_and_end()))
    to_corner(corner, view.error.axes, runs)


def to_corner(group: VGroup, axes, runs, keep_off=()) -> None:
    """Move ``group``, standing in its panel's top left, to the first of that corner, the top
    right, the bottom right and the bottom left of ``axes`` where each of its words keeps
    :data:`KEY_GAP` from every one of ``runs`` (lines, as arrays of points) and from the boxes
    of ``keep_off`` (the kit's :func:`~scenes.kit.clearance.room`); where none
    does, to the first where the fewest words touch a run (lr_thread 5e-4: the pair and the
    runaway's line cross three at the top left, one neuron's peak one at the top right)."""
    def crossed(words) -> int:
        return sum(room(m, runs, keep_off) < KEY_GAP for part in words for m in
                   (part if isinstance(part, VGroup) and len(part) > 1 else [part]))

    across = (axes.get_right()[0] - 0.2 - group.get_right()[0]) * RIGHT
    # over the x axis' line and its ticks (the axis' centre is lower: its numbers hang under)
    down = (axes.x_axis.get_start()[1] + 0.25 - group.get_bottom()[1]) * UP
    spots = [group.copy().shift(shift) for shift in (ORIGIN, across, across + down, down)]
    group.move_to(spots[int(np.argmin([crossed(spot) for spot in spots]))])
