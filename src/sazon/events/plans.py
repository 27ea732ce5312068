"""Planning a stored event: build the planner's request from the store (guests, their needs
and ratings, the venue's menu, locks, the last plan), solve it, add the wine flight and the
concept, and store the result as a new version.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sazon.errors import Conflict, InvalidInput, NotFound
from sazon.events.concept import default_generator
from sazon.events.enrich import enrich_plan
from sazon.events.events import check_not_cancelled, get_event
from sazon.events.guest_list import planned_guests
from sazon.events.inputs import PlanOptions
from sazon.events.locks import locks_of
from sazon.events.needs import guest_needs
from sazon.events.plan_pipeline import plan_menu
from sazon.events.plan_versions import diff_plans, latest_plan_row
from sazon.events.plan_words import OTHER_LANG, diff_words, plan_in
from sazon.events.preferences import NoteMatcher
from sazon.events.schemas import Lock, MenuDish, Plan, PlanDiff, PlanRequest
from sazon.generate import Generator
from sazon.knowledge import KnowledgeBase, fold
from sazon.monitoring import EVENTS_PLANS, EVENTS_SOLVE, EVENTS_TO_CONFIRM, EVENTS_UNSERVED
from sazon.store.db import is_foreign_key_violation, is_unique_violation
from sazon.store.models import Dish, Event, EventPlan, Feedback, Guest, Invitation, OrderLine, Visit


@dataclass
class PlanResult:
    row: EventPlan
    plan: Plan
    diff: PlanDiff


def _ratings(session: Session, guest_ids: list[int]) -> dict[int, dict[str, float]]:
    """Average rating each guest gave the visits where they ordered each dish."""
    if not guest_ids:
        return {}
    rows = session.execute(
        select(Visit.guest_id, OrderLine.item_name, Dish.name_es, Feedback.rating)
        .join(OrderLine, OrderLine.visit_id == Visit.id)
        .join(Feedback, Feedback.visit_id == Visit.id)
        .outerjoin(Dish, Dish.id == OrderLine.dish_id)
        .where(Visit.guest_id.in_(guest_ids), Feedback.rating.is_not(None))
    )
    sums: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for gid, item, dish_name, rating in rows:
        if gid is None or rating is None:
            continue
        sums[gid][fold(dish_name or item)].append(float(rating))
    return {
        gid: {name: sum(v) / len(v) for name, v in names.items()} for gid, names in sums.items()
    }


def menu_of(session: Session, event: Event) -> list[MenuDish]:
    """The venue's active dishes of the event's courses, else the knowledge base's."""
    courses = set(event.courses)
    stmt = select(Dish).where(Dish.active, Dish.course.in_(courses)).order_by(Dish.id)
    own = (
        list(session.scalars(stmt.where(Dish.venue_id == event.venue_id))) if event.venue_id else []
    )
    return _menu_dishes(own or list(session.scalars(stmt.where(Dish.from_knowledge))))


def catalogue_of(session: Session, event: Event) -> list[MenuDish]:
    """Every dish of the venue in the event's courses, on the menu today or not: where a
    guest left without a plate finds a dish to add (the planner skips those on the menu)."""
    if not event.venue_id:
        return []
    stmt = (
        select(Dish)
        .where(Dish.venue_id == event.venue_id, Dish.course.in_(set(event.courses)))
        .order_by(Dish.id)
    )
    return _menu_dishes(list(session.scalars(stmt)))


def _menu_dishes(dishes: list[Dish]) -> list[MenuDish]:
    return [
        MenuDish(
            dish_id=str(d.id), name_es=d.name_es, name_en=d.name_en, course=d.course,
            cuisine=d.cuisine, price_pen=d.price_pen, ingredients=list(d.ingredients_raw or []),
            cooking=list(d.cooking or []), description_es=d.description_es,
            description_en=d.description_en,
        )
        for d in dishes
    ]  # fmt: skip


