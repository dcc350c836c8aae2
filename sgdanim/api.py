"""sgdanim from Python: the same lessons, traces and renders as the ``sgdanim`` command, for
notebooks and scripts. The command is a thin layer over these functions.

Bad input raises :class:`~sgdanim.core.errors.UsageError` (``sgdanim.UsageError``), whose
message is the one line the command prints before exiting with status 2.

Examples
--------
>>> import sgdanim
>>> steps = sgdanim.trace(lr=1e-4, epochs=1)
>>> len(steps), steps.columns[:4]
(29, ['epoch', 'step', 'x', 'y'])
>>> steps[0]["loss"], steps[0]["new_a"]
(1849.0, 1.1204)
>>> steps.diverged_at is None
True
>>> runaway = sgdanim.trace(model="linear2", lr=1e-4, grad="numeric", init={"a": 1, "b": 1, "c": 1, "d": 1})
>>> runaway.diverged_at      # the thread's 2-neuron model: row 28 runs away
28
>>> [lesson.id for lesson in sgdanim.lessons()][:2]
['stepping', 'overshoot']
>>> sgdanim.trace(lr=-1)
Traceback (most recent call last):
...
sgdanim.core.errors.UsageError: lr=-1 must be a finite number > 0
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

import numpy as np

from .core.errors import UsageError


@dataclass(frozen=True)
class Trace:
    """The steps of one run, one row per SGD step, as ``sgdanim trace`` writes them.

    ``rows`` holds the values in ``columns`` order; ``trace[k]`` is step k as a dict;
    ``diverged_at`` is the step that ran away (its row is not kept), or None.
    """

    columns: list[str]
    rows: list[list]
    diverged_at: int | None

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, k: int) -> dict[str, Any]:
        return dict(zip(self.columns, self.rows[k]))

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (dict(zip(self.columns, row)) for row in self.rows)

    def column(self, name: str) -> np.ndarray:
        """One column as a numpy array (``trace.column("loss")``)."""
        return np.array([row[self.columns.index(name)] for row in self.rows], dtype=float)

    def to_pandas(self):
        """A pandas DataFrame of the rows (pandas is imported only here, and only needed here)."""
        try:
            import pandas
        except ImportError:
            raise UsageError("to_pandas needs pandas: pip install pandas") from None
        return pandas.DataFrame(self.rows, columns=self.columns)

    def _repr_html_(self) -> str:
        """A notebook shows the first rows as a table."""
        head = "".join(f"<th>{c}</th>" for c in self.columns)
        body = "".join("<tr>" + "".join(f"<td>{v:.6g}</td>" for v in row) + "</tr>"
                       for row in self.rows[:10])
        tail = f"<p>{len(self)} steps" + (f", ran away at step {self.diverged_at}"
                                          if self.diverged_at else "") + "</p>"
        return f"<table><tr>{head}</tr>{body}</table>{tail}"


def _dataset(data):
    """``data`` as the core's Dataset: a spec (``spreadsheet``, ``synthetic:...``, a CSV path)
    or the rows themselves, as (x, y) pairs or two arrays in a tuple."""
    from .core import data as datamod

    if isinstance(data, str):
        return datamod.load(data)
    pairs = np.asarray(data, dtype=float)
    if pairs.ndim == 2 and pairs.shape[1] == 2:
        x, y = pairs[:, 0], pairs[:, 1]
    elif pairs.ndim == 2 and pairs.shape[0] == 2:
        x, y = pairs
    else:
        raise UsageError(f"data of shape {pairs.shape} must be (x, y) pairs or two rows x and y")
    if len(x) == 0 or not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise UsageError("data must hold at least one row, all finite")
    return datamod.Dataset(x.copy(), y.copy(), name="(rows given)")


def trace_config(model: str = "linear", optimizer: str = "sgd", lr: float = 1e-4, *,
                 data="spreadsheet", epochs: int = 1, init: Mapping[str, float] = (),
                 grad: str = "analytic", fd_step: float = 0.01, carry: str = "updated",
                 beta: float | None = None, beta2: float | None = None,
                 eps: float | None = None, dampening: bool | None = None,
                 bias_correction: bool | None = None, anneal: bool = False):
    """The checked :class:`~sgdanim.core.trajectory.RunConfig` of a trace: what
    :func:`trace` runs and ``sgdanim trace`` streams, so both refuse bad input alike."""
    from .core.data import Dataset
    from .core.trajectory import RunConfig

    if isinstance(lr, bool) or not (isinstance(lr, (int, float)) and math.isfinite(lr)
                                    and lr > 0):
        raise UsageError(f"lr={lr!r} must be a finite number > 0")
    return RunConfig(model=model, optimizer=optimizer, lr=float(lr), beta=beta, beta2=beta2,
                     eps=eps, dampening=dampening, bias_correction=bias_correction,
                     anneal=anneal, init=dict(init), epochs=epochs, grad=grad,
                     fd_step=fd_step, carry=carry,
                     data=data if isinstance(data, Dataset) else _dataset(data))


def trace(model: str = "linear", optimizer: str = "sgd", lr: float = 1e-4, **options) -> Trace:
    """Run SGD (or another optimizer) and return every step, as ``sgdanim trace`` does.

    The keyword options are the command's (``data``, ``epochs``, ``init``, ``grad``,
    ``fd_step`` for ``--fd-step``, ``carry``, ``beta``, ``beta2``, ``eps``, ``dampening``,
    ``bias_correction``, ``anneal``; see :func:`trace_config`); ``data`` may also be the
    rows themselves. See the module's examples.
    """
    from .core.stepper import Steps

    steps = Steps(trace_config(model, optimizer, lr, **options))
    rows = list(steps)
    return Trace(list(steps.columns), rows, steps.diverged_at)


@dataclass(frozen=True)
class LessonInfo:
    """What ``sgdanim list`` shows of a lesson: its parameters (name → (kind, default, help))
    and its parts (id → title), in playing order."""

    id: str
    title: str
    summary: str
    parameters: dict[str, tuple[str, Any, str]]
    parts: dict[str, str]


def lessons() -> list[LessonInfo]:
    """Every lesson, in the series' order."""
    from .lessons import all_lessons

    return [LessonInfo(lesson.id, lesson.title, lesson.summary,
                       {p.name: (p.kind, p.default, p.help) for p in lesson.params},
                       {part.id: part.title for part in lesson.parts})
            for lesson in all_lessons().values()]


