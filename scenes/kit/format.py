"""Numbers as text and LaTeX: the one place a lesson's numbers become strings on screen.

The lessons compute numbers; how many digits a reader sees, and when a number turns into
scientific notation, is decided here.

Examples
--------
>>> short(-17997.564), short(1.1204), short(0.0001), short(1849.0)
('-17997.6', '1.1204', '0.0001', '1849')
>>> sci_tex(3.974e-4), sci_tex(0.8), sci_tex(1e-2, 1)
('3.97\\\\times10^{-4}', '0.80', '1.0\\\\times10^{-2}')
>>> figures_text(0.0298), figures_text(0.00333)
('0.03', '3.3×10⁻³')
>>> sci_tex(0.0562, 1, always=True)
'5.6\\\\times10^{-2}'
>>> column_is_scientific([1e-4, 0.06]), column_is_scientific([0.05, 1])
(True, False)
>>> fixed(-28.6312), fixed(0.004), fixed(39115.65)
('−28.63', '0', '3.91×10⁴')
>>> decimals(1.1204), decimals(-17997.564), decimals(0.25, 3), decimals(10.0, 3)
(4, 1, 2, 0)
>>> [ordinal(k) for k in (1, 2, 3, 4, 11, 12, 13, 21, 22, 103)]
['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '103rd']
"""

from __future__ import annotations

import math


def short(value: float, digits: int = 6) -> str:
    """``value`` with ``digits`` significant figures and no trailing zeros, for MathTex (an
    infinite value is ``\\infty``; LaTeX typesets the ASCII minus as a minus sign)."""
    if not math.isfinite(value):
        return "\\infty" if value > 0 else ("-\\infty" if value < 0 else "\\text{nan}")
    if value == 0:
        return "0"
    places = max(digits - 1 - int(math.floor(math.log10(abs(value)))), 0)
    text = f"{value:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def short_text(value: float, digits: int = 6) -> str:
    """:func:`short` for plain text (a caption, a ``Text``): the real minus, and ∞.

    >>> short_text(-62.71941), short_text(float("inf"))
    ('−62.7194', '∞')
    """
    if not math.isfinite(value):
        return "∞" if value > 0 else "−∞" if value < 0 else "nan"
    return _minus(short(value, digits))


def decimals(value: float, digits: int = 6) -> int:
    """The decimal places :func:`short` shows ``value`` with (an axis with tick step ``s``
    labels every tick with ``decimals(s, 3)`` places)."""
    return len(short(value, digits).partition(".")[2])


def scientific(value: float, digits: int, always: bool = False) -> tuple[str, int | None]:
    """The mantissa with ``digits`` decimals, and the exponent of ten (``None`` when ``value``
    reads better without one: from 0.01 up to 10⁴, and 0, unless ``always``). The series' one
    rule for when a number turns scientific; :func:`sci_tex` and :func:`sci_text` only typeset
    it."""
    if value != 0 and math.isfinite(value) and (always or not 1e-2 < abs(value) < 1e4):
        exp = math.floor(math.log10(abs(value)))
        mant = value / 10 ** exp
        if round(mant, digits) >= 10:
            mant, exp = mant / 10, exp + 1
        return f"{mant:.{digits}f}", exp
    return f"{value:.{digits}f}", None


def column_is_scientific(values) -> bool:
    """Whether numbers that share a table column are all written in scientific notation: when
    any one of them would be (a column reads in one format, not 1.0×10⁻⁴ above 0.0562)."""
    return any(scientific(v, 0)[1] is not None for v in values)


def sci_tex(value: float, digits: int = 2, always: bool = False) -> str:
    """``value`` as LaTeX with ``digits`` decimals, in scientific notation when it is below
    0.01 or from 10⁴ up, or ``always`` (in a column where :func:`column_is_scientific`)."""
    mant, exp = scientific(value, digits, always)
    return mant if exp is None else f"{mant}\\times10^{{{exp}}}"


# The exponent characters sci_text writes (scenes.kit.text.words sets them in the series' face).
SUPERSCRIPTS = "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT = str.maketrans("-0123456789", SUPERSCRIPTS)


def sci_text(value: float, digits: int = 2, always: bool = False) -> str:
    """:func:`sci_tex` for plain text (a ``Text`` on screen, a caption): the same digits, with
    the exponent in Unicode superscripts."""
    mant, exp = scientific(value, digits, always)
    return _minus(mant if exp is None else f"{mant}×10{str(exp).translate(_SUPERSCRIPT)}")


def _minus(text: str) -> str:
    """A number written as plain text with the real minus sign the series writes on screen
    and in captions: an ASCII hyphen read as a dash ("-1.41" two lines before "−10.00").

    >>> _minus("-1.41"), _minus("1.41")
    ('−1.41', '1.41')
    """
    return "\u2212" + text[1:] if text.startswith("-") else text


def setting_text(value: float) -> str:
    """A number someone set (an lr, a target, a nudge h) as the series writes it: in
    scientific notation with two figures, as the sheets write 1.0E-04, or plain from 0.01 up
    to 10⁴ with every figure it was set to (one decimal would show lr 0.05 as 0.1 and 1.15 as
    1.1, and a target of 1e-9 written plain is wider than any column made for it).

    >>> setting_text(1e-4), setting_text(3.16e-4), setting_text(0.05), setting_text(1.15)
    ('1.0×10⁻⁴', '3.2×10⁻⁴', '0.05', '1.15')
    >>> setting_text(0.125), setting_text(1e-9), setting_text(2e4), setting_text(0.01)
    ('0.125', '1.0×10⁻⁹', '2.0×10⁴', '0.01')
    """
    return short_text(value) if _plain_setting(value) else sci_text(value, 1)


