"""Menus made of the knowledge base's own dishes, for the event planner's tests."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sazon.events import MenuDish
from sazon.knowledge import KnowledgeBase


def kb_menu(kb: KnowledgeBase, dish_ids: Iterable[str]) -> list[MenuDish]:
    """The knowledge base's dishes as a venue's menu: its names, price, ingredients, cooking."""
    out = []
    for kb_id in dish_ids:
        d = kb.dishes[kb_id]
        out.append(
            MenuDish(
                dish_id=kb_id, name_es=d.name_es, name_en=d.name_en, course=d.course,
                cuisine=d.cuisine, price_pen=Decimal(str(d.price_pen)),
                ingredients=list(d.ingredients), cooking=list(d.cooking),
                description_es=d.description_es, description_en=d.description_en,
            )
        )  # fmt: skip
    return out
