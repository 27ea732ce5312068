"""Inputs and outputs of the event planner (pydantic).

Ids are strings in the engine: a menu file names dishes by its own codes, the store by
integer ids; the service turns store ids into strings and back.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from sazon.events.drink_schemas import (
    CourseDrinks,
    DrinkSwap,
    NonDrinker,
    PlateDrinks,
    PouredDrink,
    WineFlight,
)
from sazon.events.plan_types import (
    Lang,
    PlanCauseCode,
    StageStatus,
    Status,
    UnservedCause,
    WineMode,
    WineSource,
)

# The drinks and the word lists live in their own modules; their names are kept here too.
__all__ = [
    "AllergenMatrix",
    "Assignment",
    "CourseAllergens",
    "CourseDrinks",
    "DishUse",
    "DrinkSwap",
    "EventConcept",
    "GuestNeeds",
    "GuestSummary",
    "Lang",
    "Lock",
    "MatrixGuest",
    "MenuDish",
    "NonDrinker",
    "Objective",
    "Plan",
    "PlanCause",
    "PlanCauseCode",
    "PlanChange",
    "PlanDiff",
    "PlanRequest",
    "PlateDrinks",
    "PouredDrink",
    "StageOutcome",
    "StageStatus",
    "Status",
    "Unserved",
    "UnservedCause",
    "WayOut",
    "WayOutDish",
    "WineFlight",
    "WineMode",
    "WineSource",
]


class GuestNeeds(BaseModel):
    """One guest as the planner sees them: restrictions as written and what they like.

    ``allergies`` (allergen slugs) and ``diets`` (diet labels) are the structured form the
    store keeps; ``allergies_text`` / ``diet_text`` are what the guest wrote. Both are read
    and merged, so a restriction known in either form is respected.
    """

    model_config = ConfigDict(extra="forbid")

    guest_id: str = Field(min_length=1, max_length=120)
    name: str | None = Field(default=None, max_length=300)
    language: str = "es"
    allergies_text: str | None = Field(default=None, max_length=2000)
    diet_text: str | None = Field(default=None, max_length=2000)
    allergies: list[str] = []
    diets: list[str] = []
    unknown: list[str] = Field(default=[], description="restriction words nobody could read")
    favourite_cuisines: list[str] = []
    notes: str | None = Field(default=None, max_length=5000)
    consent_personalisation: bool = False
    #: Past ratings, 1–5, by folded dish name (from visits and feedback in the store).
    ratings: dict[str, float] = {}
    pending: bool = Field(default=False, description="invited, has not answered yet")


class MenuDish(BaseModel):
    """A dish that can be served, with what it is made of and its price per plate."""

    model_config = ConfigDict(extra="forbid")

    dish_id: str = Field(min_length=1, max_length=120)
    name_es: str = Field(min_length=1, max_length=200)
    name_en: str | None = None
    course: str
    cuisine: str | None = None
    price_pen: Decimal | None = Field(default=None, ge=0)
    ingredients: list[str] = []
    cooking: list[str] = Field(default=[], description="raw, cured, fried… (empty: unknown)")
    description_es: str | None = None
    description_en: str | None = None

    def name(self, lang: str = "es") -> str:
        return (self.name_en or self.name_es) if lang == "en" else self.name_es


class Lock(BaseModel):
    """A choice fixed by hand: the table's dish for a course, or one guest's plate."""

    model_config = ConfigDict(extra="forbid")

    course: str
    dish_id: str
    guest_id: str | None = None


class PlanRequest(BaseModel):
    """Everything the planner needs; the store's use cases build it from an event."""

    model_config = ConfigDict(extra="forbid")

    guests: list[GuestNeeds]
    menu: list[MenuDish]
    courses: list[str] = Field(min_length=1, max_length=12)
    budget_per_guest: Decimal | None = Field(default=None, gt=0)
    max_dishes_per_course: int = Field(default=3, ge=1, le=50)
    locks: list[Lock] = []
    lang: Lang = "es"
    time_limit_s: float = Field(default=10.0, gt=0, le=600)
    seed: int = 7
    #: The plate each guest-course had in the plan being redone: kept when nothing is lost.
    previous: dict[str, str] = Field(
        default={}, description='"guest_id|course" → dish_id of the previous plan'
    )

    @field_validator("courses")
    @classmethod
    def _clean_courses(cls, value: list[str]) -> list[str]:
        cleaned = [c.strip().lower() for c in value if c.strip()]
        if not cleaned:
            raise ValueError("give at least one course, e.g. entrada,fondo,postre")
        return cleaned


