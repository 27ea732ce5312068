"""Segments for marketing (and their export of consenting guests) and the pre-shift briefing."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, Query, Request, Response

from sazon.access import HEALTH_READERS, Principal, Role, audit_read
from sazon.api.contract import raises
from sazon.api.deps import SessionDep, request_id, require
from sazon.api.onehop import ApiRouter
from sazon.api.routes.experience import Served
from sazon.api.routes.experience_returns import AsOf
from sazon.errors import NotFound
from sazon.experience import (
    Briefing,
    Member,
    Segmentation,
    briefing_pdf,
    build_briefing,
    marketing_members,
    members_csv,
    members_xlsx,
    segment_guests,
)

router = ApiRouter(prefix="/experience", tags=["experience"])

# Segments are aggregates: marketing and analysts read them; no health data is in them.
SEGMENT_READERS = frozenset({Role.admin, Role.marketing, Role.analyst})
# The export names guests (contact data of those who consented to marketing, Ley 29733).
EXPORTERS = frozenset({Role.admin, Role.marketing})
# The floor reads the briefing; restrictions in it only for the roles that read health data.
BRIEFING_READERS = HEALTH_READERS | {Role.sommelier}
Lang = Literal["es", "en"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _segments(session: SessionDep, served: Served, as_of: date | None, k: int | None,
              lang: str) -> tuple[Segmentation, object]:  # fmt: skip
    return served.remember(
        session, ("segments", as_of, k, lang),
        lambda: segment_guests(session, as_of=as_of, k=k, lang=lang),
    )  # fmt: skip


K = Annotated[int | None, Query(ge=2, le=12, description="number of segments (default: best)")]


@router.get("/segments", response_model=Segmentation)
def segments(
    session: SessionDep,
    served: Served,
    _: Annotated[Principal, Depends(require(SEGMENT_READERS))],
    as_of: AsOf = None,
    k: K = None,
    lang: Lang = "es",
) -> Segmentation:
    """Guests clustered on recency, frequency, spend and how they come, each segment named by
    what defines it, with its size, value and stability across seeds. No health data."""
    return _segments(session, served, as_of, k, lang)[0]


@router.get(
    "/segments/members",
    response_model=list[Member],
    responses={200: {"content": {"text/csv": {}, XLSX: {}}}},
)
def segment_members(
    request: Request,
    session: SessionDep,
    served: Served,
    principal: Annotated[Principal, Depends(require(EXPORTERS))],
    as_of: AsOf = None,
    k: K = None,
    lang: Lang = "es",
    format: Annotated[Literal["json", "csv", "xlsx"], Query()] = "json",
) -> Response | list[Member]:
    """The guests who consented to marketing, with contact data and their segment (Ley 29733:
    the others are never in it); as JSON, CSV or an Excel workbook."""
    result, assigned = _segments(session, served, as_of, k, lang)
    members = marketing_members(session, assigned)  # type: ignore[arg-type]
    audit_read(session, principal, "guest.segments_export", [m.guest_id for m in members],
               format, request_id(request))  # fmt: skip
    if format == "json":
        return members
    body = members_csv(members).encode() if format == "csv" else members_xlsx(members, result)
    kind = "text/csv; charset=utf-8" if format == "csv" else XLSX
    where = f'attachment; filename="segmentos.{format}"'
    return Response(body, media_type=kind, headers={"Content-Disposition": where})


BriefingReader = Annotated[Principal, Depends(require(BRIEFING_READERS))]


class BriefingAsk:
    """The query of both briefing routes (JSON and PDF)."""

    def __init__(
        self,
        venue: Annotated[str, Query(min_length=1, max_length=64, description="venue code or id")],
        day: Annotated[date, Query(alias="date", description="service date, YYYY-MM-DD")],
        service: Literal["almuerzo", "cena"] = "cena",
        lang: Lang = "es",
    ) -> None:
        self.venue, self.day, self.service, self.lang = venue, day, service, lang


Ask = Annotated[BriefingAsk, Depends()]


def _briefing(request: Request, session: SessionDep, served: Served, principal: Principal,
              ask: BriefingAsk, how: str) -> Briefing:  # fmt: skip
    result = build_briefing(session, ask.venue, ask.day, ask.service,
                            role=principal.role, lang=ask.lang, served=served)  # fmt: skip
    audit_read(session, principal, "guest.briefing", [g.guest_id for g in result.guests],
               f"{result.venue} {ask.day} {ask.service}{how}", request_id(request))  # fmt: skip
    return result


@router.get("/briefing", response_model=Briefing, responses=raises(NotFound))
def briefing(
    request: Request, session: SessionDep, served: Served, principal: BriefingReader, ask: Ask
) -> Briefing:
    """Who is expected at the venue's lunch or dinner and what the floor should know about
    each (restrictions only for the roles that may read health data), written as a briefing."""
    return _briefing(request, session, served, principal, ask, "")


@router.get(
    "/briefing.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **raises(NotFound)},
)
def briefing_pdf_file(
    request: Request, session: SessionDep, served: Served, principal: BriefingReader, ask: Ask
) -> Response:
    """The same briefing as a printable A4 PDF (the same facts, by the same role rules)."""
    result = _briefing(request, session, served, principal, ask, " pdf")
    where = f'attachment; filename="briefing-{result.venue}-{ask.day}-{ask.service}.pdf"'
    return Response(briefing_pdf(result, ask.lang), media_type="application/pdf",
                    headers={"Content-Disposition": where})  # fmt: skip
