"""One clip's render, as the pipeline runs it: which parts are cached
(:mod:`sgdanim.render.parts`), the progress display (:mod:`sgdanim.render.progress`) and the
scene itself (:func:`sgdanim.render.scene.render_scene`)."""

from __future__ import annotations

import sys
from pathlib import Path

from .cache import Cache
from .parts import PartRun, plan_parts
from .plan import QUALITIES
from .progress import LineView, LiveView, Meter, load_history, save_history

__all__ = ["draw"]


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


def draw(job: dict, lesson, params, work: Path, narrator=None):
    """Render the clip's scene into ``work``: cached parts reused, the rest drawn and stored,
    progress on stderr; what each part took is kept for the next render's total."""
    from .scene import render_scene

    cache = Cache(job["out"])
    fps = QUALITIES[job["quality"]][2]
    parts = _part_run(job, lesson, params, work)
    history = cache.root / "frames" / f"{lesson.id}-{job['quality']}.json"
    chosen = lesson.chosen_parts(params)
    meter = Meter(f"{lesson.id}-{job['quality']}", [(p.id, p.title) for p in chosen],
                  fps, LiveView() if job["progress"] else LineView(), load_history(history),
                  reused={chosen[i].id for i in parts.reuse})
    try:
        rendered = render_scene(lesson.id, params, job["quality"], work / "manim", name="clip",
                                shared_assets=cache.root, meter=meter,
                                verbosity="INFO" if job["debug"] else "WARNING",
                                processes=job["split"], encoder=job["encoder"], parts=parts,
                                narrator=narrator)
    except BaseException:
        meter.abandon()
        raise
    meter.finish()
    save_history(history, meter.frames_per_part)
    return rendered
