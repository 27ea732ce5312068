"""Domain events: JSON round trips, keys, the registry, and no personal data on the wire."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Literal, get_origin

import pytest
from pydantic import ValidationError

import sazon.events.bus_events  # tools register their events when imported: check them all
import sazon.trends.delivery  # noqa: F401
from sazon.bus import (
    DLQ_SUFFIX,
    EVENT_TYPES,
    TOPICS,
    DomainEvent,
    EventDecodeError,
    FeedbackReceived,
    GuestCreated,
    GuestUpdated,
    MarketTextReceived,
    SocialPostRecorded,
    VisitRecorded,
    decode_event,
    register_event,
)

EVENT_CLASSES = [EVENT_TYPES[name] for name in sorted(EVENT_TYPES)]

# Personal data under Ley 29733 stays in the store, where access control and erasure apply.
PERSONAL = ("name", "email", "phone", "allerg", "diet", "birth", "note", "text", "address")


def sample(cls: type[DomainEvent]) -> DomainEvent:
    """An instance with every required field filled."""
    required: dict[str, object] = {
        name: {"id": 1} if get_origin(f.annotation) is dict else 1
        for name, f in cls.model_fields.items()
        if f.is_required() and name not in DomainEvent.model_fields
    }
    return cls(**required)


@pytest.mark.parametrize("cls", EVENT_CLASSES)
def test_events__round_trip_through_json(cls: type[DomainEvent]) -> None:
    event = sample(cls)
    wire = event.to_json()

    assert decode_event(wire) == event
    assert decode_event(json.loads(wire)) == event
    assert isinstance(decode_event(wire), cls)
    assert json.loads(wire)["type"] == event.type


@pytest.mark.parametrize("cls", EVENT_CLASSES)
def test_events__carry_no_personal_fields(cls: type[DomainEvent]) -> None:
    for field_name in cls.model_fields:
        if field_name.endswith("_id"):  # record ids point into the store; they are the point
            continue
        assert not any(word in field_name for word in PERSONAL), (cls.__name__, field_name)


@pytest.mark.parametrize("cls", EVENT_CLASSES)
def test_events__each_type_has_a_known_topic(cls: type[DomainEvent]) -> None:
    # The bus's own events use its topics; a tool's events use a topic of their own.
    if cls.__module__ == "sazon.bus.events":
        assert cls.topic in TOPICS
    else:
        assert cls.topic and cls.topic not in TOPICS and not cls.topic.endswith(DLQ_SUFFIX)


def test_events__have_a_uuid_id_version_and_aware_utc_time() -> None:
    a, b = GuestCreated(guest_id=1), GuestCreated(guest_id=1)

    assert a.id != b.id and len(a.id) == 36
    assert a.schema_version == 1
    assert a.occurred_at.tzinfo is UTC


def test_events__times_are_converted_to_utc_and_naive_ones_refused() -> None:
    lima = timezone(timedelta(hours=-5))
    event = GuestCreated(guest_id=1, occurred_at=datetime(2026, 7, 28, 20, 0, tzinfo=lima))

    assert event.occurred_at == datetime(2026, 7, 29, 1, 0, tzinfo=UTC)
    assert event.occurred_at.tzinfo is UTC
    with pytest.raises(ValidationError):
        GuestCreated(guest_id=1, occurred_at=datetime(2026, 7, 28, 20, 0))


@pytest.mark.parametrize(
    ("event", "key"),
    [
        (GuestCreated(guest_id=7), "guest:7"),
        (GuestUpdated(guest_id=7, fields=("email",)), "guest:7"),
        (VisitRecorded(visit_id=3, guest_id=7), "guest:7"),
        (VisitRecorded(visit_id=3), "visit:3"),
        (FeedbackReceived(feedback_id=4, guest_id=7), "guest:7"),
        (FeedbackReceived(feedback_id=4), "feedback:4"),
        (MarketTextReceived(market_text_id=5), "market-text:5"),
        (SocialPostRecorded(social_post_id=6), "social-post:6"),
    ],
)
def test_events__key_by_record_so_a_guests_events_stay_in_order(
    event: DomainEvent, key: str
) -> None:
    assert event.key == key


def test_events__an_explicit_key_is_kept() -> None:
    assert GuestCreated(guest_id=1, key="tenant-9").key == "tenant-9"


def test_events__are_immutable() -> None:
    event = GuestCreated(guest_id=1)
    with pytest.raises(ValidationError):
        event.guest_id = 2  # type: ignore[misc]


@pytest.mark.parametrize(
    ("wire", "reason"),
    [
        (b"{not json", "not JSON"),
        (b"[1, 2]", "JSON object"),
        (b'{"type": "guest.vanished", "guest_id": 1}', "unknown event type"),
        (b'{"type": "guest.created", "guest_id": 1, "schema_version": 9}', "newer"),
        (b'{"type": "guest.created"}', "guest_id: Field required"),
        (b'{"type": "guest.created", "guest_id": 1, "email": "x@y.pe"}', "email"),
    ],
)
@pytest.mark.parametrize("hint", [None, "guest.created", "guest.vanished"])
def test_decode__rejects_what_retrying_cannot_fix(
    wire: bytes, reason: str, hint: str | None
) -> None:
    # The type header is only a shortcut: whatever it says, bad input fails the same way.
    with pytest.raises(EventDecodeError, match=reason) as info:
        decode_event(wire, type_hint=hint)
    assert info.value.code == "invalid_event"


@pytest.mark.parametrize("hint", [None, "guest.created", "visit.recorded", "guest.vanished"])
def test_decode__the_payload_decides_the_type_whatever_the_hint(hint: str | None) -> None:
    event = GuestCreated(guest_id=3)
    assert decode_event(event.to_json(), type_hint=hint) == event


def test_decode__errors_never_repeat_input_values() -> None:
    wire = b'{"type": "guest.created", "guest_id": "Rosa Quispe"}'
    with pytest.raises(EventDecodeError) as info:
        decode_event(wire)
    assert "Rosa" not in info.value.message
    assert "guest_id" in info.value.message


def test_registry__refuses_a_second_class_for_one_type() -> None:
    with pytest.raises(TypeError, match="already registered"):

        @register_event
        class Impostor(DomainEvent):
            type: Literal["guest.created"] = "guest.created"

    assert EVENT_TYPES["guest.created"] is GuestCreated


def test_registry__needs_a_type_name() -> None:
    with pytest.raises(TypeError, match="needs a default"):

        @register_event
        class Nameless(DomainEvent):
            pass


def _fields(event: DomainEvent) -> dict[str, Any]:
    return event.model_dump(mode="json")


def test_wire_format__is_flat_json_with_the_envelope_first() -> None:
    body = _fields(GuestUpdated(guest_id=2, fields=("email", "phone")))

    assert list(body)[:5] == ["id", "type", "schema_version", "occurred_at", "key"]
    assert body["fields"] == ["email", "phone"]  # names of what changed, never the values
