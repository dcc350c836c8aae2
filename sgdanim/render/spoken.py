"""A caption as a listener hears it: the same sentence, with its symbols and numbers in words.

The narration speaks exactly the caption's line, so it can never drift from the screen; only
what a voice would mangle is rewritten. Numbers are read the way a teacher reads them aloud:
``1.0×10⁻⁴`` is "one times ten to the minus four", ``0.000397`` is "zero point
zero zero zero three nine seven", ``−2`` is "minus two". :func:`speech` also hands back each
number it said, as the caption wrote it and as a value: the narration's numbers are the
caption's own numerals, which the scene formatted from the lesson's numbers.

Examples
--------
>>> spoken("lr = 1.0×10⁻⁴: every step multiplies w − w* by |1 − lr·λ| = 0.70.")
'L R equals one times ten to the minus four: every step multiplies w minus w star by the size of one minus L R times lambda equals zero point seven zero.'
>>> spoken("2/λmax = 0.000397, 1/(x²+1) for x = 99, err² and RMSE")
'two over lambda max equals zero point zero zero zero three nine seven, one over (x squared plus one) for x equals ninety-nine, error squared and R M S E'
>>> spoken("Dividing by 1 − βᵗ, from m₀ = 0: 51% of g/(1−β) → 3.71")
'Dividing by one minus beta to the t, from m nought equals zero: fifty-one percent of g over (one minus beta) to three point seven one'
>>> spoken("Rows 1–23: a·x + b, ∂err²/∂d, lr ÷ 4, RMSE < 1, grows ×2.2, 6× smaller, √v")
'Rows one to twenty-three: eh times x plus b, the derivative of error squared with respect to d, L R divided by four, R M S E below one, grows by a factor of two point two, six times smaller, square root of v'
>>> spoken("The rows lie on a line, y = 2x + 30.")
'The rows lie on a line, y equals two x plus thirty.'
>>> speech("a = −2.5 at lr 3.2×10⁻⁴, a step").numbers
(('−2.5', -2.5), ('3.2×10⁻⁴', 0.00032))
"""

from __future__ import annotations

import re
from typing import NamedTuple

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_SUPER = "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"

# A numeral as the series writes one (scenes/kit/format.py): an optional sign right before
# its digits, decimals, and a power of ten in superscripts.
NUMERAL = re.compile(rf"(?<![\w.])(?P<sign>[-−](?=\d))?(?P<mant>\d+(?:\.\d+)?)"
                     rf"(?:×10(?P<exp>[{_SUPER}]+))?(?![\w])")

# Rewrites that need the whole pattern, applied before the numbers are read.
_PATTERNS = [
    (r"(\d)\s*–\s*(\d)", r"\1 to \2"),                      # a range: rows 1–23
    (r"(?<![\w.])(\d+(?:\.\d+)?)([a-z])(?!\w)", r"\1 \2"),      # a coefficient: y = 2x + 30
    (r"(?<![\w)])×(?=\d)", "by a factor of "),              # grows ×2.2 an epoch
    (r"∂([^\s/]+)/∂(\w+)", r"the derivative of \1 with respect to \2"),
    (r"√(\w+)", r"square root of \1"),
    (r"\bsin(?:\s+|\()(\w)\b\)?", r"sine of \1"),
    (r"\|([^|]+)\|", r"the size of \1"),
    (r"(?<=[\w)²])/(?=[\w(])", " over "),
    (r"(?<![\w.])lr(?!\w)", "L R"),
    (r"\be\.g\.", "for example"), (r"\bi\.e\.", "that is"), (r"\betc\.", "and so on"),
    (r"\bvs\.?(?!\w)", "versus"), (r"relu-sandwich", "rel-you sandwich"),
]

# Symbols a voice reads badly or not at all, in the order they are replaced.
_WORDS = [
    ("ŷ", "y hat"), ("\u0302", " hat"), ("err²", "error squared"), ("²", " squared"), ("ᵗ", " to the t"),
    ("₀", " nought"), ("w*", "w star"), ("λ", " lambda "), ("β", " beta "), ("η", " eta "),
    ("·", " times "), ("×", " times "), ("÷", " divided by "), ("∞", " infinity "),
    ("→", " to "), ("≈", " about "), ("≤", " at most "), ("≥", " at least "), ("<", " below "),
    (">", " above "), ("−", " minus "), ("±", " plus or minus "), ("=", " equals "),
    ("+", " plus "), ("%", " percent"), ("_", " "), ("&", " and "),
    ("RMSProp", "R M S prop"), ("RMSE", "R M S E"), ("SGD", "S G D"), ("ReLU", "rel-you"),
]

# The weight called a (a voice reads a lone "a" as the article, "uh"): "a" followed by no
# word, or by one of these, is the letter, said "eh".
_A_FOLLOWERS = ("and or times equals plus minus over squared to moves crosses across shrink "
                "shrank versus goes is").split()
_LETTER_A = re.compile(rf"(?<![\w'])a(?!\w)(?!\s+(?!(?:{'|'.join(_A_FOLLOWERS)})\b)[A-Za-z])")


class Speech(NamedTuple):
    """What a caption's line becomes when spoken: its ``words``, and every number said, as
    ``(numeral as the caption wrote it, value)`` in the order said."""
    words: str
    numbers: tuple[tuple[str, float], ...]


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
    return " ".join(_ONES[int(d)] for d in str(n))  # digit by digit: captions go scientific first


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


def _read(match: re.Match, said: list) -> str:
    """One numeral in words; its text and value are added to ``said``."""
    sign = "-" if match.group("sign") else ""
    mant, exp = match.group("mant"), match.group("exp")
    if exp is None:
        said.append((match.group(0), float(sign + mant)))
        return number(sign + mant)
    power = exp.translate(_SUPERSCRIPTS)
    said.append((match.group(0), float(f"{sign}{mant}e{power}")))
    mantissa = re.sub(r"\.0+$", "", mant)  # "1.0×10⁻⁴" is "one times ten to ..."
    return f"{number(sign + mantissa)} times ten to the {number(power)}"


def speech(caption: str) -> Speech:
    """``caption`` as it should be spoken, with the numbers it says (see the module's examples)."""
    text = caption
    for pattern, words in _PATTERNS:
        text = re.sub(pattern, words, text)
    said: list[tuple[str, float]] = []
    text = NUMERAL.sub(lambda m: _read(m, said), text)
    for symbol, words in _WORDS:
        text = text.replace(symbol, words)
    text = _LETTER_A.sub("eh", re.sub(r"\s+", " ", text))
    for loose, tight in ((" :", ":"), (" ,", ","), (" )", ")"), ("( ", "("), (" .", "."),
                         (" ;", ";"), (" '", "'")):
        text = text.replace(loose, tight)
    return Speech(text.strip(), tuple(said))


def spoken(caption: str) -> str:
    """The words of :func:`speech`."""
    return speech(caption).words
