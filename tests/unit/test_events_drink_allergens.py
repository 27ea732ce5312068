"""Drinks carry allergens too: fining agents in wine, gluten in beer, egg white in a sour."""

from __future__ import annotations

import pytest

from sazon.events import (
    GuestNeeds,
    Plan,
    PlanRequest,
    PouredDrink,
    WineFlight,
    build_flight,
    plan_menu,
)
from sazon.events.preferences import TokenOverlapMatcher
from sazon.knowledge import KnowledgeBase
from sazon.pairing import NOT_VEGAN, WineInput, drink_allergens, drink_profiles
from tests.kb_menus import kb_menu

MENU_IDS = (
    "ceviche_clasico", "causa_de_langostinos", "papa_a_la_huancaina", "lomo_saltado",
    "arroz_con_pollo", "quinotto", "suspiro_a_la_limena", "mazamorra_morada", "picarones",
)  # fmt: skip
GUESTS = [
    ("huevo", "Hugo Vera", "alérgico al huevo", None),
    ("celiaca", "Celia Ramos", None, "celíaca"),
    ("vegana", "Vera Luna", None, "vegana"),
    ("libre", "Libia Soto", None, None),
    ("libre2", "Lucas Paz", None, None),
]
# Written by hand: what each bottle holds, for the assertions (not read from the code).
TACAMA = WineInput(wine_id="tacama", name="Tacama Blanco de Blancos", price_pen=70)
SOUR = WineInput(wine_id="sour", name="Pisco sour", price_pen=28)
BARDA = WineInput(wine_id="barda", name="Bodega Chacra Barda Pinot Noir", price_pen=320)
BEER = WineInput(wine_id="beer", name="Cerveza Cusqueña Trigo", price_pen=15)
JORA = WineInput(wine_id="jora", name="Chicha de jora", price_pen=12)
CHILCANO = WineInput(wine_id="chilcano", name="Chilcano de pisco", price_pen=24)
WITH_EGG = {"tacama", "sour"}
WITH_GLUTEN = {"beer", "jora"}
VEGAN = {"barda", "chilcano", "jora"}


@pytest.fixture(scope="module")
def planned(kb: KnowledgeBase) -> tuple[PlanRequest, Plan]:
    guests = [
        GuestNeeds(guest_id=gid, name=name, allergies_text=allergies, diet_text=diet)
        for gid, name, allergies, diet in GUESTS
    ]
    req = PlanRequest(
        guests=guests, menu=kb_menu(kb, MENU_IDS), courses=["entrada", "fondo", "postre"],
        max_dishes_per_course=3,
    )  # fmt: skip
    return req, plan_menu(req, kb, TokenOverlapMatcher())


def flight_of(
    kb: KnowledgeBase, planned: tuple[PlanRequest, Plan], wines: list[WineInput]
) -> WineFlight:
    req, plan = planned
    flight = build_flight(
        plan, req.guests, req.menu, wines, mode="per_course", mode_reason="", source="file",
        kb=kb,
    )  # fmt: skip
    assert flight is not None
    return flight


def poured_to(flight: WineFlight, plan: Plan, guest_id: str) -> dict[str, PouredDrink | None]:
    """What the guest is poured in each course, read from the flight as a sommelier would."""
    out: dict[str, PouredDrink | None] = {}
    for a in plan.assignments:
        if a.guest_id != guest_id:
            continue
        swap = next((s for s in flight.swaps if s.course == a.course and guest_id in s.guest_ids),
                    None)  # fmt: skip
        plate = next(
            (p for p in flight.plates if p.course == a.course and guest_id in p.guest_ids), None
        )
        course = next(c for c in flight.courses if c.course == a.course)
        if swap is not None:
            out[a.course] = swap.wine or swap.non_alcoholic
        elif plate is not None:
            out[a.course] = plate.wine
        else:
            out[a.course] = course.wine
    return out


