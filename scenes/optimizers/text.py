r"""What the ``optimizers`` lesson says: names, update rules in LaTeX, table cells and captions.

Every string here is made from the lesson's numbers (:mod:`sgdanim.lessons.optimizers`) with
:mod:`scenes.kit.format`; nothing is computed, and no mobject is built.

Examples
--------
>>> from types import SimpleNamespace as NS
>>> adam = NS(name="adam", rule=NS(mean=(0.9, 0.1), square=(0.99, 0.01), eps=0.0, anneal=None))
>>> print(*rule_tex(adam), sep="\n")
m \leftarrow 0.9\,m + 0.1\,g,\quad v \leftarrow 0.99\,v + 0.01\,g^2
p \leftarrow p - \mathrm{lr}\cdot \frac{m}{\sqrt{v}+\epsilon}\ \ (\epsilon = 0)
"""

from __future__ import annotations

from sgdanim.lessons.optimizers.race import near_misses

from scenes.kit.format import (counted, figures_text, listed, sci_tex, sci_text, setting_text,
                               short)
# the lrs' one format lives in lrs.py; its names are this module's too (the scenes import them here)
from scenes.optimizers.lrs import (lr_cell_parts, lr_cell_tex, lr_column, lr_tex,  # noqa: F401
                                   lr_text)

LABELS = {"sgd": "SGD", "momentum": "momentum", "rmsprop": "RMSProp", "adam": "Adam",
          "adam_ann": "annealed Adam"}
GLOSS = {
    "sgd": "a step against this row's gradient",
    "momentum": "a step against the average gradient",
    "rmsprop": "each weight's step ÷ its gradient size",
    "adam": "momentum's direction, RMSProp's sizes",
    "adam_ann": "Adam, lr ÷ {factor} when gradients jump",
}


PLAIN_STEP = {"sgd": "lr·g", "momentum": "lr·m"}   # steps not scaled per weight


def result_text(racer, epochs: int) -> str:
    """The table's cell for ``racer``: its epochs to the target, or why there are none.

    >>> from types import SimpleNamespace as NS
    >>> result_text(NS(epochs_to_target=None, diverged_at=12), 40)
    'ran away'
    """
    if racer.epochs_to_target is not None:         # * : it climbed back after (dip_note_tex)
        return str(racer.epochs_to_target) + ("*" if dipped(racer) else "")
    if racer.diverged_at is not None:     # its step is said as it happens (event_caption)
        return "ran away"
    return f"not in {epochs}"


def dipped(racer) -> bool:
    """Whether ``racer`` got below the target, climbed back, and only later stayed below."""
    settled = getattr(racer, "settled_epoch", None)
    return settled is not None and racer.epochs_to_target is not None and \
        settled > racer.epochs_to_target


def factor_text(racer) -> str:
    """What annealing divides ``racer``'s lr by (empty for a racer without annealing)."""
    return short(racer.rule.anneal[1]) if racer.rule.anneal else ""


def gloss(racer) -> str:
    """One line on what ``racer``'s rule does."""
    return GLOSS[racer.name].format(factor=factor_text(racer))


def _average(name: str, new: str, average) -> str:
    decay, weight = average
    return rf"{name} \leftarrow {short(decay)}\,{name} + {short(weight)}\,{new}"


def rule_tex(racer) -> tuple[str, ...]:
    """The update rule of ``racer`` as MathTex lines, with the hyperparameters its run used."""
    rule = racer.rule
    averages = ([_average("m", "g", rule.mean)] if rule.mean else []) + (
        [_average("v", "g^2", rule.square)] if rule.square else [])
    step = "m" if rule.mean else "g"
    if rule.square:        # ε written with the value the run used, 0 too (review r10)
        eps = sci_tex(rule.eps, 0).removeprefix(r"1\times") if rule.eps else "0"
        step = rf"\frac{{{step}}}{{\sqrt{{v}}+\epsilon}}\ \ (\epsilon = {eps})"
    lines = ([r",\quad ".join(averages)] if averages else []) + [
        rf"p \leftarrow p - \mathrm{{lr}}\cdot {step}"]
    if rule.anneal:
        ratio, factor = rule.anneal
        lines += [r"\text{after each epoch: } G=\textstyle\sum\sqrt{v}",
                  rf"G > {short(ratio)}\,\min G_{{\text{{before}}}} \Rightarrow "
                  rf"\mathrm{{lr}} \leftarrow \mathrm{{lr}}/{short(factor)}"]
    return tuple(lines)


