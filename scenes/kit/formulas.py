r"""The models' formulas as the videos set them in LaTeX: one table for every lesson
(:mod:`sgdanim.core.models` keeps them as plain text).

TeX drops plain spaces in math, but not ``\,`` (a thin space) or ``\ `` (a word space), so the
looks the lessons use are different strings: ``SPACED`` puts thin spaces between the factors,
``TIGHT`` none. A new lesson picks one of them.

>>> SPACED["linear2"], TIGHT["linear2"]
('y=c\\,(a\\,x+b)+d', 'y = c(ax + b) + d')
>>> PREDICTION
'\\hat y = a\\,x + b'
"""

from __future__ import annotations

# overshoot's headers and setups, stepping's prediction
SPACED = {"linear": r"y=a\,x+b", "linear2": r"y=c\,(a\,x+b)+d",
          "relu2": r"y=c\,\max(0,\,a\,x+b)+d"}
# relu-sandwich's race panels, small
TIGHT = {"linear": r"y = a x + b", "linear2": r"y = c(ax + b) + d",
         "relu2": r"y = c\max(0, ax + b) + d"}
# stepping: the model's line as a prediction (the same TeX as "\hat " + SPACED["linear"])
PREDICTION = r"\hat y = a\,x + b"
# relu-sandwich's hinge, alone and large: a word space after the comma
HINGE = r"y = c\,\max(0,\ a x + b) + d"
# momentum's wiggle, ahead of its setting on one line
RELU2_INLINE = r"y = c\max(0,\,ax+b)+d"
