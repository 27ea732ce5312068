"""``sazon events``: plan menus from files, or events in the store, and invite guests."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

import typer

from sazon.cli.output import Format, console, emit, emit_json
from sazon.cli.state import AppState
from sazon.errors import InvalidInput
from sazon.events import (
    EventCreate,
    Plan,
    PlanOptions,
    PlanRequest,
    create_event,
    default_matcher,
    event_dict,
    invite_guests,
    list_events,
    make_link,
    plan_event,
    plan_menu,
    read_guests,
    read_menu,
)
from sazon.store import transaction

app = typer.Typer(help="Planificador de eventos / event planner.", no_args_is_help=True)
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table, json or csv.")]
LangOpt = Annotated[str, typer.Option("--lang", help="es or en (reasons and names).")]


def _lang(value: str) -> str:
    if value not in ("es", "en"):
        raise InvalidInput(f"--lang must be es or en, not '{value}'")
    return value


def _budget(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(value.replace("S/", "").replace(",", "").strip())
    except InvalidOperation:
        raise InvalidInput(
            f"--budget-per-guest must be an amount in soles, not '{value}'"
        ) from None
    if amount <= 0:
        raise InvalidInput("--budget-per-guest must be more than 0")
    return amount


def _show(plan: Plan, fmt: Format, extra: dict[str, Any] | None = None) -> None:
    if fmt is Format.json:
        emit_json({**plan.model_dump(mode="json"), **(extra or {})})
        return
    if fmt is Format.csv:
        rows: list[dict[str, Any]] = [
            {"guest_id": a.guest_id, "course": a.course, "dish_id": a.dish_id, "reason": a.reason}
            for a in plan.assignments
        ]
        rows += [
            {"guest_id": u.guest_id, "course": u.course, "dish_id": "", "reason": u.reason}
            for u in plan.unserved
        ]
        emit(rows, fmt, ["guest_id", "course", "dish_id", "reason"])
        return
    names = {a.dish_id: a.dish_name for a in plan.assignments}
    proven = "óptimo demostrado" if plan.proven_optimal else "no demostrado óptimo"
    console.print(f"[bold]Plan {plan.status}[/bold] ({proven}, {plan.solve_seconds:.2f} s)")
    emit(
        [
            {
                "tiempo": course,
                "mesa": names.get(dish or "", dish or "—"),
                "cocina": ", ".join(f"{names.get(d, d)} ×{n}" for d, n in counts.items()),
            }
            for course, dish in plan.table_menu.items()
            for counts in [plan.kitchen_counts.get(course, {})]
        ],
        Format.table,
        title="Menú",
    )
    subs = [a for a in plan.assignments if a.substitution]
    if subs:
        emit(
            [
                {
                    "invitado": a.guest_id,
                    "tiempo": a.course,
                    "plato": a.dish_name,
                    "motivo": a.reason,
                }
                for a in subs
            ],
            Format.table,
            title="Sustituciones",
        )
    if plan.unserved:
        emit(
            [
                {"invitado": u.guest_id, "tiempo": u.course, "motivo": u.reason}
                for u in plan.unserved
            ],
            Format.table,
            title="Sin plato",
        )
    for w in plan.warnings:
        console.print(f"[yellow]•[/yellow] {w}")


@app.command("plan")
def plan_cmd(
    ctx: typer.Context,
    event_id: Annotated[int | None, typer.Argument(help="An event in the store.")] = None,
    guests: Annotated[Path | None, typer.Option("--guests", help="Guests file.")] = None,
    menu: Annotated[Path | None, typer.Option("--menu", help="Menu file.")] = None,
    courses: Annotated[
        str | None, typer.Option("--courses", help="e.g. entrada,fondo,postre")
    ] = None,
    budget_per_guest: Annotated[
        str | None, typer.Option("--budget-per-guest", help="Soles per guest.")
    ] = None,
    max_dishes: Annotated[
        int | None,
        typer.Option("--max-dishes-per-course", min=1, max=50, help="Kitchen limit K."),
    ] = None,
    time_limit: Annotated[float, typer.Option("--time-limit", min=0.1, max=600)] = 10.0,
    lang: LangOpt = "es",
    fmt: FormatOpt = Format.table,
) -> None:
    """Planifica el menú: desde archivos (--guests, --menu, --courses) o un evento guardado."""
    state: AppState = ctx.obj
    language = _lang(lang)
    if event_id is not None:
        if guests or menu:
            raise InvalidInput("give an event id or --guests/--menu files, not both")
        options = PlanOptions(
            max_dishes_per_course=max_dishes, time_limit_s=time_limit, lang=language
        )
        with transaction(state.factory) as session:
            result = plan_event(
                session, state.kb, event_id, options, actor="cli",
                matcher=default_matcher(state.settings),
            )  # fmt: skip
            extra = {"plan_id": result.row.id, "version": result.row.version,
                     "diff": result.diff.model_dump(mode="json")}  # fmt: skip
        _show(result.plan, fmt, extra)
        return
    if guests is None or menu is None or not courses:
        raise InvalidInput("give --guests FILE --menu FILE --courses entrada,fondo,postre")
    dishes, notes = read_menu(menu, state.kb, language)
    request = PlanRequest(
        guests=read_guests(guests),
        menu=dishes,
        courses=[c.strip() for c in courses.split(",")],
        budget_per_guest=_budget(budget_per_guest),
        max_dishes_per_course=max_dishes or 3,
        lang=language,
        time_limit_s=time_limit,
    )
    unknown = [c for c in request.courses if c not in {d.course for d in dishes}]
    if len(unknown) == len(request.courses):
        raise InvalidInput(
            f"the menu has none of the courses {', '.join(request.courses)}: check --courses"
        )
    plan = plan_menu(request, state.kb, default_matcher(state.settings))
    plan.warnings = [*notes, *plan.warnings]
    _show(plan, fmt)


@app.command("list")
def list_cmd(ctx: typer.Context, fmt: FormatOpt = Format.table) -> None:
    """Lista los eventos."""
    state: AppState = ctx.obj
    with state.factory() as session:
        rows = [event_dict(session, e) for e in list_events(session)]
    if fmt is Format.table:
        rows = [
            {**r, "invitations": ", ".join(f"{k}: {v}" for k, v in r["invitations"].items()),
             "plan": f"v{r['plan']['version']} {r['plan']['status']}" if r["plan"] else ""}
            for r in rows
        ]  # fmt: skip
        cols = ["id", "name", "event_type", "starts_at", "venue", "status", "invitations", "plan"]
        emit(rows, fmt, cols, title="Eventos", empty="No hay eventos.")
    else:
        emit(rows, fmt)


@app.command("create")
def create_cmd(
    ctx: typer.Context,
    name: Annotated[str, typer.Option(help="Event name.")],
    starts_at: Annotated[str, typer.Option("--starts-at", help="YYYY-MM-DDTHH:MM (Lima).")],
    event_type: Annotated[str, typer.Option("--type", help="cena, cata, maridaje…")] = "cena",
    venue_id: Annotated[int | None, typer.Option("--venue-id")] = None,
    capacity: Annotated[int | None, typer.Option(min=1)] = None,
    budget_per_guest: Annotated[str | None, typer.Option("--budget-per-guest")] = None,
    courses: Annotated[
        str, typer.Option(help="e.g. entrada,fondo,postre")
    ] = "entrada,fondo,postre",
    fmt: FormatOpt = Format.table,
) -> None:
    """Crea un evento."""
    state: AppState = ctx.obj
    from datetime import datetime

    try:
        when = datetime.fromisoformat(starts_at)
    except ValueError:
        raise InvalidInput(
            f"--starts-at must be like 2026-12-12T20:00, not '{starts_at}'"
        ) from None
    data = EventCreate(
        name=name, event_type=event_type, starts_at=when, venue_id=venue_id, capacity=capacity,
        budget_per_guest_pen=_budget(budget_per_guest), courses=courses.split(","),
    )  # fmt: skip
    with transaction(state.factory) as session:
        event = create_event(session, data)
        out = event_dict(session, event)
    if fmt is Format.json:
        emit_json(out)
    else:
        console.print(f"Evento {out['id']} creado: {out['name']} ({out['starts_at']}).")


@app.command("invite")
def invite_cmd(
    ctx: typer.Context,
    event_id: Annotated[int, typer.Argument()],
    guest_ids: Annotated[list[int], typer.Argument(help="Guest ids.")],
    base_url: Annotated[
        str | None, typer.Option(help="Print RSVP links under this address.")
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Invita invitados a un evento (y muestra sus enlaces de RSVP con --base-url)."""
    from sazon.api.app import _secret

    state: AppState = ctx.obj
    with transaction(state.factory) as session:
        created = invite_guests(session, event_id, guest_ids)
        rows = []
        for inv in created:
            row: dict[str, Any] = {"invitation_id": inv.id, "guest_id": inv.guest_id}
            if base_url:
                token = make_link(session, _secret(state.settings), inv.id)
                row["rsvp"] = f"{base_url.rstrip('/')}/rsvp/{token}"
            rows.append(row)
    emit(rows, fmt, title=f"Invitaciones nuevas ({len(rows)})", empty="Nadie nuevo que invitar.")
