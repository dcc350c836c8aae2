r"""What the ``optimizers`` lesson says: names, update rules in LaTeX, table cells and captions.

Every string here is made from the lesson's numbers (:mod:`sgdanim.lessons.optimizers`) with
:mod:`scenes.kit.format`; nothing is computed, and no mobject is built.

Examples
--------
>>> from types import SimpleNamespace as NS
>>> adam = NS(name="adam", rule=NS(mean=(0.9, 0.1), square=(0.99, 0.01), eps=0.0, anneal=None))
>>> print(*rule_tex(adam), sep="\n")
m \leftarrow 0.9\,m + 0.1\,g,\quad v \leftarrow 0.99\,v + 0.01\,g^2
p \leftarrow p - \mathrm{lr}\cdot \frac{m}{\sqrt{v}}
"""

from __future__ import annotations

from scenes.kit.format import short

LABELS = {"sgd": "SGD", "momentum": "momentum", "rmsprop": "RMSProp", "adam": "Adam",
          "adam_ann": "annealed Adam"}
GLOSS = {
    "sgd": "a step against this row's gradient",
    "momentum": "steps along an average of recent gradients",
    "rmsprop": "each weight's step divided by its recent gradient size",
    "adam": "momentum's direction with RMSProp's per-weight size",
    "adam_ann": "Adam, and lr ÷ {factor} when an epoch's gradients jump",
}


def lr_text(lr: float) -> str:
    """A learning rate as the sheet writes it, in plain text for a table cell: three significant
    figures, and below 0.001 a mantissa and exponent (the kit's ``sci_tex`` writes LaTeX).

    >>> lr_text(1e-4), lr_text(0.02), lr_text(1.0), lr_text(0.0625), lr_text(1/64), lr_text(2.5e-5)
    ('1e-4', '0.02', '1', '0.0625', '0.0156', '2.5e-5')
    """
    if lr >= 1e-3:
        return short(lr, 3)
    mantissa, _, exponent = f"{lr:.2e}".partition("e")
    return f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent)}"


def result_text(racer, epochs: int) -> str:
    """The table's cell for ``racer``: its epochs to the target, or why there are none.

    >>> from types import SimpleNamespace as NS
    >>> result_text(NS(epochs_to_target=None, diverged_at=12), 40)
    'ran away at step 12'
    """
    if racer.epochs_to_target is not None:
        return str(racer.epochs_to_target)
    if racer.diverged_at is not None:
        return f"ran away at step {racer.diverged_at}"
    return f"not within {epochs} epochs"


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
    if rule.square:
        eps = r"+\epsilon" if rule.eps else ""
        step = rf"\frac{{{step}}}{{\sqrt{{v}}{eps}}}"
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
    return f"{LABELS[racer.name]}: {gloss(racer)}; lr = {lr_text(racer.lr)}."


def event_caption(event, numbers) -> str:
    """What the narration says at a pause of the race (``event``, from ``numbers.race``)."""
    if event.kind == "rmse":
        readings = ", ".join(f"{LABELS[name]} {short(rmse, 2)}" for name, rmse in event.readings)
        return f"rmse after epoch {event.epoch}: {readings}."
    racer = next(r for r in numbers.racers if r.name == event.racer)
    label = LABELS[racer.name]
    if event.kind == "drop":
        old, new = event.lrs
        again = " again" if event.again else ""
        return (f"{label}'s gradients jumped{again}: lr ÷ {factor_text(racer)}, "
                f"{lr_text(old)} → {lr_text(new)}.")
    if event.kind == "runaway":
        return f"{label} ran away at step {racer.diverged_at}; its run stops there."
    return f"{label} gets below rmse {short(numbers.target)} in epoch {event.epoch}."


def summary_caption(numbers) -> str:
    """Who got below the target first, and how many did not."""
    race, target = numbers.race, short(numbers.target)
    if race.winner is None:
        return f"None of them gets below rmse {target} within {numbers.epochs} epochs."
    best = next(r for r in numbers.racers if r.name == race.winner)
    return (f"Epochs to rmse < {target}: {LABELS[best.name]} first, in {best.epochs_to_target}; "
            f"{race.missed} of {len(numbers.racers)} do not get there within "
            f"{numbers.epochs} epochs.")


def bounce_caption(numbers) -> str:
    """Who got below the target but did not stay there."""
    if not numbers.race.bounced:
        return "The table counts the first epoch whose rmse is below the target."
    return "; ".join(f"{LABELS[name]} got there in epoch {epoch} but ends epoch {last} at rmse "
                     f"{short(rmse, 2)}" for name, epoch, last, rmse in numbers.race.bounced) + "."
