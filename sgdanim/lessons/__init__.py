"""The lesson registry. Each module in this package defines ``LESSON``, a :class:`Lesson`.

A lesson's numbers are computed here, in the core, from its validated parameters; its scene in
``scenes/<lesson>/`` only draws them. Modules are discovered, so adding a lesson touches no
shared file.

A lesson is an ordered list of named :class:`PartSpec` s, which are also its chapters. Every
lesson takes a ``parts`` parameter (:func:`parts_param`) that picks which of them play; they
always play in the lesson's order. Every lesson also takes the presentation parameters
(:data:`PRESENTATION`, added for it): ``captions=burned`` draws the captions into the picture,
``voice=espeak`` speaks them.

Examples
--------
>>> "stepping" in lesson_ids()
True
>>> get("stepping").defaults().lr
0.0001
>>> [part.id for part in get("overshoot").parts]
['question', 'parabola', 'sweep', 'thread']
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Mapping

from .._callable import make_callable
from ..core.errors import UsageError
from ..core.params import Param, Params, resolve

make_callable(__name__)  # sgdanim.lessons() is sgdanim.api.lessons


@dataclass(frozen=True)
class PartSpec:
    """One named part of a lesson, and its chapter: ``id`` names it in ``--set parts=...``,
    ``title`` is the chapter's title, and ``reads`` lists the parameters whose values can
    change what the part shows (the rest of the lesson's parameters leave it as it was).

    ``titled``, if set, gives the title at a run's numbers, for a title whose words can be
    false at other settings (overshoot's "One neuron trains, two run away", where both do).
    It must only read numbers of the parameters the part ``reads``, as the part's pixels do.

    >>> spec = PartSpec("a", "Two run away", titled=lambda n: "Two train" if n else None)
    >>> spec.title_at(None), spec.title_at(0), spec.title_at(1)
    ('Two run away', 'Two run away', 'Two train')
    """

    id: str
    title: str
    reads: tuple[str, ...] = ()
    titled: Callable[[Any], str | None] | None = field(default=None, compare=False, repr=False)

    def title_at(self, numbers) -> str:
        """The chapter's title at ``numbers`` (a lesson's computed numbers; None: the
        default's title, as ``sgdanim list`` shows it)."""
        if self.titled is None or numbers is None:
            return self.title
        return self.titled(numbers) or self.title


def parts_param(parts: tuple[PartSpec, ...]) -> Param:
    """The ``parts`` parameter of a lesson made of ``parts``: all of them by default.

    >>> parts_param((PartSpec("a", "A"), PartSpec("b", "B"))).describe()
    "parts (strs {a, b}) = a,b: which parts to play; they play in the lesson's order"
    """
    ids = tuple(part.id for part in parts)
    return Param("parts", "strs", ids, "which parts to play; they play in the lesson's order",
                 choices=ids)


def captions_param() -> Param:
    """Where the captions go: beside the video only (``srt``) or drawn into it too (``burned``,
    for clips that autoplay muted, and GIFs, which carry no caption track).

    >>> captions_param().describe()
    'captions (str {srt, burned}) = srt: srt: captions in files beside the video; burned: drawn into the picture too'
    """
    return Param("captions", "str", "srt", "srt: captions in files beside the video; burned: "
                 "drawn into the picture too", choices=("srt", "burned"))


def voice_param() -> Param:
    """Who speaks the captions: nobody (``none``), ``espeak`` or ``piper:PATH.onnx``
    (``sgdanim.render.voice``). A narrated scene waits for its voice.

    >>> voice_param().describe()
    'voice (str) = none: none, espeak or piper:PATH.onnx: speak the captions (the scene waits for the voice)'
    """
    return Param("voice", "str", "none", "none, espeak or piper:PATH.onnx: speak the captions "
                 "(the scene waits for the voice)")


# Parameters every lesson takes and every part reads: how the lesson is shown, not what.
PRESENTATION = (captions_param(), voice_param())


def positive_param(name: str, default: float, help: str, high: float | None = None) -> Param:
    """A float above 0, and at most ``high`` if given: a learning rate, a nudge, a target.

    >>> positive_param("lr", 1e-4, "learning rate", high=1).describe()
    'lr (float (0, 1]) = 0.0001: learning rate'
    """
    return Param(name, "float", default, help, low=0, low_open=True, high=high)


def data_param() -> Param:
    """The ``data`` parameter of a lesson fitted on (x, y) rows: the spreadsheet's by default.

    >>> data_param().describe().partition(":")[0]
    'data (str) = spreadsheet'
    """
    return Param("data", "str", "spreadsheet", "spreadsheet, synthetic[:seed=0,n=29,slope=2,"
                 "intercept=30,noise=0] or a path to an x,y CSV")


def refuse_overflowing_start(lesson: str, data, model: str, init: Mapping[str, float]) -> None:
    """Refuse rows on which ``model`` from ``init`` is past the runaway cap on its very first
    row: the run stops before its first step, and the lesson has nothing to draw (momentum and
    relu-sandwich failed with an IndexError on rows in the tens of millions).

    >>> from types import SimpleNamespace as NS
    >>> import numpy as np
    >>> refuse_overflowing_start("x", NS(x=np.array([1.0]), y=np.array([3.0]), name="r"),
    ...                          "linear", {"a": 1.0, "b": 1.0}) is None
    True
    """
    import numpy as np   # here: `sgdanim list` and --help import this module, not numpy

    from ..core import models
    from ..core.trajectory import MAX_LOSS
    m = models.get(model)
    err2 = float(m.loss(np.array([init[k] for k in m.params]), data.x[0], data.y[0]))
    if not err2 <= MAX_LOSS:
        raise UsageError(f"{lesson}: data {data.name!r}: from the start, {model}'s err² on the "
                         f"first row is {err2:.3g}, past {MAX_LOSS:.0e}, where a run counts as "
                         "run away, so it would stop before its first step; scale the rows down")


@dataclass(frozen=True)
class Lesson:
    """``compute(params)`` returns the lesson's numbers: an object whose ``shown()`` gives the
    JSON-able numbers the clip puts on screen (they go into the sidecar)."""

    id: str
    title: str
    summary: str
    scene: str                # "scenes.module:ClassName"
    params: tuple[Param, ...]
    compute: Callable[[Params], Any]
    parts: tuple[PartSpec, ...]
    order: int = 100

    def __post_init__(self):
        names = {p.name for p in self.params}
        extra = tuple(p for p in PRESENTATION if p.name not in names)
        object.__setattr__(self, "params", self.params + extra)
        ids = [part.id for part in self.parts]
        param = next((p for p in self.params if p.name == "parts"), None)
        if not ids or len(set(ids)) != len(ids) or param is None or param.choices != tuple(ids):
            raise ValueError(f"lesson {self.id}: needs unique parts and parts_param(parts)")
        names = {p.name for p in self.params}
        for part in self.parts:
            if not set(part.reads) <= names:
                raise ValueError(f"lesson {self.id}: part {part.id} reads unknown "
                                 f"{sorted(set(part.reads) - names)}")

    def part_reads(self, part: PartSpec) -> tuple[str, ...]:
        """Every parameter that can change what ``part`` shows: its own ``reads`` and the
        presentation parameters.

        >>> get("overshoot").part_reads(get("overshoot").parts[0])[-2:]
        ('captions', 'voice')
        """
        return part.reads + tuple(p.name for p in PRESENTATION if p.name not in part.reads)

    def chosen_parts(self, params: Params) -> tuple[PartSpec, ...]:
        """The parts ``params`` picks, in the lesson's order."""
        return tuple(part for part in self.parts if part.id in params.parts)

    def defaults(self) -> Params:
        return resolve(self.id, self.params)

    def resolve(self, table: Mapping[str, Any] | None = None, sets=(),
                base: Mapping[str, Any] | None = None) -> Params:
        params = resolve(self.id, self.params, table, sets, base)
        if len(set(params.parts)) != len(params.parts):
            raise UsageError(f"{self.id}: parts={','.join(params.parts)} names a part twice")
        return params

    @property
    def module_name(self) -> str:
        return self.scene.partition(":")[0]

    @property
    def class_name(self) -> str:
        return self.scene.partition(":")[2]

    def scene_class(self):
        """Import the Manim scene class (this imports manim)."""
        return getattr(importlib.import_module(self.module_name), self.class_name)


@lru_cache(maxsize=None)
def all_lessons() -> dict[str, Lesson]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        lesson = getattr(module, "LESSON", None)
        if isinstance(lesson, Lesson):
            found.append(lesson)
    return {lesson.id: lesson for lesson in sorted(found, key=lambda l: (l.order, l.id))}


def lesson_ids() -> list[str]:
    return list(all_lessons())


def get(lesson_id: str) -> Lesson:
    lessons = all_lessons()
    if lesson_id not in lessons:
        raise UsageError(f"unknown lesson {lesson_id!r} (known: {', '.join(lessons)})")
    return lessons[lesson_id]
