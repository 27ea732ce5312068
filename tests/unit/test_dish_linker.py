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


def test_link__a_short_name_two_dishes_share_links_to_neither(linker: DishLinker) -> None:
    (found,) = linker.link("el chilcano buenazo")
    assert found.dish is None and found.ambiguous and len(found.candidates) == 2


def test_link__a_shared_short_name_reads_as_the_dish_the_menu_calls_classic(
    linker: DishLinker,
) -> None:
    (found,) = linker.link("el ceviche estaba rico")
    assert (found.dish, found.ambiguous, len(found.candidates)) == ("t-cebiche", True, 2)


# A second menu for the decoys found while tuning on the second development set.
ANDEAN = [
    MenuDish("a-trucha", "Trucha frita", "Pan-fried Andean trout"),
    MenuDish("a-ceviche-trucha", "Ceviche de trucha", "Andean trout ceviche"),
    MenuDish("a-pacha", "Pachamanca a la olla", "Andean earth-oven meats"),
    MenuDish("a-juane", "Juane de yuca", "Cassava and fish parcel"),
    MenuDish("a-humita", "Humita salada", "Savoury fresh corn cake"),
    MenuDish("a-chicharron", "Chicharrón de calamar", "Fried squid rings"),
    MenuDish("a-suspiro", "Suspiro a la limeña", "Caramel custard with port meringue"),
    MenuDish("a-emoliente", "Emoliente", "Warm herbal barley tonic"),
    MenuDish("a-causa", "Causa nikkei de atún", "Nikkei causa with tuna tartare"),
    MenuDish("a-sour", "Maracuyá sour", "Passion fruit pisco sour"),
    MenuDish("a-pulpo", "Pulpo al olivo nikkei", "Nikkei octopus in olive sauce"),
    MenuDish("a-picante", "Picante de mariscos", "Creamy spicy seafood stew"),
    MenuDish("a-adobo", "Adobo arequipeño", "Arequipa pork in maize beer"),
    MenuDish("a-sudado", "Sudado de cojinova", "Cojinova steamed in tomato broth"),
]
ELSEWHERE = [
    MenuDish("k-pisco-sour", "Pisco sour", "Pisco sour"),
    MenuDish("k-pulpo", "Pulpo al olivo", "Octopus in olive sauce"),
]


@pytest.fixture(scope="module")
def andean() -> DishLinker:
    return DishLinker(ANDEAN, elsewhere=ELSEWHERE)


@pytest.mark.parametrize(
    ("text", "span", "dish"),
    [
        ("La trucha estaba fresca.", "trucha", "a-trucha"),  # its head word, not the ceviche's
        ("The trout was overcooked.", "trout", "a-trucha"),
        ("La pacha estaba sabrosa.", "pacha", "a-pacha"),
        ("El juanecito estaba muy rico.", "juanecito", "a-juane"),
        ("Pedimos humitas para la mesa.", "humitas", "a-humita"),
        ("My dad loved the tuna causa.", "tuna causa", "a-causa"),
        ("El pulpo al olivo, buenazo.", "pulpo al olivo", "a-pulpo"),  # the menu's variant
        ("El sudado de la casa, una maravilla.", "sudado", "a-sudado"),
        ("The scallops were great but the octopus was better.", "octopus", "a-pulpo"),
    ],
)
def test_link__finds_what_the_second_dev_set_taught(
    andean: DishLinker, text: str, span: str, dish: str
) -> None:
    assert [(m.text, m.dish) for m in andean.link(text)] == [(span, dish)]


@pytest.mark.parametrize(
    "text",
    [
        "Mi causa Pepe nos invitó.",  # my friend
        "Un suspiro de alivio cuando llegó la comida.",
        "El emolientero de la esquina es más barato.",
        "Pidió el chicharrón de pollo, que no hay.",  # another chicharrón
        "El pisco sour no lo tienen.",  # a dish of another menu
        "El picante de la casa, el ají de rocoto, está buenazo.",  # the hot sauce
        "No estaba tan bueno como el de Arequipa.",  # a place, not the adobo arequipeño
    ],
)
def test_link__reads_no_dish_in_the_second_dev_sets_decoys(andean: DishLinker, text: str) -> None:
    assert [(m.text, m.dish) for m in andean.link(text) if m.dish] == []


def test_link__a_dish_named_twice_in_a_sentence_is_one_mention(andean: DishLinker) -> None:
    found = andean.link("La pachamanca a la olla, con la pacha bien servida. La pacha otra vez.")
    assert [m.text for m in found] == ["pachamanca a la olla", "pacha"]


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
    assert word_key("juanecito") == word_key("juane")
    assert word_key("cuycito") == word_key("cuy")
