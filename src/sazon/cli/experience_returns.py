"""``sazon experience returns``: expected return visits and P(return) per guest, from a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from sazon.cli.output import Format, emit
from sazon.errors import InvalidInput

Transactions = Annotated[
    Path,
    typer.Option(
        "--transactions",
        help="CSV guest_id,date[,amount] (UTF-8, dates YYYY-MM-DD), one row per visit.",
    ),
]
CalibrationEnd = Annotated[
    str,
    typer.Option(
        "--calibration-end",
        help="Last day whose visits are read (YYYY-MM-DD); the forecast starts the day after.",
    ),
]
Horizon = Annotated[int, typer.Option("--horizon-days", help="Days ahead to forecast (1-730).")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table, json or csv.")]


def returns(
    transactions: Transactions,
    calibration_end: CalibrationEnd,
    horizon_days: Horizon = 30,
    fmt: FormatOpt = Format.table,
) -> None:
    """Visitas esperadas y P(vuelve) por invitado / expected visits and P(return) per guest.

    JSON is a list of {guest_id, expected_visits, p_return} for every guest in the file; a
    guest first seen after the calibration end has null values (no history at that date).
    """
    from sazon.experience import check_horizon, forecast, read_transactions

    try:
        end = date.fromisoformat(calibration_end.strip())
    except ValueError:
        raise InvalidInput(
            f"--calibration-end {calibration_end!r} is not a date: write it as YYYY-MM-DD"
        ) from None
    check_horizon(horizon_days)
    rows = forecast(read_transactions(transactions), end, horizon_days)
    emit(
        [
            {"guest_id": r.guest_id, "expected_visits": r.expected_visits, "p_return": r.p_return}
            for r in rows
        ],
        fmt,
        title=f"Vuelven en {horizon_days} días / return within {horizon_days} days",
    )
