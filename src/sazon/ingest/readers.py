"""Read CSV (any delimiter and common encoding), XLSX, JSON and JSONL into rows of text.

Every reader returns the rows as a list of ``{column: text}`` dicts: no type guessing here,
so a phone like ``0051…`` or an id like ``007`` reaches the standardisers untouched. What
cannot be read as a row (a malformed CSV line, a cell over the size limit, a JSON item
nested too deep) comes back apart, as a :class:`BadLine` with its line number and reason,
for the pipeline to quarantine on its own. Anything else that goes wrong while reading is an
``InvalidInput`` with one sentence: no input makes a reader crash.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sazon.errors import InvalidInput, SazonError
from sazon.ingest.csvrows import BadLine, read_csv
from sazon.ingest.decoding import decode, not_text, refuse_binary
from sazon.ingest.headers import header_name, unique_headers

if TYPE_CHECKING:
    from sazon.config import IngestSettings

__all__ = [
    "FORMATS",
    "BadLine",
    "ReadLimits",
    "Table",
    "detect_format",
    "header_name",
    "read_rows",
    "read_table",
    "unique_headers",
]

FORMATS = ("csv", "xlsx", "json", "jsonl")


@dataclass(frozen=True)
class ReadLimits:
    """What one file may hold; ``SAZON_INGEST__…`` settings of the same names."""

    max_cell_chars: int = 100_000
    max_json_depth: int = 64
    max_row_lines: int = 200

    @classmethod
    def of(cls, settings: IngestSettings) -> ReadLimits:
        return cls(settings.max_cell_chars, settings.max_json_depth, settings.max_row_lines)


@dataclass
class Table:
    """A file's rows, its bad lines, its columns, facts about it and warnings about it."""

    rows: list[dict[str, str]]
    bad: list[BadLine] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


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


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _is_xlsx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read_table(path: Path, fmt: str | None = None, limits: ReadLimits | None = None) -> Table:
    """Rows, bad lines and facts about the file; an unreadable file is one ``InvalidInput``."""
    if not path.exists():
        raise InvalidInput(f"file not found: {path}")
    kind = detect_format(path, fmt)
    data = path.read_bytes()
    if not data.strip():
        raise InvalidInput(
            f"'{path.name}' está vacío: no tiene encabezados ni filas / "
            f"'{path.name}' is empty: it has no header and no rows"
        )
    if kind != "xlsx" and _is_xlsx(data):
        kind = "xlsx"  # an Excel workbook saved with a .csv name reads as what it is
    try:
        table = _read(path.name, kind, data, limits or ReadLimits())
    except SazonError:
        raise
    except Exception as exc:  # a reader's surprise is a sentence, never a crash
        raise InvalidInput(
            f"no se pudo leer '{path.name}' como {kind.upper()} ({type(exc).__name__}): revisa "
            f"que el archivo esté completo / could not read '{path.name}' as {kind.upper()}"
        ) from exc
    table.meta = {"format": kind, **table.meta}
    return table


def read_rows(path: Path, fmt: str | None = None) -> tuple[list[dict[str, str]], dict[str, str]]:
    """Rows as text dicts plus facts about the file; a bad line stops with its number."""
    table = read_table(path, fmt)
    if table.bad:
        first = table.bad[0]
        raise InvalidInput(f"{path.name}, línea/line {first.line}: {first.reason}")
    return table.rows, table.meta


def _read(name: str, kind: str, data: bytes, limits: ReadLimits) -> Table:
    if kind == "xlsx":
        return _read_xlsx(name, data, limits)
    decoded = decode(data, name)
    meta = {"encoding": decoded.encoding}
    if kind == "csv":
        csv_table = read_csv(decoded.text, limits.max_cell_chars, limits.max_row_lines)
        meta["delimiter"] = csv_table.delimiter
        header, rows = _drop_empty_unnamed(csv_table.header, csv_table.rows)
        return Table(rows, csv_table.bad, header, meta, decoded.warnings)
    if kind == "json":
        rows, bad = _read_json(name, decoded.text, limits)
    else:
        rows, bad = _read_jsonl(decoded.text, limits)
    header = list(dict.fromkeys(k for r in rows for k in r))
    return Table(rows, bad, header, meta, decoded.warnings)


def _drop_empty_unnamed(
    header: list[str], rows: list[dict[str, str]]
) -> tuple[list[str], list[dict[str, str]]]:
    """Columns with no name and no value (trailing separators) are no columns at all."""
    empty = [
        h
        for h in header
        if h.startswith("(columna ") and not any(r.get(h, "").strip() for r in rows)
    ]
    if not empty:
        return header, rows
    return [h for h in header if h not in empty], [
        {k: v for k, v in r.items() if k not in empty} for r in rows
    ]


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


