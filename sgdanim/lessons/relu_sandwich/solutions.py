"""Part 4 of ``relu-sandwich``: the one-neuron model's single best point beside the curve of
equally good (a, c) of two linear neurons, with a slow and a fast SGD path on it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...core import analysis, models
from ...core.clip import clip_polyline, inside_prefix
from ...core.landscape import Landscape
from ...core.runaway import StepLimits, growth, step_limits
from ...core.ticks import nice_range
from ...core.trajectory import RunConfig, run
from .training import climb
from .zoom import near_diagonal, off_box, zoom_rows


@dataclass(frozen=True)
class RowStep:
    """One row's step on the fast path against that row's own limit 1/(x² + 1) (overshoot's
    per-row rule): the same lr·(a² + c²) is far over it on an x = 99 row, a little on x = 47."""

    row: int                   # 1-based
    x: float
    effective: float           # lr·(a² + c²) on the row
    over: float                # effective / the row's own limit: how many times over it
    a: tuple[float, float]     # a on the row, and after its step
    grow: tuple[float, float]  # a² + c² on the row, and after its step


@dataclass(frozen=True)
class Solutions:
    """The one-neuron model's best (a, b), its landscape panel, and the plain-words numbers."""

    best: tuple[float, float]     # least squares: slope, intercept
    path_lr: float
    path: np.ndarray              # (T+1, 4) linear2 weights at path_lr, start to end
    path_diverged_at: int | None
    fast_lr: float
    fast_path: np.ndarray         # (K+1, 4) linear2 at Part 3's lr, up to the last finite row
    fast_diverged_at: int | None
    x_big: float                  # the data's largest |x|
    one_neuron_row_limit: float   # 1/(x²+1): past it one step on that row lands farther away
    start_factor: float           # a² + c² at the start: the pair's step on the slope, relative
    effective_lr: float           # start_factor · fast_lr: the lr the slope feels
    over_limit: bool              # effective_lr > one_neuron_row_limit
    limits: StepLimits            # one neuron's per-row and mean-loss limits on the data
    fast_effective: np.ndarray    # (K+1,) fast_lr·(a² + c²) along the fast path: the lr it acts at
    effective_decades: tuple[int, int]  # the strip's log axis: both limits, up to 10¹
    effective_shown: np.ndarray   # (K+1,) fast_effective, capped at the strip's top
    effective_over: int | None    # the first row (1-based) above the strip's top, if any
    landscape: Landscape          # the one-neuron model's loss over (a, b)
    a_range: tuple                # (lo, hi, tick step) of the landscape's a axis
    b_range: tuple
    levels: np.ndarray            # contour levels, to the start's loss (from the minimum: a corner's)
    fast_climb: tuple[int, float] | None = None  # the fast path's last climb: (row, a² + c²)
    # the first row from which fast_effective stays over the mean-loss limit to the end: why
    # row 1, already over the per-row limit, does not run away at once
    over_mean_from: int | None = None
    # (row, a² + c² there, a² + c² on the next row): the first row over the mean-loss limit
    # whose next row lands back under it, a and c shrunk (row 3, review r10's "why not there?")
    falls_back: tuple[int, float, float] | None = None
    # the step that flips a through zero and grows a² + c² (row 25: 8.2× its x = 99 row's
    # limit), and the earlier x = 99 row furthest over that same limit that lands back (row 18,
    # 5.1×): only the size of the overshoot differs (row 13, x = 47, left that open, review r12)
    flip: RowStep | None = None
    level: RowStep | None = None


@dataclass(frozen=True)
class Plane:
    """Part 4's (a, c) plane of two linear neurons: square, holding the start."""

    box: tuple[float, float, float, float]
    curve: tuple[np.ndarray, ...]         # runs of a·c = slope inside the box
    curve_end: tuple[float, float] | None  # its rightmost point, where its label goes
    slow: np.ndarray                      # (a, c) of the path_lr path until it leaves the box
    cross: int | None                     # where slow first reaches a·c = slope (not its ends)
    fast: np.ndarray                      # (a, c) of the fast path before it leaves (>= start)
    fast_leaves: int                      # the fast path's first index outside (its length if none)
    thrown: tuple[float, float] | None    # (a, c) there
    diagonal: bool = False                # the fast path stays near a = c over the zoom's rows
    on_curve: float | None = None         # a = c where the diagonal meets a·c = slope, on the
                                          # fast path's side: √slope, or −√slope from a = c = −1
    slow_fit: np.ndarray | None = None    # (k, 2): the slow path's line, (a·c, c·b + d), per index
    # (row, name, v) of each fast-path row past the zoom's rows: v its a (name "a"), or its c
    # ("c") if a is in range (the row left by c); the zoom (a ≈ c on 0..4) marks it at the
    # edge v lies beyond and says which weight the number is
    off_zoom: tuple[tuple[int, str, float], ...] = ()
    fast_crosses: bool | None = True      # its a·c passes the slope on the plane (None: 1 row)
    zoom_range: tuple[float, float, float] = (0.0, 4.0, 1.0)  # the zoom's a axis, step
    zoom_a: np.ndarray | None = None      # a on each row the zoom draws (from row 1)


