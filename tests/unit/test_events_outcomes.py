"""Honest planner outcomes: every shortfall is reported with its real cause, a timeout is a
timeout (or the best plan with its gap), and a guest left without a plate gets a way out.

Safety of the suggested dishes is checked here against the knowledge base's ingredient data
directly, never through the planner's own safety module.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from sazon.events import GuestNeeds, MenuDish, Plan, PlanRequest, plan_menu
from sazon.events.preferences import TokenOverlapMatcher
from sazon.knowledge import KnowledgeBase, load_knowledge

SHELLFISH = {"crustaceans", "molluscs"}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


def dish(kb: KnowledgeBase, kb_id: str, dish_id: str | None = None, **changes: object) -> MenuDish:
    d = kb.dishes[kb_id]
    values: dict[str, object] = {
        "dish_id": dish_id or kb_id, "name_es": d.name_es, "name_en": d.name_en,
        "course": d.course, "cuisine": d.cuisine, "price_pen": Decimal(str(d.price_pen)),
        "ingredients": list(d.ingredients), "cooking": list(d.cooking),
    }  # fmt: skip
    values.update(changes)
    return MenuDish.model_validate(values)


def no_lock_blame(plan: Plan) -> bool:
    texts = [u.reason for u in plan.unserved] + [c.text for c in plan.causes]
    return (
        plan.status != "infeasible"
        and all("fijad" not in t and "fixed by hand" not in t for t in texts)
        and all(u.cause != "locks" for u in plan.unserved)
        and all(c.code != "locks" for c in plan.causes)
    )


def allergens_of(kb: KnowledgeBase, ingredients: list[str] | tuple[str, ...]) -> set[str] | None:
    """The allergens of a list of ingredient words; None if any word is unknown."""
    found: set[str] = set()
    for word in ingredients:
        match = kb.find_ingredient(word)
        if match is None:
            return None
        found |= set(kb.ingredients[match.id].allergens)
    return found


# -- real causes, never the locks ---------------------------------------------------------


@pytest.mark.parametrize(
    ("second_fondo", "cause"),
    [({"price_pen": None}, "unpriced"), ({"price_pen": Decimal("120")}, "budget")],
)
def test_plan__a_repeated_course_under_a_budget_gives_the_price_cause_not_the_locks(
    kb: KnowledgeBase, second_fondo: dict[str, object], cause: str
) -> None:
    menu = [
        dish(kb, "solterito", price_pen=Decimal("20")),
        dish(kb, "lomo_saltado", price_pen=Decimal("40")),
        dish(kb, "aji_de_gallina", **second_fondo),
    ]
    req = PlanRequest(
        guests=[GuestNeeds(guest_id="a"), GuestNeeds(guest_id="b")], menu=menu,
        courses=["entrada", "fondo", "fondo"], budget_per_guest=Decimal("100"),
    )  # fmt: skip
    plan = plan_menu(req, kb, TokenOverlapMatcher())
    assert plan.status == "optimal" and no_lock_blame(plan)
    # The first fondo and the entrada are served; the second fondo has nothing left.
    assert plan.table_menu == {"entrada": "solterito", "fondo": "lomo_saltado", "fondo_2": None}
    assert {(u.guest_id, u.course, u.cause) for u in plan.unserved} == {
        ("a", "fondo_2", cause), ("b", "fondo_2", cause)
    }  # fmt: skip
    reason = plan.unserved[0].reason
    if cause == "unpriced":
        assert "Ají de gallina no tiene precio" in reason and "Lomo saltado" in reason
    else:
        assert "presupuesto" in reason and "S/ 100.00" in reason
    [gap] = [c for c in plan.causes if c.course == "fondo_2"]
    assert gap.code == cause and "la mesa no tiene plato de fondo en fondo_2" in gap.text
    en = plan_menu(req.model_copy(update={"lang": "en"}), kb, TokenOverlapMatcher())
    assert no_lock_blame(en) and "the table has no main course in fondo_2" in en.causes[0].text


def test_plan__a_budget_no_menu_meets_is_reported_with_the_cheapest_menu(
    kb: KnowledgeBase,
) -> None:
    menu = [
        dish(kb, "solterito", price_pen=Decimal("20")),
        dish(kb, "lomo_saltado", price_pen=Decimal("40")),
    ]
    req = PlanRequest(
        guests=[GuestNeeds(guest_id="a")], menu=menu, courses=["entrada", "fondo"],
        budget_per_guest=Decimal("30"),
    )  # fmt: skip
    plan = plan_menu(req, kb, TokenOverlapMatcher())
    assert no_lock_blame(plan)
    [cause] = [c for c in plan.causes if c.code == "budget" and c.course is None]
    assert "S/ 30.00" in cause.text and "S/ 60.00" in cause.text
    assert [u.cause for u in plan.unserved] == ["budget"]


def test_plan__a_course_without_any_dish_is_its_own_cause(kb: KnowledgeBase) -> None:
    req = PlanRequest(
        guests=[GuestNeeds(guest_id="a")], menu=[dish(kb, "solterito")],
        courses=["entrada", "postre"],
    )  # fmt: skip
    plan = plan_menu(req, kb, TokenOverlapMatcher())
    assert plan.status == "optimal" and no_lock_blame(plan)
    assert [(u.course, u.cause) for u in plan.unserved] == [("postre", "no_dishes")]
    assert [(c.code, c.course) for c in plan.causes] == [("no_dishes", "postre")]


def test_plan__locks_are_blamed_only_when_they_are_the_cause_and_by_name(
    kb: KnowledgeBase,
) -> None:
    menu = [dish(kb, "solterito"), dish(kb, "causa_limena"), dish(kb, "lomo_saltado")]
    locks = [
        {"course": "entrada", "dish_id": "solterito"},
        {"course": "entrada", "dish_id": "causa_limena", "guest_id": "a"},
        {"course": "fondo", "dish_id": "lomo_saltado", "guest_id": "a"},  # holds: not named
    ]
    req = PlanRequest.model_validate({
        "guests": [{"guest_id": "a"}, {"guest_id": "b"}], "menu": [d.model_dump() for d in menu],
        "courses": ["entrada", "fondo"], "max_dishes_per_course": 1, "locks": locks,
    })  # fmt: skip
    plan = plan_menu(req, kb, TokenOverlapMatcher())
    assert plan.status == "infeasible"
    [cause] = plan.causes
    assert cause.code == "locks"
    assert "mesa, plato de entrada: Solterito" in cause.text
    assert "invitado a, plato de entrada: Causa limeña" in cause.text
    assert "Lomo saltado" not in cause.text


# -- timeouts -------------------------------------------------------------------------------


def big_request(kb: KnowledgeBase, guests: int, dishes: int, limit: float) -> PlanRequest:
    """Many guests with a Lima-like mix of restrictions, many dish variants, five courses."""
    rng = random.Random(11)
    courses = ["entrada", "sopa", "fondo", "piqueo", "postre"]
    base = [d for d in kb.dishes.values() if d.course in courses]
    menu = []
    for i in range(dishes):
        d = base[i % len(base)]
        menu.append(
            dish(kb, d.id, dish_id=f"{d.id}-{i}", name_es=f"{d.name_es} {i}",
                 price_pen=Decimal(str(round(d.price_pen * rng.uniform(0.8, 1.3), 1))))
        )  # fmt: skip
    texts = ["", "", "", "", "mariscos", "vegetariano", "celíaco", "alergia al maní", "vegano",
             "sin alcohol", "intolerante a la lactosa", "embarazada", "halal"]  # fmt: skip
    cuisines = ["criolla", "nikkei", "marina", "andina", "amazonica"]
    people = [
        GuestNeeds(
            guest_id=f"g{i}", allergies_text=rng.choice(texts) or None,
            favourite_cuisines=rng.sample(cuisines, rng.randint(0, 2)),
            consent_personalisation=True,
        )
        for i in range(guests)
    ]  # fmt: skip
    return PlanRequest(
        guests=people, menu=menu, courses=courses, budget_per_guest=Decimal("200"),
        max_dishes_per_course=4, time_limit_s=limit,
    )  # fmt: skip


@pytest.mark.parametrize("limit", [0.001, 0.05, 0.4])
def test_plan__a_tiny_time_limit_is_a_timeout_or_the_best_plan_with_its_gap(
    kb: KnowledgeBase, limit: float
) -> None:
    req = big_request(kb, guests=200, dishes=300, limit=limit)
    plan = plan_menu(req, kb, TokenOverlapMatcher())
    assert plan.status in ("timeout", "feasible", "optimal") and no_lock_blame(plan)
    assert len(plan.assignments) + len(plan.unserved) == 200 * 5
    if plan.status == "timeout":
        assert not plan.assignments and plan.gap is None
        assert {u.cause for u in plan.unserved} == {"timeout"}
        assert [c.code for c in plan.causes] == ["timeout"]
        assert "tiempo" in plan.causes[0].text
        assert plan.stages[0].status == "timeout"
    elif plan.status == "feasible":
        short = next(s for s in plan.stages if s.status != "optimal")
        assert short.status in ("feasible", "timeout")
        # A later stage that ran out of time before its first solution has no value, so no
        # gap (a loaded machine gets there even at 0.05 s): the plan then says it was not
        # improved; the tie-break stage reports no gap either way.
        assert plan.gap is not None or short.status == "timeout" or short.stage == "tie_break"
        if plan.gap is None and short.status == "timeout":
            timeout = next(c for c in plan.causes if c.code == "timeout")
            assert "antes de mejorar" in timeout.text
        if plan.gap is not None:
            assert plan.gap == short.gap and plan.gap >= 0
            assert short.objective is not None and short.bound is not None
        assert [c.code for c in plan.causes if c.code == "timeout"] == ["timeout"]
        assert all(s.status == "skipped" for s in plan.stages[plan.stages.index(short) + 1 :])


# -- a way out for a guest without a plate --------------------------------------------------


def test_way_out__catalogue_dishes_that_are_safe_in_that_course_and_within_budget(
    kb: KnowledgeBase,
) -> None:
    # Every entrada on the menu has shellfish: the allergic guest has none.
    menu = [
        dish(kb, "causa_de_langostinos"), dish(kb, "choritos_a_la_chalaca"),
        dish(kb, "lomo_saltado"),
    ]  # fmt: skip
    allergic = GuestNeeds(guest_id="a", allergies_text="alergia a los mariscos y al maní")
    req = PlanRequest(
        guests=[allergic, GuestNeeds(guest_id="b")], menu=menu, courses=["entrada", "fondo"],
        budget_per_guest=Decimal("80"),
    )  # fmt: skip
    plan = plan_menu(req, kb, TokenOverlapMatcher())
    [gap] = plan.unserved
    assert (gap.guest_id, gap.course, gap.cause) == ("a", "entrada", "unsafe")
    assert gap.way_out is not None and 1 <= len(gap.way_out.dishes) <= 3
    assert gap.way_out.text.startswith("agregar a la carta: ")
    fondo = next(a for a in plan.assignments if a.guest_id == "a" and a.course == "fondo")
    room = Decimal("80") - next(d.price_pen for d in menu if d.dish_id == fondo.dish_id)  # type: ignore[operator]
    for suggestion in gap.way_out.dishes:
        info = kb.dishes[suggestion.dish_id]
        assert suggestion.source == "knowledge" and info.course == "entrada"
        assert suggestion.dish_id not in {d.dish_id for d in menu}
        found = allergens_of(kb, info.ingredients)
        assert found is not None, f"{info.id} has an ingredient we do not know"
        assert not found & (SHELLFISH | {"peanuts"}), (info.id, found)
        assert suggestion.price_pen is not None and suggestion.price_pen <= room
        assert suggestion.dish_name in gap.way_out.text
    # The venue's own dish, not on the menu today, comes first when it fits as well.
    own = dish(kb, "solterito", dish_id="venue-17", name_es="Solterito de la casa")
    first = plan_menu(req, kb, TokenOverlapMatcher(), catalogue=[own])
    way = first.unserved[0].way_out
    assert way is not None and way.dishes[0].dish_id == "venue-17"
    assert way.dishes[0].source == "venue"


def test_way_out__an_off_menu_plate_when_no_catalogue_dish_fits(kb: KnowledgeBase) -> None:
    # A knowledge base whose dishes all carry shellfish: nothing to add for the allergic guest.
    shellfish_only = [
        d for d in kb.dishes.values() if (allergens_of(kb, d.ingredients) or set()) & SHELLFISH
    ]
    small = KnowledgeBase(list(kb.ingredients.values()), shellfish_only, list(kb.wines.values()))
    menu = [dish(kb, "causa_de_langostinos"), dish(kb, "choritos_a_la_chalaca")]
    req = PlanRequest(
        guests=[GuestNeeds(guest_id="a", allergies_text="mariscos; vegetariana"),
                GuestNeeds(guest_id="b")],
        menu=menu, courses=["entrada"], budget_per_guest=Decimal("60"),
    )  # fmt: skip
    plan = plan_menu(req, small, TokenOverlapMatcher())
    [gap] = plan.unserved
    assert gap.way_out is not None and gap.way_out.dishes == []
    assert gap.way_out.off_menu == gap.way_out.text
    assert gap.way_out.text == (
        "plato fuera de carta (plato de entrada): preparar vegetariano y sin mariscos, por "
        "S/ 60.00 como máximo"
    )
    en = plan_menu(req.model_copy(update={"lang": "en"}), small, TokenOverlapMatcher())
    assert en.unserved[0].way_out is not None
    assert en.unserved[0].way_out.text.startswith("off-menu plate (starter): make it ")
