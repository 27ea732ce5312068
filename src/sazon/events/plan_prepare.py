"""The first step of planning a menu: check the request, read each guest's safety profile and
preferences, group guests who plan alike, apply the locks, and build the CP-SAT model's input.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sazon.errors import InvalidInput
from sazon.events import explain as ex
from sazon.events.cpsat_types import ClassSpec, ModelInput, Slot, course_slots
from sazon.events.preferences import GuestPreferences, NoteMatcher, score_guests
from sazon.events.safety import Conflict, DishFacts, Profile, conflicts, dish_facts, profile_of
from sazon.events.schemas import Lock, MenuDish, PlanRequest
from sazon.knowledge import CLASSIFY_HINT, KnowledgeBase


def _cents(value: Decimal | None) -> int | None:
    return None if value is None else int((value * 100).to_integral_value())


@dataclass
class Prepared:
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


def prepare(
    req: PlanRequest, kb: KnowledgeBase, matcher: NoteMatcher | None
) -> tuple[Prepared, list[ClassSpec], dict[int, list[str]], ModelInput]:
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
    prep = Prepared(
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
