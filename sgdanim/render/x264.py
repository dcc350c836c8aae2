"""libx264 settings for the mp4, by name (``--encoder``), kept apart from :mod:`.encode` so
``sgdanim --help`` can list them without importing PyAV.

>>> X264["manim"]
{'crf': '23'}
"""

# "manim" is manim's own (preset medium, crf 23). The study that chose the default is in docs/performance.md (``python -m bench
# --only encoders``); "lossless" is its reference, not for clips.
X264 = {
    "manim": {"crf": "23"},
    "lossless": {"qp": "0", "preset": "ultrafast"},
}
DEFAULT_X264 = "manim"
ENCODER_CHOICES = tuple(name for name in X264 if name != "lossless")
