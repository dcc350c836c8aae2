"""The x264 study: manim's settings against faster ones, on each lesson's own 1080p60 frames.

For each lesson one part is rendered once at 1080p60 with lossless x264 (qp 0, the frames
exactly as manim converts them to yuv420p). Each candidate then encodes those same frames
again, timed on the encoder calls only (frames are decoded outside the clock), and is scored
by its size and by SSIM against the lossless frames on every ``SSIM_EVERY``-th frame:
Y, U and V planes weighted 4:1:1 by their pixel counts, as ffmpeg's ``ssim`` filter's "All".
The colour conversion, which manim does in the encoder's thread before x264 sees a frame, is
timed on its own (:func:`conversion`).
"""

from __future__ import annotations

import sys
import time
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from scipy.ndimage import gaussian_filter

CANDIDATES = {
    "manim (medium)": {"crf": "23"},
    "medium animation": {"crf": "23", "tune": "animation"},
    "faster animation": {"crf": "23", "preset": "faster", "tune": "animation"},
    "veryfast animation": {"crf": "23", "preset": "veryfast", "tune": "animation"},
    "superfast animation": {"crf": "23", "preset": "superfast", "tune": "animation"},
}
SSIM_EVERY = 15


def ssim_plane(a: np.ndarray, b: np.ndarray) -> float:
    """Mean SSIM of two 8-bit planes (Wang et al. 2004: Gaussian window, sigma 1.5).

    >>> plane = np.tile(np.arange(64, dtype=np.uint8) * 4, (64, 1))
    >>> round(ssim_plane(plane, plane), 6), ssim_plane(plane, 255 - plane) < 0
    (1.0, True)
    """
    a, b = a.astype(np.float64), b.astype(np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mu_a, mu_b = gaussian_filter(a, 1.5), gaussian_filter(b, 1.5)
    var_a = gaussian_filter(a * a, 1.5) - mu_a ** 2
    var_b = gaussian_filter(b * b, 1.5) - mu_b ** 2
    cov = gaussian_filter(a * b, 1.5) - mu_a * mu_b
    ssim = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a ** 2 + mu_b ** 2 + c1) * (var_a + var_b + c2))
    return float(ssim.mean())


def planes(frame) -> list[np.ndarray]:
    """The Y, U and V planes of a yuv420p frame, without its line padding."""
    return [np.frombuffer(p, np.uint8).reshape(p.height, p.line_size)[:, :p.width]
            for p in frame.planes]


def ssim_yuv(a, b) -> float:
    ya, ua, va = planes(a)
    yb, ub, vb = planes(b)
    return (4 * ssim_plane(ya, yb) + ssim_plane(ua, ub) + ssim_plane(va, vb)) / 6


def encode_again(reference: Path, options: dict, dst: Path) -> dict:
    """Encode the reference's frames with ``options``; seconds count the encoder calls only,
    as wall time and as CPU time of all of the process's threads (x264's own included),
    which a machine shared with other work measures more steadily."""
    seconds, cpu, count = 0.0, 0.0, 0
    with av.open(str(reference)) as src, av.open(str(dst), "w") as out:
        stream_in = src.streams.video[0]
        rate = Fraction(stream_in.average_rate)
        stream = out.add_stream("libx264", rate=rate, options=dict(options))
        stream.pix_fmt, stream.width, stream.height = "yuv420p", stream_in.width, stream_in.height
        for frame in src.decode(stream_in):
            frame = av.VideoFrame.from_ndarray(frame.to_ndarray(), format="yuv420p")
            frame.pts, frame.time_base = count, 1 / rate
            count += 1
            start, start_cpu = time.perf_counter(), time.process_time()
            packets = stream.encode(frame)
            seconds += time.perf_counter() - start
            cpu += time.process_time() - start_cpu
            out.mux(packets)
        start, start_cpu = time.perf_counter(), time.process_time()
        packets = stream.encode()
        seconds += time.perf_counter() - start
        cpu += time.process_time() - start_cpu
        out.mux(packets)
    return {"frames": count, "seconds": seconds, "cpu_seconds": cpu, "bytes": dst.stat().st_size}


