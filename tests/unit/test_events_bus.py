"""The planner's domain events: registered, round-trip, keyed by event, no personal data."""

from __future__ import annotations

import pytest

from sazon.bus import EVENT_TYPES, decode_event
from sazon.events import EVENTS_TOPIC, GuestNeedsChanged, RsvpChanged

PERSONAL = ("name", "email", "phone", "allerg", "diet", "birth", "note", "text", "address",
            "restriction", "status")  # fmt: skip


@pytest.mark.parametrize("cls", [RsvpChanged, GuestNeedsChanged])
def test_events__registered_on_the_events_topic_without_personal_fields(cls: type) -> None:
    assert EVENT_TYPES[cls.model_fields["type"].default] is cls
    assert cls.topic == EVENTS_TOPIC
    for name in cls.model_fields:
        if name.endswith("_id"):
            continue
        assert not any(word in name for word in PERSONAL), name


def test_events__keyed_by_event_so_one_event_replans_in_order() -> None:
    rsvp = RsvpChanged(event_id=5, invitation_id=9, guest_id=3)
    needs = GuestNeedsChanged(guest_id=3, change_id=1, event_id=5, fields=("allergies",))
    assert rsvp.key == needs.key == "event:5"
    assert GuestNeedsChanged(guest_id=3, change_id=1).key == "guest:3"
    assert decode_event(needs.to_json()) == needs
    assert b"allergies" in needs.to_json() and b"peanut" not in needs.to_json()