def slope_factor(a, c):
    """How much more one SGD step moves the slope a·c than a step on a alone (first order):
    d(ac) = c·da + a·dc and da ∝ c, dc ∝ a, so the slope moves (a² + c²) times as far.

    >>> slope_factor(1.0, 1.0)
    2.0
    """
    return a * a + c * c


def best_curve(slope: float, box) -> tuple[np.ndarray, ...]:
    """The curve a·c = ``slope`` inside ``box``, 400 points on each branch (a > 0, a < 0), as
    the runs of two or more points that stay inside.

    >>> [len(run) for run in best_curve(1.0, (-2.0, 2.0, -2.0, 2.0))]
    [300, 300]
    """
    x0, x1 = box[:2]
    runs = []
    for lo, hi in ((max(x0, 1e-9), x1), (x0, min(x1, -1e-9))) if slope != 0 else ():
        if lo >= hi:
            continue
        aa = np.linspace(lo, hi, 400)
        runs += clip_polyline(np.column_stack([aa, slope / aa]), box)
    return tuple(runs)


def solutions(data, init: dict, path_lr: float, path_epochs: int, fast_lr: float,
              grad: str = "numeric") -> Solutions:
    """Part 4's numbers: the least-squares point and its landscape, a slow and a fast linear2
    path from ``init`` (``grad`` derivatives: the fast one is Part 3's run, and overshoot's
    thread), and the one-neuron step limit on the data's largest |x|.

    >>> from sgdanim.core.data import spreadsheet
    >>> s = solutions(spreadsheet(), dict(a=1.0, b=1.0, c=1.0, d=1.0), 2e-5, 2, 1e-4)
    >>> s.path.shape, s.fast_diverged_at, round(s.one_neuron_row_limit, 7), s.start_factor
    ((59, 4), 28, 0.000102, 2.0)
    >>> s.a_range, [float(v) for v in s.b_range], s.over_limit
    ((0.0, 4.0, 1.0), [0.0, 50.0, 10.0], True)

    The a axis takes a round step for any start (a = −100 is not 200 ticks of 1):

    >>> solutions(spreadsheet(), dict(a=-100.0, b=1.0, c=100.0, d=1.0), 2e-5, 2, 1e-4).a_range
    (-150.0, 150.0, 50.0)
    """
    slow = run(RunConfig(model="linear2", grad=grad, lr=path_lr, init=init, data=data,
                         epochs=path_epochs))
    fast = run(RunConfig(model="linear2", grad=grad, lr=fast_lr, init=init, data=data, epochs=1))
    x_big = float(np.max(np.abs(data.x)))
    limit = float(analysis.row_critical_lr(x_big))
    factor = float(slope_factor(init["a"], init["c"]))
    slope, icept = best = analysis.least_squares(data)
    # both axes hold the start and the best slope (a negative one, -1, was off the plot)
    a_lo = min(0.0, float(np.floor(min(init["a"], init["c"]) - 1)), float(np.floor(slope * 2)))
    a_hi = max(4.0, float(np.ceil(slope * 2)), float(np.ceil(max(init["a"], init["c"]) + 1)))
    b_lo = min(0.0, np.floor(icept / 10) * 10 - 10)
    b_hi = max(10.0, np.ceil(icept / 10) * 10 + 10)
    land = Landscape.of(data)
    limits = step_limits(data)
    grow = growth(fast.path(), models_names())
    effective = fast_lr * grow
    decades = strip_decades(effective, limits)
    top = 10.0 ** decades[1]
    over = np.flatnonzero(~(effective <= top))
    return Solutions(best, path_lr, slow.path(), slow.diverged_at, fast_lr, fast.path(),
                     fast.diverged_at, x_big, limit, factor, factor * fast_lr,
                     factor * fast_lr > limit, limits, effective,
                     decades, np.minimum(effective, top),
                     int(over[0]) + 1 if len(over) else None, land,
                     nice_range(a_lo, a_hi, ticks=5),
                     (b_lo, b_hi, (b_hi - b_lo) / 5),
                     _levels(land, init, (a_lo, a_hi), (b_lo, b_hi)),
                     climb(fast.loss, grow), over_for_good(effective, limits.mean_loss),
                     falls_back(effective, grow, limits.mean_loss),
                     *flip_and_level(fast.path(), data.x, effective, grow))


