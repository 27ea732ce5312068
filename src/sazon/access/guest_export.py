"""A guest list as a file a planner opens in a spreadsheet: CSV or XLSX, by role.

The same filters as the list on screen. Health data (Ley 29733) goes only to the roles that may
read it, and the export is logged like a read. Phones stay as written and nothing a spreadsheet
could run gets through (:mod:`sazon.spreadsheets`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

from sqlalchemy.orm import Session

from sazon.access.audit import audit_read
from sazon.access.keys import Principal
from sazon.access.roles import can_read_health
from sazon.errors import InvalidInput
from sazon.spreadsheets import SheetFile, check_format, sheet_file
from sazon.store.guests import guest_query
from sazon.store.models import Guest

Format = Literal["csv", "xlsx"]
#: A file a person opens in a spreadsheet; more than this is a backup, not a list.
MAX_ROWS = 100_000
# (key, Spanish header, English header); the health columns last.
_COLUMNS = (
    ("first_name", "Nombre", "First name"),
    ("last_name", "Apellidos", "Last name"),
    ("email", "Correo", "Email"),
    ("phone", "Teléfono", "Phone"),
    ("language", "Idioma", "Language"),
    ("birth_date", "Fecha de nacimiento", "Birth date"),
    ("vip", "VIP", "VIP"),
    ("consent_marketing", "Acepta marketing", "Marketing consent"),
)
_HEALTH = (
    ("allergies", "Alergias", "Allergies"),
    ("diets", "Dietas", "Diets"),
    ("restrictions_raw", "Restricciones (como las escribió)", "Restrictions (as written)"),
    ("notes", "Notas", "Notes"),
)


ExportFile = SheetFile


def _value(guest: Guest, key: str, lang: str, word: Callable[[str], str]) -> Any:
    value = getattr(guest, key)
    if key in ("allergies", "diets"):
        return [word(v) for v in value or []]
    if isinstance(value, bool):
        return ("sí" if value else "no") if lang == "es" else ("yes" if value else "no")
    if key == "birth_date" and value is not None:
        return value.strftime("%d/%m/%Y") if lang == "es" else value.isoformat()
    return value


def guest_list_file(
    session: Session,
    who: Principal,
    fmt: Format,
    *,
    search: str | None = None,
    allergen: str | None = None,
    language: str | None = None,
    lang: str = "es",
    face: str = "web",
    word: Callable[[str], str] = str,
) -> ExportFile:
    """The guests matching the filters, as ``fmt``, with the columns ``who``'s role may see.

    ``word`` names an allergen or diet slug in ``lang`` (the face's words: "maní", "vegano").
    """
    check_format(fmt)
    health = can_read_health(who.role)
    columns: Sequence[tuple[str, str, str]] = _COLUMNS + (_HEALTH if health else ())
    stmt = guest_query(search, allergen if health else None, language).limit(MAX_ROWS + 1)
    guests = list(session.scalars(stmt))
    if len(guests) > MAX_ROWS:
        raise InvalidInput(
            f"more than {MAX_ROWS} guests match: narrow the search (a name, an allergen "
            "or a language)"
        )
    i = 1 if lang == "es" else 2
    headers = [c[i] for c in columns]
    rows = [{c[i]: _value(g, c[0], lang, word) for c in columns} for g in guests]
    if health:
        audit_read(session, who, "guest.export_list", [g.id for g in guests], face, None)
    return sheet_file(rows, headers, fmt, "invitados" if lang == "es" else "guests")
