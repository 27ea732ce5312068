"""How an ingest kind declares a field: its name, the column names that fill it, how its text
is read (the kinds' schemas are ``sazon.ingest.schemas`` and ``sazon.ingest.marketing_schemas``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sazon.ingest import standardise as s


@dataclass(frozen=True)
class FieldSpec:
    """A field, the column names that fill it, and how its text is read.

    ``joined``: a free text that many columns may fill (allergies, diet, notes); their texts
    are all kept, joined with "; ". Lists are always united. Any other field holds one value:
    columns that give two different values put the row in quarantine.
    """

    name: str
    aliases: tuple[str, ...]
    parse: Callable[[str], Any] = s.clean_text
    joined: bool = False


def field_spec(
    name: str, *aliases: str, parse: Callable[[str], Any] = s.clean_text, joined: bool = False
) -> FieldSpec:
    return FieldSpec(name, (name, *aliases), parse, joined)
