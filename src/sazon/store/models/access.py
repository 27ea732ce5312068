"""Who may do what and who read what: API keys, web sessions, and the audit log of
personal data (Ley 29733).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sazon.store.models.base import IDS_NEVER_REUSED, Base
from sazon.store.types import NullableJson
from sazon.timeutil import utcnow


class ApiKey(Base):
    """An API key: only its SHA-256 is kept; the key itself is shown once at creation."""

    __tablename__ = "api_keys"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(24))
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class WebSession(Base):
    """A browser's login: the cookie holds a random id, the store only its SHA-256.

    The session ends when it expires (one shift), when the person logs out, or when its key is
    revoked; the key itself never leaves the login form.
    """

    __tablename__ = "web_sessions"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    revoked_at: Mapped[datetime | None]


class AuditEntry(Base):
    """Who read or changed a guest's personal data (Ley 29733), and when.

    One entry per request: ``guest_ids`` lists every guest it showed (a page of guests, a
    plan), ``guest_id`` is set when it was one guest. :class:`AuditGuest` indexes the ids so a
    guest's export finds every entry that showed them without scanning the log.
    """

    __tablename__ = "audit_log"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    actor: Mapped[str] = mapped_column(String(160))
    action: Mapped[str] = mapped_column(String(40))
    guest_id: Mapped[int | None] = mapped_column(Integer, index=True)
    guest_ids: Mapped[list[Any] | None] = mapped_column(NullableJson, default=None)
    detail: Mapped[str | None] = mapped_column(String(300))
    request_id: Mapped[str | None] = mapped_column(String(40))
    guests: Mapped[list[AuditGuest]] = relationship(cascade="all, delete-orphan")


class AuditGuest(Base):
    """One guest an audit entry showed: the index behind "every read of guest N".

    Two integers per guest shown, where the log used to repeat a whole entry per guest.
    """

    __tablename__ = "audit_log_guests"
    guest_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit_log.id"), primary_key=True, index=True)
