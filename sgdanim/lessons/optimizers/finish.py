"""The ``optimizers`` lesson's finish zoom: the racers that end at the star, magnified about
:data:`ZOOM` times so their last points stand apart (at the drawn box's scale they end within
a dot's width of the star and of each other: one blob).

The zoomed box holds every finisher's last point, a share :data:`LEFT` of its width from its
left edge (their names go to the right of their dots). It is drawn beside the box it
magnifies, in the free place nearest the star: along the drawn box's left or right edge, over
no trail drawn at the race's end, the start, the star, the zoomed box, or the crawl inset.

Examples
--------
>>> from sgdanim.lessons.optimizers import LESSON, compute
>>> finish = compute(LESSON.defaults()).finish
>>> finish.racers, finish.zoom
(('adam_ann', 'rmsprop', 'adam'), 3.0)
>>> [round(v, 2) for v in finish.a_range + finish.b_range]
[1.93, 2.26, 27.33, 32.0]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .inset import candidates, free_places, marked

NEAR = 0.06          # a racer ends at the star: its last point within this share of the box
ZOOM = 3.0           # how many times the zoom magnifies (the same for a and b)
SHARE = (0.33, 0.4)  # the zoom's share of the drawn box's width and height
LEFT = 0.2           # the finishers stand this share of the zoomed box's width from its left
EDGE = 0.15          # and at least this share of its height from its top and bottom


@dataclass(frozen=True)
class Finish:
    racers: tuple[str, ...]                    # who ends at the star, the highest b first
    ends: tuple[tuple[float, float], ...]      # their last (a, b), in that order
    a_range: tuple[float, float]               # the zoomed box
    b_range: tuple[float, float]
    place: tuple[float, float, float, float]   # (a0, a1, b0, b1): where it is drawn in the view
    zoom: float                                # the place's size over the zoomed box's
    levels: np.ndarray                         # contour losses inside the zoomed box

    def shown(self) -> dict:
        return {"racers": list(self.racers), "ends": [list(e) for e in self.ends],
                "a_range": list(self.a_range), "b_range": list(self.b_range),
                "place": list(self.place), "zoom": self.zoom}


def finishers(racers, box, optimum) -> list:
    """The racers whose last point lies within :data:`NEAR` of the star, each axis measured
    as a share of the drawn box's; the highest b first (the order their dots stand in).

    >>> from types import SimpleNamespace as NS
    >>> box = ((0, 4, 1), (0, 40, 5))
    >>> r = lambda name, a, b: NS(name=name, path=np.array([[a, b]]))
    >>> [f.name for f in finishers([r("x", 2, 29), r("y", 2.1, 31), r("z", 3, 30)], box, (2, 30))]
    ['y', 'x']
    """
    size = np.array([box[0][1] - box[0][0], box[1][1] - box[1][0]])
    near = [r for r in racers if len(r.path)
            and np.hypot(*((r.path[-1] - np.asarray(optimum)) / size)) < NEAR]
    return sorted(near, key=lambda r: -r.path[-1][1])


def drawn_points(racer, samples: int = 8) -> np.ndarray:
    """Where the racer's trail is drawn once the race has ended (every row of epoch 1, then
    each epoch's start: ``racer.trail_rows``), with points along each segment between."""
    rows = racer.trail_rows
    first = int(rows[1]) if len(rows) > 1 else 0
    lines = [racer.path[:first + 1], racer.path[rows[rows >= first]]]
    t = np.linspace(0.0, 1.0, samples)[:, None]
    out = [line[:1] for line in lines if len(line)]
    for line in lines:
        for p, q in zip(line[:-1], line[1:]):
            out.append(p + (q - p) * t)
    return np.concatenate(out)


def zoomed_box(ends: np.ndarray, box) -> tuple[float, float, float, float] | None:
    """The box the zoom shows: :data:`SHARE` of the drawn box over :data:`ZOOM`, the finishers
    :data:`LEFT` of its width from its left and centred in its height; None when they do not
    fit in it (too far apart for this zoom)."""
    w = SHARE[0] * (box[0][1] - box[0][0]) / ZOOM
    h = SHARE[1] * (box[1][1] - box[1][0]) / ZOOM
    if np.ptp(ends[:, 0]) > (1 - 2 * LEFT) * w or np.ptp(ends[:, 1]) > (1 - 2 * EDGE) * h:
        return None
    a0, middle = float(ends[:, 0].min()) - LEFT * w, float(ends[:, 1].min() + ends[:, 1].max()) / 2
    return a0, a0 + w, middle - h / 2, middle + h / 2


def finish_of(racers, box, landscape, start, inset=None) -> Finish | None:
    """The finish zoom for ``racers`` in the drawn ``box``, or None when fewer than two end at
    the star, they do not fit in one zoom, or no place is free (``inset``: the crawl inset,
    whose place and zoomed box it keeps off)."""
    done = finishers(racers, box, landscape.optimum)
    if len(done) < 2:
        return None
    ends = np.array([r.path[-1] for r in done])
    zoomed = zoomed_box(ends, box)
    if zoomed is None:
        return None
    keep = np.array([list(start), list(landscape.optimum)])
    drawn = np.concatenate([drawn_points(r) for r in racers])
    axis, star_label = marked(box, landscape.optimum)
    taken = [zoomed, star_label] + ([] if inset is None else [
        inset.place, (*inset.a_range[:2], *inset.b_range[:2])])

    # over the b axis' numbers only where nothing else is free: on noise-free rows the
    # finishers, apart, say more at the race's end than b's numbers 20 to 30 under the zoom
    places = candidates(box, SHARE)
    free = (free_places(places, [*taken, axis], keep, drawn)
            or free_places(places, taken, keep, drawn))
    if not free:
        return None
    size = np.array([box[0][1] - box[0][0], box[1][1] - box[1][0]])
    star = np.asarray(landscape.optimum)
    place = min(free, key=lambda p: float(np.hypot(*(
        (np.array([(p[0] + p[1]) / 2, (p[2] + p[3]) / 2]) - star) / size))))
    return Finish(tuple(r.name for r in done), tuple(tuple(map(float, e)) for e in ends),
                  zoomed[:2], zoomed[2:], tuple(round(float(v), 12) for v in place), ZOOM,
                  landscape.levels_in(zoomed, count=7))


__all__ = ["Finish", "finish_of", "finishers", "drawn_points", "zoomed_box"]
