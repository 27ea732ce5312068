"""Domain events of the event planner, on topic ``events``.

Ids and field names only: whether a guest comes and what they cannot eat stay in the store
(Ley 29733). The key is the event's, so every change to one event is handled in order.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from sazon.bus import DomainEvent, register_event

EVENTS_TOPIC = "events"


@register_event
class RsvpChanged(DomainEvent):
    """A guest answered (or changed) their RSVP; ``fields`` names what changed."""

    topic: ClassVar[str] = EVENTS_TOPIC
    type: Literal["event.rsvp_changed"] = "event.rsvp_changed"
    event_id: int
    invitation_id: int
    guest_id: int
    fields: tuple[str, ...] = ("status",)

    def default_key(self) -> str:
        return f"event:{self.event_id}"


@register_event
class GuestNeedsChanged(DomainEvent):
    """A guest's dietary needs changed; ``change_id`` points at the history row."""

    topic: ClassVar[str] = EVENTS_TOPIC
    type: Literal["event.guest_needs_changed"] = "event.guest_needs_changed"
    guest_id: int
    change_id: int
    event_id: int | None = None
    fields: tuple[str, ...] = ()

    def default_key(self) -> str:
        return f"event:{self.event_id}" if self.event_id is not None else f"guest:{self.guest_id}"
