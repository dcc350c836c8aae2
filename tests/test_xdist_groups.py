"""``make test`` keeps each lesson's shared render and dry run in one test process
(``--dist loadgroup`` and the ``xdist_group`` marks). pytest 9.2 quietly broke that
(pytest-dev/pytest-xdist#1386): every test still passed, and the suite took 21 minutes instead
of 18, rendering each lesson and playing each dry run once per process (docs/performance.md,
"Session 20"). These tests check that the pytest and pytest-xdist installed group, and that
tests/conftest.py's guard sees when they do not.
"""

from __future__ import annotations

import os
import subprocess
import sys
from types import SimpleNamespace

import pytest

from tests.conftest import ungrouped

GROUPED = '''
import os, pathlib, pytest

@pytest.mark.xdist_group("one")
@pytest.mark.parametrize("i", range(4))
def test_grouped(i):
    pathlib.Path(f"grouped-{i}").write_text(os.environ["PYTEST_XDIST_WORKER"])

@pytest.mark.parametrize("i", range(4))
def test_free(i):
    pass
'''


def test_a_group_runs_in_one_test_process(tmp_path):
    """Four tests of one group, among four free ones, all run in the same process (without
    the group, xdist deals eight tests out to both)."""
    (tmp_path / "test_it.py").write_text(GROUPED)
    # Only xdist's plugin: loading every installed one took 15 s of the test's 16.
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-p", "xdist.plugin", "-n", "2", "--dist", "loadgroup", "test_it.py"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]
    workers = {(tmp_path / f"grouped-{i}").read_text() for i in range(4)}
    assert len(workers) == 1, workers


def _item(nodeid: str, group: str | None):
    marker = None if group is None else pytest.mark.xdist_group(group).mark
    return SimpleNamespace(nodeid=nodeid, get_closest_marker=lambda name: marker)


def test_the_guard_names_a_grouped_test_that_lost_its_group():
    items = [_item("t.py::a@frames-x", "frames-x"), _item("t.py::b", None),
             _item("t.py::c", "frames-x")]          # the control: marked, no suffix
    assert ungrouped(items) == ["t.py::c"]
    assert ungrouped(items[:2]) == []
