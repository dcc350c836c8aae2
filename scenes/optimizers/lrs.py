"""How the ``optimizers`` lesson writes a learning rate: by the series' one rule
(:mod:`scenes.kit.format`), or, in the race table's lr column and wherever the lesson reads a
racer's lr off it, all in one format (docs/notation.md).

Nothing is computed here but strings.
"""

from __future__ import annotations

from scenes.kit.format import column_is_scientific, figures_tex, figures_text, sci_tex, sci_text


def lr_text(lr: float, column: bool = False) -> str:
    """A learning rate in plain text with two figures, by the series' one rule
    (:func:`scenes.kit.format.figures_text`); in a ``column`` that is scientific
    (:func:`lr_column`), a mantissa and a power of ten whatever its size.

    >>> lr_text(1e-4), lr_text(0.02), lr_text(1.0), lr_text(0.0625), lr_text(2.5e-5)
    ('1.0×10⁻⁴', '0.02', '1', '0.062', '2.5×10⁻⁵')
    >>> lr_text(0.316, column=True)
    '3.2×10⁻¹'
    """
    return sci_text(lr, 1, always=True) if column else figures_text(lr, 2)


def lr_tex(lr: float, column: bool = False) -> str:
    r""":func:`lr_text` in LaTeX, for a table cell.

    >>> print(lr_tex(1e-4), lr_tex(0.0625), lr_tex(0.0625, column=True))
    1.0\times10^{-4} 0.062 6.2\times10^{-2}
    """
    return sci_tex(lr, 1, always=True) if column else figures_tex(lr, 2)


def lr_column(numbers) -> bool:
    """Whether the table's lr column, and the captions that read it, write every lr as a
    mantissa and a power of ten: when any lr it shows would be (a column in one format, not
    1.0×10⁻⁴ above 0.0562)."""
    return column_is_scientific([lr for r in numbers.racers
                                 for lr in (r.lr, *[drop for _, drop in r.lr_drops])])


def lr_cell_parts(racer, now: float, column: bool = False) -> tuple[str, ...]:
    r"""The table's lr cell as LaTeX pieces: the lr ``racer`` runs at ``now``, in the column's
    format (:func:`lr_column`), and, once its schedule has cut it, a second piece the table
    sets in grey, what the lr it started from was divided by (so the cell reads as the
    captions say it, "now 2.0×10⁻²", with no sum for the reader to do).

    >>> from types import SimpleNamespace as NS
    >>> ann = NS(lr=0.316, cut=lambda lr: round(0.316 / lr))
    >>> lr_cell_parts(ann, 0.316, column=True)
    ('3.2\\times10^{-1}',)
    >>> print(*lr_cell_parts(ann, 0.0198, column=True))
    2.0\times10^{-2} \,(\div16)
    """
    if now == racer.lr:
        return (lr_tex(now, column),)
    # from 10⁴ up by the one rule: ten drops over 200 epochs divide by 1.0×10⁶, and the
    # column "(÷1048576)" widened ran the table off the frame
    return lr_tex(now, column), rf"\,(\div{figures_tex(racer.cut(now))})"


def lr_cell_tex(racer, now: float, column: bool = False) -> str:
    r"""The lr cell's LaTeX as drawn (its pieces joined as ``MathTex`` joins them).

    >>> from types import SimpleNamespace as NS
    >>> print(lr_cell_tex(NS(lr=0.316, cut=lambda lr: round(0.316 / lr)), 0.079))
    0.079 \,(\div4)
    """
    return " ".join(lr_cell_parts(racer, now, column))
