"""Parsed SVG mobjects kept on disk, so a formula is parsed once per machine, not per render.

Building a ``MathTex`` or a ``Text`` from its SVG is mostly parsing it: svgelements reads the
paths (pure Python) and manim turns them into VMobjects. manim keeps the result for the life
of a process only (and a render empties that map, docs/performance.md "Memory over many
renders"). :class:`ParsedSvgs` keeps the very object manim keeps, pickled, under a key made of
the SVG's bytes and everything else manim's own key holds except the file's path (each render
has its own folder). :func:`sgdanim.render.manim_compat.keep_parsed_svgs_in` hands manim the
object from here just before it would parse: manim then builds the mobject as it does for
the second use of a formula within a render (tested equal, points and style, to a parse).

A file that cannot be read back (cut short, from another Python) counts as missing: the SVG
is parsed again and the file replaced. Each file is written whole, then renamed into place.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

__all__ = ["ParsedSvgs", "STORE_VERSION"]

# Bumped when what is kept changes shape; the key also holds manim's and Python's versions.
STORE_VERSION = 1


class ParsedSvgs:
    """A folder of parsed SVG mobjects, by :meth:`key`.

    Examples
    --------
    >>> import tempfile
    >>> store = ParsedSvgs(Path(tempfile.mkdtemp()) / "parsed", manim_version="0.22.0")
    >>> key = store.key(b"<svg/>", ("Text", None))
    >>> store.load(key) is None
    True
    >>> store.save(key, {"glyphs": 3})
    >>> store.load(key)
    {'glyphs': 3}
    >>> key == store.key(b"<svg />", ("Text", None))
    False
    """

    def __init__(self, folder: Path, manim_version: str) -> None:
        self.folder = Path(folder)
        self._salt = repr((STORE_VERSION, manim_version, sys.version_info[:2])).encode()
        self.loaded = 0
        self.saved = 0

    def key(self, svg: bytes, seed: tuple) -> str:
        """The key of the mobject parsed from ``svg`` with manim's other settings ``seed``."""
        digest = hashlib.sha256(self._salt)
        digest.update(repr(seed).encode())
        digest.update(b"\0")
        digest.update(svg)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def load(self, key: str):
        """The object kept under ``key``, or None."""
        try:
            with open(self._path(key), "rb") as file:
                kept = pickle.load(file)
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - a damaged or foreign file: parse again
            return None
        self.loaded += 1
        return kept

    def save(self, key: str, mobject) -> None:
        """Keep ``mobject`` under ``key``: written whole, then renamed into place. A folder
        that cannot be written is left alone (the render goes on without it)."""
        target, temp = self._path(key), None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=target.parent, suffix=".part")
            with os.fdopen(handle, "wb") as file:
                pickle.dump(mobject, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, target)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            if temp is not None:
                Path(temp).unlink(missing_ok=True)
            return
        self.saved += 1
