"""The ``optimizers`` lesson's zoom inset: where the slow racers' trails crowd into a corner of
the drawn box, a magnified view of just that corner, drawn in a part of the box no path visits.

A racer is *crowded* when, after its first epoch, it climbs only a small share of the drawn
box's b axis, the valley's long way (SGD and momentum, which crawl near the start while the
b axis must hold the whole valley). The inset zooms on the box round those racers' points
after their first epoch; it is drawn over the
largest place in the view, among candidates along its left and right edges, that no path point
of any racer crosses (never over the start, the optimum or the box it magnifies): big enough
to read in a 480p embed; with no such place, there is none.

Examples
--------
>>> from sgdanim.lessons.optimizers import LESSON, compute
>>> inset = compute(LESSON.defaults()).inset
>>> inset.racers, inset.a_range, inset.b_range
(('sgd', 'momentum'), (1.75, 3.0, 0.25), (0.0, 5.0, 1.0))
>>> inset.place, inset.crossed             # the box's left side, above the zoomed box: no path there
((0.59, 1.85, 5.46, 25.76), 0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ...core.clip import BoxedPath, box_of, boxed_path, inside
from ...core.ticks import padded_range

SHARE = 0.15          # crowded: its b after epoch 1 spans less than this share of the b axis
PLACES = ((0.42, 0.58), (0.42, 0.48), (0.36, 0.4))   # the inset's share of the drawn box's
                      # width and height, largest first: the first that some free place fits
MARGIN = 0.03         # its distance from the box's edges, as a share of each span
STOPS = 21            # heights tried along each edge
AXIS_NUMBERS = 0.1    # the b axis' numbers stand left of it, over this share of the box's width
STAR_LABEL = (0.09, 0.05)  # the star's "(2, 30)": this share of the width to each side of
                           # it, from this share of the height under it up (lifted off trails)


@dataclass(frozen=True)
class Inset:
    racers: tuple[str, ...]               # whose trails it magnifies, in racing order
    a_range: tuple[float, float, float]   # the zoomed box: (min, max, tick step)
    b_range: tuple[float, float, float]
    place: tuple[float, float, float, float]   # (a0, a1, b0, b1): where it is drawn in the view
    crossed: int                          # path points (all racers) inside ``place``
    paths: dict                           # racer → its path cut to the zoomed box (BoxedPath)
    levels: np.ndarray                    # contour losses inside the zoomed box

    def ticks(self, axis: int) -> list[float]:
        """Where axis ``axis`` (0: a, 1: b) is labelled: its ends and the tick nearest its
        middle, so every label reads a round value (2.25, never 2.375).

        >>> Inset((), (1.75, 3.0, 0.25), (0.0, 5.0, 1.0), (0,) * 4, 0, {}, None).ticks(0)
        [1.75, 2.25, 3.0]
        """
        lo, hi, step = (self.a_range, self.b_range)[axis]
        middle = round(lo + step * math.floor((hi - lo) / step / 2 + 1e-9), 12)
        return [lo, hi] if middle in (lo, hi) else [lo, middle, hi]

    def shown(self) -> dict:
        return {"racers": list(self.racers), "a_range": list(self.a_range),
                "b_range": list(self.b_range), "place": list(self.place)}


def zoom_range(lo: float, hi: float) -> tuple[float, float, float]:
    """``[lo, hi]`` with a 10% margin, rounded outward to ticks about a quarter of it apart.

    >>> zoom_range(2.2, 2.6)
    (2.1, 2.7, 0.1)
    """
    return padded_range(lo, hi, 0.1, 4)


def crowded(racers, box, rows: int) -> list:
    """The racers whose b after their first epoch spans less than :data:`SHARE` of the box's."""
    return [r for r in racers if len(r.path) > rows + 1
            and np.ptp(r.path[rows:, 1]) < SHARE * (box[1][1] - box[1][0])]


def b_axis_at(box) -> float:
    """The a the b axis stands at: 0, or the box's nearer edge (as manim's axes cross)."""
    (a0, a1, _), _ = box
    return min(max(0.0, a0), a1)


