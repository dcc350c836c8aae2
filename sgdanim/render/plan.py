"""Turn ``sgdanim render`` arguments into a list of fully validated clips, before any render.

Everything a user can get wrong is checked here: lesson names, ``--quality``, ``--format``,
the ``--config`` file (syntax with its line, unknown tables, unknown keys, ranges), every
``--set``, ``--from`` sidecars, ``--jobs`` and ``--split``. Nothing is written while planning.

``--set key=value`` applies to every selected lesson that has ``key`` (it is an error if none
has it); ``--set lesson.key=value`` applies to that lesson only.

Examples
--------
>>> parse_formats("mp4, gif,mp4")
('mp4', 'gif')
>>> parse_formats("html")  # the snippet needs a video and its poster
('html', 'mp4', 'png')
>>> parse_formats("avi")
Traceback (most recent call last):
...
sgdanim.core.errors.UsageError: --format 'avi' is not one of mp4, webm, gif, png, html
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import UsageError
from ..core.params import Params, load_toml, parse_sets
from .x264 import DEFAULT_X264

QUALITIES = {
    "test": (256, 144, 10),
    "low": (854, 480, 15),
    "medium": (1280, 720, 30),
    "high": (1920, 1080, 60),
    "4k": (3840, 2160, 60),
}
ENCODED = ("mp4", "webm", "gif", "png")
FORMATS = ENCODED + ("html",)  # html: the embed snippet, written beside the clip's files
DEFAULT_QUALITY = "low"
DEFAULT_OUT = "media"


@dataclass(frozen=True)
class Clip:
    """One clip to make: a lesson at one quality with its effective params and formats."""

    lesson: object  # sgdanim.lessons.Lesson
    params: Params
    quality: str
    formats: tuple[str, ...]
    out: Path
    max_size: int | None = None  # bytes the GIF may take (--max-size)
    gif_params: Params | None = None  # the GIF's own params, if not these (captions burned in)
    encoder: str = DEFAULT_X264  # the x264 settings, a name in sgdanim.render.x264.X264
    subfolder: str = ""  # a sweep's combination: its files in out/subfolder/, the cache in out/

    @property
    def stem(self) -> str:
        """``<lesson>-<quality>``, or for a preview of some parts (``--parts``)
        ``<lesson>-<quality>.parts-<id>+<id>``: a preview never takes the full clip's files."""
        return preview_stem(self.lesson, self.params, self.quality)

    @property
    def folder(self) -> Path:
        return self.out / self.subfolder / self.lesson.id

    def path(self, suffix: str) -> Path:
        return self.folder / f"{self.stem}.{suffix}"

    @property
    def gif_key(self) -> str | None:
        """The cache key of the render the GIF comes from, if not this clip's own (captions
        burned in, :func:`burned_gif_params`)."""
        from .cache import cache_key

        if self.gif_params is None:
            return None
        return cache_key(self.lesson, self.gif_params.to_json(), self.quality,
                         QUALITIES[self.quality], self.encoder)

    @property
    def encoded(self) -> tuple[str, ...]:
        """The formats encoded from the video (all but the html snippet)."""
        return tuple(f for f in self.formats if f in ENCODED)


def preview_stem(lesson, params: Params, quality: str) -> str:
    """The file name stem of a clip: the full lesson's, or a preview's, which names the
    parts it plays so that it sits beside the full clip instead of replacing it.

    >>> from sgdanim.lessons import get
    >>> overshoot = get("overshoot")
    >>> preview_stem(overshoot, overshoot.defaults(), "low")
    'overshoot-low'
    >>> preview_stem(overshoot, overshoot.resolve(sets=["parts=thread,sweep"]), "low")
    'overshoot-low.parts-sweep+thread'
    """
    chosen = [part.id for part in lesson.chosen_parts(params)]
    stem = f"{lesson.id}-{quality}"
    if chosen == [part.id for part in lesson.parts]:
        return stem
    return f"{stem}.parts-{'+'.join(chosen)}"


