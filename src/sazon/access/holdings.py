"""Everything the store holds about one guest, found in one place for export and erase.

:func:`find_holdings` is the only finder: the legal export lists what it finds and the erasure
removes exactly that, so the export always shows everything an erasure would remove. Tools that
keep their own copies (the event planner's needs history, locks, RSVP links and plans) add
theirs with :func:`register_holder`; ``ERASE_ACTIONS`` says what erasure does to each kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, cast, delete, or_, select
from sqlalchemy.orm import Session

from sazon.access.audit import reads_of
from sazon.access.identity import Identity, mentions, redact
from sazon.store import (
    AuditEntry,
    Feedback,
    Guest,
    IngestedRow,
    IngestRun,
    Invitation,
    QuarantinedRow,
    RecordMerge,
    Visit,
)
from sazon.store.bus_tables import BusMessage, BusOutbox
from sazon.store.models import FeedbackSentiment

Items = list[dict[str, Any]]
ToolFinder = Callable[[Session, int], dict[str, Items]]
ToolEraser = Callable[[Session, int], dict[str, int]]

# What erasure does to each kind of data (the export says it too, in Spanish first).
ERASE_ACTIONS: dict[str, str] = {
    "guest": "se anonimiza / anonymised (the row stays for counts)",
    "visits": "se conservan, anónimas / kept, pointing at the anonymised row",
    "feedback": "se borra el texto, queda la nota / text removed, rating kept",
    "sentiment": "se borra / deleted (it quotes the text)",
    "invitations": "se conservan, anónimas / kept (the events' history)",
    "quarantine": "se borra / deleted (raw rows that carry the guest)",
    "ingested_rows": "se borra / deleted (fingerprints of the guest's file rows)",
    "merges": "se borra / deleted (merge history)",
    "ingest_reports": "se tacha / the values naming the guest are replaced",
    "access_log": "se conserva / kept (who read the data, Ley 29733); details naming them go",
    "bus_messages": "se borra / deleted (a message or staged event that names the guest)",
    "needs_changes": "se borra / deleted (dietary needs history)",
    "locks": "se borra / deleted (plates fixed for the guest)",
    "rsvp_links": "se borra / deleted",
    "plans": "se quita al invitado / the guest's rows are removed from stored plans",
    "event_notes": "se tacha / an event name or note naming the guest is replaced",
}


@dataclass(frozen=True)
class ToolHolder:
    """A tool's own copies of a guest's data: ``find`` lists them by kind for the export and
    ``erase`` removes them, returning how many of each kind it removed (the same kinds)."""

    name: str
    find: ToolFinder
    erase: ToolEraser
    # The tables ``erase`` writes, so the store can reclaim their freed space afterwards.
    tables: tuple[str, ...] = ()
    # What goes when a guest with no history is deleted outright (``sazon.access.delete_guest``);
    # ``erase`` when not given.
    forget: ToolEraser | None = None


_HOLDERS: dict[str, ToolHolder] = {}


def register_holder(holder: ToolHolder) -> None:
    """Add a tool's data to every export and erasure (once per name)."""
    _HOLDERS[holder.name] = holder


def registered_holders() -> list[str]:
    return sorted(_HOLDERS)


def forget_in_tools(session: Session, guest_id: int) -> dict[str, int]:
    """Remove every tool's copies of a guest who is being deleted; counts by kind."""
    counts: dict[str, int] = {}
    for holder in _HOLDERS.values():
        counts |= (holder.forget or holder.erase)(session, guest_id)
    return counts


# The tables an erasure writes, by kind; "guest" also updates ``guests`` and the outbox.
_TABLES = {
    "guest": ("guests", "bus_outbox"),
    "feedback": ("feedback",),
    "sentiment": ("feedback_sentiment",),
    "quarantine": ("quarantine",),
    "ingested_rows": ("ingested_rows",),
    "merges": ("record_merges",),
    "ingest_reports": ("ingest_runs",),
    "access_log": ("audit_log",),
    "bus_messages": ("bus_messages", "bus_outbox"),
}


def touched_tables(counts: dict[str, int]) -> list[str]:
    """The tables an erasure with these counts wrote (to vacuum them afterwards)."""
    tables = [t for kind, n in counts.items() if n for t in _TABLES.get(kind, ())]
    for holder in _HOLDERS.values():
        tables += holder.tables
    return sorted(set(tables))


@dataclass
class Holdings:
    """What was found; rows are live ORM objects of the caller's session."""

    guest: Guest
    identity: Identity
    visits: list[Visit] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    sentiment: list[FeedbackSentiment] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    quarantine: list[QuarantinedRow] = field(default_factory=list)
    ingested_rows: list[IngestedRow] = field(default_factory=list)
    merges: list[RecordMerge] = field(default_factory=list)
    ingest_reports: list[IngestRun] = field(default_factory=list)
    access_log: list[AuditEntry] = field(default_factory=list)
    bus_messages: list[BusMessage | BusOutbox] = field(default_factory=list)
    tools: dict[str, Items] = field(default_factory=dict)

    def audit_details(self) -> list[AuditEntry]:
        """Audit entries whose free detail names the guest (the entries themselves stay)."""
        return [a for a in self.access_log if a.detail and self.identity.in_text(a.detail)]


