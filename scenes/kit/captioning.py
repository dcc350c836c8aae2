"""How a lesson scene says its lines: each caption held until it has been read (or spoken),
written to the subtitles, and, with ``captions=burned``, drawn at the bottom of the picture.

:class:`Captioning` is a mixin of :class:`~scenes.kit.scene.LessonScene`; it keeps the line on
screen in ``_said`` (start, line, seconds it needs) and the burned-in box in ``_caption``.
"""

from __future__ import annotations

import math

from scenes.kit.captions import SPEECH_PAUSE, caption_box, reading_seconds


class Captioning:
    """``say`` and ``finish_caption`` for a scene that has a ``narrator`` (or None) and
    ``params``; the timing rules are :mod:`scenes.kit.captions`'."""

    _said: tuple[float, str, float] | None = None   # start, line, seconds it needs
    _caption = None          # the burned-in caption on screen, if any

    def say(self, text: str | None) -> None:
        """Caption ``text`` from now until the next caption starts (``None`` ends the last).

        Every caption of a lesson goes through here. Each line stays up while its animation
        and the pause after it play, and at least its :func:`~scenes.kit.captions.reading_seconds`
        or, in a narrated render, as long as the voice takes to say it and a breath: if the
        next line comes sooner, the picture holds still until this one is done.
        With ``captions=burned`` the line is also drawn at the bottom of the picture.
        """
        said = self._said
        if said is not None:
            self._hold(said[2] - (self.time - said[0]))
            self.add_subcaption(said[1], duration=self.time - said[0], offset=said[0] - self.time)
        self._said = None if text is None else (float(self.time), text, self._needs(text))
        self._burn(text)

    def finish_caption(self) -> None:
        """Hold the picture until the line on screen has had its time (read, or spoken), so a
        part does not fade out under a line still being read; the line stays up."""
        if self._said is not None:
            start, _, needs = self._said
            self._hold(needs - (self.time - start))

    def _needs(self, text: str) -> float:
        """How long ``text`` must stay: read, and spoken if there is a voice."""
        if self.narrator is None:
            return reading_seconds(text)
        speech = self.narrator.say(text, at=float(self.time))
        return max(reading_seconds(text), speech + SPEECH_PAUSE)

    def _hold(self, seconds: float) -> None:
        """Wait ``seconds``, rounded up to whole frames (a wait that ends mid-frame would
        leave the caption a frame short)."""
        rate = self.camera.frame_rate
        end = self.time + seconds
        frames = math.ceil(seconds * rate - 1e-6)
        if frames > 0:
            self.wait(frames / rate)
        if self.time < end - 1e-6:  # manim counts a still wait's frames rounding down
            self.wait(1 / rate)

    def play_unless_burned(self, *animations, run_time: float) -> None:
        """Play ``animations``, words on screen that repeat the line being said (a teaser at
        the end); where that line is burned in, hold the picture as long instead: the same
        clock, and the words not twice on screen (review r22)."""
        if self._burns_captions():
            self.wait(run_time)
        else:
            self.play(*animations, run_time=run_time)

    def _burns_captions(self) -> bool:
        return getattr(self.params, "captions", "srt") == "burned"

    def _burn(self, text: str | None) -> None:
        """Draw ``text`` as the burned-in caption in place of the one before (if burning)."""
        if not self._burns_captions():
            return
        if self._caption is not None:
            self._on_top = [m for m in getattr(self, "_on_top", []) if m is not self._caption]
            self.remove(self._caption)
        camera = self.camera
        bottom = camera.frame_center[1] - camera.frame_height / 2
        self._caption = None if text is None else caption_box(text, camera.frame_width, bottom)
        if self._caption is not None:
            self.keep_on_top(self._caption)
