"""Writing the demo files byte-for-byte reproducibly (fixed order, fixed line endings)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path


def write_csv(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Mapping[str, str]],
    *,
    bom: bool = False,
    delimiter: str = ",",
) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(headers), delimiter=delimiter,
                            lineterminator="\n")  # fmt: skip
    writer.writeheader()
    writer.writerows(rows)
    # Excel in Peru writes a BOM; the readers accept either.
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8", newline="")
    return path


def write_jsonl(path: Path, rows: Iterable[Mapping[str, object]]) -> Path:
    lines = (json.dumps(dict(r), ensure_ascii=False) for r in rows)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8", newline="")
    return path


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8",
                    newline="")  # fmt: skip
    return path
