"""What guests say, in aggregate: sentiment per dish, and what changed this week and why.

Every role may read these (analysts included): they are counts and shares over a venue's
reviews, with example sentences quoted without who wrote them or when beyond the ISO week.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query

from sazon.access import ALL, Principal
from sazon.api.contract import raises
from sazon.api.deps import IsoDay, SessionDep, require
from sazon.api.onehop import ApiRouter
from sazon.errors import InvalidInput, NotFound
from sazon.experience import VenueChanges, VenueDishes, dish_sentiment, venue_changes

router = ApiRouter(prefix="/experience", tags=["experience"])
Reader = Annotated[Principal, Depends(require(ALL))]
VenueQ = Annotated[str, Query(min_length=1, max_length=64, description="venue code or id")]


Day = IsoDay


@router.get("/dishes", response_model=VenueDishes, responses=raises(NotFound, InvalidInput))
def dishes(
    session: SessionDep,
    _: Reader,
    venue: VenueQ,
    until: Annotated[Day, Query(description="last day read, YYYY-MM-DD (default: today)")] = None,
    weeks: Annotated[int, Query(ge=1, le=104, description="ISO weeks read")] = 12,
) -> VenueDishes:
    """Each dish guests named: mentions, share positive and negative, per ISO week, examples.
    A name two dishes share is counted for neither and listed under ``ambiguous``."""
    return dish_sentiment(session, venue, until=until, weeks=weeks)


@router.get("/changes", response_model=VenueChanges, responses=raises(NotFound, InvalidInput))
def changes(
    session: SessionDep,
    _: Reader,
    venue: VenueQ,
    week: Annotated[
        Day, Query(description="a day of the ISO week (default: the latest review's)")
    ] = None,
    weeks: Annotated[int, Query(ge=1, le=26, description="weeks per period")] = 1,
    lang: Literal["es", "en"] = "es",
) -> VenueChanges:
    """The aspects and dishes whose share of negative or positive opinions moved beyond
    chance against the period before (two-proportion test, Benjamini–Hochberg across rows),
    each with n, p, q and the reviews behind it."""
    return venue_changes(session, venue, week=week, weeks=weeks, lang=lang)
