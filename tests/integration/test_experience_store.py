"""Recommendations for a known guest from a real store (SQLite and PostgreSQL): behaviour.

A small venue: fish and meat dishes, a vegan dish, a dish with an ingredient nobody knows, a
dish off the menu, and three wines. Guests who order fish, who order meat, a vegan, a guest
whose restriction nobody could read, and a guest who gave no consent to personalisation.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session, sessionmaker

from sazon.errors import NotFound
from sazon.experience import recommend_for_guest
from sazon.knowledge import KnowledgeBase
from sazon.store import transaction
from sazon.store.models import Dish, Feedback, Guest, OrderLine, Venue, Visit, Wine

pytestmark = pytest.mark.integration

DISHES = {
    # code: (name, course, cuisine, ingredients)
    "cev": ("Ceviche de corvina", "entrada", "marina", ["corvina", "limón", "cebolla roja"]),
    "sud": ("Sudado de pescado", "fondo", "marina", ["corvina", "tomate", "cebolla roja"]),
    "jal": ("Jalea de pescado", "fondo", "marina", ["corvina", "harina de trigo", "limón"]),
    "tir": ("Tiradito de lenguado", "entrada", "marina", ["lenguado", "limón", "ají amarillo"]),
    "lom": ("Lomo saltado", "fondo", "criolla", ["lomo de res", "cebolla roja", "tomate"]),
    "ant": ("Anticuchos", "entrada", "criolla", ["corazón de res", "ají panca", "comino"]),
    "sec": ("Seco de res", "fondo", "criolla", ["carne de res", "culantro", "arvejas"]),
    "chi": ("Chicharrón de cerdo", "fondo", "criolla", ["panceta de cerdo", "camote"]),
    "qui": ("Quinua con verduras", "fondo", "andina", ["quinua", "zanahoria", "arvejas"]),
    "raro": ("Plato misterioso", "fondo", "criolla", ["polvo de zzkrat", "arroz"]),
}
OFF_MENU = "old"


def _store(factory: sessionmaker[Session]) -> dict[str, int]:
    with transaction(factory) as s:
        venue = Venue(code="tst", name="La Prueba")
        s.add(venue)
        s.flush()
        dishes = {}
        for code, (name, course, cuisine, ingredients) in DISHES.items():
            dishes[code] = Dish(code=code, venue_id=venue.id, name_es=name, course=course,
                                cuisine=cuisine, ingredients_raw=ingredients,
                                price_pen=Decimal("40"))  # fmt: skip
        dishes[OFF_MENU] = Dish(code=OFF_MENU, venue_id=venue.id, name_es="Parihuela",
                                course="fondo", cuisine="marina", active=False,
                                ingredients_raw=["corvina", "tomate"])  # fmt: skip
        s.add_all(dishes.values())
        wines = {
            "tin": Wine(code="tin", venue_id=venue.id, name="Tannat Reserva", color="red",
                        grapes=["Tannat"], on_list=True, price_pen=Decimal("90")),
            "sb": Wine(code="sb", venue_id=venue.id, name="Sauvignon Blanc", color="white",
                       grapes=["Sauvignon Blanc"], on_list=True, price_pen=Decimal("80")),
            "alb": Wine(code="alb", venue_id=venue.id, name="Albariño", color="white",
                        grapes=["Albariño"], on_list=True, price_pen=Decimal("95")),
        }  # fmt: skip
        s.add_all(wines.values())
        guests = {
            "fish": Guest(first_name="Pesca", consent_personalisation=True),
            "fish2": Guest(first_name="Mar", consent_personalisation=True),
            "meat": Guest(first_name="Carne", consent_personalisation=True),
            "vegan": Guest(first_name="Vega", consent_personalisation=True, diets=["vegan"],
                           restrictions_raw="vegana"),
            "unsure": Guest(first_name="Duda", consent_personalisation=True,
                            restrictions_raw="no puede comer lo de siempre",
                            restrictions_unknown=["no puede comer lo de siempre"]),
            "private": Guest(first_name="Reservada", consent_personalisation=False),
            "new": Guest(first_name="Nueva", consent_personalisation=True, budget_tier="medio"),
        }  # fmt: skip
        s.add_all(guests.values())
        s.flush()
        orders = {
            "fish": ["cev", "cev", "sud", "cev", "cev", OFF_MENU],
            "fish2": ["cev", "sud", "jal", "tir"],
            "meat": ["lom", "ant", "sec", "lom"],
            "vegan": ["qui", "qui"],
            "unsure": ["lom", "cev"],
            "private": ["ant", "lom"],
        }
        start = datetime(2026, 10, 1, 20, 0, tzinfo=UTC)
        for who, codes in orders.items():
            for n, code in enumerate(codes):
                visit = Visit(guest_id=guests[who].id, venue_id=venue.id,
                              visited_at=start + timedelta(days=n))  # fmt: skip
                visit.lines.append(
                    OrderLine(dish_id=dishes[code].id, item_name=dishes[code].name_es)
                )
                if who == "fish2":
                    visit.lines.append(OrderLine(wine_id=wines["sb"].id, item_name="SB"))
                s.add(visit)
                s.flush()
                s.add(Feedback(guest_id=guests[who].id, visit_id=visit.id, rating=5,
                               submitted_at=visit.visited_at))  # fmt: skip
        return {k: g.id for k, g in guests.items()}


@pytest.fixture
def store(factory: sessionmaker[Session]) -> dict[str, int]:
    return _store(factory)


def _recs(factory: sessionmaker[Session], guest_id: int, kb: KnowledgeBase, **kw: object):  # type: ignore[no-untyped-def]
    with factory() as s:
        return recommend_for_guest(s, guest_id, kb=kb, **kw)  # type: ignore[arg-type]


FISH = {"cev", "sud", "jal", "tir"}
MEAT = {"lom", "ant", "sec", "chi"}


def test_guest_who_always_orders_fish__is_offered_fish(
    factory: sessionmaker[Session], store: dict[str, int], kb: KnowledgeBase
) -> None:
    recs = _recs(factory, store["fish"], kb, top=2)
    assert recs.personalised and recs.venue == "tst"
    assert [s.code for s in recs.dishes] and {s.code for s in recs.dishes} <= FISH
    assert recs.favourites[0].code == "cev"
    assert recs.favourites[0].reason == "pidió Ceviche de corvina 4 veces"
    similar = [s for s in recs.dishes if s.source == "similar_guests"]
    assert similar and similar[0].reason.startswith("quienes piden ")


def test_never_offers_an_item_already_had_or_off_the_menu(
    factory: sessionmaker[Session], store: dict[str, int], kb: KnowledgeBase
) -> None:
    recs = _recs(factory, store["fish"], kb, top=20)
    offered = {s.code for s in recs.dishes + recs.wines}
    assert not offered & {"cev", "sud"}  # had
    assert OFF_MENU not in offered | {s.code for s in recs.favourites}
    fish2 = _recs(factory, store["fish2"], kb, top=20)
    assert "sb" not in {s.code for s in fish2.wines}
    assert "sb" in {s.code for s in fish2.favourites}


def test_a_vegan_is_never_offered_meat_fish_or_a_wine_not_known_vegan(
    factory: sessionmaker[Session], store: dict[str, int], kb: KnowledgeBase
) -> None:
    recs = _recs(factory, store["vegan"], kb, top=20)
    offered = {s.code for s in recs.dishes + recs.favourites}
    assert offered <= {"qui"} | (set(DISHES) - FISH - MEAT - {"raro"})
    assert not offered & (FISH | MEAT)
    assert recs.wines == []  # none of the three is known vegan (fining)
    assert recs.withheld >= len(FISH | MEAT) + 3


def test_restriction_unsure__items_not_offered(
    factory: sessionmaker[Session], store: dict[str, int], kb: KnowledgeBase
) -> None:
    recs = _recs(factory, store["unsure"], kb, top=20)
    offered = {s.code for s in recs.dishes + recs.favourites}
    # Words nobody could read: the unknown-ingredient dish and every wine are kept away.
    assert "raro" not in offered and recs.wines == []
    # A guest with no restriction at all may get the dish nobody can read the recipe of.
    free = _recs(factory, store["meat"], kb, top=20)
    assert "raro" in {s.code for s in free.dishes}


def test_without_consent__no_personal_history_is_used(
    factory: sessionmaker[Session], store: dict[str, int], kb: KnowledgeBase
) -> None:
    recs = _recs(factory, store["private"], kb, top=3, lang="en")
    assert not recs.personalised and recs.favourites == [] and recs.notes
    assert all(s.source == "popular" for s in recs.dishes)
    assert recs.dishes[0].reason.startswith("among the most ordered at La Prueba")


def test_new_guest__gets_the_best_of_their_segment(
    factory: sessionmaker[Session], store: dict[str, int], kb: KnowledgeBase
) -> None:
    recs = _recs(factory, store["new"], kb, venue="tst", top=3)
    assert not recs.personalised and len(recs.dishes) == 3
    assert recs.dishes[0].code == "cev"  # the most ordered across guests


def test_unknown_guest_or_venue__not_found(
    factory: sessionmaker[Session], store: dict[str, int], kb: KnowledgeBase
) -> None:
    with pytest.raises(NotFound):
        _recs(factory, 999_999, kb)
    with pytest.raises(NotFound, match="tst"):
        _recs(factory, store["fish"], kb, venue="nope")