def ssim_against(reference: Path, candidate: Path) -> float:
    scores = []
    with av.open(str(reference)) as ref, av.open(str(candidate)) as cand:
        for index, (a, b) in enumerate(zip(ref.decode(video=0), cand.decode(video=0))):
            if index % SSIM_EVERY == 0:
                scores.append(ssim_yuv(a, b))
    return float(np.mean(scores))


def conversion(reference: Path, frames: int = 60) -> dict:
    """Milliseconds per frame to turn manim's RGBA frames into yuv420p with swscale, on one
    thread (as manim's encoder does it) and on swscale's own threads."""
    rgba = []
    with av.open(str(reference)) as src:
        for index, frame in enumerate(src.decode(video=0)):
            if index % 7 == 0:
                rgba.append(frame.to_ndarray(format="rgba"))
            if len(rgba) == frames:
                break
    result = {}
    for name, threads in (("one thread", 1), ("swscale threads", 0)):
        start = time.perf_counter()
        for pixels in rgba:
            av.VideoFrame.from_ndarray(pixels, format="rgba").reformat(format="yuv420p",
                                                                        threads=threads)
        result[name] = 1000 * (time.perf_counter() - start) / len(rgba)
    return result


def reference_of(lesson_id: str, part: str, folder: Path, svgs: Path) -> Path:
    """One part of the lesson at 1080p60, losslessly encoded."""
    from sgdanim.lessons import get
    from sgdanim.render.scene import render_scene

    params = get(lesson_id).resolve(sets=[f"parts={part}"])
    rendered = render_scene(lesson_id, params, "high", folder, name="reference",
                            shared_assets=svgs, encoder="lossless", processes=2)
    return rendered.video


def study(out: Path, parts: dict[str, str]) -> list[dict]:
    """Every candidate on each lesson's part (``parts``: lesson id -> part id)."""
    rows = []
    for lesson_id, part in parts.items():
        reference = reference_of(lesson_id, part, out / lesson_id, out / "svgs")
        row = {"lesson": lesson_id, "part": part, "conversion_ms": conversion(reference),
               "candidates": {}}
        for name, options in CANDIDATES.items():
            dst = out / lesson_id / f"{name.replace(' ', '-')}.mp4"
            facts = encode_again(reference, options, dst)
            facts["ssim"] = ssim_against(reference, dst)
            row["candidates"][name] = facts
            dst.unlink()
            print(f"  {lesson_id}/{part} {name}: {facts['seconds']:.1f} s "
                  f"(CPU {facts['cpu_seconds']:.1f} s), "
                  f"{facts['bytes'] / 1e6:.2f} MB, SSIM {facts['ssim']:.4f}", file=sys.stderr)
        base = row["candidates"]["manim (medium)"]
        for facts in row["candidates"].values():
            facts["time_ratio"] = facts["seconds"] / base["seconds"]
            facts["cpu_ratio"] = facts["cpu_seconds"] / base["cpu_seconds"]
            facts["size_ratio"] = facts["bytes"] / base["bytes"]
        rows.append(row)
    return rows


def table(rows: list[dict]) -> str:
    lines = [f"{'lesson/part':24}{'settings':22}{'encode s':>9}{'x manim':>8}{'CPU s':>7}"
             f"{'x manim':>8}{'MB':>7}{'x size':>7}{'SSIM':>8}"]
    for row in rows:
        for name, f in row["candidates"].items():
            lines.append(f"{row['lesson'] + '/' + row['part']:24}{name:22}{f['seconds']:>9.1f}"
                         f"{f['time_ratio']:>8.2f}{f['cpu_seconds']:>7.1f}{f['cpu_ratio']:>8.2f}"
                         f"{f['bytes'] / 1e6:>7.2f}{f['size_ratio']:>7.2f}{f['ssim']:>8.4f}")
        conv = row["conversion_ms"]
        lines.append(f"{'':24}RGBA->yuv420p: " + ", ".join(f"{k} {v:.1f} ms/frame"
                                                         for k, v in conv.items()))
    return "\n".join(lines)
