"""Plan a menu: safety → preferences → the CP-SAT model → a plan explained in words.

The steps live beside it: :mod:`~sazon.events.plan_prepare` (safety, preferences, locks →
the model's input), :mod:`~sazon.events.cpsat_solve` (the staged solve of
:mod:`~sazon.events.cpsat_model`) and :mod:`~sazon.events.plan_outcome` (the solution in
words).

:func:`plan_menu` is the one entry point; the CLI, the API, the web pages, the re-plan
processor and the benchmark all call it.
"""

from __future__ import annotations

from collections.abc import Sequence

from sazon.events.cpsat_solve import solve_menu
from sazon.events.matrix import allergen_matrix
from sazon.events.plan_outcome import explain_solution
from sazon.events.plan_prepare import prepare
from sazon.events.preferences import NoteMatcher
from sazon.events.schemas import MenuDish, Plan, PlanRequest
from sazon.events.wayout import add_way_outs
from sazon.knowledge import KnowledgeBase, load_knowledge


def plan_menu(
    request: PlanRequest,
    kb: KnowledgeBase | None = None,
    matcher: NoteMatcher | None = None,
    catalogue: Sequence[MenuDish] = (),
) -> Plan:
    """Plan the menu of ``request``; every guest-course ends served or explained.

    A guest left without a plate gets a way out (:func:`sazon.events.wayout.add_way_outs`):
    dishes of ``catalogue`` (the venue's dishes that are not on this menu) or of the knowledge
    base that would serve them, else a plate off the menu for the kitchen.

    >>> req = PlanRequest(guests=[...], menu=[...], courses=["entrada"])  # doctest: +SKIP
    >>> plan_menu(req).status, plan_menu(req).table_menu  # doctest: +SKIP
    ('optimal', {'entrada': 'causa'})
    """
    kb = kb or load_knowledge()
    prep, classes, members, mi = prepare(request, kb, matcher)
    solution = solve_menu(mi)
    plan = explain_solution(request, kb, prep, classes, members, mi, solution)
    profiles = {gid: prep.profiles[pid] for gid, pid in prep.profile_of_guest.items()}
    plan.allergen_matrix = allergen_matrix(plan, request.guests, kb, profiles=profiles)
    return add_way_outs(plan, request, kb, catalogue)
