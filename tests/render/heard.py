"""What a listener hears as numbers: spoken words read back to values, written apart from
``sgdanim/render/spoken.py`` so the narration tests do not check the speaker with itself.

Examples
--------
>>> heard("L R one times ten to the minus four, then zero point seven zero")
[0.0001, 0.7]
>>> heard("one thousand eight hundred forty-nine rows; x equals minus two, one minus L R")
[1849.0, -2.0, 1.0]
>>> heard("Rows one to twenty-three, three point nine seven times ten to the minus four")
[1.0, 23.0, 0.000397]
"""

from __future__ import annotations

_SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate(
    "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
# Words after which "minus" is a number's sign, not an operator between two things.
_SIGN_AFTER = {"equals", "to", "at", "from", "is", "of", "by", "near", "the"}
_PUNCTUATION = ",.:;!?()"


def _word_value(word: str) -> int | None:
    if word in _SMALL:
        return _SMALL[word]
    tens, _, ones = word.partition("-")
    if tens in _TENS and (not ones or (ones in _SMALL and _SMALL[ones] < 10)):
        return _TENS[tens] + (_SMALL[ones] if ones else 0)
    return None


def _tokens(words: str) -> list[tuple[str, bool]]:
    """Each word, lowercased and bare, and whether a pause (punctuation) follows it."""
    out = []
    for raw in words.split():
        bare = raw.rstrip(_PUNCTUATION).lstrip("(")
        ends = bare != raw.lstrip("(") or bare.endswith("'s")
        out.append((bare.removesuffix("'s").lower(), ends))
    return out


def _below_thousand(tokens, i):
    """A number below 1000 starting at ``tokens[i]`` ("three hundred fifty") and the index
    after it, or (None, i)."""
    if i >= len(tokens) or (value := _word_value(tokens[i][0])) is None:
        return None, i
    i += 1
    if (value < 10 and not tokens[i - 1][1] and i < len(tokens)
            and tokens[i][0] == "hundred"):
        value, i = value * 100, i + 1
        rest = _word_value(tokens[i][0]) if i < len(tokens) and not tokens[i - 1][1] else None
        if rest is not None and rest < 100:
            value, i = value + rest, i + 1
    return value, i


def _whole(tokens, i):
    """The whole number starting at ``tokens[i]`` and the index after it, or (None, i)."""
    value, j = _below_thousand(tokens, i)
    if value is not None and not tokens[j - 1][1] and j < len(tokens) and tokens[j][0] == "thousand":
        value, j = value * 1000, j + 1
        if not tokens[j - 1][1]:
            rest, k = _below_thousand(tokens, j)
            if rest is not None:
                value, j = value + rest, k
    return value, j


def _number(tokens, i):
    """The number (with decimals and a power of ten) starting at ``tokens[i]``."""
    whole, j = _whole(tokens, i)
    if whole is None:
        return None, i
    text = str(whole)
    if j < len(tokens) and tokens[j][0] == "point" and not tokens[j - 1][1]:
        digits = []
        j += 1
        while j < len(tokens) and tokens[j][0] in _SMALL and _SMALL[tokens[j][0]] < 10:
            digits.append(str(_SMALL[tokens[j][0]]))
            j += 1
            if tokens[j - 1][1]:
                break
        text += "." + "".join(digits)
    power = [w for w, _ in tokens[j:j + 4]]
    if power == ["times", "ten", "to", "the"] and not tokens[j - 1][1]:
        sign, k = (-1, j + 5) if j + 4 < len(tokens) and tokens[j + 4][0] == "minus" else (1, j + 4)
        exponent, k = _whole(tokens, k)
        if exponent is not None:
            return float(f"{text}e{sign * exponent}"), k
    return float(text), j


def heard(words: str) -> list[float]:
    """Every number a listener hears in ``words``, in order."""
    tokens, found, i = _tokens(words), [], 0
    while i < len(tokens):
        sign = 1
        if (tokens[i][0] == "minus" and i + 1 < len(tokens)
                and (i == 0 or tokens[i - 1][0] in _SIGN_AFTER or tokens[i - 1][1])):
            value, j = _number(tokens, i + 1)
            if value is not None:
                found.append(-value)
                i = j
                continue
        value, j = _number(tokens, i)
        if value is None:
            i += 1
        else:
            found.append(sign * value)
            i = j
    return found
