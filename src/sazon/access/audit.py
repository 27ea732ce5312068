"""The audit log (Ley 29733): who read or changed guests' personal data, and how long it stays.

One entry per request. A read that shows many guests (a page of guests, an event plan) is one
entry listing their ids, not one row per guest: the log of a busy day no longer outgrows the
data it watches. ``audit_log_guests`` indexes those ids, so :func:`reads_of` finds every entry
that showed a guest with an index look-up on SQLite and PostgreSQL alike.

An entry is written with two plain statements in the caller's transaction (the entry, then its
guest ids in one executemany), never through ORM objects: on a page of 20 guests the ORM's
unit of work was a quarter of the request. The entry commits with the request, or not at all:
a response that showed guests always has its entry.

Entries older than ``SAZON_AUDIT__RETENTION_DAYS`` (365 by default, 0 keeps them forever) are
pruned on write, at most once an hour per process and store.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session

from sazon.access.keys import Principal
from sazon.config import load_settings
from sazon.store import AuditEntry, AuditGuest
from sazon.timeutil import utcnow

PRUNE_EVERY_S = 3600.0
# The tables, not the classes: a Core insert skips the ORM's bulk-insert machinery, half the
# cost of an entry.
_ENTRIES: Table = AuditEntry.__table__  # type: ignore[assignment]
_GUESTS: Table = AuditGuest.__table__  # type: ignore[assignment]
# Keyed by the engine's URL object (hashable, no rendering per write).
_last_prune: dict[Any, float] = {}
_prune_lock = threading.Lock()


def audit(
    session: Session,
    who: Principal | None,
    action: str,
    guest_id: int | None,
    detail: str | None = None,
    request_id: str | None = None,
) -> None:
    """Log one action on one guest (or on none: ``guest_id=None``)."""
    _write(session, who, action, [] if guest_id is None else [guest_id], detail, request_id)


def audit_read(
    session: Session,
    who: Principal | None,
    action: str,
    guest_ids: Iterable[int],
    detail: str | None = None,
    request_id: str | None = None,
) -> None:
    """Log one read that showed ``guest_ids`` (a page, a plan): one entry, every id in it.

    Nothing is logged when no guest was shown.
    """
    ids = list(dict.fromkeys(guest_ids))
    if ids:
        _write(session, who, action, ids, detail, request_id)


def _write(
    session: Session,
    who: Principal | None,
    action: str,
    ids: list[int],
    detail: str | None,
    request_id: str | None,
) -> None:
    entry = session.execute(
        insert(_ENTRIES)
        .values(
            at=utcnow(),
            actor_key_id=who.key_id if who else None,
            actor=f"{who.name} ({who.role})" if who else "system",
            action=action,
            guest_id=ids[0] if len(ids) == 1 else None,
            guest_ids=ids if len(ids) > 1 else None,
            detail=detail,
            request_id=request_id,
        )
        .returning(_ENTRIES.c.id)
    ).scalar_one()
    if ids:
        session.execute(insert(_GUESTS), [{"audit_id": entry, "guest_id": g} for g in ids])
    _maybe_prune(session)


def reads_of(session: Session, guest_id: int) -> list[AuditEntry]:
    """Every audit entry that names ``guest_id``, alone or among others, oldest first."""
    return list(
        session.scalars(
            select(AuditEntry)
            .join(AuditGuest, AuditGuest.audit_id == AuditEntry.id)
            .where(AuditGuest.guest_id == guest_id)
            .order_by(AuditEntry.id)
        )
    )


def prune_audit(session: Session, days: int) -> int:
    """Delete the entries older than ``days`` (0 keeps everything); how many went."""
    if days <= 0:
        return 0
    old = select(AuditEntry.id).where(AuditEntry.at < utcnow() - timedelta(days=days))
    session.execute(delete(AuditGuest).where(AuditGuest.audit_id.in_(old)))
    gone = session.execute(delete(AuditEntry).where(AuditEntry.id.in_(old)))
    return int(getattr(gone, "rowcount", 0) or 0)


def _maybe_prune(session: Session) -> None:
    store = session.get_bind().engine.url
    now = time.monotonic()
    with _prune_lock:
        last = _last_prune.get(store)
        if last is not None and now - last < PRUNE_EVERY_S:
            return
        _last_prune[store] = now
    # Read when due, not at import: the retention is whatever the environment says now.
    prune_audit(session, load_settings().audit.retention_days)
