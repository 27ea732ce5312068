"""Request and response bodies of the API (``*Create``, ``*Update``, ``*Public``)."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

T = TypeVar("T")
#: Every request body: unknown fields refused, and no lax coercion (``true`` is not 1, ``"5"``
#: is not 5), so the body reads exactly as the document types it.
BODY = ConfigDict(extra="forbid", strict=True)


def _integral(value: Any) -> Any:
    # JSON Schema counts 160.0 as an integer; strict mode would not.
    return int(value) if isinstance(value, float) and value.is_integer() else value


#: With an integer of a strict body; after its Field, so the bounds stay in the document.
INTEGRAL = BeforeValidator(_integral)
#: An integer of a strict body.
Int = Annotated[int, INTEGRAL]


def needs_any(*groups: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """``json_schema_extra`` for a body that needs at least one of ``groups`` of fields,
    each given (not null) as its schema says: the document says what the handler checks."""
    return {"anyOf": [{"required": list(group), "properties": group} for group in groups]}


TEXT = {"type": "string", "pattern": r"\S"}


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int


class GuestPublic(BaseModel):
    """A guest. Health fields are present only for roles allowed to read them."""

    model_config = ConfigDict(extra="allow")
    id: int
    first_name: str | None
    last_name: str | None
    email: str | None
    phone: str | None
    language: str
    consent_marketing: bool
    consent_personalisation: bool
    # Open flags from ingest: fields left empty because they could not be read (each waits
    # in quarantine), and guests this one may be the same person as.
    review_fields: list[str] = []
    possible_duplicate_of: list[int] = []


class GuestCreate(BaseModel):
    """A guest needs an identity: an email, a phone, or a first and a last name."""

    model_config = ConfigDict(
        **BODY,
        json_schema_extra=needs_any(
            {"email": TEXT}, {"phone": TEXT}, {"first_name": TEXT, "last_name": TEXT}
        ),
    )
    first_name: str | None = Field(default=None, max_length=120)
    last_name: str | None = Field(default=None, max_length=160)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=40)
    language: str | None = Field(default=None, max_length=20)
    birth_date: str | None = Field(default=None, max_length=30, description="dd/mm/yyyy or ISO")
    restrictions: str | None = Field(
        default=None, max_length=2000, description='As written: "mariscos, vegetariana"'
    )
    favourite_cuisines: list[str] = Field(default=[], max_length=20)
    budget_tier: str | None = Field(default=None, max_length=20)
    notes: str | None = Field(default=None, max_length=5000)
    consent_marketing: bool = False
    consent_personalisation: bool = False


class GuestUpdate(BaseModel):
    model_config = BODY
    first_name: str | None = Field(default=None, max_length=120)
    last_name: str | None = Field(default=None, max_length=160)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=40)
    language: str | None = Field(default=None, max_length=20)
    birth_date: str | None = Field(default=None, max_length=30)
    restrictions: str | None = Field(default=None, max_length=2000)
    favourite_cuisines: list[str] | None = Field(default=None, max_length=20)
    budget_tier: str | None = Field(default=None, max_length=20)
    notes: str | None = Field(default=None, max_length=5000)
    consent_marketing: bool | None = None
    consent_personalisation: bool | None = None


class Created(BaseModel):
    id: int


class QuarantineFix(BaseModel):
    model_config = BODY
    changes: dict[str, str] = Field(description="column → corrected value, as in the file")


class FeedbackCreate(BaseModel):
    """Feedback needs a rating or a text."""

    model_config = ConfigDict(
        **BODY,
        json_schema_extra=needs_any({"rating": {"type": "integer"}}, {"text": TEXT}),
    )
    guest_id: Annotated[int, Field(ge=1, le=2_147_483_647), INTEGRAL] | None = None
    rating: Annotated[int, Field(ge=1, le=5), INTEGRAL] | None = None
    text: str | None = Field(default=None, max_length=5000)
    channel: str | None = Field(default=None, max_length=40)
    submitted_at: str | None = Field(default=None, max_length=40)


class VenueCreate(BaseModel):
    model_config = BODY
    code: str = Field(min_length=2, max_length=64, pattern=r"^[a-z0-9-]+$")
    name: str = Field(min_length=1, max_length=200)
    district: str | None = Field(default=None, max_length=120)
    capacity: Annotated[int, Field(ge=1, le=10000), INTEGRAL] | None = None


def drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}
