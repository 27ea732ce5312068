"""Guest experience: what to offer a known guest (dishes and wines, each with its reason)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from sazon.access import HEALTH_READERS, Principal, audit
from sazon.api.contract import raises
from sazon.api.deps import Id, SessionDep, request_id, require
from sazon.api.onehop import ApiRouter
from sazon.errors import NotFound
from sazon.experience import GuestRecommendations, recommend_for_guest
from sazon.pairing import Lang

router = ApiRouter(prefix="/experience", tags=["experience"])
# The suggestions are shaped by the guest's restrictions (health data, Ley 29733): the roles
# that may read those, the floor among them.
Floor = Annotated[Principal, Depends(require(HEALTH_READERS))]


@router.get(
    "/guests/{guest_id}/recommendations",
    response_model=GuestRecommendations,
    responses=raises(NotFound),
)
def guest_recommendations(
    guest_id: Id,
    request: Request,
    session: SessionDep,
    principal: Floor,
    venue: Annotated[
        str | None, Query(max_length=64, description="venue code or id (default: last visit)")
    ] = None,
    top: Annotated[int, Query(ge=1, le=20)] = 5,
    lang: Lang = "es",
) -> GuestRecommendations:
    recs = recommend_for_guest(session, guest_id, venue=venue, top=top, lang=lang)
    audit(session, principal, "guest.recommendations", guest_id, None, request_id(request))
    return recs