# -- captions -------------------------------------------------------------------------------------
def intro_caption(racer) -> str:
    return f"{LABELS[racer.name]}: {gloss(racer)}."


def event_caption(event, numbers) -> str:
    """What the narration says at a pause of the race (``event``, from ``numbers.race``)."""
    if event.kind == "rmse":
        readings = ", ".join(f"{LABELS[name]} {figures_text(rmse)}"
                             for name, rmse in event.readings)
        return f"RMSE after epoch {event.epoch}: {readings}."
    racer = next(r for r in numbers.racers if r.name == event.racer)
    label = LABELS[racer.name]
    if event.kind == "drop":
        # said as the table's lr cell that changes with it reads: the lr now, then (grey)
        # what the lr it started from has been divided by
        return _drop_caption(event, racer, numbers)
    if event.kind == "runaway":
        return f"{label} ran away at step {racer.diverged_at}: it stops."
    return f"{label}: below RMSE {setting_text(numbers.target)} in epoch {event.epoch}."


def _drop_caption(event, racer, numbers) -> str:
    """An lr drop, said as the table's lr cell that changes with it reads (the lr now, then,
    grey, what the starting lr has been divided by), with the rule's test that made it: G
    over its min, past the ratio; the first drop also says the bounces before it that made
    none (:func:`~sgdanim.lessons.optimizers.race.near_misses`: under the ratio)."""
    label, new = LABELS[racer.name], event.lrs[1]
    now = f"lr now {lr_text(new, lr_column(numbers))} (÷{figures_text(racer.cut(new))})"
    epoch = event.row // numbers.rows          # the epoch whose G made the drop
    jump = racer.jumps[epoch - 2] if 2 <= epoch <= len(racer.jumps) + 1 else None
    times = f" ({figures_text(jump)}×)" if jump is not None else ""
    if event.again:
        return f"{label} jumps again{times}: {now}."
    ratio = short(racer.rule.anneal[0])
    misses = near_misses(racer.jumps, racer.rule.anneal[0])
    said = f"{label}'s G passed {ratio}× its min{times}: {now}."
    if misses:
        said += (f" Epochs {', '.join(str(e) for e, _ in misses)}: "
                 f"{', '.join(figures_text(v) + '×' for _, v in misses)}.")
    return said


def beat_caption(beat) -> str:
    """What the narration says over one leg of the race (``beat``, from ``numbers.race``):
    what the walkers and the table show happening in it, with its numbers.

    >>> from types import SimpleNamespace as NS
    >>> beat_caption(NS(kind="climb", racer="adam", values=(11.752, 14.757)))
    'Adam climbs the valley: b 11.8 → 14.8.'
    >>> beat_caption(NS(kind="rise", racer="adam_ann", values=(0.55, 17.443), through=None))
    "annealed Adam's RMSE rises: 0.55 → 17."
    >>> beat_caption(NS(kind="fall", racer="adam_ann", values=(12.4, 1.754), through=1.051))
    "annealed Adam's RMSE falls: 12 → 1.1, then back up to 1.8."
    >>> beat_caption(NS(kind="off", racer="sgd", values=(-65.23, -774.06)))
    'SGD runs off the plot: b −65.2 → −774.'
    """
    label, (start, end) = LABELS[beat.racer], beat.values
    if beat.kind in ("fall", "rise"):
        said = f"{label}'s RMSE {beat.kind}s: {figures_text(start)}"
        if beat.through is None:
            return f"{said} → {figures_text(end)}."
        back = "up" if beat.kind == "fall" else "down"
        return f"{said} → {figures_text(beat.through)}, then back {back} to {figures_text(end)}."
    b = f"b {figures_text(start, 3)} → {figures_text(end, 3)}."
    if beat.kind in ("crawl", "off"):
        return f"{label} {'barely moves' if beat.kind == 'crawl' else 'runs off the plot'}: {b}"
    return f"{label} {'climbs' if end >= start else 'slides down'} the valley: {b}"


