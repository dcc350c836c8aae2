"""Packages that are also the API function of their name.

``sgdanim.render(...)`` and ``sgdanim.lessons()`` are the API (:mod:`sgdanim.api`), but
``sgdanim.render`` and ``sgdanim.lessons`` are also packages, and importing anything from one
makes Python set the package itself as that attribute of ``sgdanim``. So each of the two
packages is made callable (a module's class may be a ``ModuleType`` subclass), and calling it
calls the API function, imported when first called.
"""

from __future__ import annotations

import importlib
import sys
import types


class _CallableModule(types.ModuleType):
    def __call__(self, *args, **kwargs):
        api = importlib.import_module("sgdanim.api")
        return getattr(api, self.__name__.rpartition(".")[2])(*args, **kwargs)


def make_callable(module_name: str) -> None:
    """Let the module ``module_name`` be called as ``sgdanim.api.<its last name>``."""
    sys.modules[module_name].__class__ = _CallableModule
