"""The FastAPI application: /api/v1, /docs, health, metrics, and the web pages."""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.util import find_spec
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text

from sazon import __version__
from sazon.api import problems
from sazon.api.deps import ApiState
from sazon.api.middleware import SazonMiddleware
from sazon.api.routes import ROUTERS
from sazon.bus import OutboxRelay, make_bus
from sazon.config import Settings
from sazon.errors import DependencyUnavailable
from sazon.ingest.jobs import UploadJobs
from sazon.monitoring import render_latest
from sazon.store import make_engine, session_factory

log = logging.getLogger("sazon.api")


def _secret(settings: Settings) -> str:
    """The signing secret for web sessions: configured, or generated once per data dir."""
    path = settings.ensure_home() / "web-secret"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def create_app(settings: Settings) -> FastAPI:
    engine = make_engine(settings.db_url)
    factory = session_factory(engine)
    bus = make_bus(settings.bus.url, engine)
    # Staged domain events leave in a thread: a slow broker never holds up a request.
    relay = OutboxRelay(bus, engine, background=True).attach(factory)

    state = ApiState(settings, factory, _secret(settings), bus)
    # Uploads are ingested in threads of their own, never on the event loop. One at a time on
    # SQLite (a second would only wait for the first one's write lock), two on PostgreSQL.
    state.jobs = UploadJobs(
        factory,
        lambda: state.kb,
        threads=1 if engine.dialect.name == "sqlite" else 2,
        long_text=settings.ingest.max_text_chars,
        fuzzy_threshold=settings.ingest.fuzzy_name_threshold,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            state.upload_jobs().reap_orphans()
        except Exception:  # a busy store at start-up must not stop the server
            log.exception("could not look for interrupted upload jobs")
        yield
        state.upload_jobs().close()
        relay.close()
        bus.close()
        engine.dispose()

    app = FastAPI(
        lifespan=lifespan,
        title="Sazón API",
        version=__version__,
        description="AI tools for Peruvian hospitality. Authenticate with "
        "`Authorization: Bearer <key>` (create one with `sazon users create-key`).",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.sazon = state
    app.state.engine = engine
    app.state.relay = relay
    problems.install(app)
    for router in ROUTERS:
        app.include_router(router, prefix="/api/v1")

    if find_spec("swagger_ui_bundle") is not None:
        from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]

        # Served from the installed package: the docs work with no internet.
        app.mount("/docs-assets", StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="Sazón API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon-32x32.png",
        )

    # async: answered on the event loop itself, never queued behind the threads that writers
    # waiting for a lock may all be holding.
    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    def readyz() -> dict[str, str]:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:
            raise DependencyUnavailable("the store is not reachable") from exc
        return {"status": "ready"}

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        return PlainTextResponse(render_latest(), media_type="text/plain; version=0.0.4")

    from sazon.web import mount_web

    mount_web(app, Path(__file__).parent.parent / "web")
    app.add_middleware(SazonMiddleware)
    return app