def test_drinks__what_each_bottle_holds(kb: KnowledgeBase) -> None:
    def holds(w: WineInput) -> set[str]:
        return set(drink_allergens(w, kb).allergens)

    assert {"eggs", "milk", "fish", "sulphites"} <= holds(TACAMA)  # fining not known vegan
    assert holds(SOUR) == {"eggs"}  # egg white
    algarrobina = WineInput(wine_id="a", name="Cóctel de algarrobina")
    assert holds(algarrobina) == {"milk", "eggs"}
    assert holds(CHILCANO) == set() and drink_allergens(CHILCANO, kb).vegan is True
    assert "gluten" in holds(BEER) and "gluten" in holds(JORA)
    assert holds(BARDA) == {"sulphites"} and drink_allergens(BARDA, kb).vegan is True
    assert drink_allergens(TACAMA, kb).vegan is None
    # What the list says wins over every rule.
    said = WineInput(wine_id="s", name="Vino de la casa", allergens=["sulfitos"], vegan=True)
    assert holds(said) == {"sulphites"}


def test_drinks__an_egg_allergic_guest_is_never_poured_egg(
    kb: KnowledgeBase, planned: tuple[PlanRequest, Plan]
) -> None:
    _, plan = planned
    flight = flight_of(kb, planned, [TACAMA, SOUR, CHILCANO, BARDA])
    poured = [c.wine.wine_id for c in flight.courses if c.wine]
    assert set(poured) & WITH_EGG, "the table should be poured an egg-fined wine or a sour"
    mine = poured_to(flight, plan, "huevo")
    assert len(mine) == 3
    for course, drink in mine.items():
        assert drink is not None, course
        assert drink.wine_id not in WITH_EGG and "eggs" not in drink.allergens, course
    # The swap says why, and the pours moved with the guest.
    swaps = [s for s in flight.swaps if "huevo" in s.guest_ids]
    assert swaps and all("sin huevo" in s.conflict for s in swaps)


def test_drinks__a_celiac_guest_gets_no_beer_or_chicha_de_jora(
    kb: KnowledgeBase, planned: tuple[PlanRequest, Plan]
) -> None:
    _, plan = planned
    flight = flight_of(kb, planned, [BEER, JORA, CHILCANO])
    assert {c.wine.wine_id for c in flight.courses if c.wine} & WITH_GLUTEN
    for course, drink in poured_to(flight, plan, "celiaca").items():
        assert drink is not None and drink.wine_id not in WITH_GLUTEN, course
        assert "gluten" not in drink.allergens
    # Only beer and chicha on the list: the celiac guest gets a drink without gluten or
    # alcohol, and a person is told.
    only = flight_of(kb, planned, [BEER, JORA])
    for course, drink in poured_to(only, plan, "celiaca").items():
        assert drink is not None and not drink.alcoholic, course
        assert "gluten" not in drink.allergens and drink.wine_id not in {
            "na:agua_de_cebada",
            "na:emoliente",
        }
    assert any("sin gluten" in w for w in only.warnings)


def test_drinks__a_vegan_gets_only_vegan_wines_marked_so(
    kb: KnowledgeBase, planned: tuple[PlanRequest, Plan]
) -> None:
    _, plan = planned
    flight = flight_of(kb, planned, [TACAMA, SOUR, BARDA])
    for course, drink in poured_to(flight, plan, "vegana").items():
        assert drink is not None and drink.wine_id in VEGAN and drink.vegan is True, course
    assert any(c.wine and c.wine.vegan is None for c in flight.courses)  # marked: unknown
    # No vegan wine on the list: none for her, the best vegan drink without alcohol instead,
    # and a warning that a person reads.
    none = flight_of(kb, planned, [TACAMA, SOUR])
    for course, drink in poured_to(none, plan, "vegana").items():
        assert drink is not None and not drink.alcoholic and drink.vegan is True, course
    assert any("solo bebidas veganas" in w for w in none.warnings)


def test_drinks__the_non_alcoholic_catalogue_is_filtered_for_vegans() -> None:
    names = {p.wine_id for p in drink_profiles("es", {NOT_VEGAN})}
    assert "na:jugo_de_lucuma" not in names  # milk
    assert "na:maracuya_sour_sin_alcohol" not in names  # egg white
    assert "na:chicha_morada" in names
