"""The last step of planning a menu: the solver's solution as a :class:`Plan` in words, with
each guest's plates, the guest-courses left unserved and why, the stages and their gap.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from sazon.events import explain as ex
from sazon.events.cpsat_types import STAGE_NAMES, ClassSpec, ModelInput, Slot, Solution, StageResult
from sazon.events.plan_prepare import Prepared
from sazon.events.reasons import (
    budget_cause,
    lock_words,
    substitution_reason,
    table_gap_cause,
    table_reason,
    timeout_cause,
    unserved_reason,
)
from sazon.events.safety import Rule
from sazon.events.schemas import (
    Assignment,
    DishUse,
    GuestSummary,
    Objective,
    Plan,
    PlanCause,
    PlanRequest,
    StageOutcome,
    Unserved,
    UnservedCause,
)
from sazon.knowledge import KnowledgeBase


def explain_solution(
    req: PlanRequest,
    kb: KnowledgeBase,
    prep: Prepared,
    classes: list[ClassSpec],
    members: dict[int, list[str]],
    mi: ModelInput,
    sol: Solution,
) -> Plan:
    lang = req.lang
    budget = req.budget_per_guest
    dishes = prep.dishes
    names = [d.name(lang) for d in dishes]
    lock_names = _lock_words(req, prep, members, sol)
    table_menu = {
        s.key: (dishes[d].dish_id if (d := sol.table.get(s.key)) is not None else None)
        for s in prep.slots
    }
    assignments: list[Assignment] = []
    unserved: list[Unserved] = []
    counts: dict[str, dict[int, int]] = {s.key: {} for s in prep.slots}
    totals: dict[str, int] = {}
    for c, spec in enumerate(classes):
        plate = sol.plates[c]
        for s in prep.slots:
            d = plate.get(s.key)
            if d is not None:
                counts[s.key][d] = counts[s.key].get(d, 0) + spec.size
        for gid in members[c]:
            pid = prep.profile_of_guest[gid]
            prefs = prep.prefs[gid]
            locks = prep.guest_locks.get(gid, {})
            total = 0
            for s in prep.slots:
                d = plate.get(s.key)
                if d is None:
                    cause, reason = _unserved(req, kb, prep, mi, sol, c, pid, s, lock_names)
                    unserved.append(
                        Unserved(guest_id=gid, course=s.key, reason=reason, cause=cause)
                    )
                    continue
                total += mi.price[d]
                table = sol.table.get(s.key)
                # Only what made the plate more welcome is shown as personalisation.
                liked = prefs.scores.get(dishes[d].dish_id, 0) > 0
                personal = "; ".join(prefs.reasons.get(dishes[d].dish_id, [])) if liked else None
                personal = personal or None
                if d == table:
                    reason = table_reason(s.key in prep.table_locks, lang)
                    sub = False
                else:
                    found = prep.conflicts(pid, table) if table is not None else []
                    over = (
                        budget is not None
                        and table is not None
                        and _over_budget(mi, plate, s.key, table)
                    )
                    reason = substitution_reason(
                        names[table] if table is not None else None,
                        found,
                        kb,
                        lang,
                        raw_how=prep.facts[table].raw_how if table is not None else "",
                        locked=s.key in locks and not found,
                        budget=budget if over else None,
                    )
                    sub = True
                assignments.append(
                    Assignment(
                        guest_id=gid, course=s.key, dish_id=dishes[d].dish_id,
                        dish_name=names[d], reason=reason, substitution=sub,
                        locked=s.key in locks or (d == table and s.key in prep.table_locks),
                        personalisation=personal,
                    )
                )  # fmt: skip
            totals[gid] = total
    kitchen = {
        key: [
            DishUse(
                dish_id=dishes[d].dish_id,
                dish_name=names[d],
                plates=n,
                table=d == sol.table.get(key),
            )
            for d, n in sorted(row.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        for key, row in counts.items()
    }
    guests = []
    for g in req.guests:
        p = prep.profiles[prep.profile_of_guest[g.guest_id]]
        prefs = prep.prefs[g.guest_id]
        guests.append(
            GuestSummary(
                guest_id=g.guest_id,
                name=g.name,
                restrictions=list(
                    dict.fromkeys(ex.rule_prefix(r, lang) for r in p.rules if r.kind != "unread")
                ),
                unread=list(p.unread),
                personalised=prefs.personalised,
                personalisation_note=prefs.note,
                plate_total_pen=Decimal(totals.get(g.guest_id, 0)) / 100,
                pending=g.pending,
            )
        )
    status = sol.status
    assert status in ("optimal", "feasible", "infeasible", "timeout")
    stages = [_stage_outcome(r) for r in sol.results]
    return Plan(
        status=status,
        proven_optimal=status == "optimal",
        lang=lang,
        courses=[s.key for s in prep.slots],
        table_menu=table_menu,
        assignments=assignments,
        unserved=unserved,
        kitchen_counts={key: {u.dish_id: u.plates for u in uses} for key, uses in kitchen.items()},
        kitchen=kitchen,
        guests=guests,
        warnings=prep.warnings,
        objective=Objective(
            unserved=sol.unserved,
            substitutions=sol.substitutions,
            preference=sol.preference,
            variety=sol.variety,
            cost_pen=Decimal(sol.cost) / 100,
            kept_from_previous=sol.kept,
        ),
        solve_seconds=round(sol.seconds, 4),
        classes=len(classes),
        stages=stages,
        gap=_gap(status, stages),
        causes=_plan_causes(req, prep, mi, sol, stages, lock_names),
    )


def _stage_outcome(r: StageResult) -> StageOutcome:
    gap = r.gap
    return StageOutcome(
        stage=STAGE_NAMES[r.stage],
        status=r.status,
        objective=r.objective,
        bound=r.bound,
        gap=None if gap is None else round(gap, 6),
    )


def _gap(status: str, stages: Sequence[StageOutcome]) -> float | None:
    """The gap of the stage where the solve stopped short (0 when every stage was proven)."""
    if status == "optimal":
        return 0.0
    if status != "feasible":
        return None
    short = next((s for s in stages if s.status != "optimal"), None)
    return short.gap if short is not None else None


def _lock_words(
    req: PlanRequest, prep: Prepared, members: dict[int, list[str]], sol: Solution
) -> list[str]:
    """The locks that cannot hold together, in words (empty unless the plan is infeasible)."""
    out: list[str] = []
    for c, key in sol.lock_conflicts:
        if c is None:
            d = prep.table_locks[key]
            out.append(lock_words(key, prep.dishes[d].name(req.lang), None, req.lang))
            continue
        for gid in members[c]:
            d = prep.guest_locks[gid][key]
            out.append(lock_words(key, prep.dishes[d].name(req.lang), gid, req.lang))
    return out


def _plan_causes(
    req: PlanRequest,
    prep: Prepared,
    mi: ModelInput,
    sol: Solution,
    stages: Sequence[StageOutcome],
    locks: Sequence[str],
) -> list[PlanCause]:
    """What made the whole plan, or a course of it, fall short, in the plan's language."""
    lang = req.lang
    causes: list[PlanCause] = []
    if sol.status == "timeout":
        text = timeout_cause(False, None, None, lang)
        causes.append(PlanCause(code="timeout", text=text))
    elif sol.status == "feasible":
        short = next((s for s in stages if s.status != "optimal"), None)
        if short is not None:
            text = timeout_cause(True, short.gap, short.stage, lang)
            causes.append(PlanCause(code="timeout", text=text))
    elif sol.status == "infeasible":
        causes.append(PlanCause(code="locks", text=unserved_reason("locks", "", lang, locks=locks)))
    budget = mi.budget
    repeats = Counter(s.course for s in prep.slots)
    for s in prep.slots:
        if not prep.course_dishes.get(s.course):
            if s.key == s.course:  # once per course
                text = table_gap_cause("no_dishes", s.key, lang, budget=None)
                causes.append(PlanCause(code="no_dishes", course=s.key, text=text))
            continue
        if sol.status in ("timeout", "infeasible") or sol.table.get(s.key) is not None:
            continue
        # The table has no dish here: what is left of the course once the other slots of a
        # repeated course took theirs.
        taken = {d for k, d in sol.table.items() if d is not None and k != s.key}
        remaining = [d for d in prep.course_dishes[s.course] if d not in taken]
        unpriced = [d for d in remaining if budget is not None and not prep.priced[d]]
        within = [
            d for d in remaining if budget is None or (prep.priced[d] and mi.price[d] <= budget)
        ]
        kind = "repeat"
        if budget is not None and not within and remaining:
            kind = "unpriced" if unpriced else "budget"
        if kind == "repeat" and repeats[s.course] < 2:
            continue  # nobody could eat anything here: the guests' reasons say why
        text = table_gap_cause(
            kind, s.key, lang, budget=req.budget_per_guest,
            unpriced=[prep.dishes[d].name(lang) for d in unpriced],
            repeated=repeats[s.course] > 1, over=len(unpriced) < len(remaining),
        )  # fmt: skip
        code = "repeat" if kind == "repeat" else kind
        causes.append(PlanCause(code=code, course=s.key, text=text))
    cheapest = _cheapest_menu(prep, mi)
    if budget is not None and cheapest is not None and cheapest[0] > budget:
        total, parts = cheapest
        text = budget_cause(
            req.budget_per_guest or Decimal(0), Decimal(total) / 100,
            [(k, Decimal(p) / 100) for k, p in parts], lang,
        )  # fmt: skip
        causes.append(PlanCause(code="budget", text=text))
    return causes


