"""A caption as a listener hears it: the same sentence, with its symbols and numbers in words.

The narration speaks exactly the caption's line, so it can never drift from the screen; only
what a voice would mangle is rewritten. Numbers are read the way a teacher reads them aloud:
``1.0×10⁻⁴`` is "one times ten to the minus four", ``0.000397`` is "zero point
zero zero zero three nine seven", ``−2`` is "minus two".

Examples
--------
>>> spoken("lr = 1.0×10⁻⁴: every step multiplies w − w* by |1 − lr·λ| = 0.70.")
'L R equals one times ten to the minus four: every step multiplies w minus w star by the size of one minus L R times lambda equals zero point seven zero.'
>>> spoken("2/λmax = 0.000397, 1/(x²+1) for x = 99, err² and RMSE")
'two over lambda max equals zero point zero zero zero three nine seven, one over (x squared plus one) for x equals ninety-nine, error squared and R M S E'
>>> spoken("Dividing by 1 − βᵗ, from m₀ = 0: 51% of g/(1−β) → 3.71")
'Dividing by one minus beta to the t, from m nought equals zero: fifty-one percent of g over (one minus beta) to three point seven one'
"""

from __future__ import annotations

import re

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")

# Symbols a voice reads badly or not at all, in the order they are replaced.
_WORDS = [
    ("ŷ", "y hat"), ("err²", "error squared"), ("²", " squared"), ("ᵗ", " to the t"),
    ("₀", " nought"), ("w*", "w star"), ("λ", " lambda "), ("β", " beta "), ("η", " eta "),
    ("∂", "partial "), ("√", "root of "), ("·", " times "), ("×", " times "),
    ("→", " to "), ("≈", " about "), ("≤", " at most "), ("≥", " at least "), ("−", " minus "),
    ("±", " plus or minus "), ("=", " equals "), ("+", " plus "), ("%", " percent"),
    ("RMSE", "R M S E"), ("SGD", "S G D"), ("ReLU", "rel-you"),
]


def whole(n: int) -> str:
    """A whole number below a million in words.

    >>> whole(0), whole(27), whole(100), whole(1849), whole(100000)
    ('zero', 'twenty-seven', 'one hundred', 'one thousand eight hundred forty-nine', 'one hundred thousand')
    """
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else "-" + _ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + ("" if rest == 0 else " " + whole(rest))
    if n < 1_000_000:
        rest = n % 1000
        return whole(n // 1000) + " thousand" + ("" if rest == 0 else " " + whole(rest))
    return " ".join(_ONES[int(d)] for d in str(n))  # digit by digit: nothing here is that big


def number(text: str) -> str:
    """A decimal numeral (``-0.25``, ``29``, ``3.71``) in words; digits after the point are
    read one by one.

    >>> number("-0.25"), number("1849"), number("12.5")
    ('minus zero point two five', 'one thousand eight hundred forty-nine', 'twelve point five')
    """
    sign = "minus " if text.startswith("-") else ""
    integer, _, fraction = text.lstrip("-").partition(".")
    words = whole(int(integer or "0"))
    if fraction:
        words += " point " + " ".join(_ONES[int(d)] for d in fraction)
    return sign + words


def _scientific(match: re.Match) -> str:
    exponent = match.group(2).translate(_SUPERSCRIPTS)
    mantissa = re.sub(r"\.0+$", "", match.group(1))  # "1.0×10⁻⁴" is "one times ten to ..."
    return f"{number(mantissa)} times ten to the {number(exponent)}"


def spoken(caption: str) -> str:
    """``caption`` as it should be spoken (see the module's examples)."""
    text = re.sub(r"(-?\d+(?:\.\d+)?)×10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)", _scientific, caption)
    text = re.sub(r"\|([^|]+)\|", r"the size of \1", text)
    text = re.sub(r"(?<=[\w)])/(?=[\w(])", " over ", text)
    text = re.sub(r"(?<![\w.])lr(?!\w)", "L R", text)
    for symbol, words in _WORDS:
        text = text.replace(symbol, words)
    text = re.sub(r"(?<![\w.])\d+(?:\.\d+)?(?![\w])", lambda m: number(m.group(0)), text)
    text = re.sub(r"\s+", " ", text)
    for loose, tight in ((" :", ":"), (" ,", ","), (" )", ")"), ("( ", "("), (" .", ".")):
        text = text.replace(loose, tight)
    return text.strip()
