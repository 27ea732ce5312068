"""A plan's staleness, checked when its inputs change and read from the store.

Checking a plan (:func:`~sazon.events.staleness.check_plan`) loads every invited guest and
the menu and runs the safety rules: most of a plan read's time. The answer only changes when
its inputs do, so it is stored (``event_plan_checks``) with a digest of them:

- each invitation's guest, RSVP status and when the guest's record last changed (a needs
  change, an erasure, any edit through the ORM moves ``updated_at``);
- the event itself (courses, venue) and the dishes its menu can come from, with their times;
- the knowledge base's house additions (a chef's new classification can make a plate unsafe);
- the plan row.

The re-plan processor refreshes the check when the bus announces a guest or RSVP change; a
read computes the digest (two light queries) and uses the stored check only when it matches.
Anything else — no check yet, a change the worker has not seen, a worker that is stopped —
is checked again on the spot and stored, so a plan is never shown current when a guest's
needs changed.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import ColumnElement, Integer, cast, func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from sazon.events.plan_versions import LatestPlan, latest_plan_row
from sazon.events.schemas import Plan
from sazon.events.staleness import Staleness, check_plan
from sazon.knowledge import current_knowledge, knowledge_revision
from sazon.store.models import Dish, Event, EventPlan, Guest, Invitation, PlanCheck
from sazon.timeutil import utcnow


def inputs_digest(session: Session, event: Event, plan_id: int) -> str:
    """A digest of everything :func:`check_plan` reads for ``event``'s plan ``plan_id``."""
    guests = session.execute(
        select(Invitation.guest_id, Invitation.status, Guest.updated_at, Guest.erased_at)
        .join(Guest, Guest.id == Invitation.guest_id)
        .where(Invitation.event_id == event.id)
        .order_by(Invitation.id)
    )
    source: ColumnElement[bool] = Dish.from_knowledge.is_(True)
    if event.venue_id:
        source = or_(source, Dish.venue_id == event.venue_id)
    # Dishes are only added (new ids), edited (a newer updated_at) or removed (a lower count).
    dishes = session.execute(
        select(
            func.count(Dish.id),
            func.max(Dish.id),
            func.max(Dish.updated_at),
            func.sum(cast(Dish.active, Integer)),
        ).where(source, Dish.course.in_(list(event.courses)))
    ).one()
    head = (plan_id, event.updated_at, event.venue_id, list(event.courses))
    parts = [str(head), str(knowledge_revision(session)), str(tuple(dishes))]
    parts += [f"{g}|{status}|{changed}|{erased}" for g, status, changed, erased in guests]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _as_json(s: Staleness) -> dict[str, Any]:
    return {"unsafe": s.unsafe, "joined": s.joined, "left": s.left, "missing": s.missing_dishes}


def _from_json(d: dict[str, Any]) -> Staleness:
    return Staleness(list(d["unsafe"]), list(d["joined"]), list(d["left"]), list(d["missing"]))


def _store(session: Session, plan_id: int, digest: str, found: Staleness) -> None:
    values = {
        "plan_id": plan_id, "inputs": digest, "stale": found.stale, "notes": _as_json(found),
        "checked_at": utcnow(),
    }  # fmt: skip
    # Two readers may check the same plan at once: the last one's answer stays (both agree).
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(PlanCheck).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[PlanCheck.plan_id],
        set_={k: stmt.excluded[k] for k in ("inputs", "stale", "notes", "checked_at")},
    )
    session.execute(stmt)


def plan_staleness(
    session: Session, event: Event, row: EventPlan | LatestPlan, plan: Plan
) -> Staleness:
    """What changed since ``plan`` (stored as ``row``): the stored check while its inputs
    are today's, else a fresh check, stored for the next read."""
    digest = inputs_digest(session, event, row.id)
    stored = session.get(PlanCheck, row.id)
    if stored is not None and stored.inputs == digest:
        return _from_json(stored.notes)
    # The knowledge base of this transaction: the one the digest just read.
    found = check_plan(session, current_knowledge(session), event, plan)
    if stored is not None:
        session.expunge(stored)  # replaced below, by a statement the ORM does not track
    _store(session, row.id, digest, found)
    return found


def refresh_check(session: Session, event_id: int) -> Staleness | None:
    """Check ``event_id``'s latest plan now and store it (the bus processor's part)."""
    event = session.get(Event, event_id)
    row = latest_plan_row(session, event_id)
    if event is None or row is None:
        return None
    return plan_staleness(session, event, row, Plan.model_validate(row.plan))
