"""The part cache on disk: one entry per part key, each one joined file and its ``meta.json``.

Layout: ``.cache/parts/<key>/part.mp4, meta.json`` (``animations``: how many segments the file
joins, ``size``, ``frames``, ``record``: what :mod:`sgdanim.render.parts` replays). An entry
appears by one rename of a complete folder, so a render killed half-way leaves every part it
committed and nothing half-written. An entry of the older layout (one file per segment, no
``file``) reads as absent: its part is drawn again and the entry replaced.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .cache import CACHE_DIR

__all__ = ["PartCache", "StoredPart"]


@dataclass(frozen=True)
class StoredPart:
    """One cached part: its segments joined into one ``file`` (None for a part that plays
    nothing), and how many animations (segments) that file holds."""
    file: Path | None
    animations: int


class PartCache:
    """The cached parts under one output folder."""

    def __init__(self, out: Path):
        self.root = Path(out) / CACHE_DIR / "parts"

    def stored(self, key: str) -> StoredPart | None:
        """The part's entry, if it is complete and intact."""
        entry = self.root / key
        try:
            meta = json.loads((entry / "meta.json").read_text())
            name, size, animations = meta["file"], meta["size"], int(meta["animations"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if name is None:
            return StoredPart(None, 0) if animations == 0 else None
        joined = entry / name
        if not joined.is_file() or joined.stat().st_size != size:
            return None
        return StoredPart(joined, animations)

    def cached(self, keys: list[str]) -> dict[int, StoredPart]:
        """The entry of each of ``keys`` that is complete, by index."""
        found = {i: self.stored(key) for i, key in enumerate(keys)}
        return {i: part for i, part in found.items() if part is not None}

    def record(self, key: str, fps: float) -> dict | None:
        """The part's record (``LessonScene.part_records``), if its entry has one that agrees
        with the entry itself: as many animations, and a clock span of as many frames."""
        try:
            meta = json.loads((self.root / key / "meta.json").read_text())
            record = meta["record"]
            span = round(record["end"] * fps) - round(record["start"] * fps)
            agrees = record["plays"] == meta["animations"] and span == meta["frames"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return record if agrees else None

    def commit(self, key: str, files: list[str], frames: int, work: Path,
               join: Callable[[list[str], Path], None], record: dict | None = None) -> None:
        """Store one part's segment files as entry ``key``, joined into one file by
        ``join(files, path)`` (so a render reusing it opens one file, not one per animation),
        with its ``record`` (what the scene needs to replay it) in the same ``meta.json``."""
        if self._complete(key, record):
            return
        staged = work / f"part-{key}"
        staged.mkdir(parents=True)
        name = f"part{Path(files[0]).suffix}" if files else None   # a part may play nothing
        if name is not None:
            join(files, staged / name)
        meta = {"animations": len(files), "file": name, "frames": frames,
                "size": (staged / name).stat().st_size if name else 0}
        if record is not None:
            meta["record"] = record
        (staged / "meta.json").write_text(json.dumps(meta))
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            os.rename(staged, self.root / key)
        except OSError:  # another render stored it first, or a broken or older one is there
            if self._complete(key, record):
                shutil.rmtree(staged, ignore_errors=True)
                return
            # Out of the way first: a render killed between the two renames leaves no entry
            # (the part is drawn again), never half of one.
            replaced = work / f"replaced-{key}"
            try:
                os.rename(self.root / key, replaced)
                os.rename(staged, self.root / key)
            except OSError:  # another render replaced it meanwhile
                shutil.rmtree(staged, ignore_errors=True)
            shutil.rmtree(replaced, ignore_errors=True)

    def _complete(self, key: str, record: dict | None) -> bool:
        """Whether entry ``key`` is intact and, if ``record`` is given, has a record too (an
        entry stored before records existed is replaced by one that has it)."""
        if self.stored(key) is None:
            return False
        try:
            return record is None or "record" in json.loads((self.root / key / "meta.json")
                                                            .read_text())
        except (OSError, ValueError):
            return False
