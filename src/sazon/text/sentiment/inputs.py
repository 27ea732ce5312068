"""Read texts to score, or labelled texts to train on, from CSV or JSONL files.

Files are CSV (commas; semicolons as Excel writes them in Peru; tabs for ``.tsv``), JSONL
(one object per line) or one JSON list of objects. Every problem is an
:class:`~sazon.errors.InvalidInput` whose message names the file, the row and what to
change: a missing column, an empty file, a file that is not UTF-8, a line that is not JSON,
a label or rating we cannot read. Rows whose text is empty are kept
apart and reported, never dropped in silence.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sazon.errors import InvalidInput
from sazon.text.sentiment.schemas import MAX_ID_CHARS, SentimentItem, SkippedItem
from sazon.textfiles import read_text_file

__all__ = [
    "LABEL_ALIASES",
    "LabelledRows",
    "ReadItems",
    "label_of_rating",
    "read_items",
    "read_labelled",
]

LABEL_ALIASES: Mapping[str, str] = {
    "negative": "negative",
    "negativo": "negative",
    "negativa": "negative",
    "neg": "negative",
    "-1": "negative",
    "neutral": "neutral",
    "neutro": "neutral",
    "neu": "neutral",
    "0": "neutral",
    "positive": "positive",
    "positivo": "positive",
    "positiva": "positive",
    "pos": "positive",
    "1": "positive",
    "+1": "positive",
}
_EMPTY_TEXT = "empty text"


@dataclass
class ReadItems:
    """The items of a file to score, plus the rows that had no text."""

    items: list[SentimentItem] = field(default_factory=list)
    skipped: list[SkippedItem] = field(default_factory=list)


@dataclass
class LabelledRows:
    """Texts with labels for training; ``source`` says whether labels came from ratings."""

    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    source: str = "label"
    skipped: list[SkippedItem] = field(default_factory=list)


def _decode(path: Path, max_mb: float) -> str:
    return read_text_file(
        path,
        what="CSV or JSONL file",
        max_mb=max_mb,
        empty_hint="give a CSV with a header line such as 'id,text' and one row per text, "
        "or JSONL with one object per line",
    )


def _is_jsonl(path: Path, text: str) -> bool:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return True
    if suffix in (".csv", ".tsv", ".txt"):
        return False
    return text.lstrip().startswith("{")


def _delimiter(path: Path, text: str) -> str:
    """Tab for .tsv; ";" for a CSV whose header has semicolons and no comma (Excel writes
    those where the decimal mark is a comma, as in Peru); else ","."""
    if path.suffix.lower() == ".tsv":
        return "\t"
    header = text.lstrip().split("\n", 1)[0]
    return ";" if ";" in header and "," not in header else ","


def _json_list(path: Path, text: str) -> list[Any] | None:
    """The records of a file that is one JSON list (``[{"id": …, "text": …}, …]``)."""
    if not text.lstrip().startswith("["):
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{path}, line {exc.lineno}: not valid JSON ({exc.msg}); give a list of objects "
            'such as [{"id": "1", "text": "..."}], or one object per line (JSONL)'
        ) from None
    if not isinstance(data, list):
        return None
    return data


def _record(path: Path, number: int, record: Any) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise InvalidInput(f"{path}, record {number}: expected a JSON object with id and text")
    return {str(k).strip().lower(): v for k, v in record.items()}


def _rows(path: Path, text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line or row number, record) for each record of a CSV, JSONL or JSON-list file."""
    records = _json_list(path, text)
    if records is not None:
        for number, record in enumerate(records, 1):
            yield number, _record(path, number, record)
        return
    if _is_jsonl(path, text):
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InvalidInput(
                    f"{path}, line {number}: not valid JSON ({exc.msg}); each line must be one "
                    'object such as {"id": "1", "text": "..."}'
                ) from None
            if not isinstance(record, dict):
                raise InvalidInput(f"{path}, line {number}: expected a JSON object, one per line")
            yield number, {str(k).strip().lower(): v for k, v in record.items()}
        return
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(path, text))
    try:
        header = next(reader)
    except csv.Error as exc:
        raise InvalidInput(f"{path}: the CSV cannot be read ({exc})") from None
    columns = [h.strip().lower() for h in header]
    try:
        for number, row in enumerate(reader, 2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(columns):
                raise InvalidInput(
                    f"{path}, row {number}: {len(row)} values for {len(columns)} columns; "
                    "quote texts that contain commas"
                )
            yield number, dict(zip(columns, row, strict=False))
    except csv.Error as exc:
        raise InvalidInput(f"{path}: the CSV cannot be read ({exc})") from None


def _columns_of(path: Path, text: str) -> list[str]:
    if _is_jsonl(path, text) or text.lstrip().startswith("["):
        return []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(path, text))
    return [c.strip().lower() for c in next(reader, [])]


