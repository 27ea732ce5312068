"""Plan a menu: safety → preferences → the CP-SAT model → a plan explained in words.

:func:`plan_menu` is the one entry point; the CLI, the API, the web pages, the re-plan
processor and the benchmark all call it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sazon.errors import InvalidInput
from sazon.events import explain as ex
from sazon.events.matrix import allergen_matrix
from sazon.events.planner import (
    STAGE_NAMES,
    ClassSpec,
    ModelInput,
    Slot,
    Solution,
    StageResult,
    course_slots,
    solve_menu,
)
from sazon.events.preferences import GuestPreferences, NoteMatcher, score_guests
from sazon.events.safety import (
    Conflict,
    DishFacts,
    Profile,
    Rule,
    conflicts,
    dish_facts,
    profile_of,
)
from sazon.events.schemas import (
    Assignment,
    DishUse,
    GuestSummary,
    Lock,
    MenuDish,
    Objective,
    Plan,
    PlanCause,
    PlanRequest,
    StageOutcome,
    Unserved,
    UnservedCause,
)
from sazon.events.wayout import add_way_outs
from sazon.knowledge import CLASSIFY_HINT, KnowledgeBase, load_knowledge


def _cents(value: Decimal | None) -> int | None:
    return None if value is None else int((value * 100).to_integral_value())


@dataclass
class _Prepared:
    """Everything computed before the model, kept to explain the solution afterwards."""

    slots: list[Slot]
    dishes: list[MenuDish]
    facts: list[DishFacts]
    course_dishes: dict[str, list[int]]
    profiles: list[Profile]
    profile_of_guest: dict[str, int]
    safe: dict[tuple[int, str], list[int]]  # (profile, course) → dish indices
    prefs: dict[str, GuestPreferences]
    guest_locks: dict[str, dict[str, int]]
    table_locks: dict[str, int]
    warnings: list[str]
    _conflicts: dict[tuple[int, int], list[Conflict]]
    priced: list[bool] = field(default_factory=list)

    def conflicts(self, profile: int, dish: int) -> list[Conflict]:
        key = (profile, dish)
        if key not in self._conflicts:
            self._conflicts[key] = conflicts(self.facts[dish], self.profiles[profile])
        return self._conflicts[key]


def _check_unique(ids: Sequence[str], what: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise InvalidInput(f"{what} '{i}' appears twice: give each one its own id")
        seen.add(i)


def _check_repeats(slots: Sequence[Slot], dishes: Sequence[MenuDish], en: bool) -> None:
    """A repeated course never serves the same dish twice, so it needs as many dishes as it
    has repeats; the model would only say "infeasible" and blame the locks."""
    on_menu = Counter(d.course for d in dishes)
    for course, times in Counter(s.course for s in slots).items():
        have = on_menu[course]
        if not 0 < have < times:  # none at all is explained per guest ("no entrada")
            continue
        if en:
            dish, most = ("dish", "once") if have == 1 else ("dishes", f"{have} times")
            raise InvalidInput(
                f"the course '{course}' appears {times} times but the menu has {have} {course} "
                f"{dish}: repeat it at most {most} or add {course} dishes to the menu"
            )
        platos, veces = ("plato", "vez") if have == 1 else ("platos", "veces")
        raise InvalidInput(
            f"el curso '{course}' aparece {times} veces pero la carta tiene {have} {platos} de "
            f"{course}: repite el curso como mucho {have} {veces} o agrega platos de {course} a "
            "la carta"
        )


def _prepare(
    req: PlanRequest, kb: KnowledgeBase, matcher: NoteMatcher | None
) -> tuple[_Prepared, list[ClassSpec], dict[int, list[str]], ModelInput]:
    en = req.lang == "en"
    slots = course_slots(req.courses)
    slot_keys = {s.key: s for s in slots}
    wanted = {s.course for s in slots}
    _check_unique([g.guest_id for g in req.guests], "guest")
    _check_unique([d.dish_id for d in req.menu], "dish")
    dishes = [d for d in req.menu if d.course in wanted]
    _check_repeats(slots, dishes, en)
    warnings: list[str] = []
    budget = _cents(req.budget_per_guest)
    price: list[int] = []
    priced: list[bool] = []
    for dish in dishes:
        cents = _cents(dish.price_pen)
        priced.append(cents is not None)
        price.append(cents or 0)
        if cents is None and budget is not None:
            warnings.append(
                f"{dish.name(req.lang)} has no price, so it is left out under a budget"
                if en
                else f"{dish.name_es} no tiene precio: con presupuesto no se ofrece"
            )
    facts = [dish_facts(d, kb) for d in dishes]
    for dish, f in zip(dishes, facts, strict=True):
        if f.unknown:
            words = ", ".join(f"«{w}»" for w in f.unknown)
            warnings.append(
                f"{dish.name(req.lang)}: ingredient(s) we do not know ({words}); not served to "
                f"guests with restrictions until a chef classifies them ({CLASSIFY_HINT})"
                if en
                else f"{dish.name_es}: ingrediente(s) que no conocemos ({words}); no se sirve a "
                f"invitados con restricciones hasta que un chef lo clasifique ({CLASSIFY_HINT})"
            )
        elif not f.listed:
            warnings.append(
                f"{dish.name(req.lang)} has no ingredient list: only for guests without "
                "restrictions"
                if en
                else f"{dish.name_es} no tiene lista de ingredientes: solo para invitados sin "
                "restricciones"
            )
    course_dishes: dict[str, list[int]] = defaultdict(list)
    for i, dish in enumerate(dishes):
        course_dishes[dish.course].append(i)
    index = {dish.dish_id: i for i, dish in enumerate(dishes)}

    profiles: list[Profile] = []
    profile_ids: dict[Profile, int] = {}
    profile_of_guest: dict[str, int] = {}
    for g in req.guests:
        prof = profile_of(g, kb)
        if prof not in profile_ids:
            profile_ids[prof] = len(profiles)
            profiles.append(prof)
        profile_of_guest[g.guest_id] = profile_ids[prof]
        if prof.unread:
            words = ", ".join(f"«{w}»" for w in prof.unread)
            warnings.append(
                f"guest {g.guest_id}: we could not read {words}; planned cautiously, please confirm"
                if en
                else f"invitado {g.guest_id}: no entendimos {words}; se planificó con cautela, "
                "confírmalo"
            )
    prep = _Prepared(
        slots, dishes, facts, dict(course_dishes), profiles, profile_of_guest, {}, {}, {}, {},
        warnings, {}, priced,
    )  # fmt: skip
    for pid in range(len(profiles)):
        for course, idx in course_dishes.items():
            prep.safe[pid, course] = [d for d in idx if not prep.conflicts(pid, d)]
    prep.prefs = score_guests(req.guests, dishes, kb, matcher, req.lang)

    guests_by_id = {g.guest_id: g for g in req.guests}
    for lock in req.locks:
        slot = slot_keys.get(lock.course)
        li = index.get(lock.dish_id)
        if slot is None or li is None or dishes[li].course != slot.course:
            warnings.append(_stale_lock(lock, en))
            continue
        if lock.guest_id is None:
            prep.table_locks[slot.key] = li
            continue
        if lock.guest_id not in guests_by_id:
            warnings.append(_stale_lock(lock, en))
            continue
        found = prep.conflicts(profile_of_guest[lock.guest_id], li)
        if found:
            why = ex.conflict_text(found, kb, req.lang, facts[li].raw_how)
            warnings.append(
                f"the plate fixed for guest {lock.guest_id} in {slot.key} "
                f"({dishes[li].name('en')}) is no longer safe ({why}): the lock was not applied"
                if en
                else f"el plato fijado para el invitado {lock.guest_id} en {slot.key} "
                f"({dishes[li].name_es}) ya no es apto ({why}): no se aplicó"
            )
            continue
        prep.guest_locks.setdefault(lock.guest_id, {})[slot.key] = li

    # Group identical guests into classes.
    groups: dict[
        tuple[
            int,
            tuple[tuple[int, int], ...],
            tuple[tuple[str, int], ...],
            tuple[tuple[str, int], ...],
        ],
        list[str],
    ] = {}
    # Only the scores of dishes a guest may have matter: fewer distinct vectors, fewer classes.
    allowed: dict[int, set[int]] = {
        p: {d for (q, _), ds in prep.safe.items() if q == p for d in ds}
        for p in range(len(profiles))
    }
    for g in req.guests:
        pid = profile_of_guest[g.guest_id]
        prefs = prep.prefs[g.guest_id].scores
        mine = allowed[pid] | set(prep.guest_locks.get(g.guest_id, {}).values())
        pref_key = tuple(
            sorted((index[k], v) for k, v in prefs.items() if k in index and index[k] in mine)
        )
        locks = tuple(sorted(prep.guest_locks.get(g.guest_id, {}).items()))
        prev = tuple(
            sorted(
                (s.key, index[req.previous[f"{g.guest_id}|{s.key}"]])
                for s in slots
                if req.previous.get(f"{g.guest_id}|{s.key}") in index
            )
        )
        groups.setdefault((pid, pref_key, locks, prev), []).append(g.guest_id)
    classes: list[ClassSpec] = []
    members: dict[int, list[str]] = {}
    for (pid, pref_key, locks, prev), ids in groups.items():
        lock_map = dict(locks)
        candidates: dict[str, list[int]] = {}
        for s in slots:
            if s.key in lock_map:
                candidates[s.key] = [lock_map[s.key]]
                continue
            candidates[s.key] = [
                d
                for d in prep.safe.get((pid, s.course), [])
                if budget is None or (priced[d] and price[d] <= budget)
            ]
        members[len(classes)] = ids
        classes.append(
            ClassSpec(len(ids), candidates, dict(pref_key), dict(prev), frozenset(lock_map))
        )
    table_candidates = {
        s.key: [
            d
            for d in course_dishes.get(s.course, [])
            if budget is None
            or (priced[d] and price[d] <= budget)
            or prep.table_locks.get(s.key) == d
        ]
        for s in slots
    }
    previous_table = {
        s.key: index[req.previous[f"|{s.key}"]]
        for s in slots
        if req.previous.get(f"|{s.key}") in index
    }
    mi = ModelInput(
        slots=slots,
        dish_count=len(dishes),
        price=price,
        cuisine=[d.cuisine for d in dishes],
        table_candidates=table_candidates,
        table_locks=prep.table_locks,
        classes=classes,
        budget=budget,
        max_per_slot=req.max_dishes_per_course,
        time_limit=req.time_limit_s,
        seed=req.seed,
        previous_table=previous_table,
    )
    return prep, classes, members, mi


def _stale_lock(lock: Lock, en: bool) -> str:
    who = f" for guest {lock.guest_id}" if en and lock.guest_id else ""
    quien = f" del invitado {lock.guest_id}" if lock.guest_id else ""
    if en:
        return f"lock{who} on {lock.course} → {lock.dish_id} no longer matches the menu: ignored"
    return (
        f"elección fijada{quien} en {lock.course} → {lock.dish_id} ya no está en la carta: "
        "se ignoró"
    )


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
    prep, classes, members, mi = _prepare(request, kb, matcher)
    solution = solve_menu(mi)
    plan = _explain(request, kb, prep, classes, members, mi, solution)
    profiles = {gid: prep.profiles[pid] for gid, pid in prep.profile_of_guest.items()}
    plan.allergen_matrix = allergen_matrix(plan, request.guests, kb, profiles=profiles)
    return add_way_outs(plan, request, kb, catalogue)


def _explain(
    req: PlanRequest,
    kb: KnowledgeBase,
    prep: _Prepared,
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
                    reason = ex.table_reason(s.key in prep.table_locks, lang)
                    sub = False
                else:
                    found = prep.conflicts(pid, table) if table is not None else []
                    over = (
                        budget is not None
                        and table is not None
                        and _over_budget(mi, plate, s.key, table)
                    )
                    reason = ex.substitution_reason(
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
    req: PlanRequest, prep: _Prepared, members: dict[int, list[str]], sol: Solution
) -> list[str]:
    """The locks that cannot hold together, in words (empty unless the plan is infeasible)."""
    out: list[str] = []
    for c, key in sol.lock_conflicts:
        if c is None:
            d = prep.table_locks[key]
            out.append(ex.lock_words(key, prep.dishes[d].name(req.lang), None, req.lang))
            continue
        for gid in members[c]:
            d = prep.guest_locks[gid][key]
            out.append(ex.lock_words(key, prep.dishes[d].name(req.lang), gid, req.lang))
    return out


def _plan_causes(
    req: PlanRequest,
    prep: _Prepared,
    mi: ModelInput,
    sol: Solution,
    stages: Sequence[StageOutcome],
    locks: Sequence[str],
) -> list[PlanCause]:
    """What made the whole plan, or a course of it, fall short, in the plan's language."""
    lang = req.lang
    causes: list[PlanCause] = []
    if sol.status == "timeout":
        text = ex.timeout_cause(False, None, None, lang)
        causes.append(PlanCause(code="timeout", text=text))
    elif sol.status == "feasible":
        short = next((s for s in stages if s.status != "optimal"), None)
        if short is not None:
            text = ex.timeout_cause(True, short.gap, short.stage, lang)
            causes.append(PlanCause(code="timeout", text=text))
    elif sol.status == "infeasible":
        causes.append(
            PlanCause(code="locks", text=ex.unserved_reason("locks", "", lang, locks=locks))
        )
    budget = mi.budget
    repeats = Counter(s.course for s in prep.slots)
    for s in prep.slots:
        if not prep.course_dishes.get(s.course):
            if s.key == s.course:  # once per course
                text = ex.table_gap_cause("no_dishes", s.key, lang, budget=None)
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
        text = ex.table_gap_cause(
            kind, s.key, lang, budget=req.budget_per_guest,
            unpriced=[prep.dishes[d].name(lang) for d in unpriced],
            repeated=repeats[s.course] > 1, over=len(unpriced) < len(remaining),
        )  # fmt: skip
        code = "repeat" if kind == "repeat" else kind
        causes.append(PlanCause(code=code, course=s.key, text=text))
    cheapest = _cheapest_menu(prep, mi)
    if budget is not None and cheapest is not None and cheapest[0] > budget:
        total, parts = cheapest
        text = ex.budget_cause(
            req.budget_per_guest or Decimal(0), Decimal(total) / 100,
            [(k, Decimal(p) / 100) for k, p in parts], lang,
        )  # fmt: skip
        causes.append(PlanCause(code="budget", text=text))
    return causes


