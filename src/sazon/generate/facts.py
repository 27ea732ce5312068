"""The structured content every kind of text is written from.

Everything a generated text may state comes from these models: dish names, ingredients,
allergens (codes from the knowledge base), prices in soles, wines, the guest mix. The grounding
check (``grounding.py``) reads them back by field name, so the conventions matter:

- fields ending in ``_pen`` are prices (the only amounts a text may quote);
- ``allergens`` lists what a dish contains; ``free_from`` what the kitchen guarantees it does
  not contain (the only source of a "sin gluten" claim); ``diet`` the diets it suits;
- ``restrictions`` are guest restrictions (labels such as ``vegetarian`` or ``peanuts``);
- every other string may be quoted as written.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from sazon.generate.grammar import Lang
from sazon.generate.words import GUEST_PARTS, restriction_label, restrictions
from sazon.knowledge import (
    ALLERGENS,
    AROMAS,
    COOKING,
    COURSES,
    CUISINES,
    WINE_COLORS,
    WINE_STYLES,
    DishInfo,
    KnowledgeBase,
    WineInfo,
    classify_ingredient,
    load_knowledge,
)

Diet = Literal["vegetarian", "vegan", "pescatarian"]


class Facts(BaseModel):
    """Base of every facts model: strict (a misspelt field is an error, not ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _codes(values: list[str], allowed: tuple[str, ...], what: str) -> list[str]:
    out: list[str] = []
    for value in values:
        code = value.strip().lower()
        if code not in allowed:
            raise ValueError(f"unknown {what} {value!r}; use one of: {', '.join(allowed)}")
        if code not in out:
            out.append(code)
    return out


class DishFacts(Facts):
    """A dish or drink as the text may describe it."""

    name: str = Field(min_length=1, max_length=120)
    course: str | None = None
    cuisine: str | None = None
    cooking: list[str] = []
    ingredients: list[str] = []
    allergens: list[str] = []
    free_from: list[str] = []
    diet: list[Diet] = []
    price_pen: float | None = Field(default=None, ge=0)

    @field_validator("course")
    @classmethod
    def _course(cls, value: str | None) -> str | None:
        return None if value is None else _codes([value], COURSES, "course")[0]

    @field_validator("cuisine")
    @classmethod
    def _cuisine(cls, value: str | None) -> str | None:
        return None if value is None else _codes([value], CUISINES, "cuisine")[0]

    @field_validator("cooking")
    @classmethod
    def _cooking(cls, value: list[str]) -> list[str]:
        return _codes(value, COOKING, "cooking method")

    @field_validator("allergens", "free_from")
    @classmethod
    def _allergens(cls, value: list[str]) -> list[str]:
        return _codes(value, ALLERGENS, "allergen")

    @field_validator("ingredients")
    @classmethod
    def _ingredients(cls, value: list[str]) -> list[str]:
        return [" ".join(v.split()) for v in value if v.strip()]

    @model_validator(mode="after")
    def _consistent(self) -> DishFacts:
        both = sorted(set(self.allergens) & set(self.free_from))
        if both:
            raise ValueError(f"{self.name}: {', '.join(both)} cannot be both in and free from")
        return self

    @classmethod
    def from_kb(
        cls,
        dish: DishInfo | str,
        lang: Lang = "es",
        *,
        kb: KnowledgeBase | None = None,
        with_price: bool = True,
    ) -> DishFacts:
        """Facts for a packaged dish: its name, ingredients and the allergens they carry.

        >>> DishFacts.from_kb("causa_limena").allergens
        ['eggs', 'mustard']
        """
        kb = kb or load_knowledge()
        info = kb.dishes[dish] if isinstance(dish, str) else dish
        ingredients: list[str] = []
        allergens: set[str] = set()
        for written in info.ingredients:
            item = classify_ingredient(kb, written)
            allergens.update(item.allergens)
            name = item.name_en if lang == "en" and item.name_en else written
            ingredients.append(name or written)
        return cls(
            name=info.name(lang),
            course=info.course,
            cuisine=info.cuisine,
            cooking=list(info.cooking),
            ingredients=ingredients,
            allergens=sorted(allergens),
            price_pen=info.price_pen if with_price else None,
        )


class WineFacts(Facts):
    """A wine, pisco or other drink from the list the restaurant gave."""

    name: str = Field(min_length=1, max_length=120)
    producer: str | None = None
    country: str | None = None
    region: str | None = None
    grapes: list[str] = []
    color: str | None = None
    style: str | None = None
    aromas: list[str] = []
    by_the_glass: bool | None = None
    price_pen: float | None = Field(default=None, ge=0)
    glass_price_pen: float | None = Field(default=None, ge=0)

    @field_validator("color")
    @classmethod
    def _color(cls, value: str | None) -> str | None:
        return None if value is None else _codes([value], WINE_COLORS, "wine colour")[0]

    @field_validator("style")
    @classmethod
    def _style(cls, value: str | None) -> str | None:
        styles = (*WINE_STYLES, "non_alcoholic")
        return None if value is None else _codes([value], styles, "drink style")[0]

    @field_validator("aromas")
    @classmethod
    def _aromas(cls, value: list[str]) -> list[str]:
        return _codes(value, AROMAS, "aroma")

    @classmethod
    def from_kb(cls, wine: WineInfo | str, *, kb: KnowledgeBase | None = None) -> WineFacts:
        """Facts for a packaged wine or pisco."""
        kb = kb or load_knowledge()
        info = kb.wines[wine] if isinstance(wine, str) else wine
        return cls(
            name=info.name,
            producer=info.producer,
            country=info.country,
            region=info.region,
            grapes=list(info.grapes),
            color=info.color,
            style=info.style,
            aromas=list(info.aromas),
            by_the_glass=info.by_the_glass,
            price_pen=info.price_pen,
        )


class GuestMix(Facts):
    """Who is at the table, as counts (no names: a concept or a post never needs them)."""

    total: int = Field(ge=1, le=100_000)
    regulars: int = Field(default=0, ge=0)
    first_timers: int = Field(default=0, ge=0)
    vip: int = Field(default=0, ge=0)
    international: int = Field(default=0, ge=0)
    children: int = Field(default=0, ge=0)
    restrictions: dict[str, int] = {}

    @field_validator("restrictions")
    @classmethod
    def _labels(cls, value: dict[str, int]) -> dict[str, int]:
        out: dict[str, int] = {}
        for written, n in value.items():
            label = restriction_label(written)
            if label is None:
                known = ", ".join(sorted({r.label for r in restrictions().values()}))
                raise ValueError(f"unknown restriction {written!r}; use one of: {known}")
            if n < 0:
                raise ValueError(f"restriction {written!r}: the count must be 0 or more")
            if n:
                out[label] = out.get(label, 0) + n
        return out

    @model_validator(mode="after")
    def _within_total(self) -> GuestMix:
        for part in (*GUEST_PARTS, *self.restrictions):
            n = self.restrictions[part] if part in self.restrictions else getattr(self, part)
            if n > self.total:
                raise ValueError(f"{part} ({n}) cannot exceed the total ({self.total})")
        if self.regulars + self.first_timers > self.total:
            raise ValueError("regulars and first_timers together cannot exceed the total")
        return self