def guests_snapshot(pairs: list[tuple[Invitation, Guest]]) -> dict[str, str]:
    """What a plan was made from, per guest: their RSVP and when their record last changed.

    Stored with the plan so the re-plan processor can tell whether a change it hears about
    is already in the plan (timestamps only: no copy of anyone's needs).
    """
    return {str(g.id): f"{inv.status}|{g.updated_at.isoformat()}" for inv, g in pairs}


def build_request(
    session: Session,
    event: Event,
    options: PlanOptions,
    previous: EventPlan | None,
    pairs: list[tuple[Invitation, Guest]] | None = None,
) -> PlanRequest:
    pairs = planned_guests(session, event.id) if pairs is None else pairs
    ratings = _ratings(session, [g.id for _, g in pairs if g.consent_personalisation])
    guests = [guest_needs(g, ratings.get(g.id, {}), inv.status == "invited") for inv, g in pairs]
    last = previous.request.get("options", {}) if previous else {}
    k = options.max_dishes_per_course or last.get("max_dishes_per_course") or 3
    limit = options.time_limit_s or last.get("time_limit_s") or 10.0
    lang = options.lang or last.get("lang") or "es"
    kept: dict[str, str] = {}
    if previous is not None:
        old = Plan.model_validate(previous.plan)
        kept = {f"{a.guest_id}|{a.course}": a.dish_id for a in old.assignments}
        kept |= {f"|{c}": d for c, d in old.table_menu.items() if d is not None}
    locks = [
        Lock(
            course=lk.course,
            dish_id=str(lk.dish_id),
            guest_id=str(lk.guest_id) if lk.guest_id is not None else None,
        )
        for lk in locks_of(session, event.id)
    ]
    budget = event.budget_per_guest_pen
    if budget is not None and budget <= 0:  # stored before budgets were checked
        raise InvalidInput(
            f"event {event.id} has a budget of S/ {budget} per guest: set one of at least "
            "S/ 0.01, or remove it"
        )
    return PlanRequest(
        guests=guests,
        menu=menu_of(session, event),
        courses=list(event.courses),
        budget_per_guest=budget,
        max_dishes_per_course=int(k),
        locks=locks,
        lang=lang,
        time_limit_s=float(limit),
        previous=kept,
    )