def _cheapest_menu(prep: _Prepared, mi: ModelInput) -> tuple[int, list[tuple[str, int]]] | None:
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
    prep: _Prepared,
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
        return "no_dishes", ex.unserved_reason("no_dishes", slot.course, lang)
    if sol.status == "timeout":
        return "timeout", ex.unserved_reason("timeout", slot.course, lang, found_plan=False)
    if sol.status == "infeasible":
        return "locks", ex.unserved_reason("locks", slot.course, lang, locks=locks)
    safe = prep.safe.get((pid, slot.course), [])
    blocking = _blocking(prep, pid, course_dishes)
    if not safe:
        return "unsafe", ex.unserved_reason("unsafe", slot.course, lang, blocking=blocking)
    plate = sol.plates[c]
    # A repeated course never serves a dish twice: what the guest eats in its other slots
    # is not there for this one.
    same = [k for k in (s.key for s in prep.slots if s.course == slot.course) if k != slot.key]
    eaten = [d for k in same if (d := plate.get(k)) is not None]
    left = [d for d in safe if d not in eaten]
    eaten_names = [prep.dishes[d].name(lang) for d in eaten]
    if not left:
        return "repeat", ex.unserved_reason(
            "repeat", slot.course, lang, blocking=blocking, eaten=eaten_names
        )
    if mi.budget is not None:
        priced = [d for d in left if prep.priced[d]]
        if not priced:
            return "unpriced", ex.unserved_reason(
                "unpriced", slot.course, lang, eaten=eaten_names,
                unpriced=[prep.dishes[d].name(lang) for d in left],
            )  # fmt: skip
        others = sum(mi.price[d] for k, d in plate.items() if d is not None and k != slot.key)
        fits = [d for d in priced if mi.price[d] + others <= mi.budget]
        if not fits:
            return "budget", ex.unserved_reason(
                "budget", slot.course, lang, blocking=blocking, budget=req.budget_per_guest
            )
    cooked = sorted({d for p in sol.plates for d in [p.get(slot.key)] if d is not None})
    table = sol.table.get(slot.key)
    if table is not None and table not in cooked:
        cooked.insert(0, table)
    if len(cooked) >= mi.max_per_slot:
        return "kitchen", ex.unserved_reason(
            "kitchen",
            slot.course,
            lang,
            blocking=blocking,
            limit=mi.max_per_slot,
            cooked=[prep.dishes[d].name(lang) for d in cooked],
        )
    return "timeout", ex.unserved_reason("timeout", slot.course, lang)


def _blocking(prep: _Prepared, pid: int, dishes: Sequence[int]) -> list[Rule]:
    """The guest's rules that rule out at least one dish of the course, most blocking first."""
    hits: dict[Rule, int] = {}
    for d in dishes:
        for conflict in prep.conflicts(pid, d):
            hits[conflict.rule] = hits.get(conflict.rule, 0) + 1
    return sorted(hits, key=lambda r: -hits[r])
