"""Web sessions are opaque ids in the store, never the API key (issue #12, Ley 29733)."""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import re
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from itsdangerous import URLSafeSerializer, URLSafeTimedSerializer
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session, sessionmaker

import sazon.access.sessions as sessions_module
from sazon.access import (
    create_key,
    end_session,
    open_session,
    revoke_key,
    session_principal,
    verify_key,
)
from sazon.store import Base, WebSession
from sazon.timeutil import utcnow
from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration
SHIFT = timedelta(hours=12)


# ---- the store (SQLite and PostgreSQL) ------------------------------------------------------


def test_migration__0006_creates_web_sessions_as_declared(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diff if "web_sessions" in repr(d)] == []


def test_session__store_keeps_only_a_hash_of_the_id(factory: sessionmaker[Session]) -> None:
    with factory.begin() as s:
        key, row = create_key(s, "staff")
        sid, _web = open_session(s, row.id, SHIFT)
    assert sid != key and key not in sid and sid not in key
    with factory() as s:
        stored = s.scalars(select(WebSession)).one()
        assert stored.token_hash == hashlib.sha256(sid.encode()).hexdigest()
        assert sid not in repr([getattr(stored, c.key) for c in WebSession.__table__.columns])
        assert stored.expires_at - stored.created_at == SHIFT
        principal = session_principal(s, sid)
        assert principal is not None and principal.key_id == row.id
        # The session id is not a key: the API's key check refuses it.
        assert verify_key(s, sid) is None


