"""The social optimizer's content calendar and its publishing outbox (issue #17).

A planned post moves draft → approved → scheduled → published | failed. Scheduling it puts
one row in ``social_outbox`` in the same transaction (a transactional outbox, like the
bus's): the dispatcher sends it when it is due, retries with backoff, and leaves a failed row
with its reason in sight; every try is a row of ``social_publish_attempts``.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sazon.store.models.base import IDS_NEVER_REUSED, Base, Timestamped
from sazon.timeutil import utcnow


class ScheduledPost(Timestamped, Base):
    __tablename__ = "social_calendar"
    __table_args__ = (Index("ix_social_calendar_planned_at", "planned_at"), IDS_NEVER_REUSED)
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(120), unique=True)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id"))
    channel: Mapped[str] = mapped_column(String(24))
    planned_at: Mapped[datetime] = mapped_column()
    text: Mapped[str] = mapped_column(Text)
    media_url: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    approved_by: Mapped[str | None] = mapped_column(String(120))
    predicted: Mapped[float | None] = mapped_column(Float)
    remote_id: Mapped[str | None] = mapped_column(String(120))
    failure: Mapped[str | None] = mapped_column(Text)


class SocialOutbox(Base):
    """One post to publish: due at its planned time, retried until sent or failed."""

    __tablename__ = "social_outbox"
    __table_args__ = (Index("ix_social_outbox_state_due", "state", "due_at"), IDS_NEVER_REUSED)
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("social_calendar.id", ondelete="CASCADE"))
    # Sent with every try so a network that retries, or a restart mid-send, cannot post twice.
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(12), default="pending")  # pending|sent|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    due_at: Mapped[datetime] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @classmethod
    def for_post(cls, post: ScheduledPost) -> SocialOutbox:
        """The outbox row of a post being scheduled (the post must have its id)."""
        return cls(post_id=post.id, idempotency_key=f"sazon-{post.id}-{uuid.uuid4().hex}",
                   state="pending", attempts=0, due_at=post.planned_at)  # fmt: skip


class PublishAttempt(Base):
    """Every try to publish, kept: what was tried, when, and what came back."""

    __tablename__ = "social_publish_attempts"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_id: Mapped[int] = mapped_column(
        ForeignKey("social_outbox.id", ondelete="CASCADE"), index=True
    )
    publisher: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    ok: Mapped[bool] = mapped_column(Boolean)
    retryable: Mapped[bool] = mapped_column(Boolean, default=False)
    status_code: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str | None] = mapped_column(Text)
