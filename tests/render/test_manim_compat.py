"""manim's internals have one home, the package sgdanim/render/manim_compat/.

The scan reads sgdanim/ and scenes/ with ``ast`` and flags, outside that module:

- ``x._name`` (or ``getattr(x, "_name")``, or ``def _name`` in a class: an override) where
  ``_name`` is a private name manim defines (read from the installed manim's own source), so
  our own private attributes (``self._said``) pass and manim's (``self._font_size``) do not;
- imports of a manim name that manim does not publish: not in its module's ``__all__`` nor in
  ``manim``'s namespace, or with a private part (``string_to_mob_map``, ``manim._config``),
  also when reached as ``manim.mobject.text.numbers.string_to_mob_map``;
- patches: assigning an attribute ``manim_compat.PATCHED`` names (``renderer.play = ...``), or
  any attribute of a manim class (``DecimalNumber.set_value = ...``).

The negative controls feed it snippets that must be flagged, and manim_compat itself.
"""

from __future__ import annotations

import ast
import functools
import importlib
import tomllib
import types
from pathlib import Path

import pytest

from sgdanim.cli import main
from sgdanim.render import manim_compat, manim_version

manim = pytest.importorskip("manim")

ROOT = Path(__file__).resolve().parents[2]
HOME = ROOT / "sgdanim" / "render" / "manim_compat"   # a package: its files
ACCESSORS = {"getattr", "setattr", "hasattr", "delattr"}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


@functools.cache
def manim_private_names() -> frozenset[str]:
    """Every private name manim's source defines: functions, methods and classes, module and
    class attributes, and ``self._x``/``cls._x`` attributes (not local variables)."""
    found = set()
    for path in Path(manim.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        scopes = [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef))]
        for statement in (s for scope in scopes for s in scope.body):
            targets = (statement.targets if isinstance(statement, ast.Assign) else
                       [statement.target] if isinstance(statement, ast.AnnAssign) else [])
            found.update(t.id for t in targets if isinstance(t, ast.Name))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                found.add(node.name)
            elif (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
                  and isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                found.add(node.attr)
    return frozenset(n for n in found if _private(n) and n.strip("_"))


def _published(module: str, name: str) -> bool:
    if any(_private(part) for part in [*module.split("."), name]):
        return False
    if hasattr(manim, name):
        return True
    try:
        found = importlib.import_module(module)
    except ImportError:
        return False
    if isinstance(getattr(found, name, None), types.ModuleType):
        return True  # a module's public submodule
    public = getattr(found, "__all__", None)
    return public is not None and name in public


def _manim_imports(tree) -> tuple[list[str], set[str], dict]:
    """Offending imports, the local names bound to manim classes, and those bound to manim
    modules (name -> module)."""
    offences, classes, modules = [], set(), {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                and node.module.split(".")[0] == "manim":
            for alias in node.names:
                if alias.name == "*":
                    continue
                if not _published(node.module, alias.name):
                    offences.append(f"{node.lineno}: from {node.module} import {alias.name}")
                    continue
                bound = getattr(importlib.import_module(node.module), alias.name, None)
                if isinstance(bound, type):
                    classes.add(alias.asname or alias.name)
                elif isinstance(bound, types.ModuleType):
                    modules[alias.asname or alias.name] = bound
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] != "manim":
                    continue
                if any(_private(p) for p in parts):
                    offences.append(f"{node.lineno}: import {alias.name}")
                elif alias.asname:
                    modules[alias.asname] = importlib.import_module(alias.name)
                else:
                    modules["manim"] = manim
    return offences, classes, modules


def _module_of(node, modules: dict):
    """The manim module an expression such as ``manim.mobject.text`` names, or None."""
    if isinstance(node, ast.Name):
        return modules.get(node.id)
    if isinstance(node, ast.Attribute):
        parent = _module_of(node.value, modules)
        found = getattr(parent, node.attr, None) if parent is not None else None
        return found if isinstance(found, types.ModuleType) else None
    return None


def offences(source: str) -> list[str]:
    """What in ``source`` uses manim's private names or patches manim."""
    tree = ast.parse(source)
    found, classes, modules = _manim_imports(tree)
    private, patched = manim_private_names(), {p.split(".")[1] for p in manim_compat.PATCHED}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if node.attr in private:
                found.append(f"{node.lineno}: .{node.attr}")
            module = _module_of(node.value, modules)
            if module is not None and not _published(module.__name__, node.attr):
                found.append(f"{node.lineno}: {module.__name__}.{node.attr}")
            if isinstance(node.ctx, ast.Store) and (node.attr in patched or (
                    isinstance(node.value, ast.Name) and node.value.id in classes)):
                found.append(f"{node.lineno}: patches .{node.attr}")
        elif isinstance(node, ast.ClassDef):
            found += [f"{d.lineno}: overrides {d.name}" for d in node.body
                      if isinstance(d, (ast.FunctionDef, ast.AsyncFunctionDef))
                      and d.name in private]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in ACCESSORS and len(node.args) >= 2
              and isinstance(node.args[1], ast.Constant)
              and (node.args[1].value in private
                   or (node.func.id == "setattr" and node.args[1].value in patched))):
            found.append(f"{node.lineno}: {node.func.id}(..., {node.args[1].value!r})")
    return found


