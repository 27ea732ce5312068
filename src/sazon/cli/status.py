"""``sazon status``: how many rows each main table of the store holds.

Its own module, on a plain connection: it imports SQLAlchemy's core and none of the ORM,
the models or the tools (issue #14: ``status`` ≤ 0.6 s).
"""

from __future__ import annotations

import typer

from sazon.cli.output import Format, FormatOpt, emit
from sazon.cli.state import AppState
from sazon.store.counts import table_counts


def status(ctx: typer.Context, fmt: FormatOpt = Format.table) -> None:
    """Cuántas filas hay en cada tabla del almacén."""
    state: AppState = ctx.obj
    rows = [{"tabla": name, "filas": n} for name, n in table_counts(state.engine).items()]
    emit(rows, fmt, title="Almacén Sazón")
