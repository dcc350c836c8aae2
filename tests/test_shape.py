"""The shape the architecture promises, checked on the source itself (docs/architecture.md):
layers import only downward, no module imports itself through others, and no file or function
grows past the size a reader can hold.

Every rule is a pure function of source text, so each has a negative control on a made-up
snippet that must fail it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("sgdanim", "scenes")
MAX_FILE_LINES = 350
MAX_FUNCTION_LINES = 50
# What each layer may import from the project (by module prefix); its own layer is always allowed.
ALLOWED = {
    "sgdanim.core": (),
    "sgdanim._callable": (),   # makes the lessons and render packages callable (the API's names)
    "sgdanim.lessons": ("sgdanim.core", "sgdanim._callable"),
    "sgdanim.render": ("sgdanim.core", "sgdanim.lessons", "sgdanim._callable"),
    "sgdanim.api": ("sgdanim.core", "sgdanim.lessons", "sgdanim.render"),
    "sgdanim.cli": ("sgdanim.core", "sgdanim.lessons", "sgdanim.render", "sgdanim.api"),
    # the package's own __init__: the API's names, looked up lazily
    "sgdanim": ("sgdanim.core", "sgdanim.lessons", "sgdanim.render", "sgdanim.api"),
    # Scenes draw: they read the lessons' numbers, round axes with core.ticks, and reach manim's
    # internals only through manim_compat.
    "scenes": ("sgdanim.lessons", "sgdanim.core.ticks", "sgdanim.render.manim_compat"),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_imports(source: str, module: str, is_package: bool) -> set[str]:
    """Project modules named by every import in ``source`` (in functions too), resolved.

    >>> sorted(project_imports("from ..core import ticks\\nimport numpy", "sgdanim.lessons.x", False))
    ['sgdanim.core', 'sgdanim.core.ticks']
    """
    package = module if is_package else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name.partition(".")[0] in PACKAGES}


def source_files() -> dict[str, Path]:
    return {module_name(p): p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def import_graph(files: dict[str, Path]) -> dict[str, set[str]]:
    graph = {}
    for name, path in files.items():
        named = project_imports(path.read_text(), name, path.name == "__init__.py")
        graph[name] = {m for m in named if m in files and m != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a list of nodes, or None.

    >>> find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
    True
    >>> find_cycle({"a": {"b"}, "b": {"a"}})
    ['a', 'b', 'a']
    """
    state: dict[str, int] = {}   # 1 = on the current path, 2 = done

    def visit(node, path):
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [node, nxt] if nxt in path else [node, nxt]
            if nxt not in state and (found := visit(nxt, path + [node])):
                return found
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start, [])):
            return found
    return None


def layer_of(module: str) -> str:
    return max((layer for layer in ALLOWED if module == layer or module.startswith(layer + ".")),
               key=len, default="")


def layer_breaches(graph: dict[str, set[str]]) -> list[str]:
    """Imports that go sideways or up: ``a -> b`` where b's layer is not allowed for a's.

    >>> layer_breaches({"sgdanim.core.data": {"sgdanim.lessons.stepping"}})
    ['sgdanim.core.data -> sgdanim.lessons.stepping']
    """
    bad = []
    for module, named in sorted(graph.items()):
        own = layer_of(module)
        for other in sorted(named):
            ok = layer_of(other) == own or other in ("sgdanim",) or any(
                other == p or other.startswith(p + ".") for p in ALLOWED.get(own, ()))
            if not ok:
                bad.append(f"{module} -> {other}")
    return bad


def oversized(source: str, name: str) -> list[str]:
    """The file itself and every function in it that is longer than the limits.

    >>> oversized("def f():\\n" + "    x = 1\\n" * 60, "m")
    ['m:f is 61 lines']
    """
    lines = source.count("\n")
    out = [f"{name} is {lines} lines"] if lines > MAX_FILE_LINES else []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                out.append(f"{name}:{node.name} is {length} lines")
    return out


def test_no_import_cycles():
    assert find_cycle(import_graph(source_files())) is None


def test_layers_import_only_downward():
    assert layer_breaches(import_graph(source_files())) == []


@pytest.mark.parametrize("module", sorted(source_files()))
def test_files_and_functions_stay_readable(module):
    path = source_files()[module]
    assert oversized(path.read_text(), module) == []


def test_the_rules_see_a_real_breach():
    """Negative control on the real tree: a scene importing the core's trajectory is caught."""
    graph = import_graph(source_files())
    graph["scenes.kit.scene"] = graph["scenes.kit.scene"] | {"sgdanim.core.trajectory"}
    assert "scenes.kit.scene -> sgdanim.core.trajectory" in layer_breaches(graph)
    graph["sgdanim.core.data"] = {"sgdanim.core.trajectory"}
    assert find_cycle(graph) is not None