def _levels(land, init, a_span, b_span) -> np.ndarray:
    """The one-neuron panel's six contour levels: up to the start's loss, so the start sits
    on the outermost; from a start on the minimum itself (a = 2, b = 30 on the sheet's exact
    line), which leaves no level between, up to the loss at the panel's farthest corner.

    >>> from sgdanim.core.data import spreadsheet
    >>> land = Landscape.of(spreadsheet())
    >>> on_best = _levels(land, {"a": 2.0, "b": 30.0}, (0.0, 4.0), (0.0, 40.0))
    >>> len(on_best), bool(on_best[-1] > 100.0)
    (6, True)
    """
    start = float(land.loss(init["a"], init["b"]))
    corners = max(float(land.loss(a, b)) for a in a_span for b in b_span)
    return land.levels(start if start > land.min_loss + 1e-9 * corners else corners, 6)


def falls_back(effective, grow, limit: float) -> tuple[int, float, float] | None:
    """The first row (1-based) whose ``effective`` lr is over ``limit`` and whose next row's is
    back under it, with ``grow`` (a² + c²) on both rows: an overshoot that shrank a and c
    instead of growing them. None if no row does.

    >>> falls_back(np.array([1.0, 5.0, 0.5, 6.0]), np.array([10, 50, 5, 60]), 2.0)
    (2, 50.0, 5.0)
    >>> falls_back(np.array([1.0, 5.0, 6.0]), np.array([10, 50, 60]), 2.0) is None
    True
    """
    v = np.asarray(effective)
    back = np.flatnonzero((v[:-1] > limit) & (v[1:] <= limit))
    if len(back) == 0:
        return None
    k = int(back[0])
    return k + 1, float(grow[k]), float(grow[k + 1])


def row_step(k: int, path, x, effective, grow) -> RowStep:
    """Row ``k + 1`` of a linear2 ``path`` (rows of a, b, c, d; one more than ``effective``
    has, or NaN past a runaway) on rows ``x``, against that row's own limit."""
    after = path[k + 1] if k + 1 < len(path) else np.full(4, np.nan)
    xk = float(x[k % len(x)])
    return RowStep(k + 1, xk, float(effective[k]),
                   float(effective[k] / analysis.row_critical_lr(xk)),
                   (float(path[k, 0]), float(after[0])),
                   (float(grow[k]), float(after[0] ** 2 + after[2] ** 2)))


def flip_and_level(path, x, effective, grow):
    """The first row whose step, over that row's own limit, sends a through zero with a² + c²
    growing (a finite step: an overshoot; a step under the limit that takes a through zero is
    learning, as from a start of a = 1, c = 0.5, where row 4 at 0.2× its limit does), and
    the earlier row on the same x (the same own limit) with the largest overshoot whose step
    leaves a's sign alone (it lands back): the two differ only in how far over that limit they
    are; None for either there is not.

    >>> path = np.array([[1.0, 0, 1.0, 0], [2.0, 0, 2.0, 0], [0.5, 0, 0.5, 0], [2.0, 0, 2.0, 0],
    ...                  [-6.0, 0, -6.0, 0]])
    >>> eff = 1e-4 * (path[:4, 0] ** 2 + path[:4, 2] ** 2)
    >>> flip, level = flip_and_level(path, np.array([1.0, 99.0, 1.0, 99.0]), eff, eff * 1e4)
    >>> flip.row, flip.a, flip.grow, round(flip.over, 2), level.row, level.grow
    (4, (2.0, -6.0), (8.0, 72.0), 7.84, 2, (8.0, 0.5))
    >>> flip_and_level(path[:4], np.ones(4), eff[:3], eff[:3] * 1e4)
    (None, None)
    """
    path = np.asarray(path, dtype=np.float64)
    n = min(len(effective), len(path) - 1)
    flips = [k for k in range(n) if path[k, 0] * path[k + 1, 0] < 0
             and path[k + 1, 0] ** 2 + path[k + 1, 2] ** 2 > grow[k]
             and effective[k] > analysis.row_critical_lr(float(x[k % len(x)]))]
    if not flips:
        return None, None
    k = flips[0]
    flip = row_step(k, path, x, effective, grow)
    xk = x[k % len(x)]
    same = [j for j in range(k) if x[j % len(x)] == xk and path[j, 0] * path[j + 1, 0] > 0]
    level = max(same, key=lambda j: effective[j], default=None)
    return flip, None if level is None else row_step(level, path, x, effective, grow)


