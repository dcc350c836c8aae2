"""How the ``optimizers`` lesson writes a learning rate: by the series' one rule
(:mod:`scenes.kit.format`), or, in the race table's lr column and wherever the lesson reads a
racer's lr off it, all in one format (docs/notation.md).

Nothing is computed here but strings.
"""

from __future__ import annotations

from scenes.kit.format import column_is_scientific, sci_tex, sci_text, short


def lr_text(lr: float, column: bool = False) -> str:
    """A learning rate in plain text, by the series' one rule (``scenes.kit.format``): below
    0.01 a mantissa and a power of ten, else three significant figures; in a ``column`` that
    is scientific (:func:`lr_column`), a mantissa and a power of ten whatever its size.

    >>> lr_text(1e-4), lr_text(0.02), lr_text(1.0), lr_text(0.0625), lr_text(1/64), lr_text(2.5e-5)
    ('1.0×10⁻⁴', '0.02', '1', '0.0625', '0.0156', '2.5×10⁻⁵')
    >>> lr_text(0.316, column=True)
    '3.2×10⁻¹'
    """
    if column:
        return sci_text(lr, 1, always=True)
    return short(lr, 3) if lr >= 1e-2 else sci_text(lr, 1)


def lr_tex(lr: float, column: bool = False) -> str:
    r""":func:`lr_text` in LaTeX, for a table cell.

    >>> print(lr_tex(1e-4), lr_tex(0.0625), lr_tex(0.0625, column=True))
    1.0\times10^{-4} 0.0625 6.2\times10^{-2}
    """
    if column:
        return sci_tex(lr, 1, always=True)
    return short(lr, 3) if lr >= 1e-2 else sci_tex(lr, 1)


def lr_column(numbers) -> bool:
    """Whether the table's lr column, and the captions that read it, write every lr as a
    mantissa and a power of ten: when any lr it shows would be (a column in one format, not
    1.0×10⁻⁴ above 0.0562)."""
    return column_is_scientific([lr for r in numbers.racers
                                 for lr in (r.lr, *[drop for _, drop in r.lr_drops])])


def lr_cell_tex(racer, now: float, column: bool = False) -> str:
    r"""The table's lr cell: the lr ``racer`` started from and, once its schedule has cut it
    to ``now``, what it has divided it by (the table says what was tuned, and what annealing
    did to it, in the rule card's "lr ÷ 4" and a cell no wider than a number and a bit), in
    the column's format (:func:`lr_column`).

    >>> from types import SimpleNamespace as NS
    >>> ann = NS(lr=0.316, cut=lambda lr: round(0.316 / lr))
    >>> print(lr_cell_tex(ann, 0.316), lr_cell_tex(ann, 0.0198))
    0.316 0.316{\div}16
    >>> print(lr_cell_tex(ann, 0.0198, column=True))
    3.2\times10^{-1}{\div}16
    """
    if now == racer.lr:
        return lr_tex(racer.lr, column)
    return rf"{lr_tex(racer.lr, column)}{{\div}}{racer.cut(now)}"   # tight, as "÷16"
