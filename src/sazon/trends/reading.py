"""Market texts from a JSONL or CSV file (or rows already read), with every bad line named.

Columns in English or Spanish, as the demo writes them: ``id``/``id_texto``,
``created_at``/``fecha``/``published_at``, ``source``/``fuente``, ``text``/``texto``,
``product``/``producto``, ``category``/``categoria``, ``rating``/``estrellas``,
``region``/``región``. A line that is not JSON, has no text, no date, a date that cannot be
read or a date in the future is one :class:`BadLine` with its number and what to fix; the
rest of the file is read.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sazon.errors import InvalidInput
from sazon.textfiles import read_text_file
from sazon.timeutil import LIMA, utcnow
from sazon.trends.model import MarketItem

ALIASES = {
    "id": ("id", "id_texto", "text_id", "external_id"),
    "created_at": ("created_at", "fecha", "published_at", "date", "timestamp"),
    "source": ("source", "fuente", "canal", "platform"),
    "text": ("text", "texto", "contenido", "content"),
    "product": ("product", "producto", "marca", "brand"),
    "category": ("category", "categoria", "categoría"),
    "rating": ("rating", "estrellas", "stars", "calificacion"),
    "region": ("region", "región", "ciudad"),
    "segment": ("segment", "segmento", "author_segment"),
}
_FUTURE_SLACK = timedelta(minutes=5)  # clocks disagree a little


@dataclass(frozen=True)
class BadLine:
    line: int
    reason: str  # Spanish first, English second

    def __str__(self) -> str:
        return f"línea/line {self.line}: {self.reason}"


@dataclass
class MarketRead:
    items: list[MarketItem] = field(default_factory=list)
    bad: list[BadLine] = field(default_factory=list)


def _get(row: Mapping[str, Any], name: str) -> Any:
    for key in ALIASES[name]:
        value = row.get(key)
        if value not in (None, ""):
            return value
    return None


_CANONICAL = frozenset(ALIASES)


def _fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """The row's values by canonical name, empty ones left out. A row already in canonical
    names (the Kafka topic's, ``wire``) skips the alias search: a consumer reads millions."""
    if _CANONICAL.issuperset(row):
        return {k: v for k, v in row.items() if v is not None and v != ""}
    return {name: v for name in ALIASES if (v := _get(row, name)) is not None}


def _item(raw_row: Mapping[str, Any], line: int, now: datetime) -> MarketItem | str:
    row = _fields(raw_row)
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        return "sin texto: falta la columna text/texto / no text"
    raw = row.get("created_at")
    if raw is None:
        return "sin fecha: falta created_at/fecha (ISO 8601 con zona) / missing date"
    try:
        at = datetime.fromisoformat(str(raw).strip().replace("Z", "+00:00"))
    except ValueError:
        return f"fecha ilegible {str(raw)[:40]!r}: use ISO 8601, p. ej. 2026-05-04T10:30:00-05:00"
    if at.tzinfo is None:
        at = at.replace(tzinfo=LIMA)  # a date without zone is a Lima date, as everywhere here
    if at > now + _FUTURE_SLACK:
        return f"fecha en el futuro ({at.isoformat()}): corrija la fecha / date in the future"
    rating = row.get("rating")
    try:
        stars = None if rating is None else float(str(rating).replace(",", "."))
    except ValueError:
        return f"estrellas ilegibles {str(rating)[:20]!r}: use un número de 0 a 5 / bad rating"
    ident = row.get("id")
    return MarketItem(
        id=str(ident) if ident is not None else f"line-{line}",
        created_at=at,
        text=text.strip(),
        source=str(row.get("source") or "unknown"),
        product=_str(row.get("product")),
        category=_str(row.get("category")),
        rating=stars,
        region=_str(row.get("region")),
        segment=_str(row.get("segment")),
    )


def _str(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None


def read_market_rows(
    rows: Iterable[tuple[int, Mapping[str, Any] | str]], now: datetime | None = None
) -> MarketRead:
    """Items from ``(line, row)`` pairs; a row that is a string is a line that was not JSON."""
    now = now or utcnow()
    out = MarketRead()
    for line, row in rows:
        if isinstance(row, str):
            out.bad.append(BadLine(line, f"no es JSON ({row[:60]!r}) / not a JSON object"))
            continue
        got = _item(row, line, now)
        if isinstance(got, str):
            out.bad.append(BadLine(line, got))
        else:
            out.items.append(got)
    return out


def read_market_file(path: Path, now: datetime | None = None, max_mb: float = 200.0) -> MarketRead:
    """A JSONL (one object a line) or CSV file of market texts."""
    text = read_text_file(path, what="market texts file (JSONL or CSV)", max_mb=max_mb)
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json") or text.lstrip().startswith("{"):
        return read_market_rows(_jsonl(text), now)
    if path.suffix.lower() not in (".csv", ".txt", ""):
        raise InvalidInput(f"{path.name}: use un archivo .jsonl o .csv / use a JSONL or CSV file")
    reader = csv.DictReader(io.StringIO(text))
    return read_market_rows(((i + 2, row) for i, row in enumerate(reader)), now)


def _jsonl(text: str) -> Iterable[tuple[int, Mapping[str, Any] | str]]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            yield n, line
            continue
        yield n, row if isinstance(row, dict) else line
