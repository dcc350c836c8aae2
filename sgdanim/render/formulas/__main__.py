"""``python -m sgdanim.render.formulas [LESSON ...]`` (``make formulas``): write the list of
formulas each lesson (default: every lesson) draws at its defaults, and print its path."""

from __future__ import annotations

import sys

from ...core.errors import UsageError
from ...lessons import get, lesson_ids
from . import record, write_list


def main(argv: list[str]) -> int:
    from .. import manim_compat
    from ..draw import machine_svgs

    try:
        chosen = [get(lesson_id).id for lesson_id in argv] or lesson_ids()
    except UsageError as error:
        print(f"formulas: {error}", file=sys.stderr)
        return 2
    machine = machine_svgs()
    manim_compat.install()
    manim_compat.take_svgs_from(None if machine is None else machine / "tex", None)
    try:
        for lesson_id in chosen:
            print(write_list(lesson_id, record(lesson_id)))
    finally:
        manim_compat.take_svgs_from(None, None)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
