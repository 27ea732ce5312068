"""Store reads: ``sazon status`` and ``sazon guests list``.

Kept apart from the ingest commands so these light reads load SQLAlchemy and the models
only, not pandas and the ingest pipeline (issue #14).
"""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy import func, select

from sazon.cli.output import Format, FormatOpt, emit
from sazon.cli.state import AppState
from sazon.store import (
    Dish,
    Event,
    Feedback,
    Guest,
    Ingredient,
    MarketText,
    QuarantinedRow,
    SocialPost,
    Venue,
    Visit,
    Wine,
)
from sazon.store.guests import count_guests, guest_dict, list_guests

guests_app = typer.Typer(help="Invitados / guests.", no_args_is_help=True)


def status(ctx: typer.Context, fmt: FormatOpt = Format.table) -> None:
    """Cuántas filas hay en cada tabla del almacén."""
    state: AppState = ctx.obj
    models = {
        "venues": Venue,
        "guests": Guest,
        "visits": Visit,
        "feedback": Feedback,
        "dishes": Dish,
        "ingredients": Ingredient,
        "wines": Wine,
        "events": Event,
        "social_posts": SocialPost,
        "market_texts": MarketText,
        "quarantine": QuarantinedRow,
    }
    with state.factory() as session:
        rows = [
            {"tabla": name, "filas": session.scalar(select(func.count()).select_from(m))}
            for name, m in models.items()
        ]
    emit(rows, fmt, title="Almacén Sazón")


@guests_app.command("list")
def guests_list(
    ctx: typer.Context,
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="Name, email or phone.")
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
        guests = [
            guest_dict(g) for g in list_guests(session, search, allergen, language, limit, offset)
        ]
        total = count_guests(session, search, allergen, language)
    if fmt is Format.table:
        cols = ["id", "first_name", "last_name", "email", "phone", "language", "allergies", "diets"]
        emit(
            guests,
            fmt,
            cols,
            title=f"Invitados ({len(guests)} de {total})",
            empty="No hay invitados. Carga algunos con: sazon ingest guests ARCHIVO",
        )
    else:
        emit(guests, fmt)
