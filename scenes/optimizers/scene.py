"""Lesson ``optimizers``: the spreadsheet's five optimizer sheets as one race.

Every number drawn comes from :func:`sgdanim.lessons.optimizers.compute`. The pieces are built
and placed by :func:`scenes.optimizers.panels.layout`; this scene plays them in the order of the
lesson: the bowl, each rule as its path starts, the race, the table.

Render the defaults with ``manim -ql scenes/optimizers/scene.py Optimizers``.
"""

from __future__ import annotations

from manim import UP, Create, Dot, FadeIn, FadeOut, Indicate, MathTex, RIGHT, Text, VGroup, Write

from scenes.kit.scene import OPTIMUM, TEXT, LessonScene
from scenes.optimizers.panels import COLOURS, GLOSS, layout, lr_text

READ_RATE = 15.0        # caption characters a viewer reads per second


def reading_time(text: str, room: float) -> float:
    """Seconds a caption stays up: long enough to read, never past the ``room`` before the next.

    >>> reading_time("x" * 30, 5.0), reading_time("x" * 300, 5.0)
    (2.0, 5.0)
    """
    return min(max(len(text) / READ_RATE, 1.0), room)


def snapshot_epochs(epochs: int, busy: set[int]) -> list[int]:
    """Epochs, a third and two thirds of the way, whose rmse the narration reads out, moved off
    epochs where something else is said (``busy``).

    >>> snapshot_epochs(40, {2, 3, 28, 37}), snapshot_epochs(3, set())
    ([13, 23], [])
    """
    if epochs < 9:
        return []
    out = []
    for e in (epochs // 3, 2 * epochs // 3):
        while any(abs(e - b) < 5 for b in busy) and e > 2:
            e -= 1
        out.append(e)
    return out


def snapshot_caption(numbers, epoch: int) -> str:
    """Every racer's rmse after ``epoch`` epochs, as the core computed it."""
    parts = [f"{r.label} {r.rmse[epoch - 1]:.2g}" for r in numbers.racers if len(r.rmse) >= epoch]
    return f"rmse after epoch {epoch}: " + ", ".join(parts) + "."


class Optimizers(LessonScene):
    lesson_id = "optimizers"

    def construct(self):
        n = self.numbers
        L = layout(n)
        self.captions: list[tuple[float, str]] = []
        self.panel, self.axes, self.table, self.plot, self.walkers = (
            L.panel, L.panel.axes, L.table, L.plot, L.walkers)
        panel, table = L.panel, L.table

        # Part 1: the bowl and the start -----------------------------------------------------
        title = Text("Five optimizers, one race", font_size=34).to_edge(UP, buff=0.25)
        start = Dot(panel.point(*n.start), radius=0.05, color=TEXT)
        start_label = MathTex(rf"a=b={n.start[0]:g}", font_size=26).next_to(start, RIGHT, 0.1)
        start_label.shift(0.12 * UP)
        opt_label = MathTex(rf"({n.optimum[0]:.3g},\ {n.optimum[1]:.3g})", font_size=26,
                            color=OPTIMUM).next_to(panel.optimum, RIGHT, buff=0.3)
        self.say(Write(title), FadeIn(panel.axes, panel.labels), run_time=1.5,
                 text="The spreadsheet has one sheet per optimizer. Here they race.")
        self.wait(1.0)
        self.say(Create(panel.contours), FadeIn(panel.optimum, opt_label), run_time=2.5,
                 text="Contours of the mean loss over a and b; the star is the lowest point.")
        self.wait(0.8)
        self.say(FadeIn(start, start_label), FadeIn(table.header), run_time=1,
                 text=f"Everyone starts at a = b = {n.start[0]:g}, on the same {n.rows} rows.")
        self.wait(1.2)
        self.play(FadeOut(start_label), run_time=0.4)

        # Part 2: each rule, as its path starts ----------------------------------------------
        first = int(L.clock.value)
        for racer in n.racers:
            self.introduce(racer, L, first)

        # Part 3: the race ---------------------------------------------------------------------
        curves = VGroup(*[L.plot.curve(r, L.clock.tracker, n.rows) for r in n.racers])
        self.say(FadeIn(L.plot), FadeIn(L.counter), run_time=1,
                 text="Now all of them, epoch by epoch; beside the paths, each one's rmse.")
        self.add(curves)
        self.keep_on_top(L.counter, curves)
        self.wait(1.5)
        self.mark("race_start", row=int(L.clock.value))
        self.race(n, L, first)
        self.mark("race_end", row=int(L.clock.value))
        self.mark("poster")
        self.wait(1.5)

        # Part 4: the table ----------------------------------------------------------------------
        self.say(FadeOut(L.counter), *[FadeIn(table.results[r.name]) for r in n.racers
                                       if r.epochs_to_target is None and r.diverged_at is None],
                 run_time=1,
                 text=self.summary_caption())
        self.mark("table")
        self.wait(3.5)
        self.say(Indicate(table.header[2], color=OPTIMUM), run_time=1.2,
                 text=self.bounce_caption())
        self.wait(4.8)
        self.write_captions()

    # -- pieces ---------------------------------------------------------------------------------
    def say(self, *animations, text: str, run_time: float) -> None:
        """Play ``animations``; ``text`` is the caption from their start."""
        self.captions.append((float(self.time), text))
        self.play(*animations, run_time=run_time)

    def write_captions(self) -> None:
        """Give each caption its reading time, cut where the next one starts (or the clip ends),
        so two captions are never up at once."""
        ends = [t for t, _ in self.captions[1:]] + [float(self.time)]
        for (t, text), end in zip(self.captions, ends):
            self.add_subcaption(text, duration=reading_time(text, end - t - 0.05),
                                offset=t - float(self.time))

    def introduce(self, racer, L, first: int) -> None:
        """The rule appears beside the plot while the racer's first epoch runs alone."""
        card, walker = L.cards[racer.name], L.walkers[racer.name]
        self.say(FadeIn(card, shift=0.2 * UP), FadeIn(walker), FadeIn(L.table.row(racer.name)),
                 run_time=0.9,
                 text=f"{racer.label}: {GLOSS[racer.name]}; lr = {lr_text(racer.lr)}.")
        self.keep_on_top(walker)
        self.play(walker.walk(first, run_time=2.2), run_time=2.2)
        self.mark("epoch_end", racer=racer.name, row=first)
        if racer.diverged_at is not None and racer.diverged_at - 1 <= first:
            self.show_events([("runaway", racer, None)], L)   # its walker stopped early
        self.wait(0.5)
        self.play(FadeOut(card), run_time=0.5)

    def race(self, n, L, first: int) -> None:
        """All walkers together, stopping where an lr drops or a racer reaches the target, and
        reading out everyone's rmse at two epochs on the way (without stopping)."""
        rows, end = n.rows, n.epochs * n.rows
        events = {}
        for r in n.racers:
            before = r.lr
            for epoch, lr in r.lr_drops:
                events.setdefault((epoch - 1) * rows, []).append(("drop", r, (before, lr)))
                before = lr
            if r.epochs_to_target is not None:
                events.setdefault(r.epochs_to_target * rows, []).append(("target", r, None))
            if r.diverged_at is not None and r.diverged_at - 1 > first:   # else shown already
                events.setdefault(r.diverged_at - 1, []).append(("runaway", r, None))
        busy = {k // rows for k in events}
        snaps = {e * rows: e for e in snapshot_epochs(n.epochs, busy) if e * rows > first}
        stops = sorted({k for k in events if k > first} | set(snaps) | {end})
        seconds_per_row = min(1.1, 45.0 / max(n.epochs - 1, 1)) / rows
        for k in sorted(k for k in events if k <= first):
            self.show_events(events[k], L)
        at = first
        for stop in stops:
            if stop > at:
                rt = (stop - at) * seconds_per_row
                self.play(*[w.walk(stop, rt) for w in L.walkers.values()],
                          L.clock.animate_to(stop, rt), run_time=rt)
                at = stop
            if stop in snaps:
                text = snapshot_caption(n, snaps[stop])
                self.captions.append((float(self.time), text))
                self.mark("snapshot", epoch=snaps[stop], row=stop)
            if stop in events:
                self.show_events(events[stop], L)

    def show_events(self, events, L) -> None:
        for kind, racer, lrs in events:
            if kind == "drop":
                old, lr = lrs
                again = " again" if old != racer.lr else ""
                self.say(L.table.drop_lr(racer.name, lr), run_time=0.8,
                         text=f"{racer.label}'s gradients jumped{again}: "
                              f"lr ÷ 4, {lr_text(old)} → {lr_text(lr)}.")
                self.mark("lr_drop", racer=racer.name, lr=lr)
                self.play(Indicate(L.table.lrs[racer.name], color=COLOURS[racer.name]),
                          run_time=0.8)
            elif kind == "runaway":
                self.say(FadeIn(L.table.results[racer.name]), Indicate(L.table.names[racer.name]),
                         run_time=0.9, text=f"{racer.label} ran away at step "
                                            f"{racer.diverged_at}; its run stops there.")
                self.mark("runaway", racer=racer.name, row=racer.diverged_at - 1)
                self.wait(0.6)
            else:
                e = racer.epochs_to_target
                dot = Dot(L.plot.point(e, racer.rmse[e - 1]), radius=0.06,
                          color=COLOURS[racer.name])
                self.say(FadeIn(dot, scale=2), FadeIn(L.table.results[racer.name]),
                         Indicate(L.table.names[racer.name]), run_time=0.9,
                         text=f"{racer.label} gets below rmse {self.numbers.target:g} "
                              f"in epoch {e}.")
                self.mark("target", racer=racer.name, epoch=e)
                self.wait(0.6)

    def bounce_caption(self) -> str:
        """Who got below the target but did not stay there, from the last epoch's rmse."""
        n = self.numbers
        left = [r for r in n.racers if r.epochs_to_target is not None and len(r.rmse)
                and r.rmse[-1] >= n.target]
        if not left:
            return "The table counts the first epoch whose rmse is below the target."
        return "; ".join(f"{r.label} got there in epoch {r.epochs_to_target} but ends epoch "
                         f"{len(r.rmse)} at rmse {r.rmse[-1]:.2g}" for r in left) + "."

    def summary_caption(self) -> str:
        n = self.numbers
        done = [r for r in n.racers if r.epochs_to_target is not None]
        if not done:
            return f"None of them gets below rmse {n.target:g} within {n.epochs} epochs."
        best = min(done, key=lambda r: r.epochs_to_target)
        return (f"Epochs to rmse < {n.target:g}: {best.label} first, in {best.epochs_to_target}; "
                f"{len(n.racers) - len(done)} of {len(n.racers)} do not get there within "
                f"{n.epochs} epochs.")
