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

import math
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


def read_csv(path: str | Path, name: str | None = None) -> Dataset:
    """Read a CSV with header ``x,y``. Lines starting with ``#`` are comments.

    Raises UsageError naming the file, or the line and the cell that is not a number.
    """
    path = Path(path)
    try:
        # utf-8-sig: Excel's "CSV UTF-8" export starts with a byte-order mark.
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"data file {str(path)!r} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"data file {str(path)!r} cannot be read: {exc}") from None
    xs, ys, header_seen = [], [], False
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        cells = [c.strip() for c in stripped.split(",")]
        if not header_seen:
            if [c.lower() for c in cells] != ["x", "y"]:
                raise UsageError(f"{path}:{lineno}: header must be 'x,y', got {stripped!r}")
            header_seen = True
            continue
        if len(cells) != 2:
            raise UsageError(f"{path}:{lineno}: expected 2 cells (x,y), got {len(cells)}")
        row = []
        for col, cell in zip("xy", cells):
            try:
                value = float(cell)
            except ValueError:
                raise UsageError(f"{path}:{lineno}: {col} cell {cell!r} is not a number") from None
            if not math.isfinite(value):
                raise UsageError(f"{path}:{lineno}: {col} cell {cell!r} is not finite")
            row.append(value)
        xs.append(row[0])
        ys.append(row[1])
    if not header_seen:
        raise UsageError(f"data file {str(path)!r} has no 'x,y' header")
    if not xs:
        raise UsageError(f"data file {str(path)!r} has no rows")
    return Dataset(np.array(xs, dtype=np.float64), np.array(ys, dtype=np.float64),
                   name or str(path))


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
    if n < 1:
        raise UsageError(f"synthetic n={n} must be at least 1")
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
