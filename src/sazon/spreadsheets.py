"""Tables people open in a spreadsheet: CSV and XLSX that cannot run anything.

A cell that starts like a formula (``=``, ``+``, ``-``, ``@``, tab, CR) would run when a
spreadsheet opens a CSV (OWASP "CSV injection"), so CSV prefixes it with a quote — except a
phone number, which holds nothing a spreadsheet could run and must reach the planner intact
(``+51 926 259 305``). XLSX writes every text cell as text, so nothing is changed at all.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from sazon.errors import InvalidInput

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
#: The downloads people ask for, by format.
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_PHONE = re.compile(r"\+?[\d ()\-]{6,20}")


def safe_cell(value: Any) -> Any:
    """Prefix a text cell that a spreadsheet would read as a formula with a quote.

    >>> safe_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> safe_cell(-5), safe_cell("+51 926 259 305")
    (-5, '+51 926 259 305')
    """
    if isinstance(value, str) and value.startswith(_DANGEROUS) and not _PHONE.fullmatch(value):
        return "'" + value
    return value


def flat(value: Any) -> Any:
    """A list as one cell ("maní; mariscos"); anything else as it is."""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return value


def write_csv(
    rows: Iterable[Mapping[str, Any]], out: TextIO, columns: list[str] | None = None
) -> None:
    rows = list(rows)
    columns = columns or (list(rows[0]) if rows else [])
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell(flat(v)) for k, v in row.items()})


def csv_bytes(rows: Sequence[Mapping[str, Any]], columns: list[str]) -> bytes:
    """UTF-8 with a BOM: Excel on Windows then reads "Núñez" as written."""
    out = io.StringIO()
    write_csv(rows, out, columns)
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows: Sequence[Mapping[str, Any]], columns: list[str], sheet: str) -> bytes:
    """One sheet, a bold frozen header, every text cell stored as text (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet[:31]
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for r, row in enumerate(rows, start=2):
        for c, name in enumerate(columns, start=1):
            value = flat(row.get(name))
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would take "=…" for a formula
    for c, name in enumerate(columns, start=1):
        width = max([len(name), *(len(str(flat(row.get(name)) or "")) for row in rows[:200])])
        ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = min(width + 2, 50)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class SheetFile:
    """A table as a download: its bytes, media type, file name and how many rows it holds."""

    content: bytes
    media_type: str
    filename: str
    rows: int


def check_format(fmt: str) -> None:
    """Refuse a format other than csv or xlsx (before any work is done for it)."""
    if fmt not in MEDIA:
        raise InvalidInput(f"format must be csv or xlsx, not {fmt!r}")


def sheet_file(
    rows: Sequence[Mapping[str, Any]], columns: list[str], fmt: str, name: str
) -> SheetFile:
    """``rows`` as ``name.fmt``: CSV or a one-sheet XLSX named ``name``."""
    check_format(fmt)
    content = csv_bytes(rows, columns) if fmt == "csv" else xlsx_bytes(rows, columns, name)
    return SheetFile(content, MEDIA[fmt], f"{name}.{fmt}", len(rows))
