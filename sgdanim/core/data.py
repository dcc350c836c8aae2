"""Datasets: the spreadsheet's 29 rows, seeded synthetic lines, and CSV files.

A dataset is a frozen pair of float64 arrays. Rows are visited in file order, as the
spreadsheet does; nothing here shuffles.

Examples
--------
>>> ds = load("spreadsheet")
>>> len(ds), float(ds.x[0]), float(ds.y[0])
(29, 14.0, 58.0)
>>> load("synthetic:seed=0,n=5").x.shape
(5,)
"""

from __future__ import annotations

import io
import math
from array import array
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from .errors import UsageError

SPREADSHEET = "spreadsheet"


@dataclass(frozen=True)
class Dataset:
    """Rows (x, y) in the order SGD visits them. ``name`` is the spec it was loaded from."""

    x: np.ndarray
    y: np.ndarray
    name: str = SPREADSHEET

    def __post_init__(self):
        for arr in (self.x, self.y):
            arr.setflags(write=False)

    def __len__(self) -> int:
        return int(self.x.shape[0])


# What one data file may hold. A file with no end (/dev/zero, a pipe from `yes`) or a line of
# megabytes is refused at the cap with a line naming it, instead of filling memory.
MAX_LINE_CHARS = 4096
MAX_LINES = 10_000_000
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_csv(path: str | Path, name: str | None = None) -> Dataset:
    """Read a CSV with header ``x,y`` (see :func:`read_rows`).

    Raises UsageError naming the file, or the line and the cell that is not a number.
    """
    path = Path(path)
    try:
        binary = open(path, "rb")
    except FileNotFoundError:
        raise UsageError(f"data file {str(path)!r} does not exist") from None
    except OSError as exc:
        raise UsageError(f"data file {str(path)!r} cannot be read: {exc.strerror or exc}") from None
    except ValueError:   # open() refuses a path with a NUL byte before the filesystem sees it
        raise UsageError(f"data file {str(path)!r} is not a path: it holds a NUL byte") from None
    with binary:
        return read_rows(binary, name or str(path), where=str(path))


def _lines(binary, where: str):
    """``(number, line)`` for each line of a binary stream, decoded, within the caps.

    UTF-8, with or without Excel's byte-order mark, or UTF-16 with its mark; any newline."""
    try:
        head = binary.peek(2)[:2] if hasattr(binary, "peek") else b""
    except OSError as exc:
        raise UsageError(f"data file {where!r} cannot be read: {exc.strerror or exc}") from None
    encoding = "utf-16" if head in _UTF16_BOMS else "utf-8-sig"
    text = io.TextIOWrapper(binary, encoding=encoding, newline=None)
    lineno = 0
    try:
        while True:
            line = text.readline(MAX_LINE_CHARS + 1)
            if not line:
                return
            lineno += 1
            if len(line) > MAX_LINE_CHARS and not line.endswith("\n"):
                raise UsageError(f"{where}:{lineno}: line is longer than {MAX_LINE_CHARS:,} "
                                 f"characters, the most a data line may have")
            if lineno > MAX_LINES:
                raise UsageError(f"data file {where!r} has more than {MAX_LINES:,} lines, "
                                 f"the most a data file may have")
            yield lineno, line
    except UnicodeDecodeError as exc:
        # The decoder works a block at a time, so the line it stopped on is not the bad one.
        raise UsageError(f"data file {where!r} is not {encoding.partition('-sig')[0].upper()} "
                         f"text ({exc.reason}); save it as UTF-8 (Excel: CSV UTF-8)") from None
    except OSError as exc:
        raise UsageError(f"data file {where!r} cannot be read: {exc.strerror or exc}") from None
    finally:
        text.detach()


def _cells(line: str) -> list[str]:
    """The comma-separated cells of a line, spaces and one pair of double quotes taken off."""
    cells = [c.strip() for c in line.split(",")]
    return [c[1:-1].strip() if len(c) >= 2 and c[0] == c[-1] == '"' else c for c in cells]


def _number(cell: str, col: str, where: str, lineno: int) -> float:
    try:
        value = float(cell)
    except ValueError:
        raise UsageError(f"{where}:{lineno}: {col} cell {cell!r} is not a number") from None
    if not math.isfinite(value):
        raise UsageError(f"{where}:{lineno}: {col} cell {cell!r} is not finite")
    return value


