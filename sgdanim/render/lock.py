"""One render of a clip at a time: a lock file per cache key, ``<out>/.cache/<key>.lock``.

A second ``sgdanim render`` of a clip that another is already rendering into the same output
folder says "waiting for another render of …" on stderr, waits, and then finds the clip in
the cache instead of doing the whole work again.

The lock is ``flock`` on the file. The kernel lets go of it when its holder exits, however it
exits, so a render that was killed leaves no lock to clear: its leftover file is simply taken
by the next render. The holder removes the file while it still holds the lock, and a waiter
checks that the file it locked is still the one at the path, else it tries again; so two
renders never both hold a key.

Examples
--------
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> with hold(folder, "abc", "tiny-test") as waited:
...     sorted(p.name for p in folder.iterdir()), waited
(['abc.lock'], False)
>>> sorted(p.name for p in folder.iterdir())
[]
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import signal
import sys
import time
from pathlib import Path

from .cache import CACHE_DIR


def _say(message: str) -> None:
    print(f"sgdanim: {message}", file=sys.stderr, flush=True)


def _holder(fd: int, patience: float = 0.5) -> str:
    """' (pid N)' from the lock file the holder writes its pid into once it holds the lock;
    '' if it has not within ``patience`` seconds (a waiter that came in between the holder's
    lock and its write read an empty file, and said no pid: seen in CI)."""
    deadline = time.monotonic() + patience
    while True:
        text = os.pread(fd, 32, 0).decode(errors="replace").strip()
        if text.isdigit() or time.monotonic() > deadline:
            return f" (pid {text})" if text.isdigit() else ""
        time.sleep(0.01)


def _still_at(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False


def _acquire(path: Path, label: str) -> tuple[int, bool]:
    """Open and lock ``path``; returns the descriptor and whether another render held it."""
    waited = False
    while True:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not waited:
                    _say(f"waiting for another render of {label}{_holder(fd)}")
                waited = True
                fcntl.flock(fd, fcntl.LOCK_EX)
            if _still_at(fd, path):
                return fd, waited
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the holder removed the file as it finished: lock the new one


@contextlib.contextmanager
def hold(folder: Path, key: str, label: str):
    """Hold cache key ``key``'s lock in ``folder`` (waiting for another holder, and saying so);
    yields whether it had to wait."""
    path = Path(folder) / f"{key}.lock"
    fd, waited = _acquire(path, label)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield waited
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        os.close(fd)


def one_render_per_key(make_entry):
    """Wrap ``make_entry(job)`` so it runs under its clip's lock. A ``--force`` render that
    waited for another render of the clip takes that render's fresh entry as its own."""

    @functools.wraps(make_entry)
    def locked(job: dict) -> dict:
        root = Path(job["out"]) / CACHE_DIR
        since = time.time()
        with hold(root, job["key"], f"{job['lesson']}-{job['quality']}") as waited:
            if waited and job["force"]:
                with contextlib.suppress(OSError):
                    if (root / job["key"] / "meta.json").stat().st_mtime >= since:
                        job = {**job, "force": False}
            return make_entry(job)

    return locked


@contextlib.contextmanager
def interrupts_held():
    """Hold Ctrl-C (SIGINT) and SIGTERM until the block ends, then act on them: for steps
    that must finish together, like publishing a clip's files, where each file is renamed into
    place atomically but a stop between two renames would leave an mp4 of one render beside a
    sidecar of another. The block must be short; outside the main thread nothing is held.

    >>> before = signal.getsignal(signal.SIGINT)   # a background job's is SIG_IGN
    >>> with interrupts_held():
    ...     held = signal.getsignal(signal.SIGINT) is not before
    >>> held, signal.getsignal(signal.SIGINT) is before
    (True, True)
    """
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {sig: signal.signal(sig, lambda number, frame: caught.append(number))
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if caught:
            signal.raise_signal(caught[0])
