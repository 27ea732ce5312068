"""Events and their planning (issue #6): invitations, plan snapshots and their checks,
locks, RSVP links, and the history of a guest's dietary needs.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sazon.store.models.base import IDS_NEVER_REUSED, Base, Money, Timestamped
from sazon.timeutil import utcnow


class Event(Timestamped, Base):
    __tablename__ = "events"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    event_type: Mapped[str] = mapped_column(String(40))
    starts_at: Mapped[datetime]
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id"))
    capacity: Mapped[int | None] = mapped_column(Integer)
    budget_per_guest_pen: Mapped[Decimal | None] = mapped_column(Money)
    courses: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(24), default="draft")
    notes: Mapped[str | None] = mapped_column(Text)
    #: When the event was called off (status ``cancelled``): the record stays, links close.
    cancelled_at: Mapped[datetime | None]

    invitations: Mapped[list[Invitation]] = relationship(cascade="all, delete-orphan")


class Invitation(Timestamped, Base):
    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("event_id", "guest_id"), IDS_NEVER_REUSED)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    guest_id: Mapped[int] = mapped_column(ForeignKey("guests.id"))
    status: Mapped[str] = mapped_column(String(24), default="invited")
    responded_at: Mapped[datetime | None]
    #: When the planner last prepared an RSVP reminder for this guest (``sazon.events.reminders``).
    reminded_at: Mapped[datetime | None]


class EventPlan(Base):
    """One solved plan of an event: the request it answered, the plan, and what changed.

    Plans are never edited: a re-plan adds a version, with ``diff`` against the previous one
    and ``reason`` saying what triggered it. The plan holds guests' restrictions in its
    reasons, so it is health data (Ley 29733): only health-reading roles see it.
    """

    __tablename__ = "event_plans"
    __table_args__ = (UniqueConstraint("event_id", "version"), IDS_NEVER_REUSED)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    proven_optimal: Mapped[bool] = mapped_column(Boolean, default=False)
    trigger: Mapped[str] = mapped_column(String(24), default="manual")
    reason: Mapped[str | None] = mapped_column(Text)
    request: Mapped[dict[str, Any]] = mapped_column(default=dict)
    plan: Mapped[dict[str, Any]] = mapped_column(default=dict)
    diff: Mapped[dict[str, Any]] = mapped_column(default=dict)
    solve_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    created_by: Mapped[str] = mapped_column(String(160), default="system")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PlanCheck(Base):
    """A plan checked against the guests, menu and knowledge of one moment (its ``inputs``).

    Written when the bus announces a change and on a read that finds none for today's
    inputs; a read trusts it only while ``inputs`` still matches, so a change the worker
    has not seen yet is checked again, never shown as current.
    """

    __tablename__ = "event_plan_checks"
    plan_id: Mapped[int] = mapped_column(ForeignKey("event_plans.id"), primary_key=True)
    inputs: Mapped[str] = mapped_column(String(64))
    stale: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)


class EventLock(Base):
    """A choice fixed by hand: the table's dish for a course, or one guest's plate."""

    __tablename__ = "event_locks"
    __table_args__ = (Index("ix_event_locks_event_course", "event_id", "course"), IDS_NEVER_REUSED)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    course: Mapped[str] = mapped_column(String(40))
    dish_id: Mapped[int] = mapped_column(ForeignKey("dishes.id"))
    guest_id: Mapped[int | None] = mapped_column(ForeignKey("guests.id"))
    created_by: Mapped[str] = mapped_column(String(160), default="system")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RsvpLink(Base):
    """The signed RSVP link of an invitation; a new nonce revokes the links sent before."""

    __tablename__ = "rsvp_links"
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id"), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    opened_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]


class GuestNeedsChange(Base):
    """A change to a guest's dietary needs, with the values before and after (health data)."""

    __tablename__ = "guest_needs_changes"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    guest_id: Mapped[int] = mapped_column(ForeignKey("guests.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    source: Mapped[str] = mapped_column(String(24))
    fields: Mapped[list[Any]] = mapped_column(default=list)
    before: Mapped[dict[str, Any]] = mapped_column(default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)
