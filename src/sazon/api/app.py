"""The FastAPI application: /api/v1, /docs, health, metrics, and the web pages."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.util import find_spec
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

from sazon import __version__
from sazon.access import flush_audit, signing_secret
from sazon.api import contract, problems, scrape_sources
from sazon.api.deps import ApiState, strict_query
from sazon.api.hotcache import HotRead, HotReads, file_stamp
from sazon.api.middleware import SazonMiddleware
from sazon.api.routes import ROUTERS
from sazon.bus import OutboxRelay, make_bus
from sazon.config import Settings
from sazon.errors import DependencyUnavailable
from sazon.ingest import ReadLimits, UploadJobs
from sazon.monitoring import render_latest
from sazon.pairing import MODEL_NAME as PAIRING_MODEL
from sazon.store import DataVersion, make_engine, session_factory
from sazon.store.queries import ping
from sazon.text import SentimentServing

log = logging.getLogger("sazon.api")


def create_app(settings: Settings) -> FastAPI:
    engine = make_engine(settings.db_url, settings.database_busy_timeout_s)
    factory = session_factory(engine)
    bus = make_bus(settings.bus.url, engine)
    # Staged domain events leave in a thread: a slow broker never holds up a request.
    relay = OutboxRelay(bus, engine, background=True).attach(factory)

    state = ApiState(settings, factory, signing_secret(settings), bus)
    version = DataVersion(engine)
    # Uploads are ingested in threads of their own, never on the event loop. One at a time on
    # SQLite (a second would only wait for the first one's write lock), two on PostgreSQL.
    state.jobs = UploadJobs(
        factory,
        lambda: state.kb,
        threads=1 if engine.dialect.name == "sqlite" else 2,
        long_text=settings.ingest.max_text_chars,
        fuzzy_threshold=settings.ingest.fuzzy_name_threshold,
        limits=ReadLimits.of(settings.ingest),
        reports=settings.home / "reports",  # where `sazon ingest` writes its reports too
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The sentiment model loads while the server starts, not on the first request.
        serving = SentimentServing(settings)
        app.state.sazon_sentiment = serving
        threading.Thread(target=serving.warm_up, name="sentiment-warm-up", daemon=True).start()
        try:
            state.upload_jobs().reap_orphans()
        except Exception:  # a busy store at start-up must not stop the server
            log.exception("could not look for interrupted upload jobs")
        scrape_sources.install(settings, factory, bus)
        yield
        scrape_sources.uninstall()
        state.upload_jobs().close()
        relay.close()
        bus.close()
        # Reads' audit entries still in the writer's buffer are stored before the stop.
        flush_audit(engine)
        version.close()
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
    app.state.data_version = version
    problems.install(app)
    contract.install(app)

    # First route, and async: the probe answers without a route search past the whole API
    # or a hop to the thread pool (a plain ``def`` runs there), and opens no store session.
    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    # Paging words first (their 422 says what the list takes), then any other unknown word.
    for router in ROUTERS:
        app.include_router(router, prefix="/api/v1", dependencies=[Depends(strict_query)])

    spec = find_spec("swagger_ui")
    if spec is not None and spec.submodule_search_locations:
        # Swagger UI 5 (swagger-ui-py) reads FastAPI's OpenAPI 3.1; the 4.x bundle we had
        # said "Unable to render this definition". Served from the installed package: the
        # docs work with no internet.
        assets = Path(next(iter(spec.submodule_search_locations))) / "static"
        app.mount("/docs-assets", StaticFiles(directory=str(assets)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="Sazón API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon-32x32.png",
        )

    @app.get("/readyz", include_in_schema=False)
    def readyz() -> dict[str, str]:
        try:
            ping(engine)
        except Exception as exc:
            raise DependencyUnavailable("the store is not reachable") from exc
        return {"status": "ready"}

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        return PlainTextResponse(render_latest(), media_type="text/plain; version=0.0.4")

    from sazon.web import mount_web

    mount_web(app, Path(__file__).parent.parent / "web")
    app.add_middleware(HotReads, reads=hot_reads(settings), version=version, engine=engine)
    app.add_middleware(SazonMiddleware)
    return app


def hot_reads(settings: Settings) -> list[HotRead]:
    """The reads whose responses are kept per data version (sazon.api.hotcache), and what
    else each depends on: pairing scores with the active model, a file of the registry."""
    active_model = settings.home / "models" / PAIRING_MODEL / "ACTIVE"
    return [
        HotRead("GET", "/api/v1/guests"),
        HotRead("POST", "/api/v1/pairing/suggest", file_stamp(active_model)),
        HotRead("GET", "/api/v1/events/{event_id}/plan"),
    ]
