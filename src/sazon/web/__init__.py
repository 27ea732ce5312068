"""The web face: server-rendered pages (Jinja2, no build step), Spanish first."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
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


__all__ = ["mount_web"]
