"""What part 6 of the ``optimizers`` lesson says: the step plot's lines, which rule and
which dots each shows, the ratios its bars write, and the takeaway.

Every string here is made from the lesson's numbers with :mod:`scenes.kit.format`; nothing is
computed, and no mobject is built.
"""

from __future__ import annotations

from typing import NamedTuple

from scenes.kit.format import figures_tex, figures_text, short, short_text
from scenes.optimizers.text import LABELS, PLAIN_STEP


def takeaway_tex(numbers) -> str | None:
    """The step part's last word, held on screen under the answer: what puts a racer top left
    (None when one racer is both the slow and the fast one), in lines (``\\ &``) for the
    narrow column it stands in; what calms a only as the plot shows it (``calmers``)."""
    story = numbers.steps
    if story.unopposed:
        return None
    if not story.per_weight:
        lines = (r"\text{Why: no racer here}", r"\text{divides by its own }\sqrt{v}\text{,}",
                 r"\text{so }b\text{'s steps stay small}")
    else:
        calm = CALMS[story.calmers].tex if story.calmers else None
        # the empty \text{} keeps the formula's glyphs, and so the defaults' pixels, as they were
        lines = (r"\text{Why: each weight's own }\sqrt{v}\text{}",
                 r"\text{lifts }b\text{'s step (up)" + (";}" if calm else "}"),
                 *([calm + r"\text{ (left)}"] if calm else []))
    return r"\\ &".join(lines)


# What calms a, by StepStory.calmers: in the takeaway on screen, said, and over the plot's
# left arrow (scenes/optimizers/steps.py directions)
class Calm(NamedTuple):
    tex: str      # in the takeaway on screen
    said: str     # in its caption
    arrow: str    # over the step plot's left arrow


CALMS = {("m", "lr drops"): Calm(r"m\text{ and lr drops calm }a", "momentum and lr drops calm",
                                 r"m\text{, lr drops: calmer }a"),
         ("m",): Calm(r"m\text{ calms }a", "momentum calms", r"m\text{: calmer }a"),
         ("lr drops",): Calm(r"\text{lr drops calm }a", "lr drops calm",
                             r"\text{lr drops: calmer }a")}


def lifts(story, plural: bool = False) -> str:
    """What √v does to b, said: it "lifts" b where b climbs to its best, and "speeds" it
    where b's best is below the start ("Per-weight steps lift b" read as the wrong way).

    >>> from types import SimpleNamespace as NS
    >>> lifts(NS(rises=True)), lifts(NS(rises=False), plural=True)
    ('lifts', 'speed')
    """
    verb = "lifts" if story.rises else "speeds"
    return verb[:-1] if plural else verb


def takeaway_caption(numbers) -> str | None:
    """The takeaway said while it is held on screen (:func:`takeaway_tex`, in words), short:
    the answer's two lines sit in the band where players draw captions, so a short line
    covers less of them. A racer's bounce is on the answer line
    (:func:`scenes.optimizers.steps.first_tex`), not said again.

    >>> from types import SimpleNamespace as NS
    >>> story = NS(slow="sgd", fast="adam", unopposed=False, per_weight=True, calmers=("m",),
    ...            rises=True)
    >>> takeaway_caption(NS(steps=story, racers=[]))
    'Per-weight steps lift b; momentum calms a.'
    >>> takeaway_caption(NS(steps=NS(unopposed=False, per_weight=True, calmers=(), rises=False)))
    'Per-weight steps speed b.'
    >>> takeaway_caption(NS(steps=NS(unopposed=False, per_weight=False)))
    "No racer divides by √v: b's steps stay small."
    """
    story = numbers.steps
    if story.unopposed:
        return None
    if not story.per_weight:   # SGD against momentum: nothing lifts b's step
        return "No racer divides by √v: b's steps stay small."
    lift = f"Per-weight steps {lifts(story, plural=True)} b"
    return f"{lift}; {CALMS[story.calmers].said} a." if story.calmers else f"{lift}."


def step_focus(numbers) -> dict[int, str]:
    """Which rule the step plot shows with which of :func:`step_captions`' lines: "slow" with
    the slow racer's line, "scaled" (RMSProp) and "fast" (Adam) with the lines on their √v."""
    story, lines = numbers.steps, step_captions(numbers)
    focus = {1: "slow"}
    for key, name in (("scaled", story.scaled), ("fast", story.fast)):
        if name is not None and name != story.slow:
            focus[next(i for i, line in enumerate(lines) if line.startswith(opening(name)))] = key
    if story.annealed is not None:              # its line is the last: a capital A
        focus[len(lines) - 1] = "annealed"
    return focus


def step_pulses(numbers) -> dict[int, tuple[str, ...]]:
    """Whose dots the step plot pulses with which of :func:`step_captions`' lines: each
    rule's racer with its line, RMSProp's beside Adam's with the line that compares them."""
    story = numbers.steps
    names = {"slow": (story.slow,), "scaled": (story.scaled,),
             "fast": tuple(n for n in (story.fast, story.scaled) if n is not None),
             "annealed": (story.annealed,)}
    return {i: names[key] for i, key in step_focus(numbers).items()}


def ratio_text(ratio: float | None) -> str:
    """b's step over a's (:attr:`Racer.first_ratio`) as said and drawn: a dash when there is
    none (a did not move).

    >>> ratio_text(0.02214), ratio_text(None)
    ('0.022', '—')
    """
    return "—" if ratio is None else figures_text(ratio)


