"""Size budgets for clips that go into posts, and a poster PNG written to fit its own.

The budgets (issue 17): a 480p GIF at most 300 kB per second of video, a WebM at most 60 kB
per second, a poster at most 150 kB. docs/performance.md has the sizes the lessons come to.

:func:`write_poster` keeps a poster within budget by itself: a full-colour PNG if that fits;
else the same frame in 256 colours (a lesson is flat colours and their anti-aliased edges, so
a palette loses little); else that, scaled down until it fits (the ``<video>`` scales its
poster to its box anyway). :func:`over_budget` says which files of a rendered clip are over.

Examples
--------
>>> car = {"duration": 10.0, "height": 480, "files": {"gif": "a.gif", "webm": "a.webm"}}
>>> over_budget(car, {"a.gif": 2_500_000, "a.webm": 700_000})
['a.webm: 70 kB/s, over the 60 kB/s budget for posts']
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from .encode import read_frame

__all__ = ["PER_SECOND", "POSTER_BYTES", "over_budget", "png_bytes", "write_poster"]

PER_SECOND = {"gif": 300_000, "webm": 60_000}  # bytes per second of video, at 480p or less
POSTER_BYTES = 150_000
BUDGET_HEIGHT = 480


def png_bytes(rgb: np.ndarray, colours: int | None = None) -> bytes:
    """An RGB array as PNG bytes: full colour, or in a palette of ``colours``."""
    from PIL import Image

    image = Image.fromarray(rgb)
    if colours:
        image = image.quantize(colours, method=Image.Quantize.MEDIANCUT,
                               dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def write_poster(src, index: int, dst, max_bytes: int = POSTER_BYTES) -> dict:
    """Write frame ``index`` of ``src`` as a PNG of at most ``max_bytes`` at ``dst``; returns
    how (``colours``: "full" or 256, and the ``width`` and ``height`` written)."""
    from PIL import Image

    rgb = read_frame(src, index).to_ndarray(format="rgb24")
    height, width = rgb.shape[:2]
    data, colours = png_bytes(rgb), "full"
    if len(data) > max_bytes:
        data, colours = png_bytes(rgb, 256), 256
    scale = 1.0
    while len(data) > max_bytes and width * scale > 160:
        scale *= 0.8
        size = (max(2, round(width * scale)), max(2, round(height * scale)))
        small = np.asarray(Image.fromarray(rgb).resize(size, Image.Resampling.LANCZOS))
        data = png_bytes(small, 256)
    Path(dst).write_bytes(data)
    shown = (round(width * scale), round(height * scale)) if scale < 1 else (width, height)
    return {"colours": colours, "width": shown[0], "height": shown[1], "bytes": len(data)}


def over_budget(car: dict, sizes: dict[str, int]) -> list[str]:
    """The files of a clip (its sidecar ``car``; ``sizes`` by file name) over their budget;
    the per-second budgets hold for clips of 480 lines or fewer."""
    files, over = car["files"], []
    if car.get("height", 0) <= BUDGET_HEIGHT:
        for fmt, limit in PER_SECOND.items():
            if fmt in files and sizes[files[fmt]] / car["duration"] > limit:
                over.append(f"{files[fmt]}: {sizes[files[fmt]] / car['duration'] / 1000:.0f} "
                            f"kB/s, over the {limit // 1000} kB/s budget for posts")
    if "png" in files and sizes[files["png"]] > POSTER_BYTES:
        over.append(f"{files['png']}: {sizes[files['png']] // 1000} kB, over the "
                    f"{POSTER_BYTES // 1000} kB budget for posters")
    return over
