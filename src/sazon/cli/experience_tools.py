"""``sazon experience segments | briefing | train``: segments for marketing, the pre-shift
briefing, and retraining the served model."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from sazon.access import ROLES
from sazon.cli.output import console, emit, emit_json, write_file
from sazon.cli.state import AppState
from sazon.errors import InvalidInput


class SegmentFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{option} '{value}' no es una fecha: escribe YYYY-MM-DD / "
                           "write the date as YYYY-MM-DD") from None  # fmt: skip


def segments(
    ctx: typer.Context,
    fmt: Annotated[
        SegmentFormat,
        typer.Option(
            "--format",
            "-f",
            help="table, json, csv or xlsx (csv/xlsx: the guests "
            "who consented to marketing, with their segment).",
        ),
    ] = SegmentFormat.table,
    output: Annotated[
        Path | None, typer.Option(dir_okay=False, help="Write here instead of the screen.")
    ] = None,
    as_of: Annotated[str | None, typer.Option(help="Day of the analysis, YYYY-MM-DD.")] = None,
    k: Annotated[int | None, typer.Option(min=2, max=12, help="Number of segments.")] = None,
    lang: Annotated[str, typer.Option(help="es or en (segment names).")] = "es",
) -> None:
    """Segmentos de invitados para marketing / guest segments for marketing (no health data)."""
    from sazon.experience import marketing_members, members_csv, members_xlsx, segment_guests

    if fmt is SegmentFormat.xlsx and output is None:
        raise InvalidInput("--format xlsx necesita --output ARCHIVO / needs --output FILE")
    state: AppState = ctx.obj
    with state.factory() as session:
        result, assigned = segment_guests(
            session, as_of=_day(as_of, "--as-of"), k=k, lang="en" if lang == "en" else "es"
        )
        members = marketing_members(session, assigned) if fmt in ("csv", "xlsx") else []
    if fmt is SegmentFormat.xlsx:
        assert output is not None
        output.write_bytes(members_xlsx(members, result))
        console.print(f"{len(members)} invitados con consentimiento → {output}")
        return
    if fmt is SegmentFormat.csv:
        text = members_csv(members)
        if output is None:
            sys.stdout.write(text)
        else:
            output.write_text(text, "utf-8")
        return
    if fmt is SegmentFormat.json:
        if output is not None:
            output.write_text(result.model_dump_json(indent=2), "utf-8")
        else:
            emit_json(result.model_dump(mode="json"))
        return
    if result.note:
        console.print(f"[yellow]{result.note}[/yellow]")
    rows = [
        {"id": s.id, "segmento": s.name, "invitados": s.size, "valor S/": f"{s.value_pen:,.2f}",
         "lo que lo define": "; ".join(f"{d.label} {d.mean:g}" for d in s.defining)}
        for s in result.segments
    ]  # fmt: skip
    from sazon.cli.output import Format

    emit(rows, Format.table, title=f"segmentos al {result.as_of} ({result.guests} invitados)")
    if result.stability is not None:
        console.print(
            f"estabilidad (ARI sobre {result.stability.seeds} semillas): media "
            f"{result.stability.ari_mean:.2f}, mínima {result.stability.ari_min:.2f}"
        )


def briefing(
    ctx: typer.Context,
    venue: Annotated[str, typer.Option(help="Venue code or id, e.g. mfl.")],
    day: Annotated[str, typer.Option("--date", help="Service date, YYYY-MM-DD.")],
    service: Annotated[str, typer.Option(help="almuerzo or cena.")] = "cena",
    role: Annotated[
        str,
        typer.Option(help="Who reads it: restrictions only for admin/planner/coordinator/staff."),
    ] = "staff",
    lang: Annotated[str, typer.Option(help="es or en.")] = "es",
    json_out: Annotated[bool, typer.Option("--json", help="The whole briefing as JSON.")] = False,
    pdf: Annotated[
        Path | None, typer.Option("--pdf", help="Also write it as a printable A4 PDF here.")
    ] = None,
) -> None:
    """Briefing de pre-turno / the pre-shift briefing for a venue's lunch or dinner."""
    from sazon.experience import briefing_pdf, build_briefing

    if service not in ("almuerzo", "cena"):
        raise InvalidInput(f"--service '{service}': usa almuerzo o cena / use almuerzo or cena")
    if role not in ROLES:
        raise InvalidInput(f"--role '{role}': usa uno de {', '.join(ROLES)}")
    when = _day(day, "--date")
    assert when is not None
    state: AppState = ctx.obj
    with state.factory() as session:
        result = build_briefing(session, venue, when, service, role=role,  # type: ignore[arg-type]
                                lang="en" if lang == "en" else "es", kb=state.kb)  # fmt: skip
    if pdf is not None:
        write_file(pdf, briefing_pdf(result, "en" if lang == "en" else "es"), "--pdf")
    if json_out:
        emit_json(result.model_dump(mode="json"))
    else:
        console.print(result.briefing.text, markup=False, highlight=False)


def train(ctx: typer.Context) -> None:
    """Reentrena y activa los modelos servidos / retrain, register and activate the served
    models: the item model and each venue's return model."""
    from sazon.experience import train_items, train_returns

    state: AppState = ctx.obj
    with state.factory() as session:
        items = train_items(session, state.settings)
        trained = [(items.name, items.version, items.metrics)]
        trained += [(r.name, r.version, r.metrics) for r in train_returns(session, state.settings)]
    for name, version, metrics in trained:
        shown = ", ".join(f"{k}={v:.4g}" for k, v in metrics.items())
        console.print(f"{name} {version} activo / active: {shown}")
