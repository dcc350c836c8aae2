"""The ``optimizers`` lesson's race table: the legend during the race, then the results.

Built from the lesson's numbers only, so what each cell says is tested without rendering
(tests/scenes/test_optimizers.py).
"""

from __future__ import annotations

from manim import (LEFT, UP, Create, Dot, FadeIn, FadeOut, MathTex,
                   Succession, Underline, VGroup)

from sgdanim.lessons.optimizers import rmse_now

from scenes.kit.format import sci_tex, setting_tex, setting_text
from scenes.kit.style import DIM, MIN_FONT_SIZE, OPTIMIZER_COLOURS, TEXT
from scenes.optimizers.text import (LABELS, dipped, lr_cell_parts, lr_column,
                                    result_text)

OPTIMUM_MISS = "#FF8080"         # a last RMSE that is rising again


def rmse_tex(rmse: float) -> str:
    r"""An RMSE in a table cell, live or last: the series' one rule
    (:func:`scenes.kit.format.sci_tex`) with two decimals, so every RMSE the table shows has
    the same places (not 9 beside 8.4) and 0.98 does not read as 1; from 100 up (a run far
    off, never one racing at its best lr) whole, so the cell stays inside the frame. Whether
    it is whole is asked of the rounded value, so 99.996 reads 100, not 100.00.

    >>> rmse_tex(18.04), rmse_tex(9.0), rmse_tex(0.456), rmse_tex(0.004), rmse_tex(4247.2)
    ('18.04', '9.00', '0.46', '4.00\\times10^{-3}', '4247')
    >>> rmse_tex(99.994), rmse_tex(99.996)
    ('99.99', '100')
    """
    return sci_tex(rmse, 2 if round(rmse, 2) < 100 else 0)


RISING, RISING_SHORT = r"\text{, rising}", r"\nearrow"


def rmse_cell_tex(racer, rising: str = RISING) -> str:
    r"""The table's last column: the RMSE of the racer's last whole epoch, and whether it is
    rising there (``rising``: the words, or the arrow where the table has no room for them).

    >>> from types import SimpleNamespace as NS
    >>> print(rmse_cell_tex(NS(final_rmse=4.6001, rising=True)))
    4.60\text{, rising}
    >>> print(rmse_cell_tex(NS(final_rmse=1584.2, rising=True), RISING_SHORT))
    1584\nearrow
    >>> print(rmse_cell_tex(NS(final_rmse=None, rising=False)))
    \text{none}
    """
    if racer.final_rmse is None:
        return r"\text{none}"
    return rmse_tex(racer.final_rmse) + (rising if racer.rising else "")


def tex_baseline(tex: MathTex, y: float) -> MathTex:
    """Move ``tex`` vertically so its first glyph sits on ``y`` (every cell of the table starts
    with a letter or a digit that has no descender, so its cells share one baseline)."""
    tex.shift((y - tex[0][0].get_bottom()[1]) * UP)
    return tex


