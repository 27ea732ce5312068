"""The grounding check: it catches invented dishes, ingredients, allergen claims and prices,
accepts faithful text, and leaves everyday words alone."""

from __future__ import annotations

import pytest

from sazon.generate import (
    DishFacts,
    EventConceptFacts,
    GuestBriefingFacts,
    GuestMix,
    GuestNote,
    MenuDescriptionFacts,
    OpportunityBriefFacts,
    PairingNoteFacts,
    PairingReason,
    SocialPostFacts,
    WineFacts,
    check_grounding,
)
from sazon.generate.facts import Facts
from sazon.knowledge import KnowledgeBase

CEVICHE = DishFacts(
    name="Ceviche clásico de corvina",
    course="entrada",
    ingredients=["corvina", "limón", "cebolla roja", "ají limo", "camote"],
    allergens=["fish"],
    price_pen=45,
)
LOMO = DishFacts(
    name="Lomo saltado",
    ingredients=["lomo fino", "cebolla roja", "tomate", "sillao"],
    allergens=["soy", "gluten"],
    price_pen=52.5,
)


def menu(dish: DishFacts = CEVICHE) -> MenuDescriptionFacts:
    return MenuDescriptionFacts(dish=dish)


def kinds(text: str, facts: Facts) -> list[tuple[str, str]]:
    return [(v.kind, v.text) for v in check_grounding(text, facts).violations]


# --- catches -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lo acompañamos con un lomo saltado.", ("dish", "lomo saltado")),
        ("Y de postre, suspiro a la limeña.", ("dish", "suspiro a la limeña")),
        ("Pide también un tiradito.", ("dish", "tiradito")),
        ("Goes well with a pisco sour.", ("dish", "pisco sour")),
        ("Try it with Grilled beef heart skewers.", ("dish", "Grilled beef heart skewers")),
    ],
)
def test_grounding__catches_an_invented_dish(text: str, expected: tuple[str, str]) -> None:
    assert expected in kinds(text, menu())


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Va con langostinos y un toque de culantro.", "langostinos"),
        ("Va con langostinos y un toque de culantro.", "culantro"),
        ("Con su crema de rocoto.", "crema de rocoto"),  # a known preparation now
        ("Served with sweet potato and avocado.", "avocado"),
        ("Terminamos con queso parmesano.", "queso parmesano"),
    ],
)
def test_grounding__catches_an_invented_ingredient(text: str, word: str) -> None:
    found = kinds(text, menu())
    assert ("ingredient", word) in found, found


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Es un plato sin gluten.", "gluten"),
        ("Apto para celíacos.", "celíacos"),
        ("Libre de mariscos.", "mariscos"),
        ("No contiene lácteos.", "lácteos"),
        ("Gluten-free and nut-free.", "Gluten-free"),
        ("Perfect for coeliacs.", "coeliacs"),
        ("Preparado sin maní ni huevo.", "maní"),
    ],
)
def test_grounding__catches_an_unfounded_free_from_claim(text: str, written: str) -> None:
    found = kinds(text, menu())
    assert ("allergen", written) in found, found


def test_grounding__catches_every_item_of_a_claim_list() -> None:
    found = kinds("Sin gluten, sin lácteos ni huevo.", menu())
    assert [w for k, w in found if k == "allergen"] == ["gluten", "lácteos", "huevo"]


def test_grounding__catches_a_diet_claim_the_input_does_not_make() -> None:
    assert ("diet", "vegano") in kinds("Un plato vegano.", menu())
    assert ("diet", "vegetarians") in kinds("Great for vegetarians.", menu())
    assert ("diet", "carne") in kinds("Sin carne.", menu(LOMO))


def test_grounding__catches_a_contains_claim_no_dish_makes() -> None:
    assert ("allergen", "gluten") in kinds("Contiene gluten.", menu())
    assert ("allergen", "huevo") in kinds("Lleva huevo.", menu())
    assert ("allergen", "langostinos") in kinds("Lleva langostinos.", menu())
    assert kinds("Contiene pescado.", menu()) == []


def test_grounding__catches_a_free_claim_that_contradicts_the_allergens() -> None:
    # Lomo saltado has soy (sillao): "sin soya" is false even though soy is in the input.
    assert ("allergen", "soya") in kinds("Lomo saltado sin soya.", menu(LOMO))


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Ahora a S/ 99.", "S/ 99"),
        ("Solo S/.39.90 por persona.", "S/.39.90"),
        ("Cuesta 40 soles.", "40 soles"),
        ("At S/ 1,250.00 for the table.", "S/ 1,250.00"),
        ("Only US$ 12.", "US$ 12"),
    ],
)
def test_grounding__catches_a_price_not_in_the_input(text: str, written: str) -> None:
    found = kinds(text, menu())
    assert ("price", written) in found, found


def test_grounding__catches_an_invented_wine() -> None:
    facts = PairingNoteFacts(
        dish=CEVICHE,
        wine=WineFacts(name="Tacama Sauvignon Blanc", grapes=["Sauvignon Blanc"]),
        reasons=[PairingReason(code="acid_with_acid", ingredient="limón")],
    )
    assert ("wine", "Intipalka Malbec") in kinds("Mejor aún, un Intipalka Malbec.", facts)
    assert kinds("El Tacama Sauvignon Blanc y su acidez acompañan el limón.", facts) == []


