"""Every router of /api/v1, assembled in one place. A new tool adds its router here."""

from fastapi import APIRouter

from sazon.api.routes import (
    activity,
    catalog,
    event_guests,
    events,
    experience,
    experience_feedback,
    experience_returns,
    experience_tools,
    generate,
    guests,
    ingest,
    knowledge,
    pairing,
    social,
    text,
    trends,
)

ROUTERS: list[APIRouter] = [
    guests.router,
    catalog.router,
    knowledge.router,
    activity.router,
    ingest.router,
    text.router,
    generate.router,
    pairing.router,
    events.router,
    event_guests.router,
    experience.router,
    experience_feedback.router,
    experience_returns.router,
    trends.router,
    social.router,
    experience_tools.router,
]

__all__ = ["ROUTERS"]
