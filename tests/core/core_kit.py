"""What the unit and property tests of the numeric core share (tests/core/test_models.py,
test_optimizers.py, test_trajectory.py, test_analysis.py): the spreadsheet's data set and
Hypothesis's settings for their property tests."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from sgdanim.core import data


SHEET = data.spreadsheet()
fast = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
