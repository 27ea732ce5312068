"""What guests say, on the web: sentiment per dish (a weekly chart per dish, example sentences)
and what changed this week and why (each change with n, p and the reviews behind it).

Thin: each page calls the same ``sazon.experience`` functions as the API
(``/api/v1/experience/dishes`` and ``/changes``) and, like it, is open to every role: the
pages show counts, shares and quoted sentences, never who wrote them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from sazon.access import ALL
from sazon.errors import SazonError
from sazon.experience import dish_sentiment, parse_day, venue_changes
from sazon.store.catalog import venues_by_name
from sazon.web.common import caller, page_lang, render, state_of
from sazon.web.tools.experience_charts import change_svg, dish_weeks_svg, period_weeks

if TYPE_CHECKING:
    from sazon.store.models import Venue

__all__ = ["CHANGES_WEEKS", "FEEDBACK_READERS", "router"]

router = APIRouter(include_in_schema=False)
FEEDBACK_READERS = ALL
#: The page compares four weeks with the four before by default: a demo venue's single week
#: (3 to 9 reviews) is too few for any but a collapse to pass the test.
CHANGES_WEEKS = 4
VenueQ = Annotated[str, Query(max_length=64)]
DayQ = Annotated[str, Query(max_length=10)]
T = TypeVar("T")


def _day(text: str) -> tuple[date | None, str | None]:
    if not text:
        return None, None
    try:
        return parse_day(text), None
    except SazonError as exc:
        return None, exc.message


def _report(
    request: Request, venue: str, day_text: str, make: Callable[[Session, str, date | None], T]
) -> tuple[list[Venue], str, T | None, str | None, int]:
    """The venues for the form, the venue shown (the first by name when none is chosen, so
    the page opens on something), and ``make``'s report or the error and status to show."""
    day, error = _day(day_text)
    result, status = None, 200 if error is None else 422
    with state_of(request).factory() as session:
        venues = venues_by_name(session)
        venue = venue or (venues[0].code if venues else "")
        if venue and error is None:
            try:
                result = make(session, venue, day)
            except SazonError as exc:
                error, status = exc.message, 404
    return venues, venue, result, error, status


@router.get("/tools/experience/dishes", response_class=HTMLResponse)
def dishes_page(
    request: Request,
    venue: VenueQ = "",
    until: DayQ = "",
    weeks: Annotated[int, Query(ge=1, le=104)] = 12,
) -> Response:
    principal = caller(request, FEEDBACK_READERS)
    if isinstance(principal, Response):
        return principal
    lang = page_lang(request)
    venues, venue, result, error, status = _report(
        request, venue, until, lambda s, v, d: dish_sentiment(s, v, until=d, weeks=weeks)
    )
    charts = {}
    if result is not None:
        all_weeks = period_weeks(result.since, result.until)
        charts = {d.code: dish_weeks_svg(d, all_weeks, lang) for d in result.dishes}
    return render(request, "experience/dishes.html", principal, status=status, venues=venues,
                  venue=venue, until=until, weeks=weeks, result=result, charts=charts,
                  error=error)  # fmt: skip


@router.get("/tools/experience/changes", response_class=HTMLResponse)
def changes_page(
    request: Request,
    venue: VenueQ = "",
    week: DayQ = "",
    weeks: Annotated[int, Query(ge=1, le=26)] = CHANGES_WEEKS,
) -> Response:
    principal = caller(request, FEEDBACK_READERS)
    if isinstance(principal, Response):
        return principal
    lang = page_lang(request)
    venues, venue, result, error, status = _report(
        request, venue, week,
        lambda s, v, d: venue_changes(s, v, week=d, weeks=weeks, lang=lang),
    )  # fmt: skip
    charts = [change_svg(c, lang) for c in result.changes] if result else []
    wider = min(26, max(weeks * 2, CHANGES_WEEKS)) if result and not result.changes else None
    return render(request, "experience/changes.html", principal, status=status, venues=venues,
                  venue=venue, week=week, weeks=weeks, result=result, charts=charts,
                  error=error, wider=wider)  # fmt: skip
