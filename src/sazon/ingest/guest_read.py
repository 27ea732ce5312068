"""Read a guest row leniently: every field that can be read, and why the others cannot.

A guest row whose identity is sound but one field cannot be read (a birth date of 31/02, a
phone with letters, an unknown tier) is kept without that field: the field waits in
quarantine with its reason, naming the guest, and the guest is flagged for review.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from sazon.ingest.cells import CellMemo
from sazon.ingest.parse import ColumnMap, Parsed, read_fields, read_fields_many
from sazon.ingest.schemas import GuestRecord

KIND = "guests"


@dataclass
class GuestRead:
    """A row read leniently: the record, or (no sound identity) the reasons it has none."""

    record: GuestRecord | None
    given: set[str] = field(default_factory=set)
    reasons: list[dict[str, str]] = field(default_factory=list)
    field_reasons: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)


def read_guest(
    row: dict[str, str], columns: ColumnMap, long_text: int = 2000, memo: CellMemo | None = None
) -> GuestRead:
    """Read a guest row, leaving out each field that cannot be read.

    Only a row that cannot be read as a line, or has no identity left (no email, phone, nor
    first and last name), has no record.
    """
    return _lenient(read_fields(row, columns, KIND, long_text, memo=memo))


def read_guests(
    rows: list[dict[str, str]],
    columns: ColumnMap,
    long_text: int = 2000,
    memo: CellMemo | None = None,
) -> list[GuestRead]:
    """:func:`read_guest` of each row, the cells read a column at a time (the same reads)."""
    return [_lenient(p) for p in read_fields_many(rows, columns, KIND, long_text, memo)]


def _lenient(parsed: Parsed) -> GuestRead:
    whole = [r for r in parsed.reasons if r["field"] == "_row"]
    dropped = [r for r in parsed.reasons if r["field"] != "_row"]
    values = parsed.values
    if dropped:
        bad = {r["field"] for r in dropped}
        values = {k: v for k, v in values.items() if k not in bad}
    if whole:
        return GuestRead(None, reasons=whole + dropped, warnings=parsed.warnings)
    for _ in range(len(GuestRecord.model_fields) + 1):
        try:
            record = GuestRecord.model_validate(values)
        except ValidationError as exc:
            errors = [
                (".".join(map(str, e["loc"])), e["msg"].removeprefix("Value error, "))
                for e in exc.errors()
            ]
            fields = [(f, m) for f, m in errors if f in values]
            if len(fields) < len(errors):  # a record-wide error: no identity
                reasons = [{"field": f or "_row", "value": "", "error": m} for f, m in errors]
                return GuestRead(None, reasons=dropped + reasons, warnings=parsed.warnings)
            for f, m in fields:
                dropped.append({"field": f, "value": str(values.pop(f))[:200], "error": m})
            continue
        return GuestRead(record, set(values), [], dropped, parsed.warnings)
    raise AssertionError("unreachable: each pass drops a field")
