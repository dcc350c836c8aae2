"""A lesson played with no frame drawn: its clock, captions and formulas in seconds, not minutes.

Every animation is skipped the split render's way (:func:`.manim_compat.decide_plays`): the
scene goes to each animation's end state, the clock moves on by the frames it would have had,
and the captions and the mobjects added to the scene come out as in a render, but nothing is
rasterised or encoded. :mod:`sgdanim.render.formulas` lists a lesson's formulas this way, and
the tests (``tests/scenes/dryrun.py``) check captions, text sizes and layout from the same run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DryScene", "play_dry"]

# Small frames: nothing is drawn, but manim still sizes its camera's pixel array.
_SETTINGS = {"pixel_width": 256, "pixel_height": 144, "disable_caching": True,
             "write_to_movie": False, "verbosity": "ERROR", "progress_bar": "none"}


@dataclass(frozen=True)
class DryScene:
    """What a dry run leaves: the played ``scene`` (its clock, mobjects and captions) and every
    ``(expression, environment)`` in ``formulas`` that manim asked LaTeX for."""

    scene: object
    formulas: frozenset


def play_dry(lesson_id: str, sets: Iterable[str] = (), *, frame_rate: int = 15,
             media_dir: str | Path | None = None,
             watch: Callable[[object], None] | None = None) -> DryScene:
    """Play ``lesson_id`` at its defaults and ``sets`` (``name=value``) with no frame drawn.

    ``media_dir`` is where manim keeps the SVGs of formulas and labels (default: manim's
    current setting); ``watch(scene)`` is called once the scene exists, before it plays, to
    wrap its methods and note what it does.
    """
    import manim

    from ..lessons import get
    from . import manim_compat

    lesson, formulas = get(lesson_id), set()
    manim_compat.install()
    manim_compat.forget_parsed_svgs()   # else the digits an earlier run drew are not asked for
    stop_listening = manim_compat.listen_for_formulas(lambda *formula: formulas.add(formula))
    settings = {**_SETTINGS, "frame_rate": frame_rate}
    if media_dir is not None:
        settings["media_dir"] = str(media_dir)
    try:
        with manim.tempconfig(settings):
            scene = lesson.scene_class()(params=lesson.resolve(sets=sets))
            if watch is not None:
                watch(scene)
            manim_compat.decide_plays(scene, lambda index, skipped: False)
            scene.render()
    finally:
        stop_listening()
    return DryScene(scene, frozenset(formulas))
