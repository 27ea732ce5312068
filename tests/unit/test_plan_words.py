"""A plan made in Spanish reads in English (and back) from the sentences it keeps in both
languages; a plan stored before it had them reads as written."""

from __future__ import annotations

from sazon.events import GuestNeeds, Plan, PlanRequest, plan_in, plan_menu
from sazon.events.preferences import TokenOverlapMatcher
from sazon.knowledge import KnowledgeBase
from tests.kb_menus import kb_menu

MENU_IDS = ("ceviche_clasico", "causa_de_langostinos", "lomo_saltado", "quinotto",
            "suspiro_a_la_limena", "mazamorra_morada")  # fmt: skip


def test_a_spanish_plan_reads_in_english_guest_by_guest_and_an_old_one_as_written(
    kb: KnowledgeBase,
) -> None:
    guests = [
        GuestNeeds(guest_id="1", name="Ana Quispe", allergies_text="alergia a los mariscos"),
        GuestNeeds(guest_id="2", name="Luis Pérez", diet_text="vegetariano"),
        GuestNeeds(guest_id="3", name="Rosa Mamani", diet_text="como de todo; odio el culantro"),
    ]
    req = PlanRequest(guests=guests, menu=kb_menu(kb, MENU_IDS), courses=["entrada", "fondo"])
    made = plan_menu(req, kb, TokenOverlapMatcher(), both_languages=True)
    plan = Plan.model_validate(made.model_dump(mode="json"))  # as stored
    assert plan.lang == "es" and plan.words["en"]
    english = plan_in(plan, "en")
    assert plan_in(plan, "es") == plan
    # Each guest's reason is their own, in English: matched by guest and course.
    twin = plan_menu(req.model_copy(update={"lang": "en"}), kb, TokenOverlapMatcher())
    said = {(a.guest_id, a.course): a.reason for a in twin.assignments}
    for a in english.assignments:
        assert a.reason == said[a.guest_id, a.course]
    gaps = {(u.guest_id, u.course): u for u in english.unserved}
    assert gaps["1", "entrada"].reason == "no starter on the menu is without seafood"
    assert gaps["1", "entrada"].way_out and gaps["1", "entrada"].way_out.text.startswith(
        "add to the menu: "
    )
    assert {g.guest_id: g.restrictions for g in english.guests} == {
        "1": ["no seafood"], "2": ["vegetarian"], "3": ["«odio el culantro»"]
    }  # fmt: skip
    mine, theirs = english.allergen_matrix, twin.allergen_matrix
    assert mine and theirs and (mine.guests, mine.labels) == (theirs.guests, theirs.labels)
    old = plan.model_copy(update={"words": {}})  # stored before plans kept both languages
    assert plan_in(old, "en") == old