def json_depth(text: str) -> int:
    """How deep the brackets of a JSON text nest (strings skipped), without parsing it."""
    brackets = re.findall(r"[\[\]{}]", _STRING.sub("", text))
    return max(accumulate(1 if b in "[{" else -1 for b in brackets), default=0)


def _too_deep(depth: int, limits: ReadLimits) -> str:
    return (
        f"anida {depth} niveles, más que el límite de {limits.max_json_depth} "
        f"(ingest.max_json_depth) / nests {depth} levels, more than the limit of "
        f"{limits.max_json_depth} (ingest.max_json_depth)"
    )


def _loads(text: str) -> Any:
    # Integers stay text: a 5,000-digit "number" is a value to quarantine, not a crash.
    return json.loads(text, object_pairs_hook=_pairs, parse_int=str)


def _read_json(
    name: str, text: str, limits: ReadLimits
) -> tuple[list[dict[str, str]], list[BadLine]]:
    depth = json_depth(text)
    if depth > limits.max_json_depth:
        raise InvalidInput(f"'{name}': {_too_deep(depth, limits)}")
    try:
        data = _loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"'{name}' no es JSON válido / is not valid JSON: {exc.msg} at line {exc.lineno}"
        ) from exc
    if isinstance(data, dict):
        data = next((v for v in data.values() if isinstance(v, list)), [data])
    if not isinstance(data, list):
        raise InvalidInput(
            f"'{name}': se esperaba una lista de objetos JSON / expected a JSON list of objects"
        )
    rows: list[dict[str, str]] = []
    bad: list[BadLine] = []
    for index, obj in enumerate(data, 1):
        _keep(_obj(obj), index, limits, rows, bad)
    return rows, bad


def _read_jsonl(text: str, limits: ReadLimits) -> tuple[list[dict[str, str]], list[BadLine]]:
    rows: list[dict[str, str]] = []
    bad: list[BadLine] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        depth = json_depth(line)
        if depth > limits.max_json_depth:
            bad.append(BadLine(lineno, line[:200], _too_deep(depth, limits)))
            continue
        try:
            obj = _loads(line)
        except (json.JSONDecodeError, RecursionError):
            rows.append({"_unparsed": line[: limits.max_cell_chars]})
            continue
        _keep(_obj(obj), lineno, limits, rows, bad)
    return rows, bad


def _keep(
    row: dict[str, str],
    number: int,
    limits: ReadLimits,
    rows: list[dict[str, str]],
    bad: list[BadLine],
) -> None:
    """Add the row, or a bad line when one of its cells is over the size limit."""
    long = next((k for k, v in row.items() if len(v) > limits.max_cell_chars), None)
    if long is None:
        rows.append(row)
        return
    size = len(row[long])
    reason = (
        f"la celda '{long}' tiene {size} caracteres, más que el límite de "
        f"{limits.max_cell_chars} (ingest.max_cell_chars) / cell '{long}' has {size} "
        f"characters, more than the limit of {limits.max_cell_chars} (ingest.max_cell_chars)"
    )
    cut = {k: v[: limits.max_cell_chars] for k, v in row.items()}
    bad.append(BadLine(number, "", reason, cut))


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose repeated keys are all kept (``json`` keeps only the last)."""
    names = unique_headers([str(k).strip() for k, _ in pairs])
    return dict(zip(names, (v for _, v in pairs), strict=True))


def _obj(obj: Any) -> dict[str, str]:
    if not isinstance(obj, dict):
        return {"_unparsed": json.dumps(obj, ensure_ascii=False)}
    return {str(k).strip(): _cell(v) for k, v in obj.items()}


def _read_xlsx(name: str, data: bytes, limits: ReadLimits) -> Table:
    from openpyxl import load_workbook

    if not _is_xlsx(data):
        refuse_binary(name, data)
        raise not_text(name, "un archivo que no es un libro XLSX", "a file that is not XLSX")
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise not_text(name, "un libro XLSX dañado", "a damaged XLSX workbook") from exc
    try:
        ws = wb.worksheets[0]
        it = ws.iter_rows(values_only=True)
        header = unique_headers([_cell(h).strip() for h in next(it, [])])
        rows: list[dict[str, str]] = []
        bad: list[BadLine] = []
        for number, values in enumerate(it, 2):
            row = {h: _cell(v) for h, v in zip(header, values, strict=False)}
            if any(v.strip() for v in row.values()):
                _keep(row, number, limits, rows, bad)
    finally:
        wb.close()
    header, rows = _drop_empty_unnamed(header, rows)
    return Table(rows, bad, header, {})
