"""The kitchen's allergen matrix: every restricted guest, and plates without each allergen."""

from __future__ import annotations

from collections import Counter

import pytest

from sazon.events import GuestNeeds, Plan, PlanRequest, plan_menu
from sazon.events.preferences import TokenOverlapMatcher
from sazon.knowledge import KnowledgeBase
from tests.kb_menus import kb_menu

# Dishes with peanuts (ocopa, carapulcra, king kong), with gluten (huancaína's crackers,
# lomo saltado's soy sauce, picarones' flour) and without either, so some plates are
# substituted and some guests with an allergy still eat the table's dish.
MENU_IDS = (
    "ocopa_arequipena", "papa_a_la_huancaina", "causa_de_langostinos", "carapulcra",
    "lomo_saltado", "arroz_con_pollo", "quinotto", "king_kong", "picarones", "mazamorra_morada",
    "suspiro_a_la_limena",
)  # fmt: skip
GUESTS = [
    ("ana", "Ana Quispe", "alérgica al maní", None),
    ("beto", "Beto Ramos", None, "celíaco"),
    ("carla", "Carla Rojas", "alergia al maní", "celíaca"),
    ("dani", "Dani Flores", None, None),
    ("eva", "Eva Salas", None, None),
]
# What each guest's plates must be made without, written by hand from GUESTS.
MUST_AVOID = {"ana": {"peanuts"}, "beto": {"gluten"}, "carla": {"peanuts", "gluten"}}


@pytest.fixture(scope="module")
def plan(kb: KnowledgeBase) -> Plan:
    menu = kb_menu(kb, MENU_IDS)
    guests = [
        GuestNeeds(guest_id=gid, name=name, allergies_text=allergies, diet_text=diet)
        for gid, name, allergies, diet in GUESTS
    ]
    req = PlanRequest(
        guests=guests, menu=menu, courses=["entrada", "fondo", "postre"],
        max_dishes_per_course=3,
    )  # fmt: skip
    return plan_menu(req, kb, TokenOverlapMatcher())


def test_matrix__lists_the_peanut_allergic_and_the_celiac_guest(plan: Plan) -> None:
    matrix = plan.allergen_matrix
    assert matrix is not None
    rows = {g.guest_id: g for g in matrix.guests}
    assert set(rows) == set(MUST_AVOID)
    assert matrix.unrestricted == 2
    assert rows["ana"].name == "Ana Quispe" and rows["ana"].restrictions == ["sin maní"]
    assert rows["beto"].restrictions == ["sin gluten"]
    assert set(rows["carla"].restrictions) == {"sin maní", "sin gluten"}
    assert rows["carla"].written == ["alergia al maní", "celíaca"]
    for gid, avoid in MUST_AVOID.items():
        assert set(rows[gid].without) == avoid
    assert matrix.columns == ["gluten", "peanuts"]  # EU-14 order
    assert matrix.labels == {"gluten": "sin gluten", "peanuts": "sin maní"}
    # What each guest eats, course by course, is the plan's own assignment.
    for a in plan.assignments:
        if a.guest_id in rows:
            assert rows[a.guest_id].plates[a.course] == a.dish_name


def test_matrix__counts_the_plates_made_without_each_allergen_per_course(plan: Plan) -> None:
    matrix = plan.allergen_matrix
    assert matrix is not None
    assert [c.course for c in matrix.courses] == plan.courses
    for course in matrix.courses:
        expected: Counter[str] = Counter()
        dishes: dict[str, Counter[str]] = {}
        for a in plan.assignments:
            if a.course != course.course:
                continue
            for allergen in MUST_AVOID.get(a.guest_id, ()):
                expected[allergen] += 1
                dishes.setdefault(allergen, Counter())[a.dish_name] += 1
        assert course.plates_without == dict(expected), course.course
        assert course.by_dish == {k: dict(v) for k, v in dishes.items()}, course.course
        assert course.served == sum(a.course == course.course for a in plan.assignments)
    # Both allergies are served in every course here: the counts are not trivially zero.
    assert all(c.plates_without == {"gluten": 2, "peanuts": 2} for c in matrix.courses)


def test_matrix__the_table_dish_counts_too(plan: Plan) -> None:
    """A guest with an allergy who eats the table's dish is still on the pass's list."""
    matrix = plan.allergen_matrix
    assert matrix is not None
    at_table = [
        a
        for a in plan.assignments
        if a.guest_id in MUST_AVOID and a.dish_id == plan.table_menu[a.course]
    ]
    assert at_table, "some restricted guest should eat a table dish in this menu"
    for a in at_table:
        course = next(c for c in matrix.courses if c.course == a.course)
        for allergen in MUST_AVOID[a.guest_id]:
            assert course.by_dish[allergen][a.dish_name] >= 1
