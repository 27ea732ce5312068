"""The audit log (Ley 29733): who read or changed guests' personal data, and how long it stays.

One entry per request. A read that shows many guests (a page of guests, an event plan) is one
entry listing their ids, not one row per guest: the log of a busy day no longer outgrows the
data it watches. ``audit_log_guests`` indexes those ids, so :func:`reads_of` finds every entry
that showed a guest with an index look-up on SQLite and PostgreSQL alike.

An entry belongs to the caller's transaction and is written as it commits (a ``before_commit``
hook), with two plain statements (the entry, then its guest ids in one executemany), never
through ORM objects: on a page of 20 guests the ORM's unit of work was a quarter of the
request. It commits with the request or not at all: a response that showed guests always has
its entry, a rolled-back one leaves none. Written at the commit, not when the guests are read:
the API commits in a thread-pool hop of its own, and a write lock taken in the handler's hop
and held until a free thread could commit it starved the pool under load (every thread
waiting for the lock, the lock's holder waiting for a thread).

Entries older than ``SAZON_AUDIT__RETENTION_DAYS`` (365 by default, 0 keeps them forever) are
pruned on write, at most once an hour per process and store.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from sqlalchemy import Table, delete, event, insert, select
from sqlalchemy.orm import Session, SessionTransaction

from sazon.access.keys import Principal
from sazon.config import load_settings
from sazon.store import AuditEntry, AuditGuest
from sazon.timeutil import utcnow

PRUNE_EVERY_S = 3600.0
# The tables, not the classes: a Core insert skips the ORM's bulk-insert machinery, half the
# cost of an entry.
_ENTRIES: Table = AuditEntry.__table__  # type: ignore[assignment]
_GUESTS: Table = AuditGuest.__table__  # type: ignore[assignment]
# session.info keys: the entries not yet written; whether the session's hooks are set.
_PENDING = "sazon_audit_pending"
_HOOKED = "sazon_audit_hooked"
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
    entry = {
        "at": utcnow(),
        "actor_key_id": who.key_id if who else None,
        "actor": f"{who.name} ({who.role})" if who else "system",
        "action": action,
        "guest_id": ids[0] if len(ids) == 1 else None,
        "guest_ids": ids if len(ids) > 1 else None,
        "detail": detail,
        "request_id": request_id,
    }
    pending: list[tuple[dict[str, Any], list[int]]] | None = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = []
        if not session.info.get(_HOOKED):
            session.info[_HOOKED] = True
            event.listen(session, "before_commit", _write_pending)
            event.listen(session, "after_transaction_end", _drop_pending)
    pending.append((entry, ids))


def _write_pending(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint's commit: the entries wait for the transaction's own
    for entry, ids in session.info.pop(_PENDING, []):
        audit_id = session.execute(
            insert(_ENTRIES).values(**entry).returning(_ENTRIES.c.id)
        ).scalar_one()
        if ids:
            session.execute(insert(_GUESTS), [{"audit_id": audit_id, "guest_id": g} for g in ids])
        _maybe_prune(session)


def _drop_pending(session: Session, transaction: SessionTransaction) -> None:
    # The transaction ended without its commit (written entries were popped): a rolled-back
    # request sent nothing, so its entries go.
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


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
