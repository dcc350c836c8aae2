"""Parts 1 and 2 of ``relu-sandwich``: the graphs of two neurons, with and without a ReLU.

Each graph is the core model's forward pass (:mod:`sgdanim.core.models`), cut to the plot here,
so the scene only maps the points with its axes.
"""

from __future__ import annotations

import numpy as np

from ...core import models
from ...core.clip import clip_polyline

# Part 1's weight tour, before the two "same line" stops that come from the data's best line.
COLLAPSE_TOUR = ((0.5, 20.0, 3.0, -10.0), (-1.0, 60.0, 1.5, 60.0))

# Part 2's hinge tour in unit coordinates (x and y as fractions of the plot): each stop changes
# one or two weights so the viewer sees what each does. Scaled to the data by :func:`to_data`.
HINGE_TOUR = (
    (2.0, -0.4, 0.6, 0.1),    # kink at x = 0.2
    (2.0, -1.2, 0.6, 0.1),    # b moves the kink to 0.6
    (4.0, -1.2, 0.6, 0.1),    # a too: kink at 0.3, steeper
    (4.0, -1.2, 0.25, 0.1),   # c scales the ramp
    (4.0, -1.2, 0.25, 0.45),  # d lifts it
)
# Two units and a shared d: a trough with kinks at 0.35 and 0.65 that no line can follow.
TWO_UNITS = ((-1.0, 0.35, 1.4), (1.0, -0.65, 1.4), 0.15)


def collapse(a: float, b: float, c: float, d: float) -> tuple[float, float]:
    """Slope and intercept of c·(a·x + b) + d, regrouped: (ac, cb + d).

    >>> collapse(4.0, 30.0, 0.5, 15.0)
    (2.0, 30.0)
    """
    return a * c, c * b + d


def kink(a: float, b: float) -> float | None:
    """Where a·x + b crosses zero, the hinge of max(0, a·x + b); None when a = 0.

    >>> kink(2.0, -60.0)
    30.0
    """
    return None if a == 0 else -b / a


def to_data(unit, x_span: float, y_span: float) -> tuple[float, float, float, float]:
    """Scale weights of c·max(0, a·u + b) + d on the unit square to x in [0, x_span],
    y in [0, y_span]: a·u + b = (a·y_span/x_span)·x + b·y_span over y_span.

    >>> to_data((2.0, -0.4, 0.6, 0.1), 100.0, 250.0)
    (5.0, -100.0, 0.6, 25.0)
    """
    a, b, c, d = unit
    return a * y_span / x_span, b * y_span, c, d * y_span


def broken_line(f, breaks, box) -> list[np.ndarray]:
    """The graph of a piecewise-linear ``f`` (straight between ``breaks``) over the x range of
    ``box = (x0, x1, y0, y1)``, cut where it crosses the box's edges (so a drawn line reaches the
    plot's edge): a list of (k, 2) polylines inside the box.

    >>> [p.tolist() for p in broken_line(lambda x: 2 * x, [], (0, 10, 0, 10))]
    [[[0.0, 0.0], [5.0, 10.0]]]
    """
    x0, x1 = box[:2]
    xs = sorted({float(np.clip(b, x0, x1)) for b in breaks} | {x0, x1})
    return clip_polyline(np.array([(x, f(x)) for x in xs]), box, cut_at_edges=True)


def graph(model: str, weights, box) -> list[np.ndarray]:
    """The graph of the core's ``model`` ("linear2" or "relu2") with ``weights`` (a, b, c, d),
    cut to ``box``: a line, or a hinge bent at its kink (see :func:`broken_line`).

    >>> [p.tolist() for p in graph("relu2", (1.0, -2.0, 1.0, 0.0), (0.0, 4.0, 0.0, 4.0))]
    [[[0.0, 0.0], [2.0, 0.0], [4.0, 2.0]]]
    """
    bent = kink(weights[0], weights[1]) if model == "relu2" else None
    return broken_line(lambda x: models.get(model).predict(weights, x),
                       [] if bent is None else [bent], box)


