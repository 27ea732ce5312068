"""``sazon events``: plan menus from files, or events in the store, and invite guests."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import BaseModel, ValidationError

from sazon.cli.output import Format, console, emit, emit_json, write_file
from sazon.cli.plan_output import PLAN_STATUS, show_plan
from sazon.cli.state import AppState
from sazon.errors import InvalidInput
from sazon.events import (
    MAX_BUDGET,
    EventCreate,
    Lang,
    PlanOptions,
    WineMode,
    create_event,
    default_generator,
    default_matcher,
    event_dict,
    event_guest_file,
    event_guest_rows,
    in_cents,
    in_words,
    invite_guests,
    list_events,
    make_link,
    names_for,
    plan_event,
    plan_from_files,
)
from sazon.money import parse_soles
from sazon.phones import phone_display
from sazon.store import transaction

app = typer.Typer(help="Planificador de eventos / event planner.", no_args_is_help=True)
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table, json or csv.")]
LangOpt = Annotated[str, typer.Option("--lang", help="es or en (reasons and names).")]
MAX_COURSES = 12  # as PlanRequest and EventCreate take
#: The option to name when a model refuses one of its fields.
OPTIONS = {
    "courses": "--courses",
    "budget_per_guest": "--budget-per-guest",
    "budget_per_guest_pen": "--budget-per-guest",
    "max_dishes_per_course": "--max-dishes-per-course",
    "time_limit_s": "--time-limit",
    "drinks_budget_per_guest_pen": "--drinks-budget-per-guest",
    "starts_at": "--starts-at",
    "name": "--name",
    "event_type": "--type",
    "venue_id": "--venue-id",
    "capacity": "--capacity",
}
M = TypeVar("M", bound=BaseModel)
# An event's and an answer's status in words in the tables (codes stay in --format json).
EVENT_STATUS = {"draft": "borrador", "planning": "en planificación", "confirmed": "confirmado",
                "completed": "realizado", "cancelled": "cancelado"}  # fmt: skip
RSVP_STATUS = {
    "invited": "sin responder", "confirmed": "asistirán", "declined": "no asistirán",
    "cancelled": "quitados de la lista", "attended": "asistieron", "no_show": "no se presentaron",
}  # fmt: skip


def _lang(value: str) -> Lang:
    if value == "es":
        return "es"
    if value == "en":
        return "en"
    raise InvalidInput(f"--lang must be es or en, not '{value}'")


def _budget(value: str | None, option: str = "--budget-per-guest") -> Decimal | None:
    if value is None:
        return None
    try:
        amount = parse_soles(value, at_most=MAX_BUDGET)
    except ValueError as exc:
        raise InvalidInput(f"{option}: {exc}") from None
    try:
        return in_cents(amount)  # the event's own rule: cents, at least S/ 0.01
    except ValueError:
        raise InvalidInput(f"{option} must be at least S/ 0.01, not '{value}'") from None


def _course_list(value: str) -> list[str]:
    names = [c.strip() for c in value.split(",") if c.strip()]
    if not names:
        raise InvalidInput("--courses: give at least one course, e.g. entrada,fondo,postre")
    if len(names) > MAX_COURSES:
        raise InvalidInput(f"--courses: give at most {MAX_COURSES} courses, not {len(names)}")
    return names


def _option_error(exc: ValidationError) -> InvalidInput:
    """A field a model refused, as an input error naming the option that gave it."""
    first = exc.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else ""
    message = str(first["msg"]).removeprefix("Value error, ")
    return InvalidInput(f"{OPTIONS.get(field, field)}: {message}")


def _checked(model: type[M], **fields: Any) -> M:
    """Build a model from options; a field it refuses is an input error naming the option."""
    try:
        return model(**fields)
    except ValidationError as exc:
        raise _option_error(exc) from None


def _wine_mode(value: str | None) -> WineMode | None:
    if value is None:
        return None
    if value == "flight":
        return "flight"
    if value in ("per_course", "per-course"):
        return "per_course"
    raise InvalidInput(f"--wine-mode must be flight or per_course, not '{value}'")


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
    wines: Annotated[
        Path | None, typer.Option("--wines", help="Wine list (pairing's CSV) for a flight.")
    ] = None,
    concept: Annotated[
        bool, typer.Option("--concept", help="Write the event concept (files).")
    ] = False,
    event_type: Annotated[
        str | None, typer.Option("--event-type", help="cena, cata, maridaje… (files).")
    ] = None,
    wine_mode: Annotated[
        str | None, typer.Option("--wine-mode", help="flight or per_course.")
    ] = None,
    drinks_budget: Annotated[
        str | None, typer.Option("--drinks-budget-per-guest", help="Soles per guest, wines.")
    ] = None,
    lang: LangOpt = "es",
    fmt: FormatOpt = Format.table,
) -> None:
    """Planifica el menú: desde archivos (--guests, --menu, --courses) o un evento guardado.

    Un evento guardado sale con su maridaje (de la carta de vinos de su local) y su concepto;
    desde archivos, --wines FILE agrega el maridaje y --concept el concepto.
    """
    state: AppState = ctx.obj
    language = _lang(lang)
    mode = _wine_mode(wine_mode)
    drinks = _budget(drinks_budget, "--drinks-budget-per-guest")
    if event_id is not None:
        if guests or menu or wines:
            raise InvalidInput("give an event id or --guests/--menu/--wines files, not both")
        options = _checked(
            PlanOptions, max_dishes_per_course=max_dishes, time_limit_s=time_limit,
            lang=language, wine_mode=mode, drinks_budget_per_guest_pen=drinks,
        )  # fmt: skip
        with transaction(state.factory) as session:
            result = plan_event(
                session, state.kb, event_id, options, actor="cli",
                matcher=default_matcher(state.settings),
                generator=default_generator(state.settings),
            )  # fmt: skip
            extra = {"plan_id": result.row.id, "version": result.row.version,
                     "diff": result.diff.model_dump(mode="json")}  # fmt: skip
        show_plan(result.plan, fmt, extra)
        return
    if guests is None or menu is None or not courses:
        raise InvalidInput("give --guests FILE --menu FILE --courses entrada,fondo,postre")
    try:
        plan = plan_from_files(
            guests, menu, _course_list(courses), state.kb,
            matcher=default_matcher(state.settings), budget_per_guest=_budget(budget_per_guest),
            max_dishes_per_course=max_dishes or 3, lang=language, time_limit_s=time_limit,
            wines=wines, concept=concept, event_type=event_type, wine_mode=mode,
            drinks_budget_per_guest=drinks,
            generator=default_generator(state.settings) if concept else None,
            max_file_mb=state.settings.ingest.max_file_mb, wine_limits=state.settings.pairing,
        )  # fmt: skip
    except ValidationError as exc:
        raise _option_error(exc) from None
    show_plan(plan, fmt)


def event_row(r: dict[str, Any]) -> dict[str, str]:
    """An event as a row of the table: headers and statuses in words, the start in Lima."""
    plan = r["plan"]
    return {
        "id": str(r["id"]), "Evento": r["name"], "Tipo": r["event_type"],
        "Fecha (Lima)": datetime.fromisoformat(r["starts_at"]).strftime("%d/%m/%Y %H:%M"),
        "Local": r["venue"] or "", "Estado": EVENT_STATUS.get(r["status"], r["status"]),
        "Invitaciones": ", ".join(f"{RSVP_STATUS.get(k, k)}: {v}"
                                  for k, v in r["invitations"].items()),
        "Plan": f"v{plan['version']} {PLAN_STATUS.get(plan['status'], plan['status'])}"
        if plan else "",
    }  # fmt: skip


@app.command("list")
def list_cmd(ctx: typer.Context, fmt: FormatOpt = Format.table) -> None:
    """Lista los eventos."""
    state: AppState = ctx.obj
    with state.factory() as session:
        rows = [event_dict(session, e) for e in list_events(session)]
    if fmt is Format.table:
        emit([event_row(r) for r in rows], fmt, title="Eventos", empty="No hay eventos.")
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
    budget = _budget(budget_per_guest)
    data = _checked(
        EventCreate, name=name, event_type=event_type, starts_at=when, venue_id=venue_id,
        capacity=capacity, budget_per_guest_pen=budget, courses=courses.split(","),
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
    from sazon.access import signing_secret

    state: AppState = ctx.obj
    with transaction(state.factory) as session:
        created = invite_guests(session, event_id, guest_ids)
        names = names_for(session, [str(inv.guest_id) for inv in created])
        rows = []
        for inv in created:
            row: dict[str, Any] = {"invitation_id": inv.id, "guest_id": inv.guest_id}
            if fmt is Format.table:  # people read names; JSON and CSV keep the ids alone
                row = {"invitado": names.get(str(inv.guest_id), inv.guest_id), **row}
            if base_url:
                token = make_link(session, signing_secret(state.settings), inv.id)
                row["rsvp"] = f"{base_url.rstrip('/')}/rsvp/{token}"
            rows.append(row)
    emit(rows, fmt, title=f"Invitaciones nuevas ({len(rows)})", empty="Nadie nuevo que invitar.")


@app.command("guests")
def guests_cmd(
    ctx: typer.Context,
    event_id: Annotated[int, typer.Argument()],
    export: Annotated[
        Path | None,
        typer.Option("--export", "-o", help="Write the list to FILE.csv or FILE.xlsx."),
    ] = None,
    lang: LangOpt = "es",
    fmt: FormatOpt = Format.table,
) -> None:
    """Los invitados de un evento, con su respuesta y sus restricciones (--export: CSV o Excel,
    fórmulas neutralizadas y teléfonos tal cual)."""
    state: AppState = ctx.obj
    language = _lang(lang)
    if export is not None:
        kind = export.suffix.lower().lstrip(".")
        if kind not in ("csv", "xlsx"):
            raise InvalidInput(f"--export: name a .csv or .xlsx file, not '{export.name}'")
        with transaction(state.factory) as session:
            file = event_guest_file(session, state.kb, event_id, None, kind, lang=language,
                                    face="cli")  # fmt: skip
        write_file(export, file.content, "--export")
        console.print(f"{export}: {file.rows} invitados / guests")
        return
    with transaction(state.factory) as session:
        rows = event_guest_rows(session, state.kb, event_id, None, lang=language, face="cli")
    if fmt is not Format.table:
        emit(rows, fmt)  # ids and status codes, for programs
        return
    headers, shown = in_words(rows, language)
    # Who, how to reach them, their answer and what they cannot eat: what fits a terminal
    # (the export has every column; the phone grouped for reading, stored digits there).
    first, last, phone, answer = headers[0], headers[1], headers[3], headers[5]
    health = headers[7:8]
    name = "Invitado" if language == "es" else "Guest"
    table = [
        {name: f"{r[first] or ''} {r[last] or ''}".strip(), phone: phone_display(r[phone]),
         answer: r[answer], **{h: r[h] for h in health}}
        for r in shown
    ]  # fmt: skip
    title = f"Invitados del evento {event_id} ({len(rows)})"
    emit(table, fmt, [name, phone, answer, *health], title=title, empty="Nadie invitado todavía.")


@app.command("sheet")
def sheet_cmd(
    ctx: typer.Context,
    event_id: Annotated[int, typer.Argument(help="An event with a plan.")],
    sheet: Annotated[str, typer.Argument(help="kitchen (hoja de cocina) or menu-card (carta).")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="The PDF file (default: its own name).")
    ] = None,
    lang: LangOpt = "es",
) -> None:
    """Guarda la hoja de cocina o la carta del menú del último plan como PDF (Chromium)."""
    from sazon.web import sheet_pdf

    state: AppState = ctx.obj
    if sheet not in ("kitchen", "menu-card"):
        raise InvalidInput(f"the sheet is kitchen or menu-card, not '{sheet}'")
    pdf = sheet_pdf(state.factory, event_id, sheet, _lang(lang), where="cli")
    path = out or Path(pdf.filename)
    write_file(path, pdf.body, "--out")
    console.print(f"{path} ({len(pdf.body) // 1024} KB)")


@app.command("cancel")
def cancel_cmd(
    ctx: typer.Context,
    event_id: Annotated[int, typer.Argument()],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    past_ok: Annotated[
        bool, typer.Option("--past-ok", help="Cancel even though its date has passed.")
    ] = False,
) -> None:
    """Cancela un evento: queda registrado, sus enlaces de RSVP se cierran y su plan ya no
    cambia. Pide confirmación (y avisa si la fecha ya pasó)."""
    from sazon.events import cancel_event, get_event, is_past

    state: AppState = ctx.obj
    with state.factory() as session:
        event = get_event(session, event_id)
        name, past, status = event.name, is_past(event), event.status
        when = event_dict(session, event)["starts_at"][:16].replace("T", " ")
    if status == "cancelled":
        console.print(f"El evento {event_id} ({name}) ya estaba cancelado.")
        return
    if past:
        console.print(
            f"[bold]Atención:[/bold] la fecha de «{name}» ({when}) ya pasó. Si el evento se "
            "realizó, no lo canceles: márcalo como realizado."
        )
    if not yes:
        typer.confirm(f"¿Cancelar el evento {event_id} «{name}»?", abort=True)
        past_ok = past_ok or past  # the question came after the warning
    with transaction(state.factory) as session:
        cancel_event(session, event_id, None, past_ok=past_ok, detail="cli")
    console.print(f"Evento {event_id} cancelado: {name}.")
