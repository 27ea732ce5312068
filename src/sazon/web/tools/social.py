"""The social pages: the best-times heatmap and the drafts around trends and the menu.

Thin: they call ``sazon.social.store_best_times`` and ``sazon.social.store_drafts`` as the
API does and draw the map with ``sazon.social.heatmap_svg``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from sazon.access import Role
from sazon.errors import SazonError
from sazon.ml import ModelRegistry
from sazon.social import (
    GROUP,
    CalendarEntry,
    cached_trends,
    calendar_entries,
    channels_with_posts,
    food_days_between,
    heatmap_svg,
    store_best_times,
    store_drafts,
    to_csv,
    to_ics,
)
from sazon.store.catalog import venues_by_name
from sazon.timeutil import LIMA
from sazon.web.common import caller, page_lang, render, state_of
from sazon.web.i18n import translate

router = APIRouter(include_in_schema=False)
READERS = frozenset({Role.admin, Role.marketing, Role.analyst})


@router.get("/tools/social", response_class=HTMLResponse)
def social_page(
    request: Request,
    venue: Annotated[str, Query(max_length=64)] = "",
    channel: Annotated[str, Query(max_length=24)] = "",
) -> Response:
    principal = caller(request, READERS)
    if isinstance(principal, Response):
        return principal
    lang = page_lang(request)
    t = translate(lang)
    result, chart, error, status = None, "", None, 200
    with state_of(request).factory() as session:
        venues = venues_by_name(session)
        channels = channels_with_posts(session)
        venue = venue or (venues[0].code if venues else GROUP)
        # Instagram first: the demo's and most Lima restaurants' main channel.
        if not channel:
            channel = "instagram" if "instagram" in channels or not channels else channels[0]
        if channels:
            try:
                result = store_best_times(
                    session, venue, channel, today=datetime.now(LIMA).date(), lang=lang
                )
                chart = heatmap_svg(
                    result, title=f"{t['so_chart']}: {venue} · {channel}", lang=lang
                )
            except SazonError as exc:
                error, status = exc.message, 422
    return render(
        request, "social/best_times.html", principal, status=status, venues=venues,
        channels=channels, venue=venue, channel=channel, group=GROUP, result=result,
        chart=chart, error=error,
        weekdays=t["so_weekdays"].split(","),
    )  # fmt: skip


@router.get("/tools/social/drafts", response_class=HTMLResponse)
def drafts_page(
    request: Request,
    venue: Annotated[str, Query(max_length=64)] = "",
    channel: Annotated[str, Query(max_length=24)] = "instagram",
) -> Response:
    principal = caller(request, READERS)
    if isinstance(principal, Response):
        return principal
    state = state_of(request)
    result, error, status = None, None, 200
    with state.factory() as session:
        venues = venues_by_name(session)
        venue = venue or (venues[0].code if venues else "")
        if venue:
            try:
                report = cached_trends(request.app.state, state.factory, state.settings)
                result = store_drafts(
                    session, ModelRegistry.from_settings(state.settings), venue=venue,
                    channel=channel, now=datetime.now(LIMA), langs=["es", "en"],
                    trends=report, fit=False,
                )  # fmt: skip
            except SazonError as exc:
                error, status = exc.message, 422
    drafts = sorted(result.drafts, key=lambda d: -(d.predicted or 0.0)) if result else []
    return render(
        request, "social/drafts.html", principal, status=status, venues=venues, venue=venue,
        channel=channel, channels=("instagram", "facebook", "tiktok", "x"), result=result,
        drafts=drafts, error=error,
    )  # fmt: skip


def _four_weeks(request: Request, venue: str) -> tuple[date, date, list[CalendarEntry]]:
    first = datetime.now(LIMA).date()
    last = first + timedelta(days=27)
    with state_of(request).factory() as session:
        return first, last, calendar_entries(session, first, last, venue=venue or None)


@router.get("/tools/social/calendar", response_class=HTMLResponse)
def calendar_page(request: Request, venue: Annotated[str, Query(max_length=64)] = "") -> Response:
    principal = caller(request, READERS)
    if isinstance(principal, Response):
        return principal
    first, last, entries = _four_weeks(request, venue)
    with state_of(request).factory() as session:
        venues = venues_by_name(session)
    by_day: dict[date, list[CalendarEntry]] = {}
    for e in entries:
        by_day.setdefault(e.planned_at.date(), []).append(e)
    food = {d.starts: d for d in food_days_between(first, last)}
    days = [first + timedelta(days=i) for i in range(28)]
    return render(
        request, "social/calendar.html", principal, venues=venues, venue=venue, days=days,
        by_day=by_day, food=food, count=len(entries),
        weekdays=translate(page_lang(request))["so_weekdays"].split(","),
    )  # fmt: skip


@router.get("/tools/social/calendar.{kind}")
def calendar_file(
    request: Request, kind: Annotated[str, Path(pattern="^(ics|csv)$")],
    venue: Annotated[str, Query(max_length=64)] = "",
) -> Response:  # fmt: skip
    principal = caller(request, READERS)
    if isinstance(principal, Response):
        return principal
    first, last, entries = _four_weeks(request, venue)
    body = to_ics(entries, start=first, end=last) if kind == "ics" else to_csv(entries)
    media = "text/calendar" if kind == "ics" else "text/csv"
    headers = {"Content-Disposition": f'attachment; filename="calendario-{first}.{kind}"'}
    return Response(body, media_type=f"{media}; charset=utf-8", headers=headers)
