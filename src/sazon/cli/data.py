"""Store commands that write: init, ingest, quarantine, demo data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sazon.cli.output import Format, FormatOpt, console, emit, emit_json, err_console
from sazon.cli.state import AppState
from sazon.errors import InvalidInput
from sazon.ingest import (
    KINDS,
    ReadLimits,
    correct_quarantined,
    discard_quarantined,
    ingest_file,
    initialise_store,
    list_quarantine,
    write_report,
)

quarantine_app = typer.Typer(help="Filas en cuarentena / quarantined rows.", no_args_is_help=True)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )


def init(ctx: typer.Context, fmt: FormatOpt = Format.table) -> None:
    """Crea o actualiza el almacén y carga la base de conocimiento (idempotente)."""
    state: AppState = ctx.obj
    result = initialise_store(state.engine, state.kb)
    if fmt is Format.json:
        emit_json(result)
        return
    console.print(
        f"Almacén listo en [bold]{state.engine.url.render_as_string(hide_password=True)}[/bold] "
        f"(revisión {result['revision']}): {result['ingredients']} ingredientes, "
        f"{result['dishes']} platos, {result['wines']} vinos y destilados."
    )


def ingest(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help=f"One of: {', '.join(KINDS)}.")],
    file: Annotated[Path, typer.Argument(help="CSV, XLSX, JSON or JSONL file.")],
    fmt: FormatOpt = Format.table,
    input_format: Annotated[str | None, typer.Option(help="csv, xlsx, json or jsonl.")] = None,
) -> None:
    """Ingesta un archivo: cada fila queda aceptada, fusionada o en cuarentena."""
    state: AppState = ctx.obj
    if kind not in KINDS:
        raise InvalidInput(f"unknown kind '{kind}': use one of {', '.join(KINDS)}")
    max_bytes = state.settings.ingest.max_file_mb * 1024 * 1024
    if file.exists() and file.stat().st_size > max_bytes:
        raise InvalidInput(
            f"'{file.name}' is larger than {state.settings.ingest.max_file_mb} MB: split it or "
            "raise SAZON_INGEST__MAX_FILE_MB"
        )
    with _progress() as progress:
        task = progress.add_task(f"Ingestando {file.name}", total=None)
        summary = ingest_file(
            state.factory,
            state.kb,
            kind,
            file,
            input_format=input_format,
            long_text=state.settings.ingest.max_text_chars,
            fuzzy_threshold=state.settings.ingest.fuzzy_name_threshold,
            limits=ReadLimits.of(state.settings.ingest),
            progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    json_path, html_path = write_report(
        summary.report, state.settings.home / "reports", summary.run_id
    )
    if fmt is Format.json:
        data = summary.model_dump(exclude={"report"})
        data["report_json"], data["report_html"] = str(json_path), str(html_path)
        emit_json(data)
        return
    console.print(
        f"[bold]{summary.rows}[/bold] filas: [green]{summary.accepted} aceptadas[/green], "
        f"[blue]{summary.merged} fusionadas[/blue], [red]{summary.quarantined} en cuarentena[/red]."
    )
    for warning in summary.file_warnings:
        console.print(f"[yellow]Aviso:[/yellow] {warning}")
    if summary.ignored_columns:
        console.print(
            f"Columnas no reconocidas (no se leyeron): {', '.join(summary.ignored_columns)}"
        )
    bad = [d for d in summary.details if d.outcome == "quarantined"]
    if bad:
        emit(
            [
                {
                    "fila": d.row,
                    "cuarentena": d.quarantine_id,
                    "motivos": "; ".join(f"{r['field']}: {r['error']}" for r in d.reasons),
                }
                for d in bad[:20]
            ],
            Format.table,
            title="En cuarentena",
        )
        console.print("Corrige con: sazon quarantine fix ID campo=valor")
    console.print(f"Informe de calidad: {html_path}")


def demo_data(
    ctx: typer.Context,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same data.")] = 7,
    guests: Annotated[int, typer.Option(help="How many guests.")] = 850,
    files: Annotated[
        Path | None,
        typer.Option(help="Also keep the generated files in this folder (by default none)."),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Genera y carga datos de demostración de un grupo de restaurantes en Lima."""
    from sazon.demo import load_demo, remove_old_demo_files

    state: AppState = ctx.obj
    initialise_store(state.engine, state.kb)
    # Earlier versions kept the source files beside the store, where no erasure reaches.
    if remove_old_demo_files(state.settings.home / "demo"):
        err_console.print(f"Archivos de demostración antiguos borrados de {state.settings.home}")
    with _progress() as progress:
        task = progress.add_task("Datos de demostración", total=None)
        counts = load_demo(
            state.factory,
            state.kb,
            files,
            seed=seed,
            n_guests=guests,
            progress=lambda step, done, total: progress.update(
                task, description=step, completed=done, total=total
            ),
        )
    if fmt is Format.json:
        emit_json(counts)
    else:
        emit(
            [{"tabla": k, "filas": v} for k, v in counts.items()],
            Format.table,
            title="Datos de demostración cargados",
        )


@quarantine_app.command("list")
def quarantine_list(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option(help="Only this kind.")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Filas en cuarentena, con sus motivos."""
    from sazon.events import names_for

    state: AppState = ctx.obj
    with state.factory() as session:
        entries = list_quarantine(session, kind)
        # People read the kept guest's name; JSON and CSV keep the id.
        kept = [str(e.record_id) for e in entries if e.kind == "guests" and e.record_id]
        names = names_for(session, kept) if fmt is Format.table and kept else {}
    if fmt is Format.table:
        emit(
            [
                {
                    "id": e.id,
                    "tipo": e.kind,
                    "fila": e.row_number,
                    # A kept guest's fields that wait here name the guest.
                    "invitado": names.get(str(e.record_id), e.record_id or ""),
                    "motivos": "; ".join(f"{r['field']}: {r['error']}" for r in e.reasons),
                }
                for e in entries
            ],
            fmt,
            title="Cuarentena",
            empty="La cuarentena está vacía.",
        )
    else:
        emit([e.model_dump() for e in entries], fmt)


@quarantine_app.command("fix")
def quarantine_fix(
    ctx: typer.Context,
    entry_id: Annotated[int, typer.Argument(help="Quarantine id.")],
    changes: Annotated[list[str], typer.Argument(help="column=value pairs.")],
    fmt: FormatOpt = Format.table,
) -> None:
    """Corrige una fila en cuarentena y la vuelve a ingestar."""
    state: AppState = ctx.obj
    parsed: dict[str, str] = {}
    for change in changes:
        col, sep, value = change.partition("=")
        if not sep:
            raise InvalidInput(f"'{change}' is not column=value")
        parsed[col.strip()] = value
    result = correct_quarantined(state.factory, state.kb, entry_id, parsed)
    if fmt is Format.json:
        emit_json(result.model_dump())
    elif result.outcome == "quarantined":
        console.print(
            "[red]Sigue en cuarentena:[/red] " + json.dumps(result.reasons, ensure_ascii=False)
        )
    else:
        console.print(f"[green]Resuelta[/green]: {result.outcome} → registro {result.record_id}")


@quarantine_app.command("discard")
def quarantine_discard(ctx: typer.Context, entry_id: int) -> None:
    """Descarta una fila en cuarentena (queda registrada como descartada)."""
    state: AppState = ctx.obj
    discard_quarantined(state.factory, entry_id)
    console.print(f"Fila {entry_id} descartada.")
