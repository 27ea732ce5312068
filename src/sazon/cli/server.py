"""Users (API keys) and the HTTP server."""

from __future__ import annotations

import copy
import gc
from typing import Annotated, Any

import typer

from sazon.access import ROLES, create_key, list_keys, revoke_key
from sazon.cli.output import Format, console, emit, emit_json
from sazon.cli.state import AppState
from sazon.errors import InvalidInput
from sazon.store import transaction

users_app = typer.Typer(help="Usuarios y claves de API / users and API keys.", no_args_is_help=True)
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table, json or csv.")]


@users_app.command("create-key")
def create_key_cmd(
    ctx: typer.Context,
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(ROLES)}.")],
    name: Annotated[str | None, typer.Option(help="Who or what uses the key.")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Crea una clave de API; se muestra una sola vez."""
    state: AppState = ctx.obj
    if role not in ROLES:
        raise InvalidInput(f"unknown role '{role}': use one of {', '.join(ROLES)}")
    with transaction(state.factory) as session:
        key, row = create_key(session, role, name)
    if fmt is Format.json:
        emit_json({"key": key, "role": row.role, "id": row.id, "name": row.name})
    else:
        console.print(f"Clave para [bold]{row.name}[/bold] ({row.role}), guárdala ahora:")
        console.print(key, markup=False, highlight=False)


@users_app.command("list")
def list_cmd(ctx: typer.Context, fmt: FormatOpt = Format.table) -> None:
    """Lista las claves (nunca las claves en sí)."""
    state: AppState = ctx.obj
    with state.factory() as session:
        emit(list_keys(session), fmt, title="Claves de API", empty="No hay claves todavía.")


@users_app.command("revoke")
def revoke_cmd(ctx: typer.Context, key_id: int) -> None:
    """Revoca una clave."""
    state: AppState = ctx.obj
    with transaction(state.factory) as session:
        revoke_key(session, key_id)
    console.print(f"Clave {key_id} revocada.")


def log_config() -> dict[str, Any]:
    """uvicorn's logging, with its access log replaced by Sazón's (``sazon.access``).

    uvicorn's access line holds the raw path and query string (emails, phones, allergens);
    Sazón's middleware logs the route template instead, through the same kind of handler.
    """
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    # A plain formatter with uvicorn's look ("INFO:     ..."): uvicorn's own copies each record
    # and works out colours for it, a good part of the line's cost on every request.
    config["formatters"]["sazon_access"] = {"format": "%(levelname)s:     %(message)s"}
    config["handlers"]["sazon_access"] = {
        "formatter": "sazon_access",
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stdout",
    }
    config["loggers"]["sazon.access"] = {
        "handlers": ["sazon_access"],
        "level": "INFO",
        "propagate": False,
    }
    return config


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    worker: Annotated[
        bool,
        typer.Option(
            "--worker/--no-worker",
            help="Also run the bus processors in this process (one command for the demo).",
        ),
    ] = False,
) -> None:
    """Sirve la API y la aplicación web con uvicorn."""
    import uvicorn

    from sazon.api import create_app
    from sazon.cli.bus import BackgroundWorker

    state: AppState = ctx.obj
    app = create_app(state.settings)
    # The modules and data loaded so far live as long as the process: keep them out of the
    # garbage collector's full passes, which otherwise rescan them under load.
    gc.freeze()
    background = BackgroundWorker(state.settings) if worker else None
    if background is not None:
        background.start()
    try:
        uvicorn.run(
            app,
            host=host,
            port=port,
            log_level="info",
            log_config=log_config(),
            access_log=False,
            proxy_headers=False,
        )
    finally:
        if background is not None:
            background.stop()
