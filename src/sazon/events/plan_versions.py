"""An event's stored plans: each plan is a new version, kept with its diff from the one before
(which guest-courses changed plate, and why).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Text, bindparam, cast, select
from sqlalchemy.orm import Session

from sazon.errors import NotFound
from sazon.events.naming import field_words
from sazon.events.schemas import Plan, PlanChange, PlanDiff
from sazon.store.db import json_loads
from sazon.store.models import EventPlan


def latest_plan_row(session: Session, event_id: int) -> EventPlan | None:
    return session.scalars(
        select(EventPlan).where(EventPlan.event_id == event_id).order_by(EventPlan.version.desc())
    ).first()


@dataclass(frozen=True)
class LatestPlan:
    """An event's latest plan as a read shows it: its row's fields, the plan, and the plan as
    JSON (``body``, shared between reads of the same stored plan: copy it, never change it)."""

    id: int
    event_id: int
    version: int
    trigger: str
    reason: str | None
    created_at: datetime
    created_by: str
    plan: Plan
    body: dict[str, Any]
    diff: dict[str, Any] | None  # the change list against the previous version, as stored


_PLANS = EventPlan.__table__.c
# The plan as its stored text (not decoded by the column type): the key of _parsed.
_LATEST = (
    select(_PLANS.id, _PLANS.event_id, _PLANS.version, _PLANS.trigger, _PLANS.reason,
           _PLANS.created_at, _PLANS.created_by, _PLANS.diff, cast(_PLANS.plan, Text).label("text"))
    .where(_PLANS.event_id == bindparam("event_id"))
    .order_by(_PLANS.version.desc())
    .limit(1)
)  # fmt: skip


def latest_plan(session: Session, event_id: int) -> LatestPlan | None:
    """:func:`latest_plan_row` for a read: one plain statement, and the plan validated and
    dumped once per stored text (:func:`_parsed`), not on every read."""
    row = session.connection().execute(_LATEST, {"event_id": event_id}).first()
    if row is None:
        return None
    plan, body = _parsed(row.text)
    return LatestPlan(row.id, row.event_id, row.version, row.trigger, row.reason,
                      row.created_at, row.created_by, plan, body, row.diff)  # fmt: skip


@lru_cache(maxsize=32)
def _parsed(text: str) -> tuple[Plan, dict[str, Any]]:
    """A stored plan's model and JSON, by its stored text. Decoding, validating and dumping
    a plan (70 kB for 23 guests) was a third of a plan read, and plans are read far more
    often than written. Keyed by the text itself, not the row: a plan edited in place (an
    erasure redacts it) is a new text, parsed afresh, whichever process changed it."""
    plan = Plan.model_validate(json_loads(text))
    return plan, plan.model_dump(mode="json")


def forget_parsed_plans() -> None:
    """Drop the parsed plans this process keeps: an erasure leaves no copy of the old text
    in memory either (the other processes' copies go as newer plans push them out)."""
    _parsed.cache_clear()


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
                fields = field_words(changed_guests[gid], after.lang)
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
