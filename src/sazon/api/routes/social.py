"""The social media optimizer: the best times to post for a venue and channel."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import Depends, Query, Request

from sazon.access import Principal, Role
from sazon.api.contract import raises
from sazon.api.deps import SessionDep, StateDep, require
from sazon.api.onehop import ApiRouter
from sazon.errors import InvalidInput, NotFound
from sazon.ml import ModelRegistry
from sazon.social import BestTimes, DraftSet, cached_trends, store_best_times, store_drafts
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
