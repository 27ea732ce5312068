"""The social media optimizer: the best times to post for a venue and channel."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from fastapi import Depends, Path, Query, Request
from fastapi.responses import Response

from sazon.access import Principal, Role
from sazon.api.contract import raises
from sazon.api.deps import Id, IsoDay, SessionDep, StateDep, require
from sazon.api.onehop import ApiRouter
from sazon.errors import Conflict, InvalidInput, NotFound
from sazon.ml import ModelRegistry
from sazon.social import (
    BestTimes,
    CalendarEntry,
    DraftSet,
    OutboxItem,
    approve,
    cached_trends,
    calendar_entries,
    outbox_items,
    schedule,
    store_best_times,
    store_drafts,
    to_csv,
    to_ics,
)
from sazon.timeutil import LIMA

router = ApiRouter(prefix="/social", tags=["social"])

# Aggregates of the group's own posts: no guest data, so marketing and analysts read them.
SOCIAL_READERS = frozenset({Role.admin, Role.marketing, Role.analyst})
Reader = Annotated[Principal, Depends(require(SOCIAL_READERS))]
# Approving and scheduling put a post in front of the public: the marketing side decides.
SOCIAL_EDITORS = frozenset({Role.admin, Role.marketing})
Editor = Annotated[Principal, Depends(require(SOCIAL_EDITORS))]
Day = Annotated[
    IsoDay,
    Query(description="yyyy-mm-dd, Lima (default: today / +28 days)"),
]


@router.get("/best-times", response_model=BestTimes, responses=raises(NotFound))
def best_times(
    session: SessionDep,
    _: Reader,
    venue: Annotated[str, Query(min_length=1, max_length=64, description="venue code or 'grupo'")],
    channel: Annotated[str, Query(min_length=1, max_length=24)] = "instagram",
    lang: Literal["es", "en"] = "es",
) -> BestTimes:
    """A 7 × 24 map (Lima time) of expected engagement with its 80 % band, the best slots,
    untried slots worth a try (Thompson sampling), the dayparts and the food days ahead.
    ``enough_data`` is false, and ``note`` says what would fix it, while the venue has few
    posts of its own on the channel."""
    today = datetime.now(LIMA).date()
    return store_best_times(session, venue, channel, today=today, lang=lang)


@router.get("/drafts", response_model=DraftSet, responses=raises(NotFound, InvalidInput))
def drafts(
    request: Request,
    state: StateDep,
    session: SessionDep,
    _: Reader,
    venue: Annotated[str, Query(min_length=1, max_length=64, description="venue code")],
    channel: Annotated[str, Query(min_length=1, max_length=24)] = "instagram",
    lang: Literal["es", "en", "both"] = "both",
    variants: Annotated[int, Query(ge=1, le=5)] = 2,
    trends: Annotated[bool, Query(description="ride the market texts' trends")] = True,
) -> DraftSet:
    """Drafts in es-PE and English around the trends and the food days ahead, naming only
    dishes of the venue's menu (each checked by the grounding rule), each scored by the saved
    engagement model at its suggested slot (unscored, with ``note``, until one is trained)."""
    # The trends page's cached replay: one per change of the market texts, shared.
    report = cached_trends(request.app.state, state.factory, state.settings) if trends else None
    langs: list[Literal["es", "en"]] = ["es", "en"] if lang == "both" else [lang]
    return store_drafts(
        session, ModelRegistry.from_settings(state.settings), venue=venue, channel=channel,
        now=datetime.now(LIMA), langs=langs, trends=report, variants=variants, fit=False,
    )  # fmt: skip


def _period(start: date | None, end: date | None) -> tuple[date, date]:
    # Only an end asks for the four weeks up to it (a past end alone is not "ends before it
    # starts"); only a start, or neither, for the four weeks from it (from today).
    if start is None and end is not None:
        return end - timedelta(days=28), end
    first = start or datetime.now(LIMA).date()
    return first, end or first + timedelta(days=28)


@router.get(
    "/calendar", response_model=list[CalendarEntry], responses=raises(NotFound, InvalidInput)
)
def calendar_list(
    session: SessionDep, _: Reader, start: Day = None, end: Day = None,
    venue: Annotated[str | None, Query(max_length=64)] = None,
) -> list[CalendarEntry]:  # fmt: skip
    """The planned posts of the period, by time, with their status (and the failure reason
    of a post that could not be published)."""
    return calendar_entries(session, *_period(start, end), venue=venue)


@router.get(
    "/calendar.{kind}",
    responses={
        **raises(NotFound, InvalidInput),
        200: {"content": {"text/calendar": {}, "text/csv": {}}},
    },
)
def calendar_export(
    session: SessionDep, _: Reader, kind: Annotated[str, Path(pattern="^(ics|csv)$")],
    start: Day = None, end: Day = None,
    venue: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:  # fmt: skip
    """The period as iCalendar (RFC 5545, with the food days as all-day events) or CSV."""
    first, last = _period(start, end)
    entries = calendar_entries(session, first, last, venue=venue)
    headers = {"Content-Disposition": f'attachment; filename="calendario-{first}.{kind}"'}
    if kind == "ics":
        body, media = to_ics(entries, start=first, end=last), "text/calendar; charset=utf-8"
    else:
        body, media = to_csv(entries), "text/csv; charset=utf-8"
    return Response(body, media_type=media, headers=headers)


@router.post("/calendar/{post_id}/approve", response_model=CalendarEntry,
             responses=raises(NotFound, Conflict))  # fmt: skip
def calendar_approve(session: SessionDep, who: Editor, post_id: Id) -> CalendarEntry:
    """Approve a draft; the caller's key name is kept as who approved it."""
    return approve(session, post_id, by=who.name)


@router.post("/calendar/{post_id}/schedule", response_model=CalendarEntry,
             responses=raises(NotFound, Conflict, InvalidInput))  # fmt: skip
def calendar_schedule(session: SessionDep, _: Editor, post_id: Id) -> CalendarEntry:
    """Schedule an approved post: its outbox row is written in the same transaction."""
    return schedule(session, post_id)


@router.get("/outbox", response_model=list[OutboxItem])
def outbox(
    session: SessionDep, _: Reader,
    state: Annotated[str | None, Query(pattern="^(pending|sent|failed)$")] = None,
) -> list[OutboxItem]:  # fmt: skip
    """The publishing outbox, newest first: ``failed`` rows carry the reason in
    ``last_error``."""
    return outbox_items(session, state=state)
