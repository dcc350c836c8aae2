"""The content-addressed render cache and the atomic file moves the pipeline relies on.

A clip's key hashes everything that can change its pixels or its numbers: the lesson id, its
effective params, the quality, the versions of sgdanim, manim and PyAV, and the text of every
source file the clip depends on (the core, the lesson's own module, its scene module and the
shared scene code; other lessons' modules are left out so editing one lesson leaves the
others cached). The requested formats are *not* in the key: one entry holds every format
made so far for that clip, and a new format is encoded from the cached mp4 without rendering.

Layout under the output folder::

    .cache/<key>/clip.mp4, clip.srt, clip.webm, clip.gif, clip.png, meta.json, poster.json
    .cache/tmp/<pid>-<random>/   one per render in progress; removed when done
    .cache/parts/<key>/          one part's animation segments (sgdanim.render.parts)
    .cache/frames/<lesson>-<quality>.json  frames per part last time, for the progress total
    .cache/tex, .cache/texts/WxH LaTeX and Pango SVGs shared between renders (Pango per frame size)

An entry directory appears by one ``os.rename`` of a complete temporary directory, and each
later file by one ``os.replace``, so a reader never sees a half-written entry.

Examples
--------
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> write_atomic(folder / "a.txt", b"hello")
>>> (folder / "a.txt").read_bytes(), sorted(p.name for p in folder.iterdir())
(b'hello', ['a.txt'])
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import importlib.util
import json
import math
import os
import secrets
import shutil
import sys
from pathlib import Path
from typing import Any


CACHE_DIR = ".cache"
SCHEMA = 2  # 2: the entry's mp4 holds the chapters
CORE_DIR = Path(__file__).resolve().parents[1] / "core"


def versions() -> dict[str, str]:
    """sgdanim, manim and PyAV versions, read without importing manim (that takes seconds)."""
    out = {}
    for dist in ("sgdanim", "manim", "av"):
        try:
            out[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            out[dist] = "missing"
    return out


def module_file(name: str) -> Path | None:
    """The source file of module ``name``, found without importing it or its parent packages
    (scenes import manim, which takes seconds); only the top-level package is located."""
    module = sys.modules.get(name)
    if module is not None and getattr(module, "__file__", None):
        return Path(module.__file__).resolve()
    top, _, rest = name.partition(".")
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not spec.has_location:
        return None
    origin = Path(spec.origin).resolve()
    if not rest:
        return origin
    if origin.name != "__init__.py":
        return None
    base = origin.parent.joinpath(*rest.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


# (path, module) -> (the file's bytes, the names its imports give): a render asks twice (the
# clip's key and its parts'), and a long process (watch, a notebook) asks again after edits.
_NAMES_READ: dict[tuple[Path, str], tuple[bytes, set[str]]] = {}


def _imported_names(path: Path, module: str) -> set[str]:
    """Modules named by the import statements of ``path`` (the file of ``module``); parsed
    again only when the file's bytes change."""
    try:
        text = path.read_bytes()
    except OSError:
        return set()
    known = _NAMES_READ.get((path, module))
    if known is not None and known[0] == text:
        return set(known[1])
    names = _names_imported_by(text, path, module)
    _NAMES_READ[(path, module)] = (text, names)
    return set(names)


