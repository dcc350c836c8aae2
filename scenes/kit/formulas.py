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

from manim import MathTex

from scenes.kit.style import LABEL_SIZE, MODEL_COLOURS

# overshoot's headers and keys
SPACED = {"linear": r"\hat y=a\,x+b", "linear2": r"\hat y=c\,(a\,x+b)+d",
          "relu2": r"\hat y=c\,\max(0,\,a\,x+b)+d"}
# stepping: the model's line as a prediction
PREDICTION = r"\hat y = a\,x + b"
# relu-sandwich's hinge, alone and large: a word space after the comma
HINGE = r"\hat y = c\,\max(0,\ a x + b) + d"
# momentum's wiggle, ahead of its setting on one line
RELU2_INLINE = r"\hat y = c\max(0,\,ax+b)+d"


def step_algebra(font_size: float = LABEL_SIZE) -> MathTex:
    """Why one step moves the pair's slope a·c by a² + c² times lr: a's step carries c, c's
    carries a (the chain rule through ŷ = c(ax + b) + d), and a·c moves by c·Δa + a·Δc.
    In the pair's violet; overshoot's thread and relu-sandwich's part 4 draw the same line."""
    return MathTex(r"\Delta(ac)\approx c\,\Delta a+a\,\Delta c"
                   r"=-\mathrm{lr}\,(a^2+c^2)\,\frac{\partial L}{\partial(ac)}",
                   font_size=font_size, color=MODEL_COLOURS["linear2"])
