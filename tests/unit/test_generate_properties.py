"""Property: any facts a kind accepts are written, in either language and any tone, without
an exception. The API's ``POST /generate`` takes facts from anyone; a facts object that
passes validation and then breaks a phrase bank would be a 500."""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from sazon.errors import InvalidInput
from sazon.generate import TemplateGenerator, build_request, get_kind, kind_names
from sazon.knowledge import ALLERGENS, AROMAS, COOKING, COURSES, CUISINES
from sazon.knowledge.vocab import WINE_COLORS, WINE_STYLES

GEN = TemplateGenerator()
TEXTS = st.sampled_from(
    ["Causa", "ají de gallina", "Ñ", "X" * 119, "a\nb", "{x}", "%s", "S/ 5", "sin gluten", "😋",
     "Los anticuchos", "papa amarilla", "alérgica al maní", "su cumpleaños", " x ", "-", "."]
) | st.text(min_size=1, max_size=30)  # fmt: skip
CODES: dict[str, tuple[str, ...]] = {
    "course": COURSES,
    "cuisine": CUISINES,
    "cooking": COOKING,
    "allergens": ALLERGENS,
    "free_from": ALLERGENS,
    "aromas": AROMAS,
    "color": WINE_COLORS,
    "style": (*WINE_STYLES, "non_alcoholic"),
}
RESTRICTIONS = ("vegan", "vegetarian", "peanuts", "gluten", "no_seafood", "alérgica al maní")


def _values(ann: Any, name: str) -> st.SearchStrategy[Any]:
    """Values of one field's type; codes come from the knowledge base's vocabularies."""
    origin, args = typing.get_origin(ann), typing.get_args(ann)
    if name in CODES:
        code = st.sampled_from(CODES[name])
        return st.lists(code, max_size=3) if origin is list else st.none() | code
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*[_values(a, name) for a in args])
    if origin is typing.Literal:
        return st.sampled_from(args)
    if origin is list:
        if name == "restrictions":
            return st.lists(st.sampled_from(RESTRICTIONS) | TEXTS, max_size=4)
        return st.lists(_values(args[0], name), max_size=4)
    if origin is dict:
        return st.dictionaries(st.sampled_from(RESTRICTIONS), st.integers(0, 5), max_size=3)
    simple: dict[Any, st.SearchStrategy[Any]] = {
        type(None): st.none(),
        bool: st.booleans(),
        int: st.integers(0, 200),
        float: st.floats(0, 1e7, allow_nan=False) | st.integers(0, 999),
        str: TEXTS,
        dt.datetime: st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2030, 1, 1)),
        dt.date: st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)),
    }
    if ann in simple:
        return simple[ann]
    assert isinstance(ann, type) and issubclass(ann, BaseModel), ann
    return _facts(ann)


def _facts(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    fields = model.model_fields
    return st.fixed_dictionaries(
        {n: _values(f.annotation, n) for n, f in fields.items() if f.is_required()},
        optional={n: _values(f.annotation, n) for n, f in fields.items() if not f.is_required()},
    )


@pytest.mark.parametrize("kind", kind_names())
def test_generate__any_facts_a_kind_accepts_are_written(kind: str) -> None:
    written = []

    @settings(
        max_examples=60,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(
        _facts(get_kind(kind).facts),
        st.sampled_from(["es", "en"]),
        st.sampled_from(["warm", "elegant", "casual", "formal"]),
        st.integers(0, 2**31 - 1),
    )
    def write(facts: dict[str, Any], lang: str, tone: str, seed: int) -> None:
        try:
            request = build_request(kind, facts, lang=lang, tone=tone, seed=seed, variants=2)
        except InvalidInput:
            return  # the API answers 422 with the field
        out = GEN.generate(request)
        assert out.kind == kind and len(out.alternatives) == 1
        written.append(out)

    write()
    assert len(written) >= 5, len(written)  # the strategies reach valid facts
