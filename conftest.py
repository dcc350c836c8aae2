"""Shared by every test and doctest (tests/, sgdanim/ and scenes/)."""

import os
import sys
from pathlib import Path

import pytest


@pytest.hookimpl(tryfirst=True)   # before pytest-xdist's own hook turns groups into node ids
def pytest_collection_modifyitems(config, items):
    """Under ``--dist loadgroup`` (``make test``), a test without an ``xdist_group`` is grouped
    with its file, so a module's fixtures (a lesson's parts built, a scene class) are made in
    one test process instead of in each that runs one of its tests. tests/conftest.py checks
    that the groups took."""
    if config.getoption("loadgroup", default=False):
        for item in items:
            if item.get_closest_marker("xdist_group") is None:
                item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


@pytest.fixture(scope="session")
def svg_cache(request, tmp_path_factory):
    """A folder of LaTeX/Pango SVGs kept in pytest's cache between runs, so render tests compile
    each formula once per checkout (a fresh folder when the cache plugin is off). It starts
    with every lesson's listed formulas (:func:`compile_listed_formulas`)."""
    cache = getattr(request.config, "cache", None)
    folder = cache.mkdir("sgdanim-svg") if cache is not None else tmp_path_factory.mktemp("svg")
    compile_listed_formulas(folder / "tex")
    return folder


def compile_listed_formulas(tex) -> int:
    """Every lesson's listed formulas (``sgdanim/render/formulas``) that ``tex`` lacks, made in
    one LaTeX run as a machine's first render makes them; returns how many. Without them, on
    a fresh clone, each test process compiled each of about 460 formulas alone (0.3-0.5 s
    each) as the dry runs and layout tests met them. A dry run hears what it asks LaTeX for
    before any folder is looked in, so ``tests/render/test_formulas.py`` sees the same."""
    from sgdanim.render.formulas import LISTS, compile_missing, listed
    from tests.formulas import asked

    # By the lists' files, not all_lessons(): a test may have swapped the lessons for tiny ones.
    # The tests' own list after them: what the layout tests draw at other settings.
    return compile_missing([f for path in sorted(LISTS.glob("*.json")) for f in listed(path.stem)]
                           + asked(), tex)


@pytest.fixture(autouse=True)
def _private_manim_media(request, tmp_path_factory):
    """Give each test process its own manim media folder once manim is in use, seeded with the
    shared LaTeX SVGs (``svg_cache``).

    Pixel-free tests build MathTex through manim's global config, whose LaTeX cache defaults
    to ./media/Tex; two xdist workers compiling the same formula there race on its files.
    A formula not in the seed is compiled there, so LaTeX's INFO lines are silenced.
    """
    manim = sys.modules.get("manim")
    if manim is not None and not getattr(manim.config, "_sgdanim_private", False):
        from sgdanim.render import manim_compat
        from sgdanim.render.scene import seed_assets
        from sgdanim.render.svg_store import ParsedSvgs

        media = tmp_path_factory.getbasetemp() / "manim-media"
        manim.config.media_dir = str(media)
        manim.config.verbosity = "WARNING"  # LaTeX's "Writing ..." lines would land in doctests
        manim.config._sgdanim_private = True
        shared = request.getfixturevalue("svg_cache")
        seed_assets(shared / "tex", media / "Tex")
        # Parsed as a render keeps them (a render may set its own store, or none, after this).
        manim_compat.install()
        manim_compat.keep_parsed_svgs_in(ParsedSvgs(shared / "parsed",
                                                    manim_compat.installed_version()))
    yield


_writers: list = []   # what --record-formulas writes when the session ends


def pytest_addoption(parser):
    parser.addoption("--record-formulas", metavar="DIR", default=None,
                     help="write every formula the tests ask LaTeX for into DIR "
                          "(make test-formulas; tests/formulas.py)")


def pytest_sessionstart(session):
    record = session.config.getoption("record_formulas")
    if record:      # make test-formulas (tests/formulas.py)
        from tests.formulas import record_into
        _writers.append(record_into(Path(record), os.environ.get("PYTEST_XDIST_WORKER", "main")))


def pytest_sessionfinish(session):
    for write in _writers:
        write()
