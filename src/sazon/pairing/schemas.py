"""Inputs and outputs of the pairing tool (pydantic, so the API and the CLI share them)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from sazon.knowledge import ALLERGENS, fold, structure_value

Lang = Literal["es", "en"]
Mode = Literal["per_course", "flight"]
# How a wine list may name an allergen in Spanish or English.
_ALLERGEN_WORDS = {
    **{a: a for a in ALLERGENS}, "huevo": "eggs", "huevos": "eggs", "egg": "eggs",
    "leche": "milk", "lacteos": "milk", "dairy": "milk", "caseina": "milk", "casein": "milk",
    "pescado": "fish", "cola de pescado": "fish", "isinglass": "fish", "sulfitos": "sulphites",
    "sulfites": "sulphites", "sulphite": "sulphites", "trigo": "gluten", "cebada": "gluten",
    "mani": "peanuts", "soya": "soy", "crustaceos": "crustaceans", "moluscos": "molluscs",
}  # fmt: skip


class DishInput(BaseModel):
    """A dish as a menu writes it. Only the name is required.

    ``ingredients`` are words in Spanish or English ("langostinos", "soy sauce"); ``cooking``
    may list methods from the knowledge base vocabulary (``fried``, ``grilled``…) and is
    otherwise read from the name, the description and the knowledge base.
    """

    model_config = ConfigDict(extra="forbid")
    dish_id: str = Field(min_length=1, max_length=120)
    name: str = Field(min_length=1, max_length=200)
    course: str | None = Field(default=None, max_length=40)
    price_pen: float | None = Field(default=None, ge=0, le=100000)
    ingredients: list[str] = Field(default=[], max_length=60)
    description: str | None = Field(default=None, max_length=2000)
    cooking: list[str] = Field(default=[], max_length=10)


class WineInput(BaseModel):
    """A bottle on a list. Every attribute but the name may be missing (it is inferred)."""

    model_config = ConfigDict(extra="forbid")
    wine_id: str = Field(min_length=1, max_length=120)
    name: str = Field(min_length=1, max_length=200)
    producer: str | None = Field(default=None, max_length=200)
    country: str | None = Field(default=None, max_length=80)
    region: str | None = Field(default=None, max_length=120)
    grapes: list[str] = Field(default=[], max_length=12)
    color: str | None = Field(default=None, max_length=16)
    style: str | None = Field(default=None, max_length=16)
    sweetness: float | None = Field(default=None, ge=0, le=5)
    body: float | None = Field(default=None, ge=1, le=5)
    acidity: float | None = Field(default=None, ge=1, le=5)
    tannin: float | None = Field(default=None, ge=0, le=5)
    oak: float | None = Field(default=None, ge=0, le=5)
    alcohol: float | None = Field(default=None, ge=0, le=80)
    aromas: list[str] = Field(default=[], max_length=12)
    price_pen: float | None = Field(default=None, ge=0, le=100000)
    by_the_glass: bool = False
    #: EU-14 allergens the bottle holds or may hold; None: not said (decided cautiously).
    allergens: list[str] | None = Field(default=None, max_length=14)
    #: Known to be made without animal products (fining agents included); None: not known.
    vegan: bool | None = None

    @field_validator("sweetness", "body", "acidity", "tannin", "oak", mode="before")
    @classmethod
    def _structure_words(cls, value: object, info: ValidationInfo) -> object:
        # A list as sommeliers write it ("seco", "medium-plus") reads like its numbers.
        if isinstance(value, str) and info.field_name:
            return structure_value(info.field_name, value)
        return value

    @field_validator("allergens")
    @classmethod
    def _known_allergens(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        out = []
        for word in value:
            key = fold(word).strip()
            if key not in _ALLERGEN_WORDS:
                raise ValueError(
                    f"unknown allergen '{word}': use the EU-14 names ({', '.join(ALLERGENS)})"
                )
            out.append(_ALLERGEN_WORDS[key])
        return sorted(set(out))


class ResolvedIngredient(BaseModel):
    written: str
    id: str
    name: str
    role: str
    how: str  # exact | synonym | cleaned | partial:<rest> | suggested:<name> (flavour only)


class DishProfile(BaseModel):
    """What the dish tastes like, on the knowledge base's 0–5 scales, and why."""

    acidity: float
    sweetness: float
    salt: float
    bitterness: float
    umami: float
    heat: float
    fat: float
    weight: float
    aromas: dict[str, float] = {}
    chili_aromas: dict[str, float] = {}  # the part of each aroma that comes from chillies
    course: str | None = None
    cooking: list[str] = []
    preparations: list[str] = []
    flags: list[str] = []
    main: str | None = None
    ingredients: list[ResolvedIngredient] = []
    unknown_ingredients: list[str] = []
    # flavour → ingredient ids that give it, strongest first (used by the explanations)
    sources: dict[str, list[str]] = {}
    knowledge_dish: str | None = None

    def has(self, flag: str) -> bool:
        return flag in self.flags


class WineProfile(BaseModel):
    """A bottle's structure with every attribute filled; ``inferred`` says from what."""

    wine_id: str
    name: str
    producer: str | None = None
    country: str | None = None
    region: str | None = None
    grapes: list[str] = []
    color: str
    style: str
    sweetness: float
    body: float
    acidity: float
    tannin: float
    oak: float
    alcohol: float
    aromas: list[str] = []
    price_pen: float | None = None
    by_the_glass: bool = False
    inferred: dict[str, str] = {}
    alcoholic: bool = True
    article_es: str | None = None  # for drinks whose name needs its own article

    @property
    def sparkling(self) -> bool:
        return self.style == "sparkling" or "sparkling" in self.inferred.get("texture", "")


class Reason(BaseModel):
    """One rule's verdict on a pair, with the sentence that explains it."""

    rule: str
    effect: float  # weighted contribution to the score; > 0 helps, < 0 hurts
    text: str


class Suggestion(BaseModel):
    wine_id: str
    name: str
    score: float
    confidence: float
    why: str
    reasons: list[Reason] = []
    price_pen: float | None = None
    by_the_glass: bool = False
    color: str | None = None
    style: str | None = None
    wine: WineProfile | None = None


class DishPairing(BaseModel):
    dish_id: str
    dish: str
    profile: DishProfile
    suggestions: list[Suggestion]
    non_alcoholic: list[Suggestion] = []
    note: str | None = None


class PairingFilters(BaseModel):
    """Which bottles may be suggested: price ceiling (PEN), by the glass, colours."""

    model_config = ConfigDict(extra="forbid")
    max_price_pen: float | None = Field(default=None, ge=0, le=100000)
    by_the_glass: bool = False
    colors: list[str] = Field(default=[], max_length=8)


class MenuCourse(BaseModel):
    """One course of a menu for :func:`sazon.pairing.pair_menu`."""

    model_config = ConfigDict(extra="forbid")
    course: str = Field(min_length=1, max_length=40)
    dish: DishInput


class CoursePairing(BaseModel):
    course: str
    dish_id: str
    dish: str
    wine: Suggestion | None
    non_alcoholic: Suggestion | None
    profile: DishProfile


class MenuPairing(BaseModel):
    mode: Mode
    lang: Lang
    courses: list[CoursePairing]
    total_price_pen: float
    non_alcoholic_only: bool = False
    warnings: list[str] = []
