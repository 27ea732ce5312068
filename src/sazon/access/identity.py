"""What identifies one guest in data that is not their own row: raw file rows, reports, logs.

A quarantined row, an ingest report or a bus message holds values as people typed them
(``999 888 777``, ``ANA.Q@Example.pe``, ``05/06/1990``), so matching normalises both
sides. The tests for deleting a raw row are strict (an email, a phone, the guest's code in an
id column, or the full name together with the birth date): a namesake's row is never removed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sazon.store import Guest

# Peruvian mobiles have 9 digits and landlines 7 or 8 plus the area code: the last 9 digits
# name a line whatever prefix (+51, 0051, 51-) the writer added.
_PHONE_TAIL = 9
_MIN_PHONE_DIGITS = 7
_PHONE_LIKE = re.compile(r"\+?\d[\d\s\-.()/]{5,}\d")
_NUMBERS = re.compile(r"\d+")
# Column names that hold a record's own code or a reference to a guest's (folded).
_ID_COLUMN = re.compile(r"(^|_)(id|cod|codigo|ref|cliente|guest|customer|dni|documento)($|_)")
REDACTED = "[dato borrado]"


def fold(text: str) -> str:
    """Lower case without accents, so ``Quispé`` and ``QUISPE`` are one word."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", fold(text)))


def _column_key(name: str) -> str:
    return re.sub(r"\W+", "_", fold(name)).strip("_")


@dataclass(frozen=True)
class Identity:
    """A guest's identifiers, normalised for matching."""

    email: str | None
    phone_tail: str | None
    external_id: str | None
    name_words: frozenset[str]
    birth_date: date | None

    @classmethod
    def of(cls, guest: Guest) -> Identity:
        digits = re.sub(r"\D", "", guest.phone or "")
        names = _words(" ".join(p for p in (guest.first_name, guest.last_name) if p))
        ext = (guest.external_id or "").strip()
        # A short or purely numeric code ("7", "1042") is also a quantity or a price.
        distinctive = len(ext) >= 4 and (not ext.isdigit() or len(ext) >= 6)
        return cls(
            email=fold(guest.email) if guest.email else None,
            phone_tail=digits[-_PHONE_TAIL:] if len(digits) >= _MIN_PHONE_DIGITS else None,
            external_id=ext if distinctive else None,
            # A full name needs a first and a last name: one word is anybody.
            name_words=frozenset(names) if guest.first_name and guest.last_name else frozenset(),
            birth_date=guest.birth_date,
        )

    # -- free text: reports, messages, details -------------------------------------------

    def _phone_in(self, text: str) -> bool:
        if self.phone_tail is None:
            return False
        return any(
            re.sub(r"\D", "", m.group()).endswith(self.phone_tail)
            for m in _PHONE_LIKE.finditer(text)
        )

    def _id_in(self, text: str) -> bool:
        if self.external_id is None:
            return False
        pattern = rf"(?<![\w-]){re.escape(self.external_id)}(?![\w-])"
        return re.search(pattern, text) is not None

    def _name_in(self, text: str) -> bool:
        return bool(self.name_words) and self.name_words <= _words(text)

    def _email_in(self, text: str) -> bool:
        if self.email is None or self.email not in fold(text):
            return False
        # ana@x.pe is not in nana@x.pe or ana@x.pe.com: whole addresses only.
        pattern = rf"(?<![\w.+-]){re.escape(self.email)}(?![\w-]|\.\w)"
        return re.search(pattern, fold(text)) is not None

    def in_text(self, text: str) -> bool:
        """Whether a free text names the guest: email, phone, code or full name."""
        if not text:
            return False
        if self._email_in(text):
            return True
        return self._phone_in(text) or self._id_in(text) or self._name_in(text)

    # -- raw rows of a file --------------------------------------------------------------

    def _is_birth_date(self, value: str) -> bool:
        born = self.birth_date
        if born is None:
            return False
        parts = [int(n) for n in _NUMBERS.findall(value)]
        return parts in ([born.day, born.month, born.year], [born.year, born.month, born.day])

    def in_row(self, raw: Mapping[str, Any]) -> bool:
        """Whether a raw file row carries the guest: their email or phone in any cell, their
        code in an id column, or their full name together with their birth date."""
        values = [(str(k), "" if v is None else str(v)) for k, v in raw.items()]
        if any(self._email_in(v) or self._phone_in(v) for _, v in values):
            return True
        if self.external_id and any(
            v.strip() == self.external_id and _ID_COLUMN.search(_column_key(k)) for k, v in values
        ):
            return True
        if not self.name_words or self.birth_date is None:
            return False
        words = set().union(*(_words(v) for _, v in values)) if values else set()
        return self.name_words <= words and any(self._is_birth_date(v) for _, v in values)


def mentions(identity: Identity, data: Any) -> bool:
    """Whether any string (value or key) inside JSON-like data names the guest."""
    return any(identity.in_text(s) for s in _strings(data))


def _strings(data: Any) -> Iterable[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, Mapping):
        for k, v in data.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(data, list | tuple):
        for item in data:
            yield from _strings(item)


def redact(identity: Identity, data: Any) -> Any:
    """The same JSON-like data with every string that names the guest replaced."""
    if isinstance(data, str):
        return REDACTED if identity.in_text(data) else data
    if isinstance(data, Mapping):
        out: dict[str, Any] = {}
        for k, v in data.items():
            key = REDACTED if identity.in_text(str(k)) else k
            # Two redacted keys must not overwrite each other: number them.
            while key in out:
                key = f"{key}*"
            out[key] = redact(identity, v)
        return out
    if isinstance(data, list | tuple):
        return [redact(identity, item) for item in data]
    return data