def read_rows(binary, name: str, where: str) -> Dataset:
    """Read ``x,y`` rows from a binary stream (a file, or standard input for ``--data -``).

    The first line that is not blank or a ``#`` comment is the header ``x,y``; each later one
    holds two numbers. Cells may be quoted. At most :data:`MAX_LINES` lines of at most
    :data:`MAX_LINE_CHARS` characters.
    """
    xs, ys, header_seen = array("d"), array("d"), False
    for lineno, line in _lines(binary, where):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        cells = _cells(stripped)
        if not header_seen:
            if [c.lower() for c in cells] != ["x", "y"]:
                raise UsageError(f"{where}:{lineno}: header must be 'x,y', got {stripped!r}")
            header_seen = True
            continue
        if len(cells) != 2:
            raise UsageError(f"{where}:{lineno}: expected 2 cells (x,y), got {len(cells)}")
        xs.append(_number(cells[0], "x", where, lineno))
        ys.append(_number(cells[1], "y", where, lineno))
    if not header_seen:
        raise UsageError(f"data file {where!r} has no 'x,y' header")
    if not xs:
        raise UsageError(f"data file {where!r} has no rows")
    return Dataset(np.array(xs, dtype=np.float64), np.array(ys, dtype=np.float64), name)


def spreadsheet() -> Dataset:
    """The 29 rows of graddesc.xlsm's basic sheet (y = 2x + 30), in the sheet's order."""
    ref = resources.files("sgdanim.core") / "spreadsheet.csv"
    with resources.as_file(ref) as path:
        return read_csv(path, SPREADSHEET)


def synthetic(seed: int = 0, n: int = 29, slope: float = 2.0, intercept: float = 30.0,
              noise: float = 0.0) -> Dataset:
    """Integer x drawn uniformly from [1, 100] like the sheet's RANDBETWEEN, y = slope·x + intercept.

    ``noise`` is the standard deviation of Gaussian noise added to y. Same seed, same rows.

    >>> synthetic(seed=0, n=3).x.tolist() == synthetic(seed=0, n=3).x.tolist()
    True
    """
    if not 1 <= n <= MAX_LINES:
        raise UsageError(f"synthetic n={n} must be from 1 to {MAX_LINES:,}, the most rows a "
                         f"dataset may have")
    if not (noise >= 0 and math.isfinite(noise)):
        raise UsageError(f"synthetic noise={noise} must be a finite number >= 0")
    if seed < 0:  # numpy's generators take only non-negative seeds
        raise UsageError(f"synthetic seed={seed} must be a whole number >= 0")
    for key, value in (("slope", slope), ("intercept", intercept)):
        if not math.isfinite(value):
            raise UsageError(f"synthetic {key}={value} must be a finite number")
    rng = np.random.default_rng(seed)
    x = rng.integers(1, 101, size=n).astype(np.float64)
    y = intercept + slope * x
    if noise:
        y = y + rng.normal(0.0, noise, size=n)
    return Dataset(x, y, f"synthetic:seed={seed},n={n},slope={slope},intercept={intercept},noise={noise}")


_SYNTH_KEYS = {"seed": int, "n": int, "slope": float, "intercept": float, "noise": float}


def load(spec: str) -> Dataset:
    """Load ``spreadsheet``, ``synthetic[:key=value,...]`` or a path to a CSV file."""
    if spec == SPREADSHEET:
        return spreadsheet()
    if spec == "synthetic" or spec.startswith("synthetic:"):
        kwargs = {}
        body = spec.partition(":")[2]
        for item in filter(None, (s.strip() for s in body.split(","))):
            key, eq, value = item.partition("=")
            if not eq or key not in _SYNTH_KEYS:
                raise UsageError(f"data {spec!r}: unknown synthetic option {item!r} "
                                 f"(known: {', '.join(_SYNTH_KEYS)})")
            try:
                kwargs[key] = _SYNTH_KEYS[key](value)
            except ValueError:
                raise UsageError(f"data {spec!r}: {key}={value!r} is not a number") from None
        return synthetic(**kwargs)
    return read_csv(spec)
