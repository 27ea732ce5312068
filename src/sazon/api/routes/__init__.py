"""Every router of /api/v1, assembled in one place. A new tool adds its router here."""

from fastapi import APIRouter

from sazon.api.routes import activity, catalog, guests, ingest

ROUTERS: list[APIRouter] = [guests.router, catalog.router, activity.router, ingest.router]

__all__ = ["ROUTERS"]