def plan_event(
    session: Session,
    kb: KnowledgeBase,
    event_id: int,
    options: PlanOptions | None = None,
    *,
    actor: str = "system",
    trigger: str = "manual",
    reason: str | None = None,
    changed_guests: dict[str, list[str]] | None = None,
    matcher: NoteMatcher | None = None,
    generator: Generator | None = None,
) -> PlanResult:
    """Plan (or re-plan) an event and store the new version with its diff.

    After the menu, the plan gets its wine flight (from the venue's list) and its concept
    (from ``generator``, the template backend when None; faces pass
    ``default_generator(settings)`` so a configured endpoint writes it).
    """
    event = get_event(session, event_id)
    check_not_cancelled(event)
    options = options or PlanOptions()
    previous = latest_plan_row(session, event.id)
    pairs = planned_guests(session, event.id)
    snapshot = guests_snapshot(pairs)  # before solving: a change during the solve re-plans
    request = build_request(session, event, options, previous, pairs)
    if not request.menu:
        raise InvalidInput(
            "no dishes for these courses: load the venue's menu (sazon ingest dishes) or "
            "change the event's courses",
            words={"key": "no_dishes"},
        )
    # Stored plans are read by people in either language: their sentences are kept in both.
    plan = plan_menu(
        request, kb, matcher, catalogue=catalogue_of(session, event), both_languages=True
    )
    last = previous.request.get("options", {}) if previous else {}
    wine_mode = options.wine_mode or last.get("wine_mode")
    drinks = options.drinks_budget_per_guest_pen
    if drinks is None and last.get("drinks_budget_per_guest_pen"):
        drinks = Decimal(last["drinks_budget_per_guest_pen"])
    drinks = drinks or None  # 0: no budget
    enrich_plan(
        session, kb, event, plan, request.guests, request.menu, wine_mode=wine_mode,
        drinks_budget_per_guest=drinks, generator=generator or default_generator(None),
    )  # fmt: skip
    old = Plan.model_validate(previous.plan) if previous else None
    diff = diff_plans(old, plan, changed_guests or {}, why=reason)
    # The change list in the other language too, from the same two plans read in it.
    other = OTHER_LANG[plan.lang]
    twin = plan_in(plan, other).model_copy(update={"lang": other})
    diff_words(diff, diff_plans(old, twin, changed_guests or {}, why=reason), other)
    diff.from_plan = previous.id if previous else None
    row = EventPlan(
        event_id=event.id,
        version=(previous.version + 1) if previous else 1,
        status=plan.status,
        proven_optimal=plan.proven_optimal,
        trigger=trigger,
        reason=reason,
        request={
            "options": {
                "max_dishes_per_course": request.max_dishes_per_course,
                "time_limit_s": request.time_limit_s,
                "lang": request.lang,
                "wine_mode": wine_mode,
                "drinks_budget_per_guest_pen": str(drinks) if drinks else None,
            },
            "courses": request.courses,
            "budget_per_guest": str(request.budget_per_guest) if request.budget_per_guest else None,
            "guest_ids": [g.guest_id for g in request.guests],
            "guests_snapshot": snapshot,
            "dish_ids": [d.dish_id for d in request.menu],
            "locks": [lk.model_dump() for lk in request.locks],
        },
        plan=plan.model_dump(mode="json"),
        diff={},
        solve_seconds=plan.solve_seconds,
        created_by=actor,
    )
    _save_plan(session, row, previous)
    diff.to_plan = row.id
    row.diff = diff.model_dump(mode="json")
    # Conditional: the event was read before the solve, and its status may have moved since
    # (a cancellation must never be written over with "planning").
    session.execute(
        update(Event).where(Event.id == event.id, Event.status == "draft").values(status="planning")
    )
    session.flush()
    _count_plan(plan, trigger, sum(1 for g in request.guests if g.unknown))
    return PlanResult(row, plan, diff)


def _count_plan(plan: Plan, trigger: str, to_confirm: int) -> None:
    """Status, solve time and what the plan could not settle; counts only, no guest."""
    EVENTS_PLANS.labels(plan.status, trigger).inc()
    EVENTS_SOLVE.observe(plan.solve_seconds)
    EVENTS_UNSERVED.inc(len(plan.unserved))
    EVENTS_TO_CONFIRM.inc(to_confirm)


def _save_plan(session: Session, row: EventPlan, previous: EventPlan | None) -> None:
    """Store a solved plan unless its event was deleted, or re-planned, while it was solved.

    The solve takes seconds and reads outside any lock. Here, in the transaction that writes,
    the event is locked (PostgreSQL; SQLite has one writer at a time) and read again, so a
    concurrent delete is a 404, never a foreign-key error; a delete that still slips in
    between (SQLite reads before its write lock) fails the insert, mapped the same way.
    """
    event_id = row.event_id
    gone = NotFound(f"no event {event_id}: it was deleted while it was being planned")
    if session.scalar(select(Event.id).where(Event.id == event_id).with_for_update()) is None:
        raise gone
    latest = latest_plan_row(session, event_id)
    if (latest.id if latest else None) != (previous.id if previous else None):
        raise Conflict(
            f"event {event_id} was planned by someone else meanwhile: plan it again",
            words={"key": "planned_meanwhile"},
        )
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:
        if is_foreign_key_violation(exc):
            raise gone from None
        if is_unique_violation(exc):
            raise Conflict(
                f"event {event_id} was planned by someone else meanwhile: plan it again",
                words={"key": "planned_meanwhile"},
            ) from None
        raise
    # Read again now that this transaction writes (SQLite's write lock is taken by the insert,
    # PostgreSQL's row lock above): an event cancelled during the solve keeps no new plan.
    if session.scalar(select(Event.status).where(Event.id == event_id)) == "cancelled":
        raise Conflict(
            f"event {event_id} was cancelled while it was being planned: the plan was not kept",
            words={"key": "cancelled"},
        )
