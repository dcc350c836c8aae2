"""Render on a Dask cluster: ``--scheduler tcp://HOST:PORT`` or ``--scheduler local:N``.

Every part a clip lacks becomes one Dask task (:func:`draw_part`). A task skips the parts
before its own the way a render that reuses cached parts skips them
(:mod:`sgdanim.render.parts`: straight to the end state, the clock moved on by whole frames),
draws its part, stops there, and commits the part's segments into the content-addressed part cache under the shared
output folder, ``<out>/.cache/parts/<key>``, under that key's lock. Once every task is done
this process runs the ordinary render (:func:`sgdanim.render.jobs.run_clips`), which finds
every part in the cache and only joins them, captions, writes the sidecar and publishes. The
movie is therefore made of the segment files a one-machine render would make, joined by the
same code: byte-identical (``tests/render/test_dask.py`` checks it, and with a worker killed
mid-task).

So the cluster's workers must see the output folder at the same path (a shared folder) and
run the same sgdanim, manim and PyAV: a task refuses to draw a part whose key differs from
the one this process computed (docs/scaling.md). dask is imported only by
:func:`draw_parts`; without ``--scheduler`` nothing here runs.

Examples
--------
>>> parse_scheduler("local:2"), parse_scheduler("tcp://10.0.0.5:8786")
(('local', 2), ('address', 'tcp://10.0.0.5:8786'))
>>> parse_scheduler("10.0.0.5")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
sgdanim.core.errors.UsageError: --scheduler '10.0.0.5' must be tcp://HOST:PORT ... or local:N ...
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import socket
import sys
import threading
import time
from pathlib import Path

from ..core.errors import UsageError
from . import manim_compat
from .cache import CACHE_DIR, Cache, remove_workdir, sweep_stale
from .parts import PartCache, PartRun, part_keys, replayable
from .plan import QUALITIES, Clip

__all__ = ["CONNECT_SECONDS", "draw_part", "draw_parts", "parse_scheduler"]

CONNECT_SECONDS = 10  # how long to try a scheduler before saying it cannot be reached
_ADDRESS = re.compile(r"(tcp|tls)://[^\s:/]+:\d{1,5}")
_RENDERING = threading.Lock()  # manim's config is process-global: one render per process


def _say(message: str) -> None:
    print(f"sgdanim: {message}", file=sys.stderr, flush=True)


def parse_scheduler(text: str) -> tuple[str, int | str]:
    """``("local", N)`` for ``local:N``, ``("address", text)`` for ``tcp://HOST:PORT``."""
    kind, colon, count = text.partition(":")
    if kind == "local" and colon:
        if not count.isdigit() or not 1 <= int(count) <= 256:
            raise UsageError(f"--scheduler {text!r}: N in local:N must be a whole number "
                             f"from 1 to 256")
        return "local", int(count)
    if not _ADDRESS.fullmatch(text):
        raise UsageError(f"--scheduler {text!r} must be tcp://HOST:PORT (a Dask scheduler) "
                         f"or local:N (N worker processes here)")
    return "address", text


# ---- on a worker ------------------------------------------------------------------------------

class OnePart(PartRun):
    """A render that draws part ``only`` and gets past the parts before it as past reused
    parts: those already in the cache with records are replayed when ``only`` starts clean
    (``LessonScene._fast_forward``, as any render that reuses them), the others built and
    skipped. Only part ``only`` has segment files, so only it is stored, and the scene ends
    once it is (nothing after a part can change it)."""

    def __init__(self, only: int, keys: list[str], cache: PartCache, work: Path, fps: float):
        found = cache.cached(keys[:only])
        super().__init__(keys, found, cache, work, fps,
                         replayable=replayable(cache, keys[:only], found, fps))
        self.only = only

    def skipping(self) -> bool:
        return self.current != self.only

    def fill(self) -> None:
        """Nothing: this render's movie is never used, only part ``only``'s stored segments."""

    def begin_part(self, index: int | None, clock: float) -> None:
        super().begin_part(index, clock)
        if index is not None and self.only in self.stored:
            manim_compat.end_scene_early()


