"""An unexpected error is a 500 problem with a request id, and no internals leak."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.exc import OperationalError

from sazon.api import create_app
from sazon.config import load_settings
from sazon.ingest import initialise_store
from sazon.knowledge import KnowledgeBase
from sazon.store import make_engine

pytestmark = pytest.mark.integration


def _app(tmp_path: Path, kb: KnowledgeBase) -> FastAPI:
    settings = load_settings(home=tmp_path)
    engine = make_engine(settings.db_url)
    initialise_store(engine, kb)
    engine.dispose()
    return create_app(settings)


def _get(app: FastAPI, path: str) -> httpx.Response:
    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get(path)

    try:
        return asyncio.run(call())
    finally:
        app.state.relay.close()
        app.state.engine.dispose()


def test_unexpected_error__500_problem_with_request_id(
    tmp_path: Path, kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    app = _app(tmp_path, kb)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internal detail: password=hunter2")

    with caplog.at_level(logging.ERROR, logger="sazon.api"):
        r = _get(app, "/boom")
    assert r.status_code == 500
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["code"] == "internal_error" and body["request_id"]
    assert body["request_id"] == r.headers["x-request-id"]
    assert "hunter2" not in r.text and "RuntimeError" not in r.text
    assert "hunter2" in caplog.text  # the traceback is logged, not returned


def test_busy_store__503_with_retry_after_never_500(tmp_path: Path, kb: KnowledgeBase) -> None:
    """SQLite's write lock held past the busy timeout (or the store unreachable): the client
    may retry, and is told when (issue #12: 30 of 40 writers got 500 "database is locked")."""
    app = _app(tmp_path, kb)

    @app.get("/busy")
    def busy() -> None:
        raise OperationalError("INSERT …", {}, Exception("database is locked"))

    r = _get(app, "/busy")
    assert r.status_code == 503 and r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "dependency_unavailable" and r.headers["retry-after"] == "2"