def setting_tex(value: float, in_text: bool = False) -> str:
    r""":func:`setting_text` in LaTeX; ``in_text`` for a number inside ``\text{…}``, where
    the power of ten needs math mode.

    >>> print(setting_tex(1e-4), setting_tex(0.05), setting_tex(1e-9, in_text=True))
    1.0\times10^{-4} 0.05 $1.0\times10^{-9}$
    """
    if _plain_setting(value):
        return short(value)
    tex = sci_tex(value, 1)
    return f"${tex}$" if in_text else tex


def _plain_setting(value: float) -> bool:
    # from 0.01 itself up (h = 0.01 reads as the sheet's gap column beside it), below 10⁴
    return value == 0 or not math.isfinite(value) or 1e-2 <= abs(value) < 1e4


def figures_text(value: float, figures: int = 2) -> str:
    """``value`` in plain text with ``figures`` significant figures, by the same rule as
    :func:`sci_text` for when it turns scientific (for a step size or a rate that spans
    decades, where a fixed count of decimals would show 0.00).

    >>> figures_text(0.0298), figures_text(0.00333), figures_text(18.208, 3), figures_text(2e-5, 3)
    ('0.03', '3.3×10⁻³', '18.2', '2.00×10⁻⁵')
    >>> figures_text(float("inf"))      # a ratio to nothing (a caption read "\\infty×")
    '∞'
    """
    if not math.isfinite(value) or scientific(value, 0)[1] is None:
        return short_text(value, figures)
    return sci_text(value, figures - 1)


def figures_tex(value: float, figures: int = 2) -> str:
    r""":func:`figures_text` in LaTeX (a ratio on screen reads as its caption says it).

    >>> print(figures_tex(0.02214), figures_tex(1.333), figures_tex(0.0038))
    0.022 1.3 3.8\times10^{-3}
    """
    if scientific(value, 0)[1] is None:
        return short(value, figures)
    return sci_tex(value, figures - 1)


def percent_text(share: float) -> str:
    """``share`` as a percentage: whole percents from 1% below 10⁴%, otherwise two figures by
    the series' one rule (a thread's lr of 10 is 9.8×10⁶% of its limit, not "9802000%", and
    0.4% is not "0%").

    >>> percent_text(0.98), percent_text(98020), percent_text(0.004), percent_text(0)
    ('98%', '9.8×10⁶%', '0.4%', '0%')
    """
    whole = _minus(f"{100 * share:.0f}")
    return (whole if _whole_percent(share) else figures_text(100 * share)) + "%"


def percent_tex(share: float) -> str:
    r""":func:`percent_text` in LaTeX.

    >>> print(percent_tex(0.98), percent_tex(98020))
    98\% 9.8\times10^{6}\%
    """
    return (f"{100 * share:.0f}" if _whole_percent(share) else figures_tex(100 * share)) + r"\%"


def _whole_percent(share: float) -> bool:
    # 0, or from 1% up to 10⁴%: below, "0%" would hide it; above, the digits run on
    return share == 0 or 1 <= abs(100 * share) < 1e4


def fixed(value: float, places: int = 2) -> str:
    """``value`` with ``places`` decimals, or ``0`` when it would show as nothing but zeros; from
    10⁴ up by the series' one rule (a runaway's weight is 3.91×10⁴, not 39115.65), as plain
    text (a caption, a ``Text``).

    >>> fixed(-28.6312), fixed(0.004), fixed(39115.65), fixed(-2.5e6, 1), fixed(float("inf"))
    ('−28.63', '0', '3.91×10⁴', '−2.5×10⁶', 'inf')
    """
    return _minus(_fixed_plain(value, places)) if _fixed_is_plain(value) else \
        sci_text(value, places)


def _fixed_plain(value: float, places: int) -> str:
    return f"{value:.{places}f}" if abs(value) >= 10 ** -places else "0"


def fixed_tex(value: float, places: int = 2) -> str:
    r""":func:`fixed` in LaTeX (an infinite value is ``\infty``).

    >>> print(fixed_tex(-28.6312), fixed_tex(39115.65), fixed_tex(float("-inf")))
    -28.63 3.91\times10^{4} -\infty
    """
    if not math.isfinite(value):
        return short(value)
    return _fixed_plain(value, places) if _fixed_is_plain(value) else sci_tex(value, places)


def _fixed_is_plain(value: float) -> bool:
    # below 10⁴ (and not infinite): a fixed count of decimals; the small end stays "0"
    return not math.isfinite(value) or abs(value) < 1e4


def counted(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural unless one (``epochs=1`` is a valid setting).

    >>> counted(1, "epoch"), counted(40, "epoch")
    ('1 epoch', '40 epochs')
    """
    return f"{count} {noun}{'' if count == 1 else 's'}"


def listed(names) -> str:
    """``names`` as a sentence lists them: "lr", "lr and start", "lr, start and data".

    >>> listed(["lr"]), listed(["lr", "start"]), listed(["lr", "start", "data"])
    ('lr', 'lr and start', 'lr, start and data')
    """
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def ordinal(k: int) -> str:
    """``k`` as an English ordinal: 1st, 2nd, 3rd, 4th, …, 11th to 13th, 21st."""
    suffix = "th" if k % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"
