"""Guest experience: what to offer a known guest (dishes and wines, each with its reason)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from sazon.access import HEALTH_READERS, Principal, audit_read
from sazon.api.contract import raises
from sazon.api.deps import Id, SessionDep, StateDep, request_id, require
from sazon.api.onehop import ApiRouter
from sazon.errors import NotFound
from sazon.experience import ExperienceServing, GuestRecommendations, recommend_for_guest
from sazon.pairing import Lang

router = ApiRouter(prefix="/experience", tags=["experience"])
# The suggestions are shaped by the guest's restrictions (health data, Ley 29733): the roles
# that may read those, the floor among them.
Floor = Annotated[Principal, Depends(require(HEALTH_READERS))]


def _served(request: Request, state: StateDep) -> ExperienceServing:
    # One per application: the fitted model and the menus, kept between requests and
    # refreshed when the bus says visits or feedback changed, or a new model is active.
    return ExperienceServing.of(request.app.state, state.settings)


Served = Annotated[ExperienceServing, Depends(_served)]


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
    served: Served,
    venue: Annotated[
        str | None, Query(max_length=64, description="venue code or id (default: last visit)")
    ] = None,
    top: Annotated[int, Query(ge=1, le=20)] = 5,
    lang: Lang = "es",
) -> GuestRecommendations:
    recs = recommend_for_guest(session, guest_id, venue=venue, top=top, lang=lang, served=served)
    audit_read(session, principal, "guest.recommendations", [guest_id], None, request_id(request))
    return recs
