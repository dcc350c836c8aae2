"""Which manim sgdanim was written for, checked without importing manim.

:func:`check_version` refuses any manim outside ``SUPPORTED`` with one clear line, before any
of manim's internal paths is imported (an untested manim may not have them), and reading the
version costs no import of manim (seconds) when ``sgdanim render`` finds every clip in its
cache. :mod:`sgdanim.render.manim_compat` re-exports all of it: callers name it there.
"""

from __future__ import annotations

import importlib.metadata
import re

from ..core.errors import UsageError

__all__ = ["SUPPORTED", "UnsupportedManim", "check_version", "installed_version"]

SUPPORTED = ">=0.22,<0.23"  # the same pin as pyproject.toml (tested)
_LOWEST, _BELOW = (0, 22), (0, 23)


class UnsupportedManim(UsageError):
    """The installed manim is not one this module was written for."""


def installed_version() -> str | None:
    """manim's version, read without importing manim (that takes seconds); None if missing."""
    try:
        return importlib.metadata.version("manim")
    except importlib.metadata.PackageNotFoundError:
        return None


def check_version(version: str | None = None) -> None:
    """Raise :class:`UnsupportedManim` unless ``version`` (default: the installed one) is in
    ``SUPPORTED``.

    Examples
    --------
    >>> check_version("0.22.1")
    >>> try:
    ...     check_version("0.23.0")
    ... except UnsupportedManim as error:
    ...     print(error)
    manim 0.23.0 is not supported: sgdanim needs manim>=0.22,<0.23
    """
    version = installed_version() if version is None else version
    found = re.match(r"(\d+)\.(\d+)", version or "")
    if found is None or not _LOWEST <= (int(found[1]), int(found[2])) < _BELOW:
        shown = "is not installed" if version is None else f"{version} is not supported"
        raise UnsupportedManim(f"manim {shown}: sgdanim needs manim{SUPPORTED}")
