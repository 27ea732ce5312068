"""An unexpected error is a 500 problem with a request id, and no internals leak."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import httpx
import pytest

from sazon.api import create_app
from sazon.config import load_settings
from sazon.ingest import initialise_store
from sazon.knowledge import KnowledgeBase
from sazon.store import make_engine

pytestmark = pytest.mark.integration


def test_unexpected_error__500_problem_with_request_id(
    tmp_path: Path, kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    settings = load_settings(home=tmp_path)
    engine = make_engine(settings.db_url)
    initialise_store(engine, kb)
    engine.dispose()
    app = create_app(settings)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internal detail: password=hunter2")

    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get("/boom")

    with caplog.at_level(logging.ERROR, logger="sazon.api"):
        r = asyncio.run(call())
    app.state.engine.dispose()
    assert r.status_code == 500
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["code"] == "internal_error" and body["request_id"]
    assert body["request_id"] == r.headers["x-request-id"]
    assert "hunter2" not in r.text and "RuntimeError" not in r.text
    assert "hunter2" in caplog.text  # the traceback is logged, not returned
