"""Browser sessions: the cookie names and a CSRF token bound to the session.

The session itself lives in the store (:mod:`sazon.access.sessions`): the cookie carries only
its random id, HTTP-only, ``SameSite=Lax`` and ``Secure`` over HTTPS or when configured.
"""

from __future__ import annotations

import hashlib
import hmac

COOKIE = "sazon_session"
LANG_COOKIE = "sazon_lang"


def csrf_token(secret: str, session_id: str) -> str:
    mac = hmac.new(secret.encode(), f"csrf:{session_id}".encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def check_csrf(secret: str, session_id: str, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(csrf_token(secret, session_id), token or "")
