"""The domain events that ingest and single-record writes announce, staged in the outbox.

Staged in the same transaction (and savepoint) as the row, so a quarantined or rolled-back
row never announces anything and a committed one always does (see ``sazon.bus.outbox``).
Catalog kinds (dishes, wines) announce nothing: no processor reacts to menu edits yet.
"""

from __future__ import annotations

from collections.abc import Sequence

from sazon.bus import (
    DomainEvent,
    FeedbackReceived,
    GuestCreated,
    GuestUpdated,
    MarketTextReceived,
    SocialPostRecorded,
    VisitRecorded,
)
from sazon.store import Feedback, Guest, MarketText, SocialPost, Visit

__all__ = ["created_events", "updated_events"]


# The event that announces each kind of new record, and the field that carries its id; the
# event's other fields are the record's columns of the same names.
_CREATED: list[tuple[type[object], type[DomainEvent], str]] = [
    (Guest, GuestCreated, "guest_id"),
    (Visit, VisitRecorded, "visit_id"),
    (Feedback, FeedbackReceived, "feedback_id"),
    (MarketText, MarketTextReceived, "market_text_id"),
    (SocialPost, SocialPostRecorded, "social_post_id"),
]


def created_events(record: object) -> list[DomainEvent]:
    """The events that announce a new record (none for kinds nobody listens to)."""
    for kind, event, id_field in _CREATED:
        if isinstance(record, kind):
            own = sorted(set(event.model_fields) - set(DomainEvent.model_fields))
            return [event(**{f: getattr(record, "id" if f == id_field else f) for f in own})]
    return []


def updated_events(
    record: object, fields: Sequence[str], *, erased: bool = False
) -> list[DomainEvent]:
    """The events that announce a change (field names only, never their values)."""
    if isinstance(record, Guest) and (fields or erased):
        return [GuestUpdated(guest_id=record.id, fields=tuple(sorted(fields)), erased=erased)]
    return []