def test_no_private_manim_name_outside_manim_compat():
    files = [p for folder in ("sgdanim", "scenes") for p in sorted((ROOT / folder).rglob("*.py"))
             if HOME not in p.parents]
    assert len(files) > 20
    bad = {str(p.relative_to(ROOT)): hits for p in files
           if (hits := offences(p.read_text(encoding="utf-8")))}
    assert bad == {}


@pytest.mark.parametrize("snippet", [
    "class N(DecimalNumber):\n    def f(self):\n        return self._font_size\n",
    "class N(DecimalNumber):\n    def _string_to_mob(self, s):\n        return s\n",
    "n._set_submobjects_from_number(3)\n",
    "getattr(n, '_get_num_string')(3)\n",
    "from manim.mobject.text.numbers import string_to_mob_map\n",
    "from manim.mobject.types.image_mobject import AbstractImageMobject\n",  # not in __all__
    "from manim import _config\n",
    "import manim._config.utils\n",
    "from manim import VMobjectFromSVGPath\nVMobjectFromSVGPath.__deepcopy__ = lambda s, m: s\n",
    "from manim import DecimalNumber\nDecimalNumber.set_value = print\n",
    "scene.renderer.play = lambda *a: None\n",
    "writer.combine_to_movie = lambda: None\n",
    "setattr(renderer, 'update_frame', print)\n",
    "import manim\nmanim.mobject.text.numbers.string_to_mob_map.clear()\n",
    "from manim.mobject.text import numbers\nnumbers.string_to_mob_map.clear()\n",
    "import manim.mobject.text.numbers as n\nn.string_to_mob_map.clear()\n",
], ids=["private-attribute", "override", "private-call", "getattr", "unpublished-import",
        "unlisted-import", "private-import", "private-module", "class-patch", "method-patch",
        "renderer-play", "writer-combine", "setattr-patch", "module-path", "module-import",
        "module-alias"])
def test_negative_control_each_kind_of_use_is_flagged(snippet):
    assert offences(snippet)


def test_our_own_private_names_and_manims_public_api_pass():
    source = ("from manim import DecimalNumber, Scene\n"
              "from manim.mobject.types.image_mobject import ImageMobject\n"
              "class S(Scene):\n    def _grow(self):\n        self._said = None\n"
              "        self._on_top = [self.renderer.time, self.camera.background_color]\n"
              "        self.play(DecimalNumber(1).animate.set_value(2))\n"
              "n = DecimalNumber(1)\nn.font_size = 30\nobject.__setattr__(n, 'x', 1)\n"
              "import manim\nmanim.config.frame_width, manim.mobject.geometry.arc.Dot()\n")
    assert offences(source) == []


def test_manim_compat_is_where_they_are():
    """It holds what the scan forbids elsewhere, so the scan can see it."""
    found = "\n".join(hit for p in sorted(HOME.glob("*.py"))
                      for hit in offences(p.read_text(encoding="utf-8")))
    for needle in ("._font_size", "string_to_mob_map", "patches .play", "patches .__deepcopy__",
                   "patches .combine_to_movie", "patches .write_frame",
                   "overrides _string_to_mob"):
        assert needle in found