class Assignment(BaseModel):
    guest_id: str
    course: str
    dish_id: str
    dish_name: str
    reason: str
    substitution: bool = False
    locked: bool = False
    personalisation: str | None = None


class WayOutDish(BaseModel):
    """A dish of the catalogue, not on this menu, that would give the guest a safe plate."""

    dish_id: str
    dish_name: str
    source: Literal["venue", "knowledge"]
    price_pen: Decimal | None = None
    #: How many of the guests left without a plate in this course it would serve.
    serves: int = 1


class WayOut(BaseModel):
    """What the kitchen can do for a guest left without a plate: add a catalogue dish (at most
    three, best first), else cook a plate off the menu to the guest's restrictions."""

    dishes: list[WayOutDish] = []
    off_menu: str | None = None
    #: One line for the faces: "agregar a la carta: …" or "plato fuera de carta: …".
    text: str


class Unserved(BaseModel):
    guest_id: str
    course: str
    reason: str
    cause: UnservedCause | None = None  # None only in plans stored before causes existed
    way_out: WayOut | None = None


class DishUse(BaseModel):
    dish_id: str
    dish_name: str
    plates: int
    table: bool


class GuestSummary(BaseModel):
    """Per guest: what was read from their restrictions and how they were personalised."""

    guest_id: str
    name: str | None = None
    restrictions: list[str] = []
    unread: list[str] = []
    personalised: bool
    personalisation_note: str
    plate_total_pen: Decimal = Decimal("0")
    pending: bool = False


class Objective(BaseModel):
    """The value reached at each level of the lexicographic objective."""

    unserved: int
    substitutions: int
    preference: int
    variety: int
    cost_pen: Decimal
    kept_from_previous: int = 0


class StageOutcome(BaseModel):
    """One level of the lexicographic solve: how it ended, the value reached, its bound."""

    stage: Literal["unserved", "substitutions", "preference", "variety", "cost", "tie_break"]
    status: StageStatus
    objective: float | None = None
    bound: float | None = None
    #: |bound − objective| / max(1, |objective|): 0 when proven, None when nothing was found.
    gap: float | None = None


class PlanCause(BaseModel):
    """Why a plan, or a course of it, falls short: a code and the words for it."""

    code: PlanCauseCode
    course: str | None = None
    text: str


class EventConcept(BaseModel):
    """The event's concept, written by the generation service from the plan's facts."""

    lang: Lang = "es"
    title: str
    theme: str
    story: str
    #: One line per course of the table menu (course slot → line).
    menu: dict[str, str] = {}
    text: str
    backend: str
    fell_back: bool = False
    seed: int
    grounded: bool
    violations: list[str] = []
    warnings: list[str] = []

    def description(self, course: str) -> str | None:
        """A course's menu line without its "Course: Dish — " head, for a printed card."""
        line = self.menu.get(course)
        if not line:
            return None
        return line.split(" — ", 1)[1] if " — " in line else line


