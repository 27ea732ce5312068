"""Reading an interactions file and feature files for ``sazon experience recommend``.

Interactions: ``guest_id,item_id[,rating][,timestamp]`` (a header row; other columns are
ignored). Feature files: any CSV keyed by its first column. Both may be UTF-8 or Latin-1
(decoded like every uploaded file, see :mod:`sazon.ingest.decoding`), ``;`` or ``,``
separated, with ``?`` or an empty cell for a missing value. Every problem is one sentence
that says what to fix, in Spanish and English.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sazon.errors import InvalidInput, PayloadTooLarge
from sazon.ingest import decode

MISSING = ["?", "", "NA", "N/A", "null", "NULL", "None"]


@dataclass
class RecData:
    """What a recommender learns from: interactions, and optionally guest and item features."""

    interactions: pd.DataFrame  # guest_id, item_id (text), rating (float or NaN)
    guest_features: pd.DataFrame | None = None
    item_features: pd.DataFrame | None = None


def _table(path: Path, what: str, max_mb: float) -> pd.DataFrame:
    if not path.exists():
        raise InvalidInput(
            f"{path}: no existe; indica la ruta del {what} / no such file: give the path of the "
            f"{what}"
        )
    if not path.is_file():
        raise InvalidInput(f"{path} es una carpeta / is a folder: give the {what} file")
    size = path.stat().st_size
    if size > max_mb * 1024 * 1024:
        raise PayloadTooLarge(
            f"{path} pesa {size / 1e6:.1f} MB: el límite es {max_mb:g} MB / "
            f"{path} is {size / 1e6:.1f} MB: the limit is {max_mb:g} MB"
        )
    text = decode(path.read_bytes(), path.name).text
    first = text.lstrip().split("\n", 1)[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, na_values=MISSING, keep_default_na=False
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else "vacío / empty"
        raise InvalidInput(
            f"{path}: no se puede leer como CSV ({reason}); revisa las comillas y el número de "
            f"columnas / cannot be read as CSV: check quotes and column counts"
        ) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def read_interactions(path: Path, *, max_mb: float = 100) -> pd.DataFrame:
    """The interactions of ``path`` as ``guest_id, item_id, rating``; bad input refused."""
    frame = _table(path, "archivo de interacciones / interactions file", max_mb)
    cols = {c.lower(): c for c in frame.columns}
    missing = [c for c in ("guest_id", "item_id") if c not in cols]
    if missing:
        raise InvalidInput(
            f"{path}: faltan las columnas {', '.join(missing)}; la cabecera debe ser "
            f"guest_id,item_id[,rating][,timestamp] (tiene: {', '.join(frame.columns)}) / "
            f"missing columns {', '.join(missing)}: the header must be "
            "guest_id,item_id[,rating][,timestamp]"
        )
    out = pd.DataFrame(
        {
            "guest_id": frame[cols["guest_id"]].str.strip(),
            "item_id": frame[cols["item_id"]].str.strip(),
        }
    )
    blank = out["guest_id"].isna() | out["item_id"].isna() | (out == "").any(axis=1)
    if blank.any():
        line = int(blank.to_numpy().nonzero()[0][0]) + 2
        raise InvalidInput(
            f"{path}, línea {line}: falta guest_id o item_id; complétalo o borra la fila / "
            f"line {line}: guest_id or item_id is empty: fill it in or remove the row"
        )
    if "rating" in cols:
        raw = frame[cols["rating"]]
        rating = pd.to_numeric(raw, errors="coerce")
        bad = raw.notna() & rating.isna()
        if bad.any():
            line = int(bad.to_numpy().nonzero()[0][0]) + 2
            raise InvalidInput(
                f"{path}, línea {line}: rating '{raw[bad].iloc[0]}' no es un número; usa un "
                f"número o déjalo vacío / line {line}: rating is not a number: use a number "
                "or leave it empty"
            )
        out["rating"] = rating.astype(float)
    else:
        out["rating"] = float("nan")
    if out.empty:
        raise InvalidInput(
            f"{path} no tiene filas: agrega una fila guest_id,item_id por interacción / "
            "has no rows: add one guest_id,item_id row per interaction"
        )
    return out


def read_features(path: Path, *, what: str, max_mb: float = 100) -> pd.DataFrame:
    """A feature table keyed by its first column (values kept as text, missing as NaN)."""
    frame = _table(path, what, max_mb)
    if frame.shape[1] < 2:
        raise InvalidInput(
            f"{path}: necesita una columna de id y al menos una característica / needs an id "
            "column and at least one feature column"
        )
    key = frame.columns[0]
    if frame[key].isna().any():
        line = int(frame[key].isna().to_numpy().nonzero()[0][0]) + 2
        raise InvalidInput(
            f"{path}, línea {line}: falta el id en la primera columna ({key}) / line {line}: "
            f"the id in the first column ({key}) is empty"
        )
    return frame


def read_data(
    interactions: Path,
    guest_features: Path | None = None,
    item_features: Path | None = None,
    *,
    max_mb: float = 100,
) -> RecData:
    """The three files of ``sazon experience recommend`` read and checked."""
    return RecData(
        read_interactions(interactions, max_mb=max_mb),
        read_features(guest_features, what="archivo de características de invitados", max_mb=max_mb)
        if guest_features
        else None,
        read_features(item_features, what="archivo de características de ítems", max_mb=max_mb)
        if item_features
        else None,
    )