@dataclass(frozen=True)
class Rendered:
    """One clip ``sgdanim.render`` made (or found in the cache): its files by suffix
    (``mp4``, ``srt``, ``vtt``, ``json``, ...) and its sidecar (parameters, parts, numbers)."""

    lesson: str
    files: dict[str, Path]
    sidecar: dict

    @property
    def video(self) -> Path | None:
        """The clip's mp4, or else its webm, gif or poster."""
        return next((self.files[k] for k in ("mp4", "webm", "gif", "png") if k in self.files),
                    None)

    def _repr_html_(self) -> str:
        return _video_html(self)


def _suffix(path: Path) -> str:
    """``x.chapters.vtt`` → ``chapters.vtt``; ``x-low.mp4`` → ``mp4``."""
    name = Path(path).name
    return "chapters.vtt" if name.endswith(".chapters.vtt") else name.rpartition(".")[2]


def _set_value(value) -> str:
    """A Python value as ``--set`` spells it (lists and tuples as comma lists)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(_set_value(v) for v in value)
    return str(value)


def render(*lessons: str, quality: str = "low", formats: Sequence[str] = ("mp4",),
           out: str | Path = "media", config: str | Path | None = None, force: bool = False,
           jobs: int = 1, split: int | None = None, scheduler: str | None = None,
           **params) -> list[Rendered]:
    """Render ``lessons`` (or take them from the cache) as ``sgdanim render`` does; returns one
    :class:`Rendered` per clip. Every other keyword is a lesson parameter, as ``--set`` takes
    it (``lr=1.5``, ``parts=("sweep",)``, ``captions="burned"``, ``voice="espeak"``);
    ``stepping__lr=2e-4`` scopes one to a lesson when several render. ``scheduler``
    (``"tcp://HOST:8786"`` or ``"local:4"``, else ``$SGDANIM_SCHEDULER``) draws the parts on
    a Dask cluster, as ``--scheduler`` does; the clips are the same.

    A render takes a while, so this example is not run by the doctests (tests/test_api.py
    renders the tiny example lesson instead):

    >>> import sgdanim, tempfile
    >>> clip, = sgdanim.render("overshoot", lr=1.5, quality="test",
    ...                        out=tempfile.mkdtemp())               # doctest: +SKIP
    >>> clip.video.name, clip.sidecar["params"]["lr"]               # doctest: +SKIP
    ('overshoot-test.mp4', 1.5)
    """
    from .render.command import render_args, render_paths

    args = render_args(lessons)
    args.quality, args.format, args.out, args.config = quality, ",".join(formats), str(out), config
    args.force, args.jobs, args.split, args.scheduler = force, jobs, split, scheduler
    args.set = [f"{k.replace('__', '.')}={_set_value(v)}" for k, v in params.items()]
    paths = list(render_paths(args))
    by_sidecar = [p for p in paths if p.suffix == ".json"]
    clips = []
    for sidecar in by_sidecar:
        stem = sidecar.with_suffix("").name
        files = {_suffix(p): p for p in paths if p.name.startswith(stem + ".")}
        car = json.loads(sidecar.read_text())
        clips.append(Rendered(car["lesson"], files, car))
    return clips


def sweep(lesson: str, grid: dict, *, quality: str = "low", formats: Sequence[str] = ("mp4",),
          out: str | Path = "media", config: str | Path | None = None, force: bool = False,
          jobs: int = 1, scheduler: str | None = None, **params) -> list[Path]:
    """Render ``lesson`` once per combination of ``grid``'s values into ``out`` and write
    ``out/index.html``, which compares them, as ``sgdanim sweep`` does; returns the paths
    written. ``grid`` maps a parameter to its values (``{"lr": (0.5, 1.0, 1.5)}``); every
    other keyword is a lesson parameter the combinations share, as :func:`render` takes them.
    Every combination is checked before anything renders.

    >>> import sgdanim, tempfile
    >>> paths = sgdanim.sweep("overshoot", {"lr": (0.5, 1.5)}, quality="test",
    ...                       out=tempfile.mkdtemp())                  # doctest: +SKIP
    >>> sorted(p.name for p in paths if p.suffix in (".mp4", ".html"))   # doctest: +SKIP
    ['index.html', 'overshoot-test.mp4', 'overshoot-test.mp4']
    """
    from .render.sweep import sweep_args, sweep_paths

    args = sweep_args(lesson, [f"{name}={','.join(_set_value(v) for v in values)}"
                               for name, values in grid.items()])
    args.quality, args.format, args.out, args.config = quality, ",".join(formats), str(out), config
    args.force, args.jobs, args.scheduler = force, jobs, scheduler
    args.set = [f"{k.replace('__', '.')}={_set_value(v)}" for k, v in params.items()]
    return list(sweep_paths(args))


def _video_html(clip: Rendered) -> str:
    """A ``<video>`` for a notebook, with the clip's captions where the front end shows them."""
    video = clip.video
    if video is None:
        return f"<p>{clip.lesson}: no video was rendered</p>"
    if video.suffix in (".gif", ".png"):
        return f'<img src="{video.as_posix()}" alt="{clip.sidecar.get("title", clip.lesson)}">'
    track = clip.files.get("vtt")
    track_tag = (f'<track kind="captions" src="{track.as_posix()}" srclang="en" default>'
                 if track else "")
    return (f'<video src="{video.as_posix()}" controls playsinline width="{clip.sidecar["width"]}" '
            f'style="max-width:100%">{track_tag}</video>')


def show(*lessons: str, **options):
    """Render (or take from the cache) and display the clips inline in a notebook, with their
    captions; takes :func:`render`'s arguments and returns its clips. IPython is imported only
    here."""
    from IPython.display import HTML, display

    clips = render(*lessons, **options)
    for clip in clips:
        display(HTML(_video_html(clip)))
    return clips
