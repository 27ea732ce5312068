"""Browser sessions: a signed, HTTP-only cookie, plus a CSRF token bound to the session."""

from __future__ import annotations

import hashlib
import hmac

from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "sazon_session"
LANG_COOKIE = "sazon_lang"
MAX_AGE = 12 * 3600  # a working shift


def serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="sazon-web-session")


def read_session(secret: str, cookie: str | None) -> str | None:
    if not cookie:
        return None
    try:
        key = serializer(secret).loads(cookie, max_age=MAX_AGE)
    except BadSignature:
        return None
    return key if isinstance(key, str) else None


def make_session(secret: str, key: str) -> str:
    return serializer(secret).dumps(key)


def csrf_token(secret: str, key: str) -> str:
    return hmac.new(secret.encode(), f"csrf:{key}".encode(), hashlib.sha256).hexdigest()[:32]


def check_csrf(secret: str, key: str, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(csrf_token(secret, key), token or "")
