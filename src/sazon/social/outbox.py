"""The publishing outbox: every scheduled post is sent when due, retried, and never fails
silently.

Scheduling a post writes its outbox row in the same transaction (``calendar.schedule`` and the
``social-calendar`` ingest). ``dispatch`` takes the rows that are due, one transaction each:
a success marks the post ``published`` with the network's id; a failure that may pass (a
timeout, a 5xx, a rate limit) is tried again after a backoff that doubles; one that cannot
(an expired token, a missing image) or the last allowed try marks the row and the post
``failed`` with the reason, where the calendar, the API and the web show it. Every try is a
row of ``social_publish_attempts``. The state is in the store, so a restart picks up where
the last process stopped; the idempotency key goes with every try.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sazon.monitoring import SOCIAL_PUBLISH_FAILURES, SOCIAL_PUBLISHED, channel_label
from sazon.social.publishers import (
    INSTAGRAM_DAILY_LIMIT,
    Outgoing,
    Publisher,
    PublishFailed,
)
from sazon.store import PublishAttempt, ScheduledPost, SocialOutbox
from sazon.timeutil import utcnow

MAX_BACKOFF = timedelta(hours=6)


class DispatchReport(BaseModel):
    published: int = 0
    retrying: int = 0
    failed: int = 0
    deferred: int = 0  # held back by a network's posting limit, not tried


class OutboxItem(BaseModel):
    id: int
    post_id: int
    channel: str
    state: str
    attempts: int
    due_at: datetime
    last_error: str | None


def _instagram_published_since(session: Session, since: datetime) -> int:
    query = (
        select(func.count())
        .select_from(PublishAttempt)
        .join(SocialOutbox, SocialOutbox.id == PublishAttempt.outbox_id)
        .join(ScheduledPost, ScheduledPost.id == SocialOutbox.post_id)
        .where(PublishAttempt.ok, PublishAttempt.at >= since, ScheduledPost.channel == "instagram")
    )
    return int(session.scalar(query) or 0)


def dispatch(
    factory: sessionmaker[Session], publisher: Publisher, *, now: Callable[[], datetime] = utcnow,
    max_attempts: int = 5, backoff_s: float = 60.0, limit: int = 100,
) -> DispatchReport:  # fmt: skip
    """Send the outbox rows that are due; see the module docstring for what happens to each."""
    report = DispatchReport()
    with factory() as session:
        due = session.scalars(
            select(SocialOutbox.id)
            .where(SocialOutbox.state == "pending", SocialOutbox.due_at <= now())
            .order_by(SocialOutbox.due_at, SocialOutbox.id)
            .limit(limit)
        ).all()
    for outbox_id in due:
        with factory.begin() as session:
            _one(session, outbox_id, publisher, now(), max_attempts, backoff_s, report)
    return report


def _one(
    session: Session, outbox_id: int, publisher: Publisher, at: datetime, max_attempts: int,
    backoff_s: float, report: DispatchReport,
) -> None:  # fmt: skip
    row = session.get(SocialOutbox, outbox_id)
    if row is None or row.state != "pending":
        return  # another dispatcher took it
    post = session.get(ScheduledPost, row.post_id)
    if post is None:
        return
    day_ago = at - timedelta(hours=24)
    if (
        post.channel == "instagram"
        and publisher.name == "graph"
        and _instagram_published_since(session, day_ago) >= INSTAGRAM_DAILY_LIMIT
    ):
        row.due_at = at + timedelta(hours=1)
        row.last_error = (
            f"límite de Instagram: {INSTAGRAM_DAILY_LIMIT} publicaciones en 24 h; se "
            "reintenta en una hora / Instagram's 24 h posting limit reached"
        )
        report.deferred += 1
        return
    row.attempts += 1
    outgoing = Outgoing(post_id=post.id, channel=post.channel, text=post.text,
                        media_url=post.media_url, idempotency_key=row.idempotency_key)  # fmt: skip
    try:
        remote_id = publisher.publish(outgoing)
    except PublishFailed as exc:
        session.add(PublishAttempt(outbox_id=row.id, publisher=publisher.name, at=at, ok=False,
                                   retryable=exc.retryable, status_code=exc.status,
                                   detail=exc.reason))  # fmt: skip
        row.last_error = exc.reason
        if exc.retryable and row.attempts < max_attempts:
            wait = min(timedelta(seconds=backoff_s * 2 ** (row.attempts - 1)), MAX_BACKOFF)
            row.due_at = at + wait
            report.retrying += 1
            return
        row.state, post.status = "failed", "failed"
        tries = f"{row.attempts} intento(s) / attempt(s)"
        post.failure = f"{exc.reason} — {tries}"
        report.failed += 1
        # Counted once, when the post is given up on: a retry that later succeeds is no failure.
        SOCIAL_PUBLISH_FAILURES.labels(channel_label(post.channel), exc.kind).inc()
        return
    session.add(PublishAttempt(outbox_id=row.id, publisher=publisher.name, at=at, ok=True,
                               detail=remote_id))  # fmt: skip
    row.state, row.last_error = "sent", None
    post.status, post.remote_id, post.failure = "published", remote_id, None
    report.published += 1
    SOCIAL_PUBLISHED.labels(channel_label(post.channel)).inc()


def outbox_items(session: Session, *, state: str | None = None) -> list[OutboxItem]:
    """The outbox rows (newest first), with their state and last error: the failed ones are
    what a person must look at."""
    query = select(SocialOutbox, ScheduledPost.channel).join(
        ScheduledPost, ScheduledPost.id == SocialOutbox.post_id
    )
    if state:
        query = query.where(SocialOutbox.state == state)
    rows = session.execute(query.order_by(SocialOutbox.id.desc())).all()
    return [
        OutboxItem(id=o.id, post_id=o.post_id, channel=channel, state=o.state,
                   attempts=o.attempts, due_at=o.due_at, last_error=o.last_error)
        for o, channel in rows
    ]  # fmt: skip


def retry(session: Session, outbox_id: int, *, at: datetime) -> None:
    """Put a failed row back in the queue (after fixing what its reason says)."""
    from sazon.errors import Conflict, NotFound

    row = session.get(SocialOutbox, outbox_id)
    if row is None:
        raise NotFound(f"no outbox row {outbox_id}")
    if row.state != "failed":
        raise Conflict(f"outbox row {outbox_id} is {row.state}: only a failed one is retried")
    post = session.get(ScheduledPost, row.post_id)
    row.state, row.attempts, row.due_at = "pending", 0, at
    if post is not None:
        post.status, post.failure = "scheduled", None
