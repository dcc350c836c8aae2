"""Render one lesson in several processes that share out its animations.

Python draws frames on one core, and x264, fed by one drawing thread, does not keep the second
core busy: a whole 1080p60 render used about 1.45 of 2 cores. So :func:`render_shared` forks
helpers before the scene is built. Every process runs the whole ``construct``. Before each
``play`` a process claims the animation, unless another process already has it; then it skips
it the way manim's ``--from_animation_number`` does, going straight to the animation's end
state. Each process encodes the animations it claimed into its own segment files, and the
first process concatenates every segment in order, as manim concatenates its own.

Once the lesson's parts' lengths are known from an earlier render in the same output folder,
two processes deal out whole parts instead (:func:`front_split`): the helper draws the first
parts and ends its scene where they end, so it never builds or steps through the parts after
them; the first process gets past the helper's parts as past cached ones and draws the rest.

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

__all__ = ["SharedRenderError", "front_split", "render_shared", "share_plays"]


class SharedRenderError(RuntimeError):
    """A helper process failed, so the lesson has no complete set of segments."""


def share_plays(scene, frontier, *, on_play: Callable[[], None] | None = None,
                skip: Callable[[], bool] | None = None,
                owns: Callable[[], bool] | None = None) -> list[int]:
    """Make ``scene`` play only the animations it claims first; returns their indices.

    ``frontier`` is a shared integer: the lowest animation index no process has claimed.
    ``on_play`` runs before each claim (helpers use it to notice that their parent is gone);
    an animation for which ``skip()`` is true is nobody's (a cached part's). With ``owns``,
    the frontier is not used: this process plays exactly the animations ``owns()`` is true
    for (its parts, :func:`front_split`).
    """
    mine: list[int] = []

    def claim(index: int, skipped: bool) -> bool:
        if on_play is not None:
            on_play()
        if skipped or (skip is not None and skip()):
            return False
        if owns is not None:
            if owns():
                mine.append(index)
                return True
            return False
        with frontier.get_lock():
            if index >= frontier.value:
                frontier.value = index + 1
                mine.append(index)
                return True
        return False

    manim_compat.decide_plays(scene, claim)
    return mine


# What getting past a part costs a process that skips it (building its mobjects, stepping
# its animations to their end states), as a share of drawing it: relu-sandwich's first three
# parts cost 15.9 s built and skipped in each process, against about 50 s drawn by two
# (docs/performance.md, session 8).
SKIP_SHARE = 0.2
# The largest share of the work one process may get for the parts to be dealt out whole;
# dealing animations one by one leaves each process every part to build and step through,
# about 0.7 of the work each.
WHOLE_PARTS_AT_MOST = 0.7


def front_split(seconds: list[float | None], drawn: list[int]) -> int | None:
    """The part from which the first process draws, when the helper draws the ones before
    it and stops there; ``None`` to deal out animations one by one instead.

    ``seconds`` is each chosen part's length from an earlier render (None: unknown), and
    ``drawn`` the indices of the parts to draw (not reused). The first process must get past
    the helper's parts (:data:`SKIP_SHARE` of drawing them) before it draws its own; the
    helper never builds the parts after its own. The split is taken when neither process
    gets more than :data:`WHOLE_PARTS_AT_MOST` of the work.

    >>> front_split([10.0, 30.0, 40.0, 20.0], [0, 1, 2, 3])
    2
    >>> front_split([10.0, 90.0], [0, 1]) is None   # no even split: deal animations
    True
    >>> front_split([10.0, None, 40.0], [0, 1, 2]) is None
    True
    """
    if len(drawn) < 2 or any(seconds[i] is None for i in drawn):
        return None
    total = sum(seconds[i] for i in drawn)
    best, first = None, None
    for j in range(1, len(drawn)):
        helper = sum(seconds[i] for i in drawn[:j])
        load = max(helper, SKIP_SHARE * helper + sum(seconds[i] for i in drawn[j:]))
        if best is None or load < best:
            best, first = load, drawn[j]
    return first if total > 0 and best <= WHOLE_PARTS_AT_MOST * total else None


class _Parts:
    """Which part a scene is in (a part listener), for a render whose parts are dealt out
    whole: the helper draws the parts before ``first`` and ends its scene where ``first``
    begins (``stop(first)`` runs just before), the first process draws the rest."""

    def __init__(self, first: int, stop: Callable[[int], None] | None = None):
        self.first, self.stop, self.current = first, stop, None

    def attach(self, scene, helper: bool) -> Callable[[], bool]:
        def begin(index, _clock) -> None:
            self.current = index
            if helper and index == self.first:
                if self.stop is not None:
                    self.stop(index)
                manim_compat.end_scene_early()

        scene.part_listeners = (*scene.part_listeners, begin)
        if helper:
            return lambda: self.current is not None and self.current < self.first
        return lambda: self.current is None or self.current >= self.first


def _helper(make_scene, settings: dict, frontier, conn, parent: int, skip,
            whole: _Parts | None = None) -> None:
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
            mine = share_plays(scene, frontier, on_play=parent_alive, skip=skip and skip(scene),
                               owns=whole and whole.attach(scene, helper=True))
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

    def start(self, make_scene, settings: Callable[[int], dict], count: int, skip,
              whole: _Parts | None = None) -> None:
        for k in range(1, count + 1):
            ours, theirs = self.ctx.Pipe(duplex=False)
            proc = self.ctx.Process(target=_helper, args=(make_scene, settings(k), self.frontier,
                                                          theirs, os.getpid(), skip, whole))
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
                  skip=None, before_concat: Callable[[], None] | None = None,
                  front: int | None = None, helper_stops: Callable[[int], None] | None = None):
    """Render with ``processes`` processes; returns the first process's scene and its movie
    file, which holds every animation. ``scene.claimed_by[i]`` is the process that drew
    animation ``i`` (0 is this one).

    ``make_scene()`` builds the scene (called once in each process, after the fork);
    ``settings(k)`` is manim's config for process ``k``, whose ``media_dir`` must differ
    between processes so that their segment files do. ``skip(scene)``, if given, is a
    predicate no process plays an animation under (a cached part's); ``before_concat()``
    fills in those animations' files once every helper's are back.

    With ``front`` (:func:`front_split`, two processes only) the parts are dealt out whole:
    the helper draws the parts before part ``front`` and stops as it begins
    (``helper_stops(front)`` first), so it never builds the parts after its own; this
    process gets past the helper's parts as past cached ones and draws from ``front`` on.
    """
    from manim import tempconfig

    ctx = multiprocessing.get_context("fork")
    frontier = ctx.Value("q", 0)
    helpers = _Helpers(ctx, frontier)
    try:
        whole = _Parts(front, helper_stops) if front is not None and processes == 2 else None
        helpers.start(make_scene, settings, processes - 1, skip, whole)
        with tempconfig(settings(0)):
            scene = make_scene()
            mine = share_plays(scene, frontier, on_play=helpers.fail_fast,
                               skip=skip and skip(scene),
                               owns=whole and whole.attach(scene, helper=False))
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
