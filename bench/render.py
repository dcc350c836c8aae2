"""Lesson render speed against the encoder floor, cache re-renders, and clip sizes."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import av

from sgdanim.render.draw import SVG_CACHE_ENV
from sgdanim.render.encode import count_frames
from sgdanim.render.x264 import DEFAULT_X264, X264
from sgdanim.lessons import lesson_ids

SGDANIM = [sys.executable, "-m", "sgdanim.cli"]


def _render(args: list[str], svgs: Path | None = None) -> tuple[float, list[Path]]:
    """Seconds for one ``sgdanim render``, and the paths it wrote; ``svgs`` is the machine's
    SVG folder it may use (:func:`sgdanim.render.draw.machine_svgs`), the user's by default."""
    seconds, _, paths = _render_cpu(args, svgs)
    return seconds, paths


def _render_cpu(args: list[str], svgs: Path | None = None,
                more_env: dict | None = None,
                log: list[str] | None = None) -> tuple[float, float, list[Path]]:
    """Wall seconds, CPU seconds (user and system, of the render and every process it
    started: its helper, LaTeX) and the paths written. On a machine shared with other work
    CPU time holds much steadier than wall time. ``log`` gets the render's stderr lines."""
    env = None if svgs is None else {**os.environ, SVG_CACHE_ENV: str(svgs)}
    if more_env:
        env = {**(env or os.environ), **more_env}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run([*SGDANIM, "render", *args], check=True, capture_output=True, text=True,
                         env=env)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if log is not None:
        log.extend(out.stderr.splitlines())
    return seconds, cpu, [Path(p) for p in out.stdout.split()]


def encode_floor(video: Path, settings=("libx264", "yuv420p", X264[DEFAULT_X264])) -> dict:
    """Seconds to encode this video's own frames again with the encoder settings sgdanim
    renders with (:data:`sgdanim.render.x264.DEFAULT_X264`), from RGBA frames as manim's.

    Frames are decoded outside the clock, in chunks, so only the encoder is timed.
    """
    codec, pix_fmt, options = settings
    sink = video.with_suffix(".floor.mp4")
    encoded, seconds, cpu = 0, 0.0, 0.0
    with av.open(str(video)) as src, av.open(str(sink), "w") as dst:
        stream_in = src.streams.video[0]
        out = dst.add_stream(codec, rate=Fraction(stream_in.average_rate), options=dict(options))
        out.pix_fmt, out.width, out.height = pix_fmt, stream_in.width, stream_in.height
        chunk = []

        def flush(frames, final=False):
            nonlocal cpu
            start, start_cpu = time.perf_counter(), time.process_time()  # x264's threads too
            for frame in frames:
                for packet in out.encode(frame):
                    dst.mux(packet)
            if final:
                for packet in out.encode():
                    dst.mux(packet)
            cpu += time.process_time() - start_cpu
            return time.perf_counter() - start

        for frame in src.decode(stream_in):
            rgba = frame.to_ndarray(format="rgba")  # manim hands the encoder RGBA frames
            new = av.VideoFrame.from_ndarray(rgba, format="rgba")
            new.pts = encoded
            chunk.append(new)
            encoded += 1
            if len(chunk) == 120:
                seconds += flush(chunk)
                chunk = []
        seconds += flush(chunk, final=True)
    sink.unlink()
    return {"frames": encoded, "seconds": seconds, "cpu_seconds": cpu, "fps": encoded / seconds}


def lessons_at(quality: str, out: Path, split: int | None = None,
               lessons: list[str] | None = None) -> list[dict]:
    """Each lesson rendered with ``--force`` at ``quality`` against its encode floor.

    The timed render is the user's inner loop: the output folder already holds the lesson's
    LaTeX and Pango SVGs, from a render at test quality just before (which is what any
    earlier render into that folder leaves). What compiling them costs the very first render
    on a machine is reported beside it: that test-quality render (the machine's SVG folder
    empty too), less the same render again; and what a first render into a new folder costs
    once the machine has made the SVGs: a test-quality render into a new folder, less again.
    """
    more = [] if split is None else ["--split", str(split)]
    rows = []
    for lesson in lessons or lesson_ids():
        svgs = out / f"machine-svgs-{quality}-{lesson}"   # empty: LaTeX and Pango cold
        first, _ = _render([lesson, "--quality", "test", "--out", str(out), *more], svgs)
        again, _ = _render([lesson, "--quality", "test", "--force", "--out", str(out), *more],
                           svgs)
        fresh = out / f"new-folder-{quality}-{lesson}"
        new_folder, _ = _render([lesson, "--quality", "test", "--out", str(fresh), *more], svgs)
        seconds, cpu, paths = _render_cpu([lesson, "--quality", quality, "--force", "--out",
                                           str(out), *more])
        video = next(p for p in paths if p.suffix == ".mp4")
        frames = count_frames(video)
        floor = encode_floor(video)
        rows.append({"lesson": lesson, "quality": quality, "frames": frames, "split": split,
                     "seconds": seconds, "fps": frames / seconds,
                     "floor_seconds": floor["seconds"], "floor_fps": floor["fps"],
                     "ratio_to_floor": seconds / floor["seconds"],
                     "cpu_seconds": cpu, "floor_cpu_seconds": floor["cpu_seconds"],
                     "cpu_ratio_to_floor": cpu / floor["cpu_seconds"],
                     "first_render_svg_seconds": first - again,
                     "cold_extra_ratio": (first - again) / seconds,
                     "test_quality_seconds": again,
                     "new_folder_extra_seconds": new_folder - again,
                     "new_folder_extra_ratio": (new_folder - again) / again})
        print(f"  {lesson}: {frames} frames in {seconds:.1f} s "
              f"({seconds / floor['seconds']:.2f}x floor; CPU {cpu:.1f} s, "
              f"{cpu / floor['cpu_seconds']:.2f}x the floor's)", file=sys.stderr)
    return rows


