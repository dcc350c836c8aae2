"""``make bench``: print the table and write it as JSON under bench/results/.

Parts: every lesson at 480p15 and 1080p60 against the encode floor measured in the same run,
cached and one-parameter re-renders, the part cache's targets (a change only the last part
reads; sgdanim's x264 settings against manim's), the core's vectorised lr sweep against a
torch.optim loop, one lane on plain floats against numpy lanes (and sgdanim trace of 100,000
rows), clip sizes per second of video at 480p15, and the x264 study (bench/encoders.py).
narration's cost once speech is cached (bench/narration.py).
A machine's very first render, formulas compiled one by one and in one LaTeX run (first).
``--only core`` (or lessons, first, rerender, parts, scaling, sizes, narration, encoders) runs one.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from . import core, encoders, narration, render, scaling

RESULTS = Path(__file__).resolve().parent / "results"
PARTS = ("core", "lessons", "first", "rerender", "parts", "scaling", "sizes", "narration",
         "encoders")
# The part each lesson shows in the x264 study (one part keeps the 1080p60 renders few).
STUDY_PARTS = {"stepping": "valley", "overshoot": "thread", "relu-sandwich": "solutions",
               "momentum": "paths", "optimizers": "race"}


def machine() -> dict:
    return {"cpu_count": os.cpu_count(), "machine": platform.machine(),
            "python": platform.python_version(), "platform": platform.platform()}


def floor_summary(rows: list[dict]) -> list[str]:
    """Each lesson on one line, every quality measured beside the others (480p15 beside
    1080p60): the render's wall and CPU time as multiples of the encoder floor's.

    >>> row = {"lesson": "overshoot", "quality": "low", "ratio_to_floor": 3.1,
    ...        "cpu_ratio_to_floor": 2.5}
    >>> print("\\n".join(floor_summary([row, {**row, "quality": "high", "ratio_to_floor": 1.2,
    ...                                                "cpu_ratio_to_floor": 1.1}])))
    x floor, wall / CPU       480p15     1080p60
    overshoot              3.10/2.50   1.20/1.10
    """
    names = {"test": "test", "low": "480p15", "high": "1080p60"}
    qualities = list(dict.fromkeys(r["quality"] for r in rows))
    lines = [f"{'x floor, wall / CPU':20}" + "".join(f"{names.get(q, q):>12}" for q in qualities)]
    for lesson in dict.fromkeys(r["lesson"] for r in rows):
        cells = {r["quality"]: f"{r['ratio_to_floor']:.2f}/{r['cpu_ratio_to_floor']:.2f}"
                 for r in rows if r["lesson"] == lesson}
        lines.append(f"{lesson:20}" + "".join(f"{cells.get(q, '-'):>12}" for q in qualities))
    return lines


def table(results: dict) -> str:
    lines = []
    if "lessons" in results:
        lines.append(f"{'lesson':16}{'quality':>8}{'frames':>8}{'render s':>10}{'fps':>8}"
                     f"{'floor s':>9}{'x floor':>9}{'+ SVGs s':>10}")
        for r in results["lessons"]:
            lines.append(f"{r['lesson']:16}{r['quality']:>8}{r['frames']:>8}{r['seconds']:>10.1f}"
                         f"{r['fps']:>8.1f}"
                         f"{r['floor_seconds']:>9.1f}{r['ratio_to_floor']:>9.2f}"
                         f"{r['first_render_svg_seconds']:>10.1f}")
        for r in results["lessons"]:
            if "cpu_ratio_to_floor" in r:
                lines.append(f"{r['lesson']:16}{r['quality']:>8}  CPU {r['cpu_seconds']:.1f} s, "
                             f"floor's {r['floor_cpu_seconds']:.1f} s: "
                             f"{r['cpu_ratio_to_floor']:.2f}x")
            if "new_folder_extra_seconds" in r:
                lines.append(f"{r['lesson']:16}{r['quality']:>8}  first render into a new folder, "
                             f"machine's SVGs made: {r['new_folder_extra_ratio']:+.1%} over a "
                             f"warm one ({r['test_quality_seconds']:.1f} s at test quality)")
        lines.append("(+ SVGs s: what compiling the LaTeX and Pango SVGs adds to a lesson's very "
                     "first render on a machine)")
        lines.extend(floor_summary(results["lessons"]))
    for r in results.get("first", []):
        one, batched = r["cold_one_by_one"], r["cold_batched"]
        lines.append(f"{r['lesson']}: a machine's first render at test quality over a warm one "
                     f"({r['warm']['cpu_seconds']:.1f} s CPU), CPU; wall: formulas one by one "
                     f"{one['cpu_over_warm']:+.1%}; {one['wall_over_warm']:+.1%}, in one LaTeX "
                     f"run {batched['cpu_over_warm']:+.1%}; {batched['wall_over_warm']:+.1%}; "
                     f"same video: {r['same_video']}")
    if "rerender" in results:
        r = results["rerender"]
        lines.append(f"re-render, unchanged, all lessons: {r['unchanged_all_seconds']:.2f} s")
        lines.append(f"re-render after {r['changed']}: {r['one_param_changed_seconds']:.1f} s")
    if "core" in results:
        s, t = results["core"]["sweep"], results["core"].get("torch")
        lines.append(f"core sweep {s['lrs']} lrs x {s['epochs']} epochs: {s['seconds']:.3f} s")
        if t:
            lines.append(f"torch.optim loop, same sweep: {t['seconds']:.0f} s (timed {t['lrs_timed']} "
                         f"lrs, scaled); core is {t['seconds'] / s['seconds']:.0f}x faster")
    if "core" in results and "steps" in results["core"]:
        for r in results["core"]["steps"]:
            lines.append(f"one lane, {r['model']}/{r['optimizer']}, {r['steps']:,} steps: "
                         f"{r['floats_us_per_step']:.1f} us/step on floats, "
                         f"{r['lanes_us_per_step']:.1f} on numpy lanes: {r['speedup']:.1f}x")
        t = results["core"]["trace"]
        lines.append(f"sgdanim trace, {t['rows']:,} rows: {t['seconds']:.2f} s streamed, "
                     f"{t['lanes_seconds']:.2f} s from numpy lanes: {t['speedup']:.1f}x")
    for r in results.get("parts", []):
        lines.append(f"{r['lesson']} {r['quality']}: full {r['full_seconds']:.1f} s "
                     f"({r['encoder_ratio']:.2f}x manim's x264 settings, "
                     f"{r['manim_encoder_seconds']:.1f} s); after {r['changed']} "
                     f"{r['one_part_seconds']:.1f} s ({r['one_part_ratio']:.2f}x full; CPU "
                     f"{r['cpu_seconds']['one_part'] / r['cpu_seconds']['full']:.2f}x)")
    if "scaling" in results:
        lines.append(scaling.table(results["scaling"]))
    if "narration" in results:
        lines.append(narration.line(results["narration"]))
    if "encoders" in results:
        lines.append(encoders.table(results["encoders"]))
    if "sizes" in results:
        for r in results["sizes"]:
            if r["format"] == "png":
                lines.append(f"{r['lesson']:16}{'poster':>6} {r['bytes'] / 1000:8.1f} KB at 480p")
            else:
                lines.append(f"{r['lesson']:16}{r['format']:>6} {r['kb_per_second']:8.1f} KB/s "
                             f"at 480p15")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="make bench", description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=PARTS, action="append")
    ap.add_argument("--quality", default="high")
    ap.add_argument("--split", type=int, default=None,
                    help="pass --split N to the lesson renders (default: sgdanim's own)")
    ap.add_argument("--lesson", action="append", default=None, metavar="ID",
                    help="only this lesson in the lesson renders and the x264 study (repeatable)")
    args = ap.parse_args(argv)
    parts = args.only or [p for p in PARTS if p != "encoders"]  # the study: --only encoders
    results: dict = {"machine": machine(), "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    with tempfile.TemporaryDirectory(prefix="sgdanim-bench-") as tmp:
        out = Path(tmp)
        if "core" in parts:
            results["core"] = {"sweep": core.time_sweep(), "torch": core.time_torch_loop(),
                               "steps": core.time_steps(), "trace": core.time_trace()}
        if "lessons" in parts:
            results["lessons"] = [row for q in dict.fromkeys(("low", args.quality))
                                  for row in render.lessons_at(q, out / "lessons", args.split,
                                                                args.lesson)]
        if "first" in parts:
            results["first"] = render.first_renders(out / "first", args.lesson)
        if "rerender" in parts:
            results["rerender"] = render.rerenders("low", out / "rerender")
        if "parts" in parts:
            results["parts"] = [render.part_targets(q, out / f"parts-{change[0]}-{change[1]}",
                                                     change)
                                for change in render.ONE_PART_CHANGES
                                if not args.lesson or change[0] in args.lesson
                                for q in dict.fromkeys(("low", args.quality))]
        if "scaling" in parts:
            results["scaling"] = scaling.scaling("low", out / "scaling")
        if "sizes" in parts:
            results["sizes"] = render.clip_sizes(out / "sizes")
        if "narration" in parts:
            results["narration"] = narration.overhead("low", out / "narration")
        if "encoders" in parts:
            study = {k: v for k, v in STUDY_PARTS.items() if not args.lesson or k in args.lesson}
            results["encoders"] = encoders.study(out / "encoders", study)
    print(table(results))
    RESULTS.mkdir(parents=True, exist_ok=True)
    final = RESULTS / f"bench-{results['started'].replace(':', '')}.json"
    tmp = final.with_name(f".{final.name}.tmp")
    tmp.write_text(json.dumps(results, indent=2))
    os.replace(tmp, final)
    print(final, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
