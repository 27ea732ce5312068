"""Prices in soles as a text writes them, for the grounding check.

Three spellings, each giving the amount and where it is:

- a currency mark or word with digits: ``S/ 45``, ``S/. 45,50``, ``PEN 45``, ``45 soles``,
  ``45 nuevos soles``, ``45 lucas`` (Peruvian slang for soles);
- digits right after a price word: ``precio 39``, ``Precio: 39``, ``cuesta 39``,
  ``price of 39`` (a bare number there can only be a price);
- an amount in words before ``soles``/``lucas``: ``cuarenta soles``, ``treinta y nueve
  soles``, ``ciento veinte soles``, ``forty-five soles``.

Amounts are read as a person from Peru writes them: ``1,250.50``, ``1.250,50``, ``45,50``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sazon.knowledge import fold

__all__ = ["amount", "prices_in"]

_NUMBER = r"\d[\d.,]*\d|\d"
_MARKED = re.compile(
    rf"(?:\bS/\.?|\bs/\.?|\bPEN\b)\s*({_NUMBER})|({_NUMBER})\s*(?i:(?:nuevos\s+)?soles|lucas)\b"
)
# "precio 39", "Precio: 39", "a un precio de 39", "cuesta 39", "price of 39", "costs 39".
_AFTER_PRICE_WORD = re.compile(
    rf"\b(?:precios?|price|cuesta|cuestan|costs?|vale|valen)\b\s*(?::|de|es\s+de|of|is)?\s*"
    rf"({_NUMBER})(?![\d.,]*\s*(?:%|x\b|por\s+ciento|percent|platos?\b|personas?\b|people\b|"
    r"guests?\b|invitados?\b|cubiertos?\b|minutos?\b|minutes?\b|horas?\b|hours?\b))",
    re.IGNORECASE,
)
_CURRENCY_WORD = re.compile(r"\b(?:nuevos\s+)?(?:soles|lucas)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")

_UNITS = {
    "cero": 0, "un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
    "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12,
    "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16, "diecisiete": 17,
    "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiun": 21, "veintiuno": 21,
    "veintidos": 22, "veintitres": 23, "veinticuatro": 24, "veinticinco": 25,
    "veintiseis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29, "treinta": 30,
    "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80,
    "noventa": 90, "cien": 100, "ciento": 100, "doscientos": 200, "trescientos": 300,
    "cuatrocientos": 400, "quinientos": 500, "seiscientos": 600, "setecientos": 700,
    "ochocientos": 800, "novecientos": 900,
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_JOINERS = frozenset({"y", "and"})
_HUNDRED = frozenset({"hundred"})
_THOUSAND = frozenset({"mil", "thousand"})
# How many words before "soles" an amount may take ("novecientos noventa y nueve mil …").
_MAX_WORDS = 8


def amount(text: str) -> float | None:
    """``1,250.50`` / ``1.250,50`` / ``45,50`` / ``1,250`` → a number (None if it is not one).

    >>> [amount(t) for t in ("1,250.50", "1.250,50", "45,50", "1,250", "0,5")]
    [1250.5, 1250.5, 45.5, 1250.0, 0.5]
    """
    text = text.strip(".,")
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "").replace(decimal, ".")
    elif "," in text or "." in text:
        sep = "," if "," in text else "."
        groups = text.split(sep)
        if len(groups) > 2 or (len(groups[-1]) == 3 and len(groups) == 2 and groups[0] != "0"):
            text = "".join(groups)
        else:
            text = ".".join(groups)
    try:
        return float(text)
    except ValueError:
        return None


def _words_value(words: list[str]) -> int | None:
    """The number written by ``words`` ("treinta", "y", "nueve" → 39), or None."""
    if not words or words[0] in _JOINERS or words[-1] in _JOINERS:
        return None
    total = current = 0
    for word in words:
        if word in _JOINERS:
            continue
        if word in _HUNDRED:
            current = (current or 1) * 100
        elif word in _THOUSAND:
            total += (current or 1) * 1000
            current = 0
        elif word in _UNITS:
            current += _UNITS[word]
        else:
            return None
    return total + current


def _in_words(text: str) -> Iterator[tuple[float, int, int, str]]:
    for currency in _CURRENCY_WORD.finditer(text):
        offset = max(0, currency.start() - 120)
        window = text[offset : currency.start()]
        # The words right before the currency word, joined by spaces or hyphens only.
        words: list[re.Match[str]] = []
        end = len(window)
        for match in reversed(list(_WORD.finditer(window))):
            if len(words) == _MAX_WORDS or window[match.end() : end].strip(" -\u00a0"):
                break
            words.insert(0, match)
            end = match.start()
        folded = [fold(m.group(0)) for m in words]
        # The longest of those runs that is a number ("treinta y nueve", not "a treinta").
        for k in range(len(folded)):
            value = _words_value(folded[k:])
            if value is not None:
                start = offset + words[k].start()
                yield float(value), start, currency.end(), text[start : currency.end()]
                break


def prices_in(text: str) -> list[tuple[float | None, int, int, str]]:
    """``(amount, start, end, as written)`` for every price in ``text``, in order.

    >>> [(a, w) for a, _, _, w in prices_in("Precio: 39. Antes cuarenta soles, hoy S/ 35.50")]
    [(39.0, 'Precio: 39'), (40.0, 'cuarenta soles'), (35.5, 'S/ 35.50')]
    """
    found: list[tuple[float | None, int, int, str]] = []
    for match in _MARKED.finditer(text):
        number = match.group(1) or match.group(2)
        found.append((amount(number), match.start(), match.end(), match.group(0)))
    taken = [(start, end) for _, start, end, _ in found]

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for match in _AFTER_PRICE_WORD.finditer(text):
        if free(match.start(1), match.end(1)):
            found.append((amount(match.group(1)), match.start(), match.end(), match.group(0)))
            taken.append((match.start(1), match.end(1)))
    for value, start, end, written in _in_words(text):
        if free(start, end):
            found.append((value, start, end, written))
    return sorted(found, key=lambda p: p[1])
