"""Bus processors of the text service: score each feedback as it arrives.

``feedback_sentiment_processor(settings)`` reads ``feedback.received`` events, loads the
feedback's text from the store (events never carry it: it may be personal), scores it with
the active sentiment model and upserts ``feedback_sentiment``. The write goes through
:func:`sazon.bus.current_connection`, so it commits together with the worker's
"processed" mark: a redelivered event is skipped and never scores twice.

An erasure of the guest (Ley 29733) that lands while a text is being scored must not leave
a score behind: its aspects quote the guest's words as evidence. The text is read
``FOR UPDATE`` and read again after the upsert (see :func:`_erased_meanwhile`).
"""

from __future__ import annotations

import logging
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from sazon.bus import FEEDBACK, DomainEvent, FeedbackReceived, Processor, Retry, current_connection
from sazon.config import Settings
from sazon.store.models import Feedback, FeedbackSentiment
from sazon.text.sentiment.schemas import SentimentItem
from sazon.text.sentiment.service import SentimentServing
from sazon.timeutil import utcnow

__all__ = ["FEEDBACK_SENTIMENT", "feedback_sentiment_processor", "upsert_sentiment"]

log = logging.getLogger(__name__)

#: The processor's name, which is also its consumer group.
FEEDBACK_SENTIMENT = "feedback-sentiment"
_TABLE = cast(Table, FeedbackSentiment.__table__)


def upsert_sentiment(conn: Connection, values: dict[str, Any]) -> None:
    """Insert the row for ``values["feedback_id"]`` or replace the one there."""
    if conn.dialect.name == "postgresql":
        stmt: Any = postgresql.insert(_TABLE).values(**values)
    elif conn.dialect.name == "sqlite":
        stmt = sqlite.insert(_TABLE).values(**values)
    else:  # another database: delete then insert, in the same transaction
        conn.execute(delete(_TABLE).where(_TABLE.c.feedback_id == values["feedback_id"]))
        conn.execute(_TABLE.insert().values(**values))
        return
    updated = {k: stmt.excluded[k] for k in values if k != "feedback_id"}
    conn.execute(stmt.on_conflict_do_update(index_elements=["feedback_id"], set_=updated))


_TEXT = select(Feedback.text).with_for_update()


def _forget(conn: Connection, feedback_id: int) -> None:
    conn.execute(delete(_TABLE).where(_TABLE.c.feedback_id == feedback_id))


def _erased_meanwhile(conn: Connection, feedback_id: int) -> bool:
    """Whether the text was erased (Ley 29733) after it was read for scoring.

    On SQLite the first read takes no lock, so an erasure can commit between it and the
    upsert, and the upsert would bring back evidence quoting the erased words. After the
    upsert this transaction holds the database's write lock, so this second read sees every
    committed change and none can come before the commit. On PostgreSQL the row lock of the
    first read already kept the text as it was, and this read agrees with it.
    """
    text = conn.execute(select(Feedback.text).where(Feedback.id == feedback_id)).scalar()
    return not (text or "").strip()


def feedback_sentiment_processor(
    settings: Settings, *, serving: SentimentServing | None = None, retry: Retry | None = None
) -> Processor:
    """The ``feedback-sentiment`` processor over the ``feedback`` topic."""
    shared = serving or SentimentServing(settings)

    def handle(event: DomainEvent) -> None:
        if not isinstance(event, FeedbackReceived):
            return  # other events on the topic are not ours
        conn = current_connection()
        # Locked until the worker commits (PostgreSQL), so an erasure of the guest waits for
        # this score and then deletes it; SQLite has no row locks: see _erased_meanwhile.
        row = conn.execute(_TEXT.where(Feedback.id == event.feedback_id)).first()
        if row is None:
            # Erased (or never committed): there is nothing to score, and retrying will not
            # bring it back.
            log.warning("feedback %s is not in the store: not scored", event.feedback_id)
            return
        text = row[0] or ""
        if not text.strip():
            _forget(conn, event.feedback_id)
            return
        analyzer = shared.current()
        [result] = analyzer.analyse([SentimentItem(id=str(event.feedback_id), text=text)])
        if result.warnings:
            # Never the text itself: it may be personal.
            log.warning("feedback %s: %s", event.feedback_id, "; ".join(result.warnings))
        upsert_sentiment(
            conn,
            {
                "feedback_id": event.feedback_id,
                "label": result.label,
                "score": result.score,
                "language": result.language,
                "aspects": [a.model_dump() for a in result.aspects],
                "model_name": analyzer.name,
                "model_version": analyzer.version,
                "scored_at": utcnow(),
            },
        )
        if _erased_meanwhile(conn, event.feedback_id):
            log.info("feedback %s was erased while it was scored: score removed", event.feedback_id)
            _forget(conn, event.feedback_id)

    return Processor(FEEDBACK_SENTIMENT, (FEEDBACK,), handle, retry or Retry())
