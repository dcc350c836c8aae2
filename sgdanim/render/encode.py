"""Turn manim's mp4 into the formats users embed, with PyAV (there is no system ffmpeg).

Every function reads one finished video and writes one new file at the path it is given;
the caller gives a temporary path and renames it into place, so nothing here is atomic itself.

- mp4: manim's own H.264 yuv420p stream, remuxed (no re-encode) with ``movflags=faststart`` so
  the ``moov`` box comes before ``mdat`` and a browser can start playing before the download ends.
- webm: VP9 in constant-quality mode.
- chapters (the parts) in the mp4 and the webm (:mod:`.chapters`); every reader here takes
  ``streams.video[0]``, so the mp4's chapter track (a data stream) is never decoded.
- gif: a palette made from the whole clip (``palettegen``), then applied (``paletteuse``) in a
  second decoding pass, so memory stays flat however long the clip is; it loops forever.
  GIF delays are whole hundredths of a second and browsers slow any delay under 2/100 s down
  to 1/10 s, so above 30 fps (high, 4k) the gif keeps every other frame; at test, low and
  medium quality it has exactly the mp4's frames.
- png: one poster frame (see :func:`choose_poster`).

Examples
--------
>>> sorted(FORMATS)
['gif', 'mp4', 'png', 'webm']
>>> top_level_boxes.__doc__.split(".")[0]
'The names of the top-level boxes of an mp4 file, in file order'
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from .chapters import set_chapters

FORMATS = ("mp4", "webm", "gif", "png")


# Constant quality; "b": "0" tells libvpx that crf is the only target. cpu-used 5 trades a
# little size for about twice the speed of the default, which matters at 1080p60.
WEBM_OPTIONS = {"crf": "36", "b": "0", "deadline": "good", "cpu-used": "5", "row-mt": "1"}
GIF_PALETTE = "stats_mode=diff"
GIF_DITHER = "dither=bayer:bayer_scale=5:diff_mode=rectangle"
GIF_MAX_FPS = 30
CENTI = Fraction(1, 100)


def gif_step(fps) -> int:
    """Keep every n-th frame in a gif so its rate stays at or below ``GIF_MAX_FPS``.

    >>> [gif_step(f) for f in (10, 15, 30, 60)]
    [1, 1, 1, 2]
    """
    step = 1
    while fps / step > GIF_MAX_FPS:
        step += 1
    return step


@dataclass(frozen=True)
class VideoInfo:
    codec: str
    pix_fmt: str
    width: int
    height: int
    fps: Fraction
    frames: int


def probe(path) -> VideoInfo:
    """Codec, pixel format, size, frame rate and decoded frame count of a video."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(stream))
        ctx = stream.codec_context
        return VideoInfo(ctx.name, ctx.pix_fmt, ctx.width, ctx.height,
                         Fraction(stream.average_rate or stream.guessed_rate), frames)