def _require(path: Path, text: str, needed: tuple[str, ...]) -> None:
    columns = _columns_of(path, text)
    if not columns:
        return
    missing = [c for c in needed if c not in columns]
    if missing:
        found = ", ".join(c for c in columns if c) or "none"
        raise InvalidInput(
            f"{path} has no {' or '.join(repr(c) for c in missing)} column (found: {found}): "
            f"the first line must name the columns, for example '{','.join(needed)}'"
        )


def _text_of(path: Path, number: int, record: Mapping[str, Any]) -> str:
    if "text" not in record:
        raise InvalidInput(f"{path}, line {number}: no 'text'; every record needs id and text")
    value = record["text"]
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"{path}, line {number}: 'text' must be a string")
    return value


def _id_of(path: Path, number: int, record: Mapping[str, Any]) -> str:
    if "id" not in record:
        raise InvalidInput(f"{path}, line {number}: no 'id'; every record needs id and text")
    value = record["id"]
    ident = "" if value is None else str(value).strip()
    if not ident:
        raise InvalidInput(f"{path}, row {number}: the id is empty; give every row an id")
    if len(ident) > MAX_ID_CHARS:
        raise InvalidInput(f"{path}, row {number}: the id is longer than {MAX_ID_CHARS} characters")
    return ident


def read_items(path: Path, *, max_mb: float = 50) -> ReadItems:
    """The ``id,text`` items of a CSV or JSONL file (see the module doc for the checks)."""
    text = _decode(path, max_mb)
    _require(path, text, ("id", "text"))
    out = ReadItems()
    for number, record in _rows(path, text):
        ident = _id_of(path, number, record)
        body = _text_of(path, number, record)
        if not body.strip():
            out.skipped.append(SkippedItem(id=ident, reason=_EMPTY_TEXT))
            continue
        out.items.append(SentimentItem(id=ident, text=body))
    if not out.items and not out.skipped:
        what = "no records" if _columns_of(path, text) == [] else "a header but no rows"
        raise InvalidInput(f"{path} has {what}: add one row per text")
    return out


def label_of_rating(value: Any) -> str | None:
    """1–2 stars are negative, 3 neutral, 4–5 positive (halves round to the nearer side);
    None when ``value`` is not a rating from 1 to 5."""
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        return None
    if math.isnan(number) or not 1 <= number <= 5:
        return None
    if number < 2.5:
        return "negative"
    if number < 3.5:
        return "neutral"
    return "positive"


def read_labelled(path: Path, *, max_mb: float = 50) -> LabelledRows:
    """Texts with a ``label`` column (negative/neutral/positive, also in Spanish) or a
    ``rating`` column (1–5 stars) for training. Rows with an empty text are skipped and
    reported; an unreadable label or rating is an error naming its row."""
    text = _decode(path, max_mb)
    columns = _columns_of(path, text)
    if columns and ("text" not in columns or not ({"label", "rating"} & set(columns))):
        found = ", ".join(c for c in columns if c) or "none"
        raise InvalidInput(
            f"{path} needs a 'text' column and a 'label' or 'rating' column (found: {found}): "
            "for example 'text,label' with negative/neutral/positive, or 'text,rating' "
            "with 1 to 5 stars"
        )
    out = LabelledRows()
    for number, record in _rows(path, text):
        body = _text_of(path, number, record)
        ident = str(record.get("id") or f"row {number}")
        if not body.strip():
            out.skipped.append(SkippedItem(id=ident, reason=_EMPTY_TEXT))
            continue
        if record.get("label") not in (None, ""):
            raw = str(record["label"]).strip().lower()
            label = LABEL_ALIASES.get(raw)
            if label is None:
                raise InvalidInput(
                    f"{path}, row {number}: label {record['label']!r} is not one of negative, "
                    "neutral, positive (or negativo, neutro, positivo)"
                )
            out.source = "label"
        elif record.get("rating") not in (None, ""):
            rated = label_of_rating(record["rating"])
            if rated is None:
                raise InvalidInput(
                    f"{path}, row {number}: rating {record['rating']!r} is not a number from 1 to 5"
                )
            label = rated
            out.source = "rating"
        else:
            raise InvalidInput(f"{path}, row {number}: no label and no rating for this text")
        out.texts.append(body)
        out.labels.append(label)
    if not out.texts:
        raise InvalidInput(f"{path} has no rows with text to train on")
    return out
