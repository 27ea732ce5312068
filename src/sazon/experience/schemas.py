"""What the experience tool returns: recommendations for a guest, each with its reason."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

Source = Literal["favourite", "similar_guests", "taste", "segment", "popular"]


class Suggestion(BaseModel):
    """One dish or wine to offer, with why, in the language asked for."""

    kind: Literal["dish", "wine"]
    code: str = Field(description="the store code of the dish or wine")
    name: str
    venue: str | None = Field(default=None, description="venue code of the menu it is on")
    price_pen: Decimal | None = None
    score: float = Field(description="higher is better; comparable within one list")
    source: Source = Field(
        description="favourite (ordered before), similar_guests (guests who order what they "
        "order), taste (like what they order), segment (guests like them), popular"
    )
    reason: str = Field(examples=["pidió anticuchos 4 veces"])


class GuestRecommendations(BaseModel):
    """Dishes and wines for one guest; nothing that breaks their restrictions or is off menu."""

    guest_id: int
    venue: str | None = Field(description="the venue whose current menu was used")
    personalised: bool = Field(
        description="false when the guest has not consented to personalisation or has no "
        "history: the suggestions are then those of their segment or the venue's best"
    )
    favourites: list[Suggestion] = Field(description="what they ordered before, still offered")
    dishes: list[Suggestion] = Field(description="dishes they have not had yet")
    wines: list[Suggestion] = Field(description="wines they have not had yet")
    withheld: int = Field(
        description="menu items kept from this guest by their restrictions (or because "
        "safety could not be confirmed)"
    )
    notes: list[str] = []
