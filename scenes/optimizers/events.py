"""The ``optimizers`` race's pauses (:class:`sgdanim.lessons.optimizers.race.Event`) on the
table and the RMSE plot: played as the race reaches them, or put on screen at once when a part
that did not play settles.
"""

from __future__ import annotations

from manim import FadeIn, FadeOut

from scenes.optimizers.jumps import drop_tags


def show_event(scene, stage, event, caption: str) -> None:
    """Say ``caption`` and show ``event`` (a pause of the race) on the table and the plot."""
    table, name = stage.table, event.racer
    scene.say(caption)
    if event.kind == "rmse":
        scene.mark("snapshot", epoch=event.epoch, row=event.row)
    elif event.kind == "drop":
        own, *misses = drop_tags(stage.plot, scene.numbers, event) if event.tags else (None,)
        gone = [FadeOut(t) for t in _retired(stage.plot)]
        scene.play(table.drop_lr(name, event.lrs[1]), *([FadeIn(own)] if own else []), *gone,
                   run_time=0.8)
        scene.mark("lr_drop", racer=name, lr=event.lrs[1])
        scene.play(table.flash(name, "lrs"), run_time=0.8)
        if misses:             # named last in the caption, after the lr: shown as it reaches them
            scene.wait(0.6)
            scene.play(*[FadeIn(m) for m in misses], run_time=0.6)
            scene.mark("near_misses", tags=[m.tex_string for m in misses])
    elif event.kind == "runaway":
        scene.play(FadeIn(table.results[name]), table.flash(name), run_time=0.9)
        scene.mark("runaway", racer=name, row=event.row)
        scene.wait(0.6)
    else:
        scene.play(FadeIn(stage.dots[name], scale=2), FadeIn(table.results[name]),
                   table.flash(name), run_time=0.9)
        scene.mark("target", racer=name, epoch=event.epoch)
        scene.wait(0.6)


def settle_event(scene, stage, event) -> None:
    """What ``event`` leaves on screen, without animating it."""
    if event.kind == "drop":
        old, new = stage.table.set_lr(event.racer, event.lrs[1])
        scene.remove(old)
        scene.add(new, *drop_tags(stage.plot, scene.numbers, event))
        scene.remove(*_retired(stage.plot))
    elif event.kind in ("runaway", "target"):
        scene.add(stage.table.results[event.racer])
    if event.kind == "target":
        scene.add(stage.dots[event.racer])


def _retired(plot) -> list:
    """The tags a new one displaced (:func:`~scenes.optimizers.jumps.drop_tags`), taken."""
    gone, plot.retired[:] = list(plot.retired), []
    return gone
