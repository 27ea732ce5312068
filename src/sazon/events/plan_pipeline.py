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
from sazon.events.cpsat_types import ClassSpec, ModelInput, Solution
from sazon.events.matrix import allergen_matrix
from sazon.events.plan_outcome import explain_solution
from sazon.events.plan_prepare import Prepared, prepare
from sazon.events.plan_words import OTHER_LANG, other_words
from sazon.events.preferences import NoteMatcher
from sazon.events.schemas import MenuDish, Plan, PlanRequest
from sazon.events.wayout import add_way_outs
from sazon.knowledge import KnowledgeBase, load_knowledge


def plan_menu(
    request: PlanRequest,
    kb: KnowledgeBase | None = None,
    matcher: NoteMatcher | None = None,
    catalogue: Sequence[MenuDish] = (),
    *,
    both_languages: bool = False,
) -> Plan:
    """Plan the menu of ``request``; every guest-course ends served or explained.

    A guest left without a plate gets a way out (:func:`sazon.events.wayout.add_way_outs`):
    dishes of ``catalogue`` (the venue's dishes that are not on this menu) or of the knowledge
    base that would serve them, else a plate off the menu for the kitchen.
    ``both_languages``: keep the plan's sentences in the other language too (``Plan.words``,
    :mod:`sazon.events.plan_words`), as a stored plan does; it costs a second preparation
    and explanation of the same solution (about +70 % of a 60-guest plan without a wine
    list), so the planner's own callers (files, benchmarks) leave it off.

    >>> req = PlanRequest(guests=[...], menu=[...], courses=["entrada"])  # doctest: +SKIP
    >>> plan_menu(req).status, plan_menu(req).table_menu  # doctest: +SKIP
    ('optimal', {'entrada': 'causa'})
    """
    kb = kb or load_knowledge()
    prep, classes, members, mi = prepare(request, kb, matcher)
    solution = solve_menu(mi)
    plan = _explained(request, kb, prep, classes, members, mi, solution, catalogue)
    if both_languages:
        # The same solution in the other language's words (the model is not solved again);
        # the guests' grouping is the one the solution is for.
        other = request.model_copy(update={"lang": OTHER_LANG[request.lang]})
        prep2 = prepare(other, kb, matcher)[0]
        twin = _explained(other, kb, prep2, classes, members, mi, solution, catalogue)
        plan.words = other_words(plan, twin)
    return plan


def _explained(
    request: PlanRequest,
    kb: KnowledgeBase,
    prep: Prepared,
    classes: list[ClassSpec],
    members: dict[int, list[str]],
    mi: ModelInput,
    solution: Solution,
    catalogue: Sequence[MenuDish],
) -> Plan:
    plan = explain_solution(request, kb, prep, classes, members, mi, solution)
    profiles = {gid: prep.profiles[pid] for gid, pid in prep.profile_of_guest.items()}
    plan.allergen_matrix = allergen_matrix(plan, request.guests, kb, profiles=profiles)
    return add_way_outs(plan, request, kb, catalogue)
