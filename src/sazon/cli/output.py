"""Print data as a Rich table, JSON or CSV (``--format table|json|csv``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

console = Console()
err_console = Console(stderr=True)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table, json or csv.")]


def _default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n")


def emit(
    rows: Sequence[Mapping[str, Any]],
    fmt: Format,
    columns: list[str] | None = None,
    title: str | None = None,
    empty: str = "Nada que mostrar.",
) -> None:
    if fmt is Format.json:
        emit_json(list(rows))
        return
    if fmt is Format.csv:
        from sazon.ingest import write_csv

        write_csv(rows, sys.stdout, columns)
        return
    if not rows:
        console.print(f"[dim]{empty}[/dim]")
        return
    columns = columns or list(rows[0])
    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*(_text(row.get(c)) for c in columns))
    console.print(table)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def write_file(path: Path, content: bytes, option: str) -> None:
    """Write a file the user named with ``option``; a path that cannot be written is their
    input to fix (exit 2 with one sentence), not a crash."""
    from sazon.errors import InvalidInput

    try:
        path.write_bytes(content)
    except OSError as exc:
        raise InvalidInput(
            f"{option} {path}: no se pudo escribir / cannot write: {exc.strerror}"
        ) from None
