"""The web face: server-rendered pages (Jinja2, no build step), Spanish first."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles


def mount_web(app: FastAPI, folder: Path) -> None:
    from sazon.web.ingest_jobs import router as jobs_router
    from sazon.web.routes import router
    from sazon.web.tools import ROUTERS

    app.mount("/static", StaticFiles(directory=str(folder / "static")), name="static")
    for tool_router in ROUTERS:  # first, so a tool's page wins over the generic one
        app.include_router(tool_router)
    app.include_router(jobs_router)
    app.include_router(router)


def wants_html(request: Request) -> bool:
    from sazon.web.errors import wants_html as wants

    return wants(request)


async def error_page(request: Request, status: int, request_id: str | None) -> HTMLResponse:
    from sazon.web.errors import error_page as page

    return await page(request, status, request_id)


__all__ = ["error_page", "mount_web", "wants_html"]
