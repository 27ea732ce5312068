"""What became of each row of a file, and the fingerprint that makes re-ingesting a no-op."""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from pydantic import BaseModel, Field

Outcome = Literal["accepted", "merged", "quarantined"]


class RowResult(BaseModel):
    row: int
    outcome: Outcome
    record_id: int | None = None
    matched_on: str | None = None
    fields_filled: list[str] = Field(default_factory=list)
    unchanged: bool = False
    # The quarantine entry holding the row, or (accepted or merged) its unreadable fields.
    quarantine_id: int | None = None
    reasons: list[dict[str, str]] = Field(default_factory=list)
    warnings: list[dict[str, str]] = Field(default_factory=list)
    # Guests: fields left empty because they could not be read (each waits in quarantine).
    review_fields: list[str] = Field(default_factory=list)
    # Guests: kept apart from this guest it resembles but disagrees with (a person decides).
    possible_duplicate_of: int | None = None


# What json.dumps(..., ensure_ascii=False) builds on every call, built once: the same text.
_CANON = json.JSONEncoder(ensure_ascii=False)


def fingerprint(kind: str, row: dict[str, str]) -> str:
    canon = _CANON.encode({k.strip(): (v or "").strip() for k, v in sorted(row.items())})
    return hashlib.sha256(f"{kind}\x00{canon}".encode()).hexdigest()


def unchanged(number: int, record_id: int | None) -> RowResult:
    return RowResult(
        row=number,
        outcome="merged",
        record_id=record_id,
        matched_on="same row ingested before",
        unchanged=True,
    )
