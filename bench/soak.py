"""``make soak``: many renders of random valid parameters at test quality in one process,
through ``sgdanim.cli.main``, with the process's memory tracked after each.

It passes when every clip is whole (its mp4 decodes to the frames its sidecar names) and the
resident memory after the first ten renders grows by at most 10% over the most it reached in
those ten. The numbers go to bench/results/soak-<time>.json.

``python -m bench.soak --renders 100 --seed 0`` (the defaults).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from sgdanim.cli import main as sgdanim
from sgdanim.core.errors import UsageError
from sgdanim.lessons import all_lessons
from sgdanim.render.encode import count_frames

RESULTS = Path(__file__).resolve().parent / "results"
WARMUP, MAX_GROWTH = 10, 0.10


def rss_mb() -> float:
    """This process's resident memory now (VmRSS), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _value(param, rng: random.Random):
    """A random value inside ``param``'s range, as --set text."""
    if param.kind == "bool":
        return rng.choice(["true", "false"])
    if param.kind in ("str", "strs"):
        if not param.choices:
            return None  # data: keep the lesson's default
        picked = rng.sample(param.choices, 1 if param.name == "parts" else
                            rng.randint(1, min(2, len(param.choices))))
        return ",".join(sorted(picked, key=param.choices.index))
    low = param.low if param.low is not None else -10.0
    high = param.high if param.high is not None else low + 10.0
    if param.kind == "int":
        return str(rng.randint(int(low), int(min(high, low + 10))))
    default = param.default[0] if isinstance(param.default, tuple) else param.default
    value = default * rng.uniform(0.5, 1.5) if default else rng.uniform(low, high)
    return repr(min(max(value, low), high))


def random_sets(lesson, rng: random.Random) -> list[str]:
    """A few of ``lesson``'s parameters set to random valid values (one part, so each
    render stays short), checked by the lesson itself."""
    while True:
        chosen = [p for p in lesson.params if p.name == "parts" or rng.random() < 0.4]
        sets = [f"{p.name}={v}" for p in chosen if (v := _value(p, rng)) is not None]
        try:
            lesson.compute(lesson.resolve(sets=sets))
        except (UsageError, ValueError, ArithmeticError):
            continue
        return sets


def render_once(lesson_id: str, sets: list[str], out: Path) -> dict:
    argv = ["render", lesson_id, "--quality", "test", "--out", str(out)]
    argv += [a for item in sets for a in ("--set", item)]
    stdout = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(stdout):
        code = sgdanim(argv)
    seconds = time.perf_counter() - start
    files = stdout.getvalue().split()
    whole = False
    if code == 0:
        car = json.loads(Path(next(f for f in files if f.endswith(".json"))).read_text())
        video = next(Path(f) for f in files if f.endswith(".mp4"))
        whole = count_frames(video) == car["frames"]
    return {"lesson": lesson_id, "sets": sets, "exit": code, "whole": whole,
            "seconds": seconds, "rss_mb": rss_mb()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="make soak", description=__doc__.splitlines()[0])
    ap.add_argument("--renders", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    lessons = list(all_lessons().values())
    runs = []
    with tempfile.TemporaryDirectory(prefix="sgdanim-soak-") as tmp:
        for i in range(args.renders):
            lesson = lessons[i % len(lessons)]
            run = render_once(lesson.id, random_sets(lesson, rng), Path(tmp))
            runs.append(run)
            print(f"{i + 1:4} {run['lesson']:14} exit {run['exit']} whole {run['whole']!s:5} "
                  f"{run['seconds']:6.1f} s  rss {run['rss_mb']:7.1f} MB", file=sys.stderr)
    base = max(r["rss_mb"] for r in runs[:WARMUP])
    later = max((r["rss_mb"] for r in runs[WARMUP:]), default=base)
    growth = later / base - 1
    ok = all(r["exit"] == 0 and r["whole"] for r in runs) and growth <= MAX_GROWTH
    summary = {"renders": len(runs), "seed": args.seed, "rss_after_warmup_mb": base,
               "rss_peak_later_mb": later, "growth": growth,
               "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
               "failed": [r for r in runs if r["exit"] != 0 or not r["whole"]], "ok": ok}
    print(f"soak: {len(runs)} renders, RSS {base:.0f} MB after {WARMUP}, at most {later:.0f} MB "
          f"later ({growth:+.1%}); {len(summary['failed'])} failed: {'ok' if ok else 'FAIL'}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    final = RESULTS / f"soak-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.json"
    tmp = final.with_name(f".{final.name}.tmp")
    tmp.write_text(json.dumps({"summary": summary, "runs": runs}, indent=1))
    os.replace(tmp, final)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
