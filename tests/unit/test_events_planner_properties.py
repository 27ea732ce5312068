"""Property tests of the planner: for random guests, restrictions and menus, no plate ever
carries an allergen or breaks its guest's diet, budgets and kitchen limits hold, and every
guest-course is either served or explained.

The safety oracle here is written independently of ``sazon.events.safety``: it reads the
knowledge base and the restriction parser directly, so a bug in the planner's own safety
code cannot hide itself.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sazon.events import GuestNeeds, Lock, MenuDish, Plan, PlanRequest, plan_menu
from sazon.events.preferences import TokenOverlapMatcher
from sazon.knowledge import DIET_EXCLUSIONS, load_knowledge, parse_restrictions
from sazon.knowledge.vocab import ALLERGEN_OF_DIET

KB = load_knowledge()
COURSES = ("entrada", "fondo", "postre", "sopa")
DISHES = [d for d in KB.dishes.values() if d.course in COURSES]
TEXTS = (
    "", "", "", "mariscos", "alergia a los mariscos", "alergia al maní", "celíaca", "vegano",
    "vegetariana", "sin alcohol", "embarazada", "intolerante a la lactosa", "pescetariano",
    "shellfish allergy", "gluten free", "halal", "kosher", "frutos secos", "huevo", "seafood",
    "no pork", "pregnant", "no le gusta el culantro", "poca sal por favor", "sin cerdo",
)  # fmt: skip
SEAFOOD = {"fish", "crustacean", "mollusc"}


def _oracle_violations(guest: GuestNeeds, dish: MenuDish) -> list[str]:
    """Why ``dish`` must not reach ``guest``, computed from scratch."""
    p = parse_restrictions(guest.allergies_text, guest.diet_text)
    # "mariscos" means shellfish here; the label's generic meaning may add fish. The oracle
    # only demands what the guest's own words demand: the parser's excludes.
    excluded = set(p.excludes) | {
        c
        for label in p.labels
        if label not in {"no_seafood"}
        for c in DIET_EXCLUSIONS.get(label, ())
    }
    allergens = set(p.allergens) | {ALLERGEN_OF_DIET[c] for c in excluded if c in ALLERGEN_OF_DIET}
    restricted = bool(p.allergens or p.excludes or p.labels or p.unknown)
    out = []
    diet: set[str] = set()
    for word in dish.ingredients:
        m = KB.find_ingredient(word)
        if m is None:
            if restricted:
                out.append(f"unknown ingredient {word}")
            continue
        info = KB.ingredients[m.id]
        diet |= set(info.diet)
        if set(info.allergens) & allergens:
            out.append(f"allergen {set(info.allergens) & allergens} in {word}")
        if set(info.diet) & excluded:
            out.append(f"diet {set(info.diet) & excluded} in {word}")
    if restricted and not dish.ingredients:
        out.append("no ingredient list")
    if "pregnancy" in p.labels:
        raw = {"raw", "cured"} & set(dish.cooking) or not dish.cooking
        if raw and diet & SEAFOOD:
            out.append("raw or cured seafood in pregnancy")
        if "alcohol" in diet:
            out.append("alcohol in pregnancy")
    return out


@st.composite
def requests(draw: st.DrawFn) -> PlanRequest:
    courses = draw(st.lists(st.sampled_from(COURSES[:3]), min_size=1, max_size=3, unique=True))
    picked = draw(
        st.lists(st.sampled_from(DISHES), min_size=2, max_size=14, unique_by=lambda d: d.id)
    )
    menu = []
    for i, d in enumerate(picked):
        ingredients = list(d.ingredients)
        if draw(st.integers(0, 9)) == 0:
            ingredients.append("salsa secreta de la casa")  # unknown to the knowledge base
        if draw(st.integers(0, 14)) == 0:
            ingredients = []
        cooking = [] if draw(st.integers(0, 7)) == 0 else list(d.cooking)
        price = Decimal(draw(st.integers(5, 80)))
        menu.append(
            MenuDish(
                dish_id=f"d{i}", name_es=d.name_es, course=d.course, cuisine=d.cuisine,
                price_pen=price, ingredients=ingredients, cooking=cooking,
            )
        )  # fmt: skip
    n = draw(st.integers(1, 14))
    guests = [
        GuestNeeds(
            guest_id=f"g{i}",
            allergies_text=draw(st.sampled_from(TEXTS)) or None,
            diet_text=draw(st.sampled_from(TEXTS)) or None,
            favourite_cuisines=draw(
                st.lists(st.sampled_from(["nikkei", "criolla", "marina"]), max_size=2)
            ),
            consent_personalisation=draw(st.booleans()),
        )
        for i in range(n)
    ]
    budget = draw(st.one_of(st.none(), st.integers(20, 160).map(Decimal)))
    return PlanRequest(
        guests=guests, menu=menu, courses=courses, budget_per_guest=budget,
        max_dishes_per_course=draw(st.integers(1, 4)), time_limit_s=5.0,
    )  # fmt: skip


def _check(req: PlanRequest, plan: Plan) -> None:
    dishes = {d.dish_id: d for d in req.menu}
    guests = {g.guest_id: g for g in req.guests}
    cells = {(g.guest_id, c) for g in req.guests for c in plan.courses}
    served = [(a.guest_id, a.course) for a in plan.assignments]
    explained = [(u.guest_id, u.course) for u in plan.unserved]
    # Every guest-course exactly once: served or explained.
    assert sorted(served + explained) == sorted(cells)
    assert all(u.reason.strip() for u in plan.unserved)
    spent: dict[str, Decimal] = {}
    for a in plan.assignments:
        dish = dishes[a.dish_id]
        assert dish.course == a.course.split("_")[0]
        assert _oracle_violations(guests[a.guest_id], dish) == [], (a, dish.name_es)
        assert a.substitution == (a.dish_id != plan.table_menu[a.course])
        if a.substitution:
            assert a.reason.strip()
        spent[a.guest_id] = spent.get(a.guest_id, Decimal(0)) + (dish.price_pen or 0)
    if req.budget_per_guest is not None:
        assert all(v <= req.budget_per_guest for v in spent.values())
    for course, counts in plan.kitchen_counts.items():
        assert len(counts) <= req.max_dishes_per_course
        assert sum(counts.values()) == sum(1 for a in plan.assignments if a.course == course)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_plan__never_serves_an_allergen_and_explains_every_gap(req: PlanRequest) -> None:
    plan = plan_menu(req, KB, TokenOverlapMatcher())
    assert plan.status in ("optimal", "feasible")
    _check(req, plan)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_plan__same_request_gives_the_same_plan(req: PlanRequest) -> None:
    first = plan_menu(req, KB, TokenOverlapMatcher())
    again = plan_menu(req, KB, TokenOverlapMatcher())
    assert first.model_dump(exclude={"solve_seconds"}) == again.model_dump(
        exclude={"solve_seconds"}
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests(), st.data())
def test_plan__locks_hold_or_are_reported(req: PlanRequest, data: st.DataObject) -> None:
    course = req.courses[0]
    options = [d.dish_id for d in req.menu if d.course == course]
    if not options:
        return
    dish = data.draw(st.sampled_from(options))
    req = req.model_copy(update={"locks": [Lock(course=course, dish_id=dish)]})
    plan = plan_menu(req, KB, TokenOverlapMatcher())
    if plan.status == "infeasible":
        assert not plan.assignments
        assert len(plan.unserved) == len(req.guests) * len(plan.courses)
        return
    assert plan.table_menu[course] == dish
    _check(req, plan)