def check_quality(text: str) -> str:
    if text not in QUALITIES:
        raise UsageError(f"--quality {text!r} is not one of {', '.join(QUALITIES)}")
    return text


def parse_formats(text: str) -> tuple[str, ...]:
    names = [t.strip().lower() for t in text.split(",") if t.strip()]
    if not names:
        raise UsageError(f"--format {text!r} names no format (choose from {', '.join(FORMATS)})")
    for name in names:
        if name not in FORMATS:
            raise UsageError(f"--format {name!r} is not one of {', '.join(FORMATS)}")
    if "html" in names:  # a snippet plays a video under its poster
        names += [] if {"mp4", "webm"} & set(names) else ["mp4"]
        names += ["png"]
    return tuple(dict.fromkeys(names))


def _config_tables(path, lessons) -> dict[str, dict]:
    if path is None:
        return {}
    data = load_toml(path)
    for name, table in data.items():
        if not isinstance(table, dict):
            raise UsageError(f"config file {str(path)!r}: {name!r} must be a table such as "
                             f"[{next(iter(lessons), 'lesson')}] holding that lesson's params")
        if name not in lessons:
            raise UsageError(f"config file {str(path)!r}: unknown lesson table {name!r} "
                             f"(known: {', '.join(lessons)})")
    return data


def _split_sets(sets, lessons, chosen: list[str]) -> dict[str, list[str]]:
    """``--set`` strings per chosen lesson id, with lesson-scoped keys routed to their lesson."""
    per = {lid: [] for lid in chosen}
    for key, value in parse_sets(sets).items():
        item = f"{key}={value}"
        scope, dot, name = key.partition(".")
        if dot:
            if scope not in lessons:
                raise UsageError(f"--set {item}: unknown lesson {scope!r} "
                                 f"(known: {', '.join(lessons)})")
            if scope not in per:
                raise UsageError(f"--set {item}: lesson {scope!r} is not being rendered")
            per[scope].append(f"{name}={value}")
            continue
        takers = [lid for lid in chosen if any(p.name == key for p in lessons[lid].params)]
        if len(chosen) == 1:
            takers = chosen  # let the lesson name the unknown key and list what it knows
        if not takers:
            raise UsageError(f"--set {item}: no lesson being rendered has a parameter {key!r}")
        for lid in takers:
            per[lid].append(item)
    return per


def _read_sidecar(path) -> dict:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"--from {str(path)!r} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"--from {str(path)!r} cannot be read: {exc}") from None
    except ValueError as exc:
        raise UsageError(f"--from {str(path)!r} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise UsageError(f"--from {str(path)!r} is not a clip sidecar (expected a JSON object)")
    for field, kind in (("lesson", str), ("params", dict), ("quality", str)):
        if not isinstance(data.get(field), kind):
            raise UsageError(f"--from {str(path)!r} has no valid {field!r} field; "
                             f"is it a sidecar written by sgdanim render?")
    return data


def _sidecar_out(path: Path, lesson_id: str) -> Path:
    """Where a sidecar's clip lives: ``<out>/<lesson>/<lesson>-<quality>.json`` gives ``<out>``."""
    path = Path(path)
    if path.parent.name == lesson_id:
        return path.parent.parent
    return Path(DEFAULT_OUT)


def create_out_folder(out: Path) -> None:
    """Make the output folder (and its parents) once everything is checked; a folder that
    cannot be made (a read-only place, /proc, a file in the way) is the user's to fix."""
    try:
        Path(out).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create output folder {str(out)!r}: "
                         f"{exc.strerror or exc}") from None


