"""How one lesson's render time grows with workers: one process, the split render over 2
processes, and Dask with 1 and 2 local worker processes (``--scheduler local:N``), in one run,
as ratios against the one-process render. Also what each Dask task cost (one part each) and
what the join cost (the render that finds every part in the cache). docs/scaling.md."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

SGDANIM = [sys.executable, "-m", "sgdanim.cli"]
LESSON = "overshoot"  # four parts of unequal length
_DRAWN = re.compile(r"^sgdanim: \S+ (\S+): drawn in ([\d.]+) s on ", re.M)
_JOINED = re.compile(r"^sgdanim: \S+: rendered in ([\d.]+) s", re.M)


def _timed(args: list[str]) -> tuple[float, str]:
    """Seconds ``sgdanim render`` took, and its stderr."""
    start = time.perf_counter()
    done = subprocess.run([*SGDANIM, "render", *args], check=True, capture_output=True,
                          text=True)
    return time.perf_counter() - start, done.stderr


def scaling(quality: str, out: Path, lesson: str = LESSON) -> dict:
    """Every mode renders ``lesson`` from scratch (``--force``: its parts drawn again) into
    one folder whose LaTeX and Pango SVGs are warm, so only drawing and encoding differ."""
    common = [lesson, "--quality", quality, "--out", str(out), "--force"]
    _timed([lesson, "--quality", "test", "--out", str(out)])  # SVGs warm for every mode
    modes = {"one process": ["--split", "1"], "split 2": ["--split", "2"],
             "dask local:1": ["--scheduler", "local:1"],
             "dask local:2": ["--scheduler", "local:2"]}
    rows, tasks = [], {}
    for name, extra in modes.items():
        seconds, err = _timed([*common, *extra])
        row = {"mode": name, "seconds": seconds}
        if name.startswith("dask"):
            drawn = [(part, float(s)) for part, s in _DRAWN.findall(err)]
            joined = _JOINED.findall(err)
            row.update(tasks_seconds=sum(s for _, s in drawn), join_seconds=float(joined[-1]))
            tasks[name] = dict(drawn)
        rows.append(row)
    base = rows[0]["seconds"]
    for row in rows:
        row["ratio"] = row["seconds"] / base
    return {"lesson": lesson, "quality": quality, "modes": rows, "task_seconds": tasks}


def table(result: dict) -> str:
    lines = [f"{result['lesson']} at {result['quality']}, from scratch (SVGs warm):"]
    for row in result["modes"]:
        extra = (f"  (tasks {row['tasks_seconds']:.1f} s of work, join {row['join_seconds']:.1f} s)"
                 if "tasks_seconds" in row else "")
        lines.append(f"  {row['mode']:14}{row['seconds']:8.1f} s {row['ratio']:6.2f}x{extra}")
    for mode, parts in result["task_seconds"].items():
        lines.append(f"  {mode} per part: " + ", ".join(f"{p} {s:.1f} s" for p, s in parts.items()))
    return "\n".join(lines)


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory(prefix="sgdanim-scaling-") as tmp:
        print(table(scaling(sys.argv[1] if len(sys.argv) > 1 else "low", Path(tmp))))
