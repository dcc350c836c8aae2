"""Make planned clips: find them in the cache or render them, then publish them atomically.

A clip is rendered once per cache key into a private work folder under ``<out>/.cache/tmp``,
encoded into every requested format there, and only then renamed into the cache. Publishing
hard-links (or copies) cache files to temporary names beside the final paths and renames
them, so a final path always holds a complete file: the old one or the new one.

Renders run in this process, or with ``jobs > 1`` in forked worker processes (manim's config
is process-global, so each process renders one scene at a time).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from . import cache as cachemod
from . import manim_compat, narration
from .budget import write_poster
from .cache import (Cache, cache_key, jsonable, place_atomic, remove_workdir, sweep_stale,
                    write_atomic)
from .chapters import container_chapters
from .embed import web_files
from .gif_fit import gif_source
from .lock import interrupts_held, one_render_per_key
from ..core.errors import UsageError
from .plan import QUALITIES, Clip, create_out_folder
from .draw import draw

MASTER = "clip.mp4"


class RenderError(RuntimeError):
    """A render failed for a reason other than bad input."""


def _say(message: str) -> None:
    print(f"sgdanim: {message}", file=sys.stderr, flush=True)


# ---- in the worker ---------------------------------------------------------------------------

def _encode(fmt: str, master: Path, dst: Path, meta: dict) -> dict:
    """Write format ``fmt`` of the clip to ``dst``; returns facts for the sidecar."""
    from . import encode

    if fmt == "webm":
        encode.encode_webm(master, dst, container_chapters(meta["parts"], meta["fps"]))
        narration.add_to(dst)  # a narrated clip's sound, kept beside its master
    elif fmt == "gif":
        encode.encode_gif(master, dst)
    elif fmt == "png":
        poster = encode.choose_poster(master, meta["frames"], meta["fps"], meta.get("poster_mark"),
                                      meta.get("background"))
        fitted = write_poster(master, poster.frame, dst)  # within the posters' budget
        return {"frame": poster.frame, "time": poster.time, "how": poster.how, **fitted}
    else:
        raise ValueError(f"no encoder for {fmt!r}")
    return {}


def _background(scene) -> list[int] | None:
    colour = getattr(getattr(scene, "camera", None), "background_color", None)
    if colour is None or not hasattr(colour, "to_rgb"):
        return None
    return [int(round(255 * c)) for c in colour.to_rgb()]


def _render_into(job: dict, work: Path) -> tuple[Path, dict]:
    """Render the scene and stage a complete entry folder in ``work``."""
    from . import encode
    from ..lessons import get

    lesson = get(job["lesson"])
    params = lesson.resolve(base=job["params"])
    cache = Cache(job["out"])
    narrator = narration.narrator_for(params, cache.root)
    rendered = draw(job, lesson, params, work, narrator)
    staged = work / "entry"
    staged.mkdir()
    scene = rendered.scene
    width, height, fps = QUALITIES[job["quality"]]
    parts = [part.to_json(fps) for part in getattr(scene, "played_parts", [])]
    encode.faststart_mp4(rendered.video, staged / MASTER,
                         chapters=container_chapters(parts, fps))
    if narrator is not None:  # keeps the chapters (soundtrack.with_audio copies them)
        spoken = narration.add_to_master(narrator, staged / MASTER,
                                         manim_compat.played_seconds(scene))
    if rendered.captions is not None:
        shutil.copyfile(rendered.captions, staged / "clip.srt")
    marks = scene.marks("poster") if hasattr(scene, "marks") else []
    numbers = getattr(scene, "numbers", None)
    meta = {
        "lesson": lesson.id, "params": params.to_json(), "quality": job["quality"],
        "width": width, "height": height, "fps": fps,
        "duration": manim_compat.played_seconds(scene),
        "frames": encode.count_frames(staged / MASTER),
        "poster_mark": marks[-1][0] if marks else None,
        "background": _background(scene),
        "parts": parts,
        "numbers": jsonable(numbers.shown()) if hasattr(numbers, "shown") else None,
        "versions": cachemod.versions(), "key": job["key"],
        "narration": spoken if narrator is not None else None,
    }
    extras = {}
    for fmt in job["formats"]:
        if fmt != "mp4":
            extras[fmt] = _encode(fmt, staged / MASTER, staged / f"clip.{fmt}", meta)
    if "png" in extras:
        (staged / "poster.json").write_text(json.dumps(extras["png"]))
    meta["sizes"] = {p.name: p.stat().st_size for p in staged.iterdir()}
    (staged / "meta.json").write_text(json.dumps(meta, indent=1))
    return staged, meta


@one_render_per_key
def make_entry(job: dict) -> dict:
    """Ensure the cache holds the clip in every requested format; returns what happened."""
    cache = Cache(job["out"])
    key = job["key"]
    started = time.perf_counter()
    meta = None if job["force"] else cache.meta(key)
    rendered = meta is None
    missing = [f for f in job["formats"] if f != "mp4" and meta and not cache.has(key, f"clip.{f}")]
    if rendered or missing:
        work = cache.new_workdir()
        try:
            if rendered:
                staged, meta = _render_into(job, work)
                cache.commit(key, staged, replace=job["force"])
            else:  # new formats from the cached master, no render
                for fmt in missing:
                    tmp = work / f"clip.{fmt}"
                    facts = _encode(fmt, cache.entry(key) / MASTER, tmp, meta)
                    if fmt == "png":
                        write_atomic(cache.entry(key) / "poster.json", json.dumps(facts).encode())
                    cache.add_file(key, tmp, f"clip.{fmt}")
        finally:
            remove_workdir(work)
    if job.get("gif_job"):  # the GIF comes from its own render (captions burned in)
        gif = make_entry({**job, **job["gif_job"], "gif_job": None})
        rendered, missing = rendered or gif["rendered"], missing + gif["encoded"]
    return {"key": key, "rendered": rendered, "encoded": missing,
            "seconds": time.perf_counter() - started}


def _worker_init() -> None:
    # manim's rich console and any C library writing to fd 1 must not reach our stdout,
    # which carries only file paths.
    os.dup2(2, 1)
    sys.stdout = sys.stderr


# ---- in the parent ---------------------------------------------------------------------------

def _sidecar(clip: Clip, key: str, meta: dict, poster: dict | None, captions: bool) -> dict:
    files = {fmt: clip.path(fmt).name for fmt in clip.formats}
    if captions:
        files["srt"] = clip.path("srt").name
        files["vtt"] = clip.path("vtt").name
    if meta.get("parts"):
        files["chapters"] = clip.path("chapters.vtt").name
    return {
        "lesson": clip.lesson.id, "title": clip.lesson.title, "params": clip.params.to_json(),
        "quality": clip.quality, "formats": list(clip.formats), "files": files,
        "width": meta["width"], "height": meta["height"], "fps": meta["fps"],
        "frames": meta["frames"], "duration": meta["duration"], "parts": meta.get("parts", []),
        "poster": poster, "numbers": meta["numbers"], "versions": meta["versions"],
        "narration": meta.get("narration"), "encoder": clip.encoder, "cache_key": key,
    }


def publish(clip: Clip, key: str) -> list[Path]:
    """Place the cached files at the clip's stable names; the sidecar goes last."""
    cache = Cache(clip.out)
    entry = cache.entry(key)
    meta = cache.meta(key)
    if meta is None:
        raise RenderError(f"{clip.stem}: cache entry {key} vanished before publishing")
    clip.folder.mkdir(parents=True, exist_ok=True)
    sweep_stale(clip.folder)
    sources = {fmt: entry / f"clip.{fmt}" for fmt in clip.encoded}
    gif_facts = None
    if "gif" in sources:  # before anything is placed: it may not fit --max-size
        sources["gif"], gif_facts = gif_source(cache, key, clip.gif_key, clip.max_size,
                                               clip.path("gif").name)
    with interrupts_held():  # the clip's files all change together, or (stopped first) none
        written = []
        for fmt, src in sources.items():
            place_atomic(src, clip.path(fmt))
            written.append(clip.path(fmt))
        srt = entry / "clip.srt"
        captions = srt.is_file()
        if captions:
            place_atomic(srt, clip.path("srt"))
            written.append(clip.path("srt"))
        poster = json.loads((entry / "poster.json").read_text()) if "png" in clip.formats else None
        car = _sidecar(clip, key, meta, poster, captions)
        if gif_facts:
            car["gif"] = gif_facts
        for name, text in web_files(car, srt.read_text("utf-8") if captions else None).items():
            write_atomic(clip.folder / name, text.encode())  # WebVTT tracks, the html snippet
            written.append(clip.folder / name)
        write_atomic(clip.path("json"), (json.dumps(car, indent=2) + "\n").encode())
        written.append(clip.path("json"))
    return written


