"""Ley 29733 duties: audit every read of health data, export and erase a guest.

Export and erase find what is held about a guest with the same function
(:func:`sazon.access.holdings.find_holdings`), so the export lists everything an erasure
removes. After the erasure commits, :func:`clear_freed_space` makes the store drop the old
bytes too (SQLite's freed pages and WAL; PostgreSQL's dead rows).
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from sazon.access.audit import audit
from sazon.access.holdings import (
    ERASE_ACTIONS,
    Holdings,
    erase_counts,
    erase_holdings,
    find_holdings,
    forget_in_tools,
    touched_tables,
)
from sazon.access.keys import Principal
from sazon.bus import GuestUpdated, stage
from sazon.errors import Conflict
from sazon.store import Feedback, Guest, Invitation, Visit
from sazon.store.guests import guest_dict
from sazon.store.queries import row_or_missing
from sazon.timeutil import utcnow


def _guest(session: Session, guest_id: int) -> Guest:
    return row_or_missing(session, Guest, guest_id, f"no guest {guest_id}")


def export_guest(
    session: Session,
    guest_id: int,
    who: Principal | None = None,
    *,
    detail: str | None = None,
    request_id: str | None = None,
) -> dict[str, Any]:
    """Everything held about one guest, as JSON-ready data, and what erasure would do.

    The export itself is audited (who asked, from where): it hands over health data."""
    found = find_holdings(session, _guest(session, guest_id))
    counts = erase_counts(found)
    audit(session, who, "guest.export", guest_id, detail, request_id)
    return {
        "guest": guest_dict(found.guest),
        **_listed(found),
        **found.tools,
        "erase": {
            kind: {"action": ERASE_ACTIONS.get(kind, ""), "items": n} for kind, n in counts.items()
        },
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _listed(found: Holdings) -> dict[str, list[dict[str, Any]]]:
    scores = {s.feedback_id: s for s in found.sentiment}
    return {
        "visits": [
            {
                "id": v.id,
                "visited_at": v.visited_at.isoformat(),
                "party_size": v.party_size,
                "total_pen": str(v.total_pen) if v.total_pen is not None else None,
                "items": [{"item": li.item_name, "quantity": li.quantity} for li in v.lines],
            }
            for v in found.visits
        ],
        "feedback": [
            {
                "id": f.id,
                "rating": f.rating,
                "text": f.text,
                "channel": f.channel,
                "submitted_at": f.submitted_at.isoformat(),
            }
            for f in found.feedback
        ],
        "sentiment": [
            {"feedback_id": fid, "label": s.label, "aspects": s.aspects}
            for fid, s in scores.items()
        ],
        "invitations": [{"event_id": i.event_id, "status": i.status} for i in found.invitations],
        "quarantine": [
            {
                "id": q.id,
                "kind": q.kind,
                "status": q.status,
                "row": q.row_number,
                "raw": q.raw,
                "reasons": q.reasons,
            }
            for q in found.quarantine
        ],
        "ingested_rows": [
            {"kind": r.kind, "run_id": r.run_id, "fingerprint": r.fingerprint}
            for r in found.ingested_rows
        ],
        "merges": [
            {
                "run_id": m.run_id,
                "row": m.row_number,
                "matched_on": m.matched_on,
                "fields_filled": m.fields_filled,
            }
            for m in found.merges
        ],
        "ingest_reports": [
            {"run_id": r.id, "kind": r.kind, "file": r.filename} for r in found.ingest_reports
        ],
        "access_log": [
            {"at": a.at.isoformat(), "actor": a.actor, "action": a.action, "detail": a.detail}
            for a in found.access_log
        ],
        "bus_messages": [
            {"topic": m.topic, "type": m.type, "at": _iso(m.created_at)} for m in found.bus_messages
        ],
    }


def erase_guest(
    session: Session,
    guest_id: int,
    who: Principal | None = None,
    request_id: str | None = None,
) -> dict[str, int]:
    """Remove a guest's personal data everywhere; keep anonymised aggregates.

    Visits, ratings and invitations stay (counts and averages still add up) but point at an
    anonymised row; free texts the guest wrote, raw file rows that carry them, merge history,
    fingerprints, sentiment evidence and the planner's copies go. Returns how many items of
    each kind were changed or removed (the export's ``erase`` section said the same). Call
    :func:`clear_freed_space` after the commit.
    """
    guest = _guest(session, guest_id)
    # On SQLite every connection runs with secure_delete (sazon.store.make_engine): the rows
    # deleted or rewritten here are zeroed in the file, not just marked free.
    counts = erase_holdings(session, find_holdings(session, guest))
    for name in _PERSONAL:
        setattr(guest, name, None)
    guest.first_name = "Anónimo"
    guest.allergies, guest.diets, guest.restrictions_unknown = [], [], []
    guest.favourite_cuisines, guest.preferred_event_types = [], []
    guest.consent_marketing = guest.consent_personalisation = False
    guest.erased_at = utcnow()
    # Processors that keep derived data about the guest (scores, profiles) erase it too.
    stage(session, [GuestUpdated(guest_id=guest_id, fields=("personal_data",), erased=True)])
    audit(session, who, "guest.erase", guest_id, None, request_id)
    return counts


def erase_and_clear(
    session: Session, guest_id: int, who: Principal | None = None, request_id: str | None = None
) -> dict[str, Any]:
    """Erase a guest (:func:`erase_guest`), commit, then make the store drop the old bytes.

    Commits first: the store can only drop the old bytes of a committed erasure. Returns what
    was removed, by kind, and what the store did with the freed space."""
    removed = erase_guest(session, guest_id, who, request_id)
    session.commit()
    return {"removed": removed, "storage": clear_freed_space(session.get_bind(), removed)}


def delete_guest(
    session: Session, guest_id: int, who: Principal | None = None, request_id: str | None = None
) -> None:
    """Delete a guest who has no history (a record made by mistake or twice).

    A guest with visits, feedback or invitations is refused (``Conflict``): deleting them would
    change the counts and the events' history; :func:`erase_guest` removes their personal data
    and keeps those. The tools' own copies (the planner's needs history) go with the guest.
    """
    guest = _guest(session, guest_id)
    erase_instead = f"sazon guests erase {guest_id} · POST /api/v1/guests/{guest_id}/erase"
    if _any(session, Visit.id, Visit.guest_id, guest_id) or _any(
        session, Feedback.id, Feedback.guest_id, guest_id
    ):
        raise Conflict(
            f"el invitado {guest_id} tiene visitas u opiniones: bórralo con el borrado de datos "
            f"personales, que conserva los totales / guest {guest_id} has visits or feedback: "
            f"erase them instead to keep the aggregates ({erase_instead})"
        )
    # Invitations are the events' history (guest lists, plan versions), like visits are.
    if _any(session, Invitation.id, Invitation.guest_id, guest_id):
        raise Conflict(
            f"el invitado {guest_id} está invitado a eventos: bórralo con el borrado de datos "
            f"personales, que conserva la historia de los eventos / guest {guest_id} is invited "
            f"to events: erase them instead to keep the events' history ({erase_instead})"
        )
    forget_in_tools(session, guest_id)
    session.delete(guest)
    audit(session, who, "guest.delete", guest_id, None, request_id)


def _any(session: Session, column: Any, owner: Any, guest_id: int) -> bool:
    return session.scalars(select(column).where(owner == guest_id).limit(1)).first() is not None


_PERSONAL = (
    "external_id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "birth_date",
    "restrictions_raw",
    "notes",
    "budget_tier",
    "country",
)

CHECKPOINT_TRIES = 20


def clear_freed_space(engine: Engine | Connection, counts: dict[str, int]) -> dict[str, Any]:
    """After an erasure commits, make the store drop the old bytes.

    SQLite: the store runs with ``secure_delete``, so freed space holds zeros; a
    ``wal_checkpoint(TRUNCATE)`` copies the new pages into the file and empties the WAL, which
    still held the old versions. PostgreSQL: ``VACUUM`` of the tables the erasure wrote removes
    the dead row versions (see docs/privacy.md for what remains until the WAL recycles).
    """
    eng = engine if isinstance(engine, Engine) else engine.engine
    if eng.dialect.name == "sqlite":
        return {"backend": "sqlite", "done": _checkpoint(eng), "step": "wal_checkpoint(TRUNCATE)"}
    tables = touched_tables(counts)
    try:
        with eng.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in tables:
                conn.exec_driver_sql(f"VACUUM {table}")
    except DBAPIError as exc:
        # Vacuum needs the tables' owner; the erasure itself is committed either way.
        return {"backend": eng.dialect.name, "done": False, "step": "vacuum",
                "error": str(exc.orig).splitlines()[0][:200]}  # fmt: skip
    return {"backend": eng.dialect.name, "done": True, "step": "vacuum", "tables": tables}


def _checkpoint(engine: Engine) -> bool:
    """TRUNCATE waits for writers but gives up on readers: retry while one finishes."""
    for attempt in range(CHECKPOINT_TRIES):
        with engine.connect() as conn:
            busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").scalar()
            conn.commit()
        if not busy:
            return True
        time.sleep(0.05 * (attempt + 1))
    return False
