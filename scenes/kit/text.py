"""Words on screen in the series' one face, exponents included.

Latin Modern (``style.TEXT_FONT``) has no Unicode superscript minus or 4–9, so Pango set the
"⁻⁴" of "1.0×10⁻⁴" in a fallback face, bolder and sans, beside Latin Modern digits (review r8).
:func:`words` sets such a run as a Pango superscript of ordinary digits instead: the same face,
raised and smaller, as LaTeX sets ``10^{-4}``.

Examples
--------
>>> pango_markup("lr 1.0×10⁻⁴ & 10¹²")
'lr 1.0×10<sup>−4</sup> &amp; 10<sup>12</sup>'
>>> type(words("row 27")).__name__, type(words("1.0×10⁻⁴")).__name__
('Text', 'MarkupText')
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from manim import MarkupText, Text

from scenes.kit.format import SUPERSCRIPTS

_BASELINE = str.maketrans(SUPERSCRIPTS, "−0123456789")
_RUN = re.compile(f"[{SUPERSCRIPTS}]+")


def pango_markup(text: str) -> str:
    """``text`` as Pango markup: escaped, each run of superscripts a ``<sup>`` of digits."""
    return _RUN.sub(lambda run: f"<sup>{run.group().translate(_BASELINE)}</sup>", escape(text))


def words(text: str, **kwargs) -> Text | MarkupText:
    """``text`` as a ``Text`` (``kwargs`` as Text takes them), or, when it holds an exponent,
    as the ``MarkupText`` of :func:`pango_markup`: every glyph from the series' face."""
    if _RUN.search(text) is None:
        return Text(text, **kwargs)
    return MarkupText(pango_markup(text), **kwargs)
