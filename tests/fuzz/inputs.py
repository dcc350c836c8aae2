"""Hypothesis strategies for everything a user types: numbers as text, ``--set`` values of
each parameter kind, CSV files, TOML configs and clip sidecars, valid and broken."""

from __future__ import annotations

import json
import math

from hypothesis import strategies as st

ODD_NUMBERS = ["", " ", "1e400", "-1e400", "1e-400", "5e-324", "1.7976931348623157e308", "nan",
               "inf", "-inf", "-0", "0x10", "1_000", "١٢", "1,5", "1.5.2", "+.5", "5.", "e5",
               "--1", " 7 ", "0", "1e-320", "10000000000", "-1", "2.5", "true"]


def number_text() -> st.SearchStrategy[str]:
    """Text a user might type where a number belongs, good and bad."""
    return st.one_of(
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.floats(-1e3, 1e3).map(lambda v: f"{v:g}"),
        st.integers(-10**30, 10**30).map(str),
        st.integers(-20, 20).map(str),
        st.sampled_from(ODD_NUMBERS),
        st.text(max_size=6))


def _list_of(item: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(item, min_size=0, max_size=5).map(",".join)


def value_text(param, data_specs: list[str]) -> st.SearchStrategy[str]:
    """``--set`` text for one :class:`~sgdanim.core.params.Param`, mostly of its own kind."""
    choices = st.sampled_from(param.choices) if param.choices else st.text(max_size=8)
    by_kind = {
        "float": number_text(),
        "int": st.integers(-3, 3000).map(str) | number_text(),
        "bool": st.sampled_from(["true", "false", "yes", "no", "1", "0", "TRUE", "maybe", ""]),
        "str": (st.sampled_from(data_specs) if param.name == "data" else choices),
        "floats": _list_of(number_text()),
        "strs": _list_of(choices | st.text(max_size=5)),
    }
    return st.one_of(by_kind[param.kind], st.text(max_size=10))


def data_specs(csv_path: str) -> list[str]:
    return ["spreadsheet", "synthetic", "synthetic:seed=1,n=5", "synthetic:n=0",
            "synthetic:n=10000000000", "synthetic:n=100000000", "synthetic:seed=-1",
            "synthetic:foo=1", "synthetic:noise=nan", "synthetic:seed=99999999999999999999",
            "/nonexistent.csv", "/dev/zero", "-", "/", csv_path]


# ---- CSV files ----------------------------------------------------------------------------

def _cell(number: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    quoted = number.map(lambda t: f'"{t}"')
    return st.one_of(number, quoted, number.map(lambda t: f" {t} "))


@st.composite
def csv_bytes(draw) -> bytes:
    """A CSV file: header, rows of numbers (huge, tiny, odd), blank lines, comments, quotes,
    any line end, UTF-8 (with or without BOM), UTF-16 or Latin-1; now and then raw bytes."""
    if draw(st.integers(0, 19)) == 0:
        return draw(st.binary(max_size=200))
    good = st.floats(-1e3, 1e3, allow_nan=False).map(repr)
    extreme = st.sampled_from(["1e308", "-1e308", "5e-324", "1e-320", "0", "-0.0", "1e400",
                               "nan", "1.7976931348623157e308"])
    number = st.one_of(good, good, good, extreme, number_text())
    header = draw(st.sampled_from(["x,y", "X, Y", '"x","y"', "x;y", "a,b", "x,y,z", "", "y,x"]))
    lines = [header]
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.integers(0, 9))
        if kind == 0:
            lines.append("")
        elif kind == 1:
            lines.append("# " + draw(st.text(max_size=10)))
        elif kind == 2:
            lines.append(",".join(draw(st.lists(_cell(number), max_size=4))))
        else:
            lines.append(f"{draw(_cell(number))},{draw(_cell(number))}")
    if draw(st.booleans()):
        lines.insert(0, "# " + draw(st.text(max_size=12)))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = end.join(lines) + draw(st.sampled_from([end, ""]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    return text.encode(encoding, errors="replace")


# ---- TOML configs -------------------------------------------------------------------------

def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return ("nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
                if math.isinf(value) else repr(value))
    if isinstance(value, (int,)):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + "}"
    return value.isoformat()  # dates and times


toml_values = st.recursive(
    st.one_of(st.booleans(), st.integers(-10**20, 10**20), st.floats(), st.text(max_size=8),
              st.dates(), st.datetimes()),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                               max_size=2),
    max_leaves=6)


@st.composite
def toml_text(draw, lessons) -> str:
    """A config file: tables of known and unknown lessons holding known and unknown keys with
    values of any TOML type; now and then cut or garbled."""
    ids = list(lessons)
    out = []
    for _ in range(draw(st.integers(0, 3))):
        table = draw(st.sampled_from(ids) | st.text(min_size=1, max_size=6))
        names = [p.name for p in lessons[table].params] if table in lessons else ["lr"]
        out.append(f"[{json.dumps(table)}]")
        for _ in range(draw(st.integers(0, 4))):
            key = draw(st.sampled_from(names) | st.text(min_size=1, max_size=5))
            param = next((p for p in lessons[table].params if p.name == key), None) \
                if table in lessons else None
            typed = toml_values | value_text(param, ["spreadsheet"]) if param else toml_values
            out.append(f"{json.dumps(key)} = {_toml(draw(typed))}")
    if draw(st.booleans()):
        out.insert(0, f"top = {_toml(draw(toml_values))}")
    text = "\n".join(out) + "\n"
    garble = draw(st.integers(0, 4))
    if garble == 0 and text:
        cut = draw(st.integers(0, len(text)))
        text = text[:cut]
    elif garble == 1:
        spot = draw(st.integers(0, len(text)))
        text = text[:spot] + draw(st.sampled_from(["=", "[", "]", '"', "\n=", "x"])) + text[spot:]
    return text


# ---- sidecars for --from ------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
              st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                               max_size=3),
    max_leaves=6)


@st.composite
def sidecar_bytes(draw, lessons, qualities) -> bytes:
    """A sidecar: mostly the shape sgdanim writes, with fields and params varied or missing;
    now and then any JSON, broken JSON or bytes that are not UTF-8."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.binary(max_size=60))
    if kind == 1:
        return json.dumps(draw(json_values)).encode()
    lesson_id = draw(st.sampled_from(list(lessons)) | st.text(max_size=5))
    lesson = lessons.get(lesson_id)
    params = {}
    if lesson is not None:
        for param in lesson.params:
            if draw(st.booleans()):
                continue
            default = list(param.default) if isinstance(param.default, tuple) else param.default
            params[param.name] = draw(st.just(default) | json_values
                                      | value_text(param, ["spreadsheet", "synthetic:n=3"]))
    if draw(st.integers(0, 5)) == 0:
        params[draw(st.text(max_size=5))] = draw(json_values)
    car = {"lesson": lesson_id, "params": params,
           "quality": draw(st.sampled_from(list(qualities)) | st.text(max_size=5)),
           "formats": draw(st.lists(st.sampled_from(["mp4", "gif", "png", "webm", "avi", ""]),
                                    max_size=3) | json_values)}
    for field in ("lesson", "params", "quality", "formats"):
        if draw(st.integers(0, 12)) == 0:
            car[field] = draw(json_values)
    text = json.dumps(car)
    if draw(st.integers(0, 8)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    return text.encode()
