"""Visits as a table and each guest's history summarised for the return-visit models.

A transactions file has ``guest_id,date[,amount]`` (a header in Spanish is accepted: ``cliente``,
``fecha``, ``monto``). Several visits of one guest on one day count as one visit, as in the
literature, and a guest's amount for the day is the sum.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from sazon.errors import InvalidInput
from sazon.textfiles import read_text_file

#: A transactions file larger than this is refused (CDNOW's 69,659 purchases are 2 MB).
MAX_FILE_MB = 200.0
ALIASES = {
    "guest": "guest_id", "cliente": "guest_id", "customer_id": "guest_id", "id": "guest_id",
    "invitado": "guest_id", "fecha": "date", "visited_at": "date", "monto": "amount",
    "importe": "amount", "total": "amount", "total_pen": "amount",
}  # fmt: skip
DATE_HINT = "write dates as YYYY-MM-DD"


def read_transactions(path: Path) -> pd.DataFrame:
    """``guest_id`` (str), ``date`` (datetime64, day) and ``amount`` (float, NaN when absent),
    one row per guest and day. Raises :class:`InvalidInput` naming the line and the fix."""
    text = read_text_file(
        path, what="transactions file (guest_id,date[,amount])", max_mb=MAX_FILE_MB,
        empty_hint="it needs a header guest_id,date[,amount] and one row per visit",
    )  # fmt: skip
    first = text.splitlines()[0]
    if "," not in first and (";" in first or "\t" in first):
        raise InvalidInput(f"{path.name}: separate the columns with commas (guest_id,date,amount)")
    reader = csv.reader(io.StringIO(text))
    header = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in next(reader)]
    missing = [c for c in ("guest_id", "date") if c not in header]
    if missing:
        raise InvalidInput(
            f"{path.name} is missing the column {', '.join(missing)}: the header must be "
            "guest_id,date[,amount]"
        )
    gi, di = header.index("guest_id"), header.index("date")
    ai = header.index("amount") if "amount" in header else None
    guests: list[str] = []
    days: list[date] = []
    amounts: list[float] = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise InvalidInput(
                f"{path.name} line {line}: {len(row)} columns, the header has {len(header)}; "
                "fill every column (amount may be empty)"
            )
        guest = row[gi].strip()
        if not guest:
            raise InvalidInput(
                f"{path.name} line {line}: guest_id is empty; give every visit its guest"
            )
        guests.append(guest)
        days.append(_day(row[di], f"{path.name} line {line}"))
        amounts.append(_amount(row[ai] if ai is not None else "", f"{path.name} line {line}"))
    if not guests:
        raise InvalidInput(f"{path.name} has a header but no visits: add one row per visit")
    return daily(pd.DataFrame({"guest_id": guests, "date": days, "amount": amounts}))


def _day(cell: str, where: str) -> date:
    value = cell.strip()
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise InvalidInput(f"{where}: date {value!r} is not a date; {DATE_HINT}") from None


def _amount(cell: str, where: str) -> float:
    value = cell.strip()
    if value in ("", "?"):
        return float("nan")
    try:
        amount = float(value.replace("S/", "").strip())
    except ValueError:
        raise InvalidInput(
            f"{where}: amount {value!r} is not a number; write it like 42.50"
        ) from None
    if amount < 0 or not np.isfinite(amount):
        raise InvalidInput(f"{where}: amount {value!r} must be zero or more")
    return amount


def daily(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per guest and day (several visits on a day are one, their amounts summed)."""
    out = frame.assign(date=pd.to_datetime(frame["date"]).dt.normalize())
    if "amount" not in out:
        out = out.assign(amount=np.nan)
    grouped = out.groupby(["guest_id", "date"], sort=True)["amount"].sum(min_count=1)
    return grouped.reset_index()


def cdnow_transactions(path: Path) -> pd.DataFrame:
    """CDNOW_master.txt (``customer_id date number_of_cds dollar_value``) as transactions."""
    raw = pd.read_csv(path, sep=r"\s+", dtype={"customer_id": str, "date": str})
    frame = pd.DataFrame(
        {
            "guest_id": raw["customer_id"],
            "date": pd.to_datetime(raw["date"], format="%Y%m%d"),
            "amount": raw["dollar_value"].astype(float),
        }
    )
    return daily(frame)


def summarise(
    visits: pd.DataFrame, calibration_end: pd.Timestamp | date, unit_days: float = 7.0
) -> pd.DataFrame:
    """Per guest seen up to ``calibration_end`` (inclusive): ``x`` repeat visits, ``t_x``
    time of the last visit and ``T`` time to the end, from the first visit, in units of
    ``unit_days``; plus ``visits``, ``spend`` (mean amount per visit) and ``first``/``last``.

    Times are whole days between dates, as Fader and Hardie count them (with this, the CDNOW
    sample gives their published estimates and log-likelihood, -9582.4, exactly).
    """
    end = pd.Timestamp(calibration_end)
    seen = visits[visits["date"] <= end]
    g = seen.groupby("guest_id", sort=True)
    first, last = g["date"].min(), g["date"].max()
    count = g.size()
    out = pd.DataFrame(
        {
            "x": (count - 1).astype(float),
            "t_x": (last - first).dt.days / unit_days,
            "T": (end - first).dt.days / unit_days,
            "visits": count.astype(float),
            "spend": g["amount"].mean(),
            "first": first,
            "last": last,
        }
    )
    out.index.name = "guest_id"
    return out


def holdout_counts(visits: pd.DataFrame, start: pd.Timestamp | date, days: int) -> pd.Series:
    """Visits per guest in the ``days`` days after ``start`` (the calibration end)."""
    lo = pd.Timestamp(start) + pd.Timedelta(days=1)
    hi = lo + pd.Timedelta(days=days)
    window = visits[(visits["date"] >= lo) & (visits["date"] < hi)]
    return window.groupby("guest_id").size().astype(float)
