"""Domain events: small pydantic models, JSON on the wire, decoded by their ``type``.

Events say *that* something happened to a record and carry its id plus a few non-personal
fields. They never carry names, e-mails, phones, allergies or free text: a handler that needs
those reads the store, where access control and erasure (Ley 29733) apply. A topic is a log
that is hard to erase from, so personal data must not enter it.

>>> e = GuestCreated(guest_id=7, source="csv")
>>> e.key, e.type, decode_event(e.to_json()) == e
('guest:7', 'guest.created', True)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal, TypeVar
from uuid import uuid4

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator

from sazon.errors import InvalidInput
from sazon.timeutil import utcnow

__all__ = [
    "EVENT_TYPES",
    "TOPICS",
    "DomainEvent",
    "EventDecodeError",
    "FeedbackReceived",
    "GuestCreated",
    "GuestUpdated",
    "MarketTextReceived",
    "SocialPostRecorded",
    "VisitRecorded",
    "decode_event",
    "register_event",
]


class EventDecodeError(InvalidInput):
    """A message that is not a known, valid event: retrying cannot fix it."""

    code = "invalid_event"


class DomainEvent(BaseModel):
    """Base of every event: an id, a type, a schema version, when, and a partition key.

    ``key`` decides the partition, so events with the same key are consumed in order.
    Subclasses fix ``type`` with a ``Literal`` and compute ``key`` from their record ids.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: The topic this event is usually published to (callers may choose another).
    topic: ClassVar[str] = ""

    id: str = Field(default_factory=lambda: str(uuid4()), min_length=1, max_length=64)
    type: str
    schema_version: int = Field(default=1, ge=1)
    occurred_at: AwareDatetime = Field(default_factory=utcnow)
    key: str = Field(default="", max_length=255)

    @field_validator("occurred_at")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)

    def model_post_init(self, context: Any, /) -> None:
        # The key is derived, not typed by callers, so producers cannot scatter one record's
        # events over several partitions by accident. The model is frozen, hence the bypass.
        if not self.key:
            object.__setattr__(self, "key", self.default_key())

    def default_key(self) -> str:
        """The partition key when none is given; subclasses key by their record."""
        return self.id

    def to_json(self) -> bytes:
        """The wire form: UTF-8 JSON."""
        return self.model_dump_json().encode()


EVENT_TYPES: dict[str, type[DomainEvent]] = {}
# The newest schema version each registered type knows, read once at registration: the worker
# checks it for every event it decodes, and pydantic's ``model_fields`` is rebuilt per access.
_SUPPORTED: dict[str, int] = {}

E = TypeVar("E", bound=DomainEvent)


def register_event(cls: type[E]) -> type[E]:
    """Class decorator: make ``decode_event`` know this event type.

    A type name can be registered once; a second, different class for it is a bug that would
    make old messages decode into the wrong shape.
    """
    name = cls.model_fields["type"].default
    if not isinstance(name, str) or not name:
        raise TypeError(f"{cls.__name__} needs a default `type` string")
    known = EVENT_TYPES.get(name)
    if known is not None and known.__qualname__ != cls.__qualname__:
        raise TypeError(f"event type {name!r} is already registered by {known.__qualname__}")
    EVENT_TYPES[name] = cls
    supported = cls.model_fields["schema_version"].default
    _SUPPORTED[name] = supported if isinstance(supported, int) else 0
    return cls


def decode_event(
    data: bytes | str | Mapping[str, Any], *, type_hint: str | None = None
) -> DomainEvent:
    """Turn wire JSON (or an already parsed mapping) into the registered event class.

    Raises :class:`EventDecodeError` for bad JSON, an unknown type, a newer schema version
    than this code knows, or invalid fields. ``type_hint`` is the type the message says it
    carries (its ``type`` header): it lets a well-formed event decode in one pass.
    """
    if type_hint is not None and isinstance(data, bytes | str):
        known = _decode_as(data, type_hint)
        if known is not None:
            return known
    if isinstance(data, bytes | str):
        try:
            parsed = json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            raise EventDecodeError(f"not JSON: {exc}") from exc
    else:
        parsed = dict(data)
    if not isinstance(parsed, dict):
        raise EventDecodeError("an event must be a JSON object")
    name = parsed.get("type")
    cls = EVENT_TYPES.get(name) if isinstance(name, str) else None
    if cls is None:
        raise EventDecodeError(f"unknown event type {name!r}")
    supported = cls.model_fields["schema_version"].default
    version = parsed.get("schema_version", 1)
    if isinstance(version, int) and isinstance(supported, int) and version > supported:
        # A newer producer is ahead of this consumer: failing loudly beats dropping fields.
        raise EventDecodeError(
            f"{name} schema_version {version} is newer than this code ({supported})"
        )
    try:
        return cls.model_validate(parsed)
    except ValidationError as exc:
        # Say where and what, never the input values: a malformed message could hold anything.
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
            for err in exc.errors(include_input=False, include_url=False)
        )
        raise EventDecodeError(f"invalid {name}: {problems}") from exc


