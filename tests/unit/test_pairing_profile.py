"""Dish profiles: ingredients by role, cooking and preparation words, unknown words reported."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sazon.knowledge import FLAVOURS, KnowledgeBase, load_knowledge
from sazon.pairing import DishInput, build_profile
from sazon.pairing.ingredient_words import resolve

KB = load_knowledge()


def dish(name: str, *ingredients: str, course: str | None = "fondo") -> DishInput:
    return DishInput(dish_id="d", name=name, course=course, ingredients=list(ingredients))


def test_profile__ceviche_is_sour_raw_seafood_with_citrus(kb: KnowledgeBase) -> None:
    p = build_profile(
        dish("Ceviche de corvina", "corvina", "limón", "ají limo", "cebolla roja", "culantro"),
        kb,
    )
    assert p.acidity >= 4.5
    assert p.main == "corvina"
    assert {"raw_seafood", "lime_cured", "seafood"} <= set(p.flags)
    assert max(p.aromas, key=p.aromas.__getitem__) == "citrus"
    assert p.sources["acidity"][0] == "limon"


def test_profile__unknown_ingredients_are_reported_not_dropped(kb: KnowledgeBase) -> None:
    p = build_profile(dish("Plato raro", "corvina", "unobtainio", "polvo de estrellas"), kb)
    assert p.unknown_ingredients == ["unobtainio", "polvo de estrellas"]
    assert [i.id for i in p.ingredients] == ["corvina"]


def test_profile__english_ingredients_read_like_spanish(kb: KnowledgeBase) -> None:
    es = build_profile(dish("Ceviche", "pescado blanco", "limón", "cebolla roja", "culantro"), kb)
    en = build_profile(dish("Ceviche", "white fish", "lime", "red onion", "coriander"), kb)
    assert not en.unknown_ingredients
    for f in FLAVOURS:
        assert getattr(es, f) == pytest.approx(getattr(en, f))


def test_profile__main_protein_outweighs_salt_and_oil(kb: KnowledgeBase) -> None:
    lean = build_profile(dish("Pollo", "pollo", "sal", "aceite vegetal"), kb)
    belly = build_profile(dish("Panceta", "panceta de cerdo", "sal", "aceite vegetal"), kb)
    assert lean.salt < 3 and lean.fat < 3.5
    assert belly.fat >= 4.5
    # The same garnish list after the main protein does not change who leads the dish.
    assert lean.main == "pollo" and belly.main == "panceta_de_cerdo"


def test_profile__position_matters_a_little(kb: KnowledgeBase) -> None:
    first = build_profile(dish("x", "limón", "corvina", "sal"), kb)
    last = build_profile(
        dish("x", "corvina", "sal", "cebolla roja", "ajo", "culantro", "limón"), kb
    )
    assert first.acidity > last.acidity


@pytest.mark.parametrize(
    ("name", "ingredients", "check"),
    [
        ("Pollo a la brasa", ["pollo"], lambda p: "smoky" in p.aromas and "roasted" in p.cooking),
        ("Pescado frito", ["pescado blanco"], lambda p: "fried" in p.flags and p.fat >= 2),
        ("Pollo sancochado", ["pollo"], lambda p: "boiled" in p.cooking),
        ("Conchitas acevichadas", ["concha de abanico"], lambda p: p.acidity >= 3.5),
        ("Corvina a lo macho", ["corvina"], lambda p: p.heat >= 2.5 and p.fat >= 3),
        ("Pulpo al olivo", ["pulpo"], lambda p: p.fat >= 3.5 and p.salt >= 3),
        ("Choros a la chalaca", ["choro"], lambda p: p.acidity >= 4 and p.heat >= 2.5),
        ("Lomo saltado", ["lomo fino"], lambda p: "stir_fried" in p.cooking and p.salt >= 3),
        ("Sudado de mero", ["mero"], lambda p: "steamed" in p.cooking),
        ("Chupe de pescado", ["pescado blanco"], lambda p: "creamy" in p.flags),
        ("Tiradito de lenguado", ["lenguado"], lambda p: "raw_seafood" in p.flags),
        ("Pato en salsa de maracuyá", ["pato"], lambda p: "sweet_sour" in p.flags),
        ("Pollo al ají amarillo", ["pollo"], lambda p: p.heat >= 2.5),
    ],
)
def test_profile__preparation_words_in_the_name(
    name: str, ingredients: list[str], check: object, kb: KnowledgeBase
) -> None:
    p = build_profile(dish(name, *ingredients), kb)
    assert callable(check) and check(p), p


def test_profile__a_knowledge_dish_brings_its_ingredients_and_methods(kb: KnowledgeBase) -> None:
    p = build_profile(DishInput(dish_id="x", name="Ají de gallina"), kb)
    assert p.knowledge_dish == "aji_de_gallina"
    assert p.main == "gallina" and p.course == "fondo"
    assert "stewed" in p.cooking and "creamy" in p.flags


def test_profile__dessert_and_spicy_flags(kb: KnowledgeBase) -> None:
    suspiro = build_profile(
        dish("Suspiro", "leche condensada", "azúcar", "yema de huevo", course="postre"), kb
    )
    rocoto = build_profile(dish("Rocoto relleno", "rocoto", "carne molida de res"), kb)
    assert "dessert" in suspiro.flags and suspiro.sweetness == 5
    assert "spicy" in rocoto.flags and rocoto.heat >= 4


@pytest.mark.parametrize(
    ("written", "expected", "how", "cooking"),
    [
        ("Langostinos", "langostino", "synonym", None),
        ("2 papas fritas", "papa_amarilla", "cleaned", "fried"),
        ("200 g de carne de res en trozos", "carne_de_res", "cleaned", None),
        ("huevo frito", "huevo", "cleaned", "fried"),
        # A close spelling counts for flavour only, labelled; safety reads it as unknown.
        ("aji amarilo", "aji_amarillo", "suggested:ají amarillo", None),
        # (costillas and alitas became synonyms of their rows when the base grew)
        ("pecho de cerdo", "carne_de_cerdo", "partial:cerdo", None),
        ("trozos de pollo", "pollo", "partial:pollo", None),
    ],
)
def test_resolve__cleans_quantities_and_cooking_words(
    written: str, expected: str, how: str, cooking: str | None, kb: KnowledgeBase
) -> None:
    matches, method = resolve(kb, written)
    assert [(i.id, h) for i, h in matches] == [(expected, how)]
    assert method == cooking


# "queso de cabra", "leche de tigre" and "salsa acevichada" are real ingredients now.
@pytest.mark.parametrize("written", ["queso de búfala", "leche de burra", "crema de langostinos"])
def test_resolve__never_guesses_a_product_for_its_animal(written: str, kb: KnowledgeBase) -> None:
    assert resolve(kb, written)[0] == []


def test_profile__approximate_reads_are_visible(kb: KnowledgeBase) -> None:
    p = build_profile(dish("Costillar", "pecho de cerdo", "sillao"), kb)
    assert p.ingredients[0].how == "partial:cerdo"


def test_profile__chilli_adds_heat_but_no_bulk(kb: KnowledgeBase) -> None:
    base = build_profile(dish("Guiso", "carne de res", "papa blanca"), kb)
    hot = build_profile(dish("Guiso", "carne de res", "papa blanca", "rocoto"), kb)
    assert hot.heat > base.heat
    assert hot.weight == base.weight


NAMES = sorted({i.name_es for i in KB.ingredients.values()})


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(NAMES), min_size=1, max_size=14),
    st.sampled_from(["entrada", "sopa", "fondo", "piqueo", "postre", None]),
)
def test_profile__every_scale_stays_within_0_and_5(ingredients: list[str], course: str) -> None:
    p = build_profile(dish("Plato", *ingredients, course=course), KB)
    for f in FLAVOURS:
        assert 0.0 <= getattr(p, f) <= 5.0
    assert all(0.0 <= v <= 1.0 for v in p.aromas.values())
    assert not p.unknown_ingredients
