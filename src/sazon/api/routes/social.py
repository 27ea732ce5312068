"""The social media optimizer: the best times to post for a venue and channel."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import Depends, Query

from sazon.access import Principal, Role
from sazon.api.contract import raises
from sazon.api.deps import SessionDep, require
from sazon.api.onehop import ApiRouter
from sazon.errors import NotFound
from sazon.social import BestTimes, store_best_times
from sazon.timeutil import LIMA

router = ApiRouter(prefix="/social", tags=["social"])

# Aggregates of the group's own posts: no guest data, so marketing and analysts read them.
SOCIAL_READERS = frozenset({Role.admin, Role.marketing, Role.analyst})
Reader = Annotated[Principal, Depends(require(SOCIAL_READERS))]


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