def _batch_alone(lesson: str, folder: Path) -> dict:
    """The lesson's listed formulas compiled in one run into an empty folder, in this
    process: wall seconds, and CPU seconds of this process and of LaTeX and dvisvgm."""
    from sgdanim.render.formulas import compile_missing, listed

    before, cpu = resource.getrusage(resource.RUSAGE_CHILDREN), time.process_time()
    start = time.perf_counter()
    made = compile_missing(listed(lesson), folder)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    children = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"formulas": made, "seconds": seconds,
            "cpu_seconds": time.process_time() - cpu + children}


def first_renders(out: Path, lessons: list[str] | None = None) -> list[dict]:
    """Issue 16's first-render target at test quality, per lesson, in one run: the very
    first render on a machine (machine's SVG folder and output folder empty) with each
    formula compiled alone (``SGDANIM_BATCH_LATEX=0``, as before session 8) and with the
    lesson's list compiled in one LaTeX run, against a warm re-render (``--force``, every
    SVG made). Each render is timed as a whole process, wall and CPU; ``own_formulas``
    counts the formulas the render still compiled itself, off its lesson's list."""
    from sgdanim.render.formulas import BATCH_ENV, listed

    rows = []
    for lesson in lessons or ["overshoot"]:
        row = {"lesson": lesson, "listed": len(listed(lesson))}
        row["batch_alone"] = _batch_alone(lesson, out / f"batch-alone-{lesson}")
        for name, batch in (("cold_one_by_one", "0"), ("cold_batched", "1")):
            svgs, folder = out / f"machine-{name}-{lesson}", out / f"out-{name}-{lesson}"
            wall, cpu, paths = _render_cpu([lesson, "--quality", "test", "--out", str(folder)],
                                           svgs, {BATCH_ENV: batch})
            row[name] = {"seconds": wall, "cpu_seconds": cpu,
                         "own_formulas": _own_formulas(svgs / "tex", lesson),
                         "video": next(p for p in paths if p.suffix == ".mp4").read_bytes()}
        # Drawn from the batch's SVGs or manim's own, the video is the same to the byte.
        row["same_video"] = row["cold_one_by_one"].pop("video") == row["cold_batched"].pop("video")
        wall, cpu, _ = _render_cpu([lesson, "--quality", "test", "--force", "--out",
                                    str(out / f"out-cold_batched-{lesson}")],
                                   out / f"machine-cold_batched-{lesson}")
        row["warm"] = {"seconds": wall, "cpu_seconds": cpu}
        for name in ("cold_one_by_one", "cold_batched"):
            row[name]["cpu_over_warm"] = row[name]["cpu_seconds"] / cpu - 1
            row[name]["wall_over_warm"] = row[name]["seconds"] / wall - 1
        rows.append(row)
        print(f"  {lesson}: first render {row['cold_one_by_one']['cpu_seconds']:.1f} s CPU "
              f"one by one, {row['cold_batched']['cpu_seconds']:.1f} s batched, warm "
              f"{cpu:.1f} s", file=sys.stderr)
    return rows


def _own_formulas(machine_tex: Path, lesson: str) -> int:
    """How many of the SVGs in a machine's LaTeX folder are not of the lesson's list: the
    formulas its first render compiled itself."""
    from manim import tempconfig

    from sgdanim.render import manim_compat
    from sgdanim.render.formulas import listed

    with tempconfig({"tex_dir": str(machine_tex.parent / "names"), "verbosity": "WARNING"}):
        names = {manim_compat.tex_file(*f).with_suffix(".svg").name for f in listed(lesson)}
    return len({p.name for p in machine_tex.glob("*.svg")} - names)


