"""What every kind's store operations share: the context of a batch, a row problem, and
filling a stored record's empty fields from a row."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sazon.knowledge import KnowledgeBase, fold
from sazon.store import Base, Dish, Venue, Wine


class RowProblem(ValueError):
    """A record that parsed but cannot be stored (e.g. it names a guest we do not have)."""

    def __init__(self, field: str, value: str, error: str) -> None:
        super().__init__(error)
        self.reason = {"field": field, "value": value, "error": error}


@dataclass
class Context:
    session: Session
    kb: KnowledgeBase
    fuzzy_threshold: int = 90
    warnings: list[dict[str, str]] | None = None

    _dishes: dict[str, list[Dish]] | None = None

    def dish_index(self) -> dict[str, list[Dish]]:
        """Folded dish names (Spanish and English) → dishes, built once per run."""
        if self._dishes is None:
            self._dishes = {}
            for dish in self.session.scalars(select(Dish).where(Dish.active)):
                for name in {dish.name_es, dish.name_en or ""} - {""}:
                    self._dishes.setdefault(fold(name), []).append(dish)
        return self._dishes

    _wines: dict[str, list[Wine]] | None = None

    def wine_index(self) -> dict[str, list[Wine]]:
        """Folded wine names → wines, built once per run."""
        if self._wines is None:
            self._wines = {}
            for wine in self.session.scalars(select(Wine)):
                self._wines.setdefault(fold(wine.name), []).append(wine)
        return self._wines

    def warn(self, field: str, value: str, error: str) -> None:
        if self.warnings is not None:
            self.warnings.append({"field": field, "value": value, "error": error})


@dataclass
class Handler:
    model: type[Base]
    find: Callable[[Context, Any], tuple[Any, str] | None]
    create: Callable[[Context, Any], Any]
    merge: Callable[[Context, Any, Any, set[str]], list[str]]


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def fill_missing(target: Any, values: dict[str, Any], given: set[str]) -> list[str]:
    """Keep the most complete record: fill empty fields, union lists, never erase."""
    filled: list[str] = []
    for name, new in values.items():
        if _empty(new) or not hasattr(target, name):
            continue
        old = getattr(target, name)
        if isinstance(old, list) and isinstance(new, list):
            union = [*old, *(v for v in new if v not in old)]
            if union != old:
                setattr(target, name, union)
                filled.append(name)
        elif _empty(old):
            setattr(target, name, new)
            filled.append(name)
    return filled


# ---- venues -------------------------------------------------------------------------------


def venue_for(ctx: Context, written: str | None) -> int | None:
    if not written:
        return None
    code = re.sub(r"[^a-z0-9]+", "-", fold(written)).strip("-")
    venue = ctx.session.scalars(
        select(Venue).where((Venue.code == code) | (func.lower(Venue.name) == written.lower()))
    ).first()
    if venue is None:
        venue = Venue(code=code, name=written.strip())
        ctx.session.add(venue)
        ctx.session.flush()
        ctx.warn("venue", written, f"new venue '{written}' created")
    return venue.id
