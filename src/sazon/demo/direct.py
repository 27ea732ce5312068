"""Rows with no ingest kind (venues, wine lists, events, invitations), stored directly.

Each is looked up by its code or name first, so loading the demo twice adds nothing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.demo.events import EventSpec, PlannedInvitation
from sazon.demo.venues import Venue
from sazon.knowledge import wine_facts
from sazon.store import Event, Guest, Invitation, Wine
from sazon.store import Venue as VenueRow


def store_venues(session: Session, venues: list[Venue]) -> dict[str, int]:
    """Create the venues (by code) and return their ids."""
    ids: dict[str, int] = {}
    for v in venues:
        s = v.spec
        row = session.scalars(select(VenueRow).where(VenueRow.code == s.code)).first()
        if row is None:
            row = VenueRow(
                code=s.code,
                name=s.name,
                district=s.district,
                city="Lima",
                capacity=s.capacity,
                cuisine=s.cuisine,
            )
            session.add(row)
            session.flush()
        ids[s.code] = row.id
    return ids


def store_wine_lists(session: Session, venues: list[Venue], venue_ids: dict[str, int]) -> int:
    """Each venue's wines and piscos, copied from the knowledge base with the venue's price."""
    codes = set(session.scalars(select(Wine.code).where(Wine.venue_id.is_not(None))))
    added = 0
    for v in venues:
        for listed in v.wines:
            if listed.code in codes:
                continue
            w = listed.wine
            session.add(
                Wine(
                    code=listed.code,
                    venue_id=venue_ids[v.spec.code],
                    **wine_facts(w)
                    | {"price_pen": listed.price, "by_the_glass": listed.by_the_glass},
                    on_list=True,
                    from_knowledge=False,
                )
            )
            added += 1
    session.flush()
    return added


def store_events(
    session: Session,
    plans: list[tuple[EventSpec, list[PlannedInvitation]]],
    venue_ids: dict[str, int],
) -> int:
    """Create events (by name) and their invitations (by guest); returns invitations added."""
    guest_ids: dict[str, int] = {
        ref: gid
        for ref, gid in session.execute(
            select(Guest.external_id, Guest.id).where(Guest.external_id.is_not(None))
        )
        if ref is not None
    }
    added = 0
    for spec, invitations in plans:
        event = session.scalars(select(Event).where(Event.name == spec.name)).first()
        if event is None:
            event = Event(
                name=spec.name,
                event_type=spec.event_type,
                starts_at=spec.starts_at,
                venue_id=venue_ids[spec.venue],
                capacity=spec.capacity,
                budget_per_guest_pen=spec.budget,
                courses=list(spec.courses),
                status=spec.status,
                notes=spec.notes,
            )
            session.add(event)
            session.flush()
        invited = set(
            session.scalars(select(Invitation.guest_id).where(Invitation.event_id == event.id))
        )
        for inv in invitations:
            gid = guest_ids.get(inv.guest.external_id)
            if gid is None or gid in invited:
                continue  # a guest whose row was quarantined cannot be invited
            session.add(
                Invitation(
                    event_id=event.id, guest_id=gid, status=inv.status,
                    responded_at=inv.responded_at,
                )
            )  # fmt: skip
            invited.add(gid)
            added += 1
    session.flush()
    return added
