"""Map a file's columns to a kind's fields and turn each row into a checked record."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

from sazon.errors import InvalidInput
from sazon.ingest import standardise as s
from sazon.ingest.cells import BLANK, Cell, CellMemo, read_cell
from sazon.ingest.field_specs import FieldSpec
from sazon.ingest.headers import header_name
from sazon.ingest.schemas import KIND_FIELDS
from sazon.knowledge import restriction_clauses


def fold_column(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


@dataclass
class ColumnMap:
    """Which field each column fills. Several columns may fill one field: see read_fields."""

    fields: dict[str, str]  # file column → field
    ignored: list[str]

    def warning(self, kind: str, lang: str = "en") -> str | None:
        """One sentence naming the columns nobody reads, or None when every column is read."""
        if not self.ignored:
            return None
        names = ", ".join(f"'{c}'" for c in self.ignored)
        if lang == "es":
            return f"columnas no reconocidas para {kind}, no se leyeron: {names}"
        return f"columns not recognised for {kind}, not read: {names}"


# Guest columns no alias names, whose name still says what they hold ("Alergias del
# invitado", "Notas de reserva"): reading them beats dropping an allergy.
_GUEST_GUESSES = (
    (re.compile(r"alergi|allerg|intoleran"), "allergies_text"),
    (re.compile(r"diet|restric"), "diet_text"),
    (re.compile(r"nota|note|observ|coment|comment|medic|salud|health"), "notes"),
)


def _guess(kind: str, folded: str) -> str | None:
    if kind != "guests":
        return None
    return next((field for pattern, field in _GUEST_GUESSES if pattern.search(folded)), None)


def map_columns(columns: list[str], kind: str) -> ColumnMap:
    """Map a file's columns to ``kind``'s fields: the one column mapping every reader uses.

    Every column whose name (or, for guests, whose name's words) is known fills its field,
    a repeated header ("alergias", "alergias #2") as much as the first; see
    :func:`read_fields` for how several columns of one field are combined. The rest are
    ``ignored``.
    """
    specs, _ = KIND_FIELDS[kind]
    lookup: dict[str, str] = {}
    for spec in specs:
        for alias in spec.aliases:
            lookup.setdefault(fold_column(alias), spec.name)
    exact = {sp.name for sp in specs}
    mapped: dict[str, str] = {}
    ignored: list[str] = []
    # Exact field names first, so the summary lists "email" before "correo".
    ordered = sorted(columns, key=lambda c: fold_column(header_name(c)) not in exact)
    for col in ordered:
        folded = fold_column(header_name(col))
        target = lookup.get(folded) or (None if col.startswith("_") else _guess(kind, folded))
        if target:
            mapped[col] = target
        elif not col.startswith("_"):
            ignored.append(col)
    return ColumnMap(mapped, ignored)


KIND_NAMES_ES = {
    "guests": "invitados",
    "visits": "visitas",
    "feedback": "opiniones",
    "dishes": "platos",
    "wines": "vinos",
    "social-posts": "publicaciones de redes",
    "market-texts": "textos de mercado",
    "social-calendar": "calendario de contenidos",
}


def check_kind(header: list[str], kind: str, filename: str) -> None:
    """Refuse a file whose columns fit another kind clearly better than ``kind``.

    "Clearly": the other kind reads at least two more columns and more than twice as many,
    so a guest list sent as wines (only ``nombre`` fits a wine) is refused, while files that
    share a few columns (``fecha``, ``correo``, ``local``) between kinds still load.
    """
    mine = len(map_columns(header, kind).fields)
    best: tuple[int, str, list[str]] | None = None
    for other in KIND_FIELDS:
        if other == kind:
            continue
        read = list(map_columns(header, other).fields)
        clearly = len(read) >= 2 and len(read) > 2 * mine and len(read) - mine >= 2
        if clearly and (best is None or len(read) > best[0]):
            best = (len(read), other, read)
    if best is None:
        return
    _, other, read = best
    names = ", ".join(f"'{c}'" for c in read[:6])
    raise InvalidInput(
        f"Este archivo parece de {KIND_NAMES_ES[other]} ({other}), no de "
        f"{KIND_NAMES_ES.get(kind, kind)} ({kind}): sus columnas {names} son de "
        f"{KIND_NAMES_ES[other]}; cárgalo como {other}. / '{filename}' looks like {other}, "
        f"not {kind}: its columns {names} belong to {other}; load it as {other}."
    )


@dataclass
class Parsed:
    record: BaseModel | None
    reasons: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


def _split_full_name(full: str) -> tuple[str, str | None]:
    words = full.split()
    if len(words) < 2:
        return full, None
    # Peruvians usually carry two surnames: "Juan Carlos Pérez García" → 2 + 2.
    cut = {2: 1, 3: 1}.get(len(words), len(words) - 2)
    return " ".join(words[:cut]), " ".join(words[cut:])


def _join(texts: list[str]) -> str:
    return "; ".join(dict.fromkeys(t.strip() for t in texts if t.strip()))


@cache
def _specs(kind: str) -> dict[str, FieldSpec]:
    """A kind's fields by name (read once: every row of a file asks)."""
    return {sp.name: sp for sp in KIND_FIELDS[kind][0]}


def read_fields(
    row: dict[str, str],
    columns: ColumnMap,
    kind: str,
    long_text: int = 2000,
    only: set[str] | None = None,
    memo: CellMemo | None = None,
) -> Parsed:
    """A row's field values, read from every column that fills them (no record checks).

    Several columns of one field are combined, never one kept and another dropped: the texts
    of a ``joined`` field (allergies, diet, notes) are joined with "; ", lists are united,
    and a single-valued field (an e-mail, a phone) takes the value the columns agree on; two
    different values are a reason naming both columns and values. For guests, the clauses of
    the notes that speak of food, allergies, diet or health (``restriction_clauses``) are
    added to the restriction texts, and the notes are kept whole. ``only`` limits the fields
    read (the planner reads the ones it needs, so a bad phone does not stop a plan).
    ``memo`` remembers the cells of a file already read (:class:`~sazon.ingest.cells.CellMemo`).
    """
    by_name = _specs(kind)
    reasons: list[dict[str, str]] = []
    warnings: list[dict[str, str]] = []
    if "_unparsed" in row:
        reasons.append(
            {
                "field": "_row",
                "value": row["_unparsed"][:200],
                "error": "this line is not a JSON object",
            }
        )
    if row.get("_extra"):
        warnings.append(
            {
                "field": "_row",
                "value": row["_extra"][:200],
                "error": "more cells than columns: the extra cells were not read",
            }
        )
    given: dict[str, list[tuple[str, str, Any]]] = {}  # field → (column, raw, value)
    for col, name in columns.fields.items():
        if only is not None and name not in only:
            continue
        raw = row.get(col, "")
        value = _kept(_read(memo, col, by_name[name], raw, long_text), reasons, warnings)
        if value is not BLANK:
            given.setdefault(name, []).append((col, raw, value))
    values: dict[str, Any] = {}
    for name, cells in given.items():
        if len(cells) == 1:  # most fields: one column
            values[name] = cells[0][2]
            continue
        found = [v for _, _, v in cells]
        if all(isinstance(v, list) for v in found):
            values[name] = list(dict.fromkeys(x for v in found for x in v))
        elif by_name[name].joined:
            values[name] = _join([str(v) for v in found])
        elif len({repr(v) for v in found}) == 1:
            values[name] = found[0]
        else:
            named = " and ".join(f"'{c}' ({raw.strip()[:100]})" for c, raw, _ in cells)
            reasons.append(
                {
                    "field": name,
                    "value": " | ".join(raw.strip()[:100] for _, raw, _ in cells),
                    "error": f"columns {named} give different values for {name}: "
                    "keep one (fix the row with the right value)",
                }
            )
    if kind == "guests":
        _guest_names_and_notes(values)
    return Parsed(None, reasons, warnings, values)


def _read(memo: CellMemo | None, col: str, spec: FieldSpec, raw: str, long_text: int) -> Cell:
    return memo.read(col, spec, raw, long_text) if memo else read_cell(spec, raw, long_text)


def _kept(reading: Cell, reasons: list[dict[str, str]], warnings: list[dict[str, str]]) -> Any:
    """A cell's reading for one row: its value, or BLANK when it gives none (an empty cell, or
    a refused one, whose reason joins ``reasons``); its warnings join ``warnings``."""
    value, reason, warns = reading
    if value is BLANK:
        return BLANK
    if reason is not None:
        reasons.append(dict(reason))
        return BLANK
    if warns:
        warnings.extend(dict(w) for w in warns)
    # A reading is shared by the rows with that cell (remembered): each row gets its own list.
    return list(value) if type(value) is list else value


def _guest_names_and_notes(values: dict[str, Any]) -> None:
    """A guest's full name split, and the food clauses of the notes added to the diet."""
    full = values.pop("full_name", None)
    if full and not values.get("first_name"):
        values["first_name"], last = _split_full_name(full)
        values.setdefault("last_name", last)
    elif values.get("first_name") and not values.get("last_name"):
        first, last = _split_full_name(values["first_name"])
        if last and not s.looks_like_formula(values["first_name"]):
            values["first_name"], values["last_name"] = first, last
    clauses = restriction_clauses(values.get("notes"))
    if clauses:
        values["diet_text"] = _join([values.get("diet_text") or "", *clauses])


def read_fields_many(
    rows: list[dict[str, str]],
    columns: ColumnMap,
    kind: str,
    long_text: int = 2000,
    memo: CellMemo | None = None,
) -> list[Parsed]:
    """:func:`read_fields` of each row, read a column at a time.

    A batch's rows repeat most of their cells down a column: each distinct cell of a column
    is read once for the batch, and each row then only gathers its columns' readings. A file
    with several columns for one field, and a row the reader flagged (not a JSON object,
    extra cells), are read row by row: the same values, reasons and warnings either way.
    """
    by_name = _specs(kind)
    if len(set(columns.fields.values())) < len(columns.fields):
        return [read_fields(row, columns, kind, long_text, memo=memo) for row in rows]
    readings: list[tuple[str, list[Any]]] = []
    for col, name in columns.fields.items():
        spec = by_name[name]
        raws = [row.get(col, "") for row in rows]
        read: dict[str, Any] = {}
        for raw in raws:
            if raw not in read:
                read[raw] = _read(memo, col, spec, raw, long_text)
        readings.append((name, [read[raw] for raw in raws]))
    out: list[Parsed] = []
    guests = kind == "guests"
    for i, row in enumerate(rows):
        if "_unparsed" in row or row.get("_extra"):
            out.append(read_fields(row, columns, kind, long_text, memo=memo))
            continue
        reasons: list[dict[str, str]] = []
        warnings: list[dict[str, str]] = []
        values: dict[str, Any] = {}
        for name, cells in readings:
            value = _kept(cells[i], reasons, warnings)
            if value is not BLANK:
                values[name] = value
        if guests:
            _guest_names_and_notes(values)
        out.append(Parsed(None, reasons, warnings, values))
    return out


def parse_row(row: dict[str, str], columns: ColumnMap, kind: str, long_text: int) -> Parsed:
    """A row as a checked record of ``kind``, or the reasons it cannot be one."""
    _, model = KIND_FIELDS[kind]
    parsed = read_fields(row, columns, kind, long_text)
    reasons, warnings, values = parsed.reasons, parsed.warnings, parsed.values
    if reasons:
        return Parsed(None, reasons, warnings, values)
    try:
        record = model.model_validate(values)
    except ValidationError as exc:
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"]) or "_row"
            msg = err["msg"].removeprefix("Value error, ")
            reasons.append({"field": loc, "value": str(values.get(loc, ""))[:200], "error": msg})
        return Parsed(None, reasons, warnings, values)
    return Parsed(record, reasons, warnings, values)
