"""Phase 2 of the event planner: the wine flight, the non-alcoholic pairing and the concept."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from sazon.events import (
    GuestNeeds,
    MenuDish,
    Plan,
    PlanRequest,
    build_flight,
    concept_facts,
    enrich_request_plan,
    event_format,
    non_drinkers,
    plan_menu,
    pours_per_bottle,
    restriction_counts,
    wine_mode_for,
    write_concept,
)
from sazon.events.pairing_io import dish_input
from sazon.events.preferences import TokenOverlapMatcher
from sazon.generate import TemplateGenerator, check_grounding
from sazon.knowledge import KnowledgeBase
from sazon.pairing import WineInput, suggest
from tests.kb_menus import kb_menu

MENU_IDS = (
    "ceviche_clasico", "causa_de_langostinos", "papa_a_la_huancaina", "lomo_saltado",
    "arroz_con_pollo", "aji_de_gallina", "quinotto", "suspiro_a_la_limena", "mazamorra_morada",
    "picarones",
)  # fmt: skip
GUESTS = [
    ("g1", "Ana Quispe", "alergia a los mariscos"),
    ("g2", "Luis Pérez", "vegetariano"),
    ("g3", "Rosa Mamani", "embarazada"),
    ("g4", "Jorge Salas", "sin alcohol"),
    ("g5", "Carla Rojas", None),
    ("g6", "Tomás Vega", "halal"),
    ("g7", "Milagros Huamán", None),
    ("g8", "Renzo Aguirre", "celíaco"),
]
WINES = [
    WineInput(wine_id="sb", name="Intipalka Sauvignon Blanc", producer="Santiago Queirolo",
              country="Peru", region="Ica", grapes=["Sauvignon Blanc"], color="white",
              price_pen=75),
    WineInput(wine_id="alb", name="Pazo de Señorans Albariño", grapes=["Albariño"],
              region="Rías Baixas", color="white", price_pen=290),
    WineInput(wine_id="mal", name="Zuccardi Q Malbec", grapes=["Malbec"], region="Mendoza",
              color="red", price_pen=210),
    WineInput(wine_id="car", name="Carménère Reserva", grapes=["Carménère"], region="Colchagua",
              color="red", price_pen=95),
    WineInput(wine_id="brut", name="Valdivieso Brut", grapes=["Chardonnay", "Pinot Noir"],
              style="sparkling", color="white", price_pen=110),
    WineInput(wine_id="mos", name="Moscatel Dulce de Moquegua", grapes=["Moscatel"],
              region="Moquegua", color="white", sweetness=4, price_pen=70),
    WineInput(wine_id="borg", name="Santiago Queirolo Borgoña", grapes=["Isabella"],
              color="red", sweetness=3, price_pen=45),
    WineInput(wine_id="pisco", name="Pisco Quebranta", grapes=["Quebranta"], style="pisco",
              price_pen=120),
]  # fmt: skip


def menu(kb: KnowledgeBase) -> list[MenuDish]:
    return kb_menu(kb, MENU_IDS)


def request(kb: KnowledgeBase, lang: str = "es") -> PlanRequest:
    guests = [
        GuestNeeds(guest_id=gid, name=name, allergies_text=text) for gid, name, text in GUESTS
    ]
    # The table's main is fixed so that some guests need another plate (and maybe another wine).
    return PlanRequest.model_validate(
        {"guests": guests, "menu": menu(kb), "courses": ["entrada", "fondo", "postre"],
         "max_dishes_per_course": 3, "lang": lang,
         "locks": [{"course": "fondo", "dish_id": "lomo_saltado"}]}
    )  # fmt: skip


@pytest.fixture(scope="module")
def planned(kb: KnowledgeBase) -> tuple[PlanRequest, Plan]:
    req = request(kb)
    return req, plan_menu(req, kb, TokenOverlapMatcher())


def test_flight__guests_who_do_not_drink_get_the_non_alcoholic_pairing(
    kb: KnowledgeBase, planned: tuple[PlanRequest, Plan]
) -> None:
    req, plan = planned
    flight = build_flight(
        plan, req.guests, req.menu, WINES, mode="flight", mode_reason="", source="file", kb=kb
    )
    assert flight is not None
    # Pregnancy, "sin alcohol" and halal all rule out alcohol; a celiac guest still drinks.
    assert {n.guest_id for n in flight.non_alcoholic_guests} == {"g3", "g4", "g6"}
    reasons = {n.guest_id: n.reason for n in flight.non_alcoholic_guests}
    assert reasons == {"g3": "embarazo", "g4": "sin alcohol", "g6": "halal"}
    assert flight.drinking_guests == len(GUESTS) - 3
    for c in flight.courses:
        assert c.non_alcoholic is not None and not c.non_alcoholic.alcoholic
        assert c.non_alcoholic.why
        assert c.wine is not None and c.wine.alcoholic and c.wine.why
        # Every drinking guest served the table's dish gets a pour of its wine.
        at_table = {
            a.guest_id
            for a in plan.assignments
            if a.course == c.course and a.dish_id == plan.table_menu[c.course]
        }
        # A drinking guest whose glass holds what they cannot have is poured another one.
        swapped = {g for s in flight.swaps if s.course == c.course for g in s.guest_ids}
        fits = sum(
            len(set(p.guest_ids) - {"g3", "g4", "g6"} - swapped)
            for p in flight.plates
            if p.course == c.course and p.table_wine_fits
        )
        assert c.pours == len(at_table - {"g3", "g4", "g6"} - swapped) + fits
        assert c.bottles == -(-c.pours // pours_per_bottle("flight"))


def test_flight__wines_come_only_from_the_list_given(
    kb: KnowledgeBase, planned: tuple[PlanRequest, Plan]
) -> None:
    req, plan = planned
    listed = WINES[1:6]
    flight = build_flight(
        plan, req.guests, req.menu, listed, mode="per_course", mode_reason="", source="file",
        kb=kb,
    )  # fmt: skip
    assert flight is not None and flight.wines_considered == 5
    ids = {w.wine_id for w in listed}
    poured = [c.wine for c in flight.courses] + [p.wine for p in flight.plates]
    assert poured and all(w is None or w.wine_id in ids for w in poured)
    assert all(c.wine is not None for c in flight.courses)


def test_flight__a_substituted_plate_keeps_the_wine_only_when_it_still_fits(
    kb: KnowledgeBase, planned: tuple[PlanRequest, Plan]
) -> None:
    req, plan = planned
    flight = build_flight(
        plan, req.guests, req.menu, WINES, mode="flight", mode_reason="", source="file", kb=kb
    )
    assert flight is not None
    subs = {(a.course, a.dish_id) for a in plan.assignments if a.substitution}
    assert subs, "the test menu should make the planner substitute some plates"
    assert {(p.course, p.dish_id) for p in flight.plates} == subs
    dishes = {d.dish_id: d for d in req.menu}
    course_wine = {c.course: c.wine.wine_id for c in flight.courses if c.wine}
    for p in flight.plates:
        drinkers = set(p.guest_ids) - {"g3", "g4", "g6"}
        if not drinkers:
            assert p.table_wine_fits is None and p.wine is None
            continue
        [ranked] = suggest([dish_input(dishes[p.dish_id])], WINES, top=3, kb=kb)
        top3 = [s.wine_id for s in ranked.suggestions]
        assert p.wine is not None and p.note
        if p.table_wine_fits:
            assert p.wine.wine_id == course_wine[p.course] and p.wine.wine_id in top3
        else:
            assert course_wine[p.course] not in top3 and p.wine.wine_id in top3
            swapped = {g for s in flight.swaps if s.course == p.course for g in s.guest_ids}
            assert p.pours == len(drinkers - swapped)


def test_flight__stays_within_the_drinks_budget_per_guest(
    kb: KnowledgeBase, planned: tuple[PlanRequest, Plan]
) -> None:
    req, plan = planned
    free = build_flight(
        plan, req.guests, req.menu, WINES, mode="flight", mode_reason="", source="file", kb=kb
    )
    assert free is not None
    budget = Decimal("25")
    assert free.cost_per_guest_pen > budget  # so the budget has something to change
    tight = build_flight(
        plan, req.guests, req.menu, WINES, mode="flight", mode_reason="", source="file", kb=kb,
        drinks_budget_per_guest=budget,
    )  # fmt: skip
    assert tight is not None and tight.drinks_budget_per_guest_pen == budget
    assert tight.cost_per_guest_pen <= budget
    per_bottle = pours_per_bottle("flight")
    share = sum(c.wine.price_pen / per_bottle for c in tight.courses if c.wine and c.wine.price_pen)
    assert tight.cost_per_guest_pen == share.quantize(Decimal("0.01"))
    assert any("S/ 25.00" in w for w in tight.warnings)
    # A budget nothing fits: the best flight without it, and the flight says so.
    broke = build_flight(
        plan, req.guests, req.menu, WINES, mode="flight", mode_reason="", source="file", kb=kb,
        drinks_budget_per_guest=Decimal("5"),
    )  # fmt: skip
    assert broke is not None and broke.cost_per_guest_pen > 5
    assert any("presupuesto" in w and "sin él" in w for w in broke.warnings)


def test_flight__without_a_wine_list_only_the_non_alcoholic_pairing(
    kb: KnowledgeBase, planned: tuple[PlanRequest, Plan]
) -> None:
    req, plan = planned
    flight = build_flight(
        plan, req.guests, req.menu, [], mode="per_course", mode_reason="", source="venue", kb=kb
    )
    assert flight is not None and flight.source == "none"
    assert all(c.wine is None and c.non_alcoholic is not None for c in flight.courses)
    assert any("sin alcohol" in w for w in flight.warnings)


def test_flight__the_same_wines_in_spanish_and_in_english(kb: KnowledgeBase) -> None:
    def picks(lang: str) -> tuple[list[tuple[str, str]], list[tuple[str, bool | None]], str]:
        req = request(kb, lang)
        plan = plan_menu(req, kb, TokenOverlapMatcher())
        flight = build_flight(
            plan, req.guests, req.menu, WINES, mode="flight", mode_reason="", source="file",
            kb=kb,
        )  # fmt: skip
        assert flight is not None
        courses = [
            (c.wine.wine_id if c.wine else "", c.non_alcoholic.wine_id if c.non_alcoholic else "")
            for c in flight.courses
        ]
        first = flight.courses[0].wine
        return (
            courses,
            [(p.dish_id, p.table_wine_fits) for p in flight.plates],
            (first.why if first else ""),
        )

    es, en = picks("es"), picks("en")
    assert es[0] == en[0] and es[1] == en[1]
    assert es[2] and en[2] and es[2] != en[2]  # the reasons are in each language


@pytest.mark.parametrize(
    ("event_type", "mode"),
    [("cata", "flight"), ("Maridaje", "flight"), ("degustación", "flight"),
     ("pairing_dinner", "flight"), ("cena", "per_course"), ("cóctel", "per_course"),
     (None, "per_course")],
)  # fmt: skip
def test_flight__tastings_and_pairing_dinners_get_a_flight(
    event_type: str | None, mode: str
) -> None:
    assert wine_mode_for(event_type)[0] == mode
    assert wine_mode_for(event_type, "per_course")[0] == "per_course"


def test_non_drinkers__read_from_text_and_structured_lists(kb: KnowledgeBase) -> None:
    guests = [
        GuestNeeds(guest_id="a", diets=["no_alcohol"]),
        GuestNeeds(guest_id="b", diet_text="abstemio"),
        GuestNeeds(guest_id="c", allergies_text="pregnant", language="en"),
        GuestNeeds(guest_id="d", allergies_text="vegana"),
        GuestNeeds(guest_id="e"),
    ]
    assert [n.guest_id for n in non_drinkers(guests, kb, "en")] == ["a", "b", "c"]


# -- the concept ------------------------------------------------------------------------------


def test_non_drinkers__a_sulphite_allergy_keeps_a_guest_from_wine(kb: KnowledgeBase) -> None:
    guests = [GuestNeeds(guest_id="s", allergies_text="alergia a los sulfitos"),
              GuestNeeds(guest_id="d", allergies_text="celíaca")]  # fmt: skip
    assert [n.guest_id for n in non_drinkers(guests, kb)] == ["s"]


def test_flight__drinks_without_alcohol_respect_the_guests_allergies(kb: KnowledgeBase) -> None:
    # Agua de cebada and emoliente have barley, the lúcuma shake milk, kombucha a trace of
    # alcohol: none may reach a coeliac, dairy-allergic guest who does not drink, whatever
    # the dish. Every reference dish safe for them is tried.
    sober = GuestNeeds(guest_id="g", allergies_text="sin alcohol; celíaca; alergia a la leche")
    shunned = {"na:agua_de_cebada", "na:emoliente", "na:jugo_de_lucuma", "na:kombucha_de_kion"}
    poured: set[str] = set()
    for d in kb.dishes.values():
        dish = MenuDish(dish_id=d.id, name_es=d.name_es, course=d.course, price_pen=Decimal(30),
                        ingredients=list(d.ingredients), cooking=list(d.cooking))  # fmt: skip
        plan = plan_menu(PlanRequest(guests=[sober], menu=[dish], courses=[d.course]), kb)
        if not plan.assignments:
            continue
        flight = build_flight(plan, [sober], [dish], [], mode="per_course", mode_reason="",
                              source="none", kb=kb)  # fmt: skip
        assert flight is not None
        poured |= {c.non_alcoholic.wine_id for c in flight.courses if c.non_alcoholic}
    assert poured and not poured & shunned
    # Without the restrictions those drinks do come up: the check above can fail.
    plain = suggest([dish_input(dish) for dish in menu(kb)], [], top=20, non_alcoholic=True, kb=kb)
    assert shunned & {s.wine_id for p in plain for s in p.suggestions}


def test_flight__without_wines_everyones_allergies_shape_the_drinks(kb: KnowledgeBase) -> None:
    # No wine list: the drinks without alcohol are what every guest drinks, so a coeliac
    # who does drink must not get the agua de cebada either.
    guests = [GuestNeeds(guest_id="c", allergies_text="celíaca"), GuestNeeds(guest_id="p")]
    barley = {"na:agua_de_cebada", "na:emoliente"}
    poured: set[str] = set()
    for d in kb.dishes.values():
        dish = MenuDish(dish_id=d.id, name_es=d.name_es, course=d.course, price_pen=Decimal(30),
                        ingredients=list(d.ingredients), cooking=list(d.cooking))  # fmt: skip
        plan = plan_menu(PlanRequest(guests=guests, menu=[dish], courses=[d.course]), kb)
        if len(plan.assignments) < 2:
            continue
        flight = build_flight(plan, guests, [dish], [], mode="per_course", mode_reason="",
                              source="none", kb=kb)  # fmt: skip
        assert flight is not None
        poured |= {c.non_alcoholic.wine_id for c in flight.courses if c.non_alcoholic}
    assert poured and not poured & barley


def _names_in(text: str) -> list[str]:
    words = {w for _, name, _ in GUESTS for w in name.split()}
    return [w for w in words if re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE)]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_concept__grounded_in_the_table_dishes_and_never_names_a_guest(
    kb: KnowledgeBase, lang: str
) -> None:
    req = request(kb, lang)
    plan = plan_menu(req, kb, TokenOverlapMatcher())
    plan.wine_flight = build_flight(
        plan, req.guests, req.menu, WINES, mode="flight", mode_reason="", source="file", kb=kb
    )
    made = concept_facts(
        plan, req.guests, req.menu, kb=kb, event_type="cata", venue="Qaray Mar",
        price_per_guest=Decimal("180"), flight=plan.wine_flight,
    )  # fmt: skip
    assert made is not None
    facts, courses = made
    assert courses == plan.courses
    concept = write_concept(facts, courses, TemplateGenerator(), lang=lang, seed=5, kb=kb)  # type: ignore[arg-type]
    assert concept.grounded and concept.violations == []
    assert check_grounding(concept.text, facts, kb=kb).ok
    assert concept.title and concept.story and concept.lang == lang
    assert _names_in(concept.text) == []
    # Every table dish is on the concept's menu, one line per course, in order.
    names = {d.dish_id: d.name(lang) for d in req.menu}
    assert list(concept.menu) == plan.courses
    for course in plan.courses:
        assert names[plan.table_menu[course] or ""].lower() in concept.menu[course].lower()
    # The flight's wines are the concept's wines.
    assert [w.name for w in facts.wines] == [
        c.wine.name
        for c in plan.wine_flight.courses
        if c.wine  # type: ignore[union-attr]
    ]
    # Deterministic for a seed.
    again = write_concept(facts, courses, TemplateGenerator(), lang=lang, seed=5, kb=kb)  # type: ignore[arg-type]
    assert again.text == concept.text


def test_concept__counts_restrictions_but_never_pregnancy(kb: KnowledgeBase) -> None:
    req = request(kb)
    counts = restriction_counts(req.guests, kb)
    assert "pregnancy" not in counts
    assert sum(counts.values()) <= len(req.guests) * 2
    plan = plan_menu(req, kb, TokenOverlapMatcher())
    made = concept_facts(plan, req.guests, req.menu, kb=kb, event_type="cena")
    assert made is not None
    facts, _ = made
    assert facts.guests.total == len(GUESTS)
    assert facts.restrictions_handled == (not plan.unserved)
    text = write_concept(facts, _, TemplateGenerator(), lang="es", seed=1, kb=kb).text
    assert "embaraz" not in text.lower()


def test_concept__event_types_map_to_the_generation_formats() -> None:
    assert event_format("cata") == "tasting"
    assert event_format("maridaje") == "pairing_dinner"
    assert event_format("cóctel") == "cocktail"
    assert event_format("almuerzo") == "lunch"
    assert event_format("cena") == event_format(None) == "dinner"


def test_files__flight_and_concept_only_when_asked(
    kb: KnowledgeBase, planned: tuple[PlanRequest, Plan]
) -> None:
    req, plan = planned
    bare = plan.model_copy(deep=True)
    enrich_request_plan(bare, req, kb)
    assert bare.wine_flight is None and bare.concept is None
    full = plan.model_copy(deep=True)
    enrich_request_plan(full, req, kb, wines=WINES, concept=True, event_type="maridaje")
    assert full.wine_flight is not None and full.wine_flight.mode == "flight"
    assert full.wine_flight.source == "file"
    assert full.concept is not None and full.concept.grounded
    again = plan.model_copy(deep=True)
    enrich_request_plan(again, req, kb, wines=WINES, concept=True, event_type="maridaje")
    assert again.concept is not None and again.concept.text == full.concept.text


def test_concept__odd_menu_data_is_left_out_not_fatal(kb: KnowledgeBase) -> None:
    long_name = "Ceviche de la casa " + "con su leche de tigre " * 6
    odd = MenuDish(
        dish_id="x", name_es=long_name.strip(), course="entrada", cuisine="fusión",
        cooking=["sous vide", "raw"], ingredients=["corvina", "limón"], price_pen=Decimal("40"),
    )  # fmt: skip
    req = PlanRequest(
        guests=[GuestNeeds(guest_id="g", name="Ana")], menu=[odd], courses=["entrada"]
    )
    plan = plan_menu(req, kb, TokenOverlapMatcher())
    made = concept_facts(plan, req.guests, req.menu, kb=kb)
    assert made is not None
    facts, _ = made
    [dish] = facts.dishes
    assert len(dish.name) <= 120 and dish.cuisine is None and dish.cooking == ["raw"]
    assert dish.allergens == ["fish"]
