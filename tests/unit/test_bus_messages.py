"""Messages as the backends hand them to the worker: a Kafka client's message turned into the
bus's (its ``type`` header picks the event class; the other headers are read as text only
when something reads them, e.g. a dead letter), and the ledger's stamp on SQLite."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from confluent_kafka import Message as KafkaMessage
from sqlalchemy import text

from sazon.bus import GuestCreated
from sazon.bus.base import LazyHeaders
from sazon.bus.kafka_consumer import to_message
from sazon.bus.ledger import mark_processed, mark_processed_many
from sazon.bus.tables import metadata as bus_metadata
from sazon.store import make_engine


def _kafka(
    headers: list[tuple[str, bytes | None]] | None, key: bytes | None = b"guest:3"
) -> tuple[GuestCreated, KafkaMessage]:
    event = GuestCreated(guest_id=3)
    return event, KafkaMessage(
        topic="guests",
        partition=2,
        offset=41,
        key=key,
        value=event.to_json(),
        headers=headers,
        timestamp=(1, 1_765_000_000_123),
    )


def test_to_message__the_type_header_becomes_the_type_and_the_rest_stay_headers() -> None:
    event, raw = _kafka(
        [("event-id", b"e-1"), ("type", b"guest.created"), ("origen", b"caf\xe9"), ("x", None)]
    )
    message = to_message(raw)
    assert (message.topic, message.partition, message.offset, message.key) == (
        "guests",
        2,
        41,
        "guest:3",
    )
    assert message.type == "guest.created"
    assert message.event() == event
    assert message.timestamp == datetime(2025, 12, 6, 5, 46, 40, 123000, tzinfo=UTC)
    # Bytes that are not UTF-8 are replaced, never an error; "type" is not repeated.
    assert dict(message.headers) == {"event-id": "e-1", "origen": "caf\ufffd", "x": ""}
    assert isinstance(message.headers, LazyHeaders)
    assert message.headers.get("origen") == "caf\ufffd" and "type" not in message.headers


def test_to_message__no_headers_means_no_type_and_an_empty_mapping() -> None:
    event, raw = _kafka(None, key=None)
    message = to_message(raw)
    assert (message.type, dict(message.headers), message.key) == ("", {}, None)
    assert message.event() == event  # the payload still says what it is


def test_mark_processed_many__stamps_sqlite_rows_as_the_one_at_a_time_path_does(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 's.db'}")
    bus_metadata.create_all(engine)  # the bus's own tables are all this needs
    with engine.begin() as conn:
        mark_processed_many(conn, "g", ["a", "b"])
        mark_processed(conn, "g", "c")
        rows = conn.execute(
            text("SELECT event_id, typeof(processed_at), processed_at FROM bus_processed")
        ).all()
    engine.dispose()
    stamps = {event_id: (kind, value) for event_id, kind, value in rows}
    # Naive UTC text, as the store keeps every time on SQLite (sortable for pruning).
    assert {kind for kind, _ in stamps.values()} == {"text"}
    assert stamps["a"] == stamps["b"]
    for _, value in stamps.values():
        parsed = datetime.fromisoformat(value)
        assert parsed.tzinfo is None and value[10] == " "
        assert abs((parsed.replace(tzinfo=UTC) - datetime.now(UTC)).total_seconds()) < 60
