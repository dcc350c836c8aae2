"""``sgdanim watch LESSON``: render a preview, then render it again whenever the ``--config``
file or the lesson's own source changes, printing the fresh files' paths on stdout.

Each render goes through the same pipeline as ``sgdanim render``, so only the parts whose
inputs changed are drawn again (:mod:`sgdanim.render.parts`). A config that stops parsing is
reported in one line and watched on; only the first one must be good (else exit 2). Ctrl-C
stops the watch with exit status 0, even in the middle of a render: every output is written
to a temporary name and renamed (:mod:`sgdanim.render.cache`), and the render's work folder
and helper processes are removed on the way out, so nothing half-written is left.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import math
import os
import signal
import sys
import time
from pathlib import Path

from ..core.errors import UsageError
from .options import add_clip_options, expand_parts

__all__ = ["add_watch_parser", "ctrl_c_remembered", "snapshot", "stamps"]

# How often the watched files are looked at (a stat each), and how often their bytes are read
# even when no stat moved (a file system whose times are coarser than an edit). An edit
# starts its render 0.1–0.2 s later (at 0.3 s polls: about 0.6 s, a ninth of a one-part
# re-render of overshoot at 480p).
POLL_SECONDS = 0.1
READ_EVERY_SECONDS = 1.0


def add_watch_parser(sub) -> None:
    p = sub.add_parser(
        "watch", help="render a lesson again whenever its config file or source changes",
        description="Render LESSON, then again each time --config FILE or the lesson's source "
                    "changes. stdout lists the files written by each render; Ctrl-C stops.")
    p.add_argument("lesson", metavar="LESSON", help="a lesson id (see sgdanim list)")
    add_clip_options(p)
    p.add_argument("--poll", type=float, default=POLL_SECONDS, help=argparse.SUPPRESS)
    p.set_defaults(func=_run_watch, lessons=None, all=False, from_=[], jobs=1, force=False)


def snapshot(paths) -> dict[str, str | None]:
    """What the watched files hold now: a hash of each one's bytes (None if missing).

    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "a.toml"
    >>> before = snapshot([f]); _ = f.write_text("[tiny]"); before == snapshot([f])
    False
    """
    return _each(paths, lambda path: hashlib.sha256(Path(path).read_bytes()).hexdigest())


@contextlib.contextmanager
def ctrl_c_remembered():
    """Within the block Ctrl-C (SIGINT) raises KeyboardInterrupt as usual, and is also
    remembered: yields a list that holds the signal once one came.

    Python runs a signal's handler wherever the main thread happens to be. When that is a
    weakref or garbage-collector callback, the KeyboardInterrupt is printed ("Exception ignored
    in ...") and dropped, and a watch would carry on forever (seen in CI, and in about 1 stop
    in 30 here). The watch's loop checks the list, so a dropped Ctrl-C still stops it.

    >>> before = signal.getsignal(signal.SIGINT)   # a background job's is SIG_IGN
    >>> with ctrl_c_remembered() as pressed:
    ...     try:
    ...         signal.raise_signal(signal.SIGINT)
    ...     except KeyboardInterrupt:
    ...         pass
    >>> pressed, signal.getsignal(signal.SIGINT) is before
    ([2], True)
    """
    pressed: list[int] = []

    def remember(number, frame):
        pressed.append(number)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, remember)
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, previous)


def _stop_if(pressed: list[int]) -> None:
    if pressed:
        raise KeyboardInterrupt


def _watched(args, lesson) -> list[Path]:
    from .cache import source_files

    return ([Path(args.config)] if args.config else []) + source_files(lesson)


def stamps(paths) -> dict[str, tuple | None]:
    """What a poll compares, without reading the files: each one's modification and change
    times, size and inode (an editor that saves by renaming makes a new one); None if missing.

    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "a.toml"
    >>> before = stamps([f]); _ = f.write_text("[tiny]"); before == stamps([f])
    False
    """
    return _each(paths, _stamp)


def _stamp(path) -> tuple:
    st = os.stat(path)
    return st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino


def _each(paths, look) -> dict:
    """``look(path)`` for each path, by its name; None where it cannot be read (missing)."""
    found = {}
    for path in paths:
        try:
            found[str(path)] = look(path)
        except OSError:
            found[str(path)] = None
    return found


def _wait_for_change(args, lesson, seen: dict, pressed: list[int]) -> None:
    """Return once the watched files' bytes differ from ``seen`` and their stamps have held
    still for one poll (an editor may write a file in more than one go); raise
    KeyboardInterrupt once Ctrl-C was ``pressed``, even if the one it raised was dropped.
    The bytes are read when the stamps have moved since the last read, or a second after it."""
    paths = _watched(args, lesson)
    now, read, read_at = stamps(paths), None, -math.inf
    while True:
        _stop_if(pressed)
        time.sleep(args.poll)
        later = stamps(paths)
        if later == now and (later != read or time.monotonic() - read_at >= READ_EVERY_SECONDS):
            if snapshot(paths) != seen:
                return
            read, read_at = later, time.monotonic()
        now = later


def _render_once(args, outs: set) -> None:
    """One render of the watched lesson; adds the output folders it writes to ``outs``."""
    from ..lessons import all_lessons
    from .options import make_clips
    from .plan import plan

    clips = plan(args, all_lessons())
    outs.update(clip.out for clip in clips)
    for path in make_clips(clips, args):
        print(path, flush=True)


def _remove_own_workdirs(out: Path) -> None:
    """Remove this process's render work folders under ``out``'s cache, on the way out of a
    watch stopped mid-render. Its render removed its own already; an empty ``manim/texts``
    was once found made in it after that, in CI on a loaded machine (cause not found)."""
    from .cache import CACHE_DIR, owner_pid, remove_workdir

    tmp = Path(out) / CACHE_DIR / "tmp"
    for path in tmp.iterdir() if tmp.is_dir() else ():
        if path.is_dir() and owner_pid(path.name) == os.getpid():
            remove_workdir(path)


def _run_watch(args) -> int:
    from ..lessons import get
    from .jobs import RenderError
    from .manim_compat import check_version

    check_version()
    expand_parts(args)
    args.lessons = [args.lesson]
    lesson = get(args.lesson)
    first, outs = True, set()
    try:
        with ctrl_c_remembered() as pressed:
            while True:
                seen = snapshot(_watched(args, lesson))
                try:
                    _render_once(args, outs)
                except (UsageError, RenderError) as error:
                    if first:
                        raise
                    print(f"sgdanim: watch: {error}", file=sys.stderr, flush=True)
                first = False
                _stop_if(pressed)
                print(f"sgdanim: watching {args.config or lesson.id + ' source'}; Ctrl-C stops",
                      file=sys.stderr, flush=True)
                _wait_for_change(args, lesson, seen, pressed)
    except KeyboardInterrupt:
        for out in outs:        # nothing of this process's renders is left behind
            _remove_own_workdirs(out)
        print("sgdanim: watch: stopped", file=sys.stderr, flush=True)
        return 0
