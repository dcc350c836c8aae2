"""Part ``panels`` of the ``stepping`` lesson: its question, over its picture: the sheet's data
and line, and the loss landscape over (a, b) with the weight point where the sheet starts."""

from __future__ import annotations

from types import SimpleNamespace

from manim import DOWN, FadeIn, Indicate, MathTex, VGroup

from scenes.kit.format import setting_tex, setting_text, short, short_text
from scenes.kit.part import Part
from scenes.kit.style import BODY_SIZE, WEIGHT
from scenes.stepping.rows import Strip
from scenes.stepping.stage import WORK_TOP


class PanelsPart(Part):
    """The lesson's question over its picture: the data and the line left, the landscape and
    the weight point right, all on screen within the first second."""

    id = "panels"

    def build(self, numbers, params):
        """The setting, under the picture: the run, and the goal the question counts to; under
        it, the sheet's empty columns, where the ``rows`` part fills them in."""
        n = numbers
        setting = VGroup(
            MathTex(r"%d\text{ rows, one SGD step per row, } \mathrm{lr} = %s"
                    % (n.rows_per_epoch, setting_tex(n.lr)), font_size=BODY_SIZE),
            MathTex(r"\text{goal: } \text{RMSE} = \sqrt{\text{mean err}^2} < %s"
                    % setting_tex(n.crawl.target), font_size=BODY_SIZE))
        strip = Strip(n.rows)
        setting.arrange(DOWN, buff=0.35)
        setting.move_to([0, (WORK_TOP + strip.header.get_top()[1]) / 2, 0])
        return SimpleNamespace(setting=setting, sheet=VGroup(strip.header, strip.rule))

    def play(self, scene, built) -> None:
        n, stage = scene.numbers, scene.stage
        data, setting = stage.data, built.setting
        scene.setting = setting
        scene.sheet_header = built.sheet    # the rows part puts its own strip in its place
        scene.say(f"Lesson 1 of 5. Fit y = a·x + b to {n.rows_per_epoch} rows, "
                  "one SGD step per row.")
        # On screen from frame 0: an embedded video's thumbnail is its first frame.
        scene.add(data.axes, data.labels, data.dots, stage.land, stage.optimum_label,
                  stage.land_label, data.line, stage.formula, stage.title, stage.walker)
        scene.wait(1.0)
        scene.movers_last()
        # Each line of the setting comes on with the caption that says it (review r9).
        scene.play(FadeIn(setting[0]), run_time=1.0)
        scene.wait(1.0)
        scene.say(f"At lr = {setting_text(n.lr) if n.lr < 0.01 else short(n.lr)}. "
                  f"The goal: RMSE below {setting_text(n.crawl.target)}.")
        scene.play(FadeIn(setting[1]), run_time=1.0)
        scene.wait(0.8)
        scene.say("Below: the sheet's columns, empty for now.")
        scene.play(FadeIn(built.sheet), run_time=1.0)
        scene.wait(1.0)
        # One mobject again, as the parts after this one look for it (rows fades it out).
        scene.remove(*setting.submobjects)
        scene.add(setting)
        scene.movers_last()
        scene.say("Right: the mean err² over every (a, b). The star is the best fit.")
        scene.play(Indicate(stage.land.optimum, scale_factor=1.6), run_time=1.5)
        scene.wait(1.5)
        scene.say(f"The dot is where we start: a = {short_text(n.init[0])}, "
                  f"b = {short_text(n.init[1])}.")
        scene.play(Indicate(stage.walker.dot, scale_factor=2.0, color=WEIGHT), run_time=1.5)
        scene.wait(0.5)
