"""``--max-size``: the GIF's frame rate and width chosen so that it fits a post's upload limit.

Forums cap uploads (Discourse: 4 MB by default). A GIF's size grows with its frames and its
pixels, so :func:`fit_gif` tries, from the best picture down, fewer frames per second (no fewer
than ``MIN_FPS``) and narrower widths (no narrower than ``MIN_WIDTH``, below which a lesson's
text is unreadable), and keeps the first that fits. Each try is a real encode: its size is
measured, never guessed; the guess (size in proportion to frames × pixels, corrected by what
the tries so far measured) only skips the tries that cannot fit.

Examples
--------
>>> parse_size("4MB"), parse_size("500 kB"), parse_size("2MiB"), parse_size("123456")
(4000000, 500000, 2097152, 123456)
>>> [(c.fps, c.width) for c in ladder(854, 480, 15)][:4]
[(15.0, 854), (15.0, 640), (7.5, 854), (5.0, 854)]
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import UsageError

__all__ = ["GifChoice", "MIN_FPS", "MIN_WIDTH", "cached_fit", "fit_gif", "gif_source", "ladder", "parse_size", "show_size"]

MIN_FPS = 5
MIN_WIDTH = 320
WIDTHS = (3840, 2560, 1920, 1280, 960, 854, 640, 480, 320)
UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "kib": 2**10, "mib": 2**20,
         "gib": 2**30, "k": 10**3, "m": 10**6, "g": 10**9}


def parse_size(text: str) -> int:
    """Bytes in ``4MB``, ``500kB``, ``2MiB`` or a plain number (MB is 10^6 bytes, MiB 2^20)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", str(text))
    unit = match.group(2).lower() if match else None
    if match is None or unit not in UNITS or float(match.group(1)) * UNITS[unit] < 1000:
        raise UsageError(f"--max-size {text!r} is not a size such as 4MB, 500kB or 2MiB "
                         f"(at least 1kB)")
    return int(float(match.group(1)) * UNITS[unit])


def show_size(size: float) -> str:
    """``1.23 MB`` or ``456 kB``.

    >>> show_size(4_000_000), show_size(456_789)
    ('4.00 MB', '457 kB')
    """
    return f"{size / 1e6:.2f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"


@dataclass(frozen=True)
class GifChoice:
    """One way to make the GIF: keep every ``step``-th frame, ``width`` pixels wide."""

    step: int
    width: int
    fps: float
    cost: float  # kept frames per second × pixels, relative to the best choice

    def to_json(self) -> dict:
        return {"fps": self.fps, "width": self.width, "step": self.step}


def ladder(width: int, height: int, fps: float) -> list[GifChoice]:
    """Every allowed (frame rate, width), the best picture (most frames × pixels) first."""
    from .encode import gif_step

    base = gif_step(fps)
    steps = [s for s in range(base, 10 * base + 1) if fps / s >= MIN_FPS] or [base]
    widths = [width] + [w for w in WIDTHS if MIN_WIDTH <= w < width]
    full = (fps / base) * width * width
    choices = [GifChoice(s, w, fps / s, (fps / s) * w * w / full) for s in steps for w in widths]
    return sorted(choices, key=lambda c: (-c.cost, -c.fps))


def fit_gif(src, dst, max_bytes: int, width: int, height: int, fps: float,
            name: str = "the GIF") -> dict:
    """Encode ``src`` to ``dst`` as the best GIF of at most ``max_bytes``; returns the choice
    and its size. Raises :class:`UsageError` (nothing at ``dst``) if even the smallest is over."""
    from .encode import encode_gif

    dst = Path(dst)
    choices = ladder(width, height, fps)
    per_cost = None  # bytes per unit of cost, as measured so far (the largest seen)
    smallest = None
    for choice in choices:
        if per_cost is not None and per_cost * choice.cost > max_bytes and choice != choices[-1]:
            continue  # would not fit by what the tries so far measured
        encode_gif(src, dst, step=choice.step, width=choice.width)
        size = os.path.getsize(dst)
        if size <= max_bytes:
            return {**choice.to_json(), "bytes": size, "max_bytes": max_bytes}
        smallest = (size, choice)
        per_cost = max(per_cost or 0.0, size / choice.cost)
        if choice == choices[-1]:
            break
    dst.unlink(missing_ok=True)
    size, choice = smallest
    raise UsageError(f"--max-size {show_size(max_bytes)}: {name} is {show_size(size)} even at "
                     f"{choice.fps:g} fps and {choice.width} px wide; allow more, or render "
                     f"fewer parts (--set parts=...)")


def cached_fit(cache, key: str, meta: dict, max_bytes: int, name: str) -> tuple[Path, dict]:
    """The GIF of cache entry ``key`` that fits ``max_bytes``, made once and kept in the entry
    beside the unfitted one: (its path, the choice made)."""
    from .cache import write_atomic

    entry = cache.entry(key)
    default = entry / "clip.gif"
    best = ladder(meta["width"], meta["height"], meta["fps"])[0]
    if default.is_file() and default.stat().st_size <= max_bytes:
        return default, {**best.to_json(), "bytes": default.stat().st_size, "max_bytes": max_bytes}
    fitted, facts = entry / f"clip.max{max_bytes}.gif", entry / f"clip.max{max_bytes}.json"
    if fitted.is_file() and facts.is_file():
        return fitted, json.loads(facts.read_text())
    work = cache.new_workdir()
    try:
        chosen = fit_gif(entry / "clip.mp4", work / "clip.gif", max_bytes, meta["width"],
                         meta["height"], meta["fps"], name)
        write_atomic(facts, json.dumps(chosen).encode())
        cache.add_file(key, work / "clip.gif", fitted.name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return fitted, chosen


def gif_source(cache, key: str, gif_key: str | None, max_size: int | None,
               name: str) -> tuple[Path, dict]:
    """The cached GIF to publish for the clip of entry ``key``: from entry ``gif_key`` when
    the GIF has its own render (captions burned in), fitted to ``max_size`` if given; and
    what the sidecar says of it."""
    facts = {"captions": "burned", "cache_key": gif_key} if gif_key else {}
    gif_key = gif_key or key
    if not max_size:
        return cache.entry(gif_key) / "clip.gif", facts
    path, fitted = cached_fit(cache, gif_key, cache.meta(gif_key), max_size, name)
    return path, {**facts, **fitted}

