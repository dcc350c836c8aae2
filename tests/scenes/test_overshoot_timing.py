"""When the ``overshoot`` scene's rows move, from a dry run of the lesson (no frame drawn): the
pair's rows move from the lesson's first seconds, and the climb's rows are each up long enough to
read."""

import pytest
from tests.scenes.overshoot_kit import numbers  # noqa: F401 - fixtures


# When the rows move: the pair's curve from the first frame, the climb's rows held to read ----

TRACKERS = ("question_row", "thread_row")


@pytest.fixture(scope="module")
def rows_in_time(manim_tmp):
    """Each part's row tracker as ``(scene time, row)`` at every play's start and end of the
    lesson played with no frame drawn (a wait is a play too): its rows move linearly between
    them, so these points are the whole of it."""
    from sgdanim.render.dry_run import play_dry
    seen = {name: [] for name in TRACKERS}

    def watch(scene):
        play = scene.play

        def noted(*args, **kwargs):
            before = (float(scene.time), {n: getattr(scene, n).get_value() for n in TRACKERS
                                          if hasattr(scene, n)})
            result = play(*args, **kwargs)
            for name, value in before[1].items():
                after = getattr(scene, name).get_value()
                seen[name] += [(before[0], value), (float(scene.time), after)]
            return result
        scene.play = noted

    play_dry("overshoot", watch=watch)
    return seen


def reaches(points, value: float) -> float | None:
    """The time the tracker first reaches ``value`` (the readout shows row r from then on)."""
    for (t0, v0), (t1, v1) in zip(points, points[1:]):
        if v0 < value <= v1:
            return t0 + (t1 - t0) * (value - v0) / (v1 - v0)
    return None


def held(points, r: int) -> float:
    return reaches(points, r + 1) - reaches(points, r)


def test_the_climbs_rows_are_each_up_long_enough_to_read(numbers, rows_in_time):
    """The thread's readout (a, c, a² + c²) shows each row of the climb but its last for at
    least 1.5 s (control: the calm rows, run through in seconds, are up a fraction of that)."""
    th, points = numbers.thread, rows_in_time["thread_row"]
    assert (th.climb_from, th.kept) == (24, 27)
    for r in range(th.climb_from, th.kept):
        assert held(points, r) >= 1.5, r
    assert held(points, 10) < 0.5


def test_the_pairs_rows_move_from_the_lessons_first_seconds(numbers, rows_in_time):
    """The opening's violet curve moves from the lesson's first frame and all through its
    first 3 s, then climbs to its last row (control: the thread part's rows stand still
    while its grey steps are drawn, the measure sees that)."""
    points = rows_in_time["question_row"]
    assert points[0][0] == 0 and reaches(points, 1) < 0.5 and reaches(points, 15) < 3.0
    assert max(v for _, v in points) == numbers.thread.kept
    thread = rows_in_time["thread_row"]
    assert reaches(thread, 1) - thread[0][0] > 1.0
