"""``sazon trends detect|report|alerts``: emerging terms, complaints and alerts (issue #16)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from sazon.cli.output import Format, FormatOpt, emit, emit_json, err_console
from sazon.cli.state import AppState
from sazon.cli.trends_stream import publish, run
from sazon.trends import TrendReport, detect_file, store_report, text_scorer

app = typer.Typer(help="Tendencias / trends.", no_args_is_help=True)
InputOpt = Annotated[
    Path,
    typer.Option(
        "--input",
        "-i",
        help="JSONL or CSV: id, created_at (ISO 8601 with offset), source, text[, product, "
        "category, rating, region]; Spanish headers (fecha, fuente, texto…) work too.",
    ),
]
SentimentOpt = Annotated[
    bool,
    typer.Option(
        "--sentiment/--no-sentiment",
        help="Read the sentiment of each burst's texts (finds complaints; slower).",
    ),
]
TopOpt = Annotated[int, typer.Option("--top", help="How many trends to show.")]
app.command("run")(run)
app.command("publish")(publish)


def _rows(report: TrendReport) -> list[dict[str, Any]]:
    return [
        {
            "term": t.term,
            "stage": t.stage,
            "first_detected": t.first_detected.isoformat(),
            "score": t.score,
            "volume": t.volume,
            "growth": t.growth,
            "sentiment": t.sentiment,
            "flags": " ".join(f for f, on in (("queja", t.complaint), ("copias", t.copies)) if on),
        }
        for t in report.trends
    ]


def _show(report: TrendReport, fmt: Format, top: int) -> None:
    report.trends = report.trends[:top]
    if fmt is Format.json:
        emit_json(report.to_json())
        return
    emit(_rows(report), fmt, title=f"Tendencias al {report.as_of}", empty="Sin tendencias.")


@app.command("detect")
def detect(
    ctx: typer.Context,
    input_file: InputOpt,
    fmt: FormatOpt = Format.table,
    sentiment: SentimentOpt = True,
    top: TopOpt = 20,
) -> None:
    """Tendencias de un archivo de textos / trends in a file of texts, replayed day by day.

    JSON: {"trends": [{term, stage, first_detected, score, sentiment, volume, examples, …}],
    "alerts": [...]}, most important first. A bad line (not JSON, no date, a date in the
    future) is one line on stderr; the rest is read.
    """
    state: AppState = ctx.obj
    scorer = text_scorer(state.settings) if sentiment else None
    report, bad = detect_file(input_file, scorer, max_mb=state.settings.ingest.max_file_mb)
    for line in bad:
        err_console.print(f"aviso: {input_file.name}, {line}")
    if bad:
        err_console.print(f"{len(bad)} líneas omitidas / lines skipped; {report.texts} leídas")
    _show(report, fmt, top)


@app.command("report")
def report(
    ctx: typer.Context, fmt: FormatOpt = Format.table, sentiment: SentimentOpt = True,
    top: TopOpt = 20,
) -> None:  # fmt: skip
    """Tendencias de los textos de mercado del almacén / trends in the store's market texts."""
    state: AppState = ctx.obj
    scorer = text_scorer(state.settings) if sentiment else None
    _show(store_report(state.factory, scorer), fmt, top)


@app.command("alerts")
def alerts(
    ctx: typer.Context, fmt: FormatOpt = Format.table, sentiment: SentimentOpt = True
) -> None:
    """Alertas raised over the store's market texts, newest first / alerts."""
    state: AppState = ctx.obj
    scorer = text_scorer(state.settings) if sentiment else None
    found = store_report(state.factory, scorer).alerts
    if fmt is Format.json:
        emit_json([a.to_json() for a in found])
        return
    rows = [
        {"raised": a.raised, "kind": a.kind, "severity": a.severity, "message": a.message}
        for a in found
    ]
    emit(rows, fmt, title="Alertas", empty="Sin alertas.")
