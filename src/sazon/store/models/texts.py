"""Texts to understand: social posts, market texts, and the sentiment of each feedback
(issue #4).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sazon.store.models.base import IDS_NEVER_REUSED, Base, Timestamped
from sazon.timeutil import utcnow


class SocialPost(Timestamped, Base):
    __tablename__ = "social_posts"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(120), unique=True)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id"))
    platform: Mapped[str] = mapped_column(String(24))
    post_type: Mapped[str | None] = mapped_column(String(24))
    category: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str | None] = mapped_column(Text)
    posted_at: Mapped[datetime] = mapped_column(index=True)
    paid: Mapped[bool] = mapped_column(Boolean, default=False)
    reach: Mapped[int | None] = mapped_column(Integer)
    impressions: Mapped[int | None] = mapped_column(Integer)
    likes: Mapped[int | None] = mapped_column(Integer)
    comments: Mapped[int | None] = mapped_column(Integer)
    shares: Mapped[int | None] = mapped_column(Integer)


class MarketText(Timestamped, Base):
    __tablename__ = "market_texts"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(120), unique=True)
    source: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    published_at: Mapped[datetime] = mapped_column(index=True)
    product: Mapped[str | None] = mapped_column(String(120))
    region: Mapped[str | None] = mapped_column(String(80))
    rating: Mapped[float | None] = mapped_column(Float)
    author_segment: Mapped[str | None] = mapped_column(String(60))


class FeedbackSentiment(Base):
    """The sentiment of one feedback text, written by the ``feedback-sentiment`` processor.

    One row per feedback, replaced when it is scored again; ``aspects`` is the list of
    ``{"aspect", "label", "score", "evidence"}`` and the model says which version scored it.
    """

    __tablename__ = "feedback_sentiment"
    __table_args__ = (Index("ix_feedback_sentiment_label_scored_at", "label", "scored_at"),)
    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True
    )
    label: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float)
    language: Mapped[str | None] = mapped_column(String(8))
    aspects: Mapped[list[Any]] = mapped_column(default=list)
    model_name: Mapped[str] = mapped_column(String(64))
    model_version: Mapped[str] = mapped_column(String(32))
    scored_at: Mapped[datetime] = mapped_column(default=utcnow)
