"""Ingredient look-up: names, synonyms and safe descriptive words; never a close spelling."""

from __future__ import annotations

import pytest

from sazon.knowledge import KnowledgeBase, classify
from sazon.knowledge.base import SAFE_MODIFIERS, without_modifiers
from sazon.knowledge.text import keys


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("huevo frito", "huevo"),
        ("Huevos fritos", "huevo"),
        ("pescado frito", "pescado_blanco"),
        ("camote sancochado en rodajas", "camote"),
        ("cebolla roja picada finamente", "cebolla_roja"),
        ("ajo molido al gusto", "ajo"),
        ("pollo deshilachado", "pollo"),
        ("queso parmesano rallado", "queso_parmesano"),
    ],
)
def test_find_ingredient__leaves_out_safe_descriptive_words(
    kb: KnowledgeBase, written: str, expected: str
) -> None:
    match = kb.find_ingredient(written)
    assert match is not None and (match.id, match.how) == (expected, "modified")


def test_find_ingredient__an_own_row_beats_leaving_words_out(kb: KnowledgeBase) -> None:
    match = kb.find_ingredient("lomo fino de res en tiras")
    assert match is not None and match.id == "lomo_fino" and match.how == "modified"
    fries = kb.find_ingredient("papas fritas")
    assert fries is not None and fries.how in {"exact", "synonym"}


@pytest.mark.parametrize("written", ["frito", "en cubos", "picado al gusto", "de", "grande"])
def test_find_ingredient__descriptive_words_alone_are_nothing(
    kb: KnowledgeBase, written: str
) -> None:
    assert kb.find_ingredient(written) is None


def test_safe_modifiers__are_never_a_food_name(kb: KnowledgeBase) -> None:
    for word in SAFE_MODIFIERS:
        assert all(k not in kb._ingredient_index for k in keys(word)), word
        assert without_modifiers(word) == "", word


@pytest.mark.parametrize(
    ("written", "close"),
    [
        ("harina de maix", "harina de maíz"),
        ("aji amarilo", "ají amarillo"),
        ("chifa", "chía"),
        ("langostinso", "langostino"),
    ],
)
def test_find_ingredient__a_close_spelling_is_unknown_with_a_suggestion(
    kb: KnowledgeBase, written: str, close: str
) -> None:
    assert kb.find_ingredient(written) is None
    suggestions = kb.suggest_ingredients(written)
    assert close in [s.matched for s in suggestions]
    assert all(s.how == "suggestion" for s in suggestions) and len(suggestions) <= 3


def test_classify__peanut_flour_is_not_maize_flour(kb: KnowledgeBase) -> None:
    [item] = classify(kb, "harina de maní").items
    assert item.id == "harina_de_mani" and "peanuts" in item.allergens


@pytest.mark.parametrize("written", ["harina de maix", "chifa", "harina de mani tostadoo"])
def test_classify__a_close_spelling_is_unknown_never_applied(
    kb: KnowledgeBase, written: str
) -> None:
    result = classify(kb, written)
    [item] = result.items
    assert item.kind == "unknown" and item.id is None
    assert item.allergens == [] and item.diet == []
    assert result.unknown == [written]
    assert item.id != "chia" and item.id != "harina_de_maiz"


def test_classify__suggestions_are_shown(kb: KnowledgeBase) -> None:
    [item] = classify(kb, "harina de maix").items
    assert "harina de maíz" in item.suggestions
    assert any("harina de maíz" in r for r in item.reasons)
