"""Frames reach the encoder without a copy and a still is converted once, and the packets are
the ones manim's own ``write_frame`` makes (``manim_compat._convert_stills_once``), with the
allocator's fill every render has (``sgdanim.render.scene.tune_the_allocator``)."""

from __future__ import annotations

from fractions import Fraction
from types import SimpleNamespace

import av
import numpy as np
import pytest

from sgdanim.render.x264 import DEFAULT_X264, X264

pytest.importorskip("manim")


def frames(still_value: int = 200) -> list[tuple[np.ndarray, int]]:
    """A moving block, then a still written 6 times (a wait), then the block moving on."""
    rng = np.random.default_rng(7)
    shown = []
    for i in range(8):
        pixels = np.zeros((48, 64, 4), np.uint8)
        pixels[..., 3] = 255
        pixels[10:30, 4 * i:4 * i + 20, :3] = rng.integers(0, 255, 3)
        shown.append((pixels, 1))
    still = shown[3][0].copy()
    still[30:40, 10:50, :3] = still_value
    return shown[:4] + [(still, 6)] + shown[4:]


def sized(shown, width: int, height: int) -> list[tuple[np.ndarray, int]]:
    """``shown`` tiled up to ``width`` × ``height`` (a frame as big as a render's)."""
    tiles = (-(-height // 48), -(-width // 64), 1)
    return [(np.ascontiguousarray(np.tile(pixels, tiles)[:height, :width]), repeat)
            for pixels, repeat in shown]


def encoded(path, write, shown, width: int = 64, height: int = 48) -> list[bytes]:
    """The packets of ``shown`` written through ``write`` into a segment as manim writes one."""
    from manim.scene.video_segment_encoder import VideoSegmentEncoder

    spec = SimpleNamespace(container_format="mp4", codec="libx264", frame_rate=Fraction(15),
                           options=dict(X264[DEFAULT_X264]), pixel_format="yuv420p",
                           width=width, height=height)
    segment = VideoSegmentEncoder(target=path, spec=spec)
    for pixels, repeat in shown:
        write(segment, pixels, repeat=repeat)
    segment.finish()
    with av.open(str(path)) as movie:
        return [bytes(p) for p in movie.demux(movie.streams.video[0]) if p.size]


class _Handed:
    """A stream that keeps, as yuv420p pixels, each frame a write_frame hands the encoder (the
    conversion PyAV's encode makes of an RGBA frame), and encodes nothing."""

    def __init__(self, width: int, height: int):
        self.codec_context = SimpleNamespace(width=width, height=height, format="yuv420p",
                                             thread_count=0)
        self.frames = []

    def encode(self, frame):
        if frame.format.name != "yuv420p":
            frame = frame.reformat(self.codec_context.width, self.codec_context.height, "yuv420p")
        self.frames.append(frame.to_ndarray())
        return []


def handed(write, shown, width: int, height: int) -> list[np.ndarray]:
    """What ``write`` hands the encoder for ``shown``, frame by frame."""
    from manim.scene.video_segment_encoder import VideoSegmentEncoder

    segment = VideoSegmentEncoder.__new__(VideoSegmentEncoder)
    segment.spec = SimpleNamespace(frame_rate=Fraction(15), width=width, height=height)
    segment._stream, segment._container = _Handed(width, height), None
    segment._next_pts, segment._closed = 0, False
    for pixels, repeat in shown:
        write(segment, pixels, repeat=repeat)
    return segment._stream.frames


def test_480p_hands_the_encoder_manims_own_frames():
    """At 854 × 480 (rows of 3,416 bytes, one after another, without the padding a PyAV frame
    has) the conversion reads manim's array in place and hands x264 the very pixels manim's
    own write_frame does, frame for frame: what the packets below rest on, checked without
    the encoder. Control: a different still, different frames."""
    from manim.scene.video_segment_encoder import VideoSegmentEncoder
    from sgdanim.render import manim_compat

    import av

    manim_compat.install()
    ours, manims = VideoSegmentEncoder.write_frame, VideoSegmentEncoder.write_frame.__wrapped__
    shown = sized(frames(), 854, 480)
    assert all(pixels.flags.c_contiguous for pixels, _ in shown)
    pixels = shown[0][0]           # read in place: the frame is manim's array
    plane = np.frombuffer(manim_compat._in_place(av, pixels).planes[0], np.uint8)
    assert np.shares_memory(plane, pixels)
    mine = handed(ours, shown, 854, 480)
    theirs = handed(manims, shown, 854, 480)
    assert len(mine) == len(theirs) == sum(repeat for _, repeat in shown)
    assert all(np.array_equal(a, b) for a, b in zip(mine, theirs))
    other = handed(manims, sized(frames(still_value=190), 854, 480), 854, 480)
    assert not all(np.array_equal(a, b) for a, b in zip(mine, other))


@pytest.mark.parametrize("width, height", [(64, 48), (854, 480), (1920, 1080)])
def test_frames_read_in_place_encode_as_manims_own(tmp_path, width, height):
    """No copy into a PyAV frame: the conversion reads manim's array, and the packets are
    manim's own. At 854 wide the encoder reads a few bytes nobody writes (docs/performance.md,
    sessions 9 and 29), so the encodes run with the allocator's fill every render has
    (``tune_the_allocator``); without it this case failed in about one full suite of three.
    Control: a different frame, different packets."""
    from manim.scene.video_segment_encoder import VideoSegmentEncoder
    from sgdanim.render import manim_compat
    from sgdanim.render.scene import tune_the_allocator, untune_the_allocator

    manim_compat.install()
    ours, manims = VideoSegmentEncoder.write_frame, VideoSegmentEncoder.write_frame.__wrapped__
    shown = sized(frames(), width, height)
    assert all(pixels.flags.c_contiguous for pixels, _ in shown)
    tune_the_allocator()
    try:
        ours_packets = encoded(tmp_path / "ours.mp4", ours, shown, width, height)
        assert ours_packets == encoded(tmp_path / "manims.mp4", manims, shown, width, height)
        other = sized(frames(still_value=190), width, height)
        assert ours_packets != encoded(tmp_path / "other.mp4", manims, other, width, height)
    finally:
        untune_the_allocator()


def test_a_still_converted_once_encodes_as_manims_own(tmp_path):
    from manim.scene.video_segment_encoder import VideoSegmentEncoder
    from sgdanim.render import manim_compat

    manim_compat.install()
    ours = VideoSegmentEncoder.write_frame
    manims = ours.__wrapped__
    assert ours is not manims, "install() left manim's write_frame in place"
    ours_packets = encoded(tmp_path / "ours.mp4", ours, frames())
    assert len(ours_packets) == 8 + 6
    assert ours_packets == encoded(tmp_path / "manims.mp4", manims, frames())
    # Negative control: the compare sees a still that differs by a little grey.
    assert ours_packets != encoded(tmp_path / "other.mp4", manims, frames(still_value=190))


def test_a_bad_repeat_is_refused_as_manim_refuses_it(tmp_path):
    from manim.scene.video_segment_encoder import VideoSegmentEncoder
    from sgdanim.render import manim_compat

    manim_compat.install()
    with pytest.raises(ValueError, match="positive integer"):
        encoded(tmp_path / "bad.mp4", VideoSegmentEncoder.write_frame, [(frames()[0][0], 0)])
