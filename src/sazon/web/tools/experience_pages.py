"""Guest-experience pages: segments (a chart, the export) and the printable pre-shift
briefing, plus what the guest profile shows (recommendations, P(return), segment).

Thin: each page calls the same ``sazon.experience`` functions as the API, with the same
roles (segments: admin, marketing, analyst; the export: admin, marketing; the briefing: the
floor; restrictions only for the roles that may read health data).
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from sazon.access import HEALTH_READERS, Principal, Role, audit_read, can_read_health
from sazon.errors import SazonError
from sazon.experience import (
    Briefing,
    ExperienceServing,
    briefing_pdf,
    build_briefing,
    guest_returns,
    marketing_members,
    members_csv,
    members_xlsx,
    recommend_for_guest,
    segment_guests,
)
from sazon.store.catalog import venues_by_name
from sazon.timeutil import to_lima, utcnow
from sazon.web.common import caller, page_lang, render, state_of
from sazon.web.i18n import label

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
SEGMENT_READERS = frozenset({Role.admin, Role.marketing, Role.analyst})
EXPORTERS = frozenset({Role.admin, Role.marketing})
BRIEFING_READERS = HEALTH_READERS | {Role.sommelier}
RETURN_READERS = frozenset({Role.admin, Role.marketing, Role.staff, Role.planner, Role.coordinator})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _served(request: Request) -> ExperienceServing:
    return ExperienceServing.of(request.app.state, state_of(request).settings)


def _segmentation(request: Request, session: Session, lang: str) -> Any:
    return _served(request).remember(
        session, ("segments", None, None, lang), lambda: segment_guests(session, lang=lang)
    )


@router.get("/tools/experience/segments", response_class=HTMLResponse)
def segments_page(request: Request) -> Response:
    principal = caller(request, SEGMENT_READERS)
    if isinstance(principal, Response):
        return principal
    lang = page_lang(request)
    with state_of(request).factory() as session:
        result, _ = _segmentation(request, session, lang)
    top = max((s.size for s in result.segments), default=1)
    bars = [{"s": s, "width": round(100 * s.size / top, 1)} for s in result.segments]
    return render(request, "experience/segments.html", principal, result=result, bars=bars,
                  export=principal is not None and principal.role in EXPORTERS)  # fmt: skip


@router.get("/tools/experience/segments/export")
def segments_export(
    request: Request, format: Annotated[str, Query(pattern="^(csv|xlsx)$")] = "csv"
) -> Response:
    principal = caller(request, EXPORTERS)
    if isinstance(principal, Response):
        return principal
    lang = page_lang(request)
    with state_of(request).factory.begin() as session:
        result, assigned = _segmentation(request, session, lang)
        members = marketing_members(session, assigned)
        audit_read(session, principal, "guest.segments_export", [m.guest_id for m in members],
                   f"web {format}", None)  # fmt: skip
    body = members_csv(members).encode() if format == "csv" else members_xlsx(members, result)
    kind = "text/csv; charset=utf-8" if format == "csv" else XLSX
    where = f'attachment; filename="segmentos.{format}"'
    return Response(body, media_type=kind, headers={"Content-Disposition": where})


BriefVenue = Annotated[str, Query(max_length=64)]
BriefDay = Annotated[str, Query(alias="date", max_length=10)]
BriefService = Annotated[str, Query(max_length=10)]


def _briefing(
    request: Request, principal: Principal, venue: str, when: date, service: str, how: str
) -> tuple[list[Any], Briefing | None, str | None]:
    """The venues for the form and the briefing (audited) or the error to show."""
    with state_of(request).factory.begin() as session:
        venues = venues_by_name(session)
        if not venue:
            return venues, None, None
        try:
            result = build_briefing(session, venue, when, service, role=principal.role,  # type: ignore[arg-type]
                                    lang=page_lang(request), served=_served(request))  # fmt: skip
        except SazonError as exc:
            return venues, None, exc.message
        audit_read(session, principal, "guest.briefing", [g.guest_id for g in result.guests],
                   how, None)  # fmt: skip
    return venues, result, None


@router.get("/tools/experience/briefing", response_class=HTMLResponse)
def briefing_page(
    request: Request, venue: BriefVenue = "", day: BriefDay = "", service: BriefService = "cena"
) -> Response:
    principal = caller(request, BRIEFING_READERS)
    if isinstance(principal, Response):
        return principal
    when = _parse_day(day) or to_lima(utcnow()).date()
    service = service if service in ("almuerzo", "cena") else "cena"
    venues, result, error = _briefing(request, principal, venue, when, service, "web")
    return render(request, "experience/briefing.html", principal, status=404 if error else 200,
                  venues=venues, venue=venue, day=when.isoformat(), service=service,
                  result=result, error=error, health=can_read_health(principal.role),
                  next_day=(when + timedelta(days=1)).isoformat())  # fmt: skip


@router.get("/tools/experience/briefing.pdf")
def briefing_pdf_page(
    request: Request, venue: BriefVenue = "", day: BriefDay = "", service: BriefService = "cena"
) -> Response:
    """The briefing as an A4 PDF, with the same facts and role rules as the page."""
    principal = caller(request, BRIEFING_READERS)
    if isinstance(principal, Response):
        return principal
    when = _parse_day(day) or to_lima(utcnow()).date()
    service = service if service in ("almuerzo", "cena") else "cena"
    _, result, _ = _briefing(request, principal, venue, when, service, "web pdf")
    if result is None:  # no venue chosen, or none such: the page says which and why
        return briefing_page(request, venue, day, service)
    lang = page_lang(request)
    body = briefing_pdf(result, lang, label=lambda slug: label(slug, lang))
    where = f'attachment; filename="briefing-{result.venue}-{when}-{service}.pdf"'
    return Response(body, media_type="application/pdf", headers={"Content-Disposition": where})


def _parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def guest_experience(
    request: Request, session: Session, principal: Principal, guest_id: int
) -> dict[str, Any]:
    """What the guest profile shows of this tool, as the caller's role may see it."""
    lang = page_lang(request)
    out: dict[str, Any] = {"recs": None, "returns": None, "segment": None}
    try:
        if principal.role in HEALTH_READERS:
            # The suggestions are shaped by the guest's restrictions: health readers only.
            out["recs"] = recommend_for_guest(session, guest_id, top=3, lang=lang,
                                              served=_served(request))  # fmt: skip
        if principal.role in RETURN_READERS:
            served = _served(request)
            models = lambda v: served.returns_model(session, v)  # noqa: E731
            out["returns"] = guest_returns(session, guest_id, 30, lang=lang, models=models)
        _, assigned = _segmentation(request, session, lang)
    except SazonError:  # the rest of the profile is still worth showing
        log.exception("guest %s: the experience part of the profile failed", guest_id)
        return out
    if guest_id in assigned.index:
        out["segment"] = str(assigned.loc[guest_id, "segment"])
    return out
