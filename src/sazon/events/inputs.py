"""What faces send to create, change and plan an event, checked before the store is read.

Amounts in soles, courses as people write them, start times the calendar can hold: a value
outside them is refused here with its field's name.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic.json_schema import SkipJsonSchema

from sazon.events.schemas import Lang, WineMode
from sazon.knowledge import COURSES, fold

EventStatus = Literal["draft", "planning", "confirmed", "completed", "cancelled"]
EVENT_STATUSES: tuple[str, ...] = get_args(EventStatus)
#: Years an event may start in: wide enough for any real event, and far from the calendar's
#: edges, where converting between Lima and UTC overflows.
EVENT_YEARS = (2000, 2100)
_CENT = Decimal("0.01")
MAX_BUDGET = Decimal(100000)  # soles per guest


def in_cents(value: Decimal) -> Decimal:
    """Money is kept in cents (the store's Money column): round half up; a budget that rounds
    to S/ 0.00 would leave every plate out, so it is refused."""
    cents = value.quantize(_CENT, rounding=ROUND_HALF_UP)
    if cents < _CENT:
        raise ValueError("a budget per guest must be at least S/ 0.01")
    return cents


def _in_event_years(value: datetime) -> datetime:
    low, high = EVENT_YEARS
    if not low <= value.year <= high:
        raise ValueError(f"the event must start between {low} and {high}, not in {value.year}")
    return value


# Money is a JSON number or a plain decimal string ("85.50"); the document says which strings
# (whole soles from 1, at most two decimals) so that every amount it allows is one the store
# keeps. A budget is at least half a centimo: it rounds to S/ 0.01.
Budget = Annotated[
    Decimal,
    Field(ge=Decimal("0.005"), le=MAX_BUDGET),
    AfterValidator(in_cents),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0.005, "maximum": 100000},
                {"type": "string", "pattern": r"^[1-9][0-9]{0,4}(\.[0-9]{1,2})?$"},
            ]
        }
    ),
]
DrinksBudget = Annotated[
    Decimal,
    Field(ge=0, le=MAX_BUDGET),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 100000},
                {"type": "string", "pattern": r"^[0-9]{1,5}(\.[0-9]{1,2})?$"},
            ]
        }
    ),
]


def _course(value: str) -> str:
    course = fold(value).replace(" ", "_")
    if course not in COURSES:
        raise ValueError(f"unknown course '{value}': use {', '.join(COURSES)}")
    return course


# Read as people write it ("Entrada", "plato de fondo" is not one); the document lists the names.
Course = Annotated[str, AfterValidator(_course), WithJsonSchema({"enum": list(COURSES)})]
Courses = Annotated[list[Course], Field(min_length=1, max_length=12)]
#: A field PATCH may leave out but not set to null (update_event refuses null with the name).
NotNull = SkipJsonSchema[None]
EventStart = Annotated[
    datetime,
    AfterValidator(_in_event_years),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": r"^(20[0-9]{2}|2100)-"}),
]


class EventCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    event_type: str = Field(default="cena", min_length=1, max_length=40)
    starts_at: EventStart
    venue_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    capacity: int | None = Field(default=None, ge=1, le=10000)
    budget_per_guest_pen: Budget | None = None
    courses: Courses = ["entrada", "fondo", "postre"]
    notes: str | None = Field(default=None, max_length=5000)


class EventUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, Field(min_length=1, max_length=200)] | NotNull = None
    event_type: Annotated[str, Field(min_length=1, max_length=40)] | NotNull = None
    starts_at: EventStart | NotNull = None
    venue_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    capacity: int | None = Field(default=None, ge=1, le=10000)
    budget_per_guest_pen: Budget | None = None
    courses: Courses | NotNull = None
    status: EventStatus | NotNull = None
    notes: str | None = Field(default=None, max_length=5000)


class PlanOptions(BaseModel):
    """How to plan an event; ``None`` means "as last time" (or the default)."""

    model_config = ConfigDict(extra="forbid")
    max_dishes_per_course: int | None = Field(default=None, ge=1, le=50)
    time_limit_s: float | None = Field(default=None, gt=0, le=120)
    lang: Lang | None = Field(default=None, description="of the reasons and the concept")
    #: ``flight`` or ``per_course``; None: as last time, else from the event type.
    wine_mode: WineMode | None = None
    #: Soles per drinking guest for the wines; 0 removes the budget of the last plan.
    drinks_budget_per_guest_pen: DrinksBudget | None = None
