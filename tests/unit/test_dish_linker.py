"""The dish linker finds a menu's dishes as guests write them, and nothing else."""

from __future__ import annotations

import pytest

from sazon.experience import DishLinker, MenuDish
from sazon.experience.dish_names import word_key

MENU = [
    MenuDish("t-lomo", "Lomo saltado", "Stir-fried beef tenderloin"),
    MenuDish("t-causa", "Causa limeña de pollo", "Layered potato terrine with chicken"),
    MenuDish("t-cebiche", "Ceviche clásico de corvina", "Classic sea bass ceviche"),
    MenuDish("t-mixto", "Ceviche mixto", "Mixed seafood ceviche"),
    MenuDish("t-anticuchos", "Anticuchos de corazón", "Grilled beef heart skewers"),
    MenuDish("t-picante", "Picante de mariscos", "Creamy spicy seafood stew"),
    MenuDish("t-chilcano", "Chilcano de pescado", "Light fish head broth"),
    MenuDish("t-chilcano-sa", "Chilcano sin alcohol", "Alcohol-free ginger highball"),
    MenuDish("t-arroz-leche", "Arroz con leche", "Rice pudding"),
    MenuDish("t-quinotto", "Quinotto de champiñones", "Quinoa risotto with mushrooms"),
]


@pytest.fixture(scope="module")
def linker() -> DishLinker:
    return DishLinker(MENU)


def _links(linker: DishLinker, text: str) -> list[tuple[str, str | None]]:
    return [(text[s:e], d[0] if len(d) == 1 else None) for s, e, d in linker.spans(text)]


@pytest.mark.parametrize(
    ("text", "span", "dish"),
    [
        ("El lomo saltado estuvo buenazo", "lomo saltado", "t-lomo"),
        ("el lomito, una maravilla", "lomito", "t-lomo"),
        ("Pedimos el lomo saltao", "lomo saltao", "t-lomo"),  # a typo
        ("LOMO SALTADO!!!", "LOMO SALTADO", "t-lomo"),
        ("la causita de pollo", "causita de pollo", "t-causa"),
        ("la causa estaba seca", "causa", "t-causa"),
        ("el cebiche clásico", "cebiche clásico", "t-cebiche"),
        ("un seviche de corvina fresquito", "seviche de corvina", "t-cebiche"),
        ("el cebichito mixto", "cebichito mixto", "t-mixto"),
        ("los anticuchos", "anticuchos", "t-anticuchos"),
        ("Los antikuchos mostros", "antikuchos", "t-anticuchos"),
        ("el anticuchito", "anticuchito", "t-anticuchos"),
        ("the beef heart skewers were great", "beef heart skewers", "t-anticuchos"),
        ("the sea bass ceviche", "sea bass ceviche", "t-cebiche"),
        ("The rice pudding was bland", "rice pudding", "t-arroz-leche"),
        ("el quinoto", "quinoto", "t-quinotto"),
        ("el chilcano sin alcohol", "chilcano sin alcohol", "t-chilcano-sa"),
    ],
)
def test_link__finds_the_dish_as_guests_write_it(
    linker: DishLinker, text: str, span: str, dish: str
) -> None:
    assert _links(linker, text) == [(span, dish)]


@pytest.mark.parametrize(
    "text",
    [
        "Llegamos tarde a causa del tráfico",  # "a causa de" is no causa
        "me duele el lomo de tanto esperar",  # a body part
        "todo muy picante para mi gusto",  # an adjective, not picante de mariscos
        "el pollo a la brasa de la otra sede",  # not on this menu
        "la casa es bonita",  # "casa" is one letter from "causa": short words take no typo
        "el limón y el ají estaban bien",  # ingredients
    ],
)
def test_link__reads_no_dish_where_there_is_none(linker: DishLinker, text: str) -> None:
    assert _links(linker, text) == []


@pytest.mark.parametrize("text", ["el ceviche estaba rico", "el chilcano buenazo"])
def test_link__a_short_name_two_dishes_share_links_to_neither(
    linker: DishLinker, text: str
) -> None:
    (found,) = linker.link(text)
    assert found.dish is None and found.ambiguous and len(found.candidates) == 2


def test_link__praise_for_el_lomito_counts_positive_for_lomo_saltado(linker: DishLinker) -> None:
    (mention,) = linker.link("El lomito buenazo, lo mejor de la noche.")
    assert (mention.dish, mention.sentiment) == ("t-lomo", "positive")


def test_link__each_dish_gets_the_opinion_of_its_own_clause(linker: DishLinker) -> None:
    mentions = linker.link("El lomo saltado riquísimo pero la causa estaba horrible.")
    assert [(m.dish, m.sentiment) for m in mentions] == [
        ("t-lomo", "positive"),
        ("t-causa", "negative"),
    ]


def test_word_key__spellings_that_sound_alike_share_a_key() -> None:
    assert word_key("Cebiche") == word_key("ceviche") == word_key("seviche")
    assert word_key("lomito") == word_key("lomo")
    assert word_key("arrocito") == word_key("arroz")
    assert word_key("causitas") == word_key("Causa")
