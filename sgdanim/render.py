"""Render a lesson with manim under ``tempconfig``, so one render's config never leaks.

This module imports manim; the numeric core does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .lessons import get as get_lesson
from .params import Params

# name -> (width, height, fps). "test" is a tiny size for pipeline and frame tests.
QUALITIES = {
    "test": (256, 144, 10),
    "low": (854, 480, 15),
    "medium": (1280, 720, 30),
    "high": (1920, 1080, 60),
    "4k": (3840, 2160, 60),
}


@dataclass
class Rendered:
    video: Path
    captions: Path | None
    scene: object  # the LessonScene that drew it; its axes and timeline stay inspectable


def render_scene(lesson_id: str, params: Params | None, quality: str, media_dir: Path,
                 name: str | None = None) -> Rendered:
    """Render one lesson to ``media_dir``; returns the mp4, the srt (if any) and the scene."""
    from manim import tempconfig

    lesson = get_lesson(lesson_id)
    width, height, fps = QUALITIES[quality]
    scene_cls = lesson.scene_class()
    settings = {
        "pixel_width": width, "pixel_height": height, "frame_rate": fps,
        "media_dir": str(media_dir), "disable_caching": True, "verbosity": "WARNING",
        "progress_bar": "none", "notify_outdated_version": False,
        "output_file": name or f"{lesson_id}-{quality}",
    }
    with tempconfig(settings):
        scene = scene_cls(params=params)
        scene.render()
        video = Path(scene.renderer.file_writer.movie_file_path)
    srt = video.with_suffix(".srt")
    return Rendered(video, srt if srt.exists() else None, scene)
