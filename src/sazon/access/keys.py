"""API keys: random, shown once, stored as SHA-256.

Checking a key is on every API request, so it is one indexed look-up of four columns (no ORM
object), and when the key was last used is written at most once a minute per key: a write on
every read would take SQLite's write lock for nothing. The API remembers a live key's role
(a key's role and name never change), but still looks the key up on every request: a key
revoked by another process (``sazon users revoke``) is refused on its very next request.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, event, or_, select, update
from sqlalchemy.orm import Session, object_session

from sazon.access.roles import ROLES
from sazon.errors import InvalidInput, NotFound
from sazon.store import ApiKey, WebSession
from sazon.timeutil import utcnow

PREFIX = "szn_"
# A minute of precision is enough for "last used"; more would write on every request.
LAST_USED_EVERY_S = 60
_KEYS: Table = ApiKey.__table__  # type: ignore[assignment]
_LOOKUP = select(_KEYS.c.id, _KEYS.c.name, _KEYS.c.role, _KEYS.c.last_used_at, _KEYS.c.revoked_at)
# When this process last wrote each key's last_used_at (monotonic seconds), per store and key:
# under a burst of requests only the first one in a minute tries.
_noted: dict[tuple[Any, int], float] = {}
_noted_lock = threading.Lock()


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
    row = session.execute(_LOOKUP.where(_KEYS.c.key_hash == digest(key))).first()
    if row is None or row.revoked_at is not None:
        return None
    _note_use(session, row.id, row.last_used_at, utcnow())
    return Principal(row.id, row.name, row.role)


def principal_of_key(row: ApiKey, now: datetime) -> Principal:
    """The principal of a live key (an ORM row), noting when it was last used."""
    _note_use(object_session(row), row.id, row.last_used_at, now)
    return Principal(row.id, row.name, row.role)


def _note_use(session: Session | None, key_id: int, last: datetime | None, now: datetime) -> None:
    if session is None or (last is not None and now - last < timedelta(seconds=LAST_USED_EVERY_S)):
        return
    tick = time.monotonic()
    noted = (session.get_bind().engine.url, key_id)
    with _noted_lock:
        if tick - _noted.get(noted, -LAST_USED_EVERY_S) < LAST_USED_EVERY_S:
            return
        _noted[noted] = tick
    cutoff = now - timedelta(seconds=LAST_USED_EVERY_S)
    stmt = (
        update(_KEYS)
        .where(_KEYS.c.id == key_id)
        .where(or_(_KEYS.c.last_used_at.is_(None), _KEYS.c.last_used_at < cutoff))
        .values(last_used_at=now)
    )

    # Written just before the commit, not now: the write lock is then held for the commit
    # only, never while the request works (an upload waits for its ingest job, which
    # writes: holding the lock there made the job wait for the request that waited for it).
    def write(s: Session) -> None:
        s.execute(stmt)

    event.listen(session, "before_commit", write, once=True)


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