class RaceTable(VGroup):
    """Legend during the race, then the results table: optimizer, lr (where it started and,
    once annealing has cut it, where it is now), the epoch its RMSE first got below the target,
    and its last RMSE. Every cell is LaTeX, so a number and the word beside it are in one font;
    each column is as wide as the widest cell it will ever show."""

    # between the widest cell of a column and the next: widest after the names, which end in
    # a letter beside the lr's digits; the frame's width leaves no more
    GAPS = (0.18, 0.16, 0.14, 0.0)

    def __init__(self, numbers, font_size=MIN_FONT_SIZE, row_gap=0.42, rising=RISING,
                 divisor: bool = True):
        super().__init__()
        self.font_size = font_size
        self.row_gap = row_gap
        self.divisor = divisor      # whether an lr cell also says what its lr was divided by
        self.racers = {r.name: r for r in numbers.racers}
        self.column = lr_column(numbers)          # the lr column's one format
        target = setting_tex(numbers.target)
        # a target in scientific notation on a line of its own: on the line with "RMSE <" it
        # widened the column, and the last one ran off the frame
        heads = ((r"\text{optimizer}",), (r"\text{lr}",),
                 (rf"\text{{RMSE}} < {target}", r"\text{at epoch}") if "times" not in target
                 else (r"\text{RMSE} <", target, r"\text{at epoch}"),
                 (r"\text{last}", r"\text{RMSE}"))
        self.header = VGroup(*[self._head(lines) for lines in heads])
        names = [rf"\text{{{LABELS[r.name]}}}" for r in numbers.racers]
        lrs = [" ".join(self._lr_parts(r, lr)) for r in numbers.racers for lr in
               (r.lr, *[drop for _, drop in r.lr_drops])]
        results = [rf"\text{{{result_text(r, numbers.epochs)}}}" for r in numbers.racers]
        finals = [rmse_cell_tex(r, rising) for r in numbers.racers]
        # During the race the last column reads each racer's RMSE now; the race's end makes
        # it the last RMSE (the same number, then marked if it is rising).
        self.now_header = self._head((r"\text{RMSE}", r"\text{now}"))
        x = 0.3
        for head, cells, gap in zip(self.header, (names, lrs, results, finals), self.GAPS):
            head.align_to([x, 0, 0], LEFT)
            x += max(head.width, *[MathTex(c, font_size=font_size).width for c in cells]) \
                + gap
        self.now_header.align_to(self.header[3], LEFT)
        self.add(self.header)
        self.names, self.lrs, self.results, self.finals, self.swatches = {}, {}, {}, {}, {}
        for i, racer in enumerate(numbers.racers):
            y = -(i + 1) * row_gap
            c = OPTIMIZER_COLOURS[racer.name]
            self.names[racer.name] = self.cell(names[i], 0, y, c)
            self.swatches[racer.name] = Dot([0.12, 0, 0], radius=0.08, color=c).set_y(
                self.header[0][0][0].get_y() + y)            # mid x-height of the row
            self.lrs[racer.name] = self.lr_cell(racer, racer.lr, y)
            self.results[racer.name] = self.cell(results[i], 2, y)
            self.finals[racer.name] = self.cell(finals[i], 3, y,
                                                TEXT if not racer.rising else OPTIMUM_MISS)
            self.add(self.swatches[racer.name], self.names[racer.name], self.lrs[racer.name],
                     self.results[racer.name], self.finals[racer.name])

    def _head(self, lines) -> MathTex | VGroup:
        """A column's header: its last line on the header's baseline, any other one line
        pitch above it, so every header's lines share two baselines (stacked by their glyphs'
        tops, "RMSE" over "now" sat lower than "RMSE < 1" over "at epoch")."""
        texs = [MathTex(line, font_size=self.font_size, color=DIM) for line in lines]
        pitch = MathTex(r"\text{l}", font_size=self.font_size).height + 0.08  # an ascender
        tex_baseline(texs[-1], 0.0)
        for k, above in enumerate(texs[-2::-1], 1):
            tex_baseline(above, k * pitch).align_to(texs[-1], LEFT)
        return texs[0] if len(texs) == 1 else VGroup(*texs)

    def cell(self, tex: str | tuple[str, ...], column: int, baseline: float,
             color=TEXT) -> MathTex:
        """A cell on the row whose baseline is ``baseline`` below the header's (wherever the
        table has moved); ``tex`` one string or the pieces of one."""
        left = self.header[column].get_left()[0]
        base = self.header[0][0][0].get_bottom()[1]          # the header's baseline ("o")
        pieces = (tex,) if isinstance(tex, str) else tex
        return tex_baseline(MathTex(*pieces, font_size=self.font_size, color=color),
                            base + baseline).align_to([left, 0, 0], LEFT)

    def live(self, numbers, tracker) -> dict[str, VGroup]:
        """The "RMSE now" cells: each racer's RMSE of the last epoch finished after
        ``tracker``'s rows (:func:`sgdanim.lessons.optimizers.rmse_now`), in the last column,
        following the clock. Call once the table is where it plays."""
        self.now = {r.name: LiveRmse(self, i, r.rmse, numbers.rows, tracker)
                    for i, r in enumerate(numbers.racers)}
        return self.now

    def lr_cell(self, racer, lr: float, baseline: float) -> MathTex:
        """The lr cell of ``racer`` running at ``lr``: the lr in the text colour, what
        annealing divided it by in grey after it (:func:`lr_cell_parts`)."""
        cell = self.cell(self._lr_parts(racer, lr), 1, baseline)
        for part in cell[1:]:
            part.set_color(DIM)
        return cell

    def _lr_parts(self, racer, lr: float) -> tuple[str, ...]:
        parts = lr_cell_parts(racer, lr, self.column)
        return parts if self.divisor else parts[:1]

    def row(self, name: str) -> VGroup:
        return VGroup(self.swatches[name], self.names[name], self.lrs[name])

    def cells(self) -> dict[str, tuple[str, str, str]]:
        """What each row says: name -> (lr, result, last RMSE), as LaTeX drawn."""
        return {name: (self.lrs[name].tex_string, self.results[name].tex_string,
                       self.finals[name].tex_string) for name in self.names}

    def ring_swatch(self, name: str) -> None:
        """Draw ``name``'s key dot as a ring, as its walker is drawn (review r12: the key
        showed a filled dot for the ring on the panel); a size larger, to read as a ring."""
        swatch = self.swatches[name]
        swatch.set_fill(opacity=0).set_stroke(swatch.get_color(), width=3, opacity=1).scale(1.4)

    def set_lr(self, name: str, lr: float) -> tuple[MathTex, MathTex]:
        """Make the lr cell of ``name`` say it now runs at ``lr`` (after the lr it started
        from): a new cell in the old one's place (neither is added to the table). Returns
        (old, new)."""
        old = self.lrs[name]
        i = list(self.names).index(name)
        self.lrs[name] = self.lr_cell(self.racers[name], lr, -(i + 1) * self.row_gap)
        return old, self.lrs[name]

    def flash(self, name: str, cell: str = "names"):
        """Animation: a line under ``name``'s cell (its name, or ``"lrs"``: its lr) in the
        racer's own colour, drawn and faded. The text keeps its colour and size: manim's
        Indicate turns it yellow, SGD's colour, and grows it into the key dot beside it."""
        line = Underline(getattr(self, cell)[name], buff=0.05, stroke_width=3,
                         color=OPTIMIZER_COLOURS[name])
        return Succession(Create(line), FadeOut(line))

    def drop_lr(self, name: str, lr: float):
        """Animation: the lr cell of ``name`` changes to ``lr``: the old cell fades out
        before the new one fades in, in place (a cross-fade overprints the two)."""
        old, new = self.set_lr(name, lr)
        return Succession(FadeOut(old), FadeIn(new))


