"""The venues and what they serve: dishes with their ingredients, the wine list, and the
ingredients the knowledge base ships.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sazon.store.models.base import IDS_NEVER_REUSED, Base, Money, Timestamped


class Venue(Timestamped, Base):
    __tablename__ = "venues"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    district: Mapped[str | None] = mapped_column(String(120))
    city: Mapped[str] = mapped_column(String(120), default="Lima")
    capacity: Mapped[int | None] = mapped_column(Integer)
    cuisine: Mapped[str | None] = mapped_column(String(120))


class Ingredient(Base):
    __tablename__ = "ingredients"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    name_es: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str] = mapped_column(String(160))
    synonyms: Mapped[list[Any]] = mapped_column(default=list)
    category: Mapped[str] = mapped_column(String(40))
    allergens: Mapped[list[Any]] = mapped_column(default=list)
    diet: Mapped[list[Any]] = mapped_column(default=list)
    acidity: Mapped[int] = mapped_column(Integer, default=0)
    sweetness: Mapped[int] = mapped_column(Integer, default=0)
    salt: Mapped[int] = mapped_column(Integer, default=0)
    bitterness: Mapped[int] = mapped_column(Integer, default=0)
    umami: Mapped[int] = mapped_column(Integer, default=0)
    heat: Mapped[int] = mapped_column(Integer, default=0)
    fat: Mapped[int] = mapped_column(Integer, default=0)
    weight: Mapped[int] = mapped_column(Integer, default=0)
    aromas: Mapped[list[Any]] = mapped_column(default=list)


class Dish(Timestamped, Base):
    __tablename__ = "dishes"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(120), unique=True)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id"))
    name_es: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    cuisine: Mapped[str | None] = mapped_column(String(40))
    course: Mapped[str] = mapped_column(String(40))
    cooking: Mapped[list[Any]] = mapped_column(default=list)
    price_pen: Mapped[Decimal | None] = mapped_column(Money)
    description_es: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    # The ingredient words as written; resolved ids live in dish_ingredients.
    ingredients_raw: Mapped[list[Any]] = mapped_column(default=list)
    from_knowledge: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    ingredients: Mapped[list[DishIngredient]] = relationship(
        cascade="all, delete-orphan", order_by="DishIngredient.position"
    )


class DishIngredient(Base):
    __tablename__ = "dish_ingredients"
    dish_id: Mapped[int] = mapped_column(ForeignKey("dishes.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    ingredient_id: Mapped[str | None] = mapped_column(ForeignKey("ingredients.id"))
    written_as: Mapped[str] = mapped_column(String(200))


class Wine(Timestamped, Base):
    __tablename__ = "wines"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(120), unique=True)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id"))
    name: Mapped[str] = mapped_column(String(200))
    producer: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(80))
    region: Mapped[str | None] = mapped_column(String(120))
    grapes: Mapped[list[Any]] = mapped_column(default=list)
    color: Mapped[str | None] = mapped_column(String(16))
    style: Mapped[str | None] = mapped_column(String(16))
    sweetness: Mapped[float | None] = mapped_column(Float)
    body: Mapped[float | None] = mapped_column(Float)
    acidity: Mapped[float | None] = mapped_column(Float)
    tannin: Mapped[float | None] = mapped_column(Float)
    oak: Mapped[float | None] = mapped_column(Float)
    alcohol: Mapped[float | None] = mapped_column(Float)
    aromas: Mapped[list[Any]] = mapped_column(default=list)
    price_pen: Mapped[Decimal | None] = mapped_column(Money)
    by_the_glass: Mapped[bool] = mapped_column(Boolean, default=False)
    on_list: Mapped[bool] = mapped_column(Boolean, default=False)
    from_knowledge: Mapped[bool] = mapped_column(Boolean, default=False)
