"""sgdanim: animated lessons about how SGD really behaves.

From Python (a notebook, a script), the same things the ``sgdanim`` command does:

- ``sgdanim.lessons()``: the lessons, their parameters and parts;
- ``sgdanim.trace(...)``: every step of a run, the rows ``sgdanim trace`` writes;
- ``sgdanim.render("overshoot", lr=1.5, quality="low")``: render (or take from the cache) a
  clip; returns its files;
- ``sgdanim.sweep("overshoot", {"lr": (0.5, 1.5)})``: one clip per combination and a page
  that compares them;
- ``sgdanim.show(...)``: render and display a clip inline in a notebook.

Bad input raises ``sgdanim.UsageError`` with the one line the command would print. See
:mod:`sgdanim.api`.

The numeric core (data, models, optimizers, trajectory, analysis) uses numpy and scipy only;
manim is imported by the render pipeline and the scenes, never here, and nothing is imported
until it is used (``sgdanim list`` stays quick).
"""

__version__ = "0.1.0"

_API = ("trace", "lessons", "show", "sweep", "Trace", "LessonInfo", "Rendered")


def __getattr__(name):
    # Lazily, so `import sgdanim` costs nothing. `sgdanim.render` is the render package
    # itself, made callable (sgdanim/render/__init__.py), since a function of that name
    # would be replaced by the package the first time anything imports sgdanim.render.*.
    if name in _API:
        from . import api

        return getattr(api, name)
    if name == "UsageError":
        from .core.errors import UsageError

        return UsageError
    if name == "render":
        import importlib

        return importlib.import_module(".render", __name__)
    raise AttributeError(f"module 'sgdanim' has no attribute {name!r}")
