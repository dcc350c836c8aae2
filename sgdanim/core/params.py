"""Lesson parameters: typed, ranged, validated, frozen.

Values flow defaults ← ``--config FILE.toml`` (one table per lesson id) ← ``--set key=value``.
Every layer is checked against the lesson's specs before anything renders; unknown keys are
named, never ignored.

Examples
--------
>>> specs = (Param("lr", "float", 1e-4, "learning rate", low=0, low_open=True),
...          Param("epochs", "int", 5, "epochs to run", low=1))
>>> p = resolve("demo", specs, sets=["lr=0.01"])
>>> p.lr, p.epochs
(0.01, 5)
>>> resolve("demo", specs, sets=["lr=-1"])
Traceback (most recent call last):
...
sgdanim.core.errors.UsageError: demo: lr=-1.0 must be > 0
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping, Sequence

from .errors import UsageError

KINDS = ("float", "int", "bool", "str", "floats", "strs")


@dataclass(frozen=True)
class Param:
    """One lesson parameter. ``low``/``high`` bound numbers (and every item of a list);
    ``choices`` limits strings (and every item of a string list)."""

    name: str
    kind: str
    default: Any
    help: str
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    choices: tuple[str, ...] | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"param {self.name}: kind {self.kind!r} not in {KINDS}")
        if isinstance(self.default, list):
            object.__setattr__(self, "default", tuple(self.default))

    def coerce(self, value: Any, where: str) -> Any:
        """Turn a TOML value or a ``--set`` string into this parameter's type, or raise."""
        if self.kind in ("floats", "strs"):
            if isinstance(value, str):
                value = [v for v in (s.strip() for s in value.split(",")) if v]
            if not isinstance(value, (list, tuple)) or not value:
                raise UsageError(f"{where}: {self.name}={value!r} must be a non-empty list")
            item = "float" if self.kind == "floats" else "str"
            return tuple(self._scalar(item, v, where) for v in value)
        return self._scalar(self.kind, value, where)

    def _scalar(self, kind: str, value: Any, where: str) -> Any:
        bad = f"{where}: {self.name}={value!r}"
        if kind == "bool":
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.lower() in ("true", "false", "1", "0", "yes", "no"):
                return value.lower() in ("true", "1", "yes")
            raise UsageError(f"{bad} must be true or false")
        if kind == "str":
            if not isinstance(value, str):
                raise UsageError(f"{bad} must be a string")
            if self.choices and value not in self.choices:
                raise UsageError(f"{bad} must be one of {', '.join(self.choices)}")
            return value
        try:
            if isinstance(value, bool):
                raise ValueError
            if kind == "int":
                if isinstance(value, float) and not value.is_integer():
                    raise ValueError
                number = int(value) if not isinstance(value, str) else int(value.strip())
            else:
                number = float(value)
        except (TypeError, ValueError):
            raise UsageError(f"{bad} must be {'a whole number' if kind == 'int' else 'a number'}") from None
        if kind == "float" and not math.isfinite(number):
            raise UsageError(f"{where}: {self.name}={number!r} must be finite")
        if self.low is not None and (number < self.low or (self.low_open and number == self.low)):
            raise UsageError(f"{where}: {self.name}={number!r} must be {'>' if self.low_open else '>='} {self.low:g}")
        if self.high is not None and number > self.high:
            raise UsageError(f"{where}: {self.name}={number!r} must be <= {self.high:g}")
        return number

    def describe(self) -> str:
        rng = ""
        if self.low is not None or self.high is not None:
            lo = "(" if self.low_open or self.low is None else "["
            rng = f" {lo}{'-inf' if self.low is None else f'{self.low:g}'}, " \
                  f"{'inf)' if self.high is None else f'{self.high:g}]'}"
        if self.choices:
            rng = f" {{{', '.join(self.choices)}}}"
        return f"{self.name} ({self.kind}{rng}) = {format_value(self.default)}: {self.help}"


def format_value(value: Any) -> str:
    if isinstance(value, (tuple, list)):
        return ",".join(format_value(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


class Params(Mapping):
    """A frozen mapping of parameter values, also readable as attributes (``p.lr``)."""

    def __init__(self, lesson: str, values: Mapping[str, Any]):
        object.__setattr__(self, "_lesson", lesson)
        object.__setattr__(self, "_values", MappingProxyType(dict(values)))

    def __getattr__(self, name):
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"{self._lesson} has no parameter {name!r}") from None

    def __setattr__(self, name, value):
        raise AttributeError("Params are frozen")

    def __getitem__(self, key):
        return self._values[key]

    def __iter__(self):
        return iter(self._values)

    def __len__(self):
        return len(self._values)

    def __repr__(self):
        return f"Params({self._lesson!r}, {dict(self._values)!r})"

    def to_json(self) -> dict:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self._values.items()}


def load_toml(path: str | Path) -> dict:
    """Read a config file; a syntax error is reported with its line."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise UsageError(f"config file {str(path)!r} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"config file {str(path)!r} is not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"config file {str(path)!r} cannot be read: {exc}") from None


def parse_sets(sets: Iterable[str]) -> dict[str, str]:
    out = {}
    for item in sets:
        key, eq, value = item.partition("=")
        if not eq or not key.strip():
            raise UsageError(f"--set {item!r} must look like key=value")
        out[key.strip()] = value.strip()
    return out


def resolve(lesson: str, specs: Sequence[Param], table: Mapping[str, Any] | None = None,
            sets: Iterable[str] = (), base: Mapping[str, Any] | None = None) -> Params:
    """Layer ``base`` (or the defaults), a TOML ``table`` and ``--set`` strings; validate all."""
    by_name = {p.name: p for p in specs}
    values = {p.name: p.default for p in specs}
    layers = [("saved params", base or {}), ("config", table or {}), ("--set", parse_sets(sets))]
    for where, layer in layers:
        for key, raw in layer.items():
            if key not in by_name:
                raise UsageError(f"{lesson}: unknown parameter {key!r} in {where} "
                                 f"(known: {', '.join(by_name)})")
            values[key] = by_name[key].coerce(raw, lesson)
    return Params(lesson, values)
