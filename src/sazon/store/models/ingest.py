"""What ingest keeps: runs and jobs, rows in quarantine, flags for a person, fingerprints
of accepted rows, and the history of merges.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sazon.store.models.base import IDS_NEVER_REUSED, Base
from sazon.store.types import JsonType
from sazon.timeutil import utcnow

if TYPE_CHECKING:
    from sazon.store.models.guests import Guest


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
