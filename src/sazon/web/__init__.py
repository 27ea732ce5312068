"""The web face: server-rendered pages (Jinja2, no build step), Spanish first."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from sazon.lazy import lazy_exports

# The print sheets load the templates and the planner: imported when first used.
if TYPE_CHECKING:
    from sazon.web.sheets import SheetPdf, sheet_pdf


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


__getattr__, __dir__ = lazy_exports(__name__, __file__)
__all__ = ["SheetPdf", "error_page", "mount_web", "sheet_pdf", "wants_html"]
