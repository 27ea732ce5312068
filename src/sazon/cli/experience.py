"""``sazon experience``: what to offer each guest (and, as the tool grows, the rest of it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from sazon.cli.experience_feedback import changes, dishes
from sazon.cli.experience_returns import returns
from sazon.cli.experience_tools import briefing, segments, train
from sazon.cli.output import Format, FormatOpt, console, emit_json
from sazon.cli.state import AppState
from sazon.errors import InvalidInput

app = typer.Typer(help="Experiencia del invitado / guest experience.", no_args_is_help=True)
app.command("returns")(returns)
app.command("dishes")(dishes)
app.command("changes")(changes)
app.command("segments")(segments)
app.command("briefing")(briefing)
app.command("train")(train)

FileOpt = Annotated[Path | None, typer.Option(dir_okay=False)]


def _state(ctx: typer.Context) -> AppState:
    state: AppState = ctx.obj
    return state


def _from_files(
    state: AppState, interactions: Path, guests: Path | None, items: Path | None, top: int
) -> dict[str, list[str]]:
    from sazon.experience import HybridRecommender, read_data

    data = read_data(interactions, guests, items, max_mb=state.settings.ingest.max_file_mb)
    return HybridRecommender().fit(data).recommend(data, top=top)


def _print_guest(recs: Any) -> None:
    for title, rows in (("favoritos", recs.favourites), ("platos", recs.dishes),
                        ("vinos", recs.wines)):  # fmt: skip
        table = Table(title=title, title_justify="left")
        for col in ("código", "nombre", "S/", "por qué"):
            table.add_column(col, overflow="fold")
        for s in rows:
            price = f"{s.price_pen:.2f}" if s.price_pen is not None else ""
            table.add_row(s.code, s.name, price, s.reason)
        console.print(table)
    for note in recs.notes:
        console.print(f"[yellow]{note}[/yellow]")


@app.command("recommend")
def recommend_cmd(
    ctx: typer.Context,
    interactions: Annotated[
        Path | None,
        typer.Option(
            dir_okay=False,
            help="CSV guest_id,item_id[,rating][,timestamp]: recommend for every guest in it.",
        ),
    ] = None,
    guest_features: Annotated[
        Path | None,
        typer.Option(dir_okay=False, help="CSV keyed by guest_id (first column), any columns."),
    ] = None,
    item_features: Annotated[
        Path | None,
        typer.Option(dir_okay=False, help="CSV keyed by item_id (first column), any columns."),
    ] = None,
    guest: Annotated[
        int | None, typer.Option("--guest", min=1, help="A guest of the store (by id).")
    ] = None,
    venue: Annotated[str | None, typer.Option(help="Venue code or id (with --guest).")] = None,
    top: Annotated[int, typer.Option(min=1, max=100, help="How many items per guest.")] = 10,
    lang: Annotated[str, typer.Option(help="es or en (reasons, with --guest).")] = "es",
    fmt: FormatOpt = Format.table,
) -> None:
    """Recomendaciones / recommendations: from an interactions file, or for a store guest."""
    state = _state(ctx)
    if (interactions is None) == (guest is None):
        raise InvalidInput(
            "indica --interactions ARCHIVO o --guest ID (uno de los dos) / give either "
            "--interactions FILE or --guest ID"
        )
    if interactions is None and (guest_features or item_features):
        raise InvalidInput(
            "--guest-features e --item-features van con --interactions / go with --interactions"
        )
    if interactions is not None:
        ranked = _from_files(state, interactions, guest_features, item_features, top)
        if fmt is Format.json:
            emit_json(ranked)
            return
        table = Table(title="recomendaciones / recommendations", title_justify="left")
        table.add_column("guest_id")
        table.add_column("items", overflow="fold")
        for g, items in ranked.items():
            table.add_row(g, ", ".join(items))
        console.print(table)
        return
    from sazon.experience import recommend_for_guest

    assert guest is not None
    with state.factory() as session:
        recs = recommend_for_guest(
            session, guest, venue=venue, top=top, lang="en" if lang == "en" else "es"
        )
        session.commit()
    if fmt is Format.json:
        emit_json(recs.model_dump(mode="json"))
    else:
        _print_guest(recs)
