"""Read one cell of a file: its value, or the reason it cannot be read, and its warnings.

A file repeats most of its cells down a column (first names, surnames, allergies, birth
dates, consent marks): :class:`CellMemo` remembers each column's cells already read, so a
value is read once per file, not once per row. A column whose cells rarely repeat (emails,
phones) stops being remembered, so the memory stays small whatever the file's size.
"""

from __future__ import annotations

from typing import Any

from sazon.ingest import standardise as s
from sazon.ingest.field_specs import FieldSpec

#: A blank cell: nothing to read.
BLANK = object()

# (value, reason, warnings): reason is None when the value could be read.
Cell = tuple[Any, dict[str, str] | None, tuple[dict[str, str], ...]]


def read_cell(spec: FieldSpec, raw: str, long_text: int) -> Cell:
    """One cell as its field reads it (``BLANK`` when empty)."""
    if s.blank(raw):
        return BLANK, None, ()
    name = spec.name
    try:
        value = spec.parse(raw)
    except ValueError as exc:
        return None, {"field": name, "value": raw[:200], "error": str(exc)}, ()
    warnings: list[dict[str, str]] = []
    if isinstance(value, str):
        # The prefix test first: a formula is rare, the full test costs a regex.
        if value.lstrip().startswith(s.FORMULA_PREFIXES) and s.looks_like_formula(value):
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
    return value, None, tuple(warnings)


class CellMemo:
    """The cells of one file already read, by column (see the module docstring).

    Kept for one file only: a reading can depend on the day (a birth date in the future).
    """

    # A column is given up once this many distinct cells were read with fewer repeats.
    TRIAL = 2048

    def __init__(self) -> None:
        self.cells: dict[str, dict[str, Cell]] = {}
        self.hits: dict[str, int] = {}
        self.off: set[str] = set()

    def read(self, column: str, spec: FieldSpec, raw: str, long_text: int) -> Cell:
        if column in self.off:
            return read_cell(spec, raw, long_text)
        seen = self.cells.setdefault(column, {})
        cell = seen.get(raw)
        if cell is not None:
            self.hits[column] = self.hits.get(column, 0) + 1
            return cell
        cell = seen[raw] = read_cell(spec, raw, long_text)
        if len(seen) >= self.TRIAL and self.hits.get(column, 0) < len(seen):
            self.off.add(column)  # mostly one of a kind (emails, phones): not worth keeping
            del self.cells[column]
        return cell
