"""Render one lesson in several processes that share out its animations.

Python draws frames on one core, and x264, fed by one drawing thread, does not keep the second
core busy: a whole 1080p60 render used about 1.45 of 2 cores. So :func:`render_shared` forks
helpers before the scene is built. Every process runs the whole ``construct``. Before each
``play`` a process claims the animation, unless another process already has it; then it skips
it the way manim's ``--from_animation_number`` does, going straight to the animation's end
state. Each process encodes the animations it claimed into its own segment files, and the
first process concatenates every segment in order, as manim concatenates its own.

Two things make every process's scene agree with a one-process render:

- Skipping must leave the scene as playing would. The lessons' updaters are functions of
  state (trackers, indices), never of the ``dt`` they are called with.
- manim moves the clock of a skipped animation on by its ``run_time``, but a played one's by
  whole frames. :func:`~sgdanim.render.manim_compat.decide_plays` moves a skipped one's clock by
  the frames it would have had, so captions and marks fall on the same frames in every process.

``tests/frames/test_split.py`` checks that every lesson comes out byte for byte the same as
from one process; ``tests/render/test_split.py`` checks the mechanics and that the comparison
can fail. The hooks into manim's renderer and file writer live in
:mod:`sgdanim.render.manim_compat`; manim is only imported by the functions that render.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable

from . import manim_compat

__all__ = ["SharedRenderError", "render_shared", "share_plays"]


class SharedRenderError(RuntimeError):
    """A helper process failed, so the lesson has no complete set of segments."""


def share_plays(scene, frontier, *, on_play: Callable[[], None] | None = None,
                skip: Callable[[], bool] | None = None) -> list[int]:
    """Make ``scene`` play only the animations it claims first; returns their indices.

    ``frontier`` is a shared integer: the lowest animation index no process has claimed.
    ``on_play`` runs before each claim (helpers use it to notice that their parent is gone);
    an animation for which ``skip()`` is true is nobody's (a cached part's).
    """
    mine: list[int] = []

    def claim(index: int, skipped: bool) -> bool:
        if on_play is not None:
            on_play()
        if skipped or (skip is not None and skip()):
            return False
        with frontier.get_lock():
            if index >= frontier.value:
                frontier.value = index + 1
                mine.append(index)
                return True
        return False

    manim_compat.decide_plays(scene, claim)
    return mine


def _helper(make_scene, settings: dict, frontier, conn, parent: int, skip) -> None:
    """A helper process: render the claimed animations, send back their segment files."""
    os.dup2(2, 1)  # the CLI's stdout carries file paths only
    sys.stdout = sys.stderr
    try:
        from manim import tempconfig

        def parent_alive() -> None:
            if os.getppid() != parent:  # the render this helper worked for was killed
                os._exit(3)

        with tempconfig(settings):
            scene = make_scene()
            mine = share_plays(scene, frontier, on_play=parent_alive, skip=skip and skip(scene))
            # The first process concatenates; a helper only finishes encoding its segments.
            manim_compat.replace_concatenation(scene, lambda concatenate: None)
            scene.render()
            files = manim_compat.segment_files(scene)
            conn.send(("ok", {i: files[i] for i in mine}))
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises
        conn.send(("error", f"{type(error).__name__}: {error}", traceback.format_exc()))
    finally:
        conn.close()


class _Helpers:
    """The helper processes of one render (numbered from 1) and what each sent back."""

    def __init__(self, ctx, frontier):
        self.ctx, self.frontier = ctx, frontier
        self.started: list[tuple] = []  # (process, our end of its pipe)
        self.replies: dict[int, tuple] = {}

    def start(self, make_scene, settings: Callable[[int], dict], count: int, skip) -> None:
        for k in range(1, count + 1):
            ours, theirs = self.ctx.Pipe(duplex=False)
            proc = self.ctx.Process(target=_helper, args=(make_scene, settings(k), self.frontier,
                                                          theirs, os.getpid(), skip))
            proc.start()
            theirs.close()
            self.started.append((proc, ours))

    def numbers(self) -> range:
        return range(1, len(self.started) + 1)

    def reply(self, k: int, wait: bool) -> tuple | None:
        """Helper ``k``'s reply, once it has sent one (``wait``: until it does)."""
        proc, conn = self.started[k - 1]
        if k not in self.replies and conn.poll(None if wait else 0):
            try:
                self.replies[k] = conn.recv()
            except EOFError:  # it died without a word
                self.replies[k] = ("error", f"exit status {proc.exitcode}", "")
        return self.replies.get(k)

    def fail_fast(self) -> None:
        """Raise if a helper has already failed (the first process checks before each play)."""
        for k in self.numbers():
            reply = self.reply(k, wait=False)
            if reply is not None:
                _raise_if_failed(reply)

    def segments(self, k: int) -> dict[int, str]:
        """Wait for helper ``k``; its segment file for each animation it drew."""
        files = _raise_if_failed(self.reply(k, wait=True))
        self.started[k - 1][0].join()
        return files

    def stop(self) -> None:
        for proc, _ in self.started:
            if proc.is_alive():
                proc.kill()
            proc.join()


def render_shared(make_scene, settings: Callable[[int], dict], processes: int, *,
                  skip=None, before_concat: Callable[[], None] | None = None):
    """Render with ``processes`` processes; returns the first process's scene and its movie
    file, which holds every animation. ``scene.claimed_by[i]`` is the process that drew
    animation ``i`` (0 is this one).

    ``make_scene()`` builds the scene (called once in each process, after the fork);
    ``settings(k)`` is manim's config for process ``k``, whose ``media_dir`` must differ
    between processes so that their segment files do. ``skip(scene)``, if given, is a
    predicate no process plays an animation under (a cached part's); ``before_concat()``
    fills in those animations' files once every helper's are back.
    """
    from manim import tempconfig

    ctx = multiprocessing.get_context("fork")
    frontier = ctx.Value("q", 0)
    helpers = _Helpers(ctx, frontier)
    try:
        helpers.start(make_scene, settings, processes - 1, skip)
        with tempconfig(settings(0)):
            scene = make_scene()
            mine = share_plays(scene, frontier, on_play=helpers.fail_fast,
                               skip=skip and skip(scene))
            manim_compat.replace_concatenation(
                scene, lambda concatenate: _gather(scene, mine, helpers, concatenate,
                                                   before_concat))
            scene.render()
            return scene, manim_compat.movie_path(scene)
    finally:
        helpers.stop()


def _gather(scene, mine: list[int], helpers: _Helpers, concatenate: Callable[[], None],
            before_concat: Callable[[], None] | None) -> None:
    """Put every helper's segments in the first process's list, then concatenate them all."""
    files = manim_compat.segment_files(scene)
    scene.claimed_by = [0 if i in mine else None for i in range(len(files))]
    for k in helpers.numbers():
        for index, path in helpers.segments(k).items():
            files[index] = path
            scene.claimed_by[index] = k
    if before_concat is not None:
        before_concat()
    missing = [i for i, p in enumerate(files) if p is None]
    if missing:
        raise SharedRenderError(f"no segment for animations {missing[:5]}")
    concatenate()


def _raise_if_failed(reply) -> dict:
    if reply[0] != "ok":
        error = SharedRenderError(f"render helper failed: {reply[1]}")
        if hasattr(error, "add_note"):  # Python 3.11+; --debug shows it with the traceback
            error.add_note(f"the helper's traceback:\n{reply[2]}")
        raise error
    return reply[1]
