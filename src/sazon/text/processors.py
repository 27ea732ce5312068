"""Bus processors of the text service: score feedback as it arrives, a batch at a time.

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
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from sazon.bus import FEEDBACK, DomainEvent, FeedbackReceived, Processor, Retry, current_connection
from sazon.config import Settings
from sazon.store.models import Feedback, FeedbackSentiment
from sazon.text.sentiment.schemas import SentimentItem
from sazon.text.sentiment.service import SentimentServing
from sazon.timeutil import utcnow

__all__ = [
    "FEEDBACK_SENTIMENT",
    "feedback_sentiment_processor",
    "score_feedback",
    "upsert_sentiment",
    "upsert_sentiments",
]

log = logging.getLogger(__name__)

#: The processor's name, which is also its consumer group.
FEEDBACK_SENTIMENT = "feedback-sentiment"
_TABLE = cast(Table, FeedbackSentiment.__table__)


def upsert_sentiment(conn: Connection, values: dict[str, Any]) -> None:
    """Insert the row for ``values["feedback_id"]`` or replace the one there."""
    upsert_sentiments(conn, [values])


def upsert_sentiments(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Insert or replace the row of each ``feedback_id`` (one statement for all of them)."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        stmt: Any = postgresql.insert(_TABLE)
    elif conn.dialect.name == "sqlite":
        stmt = sqlite.insert(_TABLE)
    else:  # another database: delete then insert, in the same transaction
        _forget(conn, [r["feedback_id"] for r in rows])
        conn.execute(_TABLE.insert(), list(rows))
        return
    updated = {k: stmt.excluded[k] for k in rows[0] if k != "feedback_id"}
    conn.execute(stmt.on_conflict_do_update(index_elements=["feedback_id"], set_=updated), rows)


def _forget(conn: Connection, feedback_ids: Sequence[int]) -> None:
    if feedback_ids:
        conn.execute(delete(_TABLE).where(_TABLE.c.feedback_id.in_(feedback_ids)))


def _texts(conn: Connection, feedback_ids: Sequence[int], *, lock: bool) -> dict[int, str | None]:
    stmt = select(Feedback.id, Feedback.text).where(Feedback.id.in_(feedback_ids))
    return {int(i): t for i, t in conn.execute(stmt.with_for_update() if lock else stmt)}


def _erased_meanwhile(conn: Connection, feedback_ids: Sequence[int]) -> list[int]:
    """Which texts were erased (Ley 29733) after they were read for scoring.

    On SQLite the first read takes no lock, so an erasure can commit between it and the
    upsert, and the upsert would bring back evidence quoting the erased words. After the
    upsert this transaction holds the database's write lock, so this second read sees every
    committed change and none can come before the commit. On PostgreSQL the row locks of the
    first read already kept the texts as they were, and this read agrees with it.
    """
    texts = _texts(conn, feedback_ids, lock=False)
    return [i for i in feedback_ids if not (texts.get(i) or "").strip()]


def score_feedback(
    conn: Connection, serving: SentimentServing, events: Sequence[DomainEvent]
) -> None:
    """Score the feedback of ``events`` in one model call and store the scores in ``conn``."""
    wanted = list(dict.fromkeys(e.feedback_id for e in events if isinstance(e, FeedbackReceived)))
    if not wanted:
        return  # other events on the topic are not ours
    # Locked until the worker commits (PostgreSQL), so an erasure of the guest waits for
    # these scores and then deletes them; SQLite has no row locks: see _erased_meanwhile.
    texts = _texts(conn, wanted, lock=True)
    for feedback_id in wanted:
        if feedback_id not in texts:
            # Erased (or never committed): there is nothing to score, and retrying will not
            # bring it back.
            log.warning("feedback %s is not in the store: not scored", feedback_id)
    _forget(conn, [i for i in wanted if i in texts and not (texts[i] or "").strip()])
    todo = [i for i in wanted if (texts.get(i) or "").strip()]
    if not todo:
        return
    analyzer = serving.current()
    results = analyzer.analyse([SentimentItem(id=str(i), text=texts[i] or "") for i in todo])
    now = utcnow()
    rows = []
    for feedback_id, result in zip(todo, results, strict=True):
        if result.warnings:
            # Never the text itself: it may be personal.
            log.warning("feedback %s: %s", feedback_id, "; ".join(result.warnings))
        rows.append(
            {
                "feedback_id": feedback_id,
                "label": result.label,
                "score": result.score,
                "language": result.language,
                "aspects": [a.model_dump() for a in result.aspects],
                "model_name": analyzer.name,
                "model_version": analyzer.version,
                "scored_at": now,
            }
        )
    upsert_sentiments(conn, rows)
    erased = _erased_meanwhile(conn, todo)
    if erased:
        log.info("feedback %s was erased while it was scored: score removed", erased)
        _forget(conn, erased)


def feedback_sentiment_processor(
    settings: Settings, *, serving: SentimentServing | None = None, retry: Retry | None = None
) -> Processor:
    """The ``feedback-sentiment`` processor over the ``feedback`` topic.

    A batch of events is scored in one model call (the batch handler); the worker falls back
    to one event at a time only to find an event that fails.
    """
    shared = serving or SentimentServing(settings)

    def handle(event: DomainEvent) -> None:
        score_feedback(current_connection(), shared, [event])

    def handle_many(events: Sequence[DomainEvent]) -> None:
        score_feedback(current_connection(), shared, events)

    return Processor(
        FEEDBACK_SENTIMENT, (FEEDBACK,), handle, retry or Retry(), batch_handler=handle_many
    )
