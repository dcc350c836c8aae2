"""Part ``panels`` of the ``stepping`` lesson: the sheet's data and its line, then the loss
landscape over (a, b) with the weight point where the sheet starts."""

from __future__ import annotations

from manim import Create, FadeIn, Write

from scenes.kit.format import short
from scenes.kit.part import Part


class PanelsPart(Part):
    """Plays the stage in (it is built once, by the scene's ``setup``)."""

    id = "panels"

    def play(self, scene, built) -> None:
        n, stage = scene.numbers, scene.stage
        data = stage.data
        who = "The spreadsheet fits" if n.data_name == "spreadsheet" else "SGD fits"
        scene.say(f"{who} y = a·x + b to {n.rows_per_epoch} rows of data, one row at a time.")
        scene.play(FadeIn(stage.title), run_time=1.0)
        scene.play(Create(data.axes), FadeIn(data.labels), FadeIn(data.dots, lag_ratio=0.05),
                   run_time=2.0)
        scene.say(f"We start from a = {short(n.init[0])}, b = {short(n.init[1])}.")
        scene.play(Create(data.line), Write(stage.formula), run_time=1.5)
        scene.say("Right: the mean squared error over (a, b). The star is the best "
                  "fit; the yellow dot is where we are.")
        scene.play(FadeIn(stage.land), FadeIn(stage.optimum_label), stage.walker.appear(),
                   FadeIn(stage.readout), run_time=2.0)
        scene.add(stage.walker)
        scene.movers_last()
        scene.wait(2.0)
