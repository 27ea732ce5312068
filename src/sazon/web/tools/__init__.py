"""The tools' web pages: one module per tool, each with its own ``router``.

A tool that ships pages adds its router to ``ROUTERS``. They are mounted before the core
routes, so a tool's ``/tools/<tool>`` page replaces the generic "not built yet" page.
"""

from __future__ import annotations

from fastapi import APIRouter

from sazon.web.tools import (
    event_flow,
    event_guests,
    event_plan,
    events,
    experience_feedback,
    experience_pages,
    knowledge,
    pairing,
    rsvp,
    social,
    trends,
)

ROUTERS: list[APIRouter] = [
    pairing.router,
    events.router,
    event_guests.router,  # before event_plan: its print pages' path would catch guests.csv
    event_flow.router,  # before event_plan: its print pages' path would catch /cancel
    event_plan.router,  # after events: its print pages' path would catch /edit
    rsvp.router,
    knowledge.router,
    social.router,
    experience_pages.router,
    experience_feedback.router,
    trends.router,
]


__all__ = ["ROUTERS"]