def two_unit_graphs(units, box) -> tuple[list, list, list]:
    """Part 2's bend: the graphs of the first unit (carrying d), the second unit, and their sum,
    each cut to ``box``. Each unit is the core's relu2 forward pass; in the sum both have d = 0
    and d is added once, so no formula is written out here."""
    (a1, b1, c1), (a2, b2, c2), d = units
    relu = models.get("relu2").predict
    both = broken_line(lambda x: relu((a1, b1, c1, 0.0), x) + relu((a2, b2, c2, 0.0), x) + d,
                       [kink(a1, b1), kink(a2, b2)], box)
    return graph("relu2", (a1, b1, c1, d), box), graph("relu2", (a2, b2, c2, 0.0), box), both


def collapse_tour(init: dict, best) -> tuple:
    """Part 1's stops: the start, :data:`COLLAPSE_TOUR`, and two different weight sets that both
    give the data's ``best`` line (slope, intercept): Part 4's curve, foreshadowed.

    >>> [collapse(*w) for w in collapse_tour(dict(a=1.0, b=1.0, c=1.0, d=1.0), (2.0, 30.0))[-2:]]
    [(2.0, 30.0), (2.0, 30.0)]
    """
    slope, icept = best
    same_line = ((2 * slope, icept, 0.5, icept / 2), (slope / 2, icept / 4, 2.0, icept / 2))
    return (tuple(init.values()), *COLLAPSE_TOUR, *same_line)


def same_line_glide(start, end, best, stops: int = 12) -> tuple:
    """The weights from ``start`` to ``end`` (two weight sets on the data's ``best`` line) in
    ``stops`` steps that all keep a·c = slope and c·b + d = intercept: a moves geometrically,
    c = slope/a, b linearly, d = intercept − c·b. Played one after the other, the weights change
    while the line stays put (a straight move between the two ends would bend the slope away).

    >>> glide = same_line_glide((4.0, 30.0, 0.5, 15.0), (1.0, 7.5, 2.0, 15.0), (2.0, 30.0), 2)
    >>> [tuple(round(v, 6) for v in collapse(*w)) for w in glide]
    [(2.0, 30.0), (2.0, 30.0)]
    >>> glide[-1]
    (1.0, 7.5, 2.0, 15.0)

    On flat data (slope 0) both ends have a = 0, and c = slope/a would be 0/0: c moves
    geometrically instead, and a·c stays 0.

    >>> same_line_glide((0.0, 8.0, 0.5, 4.0), (0.0, 2.0, 2.0, 4.0), (0.0, 8.0), 2)[0]
    (0.0, 5.0, 1.0, 3.0)
    """
    slope, icept = best
    (a0, b0, c0, _), (a1, b1, c1, _) = start, end
    out = []
    for t in np.linspace(0.0, 1.0, stops + 1)[1:]:
        if slope == 0 and a0 == a1 == 0:
            a, c = 0.0, c0 * (c1 / c0) ** t
        else:
            a = a0 * (a1 / a0) ** t if a0 * a1 > 0 else a0 + (a1 - a0) * t
            c = slope / a
        b = b0 + (b1 - b0) * t
        out.append((float(a), float(b), float(c), float(icept - c * b)))
    return tuple(out)


def hinge_tour(x_span: float, y_span: float) -> tuple:
    """Part 2's stops (:data:`HINGE_TOUR`) on a plot of ``x_span`` by ``y_span``."""
    return tuple(to_data(w, x_span, y_span) for w in HINGE_TOUR)


def two_units(x_span: float, y_span: float) -> tuple:
    """:data:`TWO_UNITS` on that plot: ((a1, b1, c1), (a2, b2, c2), d).

    >>> two_units(1.0, 1.0)
    ((-1.0, 0.35, 1.4), (1.0, -0.65, 1.4), 0.15)
    """
    (u1, u2, d) = TWO_UNITS
    return tuple(to_data((*u, 0.0), x_span, y_span)[:3] for u in (u1, u2)) + (d * y_span,)
