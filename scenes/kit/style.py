"""The series' one look: a colour per meaning, per weight and per optimizer, and the text sizes.

Every lesson draws with these, so a student who met ``b`` in yellow-green or Adam in orange in
one lesson meets them the same way in the next (``docs/notation.md`` lists them in words).

Text sizes are manim ``font_size`` values. The smallest, :data:`MIN_FONT_SIZE`, is what stays
readable when a clip is embedded at 480p: a digit of it is about 19 px tall at 1080p and 8 px
at 480p (``tests/scenes/test_style.py`` checks every part's text against it, without
rendering).

Examples
--------
>>> WEIGHT_COLOURS["a"], OPTIMIZER_COLOURS["adam"]
('#F0E442', '#E69F00')
>>> MIN_FONT_SIZE <= LABEL_SIZE < BODY_SIZE < TITLE_SIZE
True
"""

from __future__ import annotations

from manim import BLUE, GREEN, GREY_B, ORANGE, RED, TEAL, WHITE, YELLOW, MarkupText, Text

# One typeface for words and numbers. LaTeX sets every formula and number in Computer Modern, so
# every Text is set in Latin Modern Roman, its OpenType form (Debian's fonts-lmodern, which
# `make setup` installs): "row 27" reads as one face whether "27" came from LaTeX or from Pango.
# manim's own default is Pango's, DejaVu, beside LaTeX's numbers. Exponents: kit.text.words.
TEXT_FONT = "Latin Modern Roman"
# Latin Modern Roman has no lowercase Greek and few maths signs (λ, β, ≈, ≤, ∂): Pango took
# them from DejaVu Sans, bold and sans beside the serif words. kit.text.words sets them in
# Latin Modern Math, LaTeX's own face for them (in the same Debian package).
MATH_FONT = "Latin Modern Math"
Text.set_default(font=TEXT_FONT)
MarkupText.set_default(font=TEXT_FONT)

# One colour per meaning, across lessons.
DATA = GREY_B          # the spreadsheet's rows
MODEL = BLUE           # the model's line or curve
WEIGHT = YELLOW        # the moving weight point
PATH = ORANGE          # where the weights have been
OPTIMUM = GREEN        # the best weights, the target
GRAD = RED             # a derivative, an error
TEXT = WHITE
ACCENT = TEAL
DIM = "#aaaaaa"        # secondary text: units, glosses, faint curves (#9a9a9a was faint at 480p: r9)

# One colour per weight, in every lesson that names them (Okabe–Ito: apart for colour-blind
# readers, readable on black; c and d sit four hues apart so their curves never blur).
WEIGHT_COLOURS = {"a": "#F0E442", "b": "#009E73", "c": "#56B4E9", "d": "#CC79A7"}

# One colour per optimizer, in every lesson that runs them (none is the optimum's green).
OPTIMIZER_COLOURS = {"sgd": "#F0E442", "momentum": "#56B4E9", "rmsprop": "#CC79A7",
                     "adam": "#E69F00", "adam_ann": "#FF4040"}

# One colour per model of the forum thread, in every lesson that draws them (none is a
# weight's or an optimizer's): one neuron, the stacked pair, the pair with a ReLU between.
MODEL_COLOURS = {"linear": "#7CFC00", "linear2": "#A78BFA", "relu2": "#FF55FF"}

# Text sizes (manim font_size).
TITLE_SIZE = 36        # a lesson's question, a part's header
BODY_SIZE = 30         # sentences, equations
LABEL_SIZE = 28        # axis labels, legends, table cells
MIN_FONT_SIZE = 26     # tick labels and anything else: nothing on screen is smaller
CAPTION_SIZE = 30      # burned-in captions