def _decode_as(data: bytes | str, name: str) -> DomainEvent | None:
    """The common case in one pass (pydantic parses the JSON itself, about twice as fast as
    ``json.loads`` and then validating): the hinted type is registered, the payload is valid
    for it, says the same type and a schema version this code knows. Anything else gives
    None, and the full checks decide, with their error messages.

    Straight to the model's validator (``model_validate_json`` without its wrapper): the
    worker runs this for every event, and the wrapper and the version look-up cost half as
    much again as the validation itself (bench/bench_bus.py)."""
    cls = EVENT_TYPES.get(name)
    if cls is None:
        return None
    try:
        event: DomainEvent = cls.__pydantic_validator__.validate_json(data)
    except ValidationError:
        return None
    if event.type != name or event.schema_version > _SUPPORTED[name]:
        return None
    return event


# Topics, one per kind of record. A dead-letter topic is "<topic>.dlq".
GUESTS = "guests"
VISITS = "visits"
FEEDBACK = "feedback"
MARKET_TEXTS = "market-texts"
SOCIAL_POSTS = "social-posts"
TOPICS: tuple[str, ...] = (GUESTS, VISITS, FEEDBACK, MARKET_TEXTS, SOCIAL_POSTS)


@register_event
class GuestCreated(DomainEvent):
    """A guest record was created (by ingest, the API or the web app)."""

    topic: ClassVar[str] = GUESTS
    type: Literal["guest.created"] = "guest.created"
    guest_id: int
    source: str | None = None
    language: str | None = None

    def default_key(self) -> str:
        return f"guest:{self.guest_id}"


@register_event
class GuestUpdated(DomainEvent):
    """A guest record changed; ``fields`` names what changed, never the values."""

    topic: ClassVar[str] = GUESTS
    type: Literal["guest.updated"] = "guest.updated"
    guest_id: int
    fields: tuple[str, ...] = ()
    erased: bool = False

    def default_key(self) -> str:
        return f"guest:{self.guest_id}"


@register_event
class VisitRecorded(DomainEvent):
    """A visit (a table served) was recorded. Keyed by guest so a guest's visits stay ordered."""

    topic: ClassVar[str] = VISITS
    type: Literal["visit.recorded"] = "visit.recorded"
    visit_id: int
    guest_id: int | None = None
    venue_id: int | None = None
    visited_at: AwareDatetime | None = None
    party_size: int | None = None

    def default_key(self) -> str:
        return f"guest:{self.guest_id}" if self.guest_id is not None else f"visit:{self.visit_id}"


@register_event
class FeedbackReceived(DomainEvent):
    """A review or survey answer arrived. The text stays in the store (it may be personal)."""

    topic: ClassVar[str] = FEEDBACK
    type: Literal["feedback.received"] = "feedback.received"
    feedback_id: int
    guest_id: int | None = None
    visit_id: int | None = None
    venue_id: int | None = None
    rating: int | None = None
    channel: str | None = None
    language: str | None = None

    def default_key(self) -> str:
        if self.guest_id is not None:
            return f"guest:{self.guest_id}"
        return f"feedback:{self.feedback_id}"


@register_event
class MarketTextReceived(DomainEvent):
    """A public review or post about a product arrived for trend spotting."""

    topic: ClassVar[str] = MARKET_TEXTS
    type: Literal["market_text.received"] = "market_text.received"
    market_text_id: int
    source: str | None = None
    language: str | None = None
    product: str | None = None
    region: str | None = None
    published_at: AwareDatetime | None = None

    def default_key(self) -> str:
        return f"market-text:{self.market_text_id}"


@register_event
class SocialPostRecorded(DomainEvent):
    """One of our own social posts was recorded, with its engagement numbers in the store."""

    topic: ClassVar[str] = SOCIAL_POSTS
    type: Literal["social_post.recorded"] = "social_post.recorded"
    social_post_id: int
    platform: str | None = None
    venue_id: int | None = None
    category: str | None = None
    posted_at: AwareDatetime | None = None

    def default_key(self) -> str:
        return f"social-post:{self.social_post_id}"
