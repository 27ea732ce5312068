"""The bus contract: what every backend (embedded log, Kafka) offers, and the data it moves.

The words are Kafka's because the production backend is Kafka: a *topic* is an append-only
log split into *partitions*; a message's *key* picks its partition, so one key's messages
keep their order; a *consumer group* reads every message once between its members and
*commits* the offset of the next message to read, so a restarted member resumes there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple, Protocol, runtime_checkable

from sazon.bus.events import DomainEvent, decode_event

__all__ = [
    "DLQ_SUFFIX",
    "REPLAY_GROUP",
    "Bus",
    "Consumer",
    "LazyHeaders",
    "Message",
    "PartitionLag",
    "Publishing",
    "Record",
    "TopicInfo",
    "dlq_topic",
    "replay_target",
]

DLQ_SUFFIX = ".dlq"
#: The consumer group whose committed offsets remember how far each DLQ has been replayed.
REPLAY_GROUP = "sazon.dlq-replay"


def dlq_topic(topic: str) -> str:
    """The dead-letter topic of ``topic`` (``guests`` → ``guests.dlq``)."""
    return topic if topic.endswith(DLQ_SUFFIX) else topic + DLQ_SUFFIX


@dataclass(frozen=True, slots=True)
class Record:
    """A message to send: the event JSON plus what routing and operators need."""

    key: str | None
    type: str
    value: bytes
    headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, event: DomainEvent) -> Record:
        return cls(
            key=event.key,
            type=event.type,
            value=event.to_json(),
            headers=cls.headers_of(event),
        )

    @staticmethod
    def headers_of(event: DomainEvent) -> dict[str, str]:
        """The headers an event travels with: its id and schema version."""
        return {"event-id": event.id, "schema-version": str(event.schema_version)}


class LazyHeaders(Mapping[str, str]):
    """A message's headers as a backend read them, turned into text the first time they are
    read.

    The worker reads headers only to dead-letter a message, so on the common path the stored
    JSON (embedded log) or the client's byte pairs (Kafka) are never converted.
    """

    __slots__ = ("_parse", "_parsed", "_raw")

    def __init__(self, raw: Any, parse: Callable[[Any], dict[str, str]]) -> None:
        self._raw = raw
        self._parse = parse
        self._parsed: dict[str, str] | None = None

    def _headers(self) -> dict[str, str]:
        if self._parsed is None:
            self._parsed = self._parse(self._raw)
        return self._parsed

    def __getitem__(self, name: str) -> str:
        return self._headers()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._headers())

    def __len__(self) -> int:
        return len(self._headers())

    def __repr__(self) -> str:
        return repr(self._headers())


class Message(NamedTuple):
    """A message read from a topic, with its position in the log.

    A named tuple rather than a frozen dataclass: the worker builds one per message, and a
    frozen dataclass's ``__init__`` (one ``object.__setattr__`` per field) cost as much as
    decoding the event.
    """

    topic: str
    partition: int
    offset: int
    key: str | None
    type: str
    value: bytes
    headers: Mapping[str, str]
    timestamp: datetime | None

    def event(self) -> DomainEvent:
        """Decode the payload (raises :class:`~sazon.bus.events.EventDecodeError`)."""
        return decode_event(self.value, type_hint=self.type or None)

    def as_record(self, headers: Mapping[str, str] | None = None) -> Record:
        return Record(self.key, self.type, self.value, self.headers if headers is None else headers)


def replay_target(message: Message) -> tuple[str, Record]:
    """Where a dead letter goes back to, and the record without its failure headers."""
    original = message.headers.get("dlq.original-topic") or message.topic.removesuffix(DLQ_SUFFIX)
    headers = {k: v for k, v in message.headers.items() if not k.startswith("dlq.")}
    headers["replayed-from"] = message.topic
    return original, message.as_record(headers)


@dataclass(frozen=True, slots=True)
class TopicInfo:
    name: str
    partitions: int
    messages: int


@dataclass(frozen=True, slots=True)
class PartitionLag:
    """How far a group is behind on one partition. ``committed`` is None before any commit."""

    topic: str
    partition: int
    committed: int | None
    end: int
    lag: int


class Publishing:
    """``publish`` and ``publish_many`` for a backend that implements ``send``."""

    def send(self, topic: str, records: Sequence[Record]) -> None:
        raise NotImplementedError

    def publish(self, topic: str, event: DomainEvent) -> None:
        self.send(topic, [Record.of(event)])

    def publish_many(self, topic: str, events: Sequence[DomainEvent]) -> None:
        self.send(topic, [Record.of(e) for e in events])


@runtime_checkable
class Consumer(Protocol):
    """One member of a consumer group, reading some topics."""

    group: str
    #: How long a consumer must stay empty-handed before "caught up" can be trusted: the
    #: Kafka client learns the end of a partition from fetch replies, which can be this old.
    settle_seconds: float

    def poll(self, max_messages: int, timeout: float) -> list[Message]:
        """Up to ``max_messages`` next messages; waits at most ``timeout`` s for the first."""
        ...

    def commit(self, messages: Sequence[Message]) -> None:
        """Commit past these messages: a new member of the group starts after them.

        A backend may send the commit on its way and return (Kafka does): :meth:`flush`
        waits for it. A commit that is lost only means those messages are read again, and
        the worker's ledger skips them.
        """
        ...

    def flush(self) -> None:
        """Wait until the commits made so far are stored (the worker calls it when it
        returns, so the group's committed offsets are where ``run`` stopped)."""
        ...

    def caught_up(self) -> bool:
        """True when every assigned partition has been read to its end."""
        ...

    def close(self) -> None: ...


@runtime_checkable
class Bus(Protocol):
    """Publish events, read them in groups, and operate the topics.

    Publishing returns when the messages are durable (committed to the store, or acknowledged
    by the Kafka brokers); it raises :class:`~sazon.errors.DependencyUnavailable` otherwise.
    """

    url: str

    def publish(self, topic: str, event: DomainEvent) -> None:
        """Append one event to ``topic``, partitioned by ``event.key``."""
        ...

    def publish_many(self, topic: str, events: Sequence[DomainEvent]) -> None:
        """Append several events at once (one round trip, same guarantees)."""
        ...

    def send(self, topic: str, records: Sequence[Record]) -> None:
        """Append raw records (the worker uses this for the DLQ; tests for broken messages)."""
        ...

    def ensure_topics(self, topics: Sequence[str]) -> None:
        """Create the topics that do not exist yet."""
        ...

    def subscribe(self, group: str, topics: Sequence[str]) -> Consumer:
        """A new member of ``group`` reading ``topics`` from the group's committed offsets."""
        ...

    def topics(self) -> list[TopicInfo]:
        """Every topic with its partition count and how many messages it holds."""
        ...

    def lag(self, group: str, topics: Sequence[str] = ()) -> list[PartitionLag]:
        """Per partition: committed offset, end offset and lag. ``topics`` adds partitions
        the group has not committed on yet."""
        ...

    def tail(self, topic: str, n: int = 10) -> list[Message]:
        """The last ``n`` messages of ``topic``, oldest first."""
        ...

    def replay_dlq(self, topic: str) -> int:
        """Send dead letters not replayed yet back to their original topic; returns how many.

        The DLQ stays a log (as in Kafka): a cursor (group ``sazon.dlq-replay``) remembers
        what was replayed, so replaying twice never duplicates.
        """
        ...

    def close(self) -> None: ...