def find_holdings(session: Session, guest: Guest) -> Holdings:
    gid = guest.id
    found = Holdings(guest, Identity.of(guest))
    ident = found.identity
    found.visits = list(session.scalars(select(Visit).where(Visit.guest_id == gid)))
    found.feedback = list(session.scalars(select(Feedback).where(Feedback.guest_id == gid)))
    feedback_ids = [f.id for f in found.feedback]
    if feedback_ids:
        found.sentiment = list(
            session.scalars(
                select(FeedbackSentiment).where(FeedbackSentiment.feedback_id.in_(feedback_ids))
            )
        )
    found.invitations = list(session.scalars(select(Invitation).where(Invitation.guest_id == gid)))
    # Raw rows of any kind and status: a visits file names the guest by email too.
    found.quarantine = [
        q
        for q in session.scalars(select(QuarantinedRow).order_by(QuarantinedRow.id))
        # ``record_id``: a field kept apart from the guest while the rest of the row was stored.
        if (q.kind == "guests" and gid in (q.resolved_record_id, q.record_id))
        or ident.in_row(q.raw)
    ]
    records = {"guests": [gid], "visits": [v.id for v in found.visits], "feedback": feedback_ids}
    for kind, ids in records.items():
        if ids:
            found.ingested_rows += session.scalars(
                select(IngestedRow).where(IngestedRow.kind == kind, IngestedRow.record_id.in_(ids))
            )
    found.merges = list(
        session.scalars(
            select(RecordMerge).where(RecordMerge.kind == "guests", RecordMerge.record_id == gid)
        )
    )
    found.ingest_reports = [
        run for run in session.scalars(select(IngestRun)) if mentions(ident, run.report)
    ]
    found.access_log = reads_of(session, gid)  # alone or in a page of guests
    found.bus_messages = _bus_rows(session, ident)
    for holder in _HOLDERS.values():
        found.tools.update(holder.find(session, gid))
    return found


def _bus_rows(session: Session, ident: Identity) -> list[BusMessage | BusOutbox]:
    """Events never carry personal data (see ``sazon.bus.events``); this checks it held."""
    needles = [n for n in (ident.email, ident.phone_tail, ident.external_id) if n]
    if not needles:
        return []
    rows: list[BusMessage | BusOutbox] = []
    for model in (BusMessage, BusOutbox):
        text = cast(model.payload, String) + cast(model.headers, String)
        # The store narrows the scan; the identity decides (values may be written otherwise).
        stmt = select(model).where(or_(*(text.like(f"%{n}%") for n in needles)))
        for row in session.scalars(stmt):
            assert isinstance(row, BusMessage | BusOutbox)
            if mentions(ident, [row.payload, row.headers, row.key]):
                rows.append(row)
    return rows


def erase_counts(found: Holdings) -> dict[str, int]:
    """How many items of each kind an erasure changes or removes (the export shows this)."""
    counts = {
        "guest": 1,
        "feedback": sum(1 for fb in found.feedback if fb.text),
        "sentiment": len(found.sentiment),
        "quarantine": len(found.quarantine),
        "ingested_rows": len(found.ingested_rows),
        "merges": len(found.merges),
        "ingest_reports": len(found.ingest_reports),
        "access_log": len(found.audit_details()),
        "bus_messages": len(found.bus_messages),
    }
    return counts | {kind: len(items) for kind, items in found.tools.items()}


def erase_holdings(session: Session, found: Holdings) -> dict[str, int]:
    """Remove what :func:`find_holdings` found; returns how many of each kind went."""
    ident = found.identity
    counts = erase_counts(found)
    for fb in found.feedback:
        fb.text = None
    for run in found.ingest_reports:
        run.report = redact(ident, run.report)
    for entry in found.audit_details():
        entry.detail = None
    # The texts first: on PostgreSQL this waits on the row lock a sentiment processor takes
    # while it scores one of them. Then every score of these texts goes, also one committed
    # while we waited, which the look-up above could not see.
    session.flush()
    feedback_ids = [fb.id for fb in found.feedback]
    if feedback_ids:
        session.execute(
            delete(FeedbackSentiment).where(FeedbackSentiment.feedback_id.in_(feedback_ids))
        )
    deleted: list[object] = [
        *found.quarantine,
        *found.ingested_rows,
        *found.merges,
        *found.bus_messages,
    ]
    for row in deleted:
        session.delete(row)
    session.flush()
    for holder in _HOLDERS.values():
        counts |= holder.erase(session, found.guest.id)
    return counts
