"""Guests in the store and a guest's rights: ``sazon guests list|show|export|erase``.

Kept apart from the ingest commands so these light reads load SQLAlchemy and the models
only, not pandas and the ingest pipeline; export and erase import the access layer (and
every tool's holders) when they run, not when ``guests list`` does (issue #14).
"""

from __future__ import annotations

from typing import Annotated

import typer

from sazon.cli.output import Format, FormatOpt, console, emit, emit_json
from sazon.cli.state import AppState
from sazon.errors import NotFound
from sazon.phones import phone_display
from sazon.store.guests import guest_dict, live_guest, search_guests

guests_app = typer.Typer(help="Invitados / guests.", no_args_is_help=True)


@guests_app.command("list")
def guests_list(
    ctx: typer.Context,
    search: Annotated[
        str | None,
        typer.Option("--search", "-s", help="Names, email or phone; any order, accents ignored."),
    ] = None,
    allergen: Annotated[str | None, typer.Option(help="Only guests with this allergen.")] = None,
    language: Annotated[str | None, typer.Option(help="es or en.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    fmt: FormatOpt = Format.table,
) -> None:
    """Lista invitados (JSON: una lista de objetos invitado)."""
    state: AppState = ctx.obj
    with state.factory() as session:
        found = search_guests(
            session, search, allergen=allergen, language=language, limit=limit, offset=offset
        )
        guests, total = [guest_dict(g) for g in found.items], found.total
    if fmt is Format.table:
        cols = ["id", "first_name", "last_name", "email", "phone", "language", "allergies", "diets"]
        # Grouped for reading; JSON and CSV keep the stored digits.
        emit(
            [{**g, "phone": phone_display(g["phone"])} for g in guests],
            fmt,
            cols,
            title=f"Invitados ({len(guests)} de {total})",
            empty="No hay invitados. Carga algunos con: sazon ingest guests ARCHIVO",
        )
    else:
        emit(guests, fmt)


@guests_app.command("show")
def guests_show(
    ctx: typer.Context,
    guest_id: Annotated[int, typer.Argument(help="Id del invitado.")],
    fmt: FormatOpt = Format.table,
) -> None:
    """Muestra un invitado y lo que queda por revisar (JSON: un objeto invitado)."""
    state: AppState = ctx.obj
    with state.factory() as session:
        guest = live_guest(session, guest_id)
        if guest is None:
            raise NotFound(f"no hay invitado {guest_id} / no guest {guest_id}")
        data = guest_dict(guest)
    if fmt is Format.json:
        emit_json(data)
        return
    if fmt is not Format.table:
        emit([data], fmt)
        return
    shown = {k: ", ".join(map(str, v)) if isinstance(v, list) else v for k, v in data.items()}
    shown["phone"] = phone_display(data["phone"])
    emit([{"campo": k, "valor": v} for k, v in shown.items()], fmt, title=f"Invitado {guest_id}")
    if data["review_fields"]:
        console.print(
            f"Por revisar / to review: {', '.join(data['review_fields'])} "
            "(no se pudieron leer; ver `sazon quarantine list`)"
        )
    for other in data["possible_duplicate_of"]:
        console.print(
            f"Posible duplicado de / possible duplicate of: {other} (`sazon guests show {other}`)"
        )


def load_holders() -> None:
    """Export and erase cover every tool's copies of a guest; each tool registers them when it
    is imported. Imported here, not at the top: ``sazon status`` needs no tool."""
    import sazon.events  # noqa: F401


@guests_app.command("export")
def guests_export(ctx: typer.Context, guest_id: int) -> None:
    """Todo lo que se guarda de un invitado (Ley 29733), en JSON, y qué haría el borrado."""
    from sazon.access import export_guest
    from sazon.store import transaction

    state: AppState = ctx.obj
    load_holders()
    with transaction(state.factory) as session:
        data = export_guest(session, guest_id, detail="cli")
    emit_json(data)


@guests_app.command("erase")
def guests_erase(
    ctx: typer.Context,
    guest_id: int,
    fmt: FormatOpt = Format.table,
) -> None:
    """Borra los datos personales de un invitado en todo el almacén (Ley 29733)."""
    from sazon.access import erase_and_clear

    state: AppState = ctx.obj
    load_holders()
    with state.factory() as session:
        done = erase_and_clear(session, guest_id)
    removed, storage = done["removed"], done["storage"]
    if fmt is Format.json:
        emit_json(done)
        return
    emit(
        [{"dato": kind, "elementos": n} for kind, n in removed.items() if n],
        Format.table,
        title=f"Invitado {guest_id} borrado",
    )
    if not storage["done"]:
        console.print(
            "[yellow]El almacén no pudo limpiar aún el espacio liberado[/yellow] "
            f"({storage['step']}); se hará en la próxima limpieza / freed space not yet cleared."
        )