def ring_caption(numbers) -> str | None:
    """Which racer is drawn as a ring, under whose dot, and until when their RMSEs stay
    together (None if no dot hides another)."""
    if not numbers.shadows:
        return None
    shadow = numbers.shadows[0]
    line = f"Ring: {LABELS[shadow.under]}, under {LABELS[shadow.over]}'s dot"
    if shadow.split is not None and shadow.split > 2:
        return f"{line}: together until epoch {shadow.split}."
    return line + "."


def inset_caption(numbers) -> str | None:
    """What the zoom inset is, and whose crawl it shows (None without one)."""
    if numbers.inset is None:
        return None
    names = listed(LABELS[name] for name in numbers.inset.racers)
    verb = "crawls" if len(numbers.inset.racers) == 1 else "crawl"
    return f"The inset enlarges the dashed box, where {names} {verb}."


def race_caption(numbers) -> str:
    """What the race opens with: the racers together, or, where every one ran away in its
    first epoch (shown with its rule), that none is left to race."""
    racers, race = numbers.racers, numbers.race
    if len(race.alone) == len(racers):
        who = LABELS[racers[0].name] if len(racers) == 1 else "every racer"
        return f"With {who} gone in epoch 1, there is nothing to race."
    return ("All together: " if len(racers) > 1 else "") + \
        "RMSE per epoch, plotted and in the table."


def summary_caption(numbers) -> str:
    """Who got below the target first, and how many did not (one racer: whether it did)."""
    race, target, racers = numbers.race, setting_text(numbers.target), numbers.racers
    one = LABELS[racers[0].name] if len(racers) == 1 else None
    if race.winner is None:
        if numbers.steps.ran_away:
            return f"{one} never gets below RMSE {target}: it ran away." if one else \
                f"None gets below RMSE {target}: all ran away."
        within = f"below RMSE {target} within {counted(numbers.epochs, 'epoch')}."
        return f"{one} does not get {within}" if one else f"None of them gets {within}"
    best = next(r for r in racers if r.name == race.winner)
    if one:
        return f"{one} gets below RMSE {target} in epoch {best.epochs_to_target}."
    never = f"{race.missed} of {len(racers)} never" if race.missed else \
        "both get there" if len(racers) == 2 else f"all {len(racers)} get there"
    return f"RMSE < {target}: {LABELS[best.name]} first, epoch {best.epochs_to_target}; {never}."


def bounce_caption(numbers) -> str | None:
    """Who got below the target but did not stay there (None when all stayed: the last
    column then speaks for itself)."""
    if not numbers.race.bounced:
        return None
    names = listed(LABELS[name] for name, *_ in numbers.race.bounced)
    ends = ", ".join(figures_text(rmse) for *_, rmse in numbers.race.bounced)
    return f"{names} climb back: last RMSE {ends}."


def fairness_caption(numbers) -> str:
    """Where the lrs came from: each racer's sweep, or the sheets (picked by hand)."""
    if numbers.sweep.used:
        return "Each raced at the best lr of its own sweep."
    if numbers.off_sheet:       # lr=1e-3: SGD's is not the basic sheet's 1e-4
        return "Each lr as set, not tuned."
    return "Each lr is its sheet's, picked by hand, not tuned."


def fairness_tex(numbers) -> str:
    """The note under the table: where its lrs came from."""
    if numbers.sweep.used:
        return (rf"\text{{lr: largest with RMSE}}\le{1 + numbers.sweep.within:g}"
                r"\times\text{its sweep's lowest}")
    if numbers.off_sheet:
        return r"\text{each lr: as set, not tuned}"
    return r"\text{each lr: its sheet's, picked by hand, not tuned}"


