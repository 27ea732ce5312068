"""Map a file's columns to a kind's fields and turn each row into a checked record."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from sazon.ingest import standardise as s
from sazon.ingest.schemas import KIND_FIELDS, FieldSpec


def fold_column(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


@dataclass
class ColumnMap:
    fields: dict[str, str]  # file column → field
    ignored: list[str]


def map_columns(columns: list[str], kind: str) -> ColumnMap:
    specs, _ = KIND_FIELDS[kind]
    lookup: dict[str, str] = {}
    for spec in specs:
        for alias in spec.aliases:
            lookup.setdefault(fold_column(alias), spec.name)
    mapped: dict[str, str] = {}
    taken: set[str] = set()
    ignored: list[str] = []
    # Exact field names win over aliases, so "email" beats "correo" when both are present.
    ordered = sorted(columns, key=lambda c: fold_column(c) not in {sp.name for sp in specs})
    for col in ordered:
        target = lookup.get(fold_column(col))
        if target and target not in taken:
            mapped[col] = target
            taken.add(target)
        elif not col.startswith("_"):
            ignored.append(col)
    return ColumnMap(mapped, ignored)


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


def parse_row(row: dict[str, str], columns: ColumnMap, kind: str, long_text: int) -> Parsed:
    specs, model = KIND_FIELDS[kind]
    by_name: dict[str, FieldSpec] = {sp.name: sp for sp in specs}
    values: dict[str, Any] = {}
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
    for col, name in columns.fields.items():
        raw = row.get(col, "")
        if s.blank(raw):
            continue
        try:
            value = by_name[name].parse(raw)
        except ValueError as exc:
            reasons.append({"field": name, "value": raw[:200], "error": str(exc)})
            continue
        if isinstance(value, str):
            if s.looks_like_formula(value):
                warnings.append(
                    {
                        "field": name,
                        "value": value[:200],
                        "error": "starts like a spreadsheet formula; kept as text and "
                        "neutralised in CSV exports",
                    }
                )
            if len(value) > long_text:
                warnings.append(
                    {
                        "field": name,
                        "value": value[:80] + "…",
                        "error": f"{len(value)} characters (longer than {long_text}): "
                        "kept whole, please review",
                    }
                )
        values[name] = value
    if kind == "guests":
        full = values.pop("full_name", None)
        if full and not values.get("first_name"):
            values["first_name"], last = _split_full_name(full)
            values.setdefault("last_name", last)
        elif values.get("first_name") and not values.get("last_name"):
            first, last = _split_full_name(values["first_name"])
            if last and not s.looks_like_formula(values["first_name"]):
                values["first_name"], values["last_name"] = first, last
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
