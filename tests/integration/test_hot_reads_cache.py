"""Issue #14, hot reads: a kept response is never stale, never another role's, and still audited.

The app runs in this process (httpx over ASGI); the writes come from elsewhere: another
process, or another engine of this one (another connection, as another process has).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, event, text

from sazon.access import create_key, flush_audit, revoke_key
from sazon.api import create_app
from sazon.config import load_settings
from sazon.store import make_engine, session_factory, transaction

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
GUESTS = "/api/v1/guests?page_size=20"


@pytest.fixture
def app(engine: Engine, store_url: str, tmp_path: Path) -> Iterator[FastAPI]:
    made = create_app(load_settings(home=tmp_path / "home", database_url=store_url))
    yield made
    made.state.relay.close()
    made.state.data_version.close()
    made.state.engine.dispose()


def _keys(engine: Engine, *roles: str) -> dict[str, tuple[int, str]]:
    keys = {}
    with transaction(session_factory(engine)) as session:
        for role in roles:
            key, row = create_key(session, role)
            keys[role] = (row.id, key)
    return keys


def _statements(app: FastAPI) -> list[str]:
    """The statements the app's own engine runs from now on."""
    seen: list[str] = []
    event.listen(
        app.state.engine, "before_cursor_execute", lambda *a: seen.append(a[2]), named=False
    )
    return seen


def _calls(app: FastAPI, *calls: tuple[str, str, str, Any]) -> list[httpx.Response]:
    """The requests, one after another: (method, path, key, JSON body or None)."""

    async def run() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return [
                await client.request(
                    method, path, json=body, headers={"Authorization": f"Bearer {key}"}
                )
                for method, path, key, body in calls
            ]

    return asyncio.run(run())


def test_hot_read__kept_then_fresh_after_a_write_in_another_process(
    app: FastAPI, engine: Engine, store_url: str
) -> None:
    keys = _keys(engine, "admin")
    admin = keys["admin"][1]
    guest = {"first_name": "Rosa", "last_name": "Quispe", "restrictions": "maní"}
    (made,) = _calls(app, ("POST", "/api/v1/guests", admin, guest))
    assert made.status_code == 201, made.text
    first, = _calls(app, ("GET", GUESTS, admin, None))  # fmt: skip
    seen = _statements(app)
    second, = _calls(app, ("GET", GUESTS, admin, None))  # fmt: skip
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    # No key look-up, no query, no commit: the kept response (the outbox relay's thread may
    # still be moving the new guest's event to the bus meanwhile).
    assert [s for s in seen if "bus_" not in s] == []

    # Another process renames her through its own engine (its writes bump the version).
    script = (
        "import sys; from sqlalchemy import text; from sazon.store import make_engine\n"
        "e = make_engine(sys.argv[1])\n"
        "with e.begin() as c: c.execute(text(\"UPDATE guests SET first_name = 'Rosalía'\"))\n"
    )
    subprocess.run(
        [sys.executable, "-c", script, store_url], check=True, env={"PYTHONPATH": str(ROOT / "src")}
    )
    third, = _calls(app, ("GET", GUESTS, admin, None))  # fmt: skip
    assert third.status_code == 200
    assert [g["first_name"] for g in third.json()["items"]] == ["Rosalía"]


def test_hot_read__revoked_key_refused_at_once_roles_apart_each_read_audited(
    app: FastAPI, engine: Engine
) -> None:
    keys = _keys(engine, "admin", "sommelier")
    admin, sommelier = keys["admin"][1], keys["sommelier"][1]
    guest = {"first_name": "Ana", "last_name": "Huamán", "restrictions": "alergia al maní"}
    assert _calls(app, ("POST", "/api/v1/guests", admin, guest))[0].status_code == 201
    flush_audit(app.state.engine)
    with engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one()

    reads = _calls(
        app,
        ("GET", GUESTS, admin, None),
        ("GET", GUESTS, sommelier, None),
        ("GET", GUESTS, admin, None),  # kept: the admin's, not the sommelier's
        ("GET", GUESTS, sommelier, None),
        ("GET", GUESTS, admin, None),
    )
    assert [r.status_code for r in reads] == [200] * 5
    admin_page, sommelier_page = reads[0].json(), reads[1].json()
    assert "allergies" in admin_page["items"][0]
    assert "allergies" not in sommelier_page["items"][0]  # health data: not for a sommelier
    assert reads[2].content == reads[4].content == reads[0].content
    assert reads[3].content == reads[1].content

    # Every admin read showed Ana's health data: one entry each, with its own request id,
    # kept or not. The sommelier saw none, so no entry.
    flush_audit(app.state.engine)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT action, guest_id, request_id FROM audit_log ORDER BY id")
        ).all()[before:]
    assert [(r.action, r.guest_id) for r in rows] == [
        ("guest.list", admin_page["items"][0]["id"])
    ] * 3
    assert sorted(r.request_id for r in rows) == sorted(
        reads[i].headers["x-request-id"] for i in (0, 2, 4)
    )

    # Revoked by another engine (the CLI's, the web's): refused on the very next request.
    other = make_engine(str(engine.url.render_as_string(hide_password=False)))
    with transaction(session_factory(other)) as session:
        revoke_key(session, keys["admin"][0])
    other.dispose()
    (after,) = _calls(app, ("GET", GUESTS, admin, None))
    assert after.status_code == 401
    assert _calls(app, ("GET", GUESTS, sommelier, None))[0].content == reads[1].content