def count_frames(path) -> int:
    """Frames in a video, counted from its packets without decoding (one per video packet)."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return sum(1 for packet in container.demux(stream) if packet.size)


def top_level_boxes(path) -> list[str]:
    """The names of the top-level boxes of an mp4 file, in file order."""
    names = []
    with open(path, "rb") as fh:
        while header := fh.read(8):
            if len(header) < 8:
                break
            size, name = struct.unpack(">I4s", header)
            names.append(name.decode("latin-1"))
            if size == 1:  # 64-bit size follows the name
                size = struct.unpack(">Q", fh.read(8))[0]
                fh.seek(size - 16, 1)
            elif size == 0:  # box runs to the end of the file
                break
            else:
                fh.seek(size - 8, 1)
    return names


def faststart_mp4(src, dst, chapters=None) -> None:
    """Copy the H.264 packets of ``src`` into ``dst`` with the index (moov) first, and
    ``chapters`` (:func:`.chapters.container_chapters`; by default those of ``src``)."""
    with av.open(str(src)) as inp, \
            av.open(str(dst), "w", format="mp4", options={"movflags": "faststart"}) as out:
        stream = inp.streams.video[0]
        out_stream = out.add_stream_from_template(stream)
        out.metadata.update(inp.metadata)
        set_chapters(out, inp.chapters() if chapters is None else chapters)
        for packet in inp.demux(stream):
            if packet.dts is None:  # the flush packet demux yields at the end
                continue
            packet.stream = out_stream
            out.mux(packet)


def _frame_rate(stream) -> Fraction:
    return Fraction(stream.average_rate or stream.guessed_rate)


def encode_webm(src, dst, chapters=None) -> int:
    """Re-encode ``src`` as VP9 in a webm with ``chapters`` (by default those of ``src``);
    returns the number of frames written."""
    with av.open(str(src)) as inp, av.open(str(dst), "w", format="webm") as out:
        set_chapters(out, inp.chapters() if chapters is None else chapters)
        stream = inp.streams.video[0]
        rate = _frame_rate(stream)
        vp9 = out.add_stream("libvpx-vp9", rate=rate, options=dict(WEBM_OPTIONS))
        vp9.width, vp9.height, vp9.pix_fmt = stream.width, stream.height, "yuv420p"
        vp9.codec_context.time_base = 1 / rate
        count = 0
        for frame in inp.decode(stream):
            frame.pts, frame.time_base = count, 1 / rate
            out.mux(vp9.encode(frame))
            count += 1
        out.mux(vp9.encode())
    return count


def gif_size(width: int, height: int, new_width: int | None) -> tuple[int, int]:
    """A gif's size when scaled to ``new_width`` (None: unscaled), the height kept even.

    >>> gif_size(854, 480, None), gif_size(854, 480, 640)
    ((854, 480), (640, 360))
    """
    if new_width is None or new_width >= width:
        return width, height
    return new_width, max(2, 2 * round(height * new_width / width / 2))


def _gif_frames(inp, stream, step: int, size: tuple[int, int]):
    """Every ``step``-th frame of ``stream``, scaled to ``size``."""
    scale = size != (stream.width, stream.height)
    for index, frame in enumerate(inp.decode(stream)):
        if index % step == 0:
            yield frame.reformat(width=size[0], height=size[1], interpolation="AREA") \
                if scale else frame


def _gif_buffer(graph, stream, size):
    return graph.add_buffer(width=size[0], height=size[1], format=stream.codec_context.pix_fmt,
                            time_base=stream.time_base)


def _palette(src, step: int, width: int | None):
    with av.open(str(src)) as inp:
        stream = inp.streams.video[0]
        size = gif_size(stream.width, stream.height, width)
        graph = av.filter.Graph()
        source = _gif_buffer(graph, stream, size)
        palettegen = graph.add("palettegen", GIF_PALETTE)
        sink = graph.add("buffersink")
        source.link_to(palettegen)
        palettegen.link_to(sink)
        graph.configure()
        for frame in _gif_frames(inp, stream, step, size):
            graph.push(frame)
        graph.push(None)
        return graph.pull()


def encode_gif(src, dst, step: int | None = None, width: int | None = None) -> int:
    """Write ``src`` as a looping gif with a palette fitted to the clip, keeping every
    ``step``-th frame (default :func:`gif_step`), ``width`` px wide (default: the video's;
    ``--max-size`` picks both, :mod:`.gif_fit`); returns the frames written."""
    with av.open(str(src)) as first:
        step = step or gif_step(_frame_rate(first.streams.video[0]))
    palette = _palette(src, step, width)
    with av.open(str(src)) as inp, av.open(str(dst), "w", format="gif", options={"loop": "0"}) as out:
        stream = inp.streams.video[0]
        rate = _frame_rate(stream) / step
        size = gif_size(stream.width, stream.height, width)
        gif = out.add_stream("gif", rate=rate)
        (gif.width, gif.height), gif.pix_fmt = size, "pal8"
        # GIF counts time in hundredths: stamp each frame at its true time in those units,
        # so 15 fps becomes delays of 7, 7, 6 rather than a steady (too slow) 7
        gif.codec_context.time_base = CENTI

        graph = av.filter.Graph()
        frames_in = _gif_buffer(graph, stream, size)
        palette_in = graph.add_buffer(width=palette.width, height=palette.height,
                                      format=palette.format, time_base=stream.time_base)
        paletteuse = graph.add("paletteuse", GIF_DITHER)
        sink = graph.add("buffersink")
        frames_in.link_to(paletteuse, 0, 0)
        palette_in.link_to(paletteuse, 0, 1)
        paletteuse.link_to(sink)
        graph.configure()
        palette.pts = 0
        palette_in.push(palette)
        palette_in.push(None)  # one palette for the whole clip
        count = 0

        def drain():
            nonlocal count
            while True:
                try:
                    frame = graph.pull()
                except (av.error.BlockingIOError, av.error.EOFError):
                    return
                frame.pts, frame.time_base = round(count * 100 / rate), CENTI
                out.mux(gif.encode(frame))
                count += 1

        for frame in _gif_frames(inp, stream, step, size):
            frames_in.push(frame)
            drain()
        frames_in.push(None)
        drain()
        out.mux(gif.encode())
    return count


@dataclass(frozen=True)
class Poster:
    """Which frame is the poster, and why: ``"mark"`` (the scene called ``mark("poster")``)
    or ``"content"`` (no mark: the fullest frame of the last third)."""

    frame: int
    time: float
    how: str


def content_score(gray: np.ndarray, background: float | None = None) -> int:
    """How many pixels differ from the background grey level (default: the frame's median).

    >>> blank = np.zeros((4, 4), np.uint8); busy = blank.copy(); busy[:1] = 200
    >>> content_score(blank), content_score(busy), content_score(255 - busy, background=255)
    (0, 4, 4)
    """
    level = np.median(gray) if background is None else background
    return int((np.abs(gray.astype(np.int16) - level) > 24).sum())


def grey_level(rgb) -> float:
    """The luma (BT.601) of an 0-255 RGB colour, as the "gray" pixel format gives it."""
    r, g, b = rgb
    return 0.299 * r + 0.587 * g + 0.114 * b


def choose_poster(src, frames: int, fps: float, mark_time: float | None = None,
                  background=None) -> Poster:
    """The most telling frame: where the scene said (``mark("poster")``), else the frame with
    the most non-background content (``background`` is the scene's RGB background colour)
    among the last third, the latest on a tie.

    The last third is where a lesson has built up its picture; the first frame is usually
    empty and the last one may be fading out, so neither is chosen blindly.
    """
    if frames <= 0:
        raise ValueError(f"{src} has no frames")
    if mark_time is not None:
        index = min(max(int(round(mark_time * fps)), 0), frames - 1)
        return Poster(index, index / fps, "mark")
    level = None if background is None else grey_level(background)
    start = (2 * frames) // 3
    best, best_score = frames - 1, -1
    with av.open(str(src)) as inp:
        stream = inp.streams.video[0]
        small = (max(stream.width // 4, 1), max(stream.height // 4, 1))
        for index, frame in enumerate(inp.decode(stream)):
            if index < start:
                continue
            gray = frame.reformat(width=small[0], height=small[1], format="gray").to_ndarray()
            score = content_score(gray, level)
            if score >= best_score:
                best, best_score = index, score
    return Poster(best, best / fps, "content")


def read_frame(src, index: int):
    """Frame ``index`` of ``src`` (its last frame if it has fewer), decoded."""
    with av.open(str(src)) as inp:
        stream = inp.streams.video[0]
        chosen = None
        for i, frame in enumerate(inp.decode(stream)):
            chosen = frame
            if i == index:
                break
    if chosen is None:
        raise ValueError(f"{src} has no frames")
    return chosen


def write_png(src, index: int, dst) -> None:
    """Encode frame ``index`` of ``src`` as a PNG file at ``dst``."""
    chosen = read_frame(src, index)
    codec = av.CodecContext.create("png", "w")
    codec.width, codec.height, codec.pix_fmt = chosen.width, chosen.height, "rgb24"
    rgb = chosen.reformat(format="rgb24")
    data = b"".join(bytes(p) for p in codec.encode(rgb) + codec.encode(None))
    Path(dst).write_bytes(data)
