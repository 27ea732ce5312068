"""Data-quality tier: the whole packaged knowledge base, row by row."""

from __future__ import annotations

import pytest

from sazon.knowledge import (
    ALLERGENS,
    AROMAS,
    COOKING,
    COURSES,
    CUISINES,
    DIET_CLASSES,
    FLAVOURS,
    KnowledgeBase,
    classify,
    fold,
)
from sazon.knowledge.vocab import WINE_COLORS, WINE_STYLES


def test_sizes__meet_the_promised_coverage(kb: KnowledgeBase) -> None:
    assert len(kb.dishes) >= 120
    assert len(kb.ingredients) >= 600
    assert len(kb.wines) >= 150


def test_ingredients__every_one_has_valid_classes_and_flavours(kb: KnowledgeBase) -> None:
    for ing in kb.ingredients.values():
        assert set(ing.allergens) <= set(ALLERGENS), ing.id
        assert set(ing.diet) <= set(DIET_CLASSES), ing.id
        assert set(ing.aromas) <= set(AROMAS), ing.id
        assert set(ing.flavour) == set(FLAVOURS), ing.id
        assert all(0 <= v <= 5 for v in ing.flavour.values()), ing.id
        assert ing.name_es and ing.name_en and ing.category, ing.id


def test_ingredients__no_name_means_two_things(kb: KnowledgeBase) -> None:
    owner: dict[str, str] = {}
    clashes = []
    for ing in kb.ingredients.values():
        for name in {fold(n) for n in (ing.name_es, ing.name_en, *ing.synonyms)}:
            if owner.setdefault(name, ing.id) != ing.id:
                clashes.append((name, owner[name], ing.id))
    assert clashes == []


def test_dishes__every_ingredient_resolves_exactly(kb: KnowledgeBase) -> None:
    unresolved = [
        (d.id, w)
        for d in kb.dishes.values()
        for w in d.ingredients
        if (m := kb.find_ingredient(w)) is None or m.how == "fuzzy"
    ]
    assert unresolved == []


# Issue #11: everyday menu words, with the allergens and diet classes a cautious cook declares
# (a preparation carries the union of its standard recipe's; docs/knowledge.md).
@pytest.mark.parametrize(
    ("written", "allergens", "diet"),
    [
        ("fideos", {"gluten"}, set()),
        ("huevo frito", {"eggs"}, {"egg"}),
        ("lomo fino de res", set(), {"meat"}),
        ("papas fritas", set(), set()),
        ("merengue", {"eggs"}, {"egg"}),
        ("salsa criolla", set(), set()),
        ("crutones", {"gluten", "milk"}, {"dairy"}),
        ("anchoas", {"fish"}, {"fish"}),
        ("miel de chancaca", set(), set()),
        ("puré de camote", {"milk"}, {"dairy"}),
        ("camote sancochado", set(), set()),
        ("tequeños", {"gluten", "eggs", "milk"}, {"egg", "dairy"}),
        ("tamal", {"eggs", "peanuts"}, {"meat", "pork", "egg"}),
        (
            "leche de tigre",
            {"fish", "crustaceans", "molluscs", "celery", "milk"},
            {"fish", "crustacean", "mollusc", "dairy"},
        ),
        ("salsa huancaína", {"milk", "gluten", "soy"}, {"dairy"}),
        ("ocopa", {"milk", "gluten", "soy", "peanuts"}, {"dairy"}),
        ("masa wantán", {"gluten", "eggs"}, {"egg"}),
        ("salsa de ostión", {"molluscs", "soy", "gluten"}, {"mollusc"}),
        ("pesto", {"milk", "tree_nuts"}, {"dairy"}),
        ("harina de maní", {"peanuts"}, set()),
        ("mayonesa", {"eggs", "mustard"}, {"egg"}),
        ("salsa tártara", {"eggs", "mustard"}, {"egg"}),
        ("salsa golf", {"eggs", "mustard"}, {"egg"}),
        ("crema volteada", {"eggs", "milk"}, {"egg", "dairy"}),
        ("manjar blanco", {"milk"}, {"dairy"}),
        ("chicha morada", set(), set()),
    ],
)
def test_ingredients__everyday_menu_words_resolve_with_their_classes(
    kb: KnowledgeBase, written: str, allergens: set[str], diet: set[str]
) -> None:
    match = kb.find_ingredient(written)
    assert match is not None, written
    ing = kb.ingredients[match.id]
    assert (set(ing.allergens), set(ing.diet)) == (allergens, diet), written


def test_ingredients__a_preparation_named_like_a_dish_declares_at_least_the_dish(
    kb: KnowledgeBase,
) -> None:
    # classify() tries ingredients before dishes, so "leche de tigre" or "alfajor" as an
    # ingredient must never declare less than the knowledge base's dish of that name.
    short = []
    for ing in kb.ingredients.values():
        for name in (ing.name_es, ing.name_en, *ing.synonyms):
            dish = kb.find_dish(name)
            if dish is None:
                continue
            parts = [kb.ingredients[m.id] for w in dish.ingredients if (m := kb.find_ingredient(w))]
            allergens = {a for p in parts for a in p.allergens}
            diet = {d for p in parts for d in p.diet}
            missing = (allergens - set(ing.allergens), diet - set(ing.diet))
            if any(missing):
                short.append((ing.id, dish.id, *missing))
    assert short == []


