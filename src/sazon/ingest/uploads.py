"""Uploads from the API and the web: stream to disk within a size limit, then ingest."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from sazon.errors import InvalidInput, PayloadTooLarge

ALLOWED = (".csv", ".tsv", ".txt", ".xlsx", ".json", ".jsonl", ".ndjson")


async def save_upload(
    read: Callable[[int], Awaitable[bytes]], filename: str | None, limit_bytes: int, folder: Path
) -> Path:
    """Write the stream to ``folder`` and stop at ``limit_bytes`` (PayloadTooLarge)."""
    name = Path(filename or "upload.csv").name
    if not name.lower().endswith(ALLOWED):
        raise InvalidInput(f"'{name}': upload a .csv, .xlsx, .json or .jsonl file")
    path = folder / name
    size = 0
    with path.open("wb") as out:
        while chunk := await read(1 << 16):
            size += len(chunk)
            if size > limit_bytes:
                raise PayloadTooLarge(f"the file is larger than {limit_bytes // (1024 * 1024)} MB")
            out.write(chunk)
    return path
