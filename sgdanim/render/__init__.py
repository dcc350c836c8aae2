"""The render pipeline: plan, cache, render, split, encode and publish.

manim is imported only when something must be drawn, so a cached request, ``sgdanim list`` and
``sgdanim trace`` stay fast; every use of a private manim name lives in :mod:`.manim_compat`.
"""

from .._callable import make_callable

make_callable(__name__)  # sgdanim.render(...) is sgdanim.api.render
