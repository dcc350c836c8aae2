"""The clipping family (sgdanim/core/clip.py) against brute force: dense samples of each
segment, and the definitions written out by hand."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sgdanim.core.clip import (box_of, boxed_path, clip_line, clip_path, clip_polyline, inside,
                               inside_prefix, inside_runs)

BOX = (-1.0, 2.0, 0.0, 1.0)
coord = st.floats(-4.0, 4.0, allow_nan=False).map(lambda v: round(v, 2))
polylines = st.lists(st.tuples(coord, coord), min_size=2, max_size=8).map(np.array)


def distance_to(point, piece) -> float:
    """The distance from ``point`` to the polyline ``piece``."""
    best = math.inf
    for p, q in zip(piece[:-1], piece[1:]):
        d = q - p
        t = 0.0 if not d.any() else float(np.clip(np.dot(point - p, d) / np.dot(d, d), 0, 1))
        best = min(best, float(np.linalg.norm(point - (p + t * d))))
    return best


def uncovered(points, pieces, box, samples=40) -> int:
    """How many samples along ``points``' segments lie well inside ``box`` (not within 1e-6 of
    an edge) but on none of ``pieces``."""
    count = 0
    for p, q in zip(points[:-1], points[1:]):
        for t in np.linspace(0.0, 1.0, samples):
            s = p + t * (q - p)
            x0, x1, y0, y1 = box
            if x0 + 1e-6 < s[0] < x1 - 1e-6 and y0 + 1e-6 < s[1] < y1 - 1e-6:
                count += all(distance_to(s, piece) > 1e-9 for piece in pieces)
    return count


@settings(max_examples=150, deadline=None)
@given(polylines)
def test_cut_pieces_cover_every_inside_sample_and_stay_in_the_box(points):
    pieces = clip_polyline(points, BOX, cut_at_edges=True)
    assert uncovered(points, pieces, BOX) == 0
    for piece in pieces:
        assert len(piece) >= 2 and inside(piece, BOX).all()     # on the edge exactly, never past
        # Every vertex is a point of the polyline: on one of its segments.
        assert all(distance_to(v, points) < 1e-9 for v in piece)


def test_dropping_points_misses_a_segment_that_crosses_the_box():
    """The negative control: both ends of the middle segment lie outside, so the default mode
    draws nothing of it, and the coverage check above sees that."""
    points = np.array([[-3.0, 0.5], [4.0, 0.5]])
    assert clip_polyline(points, BOX) == []
    assert uncovered(points, [], BOX) > 0
    assert uncovered(points, clip_polyline(points, BOX, cut_at_edges=True), BOX) == 0


@settings(max_examples=150, deadline=None)
@given(polylines)
def test_dropped_pieces_are_the_runs_of_points_inside(points):
    ok = inside(points, BOX)
    expected, run = [], []
    for point, keep in zip(points.tolist(), ok):
        if keep:
            run.append(point)
        else:
            expected, run = expected + [run], []
    expected = [r for r in expected + [run] if len(r) >= 2]
    assert [p.tolist() for p in clip_polyline(points, BOX)] == expected
    assert [points[s:e].tolist() for s, e in inside_runs(points, BOX)] == expected


def test_cut_keeps_the_points_inside_as_they_are():
    points = np.array([[0.1, 0.3], [0.7, 0.6], [5.0, 0.6]])
    (piece,) = clip_polyline(points, BOX, cut_at_edges=True)
    assert piece[:2].tolist() == points[:2].tolist()
    assert piece[2].tolist() == [2.0, 0.6]


def test_points_that_are_not_finite_are_outside():
    points = np.array([[0.5, 0.5], [np.nan, 0.5], [0.2, 0.2], [0.3, np.inf], [0.4, 0.4], [0.5, 0.5]])
    assert inside(points, BOX).tolist() == [True, False, True, False, True, True]
    assert inside_prefix(points, BOX) == 1
    assert [p.tolist() for p in clip_polyline(points, BOX, cut_at_edges=True)] == [
        [[0.4, 0.4], [0.5, 0.5]]]


def test_clip_path_stops_on_the_edge_of_the_step_that_leaves():
    path = np.array([[0.0, 0.5], [1.0, 0.5], [3.0, 0.9], [0.0, 0.1]])
    shown = clip_path(path, BOX)
    np.testing.assert_array_equal(shown[:2], path[:2])
    assert shown[-1].tolist() == [2.0, pytest.approx(0.7)] and len(shown) == 3
    # A path that stays, or starts outside, is drawn as it is (the control).
    assert clip_path(path[:2], BOX).tolist() == path[:2].tolist()
    assert clip_path(path[2:], BOX).tolist() == path[2:].tolist()


@pytest.mark.parametrize("a, b", [(2.0, 0.0), (-0.5, 40.0), (0.3, -10.0), (25.0, 3.0), (1e-9, 5.0)])
def test_clip_line_ends_are_on_the_line_and_the_boxs_edge(a, b):
    box = (0.0, 100.0, -20.0, 200.0)
    (x0, y0), (x1, y1) = clip_line(a, b, box)
    assert x0 < x1
    for x, y in ((x0, y0), (x1, y1)):
        assert y == pytest.approx(a * x + b)
        assert box[0] <= x <= box[1] and box[2] - 1e-9 <= y <= box[3] + 1e-9
        assert x in box[:2] or np.isclose(y, box[2:], rtol=0, atol=1e-9).any()


def test_clip_line_misses():
    assert clip_line(0.0, 500.0, (0, 100, -20, 200)) is None
    assert clip_line(1.0, -300.0, (0, 100, -20, 200)) is None
    assert clip_line(1.0, 0.0, (0, 100, -20, 200)) is not None      # the control


def test_boxed_path_on_a_made_up_path():
    b = boxed_path(np.array([[0.5, 0.5], [0.6, 0.5], [3.0, 0.5], [0.2, 0.1], [0.3, 0.1],
                             [0.4, -2.0]]), box_of((0, 1), (0, 1, 0.5)))
    assert b.outside.tolist() == [False, False, True, False, False, True]
    assert b.runs == ((0, 2), (3, 5))
    assert b.edge[2].tolist() == [1.0, 0.5] and b.edge[5].tolist() == [0.4, 0.0]
    assert b.heading[2] == 0.0 and b.heading[5] == pytest.approx(-math.pi / 2)