def test_grounding__reports_where_and_why() -> None:
    text = "Ceviche clásico de corvina con langostinos, S/ 45.00."
    report = check_grounding(text, menu())
    assert not report.ok
    (violation,) = report.violations
    assert text[violation.start : violation.end] == "langostinos"
    assert "langostinos" in violation.reason and "not in the input" in violation.reason


# --- accepts -----------------------------------------------------------------------------


def test_grounding__accepts_a_faithful_text() -> None:
    text = (
        "El ceviche clásico de corvina llega curado al momento, con corvina, limón, cebolla "
        "roja, ají limo y camote. Contiene pescado. Alérgenos: pescado. Precio: S/ 45.00 "
        "(S/45, 45 soles). Classic ceviche with corvina and lime; contains fish."
    )
    assert kinds(text, menu()) == []


def test_grounding__accepts_claims_the_facts_make() -> None:
    dish = CEVICHE.model_copy(
        update={"free_from": ["gluten", "crustaceans", "molluscs"], "diet": ["pescatarian"]}
    )
    text = (
        "Sin gluten y apto para celíacos. Libre de mariscos. Gluten-free. Ideal para pescetarianos."
    )
    assert kinds(text, menu(dish)) == []
    # Free of crustaceans only is not free of all seafood.
    partial = CEVICHE.model_copy(update={"free_from": ["crustaceans"]})
    assert ("allergen", "mariscos") in kinds("Libre de mariscos.", menu(partial))


def test_grounding__names_inside_the_dish_name_are_grounded() -> None:
    facts = menu(DishFacts(name="Arroz con pollo"))
    assert kinds("Nuestro arroz con pollo: el pollo, jugoso; el arroz, verde.", facts) == []


def test_grounding__plurals_and_synonyms_of_input_ingredients_are_grounded() -> None:
    facts = menu(
        DishFacts(name="Causa de langostinos", ingredients=["langostino", "papa amarilla"])
    )
    assert kinds("Con langostinos y papas amarillas; prawns on top.", facts) == []


def test_grounding__category_words_follow_the_ingredients() -> None:
    assert kinds("El pescado, fresquísimo.", menu()) == []
    assert ("allergen", "pescado") in kinds("El pescado, fresquísimo.", menu(LOMO))
    assert kinds("La carne, jugosa.", menu(LOMO)) == []
    assert ("ingredient", "carne") in kinds("La carne, jugosa.", menu())


def test_grounding__guest_restrictions_ground_talk_about_them() -> None:
    facts = EventConceptFacts(
        dishes=[CEVICHE], guests=GuestMix(total=10, restrictions={"peanuts": 1, "vegan": 2})
    )
    text = (
        "Tenemos un comensal con alergia al maní y dos comensales veganos. "
        "One guest has a peanut allergy."
    )
    assert kinds(text, facts) == []
    assert ("allergen", "mariscos") in kinds("Y otro con alergia a los mariscos.", facts)


def test_grounding__named_guest_restrictions_as_written_ground_the_briefing() -> None:
    facts = GuestBriefingFacts(
        service_at="2026-12-12T20:00:00-05:00",  # type: ignore[arg-type]
        covers=30,
        notable=[GuestNote(name="Ana", restrictions=["no come carne", "celíaca"])],
    )
    assert kinds("Ana no come carne y es celíaca: cuidado con el gluten.", facts) == []


def test_grounding__trend_terms_ground_the_post_and_the_brief() -> None:
    post = SocialPostFacts(topic="sin gluten", dishes=[CEVICHE])
    assert kinds("Todos hablan de comer sin gluten. Prueba el ceviche.", post) == []
    brief = OpportunityBriefFacts(term="maracuyá", mentions=120, related_terms=["pisco sour"])
    assert kinds("Maracuyá crece, a menudo junto al pisco sour.", brief) == []
    assert ("ingredient", "mango") in kinds("Maracuyá y mango.", brief)


def test_grounding__wine_aromas_and_styles_ground_their_words() -> None:
    facts = PairingNoteFacts(
        dish=LOMO,
        wine=WineFacts(
            name="Reserva de la casa", style="fortified", aromas=["chocolate", "coffee"]
        ),
        reasons=[PairingReason(code="tannin_with_protein")],
    )
    assert kinds("Notas de chocolate y café frente al lomo fino.", facts) == []


# --- no false alarms ---------------------------------------------------------------------


def test_grounding__leaves_everyday_words_alone() -> None:
    spanish = (
        "Te esperamos en mayo. Sal a celebrar con un buen vino, de corazón. Sin duda, pan "
        "comido; sin prisa y sin apuro. A causa de la lluvia, la uva Quebranta dio un vino "
        "naranja precioso. Tiene un toque especial y contiene mucho cariño. La lengua de "
        "Lima, un atardecer dorado, un vino maduro, una noche de verano en Ica. Es para "
        "todos, con toda la sazón de la casa y el agua bien fría. Luna de miel en Paracas."
    )
    english = (
        "The cream of the crop. An orange wine, ice-cold water, a glass of port and a "
        "royal welcome. Order now, see you in May: perfect for everyone. It has character "
        "and contains a lot of love."
    )
    assert kinds(spanish, menu()) == []
    assert kinds(english, menu()) == []


