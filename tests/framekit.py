"""Helpers for frame tests: render a lesson small, decode it with PyAV, and map scene points to
pixels.

``FRAME_SETS`` is the one short render of each lesson that all of its frame tests and the split
test share (``lesson_render`` in tests/frames/conftest.py renders it once per test process;
``make test`` keeps a lesson's tests in one process with ``--dist loadgroup``).
"""

from __future__ import annotations

import av
import numpy as np


# Short, but every check the frame tests make has its moment in it.
FRAME_SETS = {
    "stepping": ["detailed_rows=1", "epochs=1", "parts=rows,epochs"],
    "overshoot": ["steps=1", "lrs=1e-2", "epochs=1"],
    "relu-sandwich": ["parts=solutions"],
    "momentum": ["parts=sine", "sin_points=41", "sin_cycles=1.5", "betas=0.9",
                 "bias_correction=false", "beta=0.9"],
    "optimizers": ["tune=sheets", "optimizers=adam", "epochs=4", "lr_adam=0.1"],
}


def group(lesson_id: str):
    """The xdist group that keeps a lesson's frame tests in the process that rendered it."""
    import pytest

    return pytest.mark.xdist_group(f"frames-{lesson_id}")


def packets(path) -> list[bytes]:
    """The encoded video packets, as bytes: equal lists mean byte-identical video."""
    with av.open(str(path)) as container:
        return [bytes(p) for p in container.demux(video=0) if p.size]


def decode(path) -> tuple[list[np.ndarray], float]:
    """All frames of a video as RGB arrays, and its frame rate."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        fps = float(stream.average_rate)
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(stream)]
    return frames, fps


def frame_at(frames, fps, t: float) -> np.ndarray:
    """The frame shown at scene time ``t`` seconds."""
    return frames[min(int(round(t * fps)), len(frames) - 1)]


def to_pixel(point, frame_shape, frame_width: float = 14.222222222222221,
             frame_height: float = 8.0) -> tuple[int, int]:
    """Scene coordinates (x, y[, z]) to a (row, col) pixel of a frame of ``frame_shape``."""
    h, w = frame_shape[:2]
    col = (point[0] + frame_width / 2) / frame_width * w
    row = (frame_height / 2 - point[1]) / frame_height * h
    return int(round(row)), int(round(col))


def colour_near(frame, rowcol, rgb, radius: int = 2, tol: int = 60) -> bool:
    """Whether any pixel within ``radius`` of ``rowcol`` is within ``tol`` of colour ``rgb``."""
    r, c = rowcol
    h, w = frame.shape[:2]
    patch = frame[max(r - radius, 0):min(r + radius + 1, h), max(c - radius, 0):min(c + radius + 1, w)]
    if patch.size == 0:
        return False
    dist = np.abs(patch.astype(int) - np.asarray(rgb, dtype=int)).max(axis=-1)
    return bool((dist <= tol).any())


def hex_to_rgb(colour) -> tuple[int, int, int]:
    """A manim colour (ManimColor or '#rrggbb') as 0-255 RGB."""
    text = colour.to_hex() if hasattr(colour, "to_hex") else str(colour)
    text = text.lstrip("#")[:6]
    return tuple(int(text[i:i + 2], 16) for i in (0, 2, 4))


def render(lesson_id: str, params, folder, svg_cache=None, processes: int = 1):
    """Render a lesson at test quality (256x144 at 10 fps) and decode it.

    Returns ``(rendered, frames, fps)``; ``rendered.scene`` keeps the scene's axes and marks.
    ``svg_cache`` (a folder, e.g. pytest's cache) keeps LaTeX's SVGs between runs.
    """
    from sgdanim.render.scene import render_scene

    r = render_scene(lesson_id, params, "test", folder, shared_assets=svg_cache,
                     processes=processes)
    frames, fps = decode(r.video)
    return r, frames, fps


def render_with_parts(lesson_id: str, sets, out, svg_cache, name: str, processes: int):
    """Render a lesson at test quality into ``out/name`` as ``sgdanim render`` does, storing its
    parts in ``out``'s part cache and reusing those there: ``(rendered, parts)``."""
    from sgdanim.lessons import get
    from sgdanim.render.parts import plan_parts
    from sgdanim.render.scene import render_scene

    lesson = get(lesson_id)
    params = lesson.resolve(sets=sets)
    work = out / name
    parts = plan_parts(lesson, params, "test", out, work, "manim", processes)
    rendered = render_scene(lesson_id, params, "test", work, shared_assets=svg_cache,
                            processes=processes, parts=parts)
    return rendered, parts


def scene_pixel(rendered, frame, point) -> tuple[int, int]:
    """The (row, col) of scene point ``point`` in a frame of the clip ``rendered`` drew."""
    cam = rendered.scene.camera
    return to_pixel(point, frame.shape, frame_width=cam.frame_width, frame_height=cam.frame_height)