def ratio_tex(ratio: float | None) -> str:
    r""":func:`ratio_text` in LaTeX.

    >>> print(ratio_tex(1.333), ratio_tex(None))
    1.3 \text{--}
    """
    return r"\text{--}" if ratio is None else figures_tex(ratio)


def _times(ratio: float) -> str:
    """'5.8× less' for a ratio above 1, '2.5× more' below it.

    >>> _times(5.75), _times(0.4)
    ('5.8× less', '2.5× more')
    """
    return (f"{figures_text(ratio)}× less" if ratio >= 1 else
            f"{figures_text(1 / ratio)}× more")


def _slower_v(fast, scaled) -> str:
    """What besides m sets ``fast``'s (Adam's) rattle apart from ``scaled``'s (RMSProp's): a
    v averaged over more rows, said when their β differ (the comparison is not m alone).

    >>> from types import SimpleNamespace as NS
    >>> rule = lambda b: NS(rule=NS(square=(b, 1 - b)))
    >>> _slower_v(rule(0.99), rule(0.9)), _slower_v(rule(0.9), rule(0.9))
    (' (v keeps 0.99 of itself, not 0.9)', '')
    """
    if scaled is None or fast.rule.square[0] == scaled.rule.square[0]:
        return ""
    # Said as the rule on screen writes it (v ← 0.99 v + …): "β" was momentum's 0.9 there.
    return f" (v keeps {short(fast.rule.square[0])} of itself, not {short(scaled.rule.square[0])})"


def opening(name: str) -> str:
    """A racer's label at the start of a line: "Momentum", "Annealed Adam".

    >>> opening("momentum"), opening("adam_ann"), opening("sgd")
    ('Momentum', 'Annealed Adam', 'SGD')
    """
    label = LABELS[name]
    return label[0].upper() + label[1:]


def b_gets(story, racer) -> str:
    """How far ``racer``'s b got a row, net, the way it goes: "b gains 1.9×10⁻³ a row", or
    "b drops …" on rows whose best b is below the start (it read "b gains −2.8×10⁻⁴"), or,
    for a racer whose b went the other way, "b moves … a row away from its best"."""
    if racer.net_b < 0:
        return f"b moves {figures_text(-racer.net_b)} a row away from its best"
    return f"b {'gains' if story.rises else 'drops'} {figures_text(racer.net_b)} a row"


def _than(story, slow) -> str:
    """", 15× SGD's": how many times the slow racer's net b the fast one's is; nothing where
    either got nowhere (a ratio to b gone the wrong way read "−0.62× SGD's", or "∞×")."""
    if not 0 < story.speedup < float("inf"):
        return ""
    return f", {figures_text(story.speedup)}× {LABELS[slow.name]}'s"


def _fast_line(story, slow, fast, scaled) -> str:
    """The step plot's line on the racer whose b got farthest: Adam against RMSProp (m calms
    a), a √v racer against the slow one, or a plain one (momentum against SGD, where no racer
    divides by √v)."""
    if not story.per_weight:
        return (f"{opening(fast.name)}: {b_gets(story, fast)}{_than(story, slow)}: m averages "
                f"g, and b's g is small.")
    if scaled is not None:
        return (f"{opening(fast.name)}: √v too{_slower_v(fast, scaled)}, along m: a rattles "
                f"{_times(story.rattle)}, RMSE {short(fast.final_rmse, 2)}.")
    # a capital: "annealed Adam divides…" opened a line (SGD against annealed Adam)
    return (f"{opening(fast.name)} divides each step by its own √v: {b_gets(story, fast)}"
            f"{_than(story, slow)}.")


def step_captions(numbers) -> tuple[str, ...]:
    """What the step plot says: how far b got (net, per row) and how much a still rattles in
    the last epoch, under SGD, RMSProp, Adam and annealed Adam, and why."""
    story = numbers.steps
    by = {r.name: r for r in numbers.racers}
    slow, fast = by[story.slow], by[story.fast]
    lines = [f"Why? Up: b got farther a row. Left: a rattled less in epoch {numbers.epochs}.",
             f"{opening(slow.name)}: {b_gets(story, slow)}"
             + (f"; b's step is {ratio_text(slow.first_ratio)}× a's: lr·g, b's g small."
                if slow.name in PLAIN_STEP else ".")]
    if story.scaled is not None:
        rms = by[story.scaled]
        lines.append(f"{LABELS[rms.name]} ÷ √v: b's step {ratio_text(rms.first_ratio)}× a's, "
                     f"{b_gets(story, rms)}; but a rattles "
                     f"{figures_text(rms.end_a)}.")
    if fast is not slow:
        lines.append(_fast_line(story, slow, fast, by.get(story.scaled)))
    if story.annealed is not None:
        ann = by[story.annealed]
        where = (f"b nears {short_text(numbers.optimum[1], 2)} by epoch {ann.reach_epoch}"
                 if ann.reach_epoch else b_gets(story, ann))
        lines.append(f"{opening(ann.name)}: {figures_text(story.lr_ratio)}× Adam's lr, "
                     f"{where}; lr drops calm a: RMSE {short(ann.final_rmse, 2)}.")
    return tuple(lines)
