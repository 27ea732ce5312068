"""People search: each guest's names, email and phone as one normalised text, and a query read
the same way, so "huaman", "HUAMÁN" and "Huamán" are one word and "926 259 305" is one phone.

The text is kept in ``guests.search_text`` and rewritten on every write (``store.models.guests``
listens to the ORM; bulk inserts call :func:`guest_search_text` themselves). The same
normalisation on both sides, done in Python, gives the same answer on SQLite and PostgreSQL
without an extension (``unaccent``, FTS5 shadow tables) that would need keeping in step too.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Digits a person writes in groups: "926 259 305", "+51 926-259-305", "(01) 442 1234".
_PHONE_RUN = re.compile(r"\+?\d[\d\s\-.()/]*\d")
_MIN_PHONE_DIGITS = 6
_PERU = "51"
_PERU_LENGTH = 11  # 51 and a 9-digit mobile or an area code and a landline
_WORD = re.compile(r"\w+")
_NOT_DIGIT = re.compile(r"\D")
# A query of more words than this is not a person: the rest are ignored.
MAX_TERMS = 8


def fold(text: str) -> str:
    """Lower case without accents: ``Huamán``, ``HUAMAN`` and ``huamán`` are one word."""
    if text.isascii():
        # No accents to take off (NFKD leaves ASCII as it is): an ingest folds every email
        # and most names, and the character walk below was a twentieth of its time.
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def phone_digits(value: str) -> str:
    """A phone's digits without the prefix people leave out: ``+51 926 259 305`` →
    ``926259305`` (the store keeps ``+51926259305``; people type the nine digits)."""
    digits = _NOT_DIGIT.sub("", value)
    digits = digits.removeprefix("00")
    if len(digits) == _PERU_LENGTH and digits.startswith(_PERU):
        digits = digits[len(_PERU) :]
    return digits


def guest_search_text(
    first_name: str | None,
    last_name: str | None,
    email: str | None,
    phone: str | None,
    *,
    erased: bool = False,
) -> str:
    """What a search reads of a guest: `` surnames names email digits `` with a space at each end
    (a word starts after a space, so a prefix is `` ramo``); empty for an erased guest, who
    must not be found."""
    if erased:
        return ""
    parts = list(_name_words(last_name, first_name))
    if email:
        parts.append(fold(email.strip()))
    digits = phone_digits(phone) if phone else ""
    if digits:
        parts.append(digits)
    return f" {' '.join(parts)} " if parts else ""


@lru_cache(maxsize=65536)  # an ingest writes the same few thousand names over and over
def _name_words(last_name: str | None, first_name: str | None) -> tuple[str, ...]:
    # Surnames first: among equal matches, results are ordered by this text.
    return tuple(_WORD.findall(fold(f"{last_name or ''} {first_name or ''}")))


def query_terms(query: str | None) -> list[str]:
    """The terms a query asks for, each to be found in a guest's text: words folded, a phone
    written in groups as its digits, an email (a word with ``@``) whole."""
    if not query:
        return []
    terms: list[str] = []

    def phone(match: re.Match[str]) -> str:
        digits = phone_digits(match.group())
        if len(digits) < _MIN_PHONE_DIGITS:
            return match.group()  # a short number ("2", "305") is searched as it is
        terms.append(digits)
        return " "

    text = _PHONE_RUN.sub(phone, fold(query))
    for token in text.split():
        if "@" in token:
            terms.append(token.strip(".,;:()<>\"'"))
        else:
            terms.extend(_WORD.findall(token))
    return list(dict.fromkeys(t for t in terms if t))[:MAX_TERMS]
