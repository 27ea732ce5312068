"""API keys: random, shown once, stored as SHA-256."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sazon.access.roles import ROLES
from sazon.errors import InvalidInput, NotFound
from sazon.store import ApiKey, WebSession
from sazon.timeutil import utcnow

PREFIX = "szn_"


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key's id, name and role."""

    key_id: int
    name: str
    role: str


def digest(secret: str) -> str:
    """What the store keeps of a key or a session id: its SHA-256, never the secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(session: Session, role: str, name: str | None = None) -> tuple[str, ApiKey]:
    """Create a key; returns the plain key (never stored) and its row."""
    if role not in ROLES:
        raise InvalidInput(f"unknown role '{role}': use one of {', '.join(ROLES)}")
    key = PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(name=name or f"{role} key", role=role, prefix=key[:10], key_hash=digest(key))
    session.add(row)
    session.flush()
    return key, row


def verify_key(session: Session, key: str) -> Principal | None:
    """The principal for a key, or None when it is unknown or revoked."""
    if not key.startswith(PREFIX):
        return None
    row = session.scalars(select(ApiKey).where(ApiKey.key_hash == digest(key))).first()
    if row is None or row.revoked_at is not None:
        return None
    return principal_of_key(row, utcnow())


def principal_of_key(row: ApiKey, now: datetime) -> Principal:
    """The principal of a live key, noting when it was last used."""
    # Writing on every request would serialise SQLite; a minute of precision is enough.
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        row.last_used_at = now
    return Principal(row.id, row.name, row.role)


def list_keys(session: Session) -> list[dict[str, object]]:
    def iso(t: datetime | None) -> str | None:
        return t.isoformat() if t else None

    return [
        {
            "id": k.id,
            "name": k.name,
            "role": k.role,
            "prefix": k.prefix,
            "created_at": iso(k.created_at),
            "last_used_at": iso(k.last_used_at),
            "revoked": k.revoked_at is not None,
        }
        for k in session.scalars(select(ApiKey).order_by(ApiKey.id))
    ]


def revoke_key(session: Session, key_id: int) -> None:
    """Revoke a key and end every browser session opened with it."""
    row = session.get(ApiKey, key_id)
    if row is None:
        raise NotFound(f"no API key {key_id}")
    now = utcnow()
    row.revoked_at = row.revoked_at or now
    session.execute(
        update(WebSession)
        .where(WebSession.key_id == key_id, WebSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