def over_for_good(values, limit: float) -> int | None:
    """The first row (1-based) from which every one of ``values`` is over ``limit`` to the
    last; None if the last is not.

    >>> over_for_good(np.array([5.0, 1.0, 5.0, 6.0]), 2.0), over_for_good(np.array([5.0, 1.0]), 2.0)
    (3, None)
    """
    under = np.flatnonzero(~(np.asarray(values) > limit))
    if len(under) == 0:
        return 1
    return int(under[-1]) + 2 if under[-1] < len(values) - 1 else None


RUNAWAY_TOP = 1   # the strip's highest decade, as overshoot's effective-lr panel: 10¹


def strip_decades(effective, limits: StepLimits) -> tuple[int, int]:
    """The decades of Part 4's strip: from the lowest of ``effective`` and the two limits, up to
    the highest value, but no higher than 10¹, as overshoot's effective-lr panel draws the same
    quantity: the climb of the last rows (6×10⁻³ on row 26, 4.6 on row 27) shows at its true
    height, and only a row past 10¹ (the runaway itself) is named at the top instead.

    >>> lim = StepLimits(99.0, 1.02e-4, 3.97e-4)
    >>> strip_decades(np.array([2e-4, 1e-5, 6e-3, 4.6, 5e7]), lim)
    (-5, 1)
    >>> strip_decades(np.array([2e-4, 6e-3]), lim)              # nothing past: fits them
    (-4, -2)
    """
    held = np.log10([*effective[np.isfinite(effective) & (effective > 0)], limits.per_row,
                     limits.mean_loss])
    return int(np.floor(held.min())), min(int(np.ceil(held.max())), RUNAWAY_TOP)


def models_names() -> tuple[str, ...]:
    """The weights of two linear neurons, in the core's order."""
    return models.get("linear2").params


def plane(s: Solutions) -> Plane:
    """Where Part 4's (a, c) plane ends (the landscape's a range on both axes), the best curve
    on it, and the two paths up to where they leave it."""
    box = (s.a_range[0], s.a_range[1], s.a_range[0], s.a_range[1])
    curve = best_curve(s.best[0], box)
    ends = np.concatenate(curve) if curve else None
    slow, fast = s.path[:, [0, 2]], s.fast_path[:, [0, 2]]
    k_slow, k_fast = inside_prefix(slow, box), inside_prefix(fast, box)
    gap, shown = slow[:k_slow, 0] * slow[:k_slow, 1] - s.best[0], fast[:max(k_fast, 1)]
    crossed = np.flatnonzero(np.sign(gap) != np.sign(gap[0]))
    zoom, k_zoom = zoom_rows(fast, box[:2], k_fast)    # a's range: the zoom draws a
    lo, hi = zoom[:2]
    return Plane(box, curve, None if ends is None else tuple(ends[np.argmax(ends[:, 0])]),
                 slow[:k_slow],
                 int(crossed[0]) if len(crossed) and 0 < crossed[0] < k_slow - 1 else None,
                 shown, k_fast,
                 tuple(float(v) for v in fast[k_fast]) if k_fast < len(fast) else None,
                 near_diagonal(fast[:max(k_zoom, 1)]),
                 float(np.copysign(np.sqrt(s.best[0]), fast[0, 0])) if s.best[0] > 0 else None,
                 line_of(s.path[:k_slow]), off_box(fast, k_zoom, (lo, hi, lo, hi)),
                 bool(np.ptp(np.sign(shown[:, 0] * shown[:, 1] - s.best[0])) > 0)
                 if len(shown) > 1 else None, zoom, fast[:max(k_zoom, 1), 0])


def line_of(path: np.ndarray) -> np.ndarray:
    """The line each row of a linear2 ``path`` (rows of a, b, c, d) draws: its slope a·c and
    its intercept c·b + d (:func:`~sgdanim.lessons.relu_sandwich.graphs.collapse`).

    >>> line_of(np.array([[1.0, 1.0, 1.0, 1.0], [4.0, 30.0, 0.5, 15.0]])).tolist()
    [[1.0, 2.0], [2.0, 30.0]]
    """
    a, b, c, d = np.asarray(path, dtype=np.float64).T
    return np.column_stack([a * c, c * b + d])
