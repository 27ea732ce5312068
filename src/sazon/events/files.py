"""Guests and menus from files, in the ingest formats (CSV any delimiter, XLSX, JSON, JSONL).

Columns are matched the way ingest matches them (Spanish or English, accents and case do
not matter), and values are read by the same standardisers; only the fields the planner
needs are read, so a guest list with a mistyped e-mail still plans. A bad value in a field
that matters stops with a one-line message naming the file, the row and what to fix.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from sazon.errors import InvalidInput
from sazon.events.schemas import GuestNeeds, MenuDish
from sazon.ingest import ColumnMap, fold_column, map_columns, read_fields, read_rows
from sazon.knowledge import KnowledgeBase, fold

_GUEST_FIELDS = {
    "external_id", "first_name", "last_name", "full_name", "email", "language",
    "allergies_text", "diet_text", "favourite_cuisines", "notes", "consent_personalisation",
}  # fmt: skip
# GuestNeeds keeps at most this many characters of each text.
_MAX_TEXT = 2000
_MAX_TEXT_OF = {"allergies_text": _MAX_TEXT, "diet_text": _MAX_TEXT, "notes": 5000}
_COOKING_COLUMNS = {"cooking", "coccion", "preparacion", "tecnica", "metodo"}


def _read(path: Path, kind: str, max_mb: float) -> tuple[list[dict[str, str]], ColumnMap]:
    if path.is_file() and path.stat().st_size > max_mb * 1024 * 1024:
        raise InvalidInput(
            f"{path.name} is larger than {max_mb:g} MB: split it or raise SAZON_INGEST__MAX_FILE_MB"
        )
    rows, _ = read_rows(path)
    if not rows:
        raise InvalidInput(f"{path.name}: the file has no rows")
    return rows, map_columns(list(dict.fromkeys(c for r in rows for c in r)), kind)


def _values(
    path: Path,
    number: int,
    row: dict[str, str],
    columns: ColumnMap,
    kind: str,
    only: set[str] | None = None,
) -> dict[str, Any]:
    """A row's values by ingest's reading; a bad value (or two that disagree) stops here."""
    parsed = read_fields(row, columns, kind, long_text=_MAX_TEXT, only=only)
    if parsed.reasons:
        first = parsed.reasons[0]
        raise InvalidInput(f"{path.name} row {number}, {first['field']}: {first['error']}")
    return parsed.values


def read_guests(
    path: Path, lang: str = "es", *, max_mb: float = 50
) -> tuple[list[GuestNeeds], list[str]]:
    """Guests from a file, and warnings; each needs an id, an e-mail or a name (its id).

    Columns are mapped and combined by ingest's one mapping (``map_columns`` and
    ``read_fields``), so the planner reads a guest exactly as ``sazon ingest`` stores it:
    every allergy, diet and notes column (repeated headers too) reaches the restrictions,
    and the notes' clauses about food, allergies, diet or health are read as restrictions.
    A column nobody reads is named in the warnings. A file over ``max_mb``
    (``settings.ingest.max_file_mb``) is refused before it is read.
    """
    rows, columns = _read(path, "guests", max_mb)
    if not {"allergies_text", "diet_text"} & set(columns.fields.values()):
        raise InvalidInput(
            f"{path.name}: no allergies or diet column (alergias, restricciones, dieta…): "
            "the planner cannot see what guests may eat"
        )
    warnings = [w for w in (columns.warning("guests", lang),) if w]
    guests: list[GuestNeeds] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        values = _values(path, number, row, columns, "guests", only=_GUEST_FIELDS)
        name: str | None = (
            " ".join(str(v) for v in (values.get("first_name"), values.get("last_name")) if v)
            or None
        )
        gid = str(values.get("external_id") or values.get("email") or name or f"row-{number}")
        if gid in seen:
            raise InvalidInput(f"{path.name} row {number}: guest '{gid}' appears twice")
        seen.add(gid)
        for text_field, limit in _MAX_TEXT_OF.items():
            if len(values.get(text_field) or "") > limit:
                raise InvalidInput(
                    f"{path.name} row {number}, {text_field}: longer than {limit} "
                    "characters; shorten it (the planner reads every word of it)"
                )
        guests.append(
            GuestNeeds(
                guest_id=gid[:120], name=name, language=values.get("language") or "es",
                allergies_text=values.get("allergies_text"), diet_text=values.get("diet_text"),
                favourite_cuisines=values.get("favourite_cuisines") or [],
                notes=values.get("notes"),
                consent_personalisation=bool(values.get("consent_personalisation", False)),
            )
        )  # fmt: skip
    return guests, warnings


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")


def read_menu(
    path: Path, kb: KnowledgeBase, lang: str = "es", *, max_mb: float = 50
) -> tuple[list[MenuDish], list[str]]:
    """Dishes from a menu file; returns them and notes on what was filled in.

    A dish without an ingredient list takes the knowledge base's when its name is a known
    dish (with a note); otherwise it stays without, and only unrestricted guests get it.
    """
    rows, columns = _read(path, "dishes", max_mb)
    have = set(columns.fields.values())
    for needed, hint in (("name", "nombre/plato"), ("course", "tiempo/course")):
        if needed not in have:
            raise InvalidInput(f"{path.name}: no {needed} column ({hint})")
    cooking_col = next((c for c in rows[0] if fold_column(c) in _COOKING_COLUMNS), None)
    dishes: list[MenuDish] = []
    notes: list[str] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        values = _values(path, number, row, columns, "dishes")
        if not values.get("name"):
            raise InvalidInput(f"{path.name} row {number}: the dish has no name")
        if not values.get("course"):
            raise InvalidInput(f"{path.name} row {number}: '{values['name']}' has no course")
        dish_id = str(values.get("external_id") or _slug(values["name"]))
        if dish_id in seen:
            raise InvalidInput(f"{path.name} row {number}: dish id '{dish_id}' appears twice")
        seen.add(dish_id)
        known = kb.find_dish(values["name"])
        ingredients = list(values.get("ingredients") or [])
        cooking = (
            [c.strip() for c in re.split(r"[;|,]", row.get(cooking_col, "")) if c.strip()]
            if cooking_col
            else []
        )
        if not ingredients and known is not None:
            ingredients = list(known.ingredients)
            notes.append(
                f"{values['name']}: ingredients taken from the knowledge base ({known.name_en})"
                if lang == "en"
                else f"{values['name']}: ingredientes tomados de la base de conocimiento "
                f"({known.name_es})"
            )
        if not cooking and known is not None:
            cooking = list(known.cooking)
        price = values.get("price_pen")
        dishes.append(
            MenuDish(
                dish_id=dish_id[:120], name_es=values["name"], name_en=values.get("name_en"),
                course=values["course"], cuisine=values.get("cuisine") or (
                    known.cuisine if known else None
                ),
                price_pen=Decimal(price) if price is not None else None,
                ingredients=ingredients, cooking=cooking,
                description_es=values.get("description")
                or (known.description_es if known else None),
                description_en=known.description_en if known else None,
            )
        )  # fmt: skip
    return dishes, notes
