"""``sazon trends detect|report|alerts``: emerging terms, complaints and alerts (issue #16)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from sazon.cli.output import Format, FormatOpt, emit, emit_json, err_console
from sazon.cli.state import AppState
from sazon.cli.trends_stream import publish, run
from sazon.trends import (
    Analysis,
    Formulation,
    Lead,
    StoreTrends,
    TrendReport,
    analyse_file,
    detect_file,
    make_brief,
    scorer_tag,
    text_scorer,
)

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
FromOpt = Annotated[
    Path | None,
    typer.Option("--input", "-i", help="A file of texts instead of the store (as in detect)."),
]


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
    _show(_analysis(ctx.obj, None, sentiment).report, fmt, top)


def _analysis(state: AppState, path: Path | None, sentiment: bool) -> Analysis:
    settings = state.settings
    if path is None:  # the store's, kept until its texts change (sazon.trends.cache)
        return StoreTrends(settings.home).analysis(
            state.factory,
            lambda: text_scorer(settings) if sentiment else None,
            scorer_tag(settings, sentiment),
        )
    scorer = text_scorer(settings) if sentiment else None
    found, bad = analyse_file(path, scorer, max_mb=state.settings.ingest.max_file_mb)
    for line in bad:
        err_console.print(f"aviso: {path.name}, {line}")
    return found


@app.command("alerts")
def alerts(
    ctx: typer.Context,
    fmt: FormatOpt = Format.table,
    sentiment: SentimentOpt = True,
    publish: Annotated[
        bool,
        typer.Option("--publish", help="Put the new ones on the bus topic trends.alerts."),
    ] = False,
) -> None:
    """Alertas raised over the store's market texts, newest first / alerts: trends,
    complaints and sentiment shifts. --publish sends those not yet sent to trends.alerts
    (a webhook gets them from there: sazon worker --processor trends-webhook)."""
    state: AppState = ctx.obj
    found = _analysis(state, None, sentiment).alerts
    if publish:
        from sazon.trends import publish_alerts

        sent = publish_alerts(state.bus, found)  # the app closes the bus at the end
        err_console.print(f"{len(sent)} alertas nuevas publicadas en trends.alerts / published")
    if fmt is Format.json:
        emit_json([a.to_json() for a in found])
        return
    rows = [
        {"raised": a.raised, "kind": a.kind, "severity": a.severity, "message": a.message}
        for a in found
    ]
    emit(rows, fmt, title="Alertas", empty="Sin alertas.")


@app.command("shifts")
def shifts(
    ctx: typer.Context, input_file: FromOpt = None, fmt: FormatOpt = Format.table,
    sentiment: SentimentOpt = True,
) -> None:  # fmt: skip
    """Cambios de sentimiento por producto y sabor / sentiment shifts: the last 7 days
    against the 28 before, only the significant ones (n, p)."""
    found = _analysis(ctx.obj, input_file, sentiment).shifts
    if fmt is Format.json:
        emit_json([s.to_json() for s in found])
        return
    rows = [
        {"subject": s.subject, "kind": s.kind, "before": s.before, "after": s.after,
         "n": f"{s.n_after}/{s.n_before}", "p": f"{s.p:.1g}"}
        for s in found
    ]  # fmt: skip
    emit(rows, fmt, title="Cambios de sentimiento", empty="Sin cambios significativos.")


@app.command("brief")
def brief(
    ctx: typer.Context,
    term: Annotated[str, typer.Argument(help="The trend (as the board names it).")],
    input_file: FromOpt = None,
    fmt: FormatOpt = Format.table,
    sentiment: SentimentOpt = True,
    sugar: Annotated[
        float | None, typer.Option("--sugar", help="g of sugar per 100 ml to screen.", min=0)
    ] = None,
    sodium: Annotated[float, typer.Option("--sodium", help="mg per 100 ml.", min=0)] = 10.0,
    sat_fat: Annotated[float, typer.Option("--sat-fat", help="g per 100 ml.", min=0)] = 0.0,
    sales: Annotated[
        Path | None,
        typer.Option(
            "--sales",
            help="CSV of sales: product, week (2026-03-02 or 2026-W10), "
            "units or amount; adds the trend's lead over them (lags 0–8 weeks).",
        ),
    ] = None,
    product: Annotated[
        str | None, typer.Option("--product", help="The product of --sales to compare with.")
    ] = None,
    lang: Annotated[
        str, typer.Option("--lang", help="es o en: the language of the brief's text.")
    ] = "es",
) -> None:
    """Brief de oportunidad de producto / product-opportunity brief for a trend: numbers,
    stage, who drives it, examples, and the octagon screen (Ley 30021) of a formulation
    (--sugar …; a suggested one by default); with --sales, how far the trend leads sales."""
    if lang not in ("es", "en"):
        raise typer.BadParameter(f"'{lang[:20]}': use es o en", param_hint="--lang")
    state: AppState = ctx.obj
    found = _analysis(state, input_file, sentiment)
    recipe = None
    if sugar is not None:
        recipe = Formulation(f"fórmula para {term}", sugar, sodium, sat_fat)
    lead = _lead(state, found, term, input_file, sales, product) if sales else None
    made = make_brief(found, term, recipe, lead, lang=lang)
    if fmt is Format.json:
        emit_json(made.to_json())
        return
    typer.echo(made.text)


def _lead(
    state: AppState, found: Analysis, term: str, path: Path | None, sales: Path, product: str | None
) -> Lead:
    from sazon.trends import brief_lead, find_trend, read_market_file, read_sales_file, store_items

    trend = find_trend(found, term)
    read = read_sales_file(sales)
    for line in read.bad:
        err_console.print(f"aviso: {sales.name}, {line}")
    if path is not None:
        items = read_market_file(path, max_mb=state.settings.ingest.max_file_mb).items
    else:
        items = [i for batch in store_items(state.factory) for i in batch]
    try:
        return brief_lead(trend, items, read, product)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--sales/--product") from exc
