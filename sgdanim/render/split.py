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
  whole frames. :func:`_clock_after` moves a skipped one's clock by the frames it would have
  had, so captions and marks fall on the same frames in every process.

``tests/frames/test_split.py`` checks that every lesson comes out byte for byte the same as
from one process; ``tests/render/test_split.py`` checks the mechanics and that the comparison
can fail.
manim is only imported by the functions that render, like the rest of the render pipeline.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import numpy as np

__all__ = ["SharedRenderError", "render_shared", "share_plays"]


class SharedRenderError(RuntimeError):
    """A helper process failed, so the lesson has no complete set of segments."""


def _clock_after(scene, start: float, frame_rate: float) -> float:
    """The renderer's clock after playing the scene's current animation from ``start``: manim
    adds ``dt`` per drawn frame, or frames × ``dt`` at once for a frozen frame, and the floats
    only agree to the last bit if they are summed the same way."""
    dt = 1 / frame_rate
    if scene.is_current_animation_frozen_frame():  # a Wait with nothing moving
        return start + int(scene.duration / dt) * dt
    for _ in np.arange(0, scene.duration, 1 / frame_rate):
        start += dt
    return start


def share_plays(scene, frontier, *, on_play: Callable[[], None] | None = None) -> list[int]:
    """Make ``scene`` play only the animations it claims first; returns their indices.

    ``frontier`` is a shared integer: the lowest animation index no process has claimed.
    ``on_play`` runs before each claim (helpers use it to notice that their parent is gone).
    """
    renderer = scene.renderer
    update_skipping = renderer.update_skipping_status
    play = renderer.play
    mine: list[int] = []

    def claim_or_skip() -> None:
        update_skipping()
        if on_play is not None:
            on_play()
        if renderer.skip_animations:
            return
        with frontier.get_lock():
            if renderer.num_plays >= frontier.value:
                frontier.value = renderer.num_plays + 1
                mine.append(renderer.num_plays)
                return
        renderer.skip_animations = True

    def play_on_whole_frames(scene_, *args, **kwargs) -> None:
        start = renderer.time
        play(scene_, *args, **kwargs)
        if renderer.skip_animations:
            if getattr(scene_, "stop_condition", None) is not None:
                raise SharedRenderError("wait_until cannot be skipped: its length depends on "
                                        "the frames drawn")
            renderer.time = _clock_after(scene_, start, renderer.camera.frame_rate)

    def draw_unless_skipping(*args, **kwargs) -> None:
        # manim paints a skipped animation's static frame anyway; nothing here is written.
        if not renderer.skip_animations:
            draw(*args, **kwargs)

    draw = renderer.update_frame
    renderer.update_skipping_status = claim_or_skip
    renderer.play = play_on_whole_frames
    renderer.update_frame = draw_unless_skipping
    return mine


def _helper(make_scene, settings: dict, frontier, conn, parent: int) -> None:
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
            mine = share_plays(scene, frontier, on_play=parent_alive)
            writer = scene.renderer.file_writer
            # The first process concatenates; a helper only finishes encoding its segments.
            writer.combine_to_movie = lambda: None
            scene.render()
            conn.send(("ok", {i: writer.partial_movie_files[i] for i in mine}))
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises
        conn.send(("error", f"{type(error).__name__}: {error}", traceback.format_exc()))
    finally:
        conn.close()


def render_shared(make_scene, settings: Callable[[int], dict], processes: int):
    """Render with ``processes`` processes; returns the first process's scene and its movie
    file, which holds every animation. ``scene.claimed_by[i]`` is the process that drew
    animation ``i`` (0 is this one).

    ``make_scene()`` builds the scene (called once in each process, after the fork);
    ``settings(k)`` is manim's config for process ``k``, whose ``media_dir`` must differ
    between processes so that their segment files do.
    """
    from manim import tempconfig

    ctx = multiprocessing.get_context("fork")
    frontier = ctx.Value("q", 0)
    helpers = []
    try:
        for k in range(1, processes):
            ours, theirs = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_helper, args=(make_scene, settings(k), frontier, theirs,
                                                     os.getpid()))
            proc.start()
            theirs.close()
            helpers.append((proc, ours))

        replies: dict[int, tuple] = {}

        def reply_of(k: int, wait: bool) -> tuple | None:
            proc, conn = helpers[k]
            if k not in replies and conn.poll(None if wait else 0):
                try:
                    replies[k] = conn.recv()
                except EOFError:  # it died without a word
                    replies[k] = ("error", f"exit status {proc.exitcode}", "")
            return replies.get(k)

        def fail_fast() -> None:
            for k in range(len(helpers)):
                reply = reply_of(k, wait=False)
                if reply is not None:
                    _raise_if_failed(reply)

        with tempconfig(settings(0)):
            scene = make_scene()
            mine = share_plays(scene, frontier, on_play=fail_fast)
            writer = scene.renderer.file_writer
            combine = writer.combine_to_movie

            def combine_everything() -> None:
                scene.claimed_by = [0 if i in mine else None
                                    for i in range(len(writer.partial_movie_files))]
                for k, (proc, _) in enumerate(helpers, start=1):
                    for index, path in _raise_if_failed(reply_of(k - 1, wait=True)).items():
                        writer.partial_movie_files[index] = path
                        scene.claimed_by[index] = k
                    proc.join()
                missing = [i for i, p in enumerate(writer.partial_movie_files) if p is None]
                if missing:
                    raise SharedRenderError(f"no segment for animations {missing[:5]}")
                combine()

            writer.combine_to_movie = combine_everything
            scene.render()
            return scene, Path(writer.movie_file_path)
    finally:
        for proc, _ in helpers:
            if proc.is_alive():
                proc.kill()
            proc.join()


def _raise_if_failed(reply) -> dict:
    if reply[0] != "ok":
        error = SharedRenderError(f"render helper failed: {reply[1]}")
        if hasattr(error, "add_note"):  # Python 3.11+; --debug shows it with the traceback
            error.add_note(f"the helper's traceback:\n{reply[2]}")
        raise error
    return reply[1]
