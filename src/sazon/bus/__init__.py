"""The event bus: domain events between ingest and the tools, at least once, idempotently.

``make_bus(settings.bus.url, engine)`` gives the embedded log in the store (default) or Kafka;
a :class:`Worker` runs processors (a consumer group each) over it. See ``docs/bus.md``.
"""

from typing import TYPE_CHECKING

from sazon.lazy import lazy_exports

if TYPE_CHECKING:
    from sazon.bus.base import (
        DLQ_SUFFIX,
        REPLAY_GROUP,
        Bus,
        Consumer,
        Message,
        PartitionLag,
        Record,
        TopicInfo,
        dlq_topic,
    )
    from sazon.bus.events import (
        EVENT_TYPES,
        FEEDBACK,
        GUESTS,
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
    from sazon.bus.factory import make_bus
    from sazon.bus.ledger import current_connection, prune_processed
    from sazon.bus.metrics import dlq_source, lag_source
    from sazon.bus.outbox import OutboxRelay, pending, relay, stage, stage_alike
    from sazon.bus.tables import log_columns
    from sazon.bus.worker import (
        BatchHandler,
        Handler,
        Processor,
        Retry,
        Worker,
        WorkerStats,
        describe_error,
    )

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "DLQ_SUFFIX",
    "EVENT_TYPES",
    "FEEDBACK",
    "GUESTS",
    "REPLAY_GROUP",
    "TOPICS",
    "BatchHandler",
    "Bus",
    "Consumer",
    "DomainEvent",
    "EventDecodeError",
    "FeedbackReceived",
    "GuestCreated",
    "GuestUpdated",
    "Handler",
    "MarketTextReceived",
    "Message",
    "OutboxRelay",
    "PartitionLag",
    "Processor",
    "Record",
    "Retry",
    "SocialPostRecorded",
    "TopicInfo",
    "VisitRecorded",
    "Worker",
    "WorkerStats",
    "current_connection",
    "decode_event",
    "describe_error",
    "dlq_source",
    "dlq_topic",
    "lag_source",
    "log_columns",
    "make_bus",
    "pending",
    "prune_processed",
    "register_event",
    "relay",
    "stage",
    "stage_alike",
]
