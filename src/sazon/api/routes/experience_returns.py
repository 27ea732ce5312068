"""Return visits: each guest of a venue with expected visits and P(return), the overdue
regulars for a win-back list, and one guest's forecast at each venue they visited."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query

from sazon.access import Principal, Role
from sazon.api.contract import raises
from sazon.api.deps import MAX_ID, Id, IsoDay, SessionDep, require
from sazon.api.onehop import ApiRouter
from sazon.api.routes.experience import Served
from sazon.errors import NotFound
from sazon.experience import (
    MAX_HORIZON_DAYS,
    GuestReturn,
    VenueReturns,
    guest_returns,
    venue_returns,
)

router = ApiRouter(prefix="/experience", tags=["experience"])

# The manager, the floor and marketing (win-back) see guests one by one; analysts see
# aggregates, so not this list of named guests.
RETURN_READERS = frozenset({Role.admin, Role.marketing, Role.staff, Role.planner, Role.coordinator})
Reader = Annotated[Principal, Depends(require(RETURN_READERS))]
Horizon = Annotated[int, Query(ge=1, le=MAX_HORIZON_DAYS, description="days ahead to forecast")]


AsOf = Annotated[
    IsoDay,
    Query(description="the day the forecast is made, YYYY-MM-DD (default: today in Lima)"),
]
Lang = Literal["es", "en"]


@router.get("/returns", response_model=VenueReturns, responses=raises(NotFound))
def venue_return_visits(
    session: SessionDep,
    served: Served,
    _: Reader,
    venue_id: Annotated[int, Query(ge=1, le=MAX_ID)],
    horizon_days: Horizon = 30,
    as_of: AsOf = None,
    lang: Lang = "es",
) -> VenueReturns:
    """Each guest of the venue: expected visits and P(return) in the horizon, and why; the
    regulars who are overdue (twice their usual interval), most visits first. With too little
    history at ``as_of`` both lists are empty and ``note`` says why."""
    model = served.returns_model(session, venue_id, as_of)  # the registry's: no fit here
    return venue_returns(session, venue_id, horizon_days, as_of=as_of, lang=lang, model=model)


@router.get(
    "/guests/{guest_id}/returns",
    response_model=list[GuestReturn],
    responses=raises(NotFound),
)
def guest_return_visits(
    guest_id: Id,
    session: SessionDep,
    served: Served,
    _: Reader,
    horizon_days: Horizon = 30,
    as_of: AsOf = None,
    lang: Lang = "es",
) -> list[GuestReturn]:
    """The guest's expected visits and P(return) at each venue they visited."""
    return guest_returns(session, guest_id, horizon_days, as_of=as_of, lang=lang,
                         models=lambda v: served.returns_model(session, v, as_of))  # fmt: skip