def render_job(clip: Clip, key: str, force: bool, debug: bool, progress: bool, split: int) -> dict:
    """What a worker process needs to render ``clip`` under cache ``key`` (plain data, so it
    pickles to a process or a Dask task)."""
    variant = clip.gif_key
    formats = [f for f in clip.encoded if not (variant and f == "gif")]
    gif_job = variant and {"params": clip.gif_params.to_json(), "key": variant, "formats": ["gif"]}
    return {"lesson": clip.lesson.id, "params": clip.params.to_json(), "quality": clip.quality,
            "formats": formats, "out": str(clip.out), "key": key, "force": force,
            "debug": debug, "progress": progress, "split": split, "gif_job": gif_job,
            "encoder": clip.encoder}


def default_split(jobs: int) -> int:
    """Processes per lesson when ``--split`` is not given: the cores left for each of the
    ``jobs`` lessons rendering at once, at most 4 (each process holds its own scene and
    encoders: 1.4-1.8 GB at 1080p)."""
    return max(1, min(4, (os.cpu_count() or 1) // jobs))


def check_numbers(clips_to_render: list[Clip]) -> None:
    """Compute each clip's numbers before anything renders, so a lesson's own check of its
    params (say, two of them that conflict) is still reported as bad input with nothing
    written."""
    for clip in clips_to_render:
        try:
            clip.lesson.compute(clip.params)
        except UsageError:
            raise
        except Exception as exc:  # noqa: BLE001 - a bug in the lesson, not the user's input
            raise RenderError(f"{clip.stem}: computing the lesson's numbers failed: "
                              f"{type(exc).__name__}: {exc}") from exc


def run_clips(clips: list[Clip], jobs: int = 1, force: bool = False, debug: bool = False,
              split: int | None = None, reuse_parts: bool = False):
    """Make every clip; yields the paths written, clip by clip, as each is published.

    ``jobs`` lessons render at once, each in ``split`` processes (:func:`default_split`).
    ``reuse_parts``: the cached parts were just drawn (on a Dask cluster), so take them even
    with ``force``."""
    split = default_split(jobs) if split is None else split
    keyed = keyed_clips(clips)
    todo = [clip for clip, key in keyed if force or Cache(clip.out).meta(key) is None]
    check_numbers(todo)

    progress = jobs == 1 and sys.stderr.isatty()
    work = [(clip, {**render_job(clip, key, force, debug, progress, split),
                    "reuse_parts": reuse_parts}) for clip, key in keyed]
    for clip, _ in keyed:
        create_out_folder(clip.out)
    results = (_make_here(work, todo) if jobs == 1 or len(todo) <= 1
               else _make_in_workers(work, min(jobs, len(todo))))
    failures = []
    with contextlib.closing(results):
        for clip, result in results:
            if isinstance(result, Exception):
                if debug:
                    raise result
                failures.append(f"{clip.stem}: {type(result).__name__}: {result}")
                continue
            yield from _report(clip, result)
    if failures:
        for line in failures[:-1]:
            _say(f"failed: {line}")
        raise RenderError(failures[-1] if len(failures) == 1
                          else f"{len(failures)} clips failed; last: {failures[-1]}")


def keyed_clips(clips: list[Clip]) -> list[tuple[Clip, str]]:
    """Each clip with its cache key; two clips that would write one sidecar are bad input."""
    keyed, seen = [], {}
    for clip in clips:
        size = QUALITIES[clip.quality]
        keyed.append((clip, cache_key(clip.lesson, clip.params.to_json(), clip.quality, size,
                                      clip.encoder)))
        other = seen.setdefault(clip.path("json"), clip)
        if other is not clip:
            raise UsageError(f"two requested clips would both write {clip.path('json')}")
    return keyed


def _make_here(work: list[tuple[Clip, dict]], todo: list[Clip]):
    """Make each entry in this process; yields ``(clip, result or the exception raised)``."""
    for clip, job in work:
        if any(c is clip for c in todo):
            _say(f"{clip.stem}: rendering")
        try:
            with contextlib.redirect_stdout(sys.stderr):
                result = make_entry(job)
        except Exception as exc:  # noqa: BLE001 - reported by run_clips, then exit 1
            result = exc
        finally:  # the render's allocator settings stop with it (this process may go on)
            from .scene import untune_the_allocator
            untune_the_allocator()
        yield clip, result


def _make_in_workers(work: list[tuple[Clip, dict]], workers: int):
    """Make the entries in ``workers`` forked processes; yields ``(clip, result or the
    exception raised)`` as each finishes."""
    import multiprocessing

    import manim  # noqa: F401 - once here, so forked workers share the import

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_worker_init) as pool:
        futures = {pool.submit(make_entry, job): clip for clip, job in work}
        for future in as_completed(futures):
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - reported by run_clips, then exit 1
                result = exc
            yield futures[future], result


def _report(clip: Clip, result: dict) -> list[Path]:
    """Say what happened to ``clip`` and publish it; returns the paths written."""
    if result["rendered"]:
        _say(f"{clip.stem}: rendered in {result['seconds']:.1f} s")
    elif result["encoded"]:
        _say(f"{clip.stem}: cached; encoded {', '.join(result['encoded'])} "
             f"in {result['seconds']:.1f} s")
    else:
        _say(f"{clip.stem}: cached")
    return publish(clip, result["key"])