def test_every_patched_attribute_exists_in_this_manim():
    from manim.scene.video_segment_encoder import VideoSegmentEncoder   # not in manim's namespace

    for dotted in manim_compat.PATCHED:
        cls, attr = dotted.split(".")
        owner = VideoSegmentEncoder if cls == "VideoSegmentEncoder" else getattr(manim, cls)
        assert hasattr(owner, attr), dotted


# -- the version ----------------------------------------------------------------------------------
@pytest.mark.parametrize("version", ["0.22.0", "0.22.7", "0.22.1.post1"])
def test_tested_versions_pass(version):
    manim_compat.check_version(version)


@pytest.mark.parametrize("version", ["0.23.0", "0.23.0rc1", "0.21.9", "1.0.0", "0.2.22", "dev",
                                     None])
def test_untested_versions_are_refused_naming_the_range(version, monkeypatch):
    monkeypatch.setattr(manim_version, "installed_version", lambda: version)
    with pytest.raises(manim_compat.UnsupportedManim, match="manim>=0.22,<0.23"):
        manim_compat.check_version()


def test_the_supported_range_is_the_pin_in_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert f"manim{manim_compat.SUPPORTED}" in project["dependencies"]


def test_the_installed_manim_is_supported():
    assert manim_compat.installed_version() == manim.__version__
    manim_compat.check_version()


def test_render_refuses_an_untested_manim_with_exit_2_and_one_line(tmp_path, tiny_lessons,
                                                                   monkeypatch, capsys):
    monkeypatch.setattr(manim_version, "installed_version", lambda: "0.23.1")
    out = tmp_path / "media"
    assert main(["render", "tiny", "--quality", "test", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "sgdanim: error: manim 0.23.1 is not supported: sgdanim needs manim>=0.22,<0.23"]
    assert not out.exists()


# -- when the patch is applied --------------------------------------------------------------------
def _calls_install(statement) -> bool:
    return any(isinstance(n, ast.Call) and (getattr(n.func, "id", None) == "install"
                                            or getattr(n.func, "attr", None) == "install")
               for n in ast.walk(statement))


def test_no_module_patches_on_import():
    """Only functions call install(): nothing at a module's top level, so importing the
    scenes (or sgdanim) patches nothing until a render starts."""
    at_import = [f"{p.relative_to(ROOT)}:{s.lineno}"
                 for folder in ("sgdanim", "scenes") for p in sorted((ROOT / folder).rglob("*.py"))
                 for s in ast.parse(p.read_text(encoding="utf-8")).body
                 if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                 and _calls_install(s)]
    assert at_import == []
    assert _calls_install(ast.parse("from x import install\ninstall()\n").body[1])  # control


def test_a_lesson_scene_installs_the_patch_once(monkeypatch, tiny_lessons):
    from manim import VMobjectFromSVGPath

    from scenes.kit.scene import LessonScene

    if "__deepcopy__" in VMobjectFromSVGPath.__dict__:  # an earlier test rendered
        monkeypatch.delattr(VMobjectFromSVGPath, "__deepcopy__")
    monkeypatch.setattr(manim_compat, "_installed", False)

    class Bare(LessonScene):
        lesson_id = "tiny"

    Bare()
    patched = VMobjectFromSVGPath.__dict__.get("__deepcopy__")
    assert patched is not None
    monkeypatch.setattr(manim_compat, "_installed", False)
    manim_compat.install()  # again: idempotent
    assert VMobjectFromSVGPath.__dict__["__deepcopy__"] is patched


def test_a_render_refuses_an_untested_manim_before_drawing(monkeypatch, tmp_path, tiny_lessons):
    from sgdanim.render.scene import render_scene

    monkeypatch.setattr(manim_compat, "_installed", False)
    monkeypatch.setattr(manim_version, "installed_version", lambda: "0.19.0")
    with pytest.raises(manim_compat.UnsupportedManim, match="manim>=0.22,<0.23"):
        render_scene("tiny", None, "test", tmp_path / "media")
    assert not (tmp_path / "media").exists()
