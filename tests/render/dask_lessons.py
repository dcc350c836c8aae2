"""A Dask worker preload for the tests: registers the example lessons (``tiny``) in each
worker process, as ``tests/conftest.py`` does in the test's own process. Workers load it
with ``dask worker --preload tests.render.dask_lessons`` or the ``distributed.worker.preload``
setting (which a local cluster's nanny passes on to the workers it starts, and restarts)."""

from tests.conftest import register_tiny


def dask_setup(worker) -> None:  # noqa: ARG001 - the hook's signature
    register_tiny()
