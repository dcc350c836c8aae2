"""Render a lesson with manim under ``tempconfig``, so one render's config never leaks.

:func:`render_scene` renders one lesson to a folder (frame tests use it directly).
The ``sgdanim render`` command lives in :mod:`sgdanim.render.command`. manim is imported only
when something must be rendered, so a cached request stays fast.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..core.params import Params
from ..lessons import get as get_lesson
from . import manim_compat
from .plan import QUALITIES
from .split import front_split, render_shared

__all__ = ["QUALITIES", "Rendered", "render_scene"]



def shared_asset_folders(width: int, height: int) -> dict[str, str]:
    """The folders of SVGs manim caches by content hash, shared between renders: LaTeX's, and
    Pango's per frame size. manim names a Text's SVG without the frame size Pango laid it out
    in, so a title that wraps at 256 px would come back wrapped at 854 px; one folder per size
    keeps every render the same as a render from scratch.

    >>> shared_asset_folders(854, 480)
    {'tex_dir': 'tex', 'text_dir': 'texts/854x480'}
    """
    return {"tex_dir": "tex", "text_dir": f"texts/{width}x{height}"}

# Animations whose segments may still be encoding while the next one renders, in all of a
# lesson's processes together (each has its own encoders; a split render with 2 each beat
# 4 each, and holds 1.4-1.8 GB instead of 2.7 GB at 1080p).
INFLIGHT_ENCODERS = 4


def tune_the_allocator(fill: int | None = 0x55) -> None:
    """Have glibc reuse freed frame buffers, and hand every block out filled with ``fill``.

    A 1080p RGBA frame is 8 MB, above glibc's mmap threshold, so each one manim copies out
    for the encoder was a fresh mapping: page faults and zeroed pages, every frame (stepping
    at 1080p60: 15-19 s of system time, 7-11 s with this, docs/performance.md).

    A reused block holds what its last owner left, and the encoder reads a few bytes it never
    writes (the rows' padding, at widths that are not a multiple of 16: 854 at 480p). Those
    bytes changed x264's choices between equal-looking blocks, so the same frames made
    different packets from one render to the next. ``fill`` makes them the same every time
    (about 9% more CPU at 480p, docs/performance.md "Session 9"); None leaves blocks as they
    were, for tests/render/test_scene.py's negative control.
    """
    mallopt = _mallopt()
    if mallopt is None:  # not glibc: leave the allocator alone
        return
    mallopt(_M_MMAP_THRESHOLD, 32 * 2**20)  # glibc's largest; a 4k frame (33 MB) stays mmapped
    mallopt(_M_TRIM_THRESHOLD, 1 * 2**30)
    mallopt(_M_PERTURB, 0 if fill is None else fill)  # 0: off


def untune_the_allocator() -> None:
    """Give the process glibc's defaults back once a clip is made and published, as far as
    they can be: no fill (it costs every later allocation CPU: a notebook's, a server's) and
    the default trim threshold (free memory goes back to the system again). The mmap
    threshold stays at 32 MB: setting it switched off glibc's rule that raises it as large
    blocks are freed, up to that same 32 MB, and nothing switches that rule on again."""
    mallopt = _mallopt()
    if mallopt is not None:
        mallopt(_M_PERTURB, 0)
        mallopt(_M_TRIM_THRESHOLD, 128 * 2**10)


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD, _M_PERTURB = -1, -3, -6  # from malloc.h


def _mallopt():
    """glibc's ``mallopt``, or None where the C library has none."""
    import ctypes
    import ctypes.util

    try:
        return ctypes.CDLL(ctypes.util.find_library("c")).mallopt
    except (OSError, AttributeError, TypeError):
        return None


@dataclass
class Rendered:
    video: Path
    captions: Path | None
    scene: object  # the LessonScene that drew it; its axes and timeline stay inspectable


def seed_assets(shared: Path, private: Path) -> None:
    """Copy every cached SVG into this render's own folder, so manim skips LaTeX and Pango
    for them. Copies, not hard links: building a ``Text`` rewrites its SVG in place
    (manimpango's ``remove_last_M``), and two renders rewriting one file at once can leave
    it empty for good."""
    private.mkdir(parents=True, exist_ok=True)
    if shared.is_dir():
        for path in shared.glob("*.svg"):
            if not (private / path.name).exists():  # else seeded by an earlier render here
                shutil.copyfile(path, private / path.name)


def share_assets(private: Path, shared: Path) -> None:
    from .cache import place_atomic

    shared.mkdir(parents=True, exist_ok=True)
    for path in private.glob("*.svg"):
        if not (shared / path.name).exists():
            place_atomic(path, shared / path.name)


def render_scene(lesson_id: str, params: Params | None, quality: str, media_dir: Path,
                 name: str | None = None, *, shared_assets: Path | None = None,
                 meter=None, verbosity: str = "WARNING", processes: int = 1,
                 encoder: str | None = None, parts=None, narrator=None,
                 part_seconds: list | None = None) -> Rendered:
    """Render one lesson to ``media_dir``; returns the mp4, the srt (if any) and the scene.

    ``shared_assets`` is a folder of LaTeX/Pango SVGs to reuse and extend (the pipeline passes
    its cache); without it, manim keeps them under ``media_dir``. With ``processes`` > 1 the
    lesson's animations are shared out between that many processes
    (:mod:`sgdanim.render.split`); the video is the same. ``meter`` (:mod:`.progress`) hears of
    each part and counts frames; ``encoder`` names the x264 settings (:mod:`.x264`); ``parts``
    (:class:`~sgdanim.render.parts.PartRun`) skips cached parts and stores the others. A
    ``narrator`` (:class:`sgdanim.render.voice.Narrator`) speaks the captions; ``part_seconds``
    are the parts' lengths in an earlier render (:func:`_front`).
    """
    from .x264 import DEFAULT_X264, X264

    manim_compat.install()  # refuses an untested manim before importing any of it
    manim_compat.forget_parsed_svgs()  # else every render's formulas stay for the process
    tune_the_allocator()
    scene_cls = get_lesson(lesson_id).scene_class()
    settings = {
        "pixel_width": QUALITIES[quality][0], "pixel_height": QUALITIES[quality][1],
        "frame_rate": QUALITIES[quality][2], "disable_caching": True, "verbosity": verbosity,
        "progress_bar": "none", "notify_outdated_version": False,
        "output_file": name or f"{lesson_id}-{quality}",
        # manim's default, 1, makes each animation wait until its segment is encoded; with more,
        # rendering goes on meanwhile (momentum at 1080p60: 128 s -> 112 s, docs/performance.md).
        "max_inflight_encoders": max(1, INFLIGHT_ENCODERS // processes),
        "video_encoder_options": dict(X264[encoder or DEFAULT_X264]),
    }
    if processes > 1:
        # Each process keeps its own segments; the first one's are concatenated with the rest.
        settings["max_files_cached"] = -1
    folders = shared_asset_folders(*QUALITIES[quality][:2])
    settings_for = _settings_per_process(settings, Path(media_dir), shared_assets, folders)
    make_scene = _scene_maker(scene_cls, params, meter, parts, narrator)
    if processes > 1:
        scene, video = render_shared(
            make_scene, settings_for, processes, skip=parts and (lambda _: parts.skipping),
            before_concat=parts and (lambda: (parts.commit_rest(), parts.fill())),
            front=_front(part_seconds, processes, parts), helper_stops=parts and parts.report_none)
    else:
        scene, video = _render_here(make_scene, settings_for(0), parts)
    if shared_assets is not None:
        for folder in folders.values():
            share_assets(Path(media_dir) / folder, Path(shared_assets) / folder)
    srt = video.with_suffix(".srt")
    return Rendered(video, srt if srt.exists() else None, scene)


def _front(part_seconds: list | None, processes: int, parts) -> int | None:
    """Where a two-process render's first process starts drawing whole parts, if it deals
    them out (:func:`~sgdanim.render.split.front_split`), from ``part_seconds``, each chosen
    part's length in an earlier render (None where unknown)."""
    if processes != 2 or part_seconds is None:
        return None
    reused = parts.reuse if parts is not None else {}
    return front_split(part_seconds, [i for i in range(len(part_seconds)) if i not in reused])


def _render_here(make_scene, settings: dict, parts):
    """Render in this process; returns the scene and its movie."""
    from manim import tempconfig

    with tempconfig(settings):
        scene = make_scene()
        if parts is not None:
            manim_compat.decide_plays(scene, lambda _, skipped: not (skipped or parts.skipping()))
            manim_compat.replace_concatenation(
                scene, lambda concatenate: (parts.commit_rest(), parts.fill(), concatenate()))
        scene.render()
        return scene, manim_compat.movie_path(scene)


def _scene_maker(scene_cls, params, meter, parts, narrator=None):
    """``make_scene()``: the lesson's scene, reporting its parts and frames to ``meter`` and
    its parts to ``parts``."""
    from .fast_draw import PathKeepingCamera  # manim's camera, keeping unchanged paths

    def make_scene():
        scene = scene_cls(params=params, narrator=narrator, camera_class=PathKeepingCamera)
        if parts is not None:
            parts.attach(scene)
        if meter is not None:
            scene.part_listeners = (*scene.part_listeners, meter.begin_part)
            manim_compat.count_frames(scene, meter.add_frames)
        return scene

    return make_scene


def _settings_per_process(settings: dict, media_dir: Path, shared_assets: Path | None,
                          folders: dict[str, str]):
    """``settings_for(k)``: manim's config for process ``k`` of a render, each in its own
    folder (``media_dir`` for the first), with the shared SVGs seeded into it."""
    def settings_for(k: int) -> dict:
        own = dict(settings)
        folder = media_dir if k == 0 else media_dir / f"helper-{k}"
        own["media_dir"] = str(folder)
        if shared_assets is not None:
            for key, sub in folders.items():
                own[key] = str(folder / sub)
                seed_assets(Path(shared_assets) / sub, folder / sub)
        return own

    return settings_for