def rerenders(quality: str, out: Path) -> dict:
    _render(["--all", "--quality", quality, "--out", str(out)])  # make sure all are cached
    unchanged, _ = _render(["--all", "--quality", quality, "--out", str(out)])
    first = lesson_ids()[0]
    changed, _ = _render(["--all", "--quality", quality, "--out", str(out),
                          "--set", f"{first}.lr=0.00011"])
    return {"quality": quality, "unchanged_all_seconds": unchanged,
            "one_param_changed_seconds": changed, "changed": f"{first}.lr=0.00011"}


# Parameters only one part of a lesson reads, and three values of each: relu-sandwich's
# path_lr, read by its last part (37% of its frames, so a re-render can't reach a third of a full
# one there: the part alone is more); stepping's fd_step, read by its third part of six, whose
# later parts carry on from it and are drawn again; overshoot's lr_zigzag, read by the parabola,
# its second part of four, after which the parts start clean and are reused
# (sgdanim/render/parts.py); the parabola is 30% of the frames and, drawn alone, about a third
# of a full render's time at 1080p60. And overshoot's lrs, read by the sweep (25% of the frames,
# cheaper ones), the learning rates it sweeps, each set as many rates and in the same regimes.
ONE_PART_CHANGES = (("relu-sandwich", "path_lr", ("2e-5", "3e-5", "4e-5")),
                    ("stepping", "fd_step", ("0.01", "0.02", "0.005")),
                    ("overshoot", "lr_zigzag", ("0.8", "0.75", "0.7")),
                    ("overshoot", "lrs", ("0.0001,0.000316,0.001,0.00316,0.01",
                                          "0.0001,0.0003,0.001,0.003,0.01",
                                          "0.0001,0.00035,0.001,0.0035,0.01")))


def _hide_records(out: Path) -> dict[Path, str]:
    """Take the records out of every stored part under ``out`` (as a cache from before they
    existed, whose reused parts are built and skipped); returns what to put back."""
    saved = {}
    for meta_file in (out / ".cache" / "parts").glob("*/meta.json"):
        saved[meta_file] = meta_file.read_text()
        meta = json.loads(saved[meta_file])
        meta.pop("record", None)
        meta_file.write_text(json.dumps(meta))
    return saved


def part_targets(quality: str, out: Path, change=ONE_PART_CHANGES[0]) -> dict:
    """The issue-16 targets on one lesson at ``quality``, in one run: a full render with
    sgdanim's encoder against one with manim's settings, and a change to a parameter only
    one part reads (the other parts' segments reused) against the full render, once
    with the reused parts built and skipped (their records hidden) and once replayed from
    their records (each change to a value not rendered before). ``change`` is one of
    :data:`ONE_PART_CHANGES`."""
    lesson, key, (before, skipped, after) = change
    common = [lesson, "--quality", quality, "--out", str(out)]
    _render([lesson, "--quality", "test", "--out", str(out)])  # LaTeX and Pango SVGs warm
    manim, _ = _render([*common, "--force", "--encoder", "manim", "--set", f"{key}={before}"])
    full, full_cpu, _ = _render_cpu([*common, "--force", "--set", f"{key}={before}"])
    saved, skip_log, one_log = _hide_records(out), [], []
    skip, skip_cpu, _ = _render_cpu([*common, "--set", f"{key}={skipped}"], log=skip_log)
    for meta_file, text in saved.items():
        meta_file.write_text(text)
    one, one_cpu, _ = _render_cpu([*common, "--set", f"{key}={after}"], log=one_log)
    return {"lesson": lesson, "quality": quality, "changed": f"{key}={after}",
            "manim_encoder_seconds": manim, "full_seconds": full, "one_part_seconds": one,
            "encoder_ratio": full / manim, "one_part_ratio": one / full,
            "built_and_skipped_seconds": skip, "built_and_skipped_ratio": skip / full,
            "cpu_seconds": {"full": full_cpu, "built_and_skipped": skip_cpu, "one_part": one_cpu},
            "logs": {"built_and_skipped": skip_log, "one_part": one_log}}


def clip_sizes(out: Path) -> list[dict]:
    rows = []
    for lesson in lesson_ids():
        _, paths = _render([lesson, "--quality", "low", "--format", "mp4,webm,gif,png",
                            "--out", str(out)])
        mp4 = next(p for p in paths if p.suffix == ".mp4")
        with av.open(str(mp4)) as c:
            duration = float(c.duration) / av.time_base
        for p in paths:
            if p.suffix in (".mp4", ".webm", ".gif", ".png"):  # png: the poster, not per second
                rows.append({"lesson": lesson, "format": p.suffix[1:], "bytes": os.path.getsize(p),
                             "seconds": duration,
                             "kb_per_second": os.path.getsize(p) / 1000 / duration})
    return rows


def dump(obj) -> str:
    return json.dumps(obj, indent=2)