def test_session__expires_with_the_shift(
    factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    with factory.begin() as s:
        _key, row = create_key(s, "staff")
        sid, _web = open_session(s, row.id, SHIFT)
    start = utcnow()
    monkeypatch.setattr(sessions_module, "utcnow", lambda: start + SHIFT - timedelta(minutes=1))
    with factory.begin() as s:
        assert session_principal(s, sid) is not None
    monkeypatch.setattr(sessions_module, "utcnow", lambda: start + SHIFT + timedelta(seconds=1))
    with factory.begin() as s:
        assert session_principal(s, sid) is None
        # A later login drops expired rows: the table does not grow with every shift.
        open_session(s, row.id, SHIFT)
    with factory() as s:
        assert len(s.scalars(select(WebSession)).all()) == 1


def test_session__logout_ends_only_that_session(factory: sessionmaker[Session]) -> None:
    with factory.begin() as s:
        _key, row = create_key(s, "staff")
        phone, _ = open_session(s, row.id, SHIFT)
        desk, _ = open_session(s, row.id, SHIFT)
    with factory.begin() as s:
        end_session(s, phone)
        end_session(s, "not-a-session")
    with factory.begin() as s:
        assert session_principal(s, phone) is None
        assert session_principal(s, desk) is not None


def test_session__revoking_the_key_ends_its_sessions(factory: sessionmaker[Session]) -> None:
    with factory.begin() as s:
        _key, row = create_key(s, "staff")
        _other_key, other = create_key(s, "planner")
        first, _ = open_session(s, row.id, SHIFT)
        second, _ = open_session(s, row.id, SHIFT)
        kept, _ = open_session(s, other.id, SHIFT)
    with factory.begin() as s:
        revoke_key(s, row.id)
    with factory.begin() as s:
        assert session_principal(s, first) is None and session_principal(s, second) is None
        assert session_principal(s, kept) is not None
        ended = s.scalars(select(WebSession).where(WebSession.key_id == row.id)).all()
        assert len(ended) == 2 and all(w.revoked_at is not None for w in ended)


def test_session__garbage_ids_are_refused(factory: sessionmaker[Session]) -> None:
    with factory.begin() as s:
        for sid in ("", "x", "szn_" + "a" * 43, "a" * 5000):
            assert session_principal(s, sid) is None


# ---- a real server (SQLite and PostgreSQL) --------------------------------------------------


@pytest.fixture(scope="module")
def server(module_store_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    # One server per backend for the module: each test logs in with a key of its own.
    with sazon_server(tmp_path_factory.mktemp("sessions") / "home", module_store_url) as srv:
        yield srv


def _new_key(server: Server, role: str = "staff") -> tuple[str, int]:
    data = json.loads(server.cli("users", "create-key", "--role", role, "--format", "json"))
    return data["key"], data["id"]


def _login(web: httpx.Client, key: str) -> httpx.Response:
    r = web.post("/login", data={"key": key, "next": "/"})
    assert r.status_code == 303, r.text
    return r


def _decodings(value: str, secret: str) -> list[str]:
    """Everything the cookie could be unwrapped to: base64 of it and of each dotted part,
    and itsdangerous with the server's own secret (as the old signed cookie was)."""
    out = [value]
    for part in [value, *value.split(".")]:
        for pad in ("", "=", "=="):
            with contextlib.suppress(binascii.Error, ValueError):
                out.append(base64.urlsafe_b64decode(part + pad).decode("latin-1"))
    for ser in (
        URLSafeTimedSerializer(secret, salt="sazon-web-session"),
        URLSafeSerializer(secret, salt="sazon-web-session"),
    ):
        out.append(repr(ser.loads_unsafe(value)))
    return out


def test_web_login__cookie_is_an_opaque_id_not_the_key(server: Server) -> None:
    key, _key_id = _new_key(server)
    with httpx.Client(base_url=server.url, timeout=30) as web:
        r = _login(web, key)
        header = r.headers["set-cookie"]
        assert re.match(r"sazon_session=[A-Za-z0-9_-]{43};", header), header
        attrs = [a.strip().lower() for a in header.split(";")]
        assert "httponly" in attrs and "samesite=lax" in attrs and "path=/" in attrs
        assert "max-age=43200" in attrs and "secure" not in attrs
        cookie = web.cookies["sazon_session"]
        secret = (server.home / "web-secret").read_text().strip()
        for decoded in _decodings(cookie, secret):
            assert key not in decoded and key[4:] not in decoded
        assert web.get("/").status_code == 200

    # The cookie is no Bearer key: the API refuses it.
    r = httpx.get(
        f"{server.url}/api/v1/guests", headers={"Authorization": f"Bearer {cookie}"}, timeout=30
    )
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"
    r = httpx.get(f"{server.url}/api/v1/guests", cookies={"sazon_session": cookie}, timeout=30)
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"

    # The store holds its hash, never the id nor the key.
    db = create_engine(server.env.get("SAZON_DATABASE_URL") or f"sqlite:///{server.home}/sazon.db")
    try:
        with db.connect() as conn:
            rows = [tuple(map(str, r)) for r in conn.exec_driver_sql("SELECT * FROM web_sessions")]
    finally:
        db.dispose()
    # Other tests on this server keep sessions of their own: this login made exactly one row.
    mine = [row for row in rows if hashlib.sha256(cookie.encode()).hexdigest() in row]
    assert len(mine) == 1
    assert not any(cookie in v or key in v for row in rows for v in row)


def test_web_logout_and_key_revocation__end_the_session(server: Server) -> None:
    key, key_id = _new_key(server)
    with httpx.Client(base_url=server.url, timeout=30) as web:
        _login(web, key)
        page = web.get("/")
        assert page.status_code == 200
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
        assert csrf is not None
        cookie = web.cookies["sazon_session"]
        r = web.post("/logout", data={"csrf": csrf.group(1)})
        assert r.status_code == 303 and r.headers["location"] == "/login"
        assert "sazon_session" not in web.cookies
    # The old id, replayed after logout, is a login page, not a session.
    r = httpx.get(f"{server.url}/", cookies={"sazon_session": cookie}, timeout=30)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")

    with httpx.Client(base_url=server.url, timeout=30) as web:
        _login(web, key)
        assert web.get("/").status_code == 200
        server.cli("users", "revoke", str(key_id))
        r = web.get("/")
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
        # And the revoked key cannot log in again.
        r = web.post("/login", data={"key": key, "next": "/"})
        assert r.status_code == 401 and "sazon_session" not in r.headers.get("set-cookie", "")


# ---- expiry and Secure, configured (SQLite) -------------------------------------------------


def test_web_session__expires_and_is_secure_when_configured(tmp_path: Path) -> None:
    with sazon_server(
        tmp_path / "home", SAZON_WEB__SESSION_HOURS="0.0005", SAZON_WEB__SECURE_COOKIE="true"
    ) as server:
        r = httpx.post(
            f"{server.url}/login", data={"key": server.keys["staff"], "next": "/"}, timeout=30
        )
        assert r.status_code == 303
        attrs = [a.strip().lower() for a in r.headers["set-cookie"].split(";")]
        assert "secure" in attrs and "max-age=1" in attrs
        # httpx keeps Secure cookies off plain HTTP; send it by hand, as a thief would.
        cookie = {"Cookie": "sazon_session=" + r.cookies["sazon_session"]}
        assert httpx.get(f"{server.url}/", headers=cookie, timeout=30).status_code == 200
        time.sleep(2.2)
        r = httpx.get(f"{server.url}/", headers=cookie, timeout=30)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