def plan(args, lessons) -> list[Clip]:
    """All clips requested by ``args`` (an argparse namespace), validated; writes nothing."""
    quality = check_quality(args.quality) if args.quality is not None else None
    formats = parse_formats(args.format) if args.format is not None else None
    max_size = _max_size(getattr(args, "max_size", None))
    if args.jobs < 1:
        raise UsageError(f"--jobs {args.jobs} must be at least 1")
    if getattr(args, "split", None) is not None and args.split < 1:
        raise UsageError(f"--split {args.split} must be at least 1")
    sources = bool(args.lessons) + bool(args.all) + bool(args.from_)
    if sources != 1:
        raise UsageError("name lessons, or give --all, or --from CLIP.json (exactly one of these)")
    out = Path(args.out) if args.out is not None else None
    if out is not None and out.exists() and not out.is_dir():
        raise UsageError(f"--out {str(out)!r} exists and is not a folder")

    # (lesson id, saved params, saved quality, saved formats, default out) per requested clip
    wanted = []
    if args.from_:
        for path in args.from_:
            car = _read_sidecar(path)
            if car["lesson"] not in lessons:
                raise UsageError(f"--from {str(path)!r}: unknown lesson {car['lesson']!r} "
                                 f"(known: {', '.join(lessons)})")
            saved_formats = car.get("formats")
            if isinstance(saved_formats, list) and not all(isinstance(f, str)
                                                           for f in saved_formats):
                raise UsageError(f"--from {str(path)!r}: 'formats' must be a list of format "
                                 f"names, got {saved_formats!r}")
            saved_formats = (parse_formats(",".join(saved_formats))
                             if isinstance(saved_formats, list) and saved_formats else None)
            wanted.append((car["lesson"], car["params"], check_quality(car["quality"]),
                           saved_formats, _sidecar_out(path, car["lesson"])))
    else:
        ids = list(lessons) if args.all else list(dict.fromkeys(args.lessons))
        for lid in ids:
            if lid not in lessons:
                raise UsageError(f"unknown lesson {lid!r} (known: {', '.join(lessons) or 'none'})")
            wanted.append((lid, None, None, None, Path(DEFAULT_OUT)))
        if not ids:
            raise UsageError("--all: no lessons are registered")

    tables = _config_tables(args.config, lessons)
    sets = _split_sets(args.set or [], lessons, list(dict.fromkeys(w[0] for w in wanted)))
    return _clips(wanted, lessons, tables, sets, (quality, formats, out, max_size),
                  getattr(args, "encoder", None) or DEFAULT_X264)


def _clips(wanted, lessons, tables, sets, asked, encoder: str) -> list[Clip]:
    """The clips ``wanted`` (from :func:`plan`), with the ``asked`` quality, formats, out
    and max size over what each saved or defaults to, and the x264 ``encoder``."""
    quality, formats, out, max_size = asked
    clips = []
    for lid, base, saved_quality, saved_formats, default_out in wanted:
        lesson, fmts = lessons[lid], formats or saved_formats or ("mp4",)
        params = lesson.resolve(tables.get(lid), sets[lid], base=base)
        clips.append(Clip(lesson, params, quality or saved_quality or DEFAULT_QUALITY, fmts,
                          out or default_out, max_size,
                          burned_gif_params(lesson, params, fmts, tables.get(lid), sets[lid]),
                          encoder))
    if max_size and not any("gif" in clip.formats for clip in clips):
        raise UsageError("--max-size fits the GIF: add gif to --format")
    return clips


def _max_size(text) -> int | None:
    from .gif_fit import parse_size

    return None if text is None else parse_size(text)


def burned_gif_params(lesson, params: Params, formats, table, sets) -> Params | None:
    """The params to render the GIF with, if not ``params``: a GIF carries no caption track,
    so by default it is made from a render with the captions burned into its pixels. None
    when no GIF is asked for, the lesson has no ``captions`` parameter, the user chose its
    value (in ``--config`` or ``--set``; a ``--from`` sidecar's saved value is no choice), or
    the captions are burned in already."""
    if "gif" not in formats or not any(p.name == "captions" for p in lesson.params):
        return None
    chosen = "captions" in (table or {}) or any(
        item.partition("=")[0].strip() == "captions" for item in sets)
    if chosen or params.captions == "burned":
        return None
    return lesson.resolve(base={**params.to_json(), "captions": "burned"})
