"""Dishes and wine lists from CSV files, with one-line errors that say what to fix.

Dishes: ``dish_id,name,course,price_pen,ingredients`` (ingredients separated by ``;``), and
optionally ``description`` and ``cooking``. Wines: ``wine_id,name,producer,country,region,
grapes,color,sweetness,body,acidity,tannin,oak,alcohol,price_pen`` (grapes separated by
``;``; any attribute may be empty; structure — sweetness to oak — is a number on the
knowledge base's scale or a word such as *seco*, *off-dry*, *medio-alto*, *full*, *sin madera*,
see :mod:`sazon.knowledge.wine_structure`), and optionally ``style``, ``aromas``, ``by_the_glass``,
``allergens`` (EU-14 names separated by ``;``; a column present but empty means "none") and
``vegan`` (true/false; empty is unknown). Without an ``allergens`` column a bottle's allergens
are decided cautiously (:mod:`sazon.pairing.allergens`).
Columns are separated by commas; a header in Spanish is accepted for the common names.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pydantic import ValidationError

from sazon.config import PairingSettings
from sazon.errors import InvalidInput
from sazon.knowledge import structure_value
from sazon.pairing.schemas import DishInput, WineInput

#: The limits when none are given: ``Settings().pairing`` (``SAZON_PAIRING__*``).
DEFAULT_LIMITS = PairingSettings()

DISH_ALIASES = {
    "id": "dish_id", "codigo": "dish_id", "código": "dish_id", "plato": "name",
    "nombre": "name", "curso": "course", "tiempo": "course", "precio": "price_pen",
    "precio_pen": "price_pen", "ingredientes": "ingredients", "descripcion": "description",
    "descripción": "description", "coccion": "cooking", "cocción": "cooking",
}  # fmt: skip
WINE_ALIASES = {
    "id": "wine_id", "codigo": "wine_id", "código": "wine_id", "vino": "name",
    "nombre": "name", "productor": "producer", "bodega": "producer", "pais": "country",
    "país": "country", "uvas": "grapes", "cepas": "grapes", "color": "color",
    "dulzor": "sweetness", "cuerpo": "body", "acidez": "acidity", "taninos": "tannin",
    "madera": "oak", "roble": "oak", "alcohol": "alcohol", "precio": "price_pen",
    "precio_pen": "price_pen", "estilo": "style", "aromas": "aromas",
    "por_copa": "by_the_glass", "copa": "by_the_glass", "alergenos": "allergens",
    "alérgenos": "allergens", "vegano": "vegan",
}  # fmt: skip
FALSE = {"false", "0", "no", "n", "falso"}
NUMBERS = {
    "sweetness": (0, 5), "body": (1, 5), "acidity": (1, 5), "tannin": (0, 5), "oak": (0, 5),
    "alcohol": (0, 80), "price_pen": (0, 100000),
}  # fmt: skip
STRUCTURE = ("sweetness", "body", "acidity", "tannin", "oak")
TRUE = {"true", "1", "yes", "si", "sí", "y", "x", "verdadero"}


def _read(path: Path, what: str, limits: PairingSettings) -> tuple[list[str], list[dict[str, str]]]:
    if not path.exists():
        raise InvalidInput(f"{what} file {path} does not exist: check the path")
    if path.stat().st_size > limits.max_file_mb * 1024 * 1024:
        raise InvalidInput(
            f"{path.name} is larger than {limits.max_file_mb:g} MB: split it into smaller "
            "files or raise SAZON_PAIRING__MAX_FILE_MB"
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    first = text.splitlines()[0] if text.strip() else ""
    if not first:
        raise InvalidInput(f"{path.name} is empty: it needs a header row and one row per {what}")
    if "," not in first and (";" in first or "\t" in first):
        raise InvalidInput(
            f"{path.name}: separate columns with commas; ';' is only for the list inside a "
            "cell (ingredients, grapes)"
        )
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    if len(rows) > limits.max_rows:
        raise InvalidInput(
            f"{path.name} has {len(rows)} rows: the limit is {limits.max_rows}; split it or "
            "raise SAZON_PAIRING__MAX_ROWS"
        )
    return list(reader.fieldnames or []), rows


def _columns(
    names: list[str], aliases: dict[str, str], required: tuple[str, ...], file: str
) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for name in names:
        key = (name or "").strip().lower().replace(" ", "_")
        mapping[name] = aliases.get(key, key)
    missing = [c for c in required if c not in mapping.values()]
    if missing:
        raise InvalidInput(
            f"{file} is missing the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}: the header must include {', '.join(required)}"
        )
    return mapping


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").replace("|", ";").split(";") if p.strip()]


def _tristate(cell: str) -> bool | None:
    value = cell.strip().lower()
    return True if value in TRUE else False if value in FALSE else None


def _number(value: str, column: str, where: str) -> float | None:
    if column in STRUCTURE:
        # Structure may be written as a sommelier says it ("seco", "medium-plus") or a number.
        try:
            return structure_value(column, value)
        except ValueError as exc:
            raise InvalidInput(f"{where}: {exc}") from None
    text = value.strip().replace("S/", "").replace("%", "").strip()
    if not text:
        return None
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        raise InvalidInput(f"{where}: {column} '{value}' is not a number") from None
    lo, hi = NUMBERS[column]
    if not lo <= number <= hi:
        raise InvalidInput(f"{where}: {column} '{value}' must be between {lo} and {hi}")
    return number


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"])
    return f"{field}: {err['msg']}"


def read_dishes(path: Path, limits: PairingSettings = DEFAULT_LIMITS) -> list[DishInput]:
    """Dishes from a CSV file (see the module docstring for the columns), within ``limits``."""
    names, rows = _read(path, "dish", limits)
    cols = _columns(names, DISH_ALIASES, ("dish_id", "name"), path.name)
    out: list[DishInput] = []
    seen: set[str] = set()
    for n, row in enumerate(rows, start=2):
        r = {cols[k]: (v or "") for k, v in row.items() if k in cols}
        where = f"{path.name} line {n}"
        if not r.get("dish_id", "").strip() or not r.get("name", "").strip():
            raise InvalidInput(f"{where}: dish_id and name may not be empty")
        if r["dish_id"].strip() in seen:
            raise InvalidInput(
                f"{where}: dish_id '{r['dish_id']}' appears twice; ids must be unique"
            )
        seen.add(r["dish_id"].strip())
        try:
            out.append(
                DishInput(
                    dish_id=r["dish_id"].strip(),
                    name=r["name"].strip(),
                    course=r.get("course", "").strip() or None,
                    price_pen=_number(r.get("price_pen", ""), "price_pen", where),
                    ingredients=_split(r.get("ingredients")),
                    description=r.get("description", "").strip() or None,
                    cooking=_split(r.get("cooking")),
                )
            )
        except ValidationError as exc:
            raise InvalidInput(f"{where}: {_first_error(exc)}") from None
    if not out:
        raise InvalidInput(f"{path.name} has a header but no dishes")
    return out


def read_wines(path: Path, limits: PairingSettings = DEFAULT_LIMITS) -> list[WineInput]:
    """A wine list from a CSV file (see the module docstring for the columns), within
    ``limits`` (``settings.pairing``)."""
    names, rows = _read(path, "wine", limits)
    cols = _columns(names, WINE_ALIASES, ("wine_id", "name"), path.name)
    out: list[WineInput] = []
    seen: set[str] = set()
    for n, row in enumerate(rows, start=2):
        r = {cols[k]: (v or "") for k, v in row.items() if k in cols}
        where = f"{path.name} line {n}"
        if not r.get("wine_id", "").strip() or not r.get("name", "").strip():
            raise InvalidInput(f"{where}: wine_id and name may not be empty")
        if r["wine_id"].strip() in seen:
            raise InvalidInput(
                f"{where}: wine_id '{r['wine_id']}' appears twice; ids must be unique"
            )
        seen.add(r["wine_id"].strip())
        numbers = {c: _number(r.get(c, ""), c, where) for c in NUMBERS}
        try:
            out.append(
                WineInput(
                    wine_id=r["wine_id"].strip(),
                    name=r["name"].strip(),
                    producer=r.get("producer", "").strip() or None,
                    country=r.get("country", "").strip() or None,
                    region=r.get("region", "").strip() or None,
                    grapes=_split(r.get("grapes")),
                    color=r.get("color", "").strip() or None,
                    style=r.get("style", "").strip() or None,
                    aromas=_split(r.get("aromas")),
                    by_the_glass=r.get("by_the_glass", "").strip().lower() in TRUE,
                    allergens=_split(r["allergens"]) if "allergens" in r else None,
                    vegan=_tristate(r.get("vegan", "")),
                    **numbers,
                )
            )
        except ValidationError as exc:
            raise InvalidInput(f"{where}: {_first_error(exc)}") from None
    if not out:
        raise InvalidInput(f"{path.name} has a header but no wines")
    return out
