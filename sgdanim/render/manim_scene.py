"""What a scene has played, read and advanced through manim's public renderer and file writer.

:mod:`sgdanim.render.manim_compat` keeps everything that touches manim's private names or
patches it; this module only uses attributes manim documents on a scene's ``renderer``
(``num_plays``, ``time``, ``file_writer``) and its writer (``partial_movie_files``,
``subcaptions``, ``combine_files``), and the test that guards manim_compat's monopoly scans it
like any other file.
:func:`replay_plays` and the caption helpers are how a part reused from the part cache is
replayed from its record instead of being built and played (:mod:`sgdanim.render.parts`).
Nothing imports manim at module level.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import numpy as np

__all__ = ["caption_count", "captions_since", "clock_after", "end_scene_early",
           "finish_segments", "join_segments", "movie_path", "played_seconds", "plays_so_far",
           "replay_captions", "replay_plays", "segment_files"]

_MICROSECOND = datetime.timedelta(microseconds=1)


def plays_so_far(scene) -> int:
    """How many animations the scene has begun: the index of the next one."""
    return scene.renderer.num_plays


def finish_segments(scene) -> None:
    """Wait until every segment begun so far is encoded and closed."""
    scene.renderer.file_writer.join_all_encode_jobs()


def segment_files(scene) -> list[str | None]:
    """The scene's segment files, one per animation (None for one not written), in order.
    This is the file writer's own list: what is put in it gets concatenated."""
    return scene.renderer.file_writer.partial_movie_files


def replay_plays(scene, plays: int, clock: float) -> None:
    """Count ``plays`` more animations as played, without building or running them, and set
    the clock to ``clock``. Each gets an empty place in :func:`segment_files`, as an animation
    manim skips does, for the part cache to fill with its stored file."""
    renderer = scene.renderer
    for _ in range(plays):
        renderer.file_writer.add_partial_movie_file(None)
        renderer.animations_hashes.append(None)
    renderer.num_plays += plays
    renderer.time = clock


def clock_after(scene, start: float, frame_rate: float) -> float:
    """The renderer's clock after playing the scene's current animation from ``start``: manim
    adds ``dt`` per drawn frame, or frames × ``dt`` at once for a frozen frame, and the floats
    only agree to the last bit if they are summed the same way."""
    dt = 1 / frame_rate
    if scene.is_current_animation_frozen_frame():  # a Wait with nothing moving
        return start + int(scene.duration / dt) * dt
    for _ in np.arange(0, scene.duration, 1 / frame_rate):
        start += dt
    return start


def caption_count(scene) -> int:
    """How many subcaptions the scene has written so far."""
    return len(scene.renderer.file_writer.subcaptions)


def captions_since(scene, first: int) -> list[list]:
    """Subcaptions ``first``... as ``[start µs, end µs, text]``: whole microseconds, which is
    what the writer holds, so :func:`replay_captions` puts back exactly the same entries."""
    return [[s.start // _MICROSECOND, s.end // _MICROSECOND, s.content]
            for s in scene.renderer.file_writer.subcaptions[first:]]


def replay_captions(scene, entries) -> None:
    """Append subcaptions recorded by :func:`captions_since`, as ``Scene.add_subcaption`` would."""
    import srt

    found = scene.renderer.file_writer.subcaptions
    for start, end, text in entries:
        found.append(srt.Subtitle(index=len(found), content=text,
                                  start=datetime.timedelta(microseconds=start),
                                  end=datetime.timedelta(microseconds=end)))


def join_segments(scene, files: list[str], path: Path) -> None:
    """Join segment ``files`` into one movie at ``path`` with no re-encode, by the writer's own
    concatenation (``combine_files``), so that joining joined movies gives what joining all
    their segments gives."""
    scene.renderer.file_writer.combine_files(files, Path(path))


def movie_path(scene) -> Path:
    """The movie a rendered scene wrote."""
    return Path(scene.renderer.file_writer.movie_file_path)


def played_seconds(scene) -> float:
    """The scene's clock at the end of its render: the video's length in seconds."""
    return float(scene.renderer.time)


def end_scene_early() -> None:
    """End the scene's ``construct`` here, as manim ends it at ``--upto_animation_number``:
    what played so far is finished and written, and nothing after it is built."""
    from manim.utils.exceptions import EndSceneEarlyException

    raise EndSceneEarlyException()
