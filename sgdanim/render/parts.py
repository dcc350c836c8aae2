"""Part-level caching: a part's animations are encoded once per key and reused after.

manim encodes every animation into its own segment file (an independent H.264 stream that
starts on an IDR frame) and joins them by copying packets, with no re-encode. A part's segment
is the run of animation segments from where the part begins to where the next begins: the
opening belongs to the first part, the fade that closes a part (``between_parts``) to that
part, the closing to the last (as the chapters, ``scenes.kit.scene.chapters``).

**The key of part k** hashes what the clip key hashes (lesson, quality, frame size, encoder,
versions, sources), the ids of all chosen parts, k, and the values of every parameter read by
the parts from the last one that starts clean (``Part.starts_clean``) up to k. A part that
starts clean begins on a cleared screen with no caption up and none owed
(``LessonScene._end_part`` reads the line before it to its end and takes it down after the
fade), and reads no scene attribute an earlier part set, so nothing of the parts before it
reaches its frames: a change to a parameter that only overshoot's ``parabola`` reads draws the
parabola again and reuses the sweep and the thread after it. A part that does not start clean
is drawn in the state its predecessors leave (stepping's stage stays on screen from part to
part, optimizers' walkers catch up where the last part left them), so its key covers every
part back to the last clean one, as stepping's ``lr``, read by every part, renders everything
again.

**Rendering with reuse.** The whole ``construct`` runs (captions, marks and the clock are those
of a full render). Animations of a part whose segments are cached are skipped the way a split
render skips another process's animations
(:func:`~sgdanim.render.manim_compat.decide_plays`: straight to the end state, clock moved on
by whole frames), and the cached files take their places in the list manim concatenates. A
part is stored as its segments joined into one file by manim's own concatenation, and joining
joined files gives the packets, timestamps and container of joining their segments: so the
movie is byte-identical to a full render's (``tests/render/test_parts.py``,
``tests/frames/test_parts.py``), and a render that reuses a part opens one file for it, not
one per animation (about 3.5 ms each at 480p, where overshoot has 140).

**Fast-forwarding.** Building and skipping a reused part still costs its ``build`` and its
animations' end states. Each entry therefore also stores the part's *record*
(``LessonScene.part_records``: its animations, clock, marks, captions, spoken lines and the
caption it leaves up). When parts 0..m-1 are reused with records that follow one another
(:func:`replayable`), and part m starts clean (``Part.starts_clean``: it needs nothing they
leave), the scene replays their records instead of running them at all
(``LessonScene._fast_forward``): the play counter, the segment list's places (filled here as
for any reused part), the clock, marks, captions and narration are set as playing them would
have left them. The same goes for the reused parts after a drawn one, to the end
(``LessonScene._replay_tail``), when the first of them starts clean and its record begins
exactly where the drawn part ended: animation count and clock, to the last bit. Records hold
absolute times and are never shifted: a drawn part of another length falls back, since a
clock moved by a float difference need not be the clock that summing the frames gives. An
entry without a record, or a part that does not start clean, falls back
to building and skipping. Every process of a split render gets the same records before the
fork, so all take the same decision.

The entries on disk, and how one appears whole or not at all: :mod:`.part_store`. A part is
committed as soon as it ends: its encoders drained, and in a split render once every helper
has reported its share of the part (:class:`PartRun`).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from . import manim_scene
from .cache import SCHEMA, data_digest, source_digests, versions, write_atomic
from .part_store import PartCache, StoredPart

__all__ = ["PartCache", "PartRun", "PartStale", "StoredPart", "clean_parts", "part_keys",
           "plan_parts", "replayable"]


def clean_parts(lesson) -> frozenset[str]:
    """The ids of ``lesson``'s parts that start clean (``Part.starts_clean``, on the scene's
    part classes: importing the scene imports manim)."""
    return frozenset(part.id for part in lesson.scene_class().parts if part.starts_clean)


def part_keys(lesson, params, quality: str, size: tuple, encoder: str) -> list[str]:
    """One key per chosen part of ``params`` (see the module's docstring)."""
    chosen = lesson.chosen_parts(params)
    clean = clean_parts(lesson)
    sources = source_digests(lesson)
    values = params.to_json()
    data_file = data_digest(values.get("data"))   # read once, not once per part
    keys, read = [], set()
    for index, spec in enumerate(chosen):
        if index > 0 and spec.id in clean:
            read = set()   # nothing of the parts before reaches it (LessonScene._end_part)
        read |= set(lesson.part_reads(spec))  # its reads and the presentation params
        payload = {"schema": SCHEMA, "lesson": lesson.id, "quality": quality, "size": list(size),
                   "encoder": encoder, "versions": versions(), "sources": sources,
                   "parts": [p.id for p in chosen], "index": index,
                   "reads": {name: values[name] for name in sorted(read)}}
        if "data" in read and data_file is not None:
            payload["data_file"] = data_file   # the file's contents, not only its path
        blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
        keys.append(hashlib.sha256(blob.encode()).hexdigest()[:24])
    return keys


class PartStale(RuntimeError):
    """A cached part does not fit the render (its animation count differs)."""


class PartRun:
    """One render's view of its parts: which to skip, where each began, what to store.

    ``keys`` has one key per chosen part; ``reuse`` maps a part index to its cached entry.
    The scene tells :meth:`begin_part` where each part begins (a part listener). In a split
    render every process runs it: a helper, at the end of each part, drains its encoders
    and reports its files for that part (one small JSON file, written atomically); the first
    process stores a part once it and every helper are done with it.
    """

    def __init__(self, keys: list[str], reuse: dict[int, StoredPart], cache: PartCache,
                 work: Path, fps: float, helpers: int = 0, replayable: dict | None = None):
        self.keys, self.reuse, self.cache, self.work, self.fps = keys, reuse, cache, work, fps
        self.replayable = replayable or {}  # records of reused parts (replayable())
        self.helpers, self.owner = helpers, os.getpid()
        self.reports = Path(work) / "parts-done"
        self.scene = None
        self.current: int | None = None
        self.bounds: list[tuple[int, float]] = []  # (first animation, clock) per part begun
        self.end: tuple[int, float] | None = None
        self.stored: set[int] = set()

    def attach(self, scene) -> None:
        self.scene = scene
        scene.replayable = self.replayable
        scene.part_listeners = (*scene.part_listeners, self.begin_part)

    def skipping(self) -> bool:
        """Whether the animation about to play belongs to a reused part."""
        return self.current in self.reuse

    def begin_part(self, index: int | None, clock: float) -> None:
        here = (manim_scene.plays_so_far(self.scene), clock)
        if index is None:
            self.end = here
        else:
            self.bounds.append(here)
        done = len(self.bounds) - (2 if index is not None else 1)
        self.current = index
        if done < 0 or done in self.reuse:
            return
        manim_scene.finish_segments(self.scene)  # the part's segments are whole now
        if os.getpid() != self.owner:
            self._report(done)
        else:
            self._store_finished(reports=True)

    def _span(self, index: int) -> tuple[range, int]:
        first, start = self.bounds[index]
        last, stop = self.bounds[index + 1] if index + 1 < len(self.bounds) else self.end
        return range(first, last), round(stop * self.fps) - round(start * self.fps)

    def _report(self, index: int) -> None:
        """In a helper: say which of part ``index``'s segments are here, and where."""
        plays, _ = self._span(index)
        files = manim_scene.segment_files(self.scene)
        mine = {i: files[i] for i in plays if files[i] is not None}
        self.reports.mkdir(parents=True, exist_ok=True)
        write_atomic(self.reports / f"{index}-{os.getpid()}.json", json.dumps(mine).encode())

    def report_none(self, first: int) -> None:
        """In a helper that stops before part ``first``: report that it draws nothing of that
        part or any after it, so the first process stores each as soon as it ends."""
        self.reports.mkdir(parents=True, exist_ok=True)
        for index in range(first, len(self.keys)):
            write_atomic(self.reports / f"{index}-{os.getpid()}.json", b"{}")

    def _files(self, index: int, reports: bool) -> list[str] | None:
        """Part ``index``'s segment files, if all are done (with ``reports``: as the helpers
        reported them; without, the list already holds every helper's)."""
        plays, _ = self._span(index)
        files = list(manim_scene.segment_files(self.scene))
        if reports and self.helpers:
            found = list(self.reports.glob(f"{index}-*.json")) if self.reports.is_dir() else []
            if len(found) < self.helpers:
                return None
            for report in found:
                for i, path in json.loads(report.read_text()).items():
                    files[int(i)] = path
        chosen = [files[i] for i in plays]
        return None if any(path is None for path in chosen) else chosen

    def _store_finished(self, reports: bool) -> None:
        finished = len(self.bounds) - (0 if self.end is not None else 1)
        for index in range(finished):
            if index in self.reuse or index in self.stored:
                continue
            files = self._files(index, reports)
            if files is not None:
                record = getattr(self.scene, "part_records", {}).get(index)
                self.cache.commit(self.keys[index], files, self._span(index)[1], self.work,
                                  self._join, record)
                self.stored.add(index)

    def _join(self, files: list[str], path: Path) -> None:
        manim_scene.join_segments(self.scene, files, path)

    def fill(self) -> None:
        """In manim's list of segments (before concatenating), put each stored part's one
        file in place of its run of segments: the reused parts' (empty places until now) and
        the ones drawn here and stored (:meth:`commit_rest` first). A movie joined from the
        parts' joined files is the movie joined from their segments, byte for byte
        (``tests/render/test_parts.py``), and opens a file per part, not per animation."""
        joined = {index: self.cache.stored(self.keys[index]) for index in self.stored}
        joined.update(self.reuse)
        files = manim_scene.segment_files(self.scene)
        for index in sorted(joined, reverse=True):   # from the end: earlier spans keep place
            plays, _ = self._span(index)
            part = joined[index]
            if part is None:   # stored here, then gone (removed by hand): keep its segments
                continue
            if len(plays) != part.animations:
                raise PartStale(f"part {index} has {len(plays)} animations now but "
                                f"{part.animations} in the cache ({self.keys[index]})")
            files[plays.start:plays.stop] = [str(part.file)] if part.file else []

    def commit_rest(self) -> None:
        """Store every part drawn here and not stored yet (every segment is back by now:
        before :meth:`fill`, which joins the list's runs)."""
        self._store_finished(reports=False)


def plan_parts(lesson, params, quality: str, out: Path, work: Path, encoder: str,
               processes: int = 1, reuse: bool = True) -> PartRun:
    """The parts of one clip, with the cached ones to reuse (none unless ``reuse``); the parts
    drawn are stored under ``out``'s cache. ``work`` is the render's own folder (same
    filesystem as the cache)."""
    from .plan import QUALITIES

    width, height, fps = QUALITIES[quality]
    keys = part_keys(lesson, params, quality, (width, height), encoder)
    store = PartCache(out)
    found = store.cached(keys) if reuse else {}
    return PartRun(keys, found, store, work, fps, helpers=processes - 1,
                   replayable=replayable(store, keys, found, fps))


def replayable(store: PartCache, keys: list[str], reused: dict, fps: float) -> dict[int, dict]:
    """The records the scene may replay instead of building and playing the parts: those of
    the reused parts 0, 1, ... up to the first without one (``LessonScene._fast_forward``),
    and those of the reused parts from the last one without a record to the end
    (``LessonScene._replay_tail``, after a drawn part), each run beginning where the one
    before ended (animations and clock). An entry stored before records existed, or one
    whose record disagrees, ends a run: the parts past it are built and skipped as before."""
    records = {i: store.record(key, fps) for i, key in enumerate(keys) if i in reused}
    found, plays, clock = {}, 0, 0.0
    for index in range(len(keys)):
        record = records.get(index)
        if record is None or record["first"] != plays or record["start"] != clock:
            break
        found[index] = record
        plays, clock = plays + record["plays"], record["end"]
    after = None   # the record of the part after, while the run from the end holds
    # Part len(found) ended the first run (no record, or one that disagrees): not in this one.
    for index in reversed(range(len(found) + 1, len(keys))):
        record = records.get(index)
        if record is None or (after is not None and (
                record["first"] + record["plays"] != after["first"]
                or record["end"] != after["start"])):
            break
        found[index] = after = record
    return found
