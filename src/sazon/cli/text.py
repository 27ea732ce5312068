"""``sazon text sentiment|train-sentiment|detect-language|keyphrases``: text understanding."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from sazon.cli.output import Format, console, emit, emit_json, err_console
from sazon.cli.state import AppState
from sazon.text import detect_languages, keyphrases
from sazon.text.sentiment import (
    ReadItems,
    SentimentResult,
    SentimentServing,
    read_items,
    train_sentiment,
)

app = typer.Typer(help="Texto: sentimiento, idioma, frases clave / text.", no_args_is_help=True)
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table, json or csv.")]
InputOpt = Annotated[
    Path,
    typer.Option(
        "--input",
        "-i",
        help="CSV with columns id,text (or JSONL with those keys), UTF-8.",
        dir_okay=False,
    ),
]


def _read(state: AppState, path: Path) -> ReadItems:
    read = read_items(path, max_mb=state.settings.ingest.max_file_mb)
    for skipped in read.skipped:
        err_console.print(f"aviso / warning: id {skipped.id}: {skipped.reason}, not scored")
    if read.skipped:
        err_console.print(
            f"{len(read.skipped)} row(s) skipped for an empty text; {len(read.items)} scored"
        )
    return read


def _row(result: SentimentResult) -> dict[str, Any]:
    return {
        "id": result.id,
        "label": result.label,
        "score": result.score,
        "language": result.language,
        "aspects": "; ".join(f"{a.aspect}:{a.label}" for a in result.aspects),
    }


@app.command("sentiment")
def sentiment(ctx: typer.Context, input_file: InputOpt, fmt: FormatOpt = Format.table) -> None:
    """Polaridad y aspectos de cada texto / polarity and aspects of each text.

    JSON gives one object per text: id, label (negative|neutral|positive), score (-1…1),
    language and aspects (aspect, label, score, evidence).
    """
    state: AppState = ctx.obj
    read = _read(state, input_file)
    results = SentimentServing(state.settings).analyse(read.items)
    if fmt is Format.json:
        emit_json([r.model_dump() for r in results])
        return
    emit(
        [_row(r) for r in results],
        fmt,
        ["id", "label", "score", "language", "aspects"],
        title="Sentimiento",
        empty="Ningún texto para puntuar.",
    )


@app.command("train-sentiment")
def train(
    ctx: typer.Context,
    input_file: InputOpt,
    own_data_only: Annotated[
        bool,
        typer.Option(
            "--own-data-only",
            help="Train only on this file (default: add Sazón's packaged reviews).",
        ),
    ] = False,
    no_activate: Annotated[
        bool, typer.Option("--no-activate", help="Save the version without making it active.")
    ] = False,
    no_cv: Annotated[
        bool, typer.Option("--no-cv", help="Skip the cross-validated measurement (faster).")
    ] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Entrena el modelo de sentimiento con sus reseñas / train on your own feedback.

    The file needs a text column and either a label column (negative, neutral, positive)
    or a rating column (1–5 stars). The new version is saved to the model registry and,
    unless --no-activate, used from then on by `sazon text sentiment`, the API and the
    worker.
    """
    state: AppState = ctx.obj
    state.settings.ensure_home()
    report = train_sentiment(
        state.settings,
        input_file,
        with_default_data=not own_data_only,
        activate=not no_activate,
        cross_validate=not no_cv,
    )
    data = report.as_dict()
    if report.skipped:
        err_console.print(f"{report.skipped} row(s) with an empty text were skipped")
    if fmt is Format.json:
        emit_json(data)
        return
    metrics = report.metrics
    console.print(
        f"[bold]{report.name} {report.version}[/bold] "
        f"({'activo / active' if report.active else 'guardado / saved, not active'}): "
        f"{report.rows} textos ({report.label_source}), "
        + ", ".join(f"{k} {v}" for k, v in report.label_counts.items())
    )
    rows = [{"metric": k, "value": round(v, 4)} for k, v in sorted(metrics.items())]
    emit(rows, fmt, ["metric", "value"], title="Métricas / metrics")


@app.command("detect-language")
def detect_language(
    ctx: typer.Context, input_file: InputOpt, fmt: FormatOpt = Format.table
) -> None:
    """Idioma de cada texto (es, en, und) / the language of each text."""
    state: AppState = ctx.obj
    read = _read(state, input_file)
    langs = detect_languages([item.text for item in read.items])
    rows = [{"id": item.id, "language": lang} for item, lang in zip(read.items, langs, strict=True)]
    emit(rows, fmt, ["id", "language"], title="Idioma")


@app.command("keyphrases")
def keyphrases_cmd(
    ctx: typer.Context,
    input_file: InputOpt,
    top: Annotated[int, typer.Option(min=1, max=500, help="How many phrases.")] = 20,
    lang: Annotated[
        str | None, typer.Option(help="es or en for the whole file (default: detect).")
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Frases clave de todos los textos / keyphrases of all the texts."""
    state: AppState = ctx.obj
    read = _read(state, input_file)
    found = keyphrases([item.text for item in read.items], lang, top)
    rows = [{"phrase": k.phrase, "score": round(k.score, 4), "count": k.count} for k in found]
    emit(rows, fmt, ["phrase", "score", "count"], title="Frases clave")
