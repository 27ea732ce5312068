"""The event bus's tables (the ``embedded://`` backend's log, offsets and processed ids).

They live in the store so Alembic migrates them with everything else (revision 0002). The bus
itself may not import the store (both are foundation layers that stay independent), so
``sazon.bus.tables`` declares the same tables with SQLAlchemy Core; a unit test checks that
both declarations agree column for column.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sazon.store.models import IDS_NEVER_REUSED, Base
from sazon.timeutil import utcnow


class BusPartition(Base):
    """One partition of a topic and the offset its next message gets.

    Publishers bump ``next_offset`` with an UPDATE, which locks the row until they commit: so
    on PostgreSQL offsets become visible in order and a reader never skips one still in flight.
    """

    __tablename__ = "bus_partitions"
    topic: Mapped[str] = mapped_column(String(200), primary_key=True)
    partition: Mapped[int] = mapped_column(Integer, primary_key=True)
    next_offset: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BusMessage(Base):
    """A message in a topic's log; the primary key is its position."""

    __tablename__ = "bus_messages"
    topic: Mapped[str] = mapped_column(String(200), primary_key=True)
    partition: Mapped[int] = mapped_column(Integer, primary_key=True)
    offset: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    key: Mapped[str | None] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(120))
    payload: Mapped[dict[str, Any]] = mapped_column()
    headers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BusOffset(Base):
    """A consumer group's committed offset on a partition: the next message it will read."""

    __tablename__ = "bus_offsets"
    consumer_group: Mapped[str] = mapped_column(String(200), primary_key=True)
    topic: Mapped[str] = mapped_column(String(200), primary_key=True)
    partition: Mapped[int] = mapped_column(Integer, primary_key=True)
    committed_offset: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class BusProcessed(Base):
    """An event a consumer group has applied: a redelivered copy is skipped (both backends)."""

    __tablename__ = "bus_processed"
    __table_args__ = (Index("ix_bus_processed_processed_at", "processed_at"),)
    consumer_group: Mapped[str] = mapped_column(String(200), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(default=utcnow)


class BusOutbox(Base):
    """An event staged in the same transaction as the record it announces (the outbox).

    ``sazon.bus.relay`` moves staged events to the bus and deletes them, so an event is never
    lost when the record commits and the broker is down, and never sent for a rolled-back row.
    """

    __tablename__ = "bus_outbox"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    topic: Mapped[str] = mapped_column(String(200))
    key: Mapped[str | None] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(120))
    payload: Mapped[dict[str, Any]] = mapped_column()
    headers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
