"""A Dask worker preload for the tests: registers the example lessons (``tiny``) in each
worker process, as ``tests/conftest.py`` does in the test's own process. Workers load it
with ``dask worker --preload tests.render.dask_lessons`` or the ``distributed.worker.preload``
setting (which a local cluster's nanny passes on to the workers it starts, and restarts).

With ``SGDANIM_TEST_PART_PAUSE=SECONDS`` in its environment a worker also pauses that long
at the start of the part it draws, so a test can kill it in the middle of the part (at test
quality a part takes a fraction of a second). Only the timing changes, never a frame.
"""

import os
import time

from tests.conftest import register_tiny


def _pause_in_own_part() -> None:
    from sgdanim.render.distributed import OnePart

    pause = float(os.environ["SGDANIM_TEST_PART_PAUSE"])
    begin_part = OnePart.begin_part

    def begin_and_pause(self, index, clock):
        begin_part(self, index, clock)
        if index is not None and index == self.only:
            time.sleep(pause)

    OnePart.begin_part = begin_and_pause


def dask_setup(worker) -> None:  # noqa: ARG001 - the hook's signature
    register_tiny()
    if os.environ.get("SGDANIM_TEST_PART_PAUSE"):
        _pause_in_own_part()