def _cheapest_menu(prep: Prepared, mi: ModelInput) -> tuple[int, list[tuple[str, int]]] | None:
    """The cheapest full menu for a guest without restrictions (cents, then per slot): the
    n cheapest priced dishes of a course that repeats n times. None without a budget."""
    if mi.budget is None:
        return None
    parts: list[tuple[str, int]] = []
    by_course: dict[str, list[int]] = {}
    for course, idx in prep.course_dishes.items():
        by_course[course] = sorted(mi.price[d] for d in idx if prep.priced[d])
    seen: Counter[str] = Counter()
    for s in prep.slots:
        prices = by_course.get(s.course, [])
        n = seen[s.course]
        seen[s.course] += 1
        if n < len(prices):
            parts.append((s.key, prices[n]))
    if not parts:
        return None
    return sum(p for _, p in parts), parts


def _over_budget(mi: ModelInput, plate: dict[str, int | None], key: str, dish: int) -> bool:
    assert mi.budget is not None
    others = sum(mi.price[d] for k, d in plate.items() if d is not None and k != key)
    return others + mi.price[dish] > mi.budget


def _unserved(
    req: PlanRequest,
    kb: KnowledgeBase,
    prep: Prepared,
    mi: ModelInput,
    sol: Solution,
    c: int,
    pid: int,
    slot: Slot,
    locks: Sequence[str],
) -> tuple[UnservedCause, str]:
    """The real cause of an unserved guest-course, as its code and its words."""
    lang = req.lang
    course_dishes = prep.course_dishes.get(slot.course, [])
    if not course_dishes:
        return "no_dishes", unserved_reason("no_dishes", slot.course, lang)
    if sol.status == "timeout":
        return "timeout", unserved_reason("timeout", slot.course, lang, found_plan=False)
    if sol.status == "infeasible":
        return "locks", unserved_reason("locks", slot.course, lang, locks=locks)
    safe = prep.safe.get((pid, slot.course), [])
    blocking = _blocking(prep, pid, course_dishes)
    if not safe:
        return "unsafe", unserved_reason("unsafe", slot.course, lang, blocking=blocking)
    plate = sol.plates[c]
    # A repeated course never serves a dish twice: what the guest eats in its other slots
    # is not there for this one.
    same = [k for k in (s.key for s in prep.slots if s.course == slot.course) if k != slot.key]
    eaten = [d for k in same if (d := plate.get(k)) is not None]
    left = [d for d in safe if d not in eaten]
    eaten_names = [prep.dishes[d].name(lang) for d in eaten]
    if not left:
        return "repeat", unserved_reason(
            "repeat", slot.course, lang, blocking=blocking, eaten=eaten_names
        )
    if mi.budget is not None:
        priced = [d for d in left if prep.priced[d]]
        if not priced:
            return "unpriced", unserved_reason(
                "unpriced", slot.course, lang, eaten=eaten_names,
                unpriced=[prep.dishes[d].name(lang) for d in left],
            )  # fmt: skip
        others = sum(mi.price[d] for k, d in plate.items() if d is not None and k != slot.key)
        fits = [d for d in priced if mi.price[d] + others <= mi.budget]
        if not fits:
            return "budget", unserved_reason(
                "budget", slot.course, lang, blocking=blocking, budget=req.budget_per_guest
            )
    cooked = sorted({d for p in sol.plates for d in [p.get(slot.key)] if d is not None})
    table = sol.table.get(slot.key)
    if table is not None and table not in cooked:
        cooked.insert(0, table)
    if len(cooked) >= mi.max_per_slot:
        return "kitchen", unserved_reason(
            "kitchen",
            slot.course,
            lang,
            blocking=blocking,
            limit=mi.max_per_slot,
            cooked=[prep.dishes[d].name(lang) for d in cooked],
        )
    return "timeout", unserved_reason("timeout", slot.course, lang)


def _blocking(prep: Prepared, pid: int, dishes: Sequence[int]) -> list[Rule]:
    """The guest's rules that rule out at least one dish of the course, most blocking first."""
    hits: dict[Rule, int] = {}
    for d in dishes:
        for conflict in prep.conflicts(pid, d):
            hits[conflict.rule] = hits.get(conflict.rule, 0) + 1
    return sorted(hits, key=lambda r: -hits[r])
