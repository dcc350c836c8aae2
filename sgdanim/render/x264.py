"""libx264 settings for the mp4, by name (``--encoder``), kept apart from :mod:`.encode` so
``sgdanim --help`` can list them without importing PyAV.

>>> DEFAULT_X264, X264["manim"]
('animation', {'crf': '23'})
"""

# "animation" is sgdanim's default: at 1080p60 it took 0.65x the CPU of manim's own settings
# ("manim": preset medium, crf 23) for 0.87x the size at SSIM 0.999 against lossless (the
# study is in docs/performance.md, ``python -m bench --only encoders``). "lossless" is that
# study's reference, not for clips.
#
# The frames are converted to yuv420p by swscale with BT.601 coefficients in limited range
# (checked in tests/render/test_encode.py); the tags say so, or a player would decode HD video
# with BT.709's and shift every colour a little.
BT601_TAGS = "colormatrix=smpte170m:range=tv:colorprim=bt709:transfer=bt709"
X264 = {
    "animation": {"crf": "23", "preset": "veryfast", "tune": "animation",
                  "x264-params": BT601_TAGS},
    "manim": {"crf": "23"},
    "lossless": {"qp": "0", "preset": "ultrafast"},
}
DEFAULT_X264 = "animation"
ENCODER_CHOICES = tuple(name for name in X264 if name != "lossless")
