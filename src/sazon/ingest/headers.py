"""Header names as a file writes them: repeats numbered, blanks named, never one lost."""

from __future__ import annotations

import re

# A header written twice ("alergias", "alergias") is kept twice: the later ones are named
# "alergias #2", "alergias #3"…, so no cell is overwritten by another of the same name.
_DUPLICATE = re.compile(r"\s#\d+$")


def unique_headers(names: list[str]) -> list[str]:
    """The header with repeated names numbered from the second one ("correo", "correo #2").

    A blank header is named by its position ("(columna 5)"), so two unnamed columns do not
    overwrite each other's cells and a warning can name the one nobody reads.
    """
    out: list[str] = []
    taken: set[str] = set()
    counts: dict[str, int] = {}
    for position, written in enumerate(names, 1):
        name = written or f"(columna {position})"
        counts[name] = counts.get(name, 0) + 1
        unique = name
        n = counts[name]
        while unique in taken:
            unique = f"{name} #{n}"
            n += 1
        taken.add(unique)
        out.append(unique)
    return out


def header_name(column: str) -> str:
    """A column's name as written, without the number :func:`unique_headers` gave a repeat."""
    return _DUPLICATE.sub("", column)
