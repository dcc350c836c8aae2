r"""The models' formulas as the videos set them in LaTeX: one table for every lesson
(:mod:`sgdanim.core.models` keeps them as plain text).

The model's output is ŷ across the series (docs/notation.md: y is the data's), so every
formula here starts ``\hat y``: a lesson draws them as they are, with no prefix of its own.

TeX drops plain spaces in math, but not ``\,`` (a thin space) or ``\ `` (a word space), so the
looks the lessons use are different strings: ``SPACED`` puts thin spaces between the factors.

>>> SPACED["linear2"]
'\\hat y=c\\,(a\\,x+b)+d'
>>> PREDICTION == SPACED["linear"].replace("=", " = ").replace("+", " + ")
True
"""

from __future__ import annotations

# overshoot's headers and keys
SPACED = {"linear": r"\hat y=a\,x+b", "linear2": r"\hat y=c\,(a\,x+b)+d",
          "relu2": r"\hat y=c\,\max(0,\,a\,x+b)+d"}
# stepping: the model's line as a prediction
PREDICTION = r"\hat y = a\,x + b"
# relu-sandwich's hinge, alone and large: a word space after the comma
HINGE = r"\hat y = c\,\max(0,\ a x + b) + d"
# momentum's wiggle, ahead of its setting on one line
RELU2_INLINE = r"\hat y = c\max(0,\,ax+b)+d"
