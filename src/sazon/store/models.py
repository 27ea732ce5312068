"""The tables of the one Sazón store.

Times are stored in UTC (see :class:`UTCDateTime`); money is PEN in ``Numeric(10, 2)``.
Lists (allergies, diets, grapes…) are JSON arrays so both SQLite and PostgreSQL hold them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from sazon.store.types import JsonType, NullableJson, UTCDateTime
from sazon.timeutil import utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Money = Numeric(10, 2)

# SQLite hands a deleted row's id (the largest) to the next row unless the table is
# AUTOINCREMENT; ids are kept outside their rows (audit log, merge history, ingest
# fingerprints, plans, API clients), so a reused id would show one person's history to the
# next. PostgreSQL's sequences never reuse. Every table with an ``id`` uses this (a test checks).
IDS_NEVER_REUSED: dict[str, Any] = {"sqlite_autoincrement": True}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JsonType,
        list[Any]: JsonType,
        datetime: UTCDateTime,
    }


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Venue(Timestamped, Base):
    __tablename__ = "venues"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    district: Mapped[str | None] = mapped_column(String(120))
    city: Mapped[str] = mapped_column(String(120), default="Lima")
    capacity: Mapped[int | None] = mapped_column(Integer)
    cuisine: Mapped[str | None] = mapped_column(String(120))


class Guest(Timestamped, Base):
    __tablename__ = "guests"
    # A page of the guest list is read in this order (store.guests.guest_query).
    __table_args__ = (
        Index("ix_guests_name_order", "last_name", "first_name", "id"),
        IDS_NEVER_REUSED,
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(120), index=True)
    first_name: Mapped[str | None] = mapped_column(String(120))
    last_name: Mapped[str | None] = mapped_column(String(160))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(32), index=True)
    language: Mapped[str] = mapped_column(String(8), default="es")
    # Indexed: ingest looks guests up by birth date to compare names (twins, typos).
    birth_date: Mapped[date | None] = mapped_column(Date, index=True)
    country: Mapped[str | None] = mapped_column(String(2))
    diets: Mapped[list[Any]] = mapped_column(default=list)
    allergies: Mapped[list[Any]] = mapped_column(default=list)
    # What the guest wrote, kept verbatim so an unknown word is never lost.
    restrictions_raw: Mapped[str | None] = mapped_column(Text)
    restrictions_unknown: Mapped[list[Any]] = mapped_column(default=list)
    favourite_cuisines: Mapped[list[Any]] = mapped_column(default=list)
    preferred_event_types: Mapped[list[Any]] = mapped_column(default=list)
    budget_tier: Mapped[str | None] = mapped_column(String(16))
    notes: Mapped[str | None] = mapped_column(Text)
    consent_marketing: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_personalisation: Mapped[bool] = mapped_column(Boolean, default=False)
    vip: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str | None] = mapped_column(String(64))
    # Set when the guest asked to be erased: the row stays, anonymised, for aggregates.
    erased_at: Mapped[datetime | None]

    visits: Mapped[list[Visit]] = relationship(back_populates="guest")
    flags: Mapped[list[GuestFlag]] = relationship(
        # The database deletes them with the guest (ON DELETE CASCADE): not loaded to delete.
        back_populates="guest",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="GuestFlag.id",
    )

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class Ingredient(Base):
    __tablename__ = "ingredients"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    name_es: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str] = mapped_column(String(160))
    synonyms: Mapped[list[Any]] = mapped_column(default=list)
    category: Mapped[str] = mapped_column(String(40))
    allergens: Mapped[list[Any]] = mapped_column(default=list)
    diet: Mapped[list[Any]] = mapped_column(default=list)
    acidity: Mapped[int] = mapped_column(Integer, default=0)
    sweetness: Mapped[int] = mapped_column(Integer, default=0)
    salt: Mapped[int] = mapped_column(Integer, default=0)
    bitterness: Mapped[int] = mapped_column(Integer, default=0)
    umami: Mapped[int] = mapped_column(Integer, default=0)
    heat: Mapped[int] = mapped_column(Integer, default=0)
    fat: Mapped[int] = mapped_column(Integer, default=0)
    weight: Mapped[int] = mapped_column(Integer, default=0)
    aromas: Mapped[list[Any]] = mapped_column(default=list)


class Dish(Timestamped, Base):
    __tablename__ = "dishes"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(120), unique=True)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id"))
    name_es: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    cuisine: Mapped[str | None] = mapped_column(String(40))
    course: Mapped[str] = mapped_column(String(40))
    cooking: Mapped[list[Any]] = mapped_column(default=list)
    price_pen: Mapped[Decimal | None] = mapped_column(Money)
    description_es: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    # The ingredient words as written; resolved ids live in dish_ingredients.
    ingredients_raw: Mapped[list[Any]] = mapped_column(default=list)
    from_knowledge: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    ingredients: Mapped[list[DishIngredient]] = relationship(
        cascade="all, delete-orphan", order_by="DishIngredient.position"
    )


class DishIngredient(Base):
    __tablename__ = "dish_ingredients"
    dish_id: Mapped[int] = mapped_column(ForeignKey("dishes.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    ingredient_id: Mapped[str | None] = mapped_column(ForeignKey("ingredients.id"))
    written_as: Mapped[str] = mapped_column(String(200))


class Wine(Timestamped, Base):
    __tablename__ = "wines"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(120), unique=True)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id"))
    name: Mapped[str] = mapped_column(String(200))
    producer: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(80))
    region: Mapped[str | None] = mapped_column(String(120))
    grapes: Mapped[list[Any]] = mapped_column(default=list)
    color: Mapped[str | None] = mapped_column(String(16))
    style: Mapped[str | None] = mapped_column(String(16))
    sweetness: Mapped[float | None] = mapped_column(Float)
    body: Mapped[float | None] = mapped_column(Float)
    acidity: Mapped[float | None] = mapped_column(Float)
    tannin: Mapped[float | None] = mapped_column(Float)
    oak: Mapped[float | None] = mapped_column(Float)
    alcohol: Mapped[float | None] = mapped_column(Float)
    aromas: Mapped[list[Any]] = mapped_column(default=list)
    price_pen: Mapped[Decimal | None] = mapped_column(Money)
    by_the_glass: Mapped[bool] = mapped_column(Boolean, default=False)
    on_list: Mapped[bool] = mapped_column(Boolean, default=False)
    from_knowledge: Mapped[bool] = mapped_column(Boolean, default=False)


class Visit(Timestamped, Base):
    __tablename__ = "visits"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(120), unique=True)
    guest_id: Mapped[int | None] = mapped_column(ForeignKey("guests.id"), index=True)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id"))
    visited_at: Mapped[datetime] = mapped_column(index=True)
    party_size: Mapped[int] = mapped_column(Integer, default=1)
    total_pen: Mapped[Decimal | None] = mapped_column(Money)
    occasion: Mapped[str | None] = mapped_column(String(60))

    guest: Mapped[Guest | None] = relationship(back_populates="visits")
    lines: Mapped[list[OrderLine]] = relationship(cascade="all, delete-orphan")


class OrderLine(Base):
    __tablename__ = "order_lines"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"), index=True)
    dish_id: Mapped[int | None] = mapped_column(ForeignKey("dishes.id"))
    wine_id: Mapped[int | None] = mapped_column(ForeignKey("wines.id"))
    item_name: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit_price_pen: Mapped[Decimal | None] = mapped_column(Money)


class Feedback(Timestamped, Base):
    __tablename__ = "feedback"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(120), unique=True)
    guest_id: Mapped[int | None] = mapped_column(ForeignKey("guests.id"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"))
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id"))
    rating: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
    channel: Mapped[str | None] = mapped_column(String(40))
    language: Mapped[str | None] = mapped_column(String(8))
    submitted_at: Mapped[datetime] = mapped_column(index=True)


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

    invitations: Mapped[list[Invitation]] = relationship(cascade="all, delete-orphan")


class Invitation(Timestamped, Base):
    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("event_id", "guest_id"), IDS_NEVER_REUSED)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    guest_id: Mapped[int] = mapped_column(ForeignKey("guests.id"))
    status: Mapped[str] = mapped_column(String(24), default="invited")
    responded_at: Mapped[datetime | None]


class SocialPost(Timestamped, Base):
    __tablename__ = "social_posts"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(120), unique=True)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id"))
    platform: Mapped[str] = mapped_column(String(24))
    post_type: Mapped[str | None] = mapped_column(String(24))
    category: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str | None] = mapped_column(Text)
    posted_at: Mapped[datetime] = mapped_column(index=True)
    paid: Mapped[bool] = mapped_column(Boolean, default=False)
    reach: Mapped[int | None] = mapped_column(Integer)
    impressions: Mapped[int | None] = mapped_column(Integer)
    likes: Mapped[int | None] = mapped_column(Integer)
    comments: Mapped[int | None] = mapped_column(Integer)
    shares: Mapped[int | None] = mapped_column(Integer)


class MarketText(Timestamped, Base):
    __tablename__ = "market_texts"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(120), unique=True)
    source: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    published_at: Mapped[datetime] = mapped_column(index=True)
    product: Mapped[str | None] = mapped_column(String(120))
    region: Mapped[str | None] = mapped_column(String(80))
    rating: Mapped[float | None] = mapped_column(Float)
    author_segment: Mapped[str | None] = mapped_column(String(60))


class IngestRun(Base):
    __tablename__ = "ingest_runs"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    filename: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    merged: Mapped[int] = mapped_column(Integer, default=0)
    quarantined: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[dict[str, Any]] = mapped_column(default=dict)


class IngestJob(Base):
    """An uploaded file being ingested off the request: status and progress for any reader.

    Stored, not kept in memory, so every server process (and a request that lands on another
    worker) sees the same job. The summary kept here has no per-row details: those carry the
    values of rejected rows, which live in the quarantine (and go with an erase) instead.
    """

    __tablename__ = "ingest_jobs"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    filename: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(12), default="queued", index=True)
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    rows_total: Mapped[int | None] = mapped_column(Integer)
    run_id: Mapped[int | None] = mapped_column(Integer)
    # accepted / merged / quarantined so far, when the ingest reports them with its progress.
    counts: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    problem: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    # host:pid of the process running it, so a restarted server can tell its orphans.
    worker: Mapped[str] = mapped_column(String(120))
    key_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class QuarantinedRow(Base):
    """A row we could not accept, kept with its reasons until someone fixes it."""

    __tablename__ = "quarantine"
    __table_args__ = (UniqueConstraint("kind", "fingerprint"), IDS_NEVER_REUSED)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("ingest_runs.id"))
    kind: Mapped[str] = mapped_column(String(24), index=True)
    row_number: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_record_id: Mapped[int | None] = mapped_column(Integer)
    # Set when only some fields of the row are kept here: the record the rest of it became.
    record_id: Mapped[int | None] = mapped_column(Integer, index=True)


class GuestFlag(Base):
    """Something a person must decide about a guest, open until resolved.

    ``review``: a field of the guest's row could not be read; it waits in quarantine
    (``quarantine_id``) and the guest was kept without it. ``possible_duplicate``: the row
    shares an email, phone, id or name and birth date with ``other_guest_id`` but disagrees
    on another of them, so it was kept apart rather than merged.
    """

    __tablename__ = "guest_flags"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    guest_id: Mapped[int] = mapped_column(ForeignKey("guests.id", ondelete="CASCADE"), index=True)
    flag: Mapped[str] = mapped_column(String(24))
    # No foreign key: the other guest may be deleted; the flag then points at nobody.
    other_guest_id: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str | None] = mapped_column(String(64))
    matched_on: Mapped[str | None] = mapped_column(String(40))
    quarantine_id: Mapped[int | None] = mapped_column(Integer)
    run_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]

    guest: Mapped[Guest] = relationship(back_populates="flags")


class IngestedRow(Base):
    """Fingerprint of every accepted or merged row: re-ingesting a file changes nothing."""

    __tablename__ = "ingested_rows"
    kind: Mapped[str] = mapped_column(String(24), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[int] = mapped_column(Integer)
    run_id: Mapped[int] = mapped_column(ForeignKey("ingest_runs.id"))


class RecordMerge(Base):
    """What was merged into a record, from which file row, matched on what."""

    __tablename__ = "record_merges"
    __table_args__ = (Index("ix_record_merges_kind_record", "kind", "record_id"), IDS_NEVER_REUSED)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    record_id: Mapped[int] = mapped_column(Integer)
    run_id: Mapped[int] = mapped_column(ForeignKey("ingest_runs.id"))
    row_number: Mapped[int] = mapped_column(Integer)
    matched_on: Mapped[str] = mapped_column(String(40))
    fields_filled: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiKey(Base):
    """An API key: only its SHA-256 is kept; the key itself is shown once at creation."""

    __tablename__ = "api_keys"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(24))
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class WebSession(Base):
    """A browser's login: the cookie holds a random id, the store only its SHA-256.

    The session ends when it expires (one shift), when the person logs out, or when its key is
    revoked; the key itself never leaves the login form.
    """

    __tablename__ = "web_sessions"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    revoked_at: Mapped[datetime | None]


class AuditEntry(Base):
    """Who read or changed a guest's personal data (Ley 29733), and when.

    One entry per request: ``guest_ids`` lists every guest it showed (a page of guests, a
    plan), ``guest_id`` is set when it was one guest. :class:`AuditGuest` indexes the ids so a
    guest's export finds every entry that showed them without scanning the log.
    """

    __tablename__ = "audit_log"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    actor: Mapped[str] = mapped_column(String(160))
    action: Mapped[str] = mapped_column(String(40))
    guest_id: Mapped[int | None] = mapped_column(Integer, index=True)
    guest_ids: Mapped[list[Any] | None] = mapped_column(NullableJson, default=None)
    detail: Mapped[str | None] = mapped_column(String(300))
    request_id: Mapped[str | None] = mapped_column(String(40))
    guests: Mapped[list[AuditGuest]] = relationship(cascade="all, delete-orphan")


class AuditGuest(Base):
    """One guest an audit entry showed: the index behind "every read of guest N".

    Two integers per guest shown, where the log used to repeat a whole entry per guest.
    """

    __tablename__ = "audit_log_guests"
    guest_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit_log.id"), primary_key=True, index=True)


# ---- event planning (issue #6): plan snapshots, locks, RSVP links, dietary history --------


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


# ---- text understanding (issue #4): the sentiment of each feedback -----------------------


class FeedbackSentiment(Base):
    """The sentiment of one feedback text, written by the ``feedback-sentiment`` processor.

    One row per feedback, replaced when it is scored again; ``aspects`` is the list of
    ``{"aspect", "label", "score", "evidence"}`` and the model says which version scored it.
    """

    __tablename__ = "feedback_sentiment"
    __table_args__ = (Index("ix_feedback_sentiment_label_scored_at", "label", "scored_at"),)
    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True
    )
    label: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float)
    language: Mapped[str | None] = mapped_column(String(8))
    aspects: Mapped[list[Any]] = mapped_column(default=list)
    model_name: Mapped[str] = mapped_column(String(64))
    model_version: Mapped[str] = mapped_column(String(32))
    scored_at: Mapped[datetime] = mapped_column(default=utcnow)


# ---- house additions to the knowledge base (issue #11): what the packaged base does not know


class KnowledgeAddition(Base):
    """A house addition to the knowledge base: an ingredient, a synonym or a preparation.

    Additions are kept, never edited: the knowledge layer reads them on top of the packaged
    tables (``sazon.knowledge.current_knowledge``). ``name_key`` is the folded name (or the
    written word of a synonym), so one written name has one owner. ``ingredient_id`` is the
    id of the added ingredient or preparation, or, for a synonym, the ingredient it names.
    """

    __tablename__ = "knowledge_additions"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name_key: Mapped[str] = mapped_column(String(200), unique=True)
    ingredient_id: Mapped[str] = mapped_column(String(80), index=True)
    name_es: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str | None] = mapped_column(String(160))
    category: Mapped[str | None] = mapped_column(String(40))
    allergens: Mapped[list[Any]] = mapped_column(default=list)
    diet: Mapped[list[Any]] = mapped_column(default=list)
    flavour: Mapped[dict[str, Any]] = mapped_column(default=dict)
    aromas: Mapped[list[Any]] = mapped_column(default=list)
    components: Mapped[list[Any]] = mapped_column(default=list)
    added_by: Mapped[str] = mapped_column(String(160))
    added_by_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
