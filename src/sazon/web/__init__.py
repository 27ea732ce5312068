"""The web face: server-rendered pages (Jinja2, no build step), Spanish first."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles


def mount_web(app: FastAPI, folder: Path) -> None:
    from sazon.web.routes import router

    app.mount("/static", StaticFiles(directory=str(folder / "static")), name="static")
    app.include_router(router)


__all__ = ["mount_web"]
