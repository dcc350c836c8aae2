"""Words on screen in the series' one face, exponents included.

Latin Modern (``style.TEXT_FONT``) has no Unicode superscript minus or 4–9, so Pango set the
"⁻⁴" of "1.0×10⁻⁴" in a fallback face, bolder and sans, beside Latin Modern digits (review r8).
:func:`words` sets such a run as a Pango superscript of ordinary digits instead: the same face,
raised and smaller, as LaTeX sets ``10^{-4}``.

Latin Modern Roman has no lowercase Greek letters and few maths signs either, so "λ" and
"≈" came from the same fallback face. :func:`words` sets them in ``style.MATH_FONT``, Latin
Modern Math, where LaTeX takes them from.

Examples
--------
>>> pango_markup("lr 1.0×10⁻⁴ & 10¹²")
'lr 1.0×10<sup>−4</sup> &amp; 10<sup>12</sup>'
>>> pango_markup("2/λ ≈ 3.97×10⁻⁴, √x − 1")
'2/<span font_family="Latin Modern Math">λ</span> <span font_family="Latin Modern Math">≈</span> 3.97×10<sup>−4</sup>, √x − 1'
>>> type(words("row 27")).__name__, type(words("1.0×10⁻⁴")).__name__, type(words("β")).__name__
('Text', 'MarkupText', 'MarkupText')
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from manim import MarkupText, Text

from scenes.kit.format import SUPERSCRIPTS
from scenes.kit.style import MATH_FONT

_BASELINE = str.maketrans(SUPERSCRIPTS, "−0123456789")
_RUN = re.compile(f"[{SUPERSCRIPTS}]+")
# Lowercase Greek, and the maths signs Latin Modern Roman lacks (it has − ∕ ∗ √ ∞ ∢).
_NOT_IN_FACE = re.compile("[\u03b1-\u03c9\u03d1\u03d5\u03f5\u2200-\u2211\u2213\u2214"
                          "\u2216\u2218-\u2219\u221b-\u221d\u221f-\u2221\u2223-\u22ff]+")
_SPECIAL = re.compile(f"{_RUN.pattern}|{_NOT_IN_FACE.pattern}")


def _markup(run: re.Match) -> str:
    if _RUN.fullmatch(run.group()):
        return f"<sup>{run.group().translate(_BASELINE)}</sup>"
    return f'<span font_family="{MATH_FONT}">{run.group()}</span>'


def pango_markup(text: str) -> str:
    """``text`` as Pango markup: escaped, each run of superscripts a ``<sup>`` of digits, and
    each run of what Latin Modern Roman lacks in Latin Modern Math."""
    return _SPECIAL.sub(_markup, escape(text))


def words(text: str, **kwargs) -> Text | MarkupText:
    """``text`` as a ``Text`` (``kwargs`` as Text takes them), or, when it holds an exponent
    or a glyph Latin Modern Roman lacks, as the ``MarkupText`` of :func:`pango_markup`: every
    glyph from the series' faces, none from a fallback."""
    if _SPECIAL.search(text) is None:
        return Text(text, **kwargs)
    return MarkupText(pango_markup(text), **kwargs)