def test_dishes__valid_vocabulary_and_price(kb: KnowledgeBase) -> None:
    for d in kb.dishes.values():
        assert d.course in COURSES, d.id
        assert d.cuisine in CUISINES, d.id
        assert set(d.cooking) <= set(COOKING) and d.cooking, d.id
        assert 0 < d.price_pen < 500, d.id
        assert d.description_es and d.description_en, d.id
    assert {d.cuisine for d in kb.dishes.values()} == set(CUISINES)


def test_wines__valid_scales(kb: KnowledgeBase) -> None:
    for w in kb.wines.values():
        assert w.color in WINE_COLORS and w.style in WINE_STYLES, w.id
        assert 0 <= w.sweetness <= 5 and 1 <= w.body <= 5 and 1 <= w.acidity <= 5, w.id
        assert 0 <= w.tannin <= 5 and 0 <= w.oak <= 5 and 0 < w.alcohol < 80, w.id
        assert set(w.aromas) <= set(AROMAS) and w.grapes, w.id
    countries = {w.country for w in kb.wines.values()}
    assert {"Perú", "Chile", "Argentina", "España"} <= countries or {
        "Peru",
        "Chile",
        "Argentina",
        "Spain",
    } <= countries
    assert sum(w.style == "pisco" for w in kb.wines.values()) >= 15


def test_wines__allergens_follow_the_cautious_rule(kb: KnowledgeBase) -> None:
    """Every wine holds sulphites, and may hold egg, milk and fish unless known vegan."""
    for w in kb.wines.values():
        assert set(w.allergens) <= set(ALLERGENS), w.id
        if w.style in {"still", "sparkling", "fortified"}:
            assert "sulphites" in w.allergens, w.id
            fining = {"eggs", "milk", "fish"} & set(w.allergens)
            assert fining == (set() if w.vegan else {"eggs", "milk", "fish"}), w.id
        if w.style == "pisco":
            assert w.allergens == () and w.vegan is True, w.id
    assert any(w.vegan for w in kb.wines.values() if w.style == "still")


def test_nonalcoholic_drinks__vegan_agrees_with_what_they_contain() -> None:
    from sazon.pairing.nonalcoholic import catalogue

    for d in catalogue():
        assert d.contains <= {*ALLERGENS, "alcohol_trace"}, d.id
        if d.contains & {"eggs", "milk", "fish"}:
            assert d.vegan is not True, d.id


@pytest.mark.parametrize(
    ("written", "allergens", "diet"),
    [
        ("sillao", {"soy", "gluten"}, set()),
        ("salsa de soya", {"soy", "gluten"}, set()),
        ("soy sauce", {"soy", "gluten"}, set()),
        ("salsa de ostión", {"molluscs"}, set()),
        ("cerveza", {"gluten"}, {"alcohol"}),
        ("langostinos", {"crustaceans"}, {"crustacean"}),
        ("camarón", {"crustaceans"}, {"crustacean"}),
        ("shrimp", {"crustaceans"}, {"crustacean"}),
        ("pulpo", {"molluscs"}, {"mollusc"}),
        ("conchas negras", {"molluscs"}, {"mollusc"}),
        ("queso fresco", {"milk"}, {"dairy"}),
        ("leche evaporada", {"milk"}, {"dairy"}),
        ("maní", {"peanuts"}, set()),
        ("peanut", {"peanuts"}, set()),
        ("pecanas", {"tree_nuts"}, set()),
        ("ajonjolí", {"sesame"}, set()),
        ("huevo", {"eggs"}, {"egg"}),
        ("tarwi", {"lupin"}, set()),
        ("corvina", {"fish"}, {"fish"}),
        ("galleta de soda", {"gluten"}, set()),
        ("mostaza", {"mustard"}, set()),
        ("kion", set(), set()),
        ("jengibre", set(), set()),
        ("palta", set(), set()),
        ("aguacate", set(), set()),
        ("ají amarillo", set(), set()),
        ("rocoto", set(), set()),
        ("huacatay", set(), set()),
    ],
)
def test_classify__common_peruvian_ingredients(
    kb: KnowledgeBase, written: str, allergens: set[str], diet: set[str]
) -> None:
    [item] = classify(kb, written).items
    assert item.kind == "ingredient", written
    assert allergens <= set(item.allergens), (written, item.allergens)
    assert diet <= set(item.diet), (written, item.diet)
    if not allergens:
        assert item.allergens == [] or written in {"kion", "jengibre"}, (written, item.allergens)


def test_classify__pork_and_alcohol_classes(kb: KnowledgeBase) -> None:
    [chancho] = classify(kb, "chancho").items
    assert {"meat", "pork"} <= set(chancho.diet)
    [pisco] = classify(kb, "pisco").items
    assert "alcohol" in pisco.diet
    [jora] = classify(kb, "chicha de jora").items
    assert "alcohol" in jora.diet


def test_classify__a_list_with_reasons(kb: KnowledgeBase) -> None:
    result = classify(kb, "langostinos; sillao; queso fresco")
    assert set(result.allergens) >= {"crustaceans", "soy", "gluten", "milk"}
    assert all(item.reasons for item in result.items)
    assert result.unknown == []


def test_classify__unknown_is_reported(kb: KnowledgeBase) -> None:
    result = classify(kb, "langostinos; polvo de unicornio")
    assert result.unknown == ["polvo de unicornio"]