def candidates(box, share=PLACES[0]) -> list[tuple[float, float, float, float]]:
    """Places of ``share`` (of the box's width, height) for the inset: :data:`STOPS` heights,
    bottom to top, along the box's left edge, then right of the b axis where it stands inside
    the box (its a range spans 0), then along the box's right edge.

    >>> [tuple(round(v, 2) for v in p) for p in candidates(((0, 10, 1), (0, 10, 1)), (0.5, 0.5))][::20]
    [(0.3, 5.3, 0.3, 5.3), (0.3, 5.3, 4.7, 9.7), (4.7, 9.7, 4.48, 9.48)]
    """
    (a0, a1, _), (b0, b1, _) = box
    w, h = share[0] * (a1 - a0), share[1] * (b1 - b0)
    ma, mb = MARGIN * (a1 - a0), MARGIN * (b1 - b0)
    bottoms = np.linspace(b0 + mb, b1 - mb - h, STOPS)
    lefts = [a0 + ma, b_axis_at(box) + ma, a1 - ma - w]
    lefts = [x for k, x in enumerate(lefts) if k != 1 or lefts[0] < x < lefts[2]]
    return [(x, x + w, float(y), float(y) + h) for x in lefts for y in bottoms]


def marked(box, optimum) -> list[tuple[float, float, float, float]]:
    """What the view's own marks take, which an inset or zoom drawn over it must keep off: the
    b axis with its numbers (inside the box where its a range spans 0: 5 epochs, where the
    inset stood on "15 20 25 30") and the star with its label over it, which the scene lifts
    as far as the box's top (at 2 epochs the inset's edge cut "(2, 30)")."""
    (a0, a1, _), (b0, b1, _) = box
    axis, (a, b) = b_axis_at(box), optimum
    wa, hb = STAR_LABEL[0] * (a1 - a0), STAR_LABEL[1] * (b1 - b0)
    return [(axis - AXIS_NUMBERS * (a1 - a0), axis, b0, b1), (a - wa, a + wa, b - hb, b1)]


def overlaps(p, q) -> bool:
    """Whether the boxes ``p`` and ``q`` ((x0, x1, y0, y1)) share more than an edge."""
    return p[0] < q[1] and q[0] < p[1] and p[2] < q[3] and q[2] < p[3]


def free_places(places, off, *points) -> list:
    """The ``places`` that overlap none of the boxes ``off`` and hold none of ``points`` (arrays
    of (a, b)), in order: where the inset and the finish zoom may stand.

    >>> free_places([(0, 1, 0, 1), (2, 3, 0, 1)], [(0.5, 1.5, 0, 1)], np.array([[2.5, 0.5]]))
    []
    """
    return [p for p in places if not any(overlaps(p, q) for q in off)
            and not any(inside(pts, p).any() for pts in points)]


def inset_of(racers, box, rows: int, landscape, start) -> Inset | None:
    """The inset for ``racers`` drawn in ``box`` ((a_range, b_range)), or None when no racer is
    crowded, the zoom would magnify less than twice, or every place would hide a path. It
    keeps off the star's label, and off the b axis' numbers where some place does (5 epochs),
    else over them (``carry=sheet`` at 5 epochs, where the left edge is its only place)."""
    slow = crowded(racers, box, rows)
    if not slow:
        return None
    points = np.concatenate([r.path[rows:] for r in slow])
    a_range, b_range = (zoom_range(points[:, i].min(), points[:, i].max()) for i in (0, 1))
    if max((box[0][1] - box[0][0]) / (a_range[1] - a_range[0]),
           (box[1][1] - box[1][0]) / (b_range[1] - b_range[0])) < 2:
        return None
    every = np.concatenate([r.path for r in racers])
    keep = np.array([list(start), list(landscape.optimum)])
    zoomed = (a_range[0], a_range[1], b_range[0], b_range[1])
    axis, star_label = marked(box, landscape.optimum)
    places = [p for share in PLACES for p in candidates(box, share)]
    free = (free_places(places, [zoomed, star_label, axis], keep, every)
            or free_places(places, [zoomed, star_label], keep, every))
    if not free:
        return None                       # every place would hide some path: no inset
    place, crossed = tuple(round(float(v), 12) for v in free[0]), 0
    zoom = box_of(a_range, b_range)
    return Inset(tuple(r.name for r in slow), a_range, b_range, place, crossed,
                 {r.name: boxed_path(r.path, zoom) for r in slow},
                 landscape.levels_in(zoom, count=7))


__all__ = ["Inset", "BoxedPath", "inset_of", "zoom_range", "crowded", "candidates", "marked",
           "overlaps", "free_places"]
