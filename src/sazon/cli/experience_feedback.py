"""``sazon experience dishes`` and ``sazon experience changes``: what guests say of each dish,
and what moved this week beyond chance."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer
from rich.table import Table

from sazon.cli.output import Format, FormatOpt, console, emit_json
from sazon.cli.state import AppState

VenueOpt = Annotated[str, typer.Option("--venue", help="Código o id del local / venue code or id.")]
UntilOpt = Annotated[
    str | None,
    typer.Option("--until", help="Último día (YYYY-MM-DD; por defecto hoy) / last day."),
]
WeekOpt = Annotated[
    str | None,
    typer.Option(
        "--week",
        help="Semana ISO 2026-W23 o un día de ella (por defecto la de la última reseña) / "
        "ISO week or a day of it (default: the latest review's).",
    ),
]
LangOpt = Annotated[str, typer.Option("--lang", help="es o en.")]


def _day(value: str | None) -> date | None:
    from sazon.experience import parse_week

    return None if value is None else parse_week(value)


def dishes(
    ctx: typer.Context,
    venue: VenueOpt,
    until: UntilOpt = None,
    weeks: Annotated[int, typer.Option("--weeks", help="Semanas a leer / weeks to read.")] = 12,
    fmt: FormatOpt = Format.table,
) -> None:
    """Opiniones por plato / sentiment per dish: menciones, % positivas y negativas, ejemplos."""
    from sazon.experience import dish_sentiment

    state: AppState = ctx.obj
    last = None
    if until is not None:
        from sazon.experience import parse_day

        last = parse_day(until)
    with state.factory() as session:
        report = dish_sentiment(session, venue, until=last, weeks=weeks)
    if fmt is Format.json:
        emit_json(report.model_dump(mode="json"))
        return
    table = Table(
        title=f"{report.venue_name}: platos del {report.since} al {report.until} "
        f"({report.reviews} reseñas) / dishes",
        title_justify="left",
    )
    for col in ("plato", "menciones", "% positivas", "% negativas", "semanas", "ejemplo"):
        table.add_column(col, overflow="fold")
    for d in report.dishes:
        example = d.examples[0].text if d.examples else ""
        table.add_row(d.name, str(d.mentions), f"{d.positive_share:.0%}",
                      f"{d.negative_share:.0%}", str(len(d.weeks)), example)  # fmt: skip
    console.print(table)
    for a in report.ambiguous:
        console.print(
            f"[yellow]«{a.written}» ({a.mentions}×) puede ser {', '.join(a.candidates)}: "
            "no se cuenta para ninguno / could be either: counted for none[/yellow]"
        )


def changes(
    ctx: typer.Context,
    venue: VenueOpt,
    week: WeekOpt = None,
    weeks: Annotated[
        int, typer.Option("--weeks", help="Semanas por periodo / weeks per period.")
    ] = 1,
    lang: LangOpt = "es",
    fmt: FormatOpt = Format.table,
) -> None:
    """Qué cambió esta semana y por qué / what changed this week and why (vs. la anterior)."""
    from sazon.experience import venue_changes

    state: AppState = ctx.obj
    with state.factory() as session:
        report = venue_changes(
            session, venue, week=_day(week), weeks=weeks, lang="en" if lang == "en" else "es"
        )
    if fmt is Format.json:
        emit_json(report.model_dump(mode="json"))
        return
    _print_changes(report)


def _print_changes(report: Any) -> None:
    console.print(
        f"[bold]{report.venue_name}, semana {report.week}[/bold] ({report.since} – "
        f"{report.until}; {report.reviews_now} reseñas frente a {report.reviews_before}; "
        f"{report.rows_tested} filas probadas, q < {report.alpha})"
    )
    if not report.changes:
        console.print("[dim]Nada cambió más allá del azar / nothing moved beyond chance.[/dim]")
        return
    for c in report.changes:
        console.print(f"• {c.summary} (q={c.q_value:.3g}, {c.test})")
        for r in c.reviews:
            console.print(f"    [dim]{r.day}[/dim] «{r.text}»")