def sweep_captions(numbers) -> dict[str, str | None]:
    """What the sweep part says, line by line: the question, what a sweep is, where it stops
    (and, for SGD, that overshoot's limit is there), which lr each races with."""
    s, racers = numbers.sweep, numbers.racers
    grid = next(iter(s.tunings.values())).lrs
    low, high = min(racers, key=lambda r: r.lr), max(racers, key=lambda r: r.lr)
    return {
        "question": "Is the race fair? Each first gets its best lr." if s.used else
                    "Is the race fair? Each one's lr sweep first.",
        "runs": f"{len(grid)} runs each, one per lr, from {setting_text(grid[0])} to "
                f"{setting_text(grid[-1])}: RMSE after epoch {numbers.epochs}.",
        "stops": "A sweep stops at the first lr that runs away."
                 if any(t.runaway is not None for t in s.tunings.values()) else
                 "No lr on the grid made any of them run away.",
        "limit": f"SGD's stops past {sci_text(s.mean_loss_limit, 2)}: overshoot's mean-loss "
                 "limit." if "sgd" in s.tunings and s.limit_between("sgd") else None,
        "dots": _dots_caption(numbers),
        "compare": _compare_caption(numbers) if s.used and high is not low else None,
        "flat": _flat_caption(numbers),
    }


def _dots_caption(numbers) -> str:
    """Which lr each dot marks; a racer that runs away at its lr has no dot (the plot shows
    RMSEs of the last epoch), and the line says so instead of pointing at nothing."""
    s = numbers.sweep
    said = (f"Dots: the largest lr within {s.within_percent}% of the lowest RMSE" if s.used
            else "Dots: the lrs as set" if numbers.off_sheet
            else "Dots: the sheets' lrs, picked by hand")
    gone = [LABELS[r.name] for r in numbers.racers if r.diverged_at is not None]
    if not gone:
        return said + "."
    if len(gone) == len(numbers.racers):        # no dot at all to point at
        return f"No dot: {gone[0]} runs away at its lr." if len(gone) == 1 else \
            "No dots: each runs away at its lr."
    runs = "it runs" if len(gone) == 1 else "they run"
    return f"{said}; none for {listed(gone)}: {runs} away there."


def _compare_caption(numbers) -> str:
    """Why momentum races at a larger lr than SGD (its calmer a keeps its RMSE low there, the
    momentum lesson's point), or else who gets the largest and the smallest lr."""
    s, by = numbers.sweep, {r.name: r for r in numbers.racers}
    sgd, mom = by.get("sgd"), by.get("momentum")
    if sgd and mom and mom.lr > sgd.lr and s.rmse_at("sgd", mom.lr) is not None:
        there = s.rmse_at("sgd", mom.lr)
        return (f"Momentum gets {figures_text(mom.lr / sgd.lr)}× SGD's lr: there SGD ends at "
                f"RMSE {figures_text(there)}, momentum {figures_text(mom.final_rmse)}.")
    low, high = min(numbers.racers, key=lambda r: r.lr), max(numbers.racers, key=lambda r: r.lr)
    return f"{LABELS[high.name]} gets lr {lr_text(high.lr)}, {LABELS[low.name]} {lr_text(low.lr)}."


def _flat_caption(numbers) -> str | None:
    """Why SGD's lr is the largest of many: its curve is flat over decades, since in the race's
    epochs no lr carries it far along the valley (stepping's crawl); said when it spans at
    least two decades."""
    s = numbers.sweep
    if "sgd" not in s.tunings:
        return None
    low, high, lowest, worst = s.near_best("sgd")
    if high < 100 * low:
        return None
    return (f"SGD's curve is flat ({flat_range(s)}) from "
            f"{setting_text(low)} to {setting_text(high)}: no lr gets it far.")


def flat_range(sweep) -> str:
    """SGD's RMSE range over its flat stretch (``near_best``), as its caption says it and
    the bracket under the stretch writes it: "16–18"."""
    _, _, lowest, worst = sweep.near_best("sgd")
    return f"{figures_text(lowest)}–{figures_text(worst)}"
