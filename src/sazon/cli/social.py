"""``sazon social``: predicted engagement before posting and the best times to post."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.table import Table

from sazon.cli.output import Format, FormatOpt, console, emit, emit_json
from sazon.cli.state import AppState
from sazon.timeutil import LIMA

if TYPE_CHECKING:
    from sazon.social import BestTimes

app = typer.Typer(help="Redes sociales / social media optimizer.", no_args_is_help=True)
engagement = typer.Typer(help="Interacción esperada / predicted engagement.", no_args_is_help=True)
app.add_typer(engagement, name="engagement")

PostsFile = Annotated[Path, typer.Option(dir_okay=False)]
ChannelOpt = Annotated[str, typer.Option(help="instagram, facebook, tiktok or x.")]
_DAYS = ("lun", "mar", "mié", "jue", "vie", "sáb", "dom")
_DAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@engagement.command("predict")
def predict(
    ctx: typer.Context,
    train: Annotated[
        Path,
        typer.Option(
            dir_okay=False,
            help="CSV of past posts: post_id, channel, posted_at, media_type, category, paid, "
            "page_followers[, text, page, segment] and the --target column.",
        ),
    ],
    posts: Annotated[
        Path, typer.Option(dir_okay=False, help="CSV of posts to score (same columns, no target).")
    ],
    target: Annotated[str, typer.Option(help="The engagement column of --train.")],
    fmt: FormatOpt = Format.table,
) -> None:
    """Interacción esperada con su intervalo (80 %) / predicted engagement with an interval.

    JSON is a list of {post_id, predicted, low, high} for every post in --posts.
    """
    from sazon.social import predict_file

    state: AppState = ctx.obj
    rows = predict_file(train, posts, target, max_mb=state.settings.ingest.max_file_mb)
    emit(rows, fmt, title="Interacción esperada / predicted engagement")


@app.command("train")
def train(
    ctx: typer.Context,
    auto: Annotated[
        bool,
        typer.Option(
            help="Only when enough new posts arrived, and activate only if better on a holdout."
        ),
    ] = False,
    trends: Annotated[
        bool, typer.Option(help="Learn the lift of naming what trends now (market texts).")
    ] = True,
    fmt: FormatOpt = Format.table,
) -> None:
    """Entrena el modelo con las publicaciones del almacén y lo versiona / train and version."""
    from sazon.ml import ModelRegistry
    from sazon.social import MODEL_NAME, retrain_if_due, train_engagement, trend_terms
    from sazon.trends import store_report

    state: AppState = ctx.obj
    registry = ModelRegistry.from_settings(state.settings)
    terms = trend_terms(store_report(state.factory)) if trends else ()
    with state.factory() as session:
        if auto:
            done = retrain_if_due(
                session, registry, min_new=state.settings.social.retrain_after, trends=terms
            )
            row = {"model": MODEL_NAME, "status": done.status, "version": done.version,
                   "reason": done.reason, **done.metrics}  # fmt: skip
        else:
            version, metrics = train_engagement(session, registry, trends=terms)
            row = {"model": MODEL_NAME, "status": "activated", "version": version, **metrics}
    emit([row], fmt, title="Modelo / model")


@app.command("best-times")
def best_times_cmd(
    ctx: typer.Context,
    venue: Annotated[str, typer.Option(help="Venue code (or 'grupo' for the group's page).")],
    channel: ChannelOpt = "instagram",
    lang: Annotated[str, typer.Option(help="es or en.")] = "es",
    fmt: FormatOpt = Format.table,
) -> None:
    """Mejores horarios (hora de Lima) con su incertidumbre / best times to post, Lima time."""
    from sazon.social import store_best_times

    state: AppState = ctx.obj
    language = "en" if lang == "en" else "es"
    with state.factory() as session:
        result = store_best_times(
            session, venue, channel, today=datetime.now(LIMA).date(), lang=language
        )
    if fmt is Format.json:
        emit_json(result.model_dump(mode="json"))
    elif fmt is Format.csv:
        emit([s.model_dump() for s in result.slots], fmt)
    else:
        _print(result, language)


@app.command("drafts")
def drafts_cmd(
    ctx: typer.Context,
    venue: Annotated[str, typer.Option(help="Venue code: its menu is what the drafts name.")],
    channel: ChannelOpt = "instagram",
    lang: Annotated[str, typer.Option(help="es, en or both.")] = "both",
    variants: Annotated[int, typer.Option(min=1, max=5, help="Drafts per topic to compare.")] = 2,
    trends: Annotated[
        bool, typer.Option(help="Read the market texts' trends (a replay of the stream).")
    ] = True,
    fmt: FormatOpt = Format.table,
) -> None:
    """Borradores en tendencia con la carta del local / drafts around trends and the menu.

    Each draft is grounded (only the venue's dishes, only facts of the store) and scored by
    the engagement model at its suggested slot.
    """
    from sazon.ml import ModelRegistry
    from sazon.social import store_drafts
    from sazon.trends import store_report

    state: AppState = ctx.obj
    langs = _langs(lang)
    factory = state.factory
    report = store_report(factory) if trends else None
    with factory() as session:
        result = store_drafts(
            session, ModelRegistry.from_settings(state.settings), venue=venue, channel=channel,
            now=datetime.now(LIMA), langs=langs, trends=report, variants=variants,
        )  # fmt: skip
    if fmt is Format.json:
        emit_json(result.model_dump(mode="json"))
        return
    if fmt is Format.csv:
        emit([d.model_dump(mode="json") for d in result.drafts], fmt)
        return
    for d in result.drafts:
        score = (
            f" · ≈ {d.predicted:.0f} ({d.low:.0f}–{d.high:.0f}) · {d.slot_at:%Y-%m-%d %H:%M}"
            if d.slot_at and d.predicted is not None and d.low is not None and d.high is not None
            else ""
        )
        console.print(f"[bold]{d.topic}[/] [dim]{d.lang} · {d.variant + 1}{score}[/]")
        console.print(d.text, highlight=False, markup=False)
        console.print()
    for skip in result.skipped:
        console.print(f"[yellow]{skip.topic}: {skip.reason}[/yellow]", markup=True)
    if result.note:
        console.print(f"[yellow]{result.note}[/yellow]")


def _langs(lang: str) -> list[Literal["es", "en"]]:
    from sazon.errors import InvalidInput

    choice = lang.strip().lower()
    if choice not in {"es", "en", "both"}:
        raise InvalidInput(f"--lang {lang!r}: write es, en or both")
    return ["es", "en"] if choice == "both" else ["en"] if choice == "en" else ["es"]


def _print(result: BestTimes, lang: str) -> None:
    days = _DAYS_EN if lang == "en" else _DAYS
    values = sorted(s.expected for s in result.slots)
    cuts = [values[int(len(values) * q)] for q in (0.25, 0.5, 0.75, 0.9)]
    styles = ("grey37", "yellow", "dark_orange", "red", "bold bright_red")
    grid = {(s.weekday, s.hour): s for s in result.slots}
    title = f"{result.venue} · {result.channel} ({'Lima time' if lang == 'en' else 'hora de Lima'})"
    table = Table(title=title, title_justify="left")
    table.add_column("h", justify="right")
    for d in days:
        table.add_column(d, justify="right")
    for hour in range(24):
        cells = []
        for weekday in range(7):
            slot = grid[(weekday, hour)]
            level = sum(slot.expected > c for c in cuts)
            mark = "·" if slot.own_posts == 0 else ""
            cells.append(f"[{styles[level]}]{slot.expected:.0f}{mark}[/]")
        table.add_row(f"{hour:02d}", *cells)
    console.print(table)
    console.print(
        "· = sin publicaciones propias / no own posts" if lang == "es" else "· = no own posts"
    )
    for label, slots in (("Mejores / best", result.top), ("Explorar / explore", result.explore)):
        line = ", ".join(
            f"{days[s.weekday]} {s.hour:02d}:00 ≈ {s.expected:.0f} ({s.low:.0f}–{s.high:.0f})"
            for s in slots
        )
        console.print(f"[bold]{label}:[/] {line}")
    for part in result.dayparts:
        console.print(
            f"  {part.name} {part.hours}: ≈ {part.expected:.0f}, {days[part.best_weekday]}"
        )
    for day in result.food_calendar:
        approx = " (aprox.)" if day.approximate else ""
        console.print(f"  🗓 {day.starts.isoformat()}{approx} {day.name}")
    if result.note:
        console.print(f"[yellow]{result.note}[/yellow]")


calendar_app = typer.Typer(
    help="Calendario de contenidos / content calendar (import: sazon ingest social-calendar).",
    no_args_is_help=True,
)
app.add_typer(calendar_app, name="calendar")
DayOpt = Annotated[str, typer.Option(help="yyyy-mm-dd (Lima); default: today / in 4 weeks.")]


def _period(start: str, end: str) -> tuple[date, date]:
    from sazon.errors import InvalidInput

    today = datetime.now(LIMA).date()
    try:
        first = date.fromisoformat(start) if start else today
        last = date.fromisoformat(end) if end else first + timedelta(days=28)
    except ValueError:
        raise InvalidInput(f"--start/--end {start or end!r}: write dates like 2026-12-24") from None
    return first, last


@calendar_app.command("list")
def calendar_list(
    ctx: typer.Context, start: DayOpt = "", end: DayOpt = "",
    venue: Annotated[str, typer.Option(help="Venue code (default: all).")] = "",
    fmt: FormatOpt = Format.table,
) -> None:  # fmt: skip
    """Publicaciones planificadas / planned posts, with their status and failures."""
    from sazon.social import calendar_entries

    state: AppState = ctx.obj
    first, last = _period(start, end)
    with state.factory() as session:
        entries = calendar_entries(session, first, last, venue=venue or None)
    emit([e.model_dump(mode="json") for e in entries], fmt, title="Calendario / calendar")


@calendar_app.command("export")
def calendar_export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(dir_okay=False, help="FILE.ics or FILE.csv")],
    start: DayOpt = "", end: DayOpt = "",
    venue: Annotated[str, typer.Option(help="Venue code (default: all).")] = "",
) -> None:  # fmt: skip
    """Exporta a iCalendar (.ics, con las fechas gastronómicas) o CSV / export."""
    from sazon.errors import InvalidInput
    from sazon.social import calendar_entries, to_csv, to_ics

    state: AppState = ctx.obj
    first, last = _period(start, end)
    if out.suffix.lower() not in {".ics", ".csv"}:
        raise InvalidInput(f"{out.name}: name the file .ics (iCalendar) or .csv")
    with state.factory() as session:
        entries = calendar_entries(session, first, last, venue=venue or None)
    if out.suffix.lower() == ".ics":
        out.write_bytes(to_ics(entries, start=first, end=last).encode("utf-8"))
    else:
        out.write_text(to_csv(entries), "utf-8")
    console.print(f"{len(entries)} publicaciones → {out}")


@calendar_app.command("approve")
def calendar_approve(
    ctx: typer.Context, post: Annotated[int, typer.Argument(help="Planned post id.")],
    by: Annotated[str, typer.Option(help="Who approves it.")], fmt: FormatOpt = Format.table,
) -> None:  # fmt: skip
    """Aprueba un borrador / approve a draft."""
    from sazon.social import approve

    state: AppState = ctx.obj
    with state.factory.begin() as session:
        entry = approve(session, post, by=by)
    emit([entry.model_dump(mode="json")], fmt)


@calendar_app.command("schedule")
def calendar_schedule(
    ctx: typer.Context, post: Annotated[int, typer.Argument(help="Planned post id.")],
    fmt: FormatOpt = Format.table,
) -> None:  # fmt: skip
    """Programa una publicación aprobada: entra a la bandeja de salida / schedule it."""
    from sazon.social import schedule

    state: AppState = ctx.obj
    with state.factory.begin() as session:
        entry = schedule(session, post)
    emit([entry.model_dump(mode="json")], fmt)


@app.command("publish")
def publish_cmd(ctx: typer.Context, fmt: FormatOpt = Format.table) -> None:
    """Envía lo que toca de la bandeja de salida / send the due posts of the outbox.

    The publisher is SAZON_SOCIAL__PUBLISHER (folder, graph); failures are retried with
    backoff and a post that cannot go out is marked failed with its reason.
    """
    from sazon.social import dispatch, make_publisher

    state: AppState = ctx.obj
    cfg = state.settings.social
    report = dispatch(state.factory, make_publisher(state.settings),
                      max_attempts=cfg.max_attempts, backoff_s=cfg.backoff_s)  # fmt: skip
    emit([report.model_dump()], fmt, title="Bandeja de salida / outbox")
    if report.failed:
        raise typer.Exit(4)  # a failed publish is never silent, not even in a cron job


@app.command("outbox")
def outbox_cmd(
    ctx: typer.Context,
    state_: Annotated[str, typer.Option("--state", help="pending, sent or failed.")] = "",
    fmt: FormatOpt = Format.table,
) -> None:
    """La bandeja de salida con el motivo de cada falla / the outbox and why each failed."""
    from sazon.social import outbox_items

    state: AppState = ctx.obj
    with state.factory() as session:
        items = outbox_items(session, state=state_ or None)
    emit([i.model_dump(mode="json") for i in items], fmt, title="Bandeja de salida / outbox")
