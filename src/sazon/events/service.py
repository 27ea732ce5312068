"""Use cases on the store: events, invitations, plans (with versions and diffs), locks.

Faces call these with an open session (they own the transaction). Functions that change
something a worker should react to return the domain events; the face publishes them
after its commit, so a worker never reads a change that was rolled back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic.json_schema import SkipJsonSchema
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sazon.access import Principal, audit_read
from sazon.bus import stage
from sazon.errors import Conflict, InvalidInput, NotFound
from sazon.events.bus_events import GuestNeedsChanged
from sazon.events.concept import default_generator
from sazon.events.enrich import enrich_plan
from sazon.events.explain import conflict_text, course_label
from sazon.events.planning import plan_menu
from sazon.events.preferences import NoteMatcher
from sazon.events.safety import conflicts, dish_facts, profile_of
from sazon.events.schemas import (
    GuestNeeds,
    Lang,
    Lock,
    MenuDish,
    Plan,
    PlanChange,
    PlanDiff,
    PlanRequest,
    WineMode,
)
from sazon.generate import Generator
from sazon.ingest.single import update_guest
from sazon.knowledge import CLASSIFY_HINT, COURSES, KnowledgeBase, current_knowledge, fold
from sazon.store.db import is_foreign_key_violation, is_unique_violation
from sazon.store.models import (
    Dish,
    Event,
    EventLock,
    EventPlan,
    Feedback,
    Guest,
    GuestNeedsChange,
    Invitation,
    OrderLine,
    PlanCheck,
    RsvpLink,
    Venue,
    Visit,
)
from sazon.timeutil import to_lima, to_utc, utcnow

EventStatus = Literal["draft", "planning", "confirmed", "completed", "cancelled"]
EVENT_STATUSES: tuple[str, ...] = get_args(EventStatus)
PLANNED_STATUSES = ("invited", "confirmed")  # declined / cancelled guests are not planned
NEEDS_FIELDS = ("allergies", "diets", "restrictions_raw", "restrictions_unknown")
#: Years an event may start in: wide enough for any real event, and far from the calendar's
#: edges, where converting between Lima and UTC overflows.
EVENT_YEARS = (2000, 2100)
LINK_DAYS = 45  # an RSVP link lasts until the event, at most this long
_CENT = Decimal("0.01")
MAX_BUDGET = Decimal(100000)  # soles per guest


def in_cents(value: Decimal) -> Decimal:
    """Money is kept in cents (the store's Money column): round half up; a budget that rounds
    to S/ 0.00 would leave every plate out, so it is refused."""
    cents = value.quantize(_CENT, rounding=ROUND_HALF_UP)
    if cents < _CENT:
        raise ValueError("a budget per guest must be at least S/ 0.01")
    return cents


def _in_event_years(value: datetime) -> datetime:
    low, high = EVENT_YEARS
    if not low <= value.year <= high:
        raise ValueError(f"the event must start between {low} and {high}, not in {value.year}")
    return value


# Money is a JSON number or a plain decimal string ("85.50"); the document says which strings
# (whole soles from 1, at most two decimals) so that every amount it allows is one the store
# keeps. A budget is at least half a centimo: it rounds to S/ 0.01.
Budget = Annotated[
    Decimal,
    Field(ge=Decimal("0.005"), le=MAX_BUDGET),
    AfterValidator(in_cents),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0.005, "maximum": 100000},
                {"type": "string", "pattern": r"^[1-9][0-9]{0,4}(\.[0-9]{1,2})?$"},
            ]
        }
    ),
]
DrinksBudget = Annotated[
    Decimal,
    Field(ge=0, le=MAX_BUDGET),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 100000},
                {"type": "string", "pattern": r"^[0-9]{1,5}(\.[0-9]{1,2})?$"},
            ]
        }
    ),
]


def _course(value: str) -> str:
    course = fold(value).replace(" ", "_")
    if course not in COURSES:
        raise ValueError(f"unknown course '{value}': use {', '.join(COURSES)}")
    return course


# Read as people write it ("Entrada", "plato de fondo" is not one); the document lists the names.
Course = Annotated[str, AfterValidator(_course), WithJsonSchema({"enum": list(COURSES)})]
Courses = Annotated[list[Course], Field(min_length=1, max_length=12)]
#: A field PATCH may leave out but not set to null (update_event refuses null with the name).
NotNull = SkipJsonSchema[None]
EventStart = Annotated[
    datetime,
    AfterValidator(_in_event_years),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": r"^(20[0-9]{2}|2100)-"}),
]


def link_expiry(sent_at: datetime, starts_at: datetime) -> datetime:
    """When an RSVP link sent at ``sent_at`` stops working: at the event, or LINK_DAYS later."""
    return min(sent_at + timedelta(days=LINK_DAYS), starts_at)


class EventCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    event_type: str = Field(default="cena", min_length=1, max_length=40)
    starts_at: EventStart
    venue_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    capacity: int | None = Field(default=None, ge=1, le=10000)
    budget_per_guest_pen: Budget | None = None
    courses: Courses = ["entrada", "fondo", "postre"]
    notes: str | None = Field(default=None, max_length=5000)


class EventUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, Field(min_length=1, max_length=200)] | NotNull = None
    event_type: Annotated[str, Field(min_length=1, max_length=40)] | NotNull = None
    starts_at: EventStart | NotNull = None
    venue_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    capacity: int | None = Field(default=None, ge=1, le=10000)
    budget_per_guest_pen: Budget | None = None
    courses: Courses | NotNull = None
    status: EventStatus | NotNull = None
    notes: str | None = Field(default=None, max_length=5000)


class PlanOptions(BaseModel):
    """How to plan an event; ``None`` means "as last time" (or the default)."""

    model_config = ConfigDict(extra="forbid")
    max_dishes_per_course: int | None = Field(default=None, ge=1, le=50)
    time_limit_s: float | None = Field(default=None, gt=0, le=120)
    lang: Lang | None = Field(default=None, description="of the reasons and the concept")
    #: ``flight`` or ``per_course``; None: as last time, else from the event type.
    wine_mode: WineMode | None = None
    #: Soles per drinking guest for the wines; 0 removes the budget of the last plan.
    drinks_budget_per_guest_pen: DrinksBudget | None = None


@dataclass
class PlanResult:
    row: EventPlan
    plan: Plan
    diff: PlanDiff


def _courses(values: list[str]) -> list[str]:
    out = [fold(c).replace(" ", "_") for c in values if c.strip()]
    bad = [c for c in out if c not in COURSES]
    if bad or not out:
        raise InvalidInput(
            f"unknown course(s) {', '.join(bad) or '(none)'}: use {', '.join(COURSES)}"
        )
    return out


# -- events -------------------------------------------------------------------------------


def event_dict(session: Session, event: Event) -> dict[str, Any]:
    counts: dict[str, int] = defaultdict(int)
    for status, n in session.execute(
        select(Invitation.status, func.count())
        .where(Invitation.event_id == event.id)
        .group_by(Invitation.status)
    ):
        counts[status] = int(n)
    venue = session.get(Venue, event.venue_id) if event.venue_id else None
    latest = latest_plan_row(session, event.id)
    return {
        "id": event.id,
        "name": event.name,
        "event_type": event.event_type,
        "starts_at": to_lima(event.starts_at).isoformat(),
        "venue_id": event.venue_id,
        "venue": venue.name if venue else None,
        "capacity": event.capacity,
        "budget_per_guest_pen": (
            str(event.budget_per_guest_pen) if event.budget_per_guest_pen is not None else None
        ),
        "courses": list(event.courses),
        "status": event.status,
        "notes": event.notes,
        "invitations": dict(counts),
        "plan": (
            {"id": latest.id, "version": latest.version, "status": latest.status}
            if latest
            else None
        ),
    }


def list_events(session: Session, status: str | None = None) -> list[Event]:
    stmt = select(Event).order_by(Event.starts_at.desc(), Event.id.desc())
    if status:
        stmt = stmt.where(Event.status == status)
    return list(session.scalars(stmt))


def get_event(session: Session, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound(f"no event {event_id}")
    return event


def create_event(session: Session, data: EventCreate) -> Event:
    """Create an event (status ``draft``); naive times are read as Lima time."""
    if data.venue_id is not None and session.get(Venue, data.venue_id) is None:
        raise NotFound(f"no venue {data.venue_id}: create it first or leave it empty")
    event = Event(
        name=data.name.strip(),
        event_type=data.event_type.strip().lower(),
        starts_at=to_utc(data.starts_at),
        venue_id=data.venue_id,
        capacity=data.capacity,
        budget_per_guest_pen=data.budget_per_guest_pen,
        courses=_courses(data.courses),
        status="draft",
        notes=data.notes,
    )
    session.add(event)
    session.flush()
    return event


def update_event(session: Session, event_id: int, data: EventUpdate) -> Event:
    event = get_event(session, event_id)
    values = data.model_dump(exclude_unset=True)
    # These columns always hold a value: an explicit null is a mistake, not "clear it".
    cleared = [f for f in ("name", "event_type", "starts_at", "courses", "status") if f in values]
    if empty := [f for f in cleared if values[f] is None]:
        raise InvalidInput(f"{', '.join(empty)} cannot be null: leave the field out to keep it")
    if "status" in values and values["status"] not in EVENT_STATUSES:
        raise InvalidInput(f"unknown status '{values['status']}': use {', '.join(EVENT_STATUSES)}")
    if "courses" in values and values["courses"] is not None:
        values["courses"] = _courses(values["courses"])
    if values.get("starts_at") is not None:
        values["starts_at"] = to_utc(values["starts_at"])
    if values.get("venue_id") is not None and session.get(Venue, values["venue_id"]) is None:
        raise NotFound(f"no venue {values['venue_id']}")
    for name, value in values.items():
        setattr(event, name, value)
    if "starts_at" in values:
        _follow_start(session, event)
    session.flush()
    return event


def _follow_start(session: Session, event: Event) -> None:
    """A moved event moves its RSVP links' expiry too: an answer after the event is too late."""
    for inv in event.invitations:
        link = session.get(RsvpLink, inv.id)
        if link is not None:
            link.expires_at = link_expiry(link.created_at, event.starts_at)


# -- invitations --------------------------------------------------------------------------


def invite_guests(session: Session, event_id: int, guest_ids: list[int]) -> list[Invitation]:
    """Invite guests (once each); returns the new invitations."""
    event = get_event(session, event_id)
    have = set(session.scalars(select(Invitation.guest_id).where(Invitation.event_id == event.id)))
    created = []
    for gid in dict.fromkeys(guest_ids):
        guest = session.get(Guest, gid)
        if guest is None or guest.erased_at is not None:
            raise NotFound(f"no guest {gid}")
        if gid in have:
            continue
        inv = Invitation(event_id=event.id, guest_id=gid, status="invited")
        session.add(inv)
        created.append(inv)
    if event.capacity is not None and len(have) + len(created) > event.capacity:
        raise Conflict(
            f"the event holds {event.capacity} guests: {len(have) + len(created)} would be invited"
        )
    session.flush()
    return created


def invitations(session: Session, event_id: int) -> list[tuple[Invitation, Guest]]:
    rows = session.execute(
        select(Invitation, Guest)
        .join(Guest, Guest.id == Invitation.guest_id)
        .where(Invitation.event_id == event_id)
        .order_by(Guest.last_name, Guest.first_name, Guest.id)
    )
    return [(inv, g) for inv, g in rows]


def set_invitation_status(session: Session, invitation: Invitation, status: str) -> bool:
    if status not in ("invited", "confirmed", "declined", "cancelled"):
        raise InvalidInput(f"unknown RSVP status '{status}': use confirmed or declined")
    if invitation.status == status:
        return False
    invitation.status = status
    invitation.responded_at = utcnow()
    session.flush()
    return True


# -- guests' needs --------------------------------------------------------------------------


def _needs_of(guest: Guest) -> dict[str, Any]:
    return {f: getattr(guest, f) for f in NEEDS_FIELDS}


def update_needs(
    session: Session,
    kb: KnowledgeBase,
    guest_id: int,
    restrictions: str | None,
    *,
    source: str,
    event_id: int | None = None,
) -> tuple[GuestNeedsChange | None, list[GuestNeedsChanged]]:
    """Replace what a guest wrote about their needs; keeps the change in the history.

    Returns the history row and the domain events to publish (none when nothing changed).
    """
    guest = session.get(Guest, guest_id)
    if guest is None or guest.erased_at is not None:
        raise NotFound(f"no guest {guest_id}")
    if event_id is not None:
        get_event(session, event_id)
    before = _needs_of(guest)
    update_guest(session, guest_id, {"allergies_text": restrictions or "", "diet_text": ""})
    after = _needs_of(guest)
    fields = [f for f in NEEDS_FIELDS if before[f] != after[f]]
    if not fields:
        return None, []
    change = GuestNeedsChange(
        guest_id=guest_id, event_id=event_id, source=source, fields=fields,
        before=before, after=after,
    )  # fmt: skip
    session.add(change)
    session.flush()
    event = GuestNeedsChanged(
        guest_id=guest_id, change_id=change.id, event_id=event_id, fields=tuple(fields)
    )
    # Staged in this transaction: announced only if the change commits (the outbox).
    stage(session, [event])
    return change, [event]


def needs_history(session: Session, guest_id: int) -> list[GuestNeedsChange]:
    return list(
        session.scalars(
            select(GuestNeedsChange)
            .where(GuestNeedsChange.guest_id == guest_id)
            .order_by(GuestNeedsChange.at.desc(), GuestNeedsChange.id.desc())
        )
    )


# -- plans --------------------------------------------------------------------------------


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


def guest_needs(guest: Guest, ratings: dict[str, float], pending: bool = False) -> GuestNeeds:
    return GuestNeeds(
        guest_id=str(guest.id),
        name=guest.full_name or None,
        language=guest.language or "es",
        allergies_text=guest.restrictions_raw,
        allergies=list(guest.allergies or []),
        diets=list(guest.diets or []),
        unknown=list(guest.restrictions_unknown or []),
        favourite_cuisines=list(guest.favourite_cuisines or []),
        notes=guest.notes,
        consent_personalisation=bool(guest.consent_personalisation),
        ratings=ratings,
        pending=pending,
    )


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


def locks_of(session: Session, event_id: int) -> list[EventLock]:
    return list(
        session.scalars(
            select(EventLock).where(EventLock.event_id == event_id).order_by(EventLock.id)
        )
    )


def latest_plan_row(session: Session, event_id: int) -> EventPlan | None:
    return session.scalars(
        select(EventPlan).where(EventPlan.event_id == event_id).order_by(EventPlan.version.desc())
    ).first()


def plan_rows(session: Session, event_id: int) -> list[EventPlan]:
    return list(
        session.scalars(
            select(EventPlan)
            .where(EventPlan.event_id == event_id)
            .order_by(EventPlan.version.desc())
        )
    )


def get_plan_row(session: Session, event_id: int, plan_id: int) -> EventPlan:
    row = session.get(EventPlan, plan_id)
    if row is None or row.event_id != event_id:
        raise NotFound(f"event {event_id} has no plan {plan_id}")
    return row


def planned_guests(session: Session, event_id: int) -> list[tuple[Invitation, Guest]]:
    """The invitations a plan serves (confirmed or still invited), with their guests."""
    return [
        (inv, g)
        for inv, g in invitations(session, event_id)
        if inv.status in PLANNED_STATUSES and g.erased_at is None
    ]


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
    options = options or PlanOptions()
    previous = latest_plan_row(session, event.id)
    pairs = planned_guests(session, event.id)
    snapshot = guests_snapshot(pairs)  # before solving: a change during the solve re-plans
    request = build_request(session, event, options, previous, pairs)
    if not request.menu:
        raise InvalidInput(
            "no dishes for these courses: load the venue's menu (sazon ingest dishes) or "
            "change the event's courses"
        )
    plan = plan_menu(request, kb, matcher, catalogue=catalogue_of(session, event))
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
    if event.status == "draft":
        event.status = "planning"
    session.flush()
    return PlanResult(row, plan, diff)


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
        raise Conflict(f"event {event_id} was planned by someone else meanwhile: plan it again")
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:
        if is_foreign_key_violation(exc):
            raise gone from None
        if is_unique_violation(exc):
            raise Conflict(
                f"event {event_id} was planned by someone else meanwhile: plan it again"
            ) from None
        raise


def diff_plans(
    before: Plan | None,
    after: Plan,
    changed_guests: dict[str, list[str]] | None = None,
    why: str | None = None,
) -> PlanDiff:
    """Which guest-courses changed plate between two plans, and why."""
    changed_guests = changed_guests or {}
    en = after.lang == "en"
    diff = PlanDiff(from_plan=None, to_plan=None, why=why)
    if before is None:
        return diff
    old = {(a.guest_id, a.course): a for a in before.assignments}
    new = {(a.guest_id, a.course): a for a in after.assignments}
    old_guests = {g.guest_id for g in before.guests}
    new_guests = {g.guest_id for g in after.guests}
    diff.added_guests = sorted(new_guests - old_guests, key=_idkey)
    diff.removed_guests = sorted(old_guests - new_guests, key=_idkey)
    for course in after.courses:
        if before.table_menu.get(course) != after.table_menu.get(course):
            diff.table_changes[course] = [
                before.table_menu.get(course),
                after.table_menu.get(course),
            ]
    unserved_after = {(u.guest_id, u.course): u.reason for u in after.unserved}
    for gid in sorted(new_guests | old_guests, key=_idkey):
        for course in after.courses:
            a, b = old.get((gid, course)), new.get((gid, course))
            if (a.dish_id if a else None) == (b.dish_id if b else None):
                continue
            if gid in diff.added_guests:
                reason = "new guest" if en else "invitado nuevo"
            elif gid in diff.removed_guests:
                reason = "no longer attending" if en else "ya no asiste"
            elif gid in changed_guests:
                fields = ", ".join(changed_guests[gid])
                reason = (
                    f"their needs changed ({fields})"
                    if en
                    else f"cambiaron sus necesidades ({fields})"
                )
            elif course in diff.table_changes:
                reason = "the table's dish changed" if en else "cambió el plato de la mesa"
            else:
                reason = (
                    "rebalanced for the kitchen limits and other guests"
                    if en
                    else "reajuste por los límites de cocina y los demás invitados"
                )
            now = b.reason if b else unserved_after.get((gid, course), "")
            if now:
                reason += f" → {now}"
            diff.changes.append(
                PlanChange(
                    guest_id=gid, course=course, before=a.dish_id if a else None,
                    after=b.dish_id if b else None, before_name=a.dish_name if a else None,
                    after_name=b.dish_name if b else None, reason=reason,
                )
            )  # fmt: skip
    return diff


def _idkey(value: str) -> tuple[int, str]:
    return (int(value), "") if value.isdigit() else (1 << 62, value)


# -- locks --------------------------------------------------------------------------------


def set_lock(
    session: Session,
    event_id: int,
    course: str,
    dish_id: int,
    guest_id: int | None = None,
    actor: str = "system",
) -> EventLock:
    """Fix the table's dish of a course (or one guest's plate); replaces an earlier lock."""
    # What is stored decides whether a lock fits (the event's courses, the dish's course, the
    # guest list, the guest's needs): a lock that does not is a Conflict, not unreadable input.
    event = get_event(session, event_id)
    slots = _slot_keys(event.courses)
    if course not in slots:
        raise Conflict(f"the event has no course '{course}': use {', '.join(slots)}")
    dish = session.get(Dish, dish_id)
    if dish is None:
        raise NotFound(f"no dish {dish_id}")
    if dish.course != slots[course]:
        raise Conflict(f"dish {dish_id} is not a {slots[course]} dish")
    if guest_id is not None:
        inv = session.scalars(
            select(Invitation).where(
                Invitation.event_id == event_id, Invitation.guest_id == guest_id
            )
        ).first()
        if inv is None:
            raise Conflict(f"guest {guest_id} is not invited to event {event_id}")
        guest = session.get(Guest, guest_id)
        assert guest is not None
        menu_dish = MenuDish(
            dish_id=str(dish.id), name_es=dish.name_es, course=dish.course,
            ingredients=list(dish.ingredients_raw or []), cooking=list(dish.cooking or []),
        )  # fmt: skip
        kb = current_knowledge(session)
        found = conflicts(dish_facts(menu_dish, kb), profile_of(guest_needs(guest, {}), kb))
        if found:
            hint = (
                f" (classify it: {CLASSIFY_HINT})"
                if any(c.what == "unknown_ingredient" for c in found)
                else ""
            )
            raise Conflict(
                f"{dish.name_es} is not safe for guest {guest_id}: {conflict_text(found, kb)}{hint}"
            )
    for old in locks_of(session, event_id):
        if old.course == course and old.guest_id == guest_id:
            session.delete(old)
    session.flush()
    lock = EventLock(event_id=event_id, course=course, dish_id=dish_id, guest_id=guest_id,
                     created_by=actor)  # fmt: skip
    session.add(lock)
    session.flush()
    return lock


def remove_lock(session: Session, event_id: int, lock_id: int) -> None:
    lock = session.get(EventLock, lock_id)
    if lock is None or lock.event_id != event_id:
        raise NotFound(f"event {event_id} has no lock {lock_id}")
    session.delete(lock)
    session.flush()


def _slot_keys(courses: list[str]) -> dict[str, str]:
    seen: dict[str, int] = {}
    out: dict[str, str] = {}
    for c in courses:
        seen[c] = seen.get(c, 0) + 1
        out[c if seen[c] == 1 else f"{c}_{seen[c]}"] = c
    return out


def course_names(courses: list[str], lang: str = "es") -> dict[str, str]:
    return {key: course_label(key, lang) for key in _slot_keys(courses)}


# -- Ley 29733 ------------------------------------------------------------------------------


def audit_plan_read(
    session: Session, who: Principal, plan: Plan, request_id: str | None, where: str = "api"
) -> None:
    """A plan shows every guest's restrictions: one health-data read naming every guest."""
    ids = [int(g.guest_id) for g in plan.guests if g.guest_id.isdigit()]
    audit_read(session, who, "event.plan.read", ids, f"{where}: plan", request_id)


def forget_guest(session: Session, guest_id: int) -> dict[str, int]:
    """Erase a guest's planning data (Ley 29733): needs history, locks, RSVP links, and
    their rows inside stored plans. Kitchen counts stay, as anonymous aggregates."""
    gid = str(guest_id)
    history = list(
        session.scalars(select(GuestNeedsChange).where(GuestNeedsChange.guest_id == guest_id))
    )
    for change in history:
        session.delete(change)
    locks = list(session.scalars(select(EventLock).where(EventLock.guest_id == guest_id)))
    for lock in locks:
        session.delete(lock)
    links = 0
    for inv in session.scalars(select(Invitation).where(Invitation.guest_id == guest_id)):
        link = session.get(RsvpLink, inv.id)
        if link is not None:
            session.delete(link)
            links += 1
    plans = 0
    for stored in session.scalars(select(EventPlan)):
        plan = dict(stored.plan)
        if not any(g.get("guest_id") == gid for g in plan.get("guests", [])):
            continue
        for key in ("assignments", "unserved", "guests"):
            plan[key] = [x for x in plan.get(key, []) if x.get("guest_id") != gid]
        flight = plan.get("wine_flight")
        if flight:
            flight = dict(flight)
            flight["non_alcoholic_guests"] = [
                n for n in flight.get("non_alcoholic_guests", []) if n.get("guest_id") != gid
            ]
            flight["plates"] = [
                {**p, "guest_ids": [g for g in p.get("guest_ids", []) if g != gid]}
                for p in flight.get("plates", [])
            ]
            flight["plates"] = [p for p in flight["plates"] if p["guest_ids"]]
            plan["wine_flight"] = flight
        plan["warnings"] = [w for w in plan.get("warnings", []) if f" {gid}" not in w]
        diff = dict(stored.diff or {})
        diff["changes"] = [c for c in diff.get("changes", []) if c.get("guest_id") != gid]
        stored.plan, stored.diff = plan, diff
        # A stored check names guests and their needs: it goes, the next read checks again.
        session.execute(delete(PlanCheck).where(PlanCheck.plan_id == stored.id))
        if stored.reason and f"guest {gid} " in f"{stored.reason} ":
            stored.reason = "needs changed (erased guest)"
        plans += 1
    session.flush()
    return {"needs_changes": len(history), "locks": len(locks), "rsvp_links": links,
            "plans": plans}  # fmt: skip


def delete_event(session: Session, event_id: int) -> None:
    """Delete an event with its invitations, links, locks and plans (needs history stays,
    unlinked from the event: it belongs to the guest).

    The event is locked first (PostgreSQL) and the first statement writes (SQLite takes its
    write lock there), so a plan being saved meanwhile either lands before and is deleted
    with the event, or finds the event gone.
    """
    event = session.scalar(select(Event).where(Event.id == event_id).with_for_update())
    if event is None:
        raise NotFound(f"no event {event_id}")
    session.execute(
        update(GuestNeedsChange)
        .where(GuestNeedsChange.event_id == event_id)
        .values(event_id=None)
        .execution_options(synchronize_session="fetch")
    )
    invited = select(Invitation.id).where(Invitation.event_id == event_id)
    plans = select(EventPlan.id).where(EventPlan.event_id == event_id)
    for stmt in (
        delete(RsvpLink).where(RsvpLink.invitation_id.in_(invited)),
        delete(PlanCheck).where(PlanCheck.plan_id.in_(plans)),
        delete(EventPlan).where(EventPlan.event_id == event_id),
        delete(EventLock).where(EventLock.event_id == event_id),
    ):
        session.execute(stmt.execution_options(synchronize_session="fetch"))
    session.delete(event)
    session.flush()