class MatrixGuest(BaseModel):
    """One guest on the kitchen's allergen matrix: what they said, how it was read, what they
    eat in each course."""

    guest_id: str
    name: str | None = None
    #: What the guest wrote (allergies, then diet), word for word.
    written: list[str] = []
    #: The restrictions as read ("sin maní", "dieta vegana", "por precaución («…»)").
    restrictions: list[str] = []
    #: Matrix columns their plates must be made without.
    without: list[str] = []
    #: Ingredients avoided on top (from words read cautiously), and "picante" when so.
    also_avoid: list[str] = []
    #: Course slot → dish name (None: nothing served in that course).
    plates: dict[str, str | None] = {}
    #: Course slots where their plate is not the table's dish.
    substituted: list[str] = []
    pending: bool = False


class CourseAllergens(BaseModel):
    """One course: per matrix column, the plates the kitchen must make without it."""

    course: str
    served: int
    #: Column → plates (only columns with at least one plate).
    plates_without: dict[str, int] = {}
    #: Column → dish name → plates, so the pass knows which plates they are.
    by_dish: dict[str, dict[str, int]] = {}


class AllergenMatrix(BaseModel):
    """The pass's allergen list: every restricted guest, and per course and allergen (EU-14
    plus the diet classes that matter: meat, pork, alcohol…) how many plates go out without it.
    """

    lang: Lang = "es"
    #: Column keys in a fixed order (EU-14 first), only those some guest needs.
    columns: list[str] = []
    labels: dict[str, str] = {}
    guests: list[MatrixGuest] = []
    #: Guests without any restriction (they eat the table menu as it is).
    unrestricted: int = 0
    courses: list[CourseAllergens] = []


class Plan(BaseModel):
    """A menu plan: the table's dishes, every guest's plate or why there is none."""

    status: Status
    proven_optimal: bool
    lang: Lang = "es"
    courses: list[str]
    table_menu: dict[str, str | None]
    assignments: list[Assignment]
    unserved: list[Unserved]
    kitchen_counts: dict[str, dict[str, int]]
    kitchen: dict[str, list[DishUse]] = {}
    guests: list[GuestSummary] = []
    warnings: list[str] = []
    objective: Objective | None = None
    solve_seconds: float = 0.0
    classes: int = Field(default=0, description="groups of identical guests the model used")
    #: Each stage of the solve, in order, with its gap (a timeout shows where it stopped).
    stages: list[StageOutcome] = []
    #: The gap of the stage where the solve stopped short; 0 when optimal, None if no plan.
    gap: float | None = None
    #: What made the plan fall short (timeout, locks, a budget no menu meets, a course
    #: without dishes…), in the plan's language; empty when nothing did.
    causes: list[PlanCause] = []
    #: The drinks for the table menu (``sazon.pairing``), when a wine list was given.
    wine_flight: WineFlight | None = None
    #: Title, theme, story and menu lines (``sazon.generate``), when asked for.
    concept: EventConcept | None = None
    #: The kitchen's allergen matrix (``sazon.events.matrix``).
    allergen_matrix: AllergenMatrix | None = None
    #: The plan's sentences in the other language (``sazon.events.plan_words``): for each
    #: language, [place, words as planned, words in that language]; read with ``plan_in``.
    words: dict[str, list[tuple[list[str | int], str, str]]] = {}

    def plate(self, guest_id: str, course: str) -> str | None:
        for a in self.assignments:
            if a.guest_id == guest_id and a.course == course:
                return a.dish_id
        return None


class PlanChange(BaseModel):
    """One guest-course whose plate differs between two plans, and why."""

    guest_id: str
    course: str
    before: str | None
    after: str | None
    before_name: str | None = None
    after_name: str | None = None
    reason: str


class PlanDiff(BaseModel):
    from_plan: int | None
    to_plan: int | None
    table_changes: dict[str, list[str | None]] = {}
    changes: list[PlanChange] = []
    added_guests: list[str] = []
    removed_guests: list[str] = []
    why: str | None = None
    #: The change list's reasons in the other language (``plan_words.diff_in`` reads them).
    words: dict[str, list[tuple[list[str | int], str, str]]] = {}
