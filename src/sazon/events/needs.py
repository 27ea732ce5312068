"""What guests can eat: changing what a guest wrote (with its history and the domain event a
re-plan listens to), and a guest's needs as the planner reads them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.bus import stage
from sazon.errors import NotFound
from sazon.events.bus_events import GuestNeedsChanged
from sazon.events.events import get_event
from sazon.events.explain import profile_words
from sazon.events.safety import profile_of
from sazon.events.schemas import GuestNeeds
from sazon.ingest import update_guest
from sazon.knowledge import KnowledgeBase
from sazon.store.models import Guest, GuestNeedsChange

NEEDS_FIELDS = ("allergies", "diets", "restrictions_raw", "restrictions_unknown")


def _needs_of(guest: Guest) -> dict[str, Any]:
    return {f: getattr(guest, f) for f in NEEDS_FIELDS}


def update_needs(
    session: Session,
    kb: KnowledgeBase,
    guest_id: int,
    restrictions: str | None,
    *,
    source: str,
    event_id: int | None = None,
) -> tuple[GuestNeedsChange | None, list[GuestNeedsChanged]]:
    """Replace what a guest wrote about their needs; keeps the change in the history.

    Returns the history row and the domain events to publish (none when nothing changed).
    """
    guest = session.get(Guest, guest_id)
    if guest is None or guest.erased_at is not None:
        raise NotFound(f"no guest {guest_id}")
    if event_id is not None:
        get_event(session, event_id)
    before = _needs_of(guest)
    update_guest(session, guest_id, {"allergies_text": restrictions or "", "diet_text": ""})
    after = _needs_of(guest)
    fields = [f for f in NEEDS_FIELDS if before[f] != after[f]]
    if not fields:
        return None, []
    change = GuestNeedsChange(
        guest_id=guest_id, event_id=event_id, source=source, fields=fields,
        before=before, after=after,
    )  # fmt: skip
    session.add(change)
    session.flush()
    event = GuestNeedsChanged(
        guest_id=guest_id, change_id=change.id, event_id=event_id, fields=tuple(fields)
    )
    # Staged in this transaction: announced only if the change commits (the outbox).
    stage(session, [event])
    return change, [event]


def needs_history(session: Session, guest_id: int) -> list[GuestNeedsChange]:
    return list(
        session.scalars(
            select(GuestNeedsChange)
            .where(GuestNeedsChange.guest_id == guest_id)
            .order_by(GuestNeedsChange.at.desc(), GuestNeedsChange.id.desc())
        )
    )


def guest_needs(guest: Guest, ratings: dict[str, float], pending: bool = False) -> GuestNeeds:
    return GuestNeeds(
        guest_id=str(guest.id),
        name=guest.full_name or None,
        language=guest.language or "es",
        allergies_text=guest.restrictions_raw,
        allergies=list(guest.allergies or []),
        diets=list(guest.diets or []),
        unknown=list(guest.restrictions_unknown or []),
        favourite_cuisines=list(guest.favourite_cuisines or []),
        notes=guest.notes,
        consent_personalisation=bool(guest.consent_personalisation),
        ratings=ratings,
        pending=pending,
    )


def restrictions_in_words(guest: Guest, kb: KnowledgeBase, lang: str = "es") -> list[str]:
    """A guest's restrictions as the planner reads them ("sin maní", "vegano", "por precaución
    («…»)"): the same reading that chooses their plates, never the raw text alone."""
    return profile_words(profile_of(guest_needs(guest, {}), kb), lang)
