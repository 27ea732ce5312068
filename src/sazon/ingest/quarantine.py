"""The quarantine: rows (or fields of kept guests) waiting for a person, listed, corrected
and ingested again, or discarded."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from sazon.errors import InvalidInput, NotFound
from sazon.ingest.guest_rows import GuestRows
from sazon.ingest.parse import map_columns
from sazon.ingest.pipeline import RowProcessor
from sazon.ingest.results import RowResult
from sazon.knowledge import KnowledgeBase
from sazon.store import GuestFlag, QuarantinedRow, transaction
from sazon.timeutil import utcnow


class QuarantineEntry(BaseModel):
    id: int
    kind: str
    run_id: int
    row_number: int
    status: str
    raw: dict[str, Any]
    reasons: list[dict[str, str]]
    # Set when the row was kept and only the fields of ``reasons`` wait here.
    record_id: int | None = None


def list_quarantine(
    session: Session, kind: str | None = None, status: str = "open", *, newest_first: bool = False
) -> list[QuarantineEntry]:
    """The quarantined rows, oldest first (as they were read), or with ``newest_first`` the
    latest upload's first (a page shows what was just loaded on top), each run's rows in file
    order."""
    stmt = select(QuarantinedRow).where(QuarantinedRow.status == status)
    if kind:
        stmt = stmt.where(QuarantinedRow.kind == kind)
    order = (
        (QuarantinedRow.run_id.desc(), QuarantinedRow.row_number, QuarantinedRow.id)
        if newest_first
        else (QuarantinedRow.id,)
    )
    return [
        QuarantineEntry(
            id=q.id,
            kind=q.kind,
            run_id=q.run_id,
            row_number=q.row_number,
            status=q.status,
            raw=q.raw,
            reasons=q.reasons,
            record_id=q.record_id,
        )
        for q in session.scalars(stmt.order_by(*order))
    ]


def correct_quarantined(
    factory: sessionmaker[Session],
    kb: KnowledgeBase,
    quarantine_id: int,
    changes: dict[str, str],
    *,
    long_text: int = 2000,
) -> RowResult:
    """Apply corrections to a quarantined row and ingest it again.

    On success the entry is marked resolved with the record it became; otherwise it stays
    open with the new reasons.
    """
    with transaction(factory) as session:
        entry = session.get(QuarantinedRow, quarantine_id)
        if entry is None:
            raise NotFound(f"no quarantined row {quarantine_id}")
        if entry.status != "open":
            raise InvalidInput(f"quarantined row {quarantine_id} is already {entry.status}")
        row = {**entry.raw, **changes}
        columns = map_columns(list(row), entry.kind)
        unknown = [c for c in changes if c not in columns.fields]
        if unknown:
            raise InvalidInput(
                f"unknown column(s) {', '.join(unknown)} for {entry.kind}: "
                f"use one of {', '.join(columns.fields)}"
            )
        if entry.kind == "guests":
            # A kept guest's fields go to that guest, whoever else they now resemble.
            one = GuestRows(session, kb, entry.run_id, long_text=long_text, per_row=True)
            result = one.run([(entry.row_number, row)], columns, into=entry.record_id)[0]
        else:
            proc = RowProcessor(session, kb, entry.kind, entry.run_id, long_text)
            result = proc.process(entry.row_number, row, columns)
        if result.outcome == "quarantined":
            if result.quarantine_id != entry.id:
                # The corrected row is still bad: keep one entry, with the newest reasons.
                session.delete(session.get(QuarantinedRow, result.quarantine_id))
                entry.raw, entry.reasons = row, result.reasons
            result.quarantine_id = entry.id
            return result
        entry.status = "resolved"
        entry.resolved_at = utcnow()
        entry.resolved_record_id = result.record_id
        _resolve_flags(session, entry.id)
        if result.quarantine_id is None:
            result.quarantine_id = entry.id
        return result


def _resolve_flags(session: Session, quarantine_id: int) -> None:
    """A quarantined field fixed or given up: its guest needs no review for it any more."""
    session.execute(
        update(GuestFlag)
        .where(GuestFlag.quarantine_id == quarantine_id, GuestFlag.resolved_at.is_(None))
        .values(resolved_at=utcnow())
    )


def discard_quarantined(factory: sessionmaker[Session], quarantine_id: int) -> None:
    with transaction(factory) as session:
        entry = session.get(QuarantinedRow, quarantine_id)
        if entry is None:
            raise NotFound(f"no quarantined row {quarantine_id}")
        entry.status = "discarded"
        entry.resolved_at = utcnow()
        _resolve_flags(session, entry.id)