def test_grounding__a_food_word_after_for_is_a_mention_not_a_claim() -> None:
    # "for seafood lovers" claims nothing about being free of seafood, but a ceviche of fish
    # alone does not contain shellfish either, so naming seafood is still flagged, as a mention.
    (violation,) = check_grounding("Perfect for seafood lovers.", menu()).violations
    assert violation.kind == "allergen"
    assert "never mentions" in violation.reason


def test_grounding__the_whole_knowledge_base_names_ground_themselves(kb: KnowledgeBase) -> None:
    for dish_id, dish in kb.dishes.items():
        facts = menu(DishFacts.from_kb(dish_id, kb=kb))
        assert kinds(f"Hoy: {dish.name_es}.", facts) == [], dish.name_es
        en = menu(DishFacts.from_kb(dish_id, "en", kb=kb))
        assert kinds(f"Today: {dish.name_en}.", en) == [], dish.name_en


def test_grounding__an_everyday_dish_name_counts_only_when_capitalised_mid_sentence() -> None:
    facts = menu(LOMO)
    assert kinds("Un tomate sancochado camino al aeropuerto.", facts) == []
    assert ("dish", "Aeropuerto") in kinds("Y de fondo, un Aeropuerto.", facts)
    assert kinds("Y de fondo, un Aeropuerto.", menu(DishFacts(name="Aeropuerto"))) == []


# --- inventions from outside the knowledge base -------------------------------------------


@pytest.mark.parametrize(
    ("text", "caught"),
    [
        ("Ceviche clásico de corvina. Precio 39.", ("price", "Precio 39")),
        ("Ceviche clásico de corvina. Precio: 39.", ("price", "Precio: 39")),
        ("Ceviche clásico de corvina, a un precio de 39.", ("price", "precio de 39")),
        ("Ceviche clásico de corvina por cuarenta soles.", ("price", "cuarenta soles")),
        ("Ceviche clásico de corvina: treinta y nueve soles.", ("price", "treinta y nueve soles")),
        ("Ceviche clásico de corvina, thirty-nine soles.", ("price", "thirty-nine soles")),
        ("Ceviche clásico de corvina a 39 lucas.", ("price", "39 lucas")),
        ("Ceviche clásico de corvina con trufa negra.", ("ingredient", "trufa negra")),
        ("Ceviche clásico de corvina, finished with caviar.", ("ingredient", "caviar")),
        ("Ceviche clásico de corvina con un Malbec Catena Zapata.", ("wine", "Malbec")),
        ("Ceviche clásico de corvina with a Pinot Noir.", ("wine", "Pinot Noir")),
    ],
)
def test_grounding__catches_inventions_the_knowledge_base_does_not_list(
    text: str, caught: tuple[str, str]
) -> None:
    assert kinds(text, menu()) == [caught]


@pytest.mark.parametrize(
    "text",
    [
        "Ceviche clásico de corvina. Precio: S/ 45.00.",
        "Ceviche clásico de corvina por cuarenta y cinco soles.",
        "Ceviche clásico de corvina, forty-five soles.",
        "Ceviche clásico de corvina para 2 personas, listo en 15 minutos.",
        "Ceviche clásico de corvina: los precios bajan 20% los lunes.",
        "Ceviche clásico de corvina con Tacama Malbec.",
        "Ceviche clásico de corvina y un poco de sol, bajo los soles de la tarde.",
    ],
)
def test_grounding__numbers_that_are_not_invented_prices_pass(text: str) -> None:
    wine = WineFacts(name="Tacama Malbec", grapes=["Malbec"], price_pen=95)
    assert kinds(text, MenuDescriptionFacts(dish=CEVICHE, wine=wine)) == []


def test_grounding__a_fancy_ingredient_or_grape_the_facts_give_is_fine() -> None:
    dish = DishFacts(name="Risotto de hongos", ingredients=["arroz", "trufa negra"],
                     price_pen=68)  # fmt: skip
    wine = WineFacts(name="Intipalka Reserva", grapes=["Cabernet Sauvignon"])
    facts = MenuDescriptionFacts(dish=dish, wine=wine)
    text = "Risotto de hongos con trufa negra, con un Cabernet Sauvignon de Intipalka. S/ 68."
    assert kinds(text, facts) == []


def test_grounding__summary_counts_kinds_and_quotes_nothing() -> None:
    report = check_grounding("Lomo saltado sin gluten, con trufa, a S/ 39 y cuarenta soles.",
                             menu(LOMO))  # fmt: skip
    assert report.summary() == "4 violations (allergen 1, ingredient 1, price 2)"
    assert "trufa" not in report.summary() and "gluten" not in report.summary()
