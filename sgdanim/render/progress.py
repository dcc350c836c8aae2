"""How far a render has come, on stderr: a live display on a terminal, one line per part elsewhere.

A :class:`Meter` follows one clip. The scene tells it when each part begins
(:meth:`Meter.begin_part`) and the renderer how many frames it drew (:meth:`Meter.add_frames`,
from any process of a split render: the count is shared memory). The frames in all are only
known once the scene has played, so the total shown while rendering is what the same lesson's
parts took at this quality the last time (``estimates``), or none on a first render.

- On a terminal (:class:`LiveView`): ``stepping-high  part 2/5 rows  ━━━━━╸━━  1234/7300 frames
  0:01:32 left``, redrawn four times a second by rich (which manim already depends on).
- Elsewhere (:class:`LineView`): ``sgdanim: stepping-high: part 2/5 rows: 318 frames drawn in
  9.4 s`` (or ``reused``, from the part cache) as each part ends, so a log shows where time went without a wall of carriage returns.

stdout is never touched: it carries only the paths of written files.

Examples
--------
>>> import io
>>> sink = io.StringIO()
>>> meter = Meter("tiny-test", [("axis", "The axis"), ("walk", "The walk")], 10, LineView(sink))
>>> meter.begin_part(0, 0.0); meter.add_frames(12); meter.begin_part(1, 1.2)
>>> meter.add_frames(30); meter.begin_part(None, 4.2); meter.finish()
>>> print(sink.getvalue().replace("0.0 s", "T"), end="")
sgdanim: tiny-test: part 1/2 axis: 12 frames drawn in T
sgdanim: tiny-test: part 2/2 walk: 30 frames drawn in T
>>> meter.frames_per_part
{'axis': 12, 'walk': 30}
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
from pathlib import Path
from typing import TextIO

__all__ = ["LineView", "LiveView", "Meter", "load_history", "save_history"]


class LineView:
    """One line per finished part, for logs and pipes."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream

    def start(self, meter: Meter) -> None:
        pass

    def part_begun(self, meter: Meter) -> None:
        pass

    def part_done(self, meter: Meter, index: int, frames: int, seconds: float) -> None:
        part_id = meter.parts[index][0]
        how = "reused" if part_id in meter.reused else "drawn"
        print(f"sgdanim: {meter.stem}: part {index + 1}/{len(meter.parts)} {part_id}: "
              f"{frames} frames {how} in {seconds:.1f} s", file=self.stream or sys.stderr,
              flush=True)

    def stop(self, meter: Meter) -> None:
        pass


class LiveView:
    """A rich progress bar on stderr: lesson, part, frames done of all, time left."""

    def __init__(self):
        self.progress = None
        self.task = None

    def start(self, meter: Meter) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeRemainingColumn)

        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("frames"), TimeRemainingColumn(), TextColumn("left"),
            console=Console(file=sys.stderr), transient=True, refresh_per_second=4,
            get_time=time.monotonic)
        self.task = self.progress.add_task(meter.describe(), total=meter.total() or None)
        self.progress.start()
        # rich redraws from its own thread; reading the shared count there keeps a split
        # render's helpers' frames in the bar without a message from them.
        self.progress.get_renderables = self._refreshed(self.progress.get_renderables, meter)

    def _refreshed(self, renderables, meter: Meter):
        def get_renderables():
            done = meter.frames_done()
            total = meter.total()
            self.progress.update(self.task, completed=done, description=meter.describe(),
                                 total=max(total, done) if total else None)
            return renderables()
        return get_renderables

    def part_done(self, meter: Meter, index: int, frames: int, seconds: float) -> None:
        pass

    def part_begun(self, meter: Meter) -> None:
        self.progress.refresh()  # show each part, however short (and the end, "done")

    def stop(self, meter: Meter) -> None:
        if self.progress is not None:
            self.progress.stop()


class Meter:
    """The progress of one clip's render. ``parts`` is ``[(id, title), ...]`` in playing order;
    ``estimates`` maps a part id to the frames it took last time (missing: unknown)."""

    def __init__(self, stem: str, parts, fps: float, view=None, estimates: dict | None = None,
                 reused=()):
        self.stem, self.fps = stem, fps
        self.reused = set(reused)  # parts whose cached segments are joined in: nothing to draw
        self.parts = [tuple(p) for p in parts]
        self.view = view or LineView()
        self.estimates = dict(estimates or {})
        self._drawn = multiprocessing.get_context("fork").Value("q", 0)  # shared with helpers
        self.current: int | None = None
        self._part_start = (0.0, time.monotonic())
        self.frames_per_part: dict[str, int] = {}
        self._owner = os.getpid()  # a split render's helpers count frames, and only that
        self.view.start(self)

    def frames_done(self) -> int:
        return self._drawn.value

    def total(self) -> int:
        """Frames in all, as far as known: the parts done, then the estimates for the rest."""
        counted = sum(f for p, f in self.frames_per_part.items() if p not in self.reused)
        ahead = [p for p, _ in self.parts[self.current or 0:]
                 if p not in self.frames_per_part and p not in self.reused]
        if not all(p in self.estimates for p in ahead):
            return 0
        return counted + sum(self.estimates[p] for p in ahead)

    def describe(self) -> str:
        if self.current is None:
            return f"{self.stem}  {'done' if self.frames_per_part else 'starting'}"
        return (f"{self.stem}  part {self.current + 1}/{len(self.parts)} "
                f"{self.parts[self.current][0]}")

    def add_frames(self, count: int) -> None:
        with self._drawn.get_lock():
            self._drawn.value += count

    def begin_part(self, index: int | None, clock: float) -> None:
        """Part ``index`` begins at scene time ``clock`` (``None``: the last one has ended).
        A part's frames come from the clock, which every process of a split render agrees
        on, not from the frames counted so far (a helper may be drawing the next part)."""
        if os.getpid() != self._owner:
            return
        if self.current is not None:
            start_clock, start_time = self._part_start
            frames = round(clock * self.fps) - round(start_clock * self.fps)
            self.frames_per_part[self.parts[self.current][0]] = frames
            self.view.part_done(self, self.current, frames, time.monotonic() - start_time)
        self.current = index
        self._part_start = (clock, time.monotonic())
        self.view.part_begun(self)

    def abandon(self) -> None:
        """The render failed: take the display down without reporting the part as done."""
        if os.getpid() == self._owner:
            self.view.stop(self)

    def finish(self) -> None:
        if os.getpid() == self._owner:
            self.view.stop(self)


def load_history(path: Path) -> dict[str, int]:
    """Frames per part id from the last render of this lesson at this quality ({} if none)."""
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, int) and v >= 0}


def save_history(path: Path, frames_per_part: dict[str, int]) -> None:
    """Remember what each part took, merged over what was known (atomically)."""
    from .cache import write_atomic

    merged = {**load_history(path), **frames_per_part}
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_atomic(Path(path), json.dumps(merged, sort_keys=True).encode())
