"""One clip's render, as the pipeline runs it: which parts are cached
(:mod:`sgdanim.render.parts`), the progress display (:mod:`sgdanim.render.progress`), the
LaTeX and Pango SVGs this machine has made before (:func:`machine_svgs`) and the scene itself
(:func:`sgdanim.render.scene.render_scene`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .cache import Cache
from .parts import PartRun, plan_parts
from .plan import QUALITIES
from .progress import LineView, LiveView, Meter, load_history, save_history

__all__ = ["SVG_CACHE_ENV", "draw", "machine_svgs"]

SVG_CACHE_ENV = "SGDANIM_SVG_CACHE"


def _say(message: str) -> None:
    print(f"sgdanim: {message}", file=sys.stderr, flush=True)


def _part_run(job: dict, lesson, params, work: Path) -> PartRun:
    """Which parts of the clip are cached already (none with ``--force``)."""
    parts = plan_parts(lesson, params, job["quality"], job["out"], work, job["encoder"],
                       job["split"], reuse=job.get("reuse_parts") or not job["force"])
    if parts.reuse:
        chosen = lesson.chosen_parts(params)
        _say(f"{lesson.id}-{job['quality']}: reusing "
             f"{', '.join(chosen[i].id for i in sorted(parts.reuse))}")
    return parts


def machine_svgs(environ=os.environ) -> Path | None:
    """The folder of LaTeX and Pango SVGs that every output folder on this machine shares:
    ``$SGDANIM_SVG_CACHE`` (empty: none), else ``$XDG_CACHE_HOME/sgdanim/svgs``, else
    ``~/.cache/sgdanim/svgs``. manim names each SVG by a hash of what it draws (Pango's per
    frame size, in a folder each), so any render may use any other's. Compiling them was most
    of a first render into a new folder (overshoot: about 36 s of CPU against 15 s to draw it at
    test quality, docs/performance.md).

    >>> machine_svgs({SVG_CACHE_ENV: ""}) is None
    True
    >>> str(machine_svgs({"XDG_CACHE_HOME": "/var/cache/me"}))
    '/var/cache/me/sgdanim/svgs'
    """
    chosen = environ.get(SVG_CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sgdanim" / "svgs"


def _take_svgs_from(machine: Path | None, size: tuple[int, int]) -> None:
    """Have manim look in the machine's SVG folders before it compiles LaTeX or lays out a
    text (:func:`~sgdanim.render.manim_compat.take_svgs_from`; only what it asks for is
    copied, so the folder may grow large at no cost per render)."""
    from . import manim_compat
    from .scene import shared_asset_folders
    from .svg_store import ParsedSvgs

    manim_compat.install()  # checks manim's version before any of it is imported
    folders = shared_asset_folders(*size)
    manim_compat.take_svgs_from(*(None if machine is None else machine / folders[key]
                                  for key in ("tex_dir", "text_dir")))
    # and the mobjects parsed from them (:mod:`.svg_store`), so each is parsed once a machine
    manim_compat.keep_parsed_svgs_in(None if machine is None else ParsedSvgs(
        machine / "parsed", manim_compat.installed_version()))


def _compile_listed(lesson_id: str, tex: Path) -> None:
    """Compile the formulas the lesson draws at its defaults that ``tex`` lacks, in one LaTeX
    run (:mod:`sgdanim.render.formulas`): on a machine's first render, one run instead of
    one per formula. A folder that cannot be written is left to manim, as before."""
    from .formulas import BATCH_ENV, compile_missing, listed

    if os.environ.get(BATCH_ENV) == "0":   # off, to measure what it saves (bench/render.py)
        return
    try:
        compile_missing(listed(lesson_id), tex)
    except OSError:
        pass


def _give_svgs(out_cache: Path, machine: Path, size: tuple[int, int]) -> None:
    """Give the machine's folder every SVG of the output folder's cache it lacks, one atomic
    rename each (renders may run at once). The machine's folder is a speed-up, never a reason
    to fail: one that cannot be written is left alone."""
    from .scene import share_assets, shared_asset_folders

    for sub in shared_asset_folders(*size).values():
        try:
            if (out_cache / sub).is_dir():
                share_assets(out_cache / sub, machine / sub)
        except OSError:
            pass


def _part_seconds(cache_root: Path, lesson_id: str, chosen, quality: str) -> list:
    """Each chosen part's length in seconds from the last render of the lesson at this
    quality, else at another (a part lasts as long at any frame rate); None where unknown."""
    known: dict[str, float] = {}
    for other in sorted(QUALITIES, key=lambda q: q == quality):   # this quality's last
        fps = QUALITIES[other][2]
        frames = load_history(cache_root / "frames" / f"{lesson_id}-{other}.json")
        known.update({part: count / fps for part, count in frames.items()})
    return [known.get(spec.id) for spec in chosen]


def draw(job: dict, lesson, params, work: Path, narrator=None):
    """Render the clip's scene into ``work``: cached parts reused, the rest drawn and stored,
    progress on stderr; what each part took is kept for the next render's total."""
    from .scene import render_scene, shared_asset_folders

    cache = Cache(job["out"])
    fps = QUALITIES[job["quality"]][2]
    parts = _part_run(job, lesson, params, work)
    size, machine = QUALITIES[job["quality"]][:2], machine_svgs()
    _take_svgs_from(machine, size)
    _compile_listed(lesson.id, (machine or cache.root) / shared_asset_folders(*size)["tex_dir"])
    history = cache.root / "frames" / f"{lesson.id}-{job['quality']}.json"
    chosen = lesson.chosen_parts(params)
    meter = Meter(f"{lesson.id}-{job['quality']}", [(p.id, p.title) for p in chosen],
                  fps, LiveView() if job["progress"] else LineView(), load_history(history),
                  reused={chosen[i].id for i in parts.reuse})
    try:
        rendered = render_scene(lesson.id, params, job["quality"], work / "manim", name="clip",
                                part_seconds=_part_seconds(cache.root, lesson.id, chosen,
                                                           job["quality"]),
                                shared_assets=cache.root, meter=meter,
                                verbosity="INFO" if job["debug"] else "WARNING",
                                processes=job["split"], encoder=job["encoder"], parts=parts,
                                narrator=narrator)
    except BaseException:
        meter.abandon()
        raise
    finally:  # a later render in this process may be at another frame size, or turn it off
        _take_svgs_from(None, size)
    meter.finish()
    if machine is not None:
        _give_svgs(cache.root, machine, size)
    save_history(history, meter.frames_per_part)
    return rendered
