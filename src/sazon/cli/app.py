"""The ``sazon`` command line. Thin: parse, call one function, print."""

from __future__ import annotations

import sys
import traceback
from typing import Annotated

import typer

from sazon.cli.commands import LazyGroup
from sazon.cli.output import err_console
from sazon.cli.state import AppState
from sazon.errors import SazonError

# The sub-commands are listed in sazon.cli.commands and imported when used (issue #14).
app = typer.Typer(
    cls=LazyGroup,
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
    # Imported here: the settings bring pydantic, which ``sazon --help`` does not need (the
    # help is printed before this callback runs).
    from sazon.config import load_settings

    state = AppState(settings=load_settings(), debug=debug)
    ctx.obj = state
    ctx.call_on_close(state.close)


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
        # Imported here: the store (SQLAlchemy) is not loaded to print the help (issue #14).
        from sazon.store.db import store_busy

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