def _host_workdir(out: Path) -> Path:
    """A private folder for one task, ``.cache/tmp/host-<name>/tmp/<pid>-<random>``: on the
    cache's filesystem (its files are renamed into the cache), and in a folder of this host's
    own, because a folder is swept when its owner pid is dead, and a pid means nothing on
    another machine sharing the folder."""
    tmp = Path(out) / CACHE_DIR / "tmp" / f"host-{socket.gethostname()}" / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    sweep_stale(tmp)
    work = tmp / f"{os.getpid()}-{secrets.token_hex(4)}"
    work.mkdir()
    return work


def _render_part(job: dict, lesson, params, index: int, keys: list[str], work: Path) -> None:
    from . import narration
    from .scene import render_scene

    cache = Cache(job["out"])
    store = PartCache(job["out"])
    if job["force"] and (store.root / keys[index]).is_dir():  # drawn again: move the old away
        os.rename(store.root / keys[index], work / "replaced")
    run = OnePart(index, keys, store, work, QUALITIES[job["quality"]][2])
    render_scene(lesson.id, params, job["quality"], work / "manim", name="part",
                 shared_assets=cache.root, verbosity="INFO" if job["debug"] else "WARNING",
                 encoder=job["encoder"], parts=run,
                 narrator=narration.narrator_for(params, cache.root))


def draw_part(job: dict, index: int) -> dict:
    """The Dask task: make sure the part cache under ``job["out"]`` holds part ``index`` of
    the clip ``job`` describes (the dict :func:`sgdanim.render.jobs.run_clips` renders from,
    plus ``part_key``, the key the submitting process computed). A pure function of its
    arguments: a task run again after its worker died does the same, and finds the part
    stored if the dead one got that far. Returns what it did."""
    from ..lessons import get
    from .lock import hold

    started = time.perf_counter()
    with _RENDERING, contextlib.redirect_stdout(sys.stderr):
        if job.get("stdout_to_stderr"):  # a local worker shares the command's stdout
            os.dup2(2, 1)
        lesson = get(job["lesson"])
        params = lesson.resolve(base=job["params"])
        keys = part_keys(lesson, params, job["quality"], QUALITIES[job["quality"]][:2],
                         job["encoder"])
        if keys[index] != job["part_key"]:
            raise RuntimeError(f"this worker ({socket.gethostname()}) keys the part "
                               f"{keys[index]}, the command {job['part_key']}: it runs other "
                               f"sources or versions of sgdanim, manim or PyAV")
        store, drawn = PartCache(job["out"]), False
        label = f"{lesson.id}-{job['quality']} part {index}"
        with hold(Path(job["out"]) / CACHE_DIR, keys[index], label):
            if job["force"] or store.stored(keys[index]) is None:
                work = _host_workdir(job["out"])
                try:
                    _render_part(job, lesson, params, index, keys, work)
                finally:
                    remove_workdir(work)
                drawn = True
        if store.stored(keys[index]) is None:
            raise RuntimeError(f"{label}: the render ended without storing the part")
    return {"key": keys[index], "drawn": drawn, "seconds": time.perf_counter() - started,
            "host": socket.gethostname(), "pid": os.getpid()}


# ---- in the command ---------------------------------------------------------------------------

def part_tasks(clips: list[Clip], force: bool) -> dict[str, tuple[str, dict, int]]:
    """The parts the clips lack, by part key: (what to call it, the task's job, the part's
    index). A part two clips share (the same lesson, parts and values read so far) is one
    task."""
    from .jobs import keyed_clips, render_job

    tasks = {}
    for clip, key in keyed_clips(clips):
        if not force and Cache(clip.out).meta(key) is not None:
            continue
        job = render_job(clip, key, force, False, False, 1)
        variants = [job] + ([{**job, **job["gif_job"], "gif_job": None}] if job["gif_job"]
                            else [])
        for variant in variants:
            if not force and Cache(clip.out).meta(variant["key"]) is not None:
                continue
            params = clip.lesson.resolve(base=variant["params"])
            keys = part_keys(clip.lesson, params, clip.quality, QUALITIES[clip.quality][:2],
                             clip.encoder)
            chosen = clip.lesson.chosen_parts(params)
            for index, part_key in enumerate(keys):
                if force or PartCache(clip.out).stored(part_key) is None:
                    tasks.setdefault(part_key, (f"{clip.stem} {chosen[index].id}",
                                                {**variant, "part_key": part_key}, index))
    return tasks