def _names_imported_by(text: bytes, path: Path, module: str) -> set[str]:
    try:
        tree = ast.parse(text.decode("utf-8"))
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[:len(parts) - node.level + 1] if node.level > 1 else parts
                base = ".".join(parts + ([node.module] if node.module else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def local_closure(modules, roots: set[str]) -> set[Path]:
    """Files of ``modules`` and of everything they import, transitively, from packages whose
    top-level name is in ``roots`` (third-party imports are not followed, nor imported)."""
    files, seen, todo = set(), set(), list(modules)
    while todo:
        name = todo.pop()
        if name in seen or name.partition(".")[0] not in roots:
            continue
        seen.add(name)
        path = module_file(name)
        if path is None or path.suffix != ".py":
            continue
        files.add(path)
        todo.extend(_imported_names(path, name))
    return files


def source_files(lesson) -> list[Path]:
    """Every file whose text can shape ``lesson``'s clip, in a stable order: the core
    (``sgdanim/*.py`` and its data), the lesson's module and scene module, and what those
    import from sgdanim, scenes or their own package. Other lessons are left out, so editing
    one lesson leaves the others cached."""
    lesson_module = getattr(lesson.compute, "__module__", None) or ""
    own = [m for m in (lesson.module_name, lesson_module) if m]
    roots = {"sgdanim", "scenes"} | {m.partition(".")[0] for m in own}
    files = local_closure(own + ["scenes", "scenes.kit.scene"], roots)
    files.update(p.resolve() for p in CORE_DIR.glob("*") if p.suffix in (".py", ".csv"))
    return sorted(files)


def data_digest(spec) -> str | None:
    """The content hash of the CSV a ``data`` parameter names (None for the spreadsheet, a
    synthetic set, or no file): the params hold only its path, and a file edited after a
    render must not bring back the old clip."""
    if not isinstance(spec, str) or spec == "spreadsheet" or spec.startswith("synthetic"):
        return None
    path = Path(spec)
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def source_digests(lesson) -> dict[str, str]:
    """The content hash of every file in :func:`source_files`, by its path from the project's
    root (the folder that holds ``sgdanim/``): scenes/optimizers/steps.py and
    sgdanim/lessons/optimizers/steps.py are two files, and each must move the key."""
    root = CORE_DIR.parents[1]
    return {os.path.relpath(path, root): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in source_files(lesson)}


def cache_key(lesson, params_json: dict, quality: str, size: tuple, encoder: str = "manim") -> str:
    """A hex digest that changes whenever anything that shapes the clip changes."""
    sources = source_digests(lesson)
    payload = {"schema": SCHEMA, "lesson": lesson.id, "params": params_json, "quality": quality,
               "size": list(size), "versions": versions(), "sources": sources}
    if encoder != "manim":  # so clips made with manim's settings keep their keys
        payload["encoder"] = encoder
    data_file = data_digest(params_json.get("data"))
    if data_file is not None:
        payload["data_file"] = data_file
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:24]


def jsonable(value: Any) -> Any:
    """Numbers from numpy and non-finite floats made plain JSON ('inf', '-inf', 'nan').

    >>> import numpy as np
    >>> jsonable({"a": np.float64(1.5), "b": np.array([1, 2]), "c": float("inf")})
    {'a': 1.5, 'b': [1, 2], 'c': 'inf'}
    """
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return jsonable(value.tolist())
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


# ---- atomic writes -------------------------------------------------------------------------

def _tmp_name(final: Path) -> Path:
    return final.with_name(f".{final.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")


def write_atomic(final: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``final``, then rename it over ``final``."""
    final = Path(final)
    tmp = _tmp_name(final)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)


def place_atomic(src: Path, final: Path) -> None:
    """Make ``final`` a copy of ``src`` in one rename: a hard link when the filesystem allows
    (cheap, and ``src`` is never written again), else a full copy first."""
    final = Path(final)
    tmp = _tmp_name(final)
    try:
        try:
            os.link(src, tmp)
        except OSError:
            shutil.copyfile(src, tmp)
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)


def remove_workdir(work: Path) -> None:
    """Remove a render's work folder. After an interrupt manim's encoder threads may still
    be closing a segment in it for a moment, so try again briefly; whatever is left, the
    next render sweeps (its owner is dead)."""
    import time

    for _ in range(20):
        shutil.rmtree(work, ignore_errors=True)
        if not Path(work).exists():
            return
        time.sleep(0.05)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def owner_pid(name: str) -> int | None:
    """The pid in a temporary name made by this module, e.g. ``.a.mp4.1234-abcd.tmp``."""
    stem = name[:-4] if name.endswith(".tmp") else name
    head = stem.rpartition(".")[2] if stem.startswith(".") else stem
    pid = head.partition("-")[0]
    return int(pid) if pid.isdigit() else None


def sweep_stale(folder: Path) -> None:
    """Remove temporary files and folders left in ``folder`` by processes that died."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        is_tmp = path.name.endswith(".tmp") and path.name.startswith(".")
        is_tmpdir = path.parent.name == "tmp" and path.is_dir()
        if not (is_tmp or is_tmpdir):
            continue
        pid = owner_pid(path.name)
        if pid is None or pid == os.getpid() or _pid_alive(pid):
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


# ---- entries -------------------------------------------------------------------------------

class Cache:
    """The cache under one output folder."""

    def __init__(self, out: Path):
        self.root = Path(out) / CACHE_DIR

    def entry(self, key: str) -> Path:
        return self.root / key

    def meta(self, key: str) -> dict | None:
        """The entry's metadata if the entry is complete and its files are intact, else None."""
        try:
            meta = json.loads((self.entry(key) / "meta.json").read_text())
        except (OSError, ValueError):
            return None
        for name, size in meta.get("sizes", {}).items():
            path = self.entry(key) / name
            if not path.is_file() or path.stat().st_size != size:
                return None
        return meta

    def has(self, key: str, name: str) -> bool:
        return (self.entry(key) / name).is_file()

    def new_workdir(self) -> Path:
        """A private folder for one render, on the same filesystem as the entries."""
        tmp = self.root / "tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        sweep_stale(tmp)
        work = tmp / f"{os.getpid()}-{secrets.token_hex(4)}"
        work.mkdir()
        return work

    def commit(self, key: str, staged: Path, replace: bool) -> None:
        """Rename the complete ``staged`` folder into place as entry ``key``. An existing
        valid entry is kept unless ``replace``; then its files are swapped one by one (each
        ``os.replace`` is atomic, so a concurrent reader linking a file still gets a whole
        one), meta.json last."""
        final = self.entry(key)
        try:
            os.rename(staged, final)
            return
        except OSError:
            if not final.is_dir():
                raise
        if replace or self.meta(key) is None:
            names = sorted((p.name for p in staged.iterdir()), key=lambda n: n == "meta.json")
            for name in names:
                os.replace(staged / name, final / name)

    def add_file(self, key: str, src: Path, name: str) -> Path:
        """Move one finished file into an existing entry."""
        final = self.entry(key) / name
        os.replace(src, final)
        return final