def now_tex(rmse: float | None) -> str:
    r"""A live RMSE cell: as the last column's (:func:`rmse_tex`); a
    dash before the first epoch has finished or after a run ran away.

    >>> now_tex(18.04), now_tex(9.0), now_tex(0.4567), now_tex(None)
    ('18.04', '9.00', '0.46', '\\text{--}')
    """
    return rmse_tex(rmse) if rmse is not None else r"\text{--}"


class LiveRmse(VGroup):
    """One racer's "RMSE now" cell: rebuilt whenever the RMSE it shows changes as the row
    clock runs."""

    def __init__(self, table: RaceTable, index: int, rmse, rows: int, tracker):
        super().__init__()
        self.shown = None
        baseline = -(index + 1) * table.row_gap

        def update(cell):
            tex = now_tex(rmse_now(rmse, tracker.get_value(), rows))
            if tex != cell.shown:
                for old in cell.get_family()[1:]:   # a play draws the family it began with:
                    old.points[:] = 0               # the old glyphs must leave no ink (as
                cell.submobjects = [table.cell(tex, 3, baseline)]   # DecimalNumber does)
                cell.shown = tex
        self.add_updater(update)
        update(self)

    @property
    def tex_string(self) -> str:
        return self.shown


def fitting_table(numbers, left: float, edges: tuple[float, float]) -> RaceTable:
    """The race's table from ``left``, a rising last RMSE marked with an arrow where the words
    would take it past the first of ``edges`` (with the sheets' lrs, "4.60, rising" ran past
    the frame's edge); then, where it still passes the second (the frame's), its lr cells
    without the divisor: after ten drops in 200 epochs, "1.7×10⁻⁶ (÷1.0×10⁶)" ran the last
    column off the frame. Each drop's caption says the divisor."""
    table = RaceTable(numbers)
    if left + table.width <= edges[0]:
        return table
    table = RaceTable(numbers, rising=RISING_SHORT)
    return table if left + table.width <= edges[1] else RaceTable(numbers, rising=RISING_SHORT,
                                                                  divisor=False)


def _dipped_racer(numbers):
    """The racer whose epoch to the target is starred (it dipped below, then rose again)."""
    return next((r for r in numbers.racers if dipped(r)), None)


def dip_note_tex(numbers) -> str | None:
    """The note under the table for a starred epoch: the first dip, and when it stayed."""
    if (r := _dipped_racer(numbers)) is None:
        return None
    target = setting_tex(numbers.target, in_text=True)
    return (rf"^*\text{{first below {target} in epoch {r.epochs_to_target}; for "
            rf"good from {r.settled_epoch}}}")


def dip_caption(numbers) -> str | None:
    """What the starred epoch means, said as the note appears (the speaker can't say "20*")."""
    if (r := _dipped_racer(numbers)) is None:
        return None
    # "asterisk", not "star": the star is the optimum all lesson long (review r10)
    return (f"The asterisk on {r.epochs_to_target}: its first dip below "
            f"{setting_text(numbers.target)}; "
            f"below for good from {r.settled_epoch}.")