@contextlib.contextmanager
def _client(kind: str, where):
    """A Dask client of the scheduler at ``where``, or of a new local cluster of ``where``
    worker processes (one thread each, no memory limit: a render holds 1.4-1.8 GB at 1080p,
    as the split render's processes do). A scheduler that does not answer is bad input."""
    import logging

    from distributed import Client, LocalCluster

    cluster = None
    try:
        if kind == "local":
            cluster = LocalCluster(n_workers=where, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                   memory_limit=0,
                                   silence_logs=logging.ERROR)
            client = Client(cluster, set_as_default=False)
        else:
            try:
                client = Client(where, timeout=CONNECT_SECONDS, set_as_default=False)
            except OSError:
                raise UsageError(f"--scheduler {where!r}: no Dask scheduler answered there "
                                 f"within {CONNECT_SECONDS} s") from None
        try:
            yield client
        finally:
            client.close(timeout=CONNECT_SECONDS)
    finally:
        if cluster is not None:
            cluster.close(timeout=CONNECT_SECONDS)


def _wait_for_workers(client) -> None:
    from .jobs import RenderError

    try:
        client.wait_for_workers(1, timeout=6 * CONNECT_SECONDS)
    except TimeoutError:
        raise RenderError(f"the Dask scheduler has had no worker for {6 * CONNECT_SECONDS} s "
                          f"(start one with: dask worker {client.scheduler.address} "
                          f"--nthreads 1)") from None


def _run_tasks(client, tasks: dict, local: bool) -> None:
    """Submit one task per part, keyed by the part's key (a task run again after its worker
    died is the same task); report each as it ends; raise if any failed."""
    from distributed import as_completed

    from .jobs import RenderError

    futures = {}
    for part_key, (label, job, index) in tasks.items():
        future = client.submit(draw_part, {**job, "stdout_to_stderr": local}, index,
                               key=f"sgdanim-part-{part_key}", retries=1)
        futures[future] = label
    failures = []
    try:
        for future in as_completed(futures, loop=client.loop):
            label = futures[future]
            try:
                done = future.result()
            except Exception as exc:  # noqa: BLE001 - reported below, then exit 1
                failures.append(f"{label}: {type(exc).__name__}: {exc}")
                continue
            how = (f"drawn in {done['seconds']:.1f} s" if done["drawn"]
                   else "found in the cache")
            _say(f"{label}: {how} on {done['host']} (pid {done['pid']})")
    finally:
        client.cancel(list(futures))
    if failures:
        raise RenderError(failures[-1] if len(failures) == 1
                          else f"{len(failures)} parts failed; last: {failures[-1]}")


def draw_parts(scheduler: str, clips: list[Clip], force: bool = False) -> None:
    """Have the Dask cluster ``scheduler`` names draw every part of ``clips`` their output
    folders' caches lack (every part with ``force``); returns once each is stored. Nothing is
    written before the scheduler answers."""
    from .jobs import check_numbers
    from .plan import create_out_folder

    kind, where = parse_scheduler(scheduler)
    check_numbers(clips)
    tasks = part_tasks(clips, force)
    if not tasks:
        return
    with _client(kind, where) as client:
        _wait_for_workers(client)
        for clip in clips:
            create_out_folder(clip.out)
        _say(f"{len(tasks)} part{'s' if len(tasks) != 1 else ''} to draw on "
             f"{len(client.scheduler_info()['workers'])} Dask worker(s) at "
             f"{client.scheduler.address}")
        _run_tasks(client, tasks, local=kind == "local")
