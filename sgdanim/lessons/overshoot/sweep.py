"""Part ``sweep`` of ``overshoot``: y = a·x + b on the data at several rates, against one
neuron's two limits."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ...core import analysis
from ...core.data import Dataset
from ...core.errors import UsageError
from ...core.trajectory import RunConfig, sweep
from .scales import MAX_LANES, LogScale, log_scale


@dataclass(frozen=True)
class SweepLane:
    """One learning rate of the sweep: the error of each row until it ran away."""

    lr: float
    loss: np.ndarray               # (rows kept,), all finite
    diverged_at: int | None        # 1-based step number, as in Trajectory
    above_critical: bool


@dataclass(frozen=True)
class SweepNote:
    """Lane ``lane``, below the critical lr, ``ran_away_below`` or is ``past_row_critical``."""

    kind: str
    lane: int


@dataclass(frozen=True)
class SweepNumbers:
    """Part 2: SGD with ``model`` over the data at each rate of ``lrs``."""

    model: str
    data_name: str
    rows: int
    epochs: int
    steps: int                     # rows × epochs: every row the sweep can run
    epoch_ends: tuple[int, ...]    # the last row of each epoch before the last
    x_max: float                   # the largest |x| of the data
    lam_max: float
    critical_lr: float             # 2/λmax of the mean loss
    row_critical_lr: float         # 1/(x²+1) of the row with the largest |x|
    lanes: tuple[SweepLane, ...]
    by_lr: tuple[int, ...]         # lane indices, smallest lr first
    above: int                     # how many rates are above the critical lr
    above_ran: int                 # how many of those ran away
    max_loss: float                # a run stops once a row's error passes this
    cap_decade: int                # log10 of max_loss
    scale: LogScale                # the error axis: every lane's error fits
    note: SweepNote | None
    smallest_share: float          # the smallest lr as a share of row_critical_lr
    widest_steps: tuple[int, ...]  # 1-based steps, every epoch, on a row with |x| = x_max


def sweep_note(lanes, row_critical_lr: float) -> SweepNote | None:
    """What the rates below the critical lr did that the mean loss does not say: the first that
    ran away anyway, else the biggest if it is past the widest row's 1/(x²+1), else nothing."""
    below = [i for i, lane in enumerate(lanes) if not lane.above_critical]
    wild = [i for i in below if lanes[i].diverged_at is not None]
    if wild:
        return SweepNote("ran_away_below", wild[0])
    top = max(below, key=lambda i: lanes[i].lr, default=None)
    if top is None or lanes[top].lr <= row_critical_lr:
        return None
    return SweepNote("past_row_critical", top)


def _sweep(params, data: Dataset) -> SweepNumbers:
    if len(params.lrs) > MAX_LANES:
        raise UsageError(f"overshoot: lrs has {len(params.lrs)} values; at most {MAX_LANES} fit")
    crit = analysis.critical_lr(data)
    config = RunConfig(model="linear", lr=params.lrs[0], epochs=params.epochs, data=data)
    swept = sweep(config, params.lrs)
    lanes = tuple(SweepLane(float(lr), np.array(t.loss), t.diverged_at, lr > crit)
                  for lr, t in zip(params.lrs, map(swept.lane, range(len(params.lrs)))))
    above = [lane for lane in lanes if lane.above_critical]
    x_big = float(np.max(np.abs(data.x)))
    row_crit = float(analysis.row_critical_lr(x_big))
    widest = np.flatnonzero(np.abs(data.x) == x_big)
    cap = round(math.log10(config.max_loss))
    return SweepNumbers(
        config.model, data.name, len(data), params.epochs, params.epochs * len(data),
        tuple(e * len(data) for e in range(1, params.epochs)), x_big,
        float(analysis.curvatures(data)[0][-1]), crit, row_crit, lanes,
        tuple(int(i) for i in np.argsort([lane.lr for lane in lanes])), len(above),
        sum(lane.diverged_at is not None for lane in above), config.max_loss, cap,
        log_scale([lane.loss for lane in lanes], floor=-2, top=cap), sweep_note(lanes, row_crit),
        min(lane.lr for lane in lanes) / row_crit,
        tuple(int(e * len(data) + i + 1) for e in range(params.epochs) for i in widest))
