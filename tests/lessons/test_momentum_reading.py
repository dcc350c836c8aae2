"""Lesson ``momentum``, Part 1's reading of the sine's average at other periods and βs
(sgdanim/lessons/momentum/signals.py ``_last_reading``): the lag is read after a peak of sin
whose average peaks inside the data, settings the reading cannot be told at are refused, and
the start-up shows only where it is there to see."""

from __future__ import annotations

import numpy as np
import pytest

from tests.lessons.momentum_kit import LESSON
from tests.lessons.momentum_kit import numbers  # noqa: F401 - fixtures


@pytest.mark.parametrize("cycles, points", [(2.25, 100), (1.5, 41), (2.25, 400), (2.5, 100)])
def test_the_lag_is_read_after_a_sin_peak_whose_average_peaks_in_the_data(cycles, points):
    # Over 2.25 periods sin peaks on the last sample, and its average's peak is past the data:
    # the last full cycle's maxima read "-38 samples late". The reading takes the sin peak
    # before it, and the average's peak (a local maximum, inside the data) within the quarter
    # period after it.
    n = LESSON.compute(LESSON.resolve(sets=[f"sin_cycles={cycles}", f"sin_points={points}"]))
    quarter = points / cycles / 4
    for c in (n.main, *n.sweep):
        assert 0 <= c.lag <= quarter + 1
        assert np.sin(n.sin_x[c.sin_peak_index]) > 0.99
        assert 0 < c.peak_index < points - 1
        assert c.ema[c.peak_index - 1] <= c.peak >= c.ema[c.peak_index + 1]


def test_negative_control_the_last_cycles_maxima_read_a_negative_lag():
    # the old reading over 2.25 periods: each series' maximum over the last full cycle
    n = LESSON.compute(LESSON.resolve(sets=["sin_cycles=2.25"]))
    start = round(100 - 100 / 2.25)
    old = [int(np.argmax(c.ema[start:])) - int(np.argmax(n.sin_v[start:])) for c in n.sweep]
    assert old == [-43, -38, -35]
    assert [c.lag for c in n.sweep] == [1, 6, 9]


def test_the_defaults_read_the_last_cycles_maxima(numbers):
    # control for the rule above: at two periods it reads what the last cycle's maxima read
    for c in (numbers.main, *numbers.sweep):
        assert c.peak_index - 50 == int(np.argmax(c.ema[50:]))
        assert c.sin_peak_index - 50 == int(np.argmax(numbers.sin_v[50:]))


@pytest.mark.parametrize("sets, says", [
    (["sin_points=10", "sin_cycles=20"], "sin_points=10 over sin_cycles=20 is 0.5 samples"),
    (["sin_points=10", "sin_cycles=1.5"], "is 6.67 samples a period"),
    (["sin_cycles=1"], "sin_cycles=1.0 must be >= 1.5")])
def test_too_few_samples_or_periods_are_refused(sets, says):
    from sgdanim.core.errors import UsageError
    with pytest.raises(UsageError, match=says):
        LESSON.compute(LESSON.resolve(sets=sets))
    # control: eight a period, over 1.5 periods, is read
    LESSON.compute(LESSON.resolve(sets=["sin_points=12", "sin_cycles=1.5"]))


def test_beta_0_is_refused_where_momentum_would_be_plain_sgd():
    from sgdanim.core.errors import UsageError
    with pytest.raises(UsageError, match=r"beta=0.0 must be > 0"):
        LESSON.resolve(sets=["beta=0"])
    # control: the sweep's betas may hold 0 (one curve of three, sin itself)
    n = LESSON.compute(LESSON.resolve(sets=["betas=0,0.9"]))
    np.testing.assert_array_equal(n.sweep[0].ema, n.sin_v)


def test_the_start_up_shows_only_when_the_first_hump_reads_higher(numbers):
    # β = 0.9's first hump reads 0.71 over a settled 0.64; β = 0.5 forgets m_0 = 0 within a
    # few samples, and both read 0.98
    assert numbers.main.start_up_shows
    fast = numbers.sweep[0]
    assert (f"{fast.first_peak:.2f}", f"{fast.peak:.2f}") == ("0.98", "0.98")
    assert not fast.start_up_shows

    # control: a β that has not settled by the end keeps its start-up in view (0.998: its
    # hump and its 2nd peak both read 0.03, on the way to 0.02)
    slow = LESSON.compute(LESSON.resolve(sets=["beta=0.998"])).main
    assert f"{slow.first_peak:.2f}" == f"{slow.peak:.2f}" and not slow.settled
    assert slow.start_up_shows
