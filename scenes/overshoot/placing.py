"""Where the ``overshoot`` thread's keys stand (scenes/overshoot/thread.py): the own-limit key
over the effective lr's panel, whose top rises for it where the grey steps reach it, and the
err² panel's words, moved to its right where a run climbs through its left."""

from __future__ import annotations

import math

import numpy as np
from manim import RIGHT, VGroup

from sgdanim.lessons.overshoot.scales import LOG_INTERVALS, LogScale
from scenes.kit.clearance import clear_of
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
        drawn = [own_limits(plot, th).points, plot.rows_points(th.effective)]
        drawn += [np.array([plot.point(0, lr), plot.point(th.rows, lr)])
                  for lr in (th.lr, th.limits.per_row, th.limits.mean_loss)]
        if clear_of(own_key(plot, runner(th)), drawn, KEY_GAP):
            return scale
        high = scale.high + 1
        per_tick = max(1, math.ceil((high - th.effective_scale.low) / LOG_INTERVALS))
        scale = LogScale(per_tick * math.floor(th.effective_scale.low / per_tick), high, per_tick)
    return th.effective_scale


def clear_of_runs(view, th, corner: VGroup) -> None:
    """The err² panel's ``corner`` words (the cap's, the key, the calm run's) from its top
    left to its top right where a run climbs through them and leaves that side clear (at init
    1000 one neuron starts at 10⁸ and the pair's runaway line stands on row 1). Where neither
    side is clear (lr_thread 1e-3: one neuron climbs to the cap by row 16), they stay."""
    plot = view.error
    runs = [plot.rows_points(v) for v in (th.one_neuron, th.loss)]
    if view.marker is not None:
        runs.append(np.array(view.marker[0].get_start_and_end()))

    def clear(group) -> bool:
        return all(clear_of(m, runs, KEY_GAP) for part in group for m in
                   (part if isinstance(part, VGroup) and len(part) > 1 else [part]))

    if clear(corner):
        return
    right = corner.copy().shift((plot.axes.get_right()[0] - 0.2 - corner.get_right()[0]) * RIGHT)
    if clear(right):
        corner.move_to(right)
