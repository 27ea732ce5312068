"""Guests and what they did: visits, what they ordered, and the feedback they left."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sazon.store.models.base import IDS_NEVER_REUSED, Base, Money, Timestamped
from sazon.store.name_key import guest_name_key
from sazon.store.search_text import guest_search_text

if TYPE_CHECKING:
    from sazon.store.models.ingest import GuestFlag


class Guest(Timestamped, Base):
    __tablename__ = "guests"
    # A page of the guest list is read in this order (store.guests.guest_query).
    __table_args__ = (
        Index("ix_guests_name_order", "last_name", "first_name", "id"),
        # A search scans this narrow index (text and row id), not the wide rows.
        Index("ix_guests_search_text", "search_text"),
        # Ingest reads the guests born on a row's birthday whose name key is of a length that
        # can reach its fuzzy threshold (ingest.guest_match): one range of this index per day.
        Index("ix_guests_birth_date_name_length", "birth_date", "name_length"),
        IDS_NEVER_REUSED,
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(120), index=True)
    first_name: Mapped[str | None] = mapped_column(String(120))
    last_name: Mapped[str | None] = mapped_column(String(160))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(32), index=True)
    language: Mapped[str] = mapped_column(String(8), default="es")
    # Indexed with name_length: ingest looks guests up by birth date to compare names.
    birth_date: Mapped[date | None] = mapped_column(Date)
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
    # Names, email and phone folded for people search (store.search_text); rewritten on
    # every write below, empty once the guest is erased.
    search_text: Mapped[str | None] = mapped_column(Text)
    # Length of the folded name key (store.name_key.guest_name_key), rewritten on every write
    # below: ingest's fuzzy name step skips keys too long or too short to be close.
    name_length: Mapped[int | None] = mapped_column(Integer)

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


@event.listens_for(Guest, "before_insert")
@event.listens_for(Guest, "before_update")
def _keep_search_columns(_mapper: Any, _connection: Any, guest: Guest) -> None:
    # Every ORM write (API, web, CLI, ingest merges, erasure) passes here; the ingest's bulk
    # insert of new guests fills the column itself (ingest.guest_write).
    guest.search_text = guest_search_text(
        guest.first_name, guest.last_name, guest.email, guest.phone,
        erased=guest.erased_at is not None,
    )  # fmt: skip
    guest.name_length = len(guest_name_key(guest.first_name, guest.last_name))


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
