"""Read CSV (any delimiter, UTF-8 or Windows-1252, with or without BOM), XLSX, JSON and JSONL.

Every reader returns the rows as a list of ``{column: text}`` dicts: no type guessing here,
so a phone like ``0051…`` or an id like ``007`` reaches the standardisers untouched.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from sazon.errors import InvalidInput

FORMATS = ("csv", "xlsx", "json", "jsonl")

# A header written twice ("alergias", "alergias") is kept twice: the later ones are named
# "alergias #2", "alergias #3"…, so no cell is overwritten by another of the same name.
_DUPLICATE = re.compile(r"\s#\d+$")


def unique_headers(names: list[str]) -> list[str]:
    """The header with repeated names numbered from the second one ("correo", "correo #2")."""
    out: list[str] = []
    taken: set[str] = set()
    counts: dict[str, int] = {}
    for name in names:
        if not name:  # a blank header names nothing; it stays blank, as before
            out.append(name)
            continue
        counts[name] = counts.get(name, 0) + 1
        unique = name
        n = counts[name]
        while unique in taken:
            unique = f"{name} #{n}"
            n += 1
        taken.add(unique)
        out.append(unique)
    return out


def header_name(column: str) -> str:
    """A column's name as written, without the number :func:`unique_headers` gave a repeat."""
    return _DUPLICATE.sub("", column)


def detect_format(path: Path, explicit: str | None = None) -> str:
    if explicit:
        if explicit not in FORMATS:
            raise InvalidInput(f"unknown format '{explicit}': use one of {', '.join(FORMATS)}")
        return explicit
    suffix = path.suffix.lower().lstrip(".")
    if suffix in {"csv", "tsv", "txt"}:
        return "csv"
    if suffix in {"xlsx", "xlsm"}:
        return "xlsx"
    if suffix in {"json", "jsonl", "ndjson"}:
        return "jsonl" if suffix in {"jsonl", "ndjson"} else "json"
    raise InvalidInput(
        f"cannot tell the format of '{path.name}': name it .csv, .xlsx, .json or .jsonl "
        "or pass --input-format"
    )


def decode(data: bytes) -> tuple[str, str]:
    """Decode as UTF-8 (BOM or not), else Windows-1252; returns (text, encoding)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Excel on Windows in Peru saves "CSV" as cp1252; latin-1 would mis-read € and quotes.
        return data.decode("cp1252", errors="replace"), "cp1252"


def _sniff_delimiter(sample: str) -> str:
    """The header line decides: it has no quoted free text, unlike the rows below it."""
    header = sample.splitlines()[0] if sample else ""
    counts = {d: header.count(d) for d in ",;\t|"}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] > 0:
        return best
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def read_rows(path: Path, fmt: str | None = None) -> tuple[list[dict[str, str]], dict[str, str]]:
    """Rows as text dicts plus facts about the file (format, encoding, delimiter)."""
    if not path.exists():
        raise InvalidInput(f"file not found: {path}")
    kind = detect_format(path, fmt)
    meta = {"format": kind}
    if kind == "xlsx":
        return _read_xlsx(path), meta
    text, encoding = decode(path.read_bytes())
    meta["encoding"] = encoding
    if kind == "csv":
        delimiter = _sniff_delimiter(text[:20000])
        meta["delimiter"] = delimiter
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        if reader.fieldnames is not None:
            reader.fieldnames = unique_headers([str(h).strip() for h in reader.fieldnames])
        rows = []
        for raw in reader:
            extra = raw.pop(None, None)
            row = {str(k).strip(): (v or "") for k, v in raw.items() if k is not None}
            if extra:
                row["_extra"] = delimiter.join(extra)
            if any(v.strip() for v in row.values()):
                rows.append(row)
        return rows, meta
    if kind == "json":
        try:
            data = json.loads(text, object_pairs_hook=_pairs)
        except json.JSONDecodeError as exc:
            raise InvalidInput(
                f"'{path.name}' is not valid JSON: {exc.msg} at line {exc.lineno}"
            ) from exc
        if isinstance(data, dict):
            data = next((v for v in data.values() if isinstance(v, list)), [data])
        if not isinstance(data, list):
            raise InvalidInput(f"'{path.name}': expected a JSON list of objects")
        return [_obj(o, i) for i, o in enumerate(data, 1)], meta
    rows = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line, object_pairs_hook=_pairs)
        except json.JSONDecodeError:
            rows.append({"_unparsed": line})
            continue
        rows.append(_obj(obj, lineno))
    return rows, meta


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose repeated keys are all kept (``json`` keeps only the last)."""
    names = unique_headers([str(k).strip() for k, _ in pairs])
    return dict(zip(names, (v for _, v in pairs), strict=True))


def _obj(obj: Any, index: int) -> dict[str, str]:
    if not isinstance(obj, dict):
        return {"_unparsed": json.dumps(obj, ensure_ascii=False)}
    return {str(k).strip(): _cell(v) for k, v in obj.items()}


def _read_xlsx(path: Path) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise InvalidInput(f"'{path.name}' is not a readable XLSX workbook: {exc}") from exc
    ws = wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    header = unique_headers([_cell(h).strip() for h in next(it, [])])
    rows = []
    for values in it:
        row = {h: _cell(v) for h, v in zip(header, values, strict=False) if h}
        if any(v.strip() for v in row.values()):
            rows.append(row)
    wb.close()
    return rows
