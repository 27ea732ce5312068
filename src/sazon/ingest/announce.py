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


def created_events(record: object) -> list[DomainEvent]:
    """The events that announce a new record (none for kinds nobody listens to)."""
    if isinstance(record, Guest):
        return [GuestCreated(guest_id=record.id, source=record.source, language=record.language)]
    if isinstance(record, Visit):
        return [
            VisitRecorded(
                visit_id=record.id,
                guest_id=record.guest_id,
                venue_id=record.venue_id,
                visited_at=record.visited_at,
                party_size=record.party_size,
            )
        ]
    if isinstance(record, Feedback):
        return [
            FeedbackReceived(
                feedback_id=record.id,
                guest_id=record.guest_id,
                visit_id=record.visit_id,
                venue_id=record.venue_id,
                rating=record.rating,
                channel=record.channel,
                language=record.language,
            )
        ]
    if isinstance(record, MarketText):
        return [
            MarketTextReceived(
                market_text_id=record.id,
                source=record.source,
                language=record.language,
                product=record.product,
                region=record.region,
                published_at=record.published_at,
            )
        ]
    if isinstance(record, SocialPost):
        return [
            SocialPostRecorded(
                social_post_id=record.id,
                platform=record.platform,
                venue_id=record.venue_id,
                category=record.category,
                posted_at=record.posted_at,
            )
        ]
    return []


def updated_events(
    record: object, fields: Sequence[str], *, erased: bool = False
) -> list[DomainEvent]:
    """The events that announce a change (field names only, never their values)."""
    if isinstance(record, Guest) and (fields or erased):
        return [GuestUpdated(guest_id=record.id, fields=tuple(sorted(fields)), erased=erased)]
    return []
