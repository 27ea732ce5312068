"""``sazon text sentiment|train-sentiment|detect-language|keyphrases``: text understanding."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from sazon.cli.output import Format, console, emit, emit_json, err_console
from sazon.cli.state import AppState
from sazon.errors import InvalidInput
from sazon.text import (
    MAX_ANALYSED_CHARS,
    ReadItems,
    SentimentResult,
    SentimentServing,
    detect_languages,
    keyphrases,
    read_items,
    train_sentiment,
)

app = typer.Typer(help="Texto: sentimiento, idioma, frases clave / text.", no_args_is_help=True)
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table, json or csv.")]
# The reader checks the file itself (missing, a folder, not UTF-8, empty, wrong columns), so
# every problem is one "error: …" line naming the file and the fix.
InputOpt = Annotated[
    Path,
    typer.Option(
        "--input",
        "-i",
        help="CSV with columns id,text (or JSONL with those keys, or a JSON list), UTF-8.",
    ),
]
_LABELS_ES = {"negative": "negativos", "neutral": "neutros", "positive": "positivos"}
_SOURCES_ES = {"label": "etiquetados", "rating": "por estrellas"}


def _rows(n: int) -> str:
    return f"{n} fila" if n == 1 else f"{n} filas"


def _read(state: AppState, path: Path, done: str = "puntuada") -> ReadItems:
    read = read_items(path, max_mb=state.settings.ingest.max_file_mb)
    for skipped in read.skipped:
        err_console.print(f"aviso: id {skipped.id}: texto vacío, se omite")
    if read.skipped:
        n = len(read.items)
        err_console.print(
            f"{_rows(len(read.skipped))} sin texto; {_rows(n)} {done}{'' if n == 1 else 's'}"
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
    language, aspects (aspect, label, score, evidence) and warnings (a text over 5,000
    characters is read up to there).
    """
    state: AppState = ctx.obj
    read = _read(state, input_file)
    results = SentimentServing(state.settings).analyse(read.items)
    for item in read.items:
        if len(item.text) > MAX_ANALYSED_CHARS:  # the result's warnings say it too, in English
            err_console.print(
                f"aviso: id {item.id}: solo se analizaron los primeros {MAX_ANALYSED_CHARS} de "
                f"{len(item.text)} caracteres"
            )
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
        verb = "no se usó" if report.skipped == 1 else "no se usaron"
        err_console.print(f"aviso: {_rows(report.skipped)} sin texto, {verb} para entrenar")
    if fmt is Format.json:
        emit_json(data)
        return
    metrics = report.metrics
    status = "activo / active" if report.active else "guardado sin activar / saved, not active"
    source = _SOURCES_ES.get(report.label_source, report.label_source)
    console.print(
        f"[bold]{report.name} {report.version}[/bold] ({status}): "
        f"{report.rows} textos {source}: "
        + ", ".join(f"{v} {_LABELS_ES.get(k, k)}" for k, v in report.label_counts.items())
    )
    rows = [{"metric": k, "value": round(v, 4)} for k, v in sorted(metrics.items())]
    emit(rows, fmt, ["metric", "value"], title="Métricas / metrics")


@app.command("detect-language")
def detect_language(
    ctx: typer.Context, input_file: InputOpt, fmt: FormatOpt = Format.table
) -> None:
    """Idioma de cada texto (es, en, und) / the language of each text."""
    state: AppState = ctx.obj
    read = _read(state, input_file, done="leída")
    langs = detect_languages([item.text for item in read.items])
    rows = [{"id": item.id, "language": lang} for item, lang in zip(read.items, langs, strict=True)]
    emit(rows, fmt, ["id", "language"], title="Idioma")


@app.command("keyphrases")
def keyphrases_cmd(
    ctx: typer.Context,
    input_file: InputOpt,
    top: Annotated[int, typer.Option(help="How many phrases (1 to 500).")] = 20,
    lang: Annotated[
        str | None, typer.Option(help="es or en for the whole file (default: detect).")
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Frases clave de todos los textos / keyphrases of all the texts."""
    state: AppState = ctx.obj
    if not 1 <= top <= 500:
        raise InvalidInput(f"--top {top}: give a number from 1 to 500")
    read = _read(state, input_file, done="leída")
    found = keyphrases([item.text for item in read.items], lang, top)
    rows = [{"phrase": k.phrase, "score": round(k.score, 4), "count": k.count} for k in found]
    emit(rows, fmt, ["phrase", "score", "count"], title="Frases clave")
