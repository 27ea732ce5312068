"""The ``sazon`` command line. Thin: parse, call one function, print."""

from __future__ import annotations

import sys
import traceback
from typing import Annotated

import typer

from sazon.cli import bus as bus_cmds
from sazon.cli import data as data_cmds
from sazon.cli import events as events_cmds
from sazon.cli import generate as generate_cmds
from sazon.cli import knowledge as knowledge_cmds
from sazon.cli import pairing as pairing_cmds
from sazon.cli import server as server_cmds
from sazon.cli import text as text_cmds
from sazon.cli.output import err_console
from sazon.cli.state import AppState
from sazon.config import load_settings
from sazon.errors import SazonError
from sazon.store.db import store_busy

app = typer.Typer(
    name="sazon",
    help="Sazón: IA para la hospitalidad peruana / AI tools for Peruvian hospitality.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _root(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    state = AppState(settings=load_settings(), debug=debug)
    ctx.obj = state
    ctx.call_on_close(state.close)


data_cmds.register(app)
app.add_typer(knowledge_cmds.app, name="knowledge")
app.add_typer(data_cmds.quarantine_app, name="quarantine")
app.add_typer(data_cmds.guests_app, name="guests")
app.add_typer(server_cmds.users_app, name="users")
app.command("serve")(server_cmds.serve)
app.command("worker")(bus_cmds.worker)
app.add_typer(bus_cmds.bus_app, name="bus")
app.add_typer(events_cmds.app, name="events")
app.add_typer(pairing_cmds.app, name="pairing")
app.add_typer(text_cmds.app, name="text")
app.add_typer(generate_cmds.app, name="generate")


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (0 ok, 1 user error, 2 usage, 3 dependency)."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        app(args=args, standalone_mode=False, prog_name="sazon")
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        err_console.print("cancelado / aborted")
        return 1
    except typer.TyperException as exc:  # usage errors: a missing option, a bad value…
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            print(f"error: {exc.format_message()}", file=sys.stderr)
        return int(exc.exit_code)
    except SazonError as exc:
        if debug:
            traceback.print_exc()
        print(f"error: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:
        if debug:
            traceback.print_exc()
        busy = store_busy(exc)
        if busy is not None:  # another writer held the lock too long: retry, not a bug
            print(f"error: {busy.message}", file=sys.stderr)
            return busy.exit_code
        if not debug:
            print(
                f"unexpected error: {type(exc).__name__}: {exc} (run with --debug for the "
                "traceback)",
                file=sys.stderr,
            )
        return 4
    return 0


def main() -> None:
    sys.exit(run())
