"""Browser sessions: an opaque random id in the cookie, its SHA-256 in the store.

The API key is typed once into the login form and never leaves the server again: a stolen
cookie is not a Bearer key, ends with the shift, with logout and with the key's revocation.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sazon.access.keys import Principal, digest, principal_of_key
from sazon.store import ApiKey, WebSession
from sazon.timeutil import utcnow

TOKEN_BYTES = 32
# A cookie longer than any id we issue is not worth hashing.
MAX_TOKEN_CHARS = 64


def open_session(session: Session, key_id: int, lifetime: timedelta) -> tuple[str, WebSession]:
    """Start a session for a verified key; returns the id for the cookie (never stored) and
    its row. Sessions already expired are dropped on the way, so the table stays small."""
    now = utcnow()
    session.execute(delete(WebSession).where(WebSession.expires_at < now))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    row = WebSession(
        token_hash=digest(token), key_id=key_id, created_at=now, expires_at=now + lifetime
    )
    session.add(row)
    session.flush()
    return token, row


def session_principal(session: Session, token: str) -> Principal | None:
    """The caller of a live session, or None when the id is unknown, expired, logged out or
    its key revoked."""
    if not token or len(token) > MAX_TOKEN_CHARS:
        return None
    found = session.execute(
        select(WebSession, ApiKey)
        .join(ApiKey, ApiKey.id == WebSession.key_id)
        .where(WebSession.token_hash == digest(token))
    ).first()
    if found is None:
        return None
    web, key = found
    now = utcnow()
    if web.revoked_at is not None or web.expires_at <= now or key.revoked_at is not None:
        return None
    return principal_of_key(key, now)


def end_session(session: Session, token: str) -> None:
    """Log out: the session id stops working at once (unknown ids are ignored)."""
    if not token or len(token) > MAX_TOKEN_CHARS:
        return
    row = session.scalars(select(WebSession).where(WebSession.token_hash == digest(token))).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
