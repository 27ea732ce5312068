"""Field standardisers: each turns one written value into its canonical form or raises
``ValueError`` with a message that says what to fix (it becomes the quarantine reason)."""

from __future__ import annotations

import re
import time
import unicodedata
from datetime import UTC, date, datetime
from functools import lru_cache

import phonenumbers

from sazon.money import parse_soles
from sazon.timeutil import LIMA

_EMAIL = re.compile(r"^[a-z0-9._%+'-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$")
_PARTICLES = {"de", "del", "la", "las", "los", "y", "da", "di", "van", "von", "e"}
FORMULA_PREFIXES = ("=", "+", "-", "@")
_TRUE = {
    "1",
    "true",
    "t",
    "yes",
    "y",
    "si",
    "s",
    "x",
    "ok",
    "verdadero",
    "v",
    "acepta",
    "acepto",
    "autoriza",
    "autorizo",
    "afirmativo",
    "claro",
    "on",
    "✓",
    "✔",
    "☑",
    "si acepta",
    "si autoriza",
    "vip",
    "con consentimiento",
    "opt in",
}
_FALSE = {
    "0", "false", "f", "no", "n", "falso", "", "rechaza", "rechazo", "no acepta", "no autoriza",
    "negativo", "off", "✗", "✘", "☐", "sin consentimiento", "opt out", "nunca",
}  # fmt: skip
_EMPTY = {"", "-", "--", "n/a", "na", "null", "none", "nan", "s/d", "sin dato", "?"}
# Compiled once: every text cell and phone of a file passes here (re.sub with a pattern
# string looks the pattern up in re's cache on each call).
_BLANKS = re.compile(r"[ \t]+")
_NOT_PHONE = re.compile(r"[^\d+]")


def blank(value: str | None) -> bool:
    return value is None or value.strip().lower() in _EMPTY


def clean_text(value: str) -> str:
    """Drop control characters and collapse spaces; emoji and accents stay."""
    if not value.isprintable():  # printable text has no control characters: most cells
        value = "".join(c for c in value if c in "\n\t" or unicodedata.category(c)[0] != "C")
    return _BLANKS.sub(" ", value).strip()


def looks_like_formula(value: str) -> bool:
    return value.strip().startswith(FORMULA_PREFIXES) and not re.fullmatch(
        r"[+-]?\d[\d .,]*", value.strip()
    )


@lru_cache(maxsize=65536)  # a guests file repeats the same names thousands of times
def person_name(value: str) -> str:
    """ "  maría  DEL carmen " → "María del Carmen". Symbols and emoji are removed.

    A value that looks like a spreadsheet formula is kept as written: it is data, and the
    CSV writer neutralises it on the way out.
    """
    value = clean_text(value)
    if looks_like_formula(value):
        return value
    value = "".join(c for c in value if c.isalpha() or c in " '-.")
    value = re.sub(r"\s+", " ", value).strip(" .-'")
    if not value:
        raise ValueError("name has no letters")
    words = []
    for i, word in enumerate(value.lower().split(" ")):
        if i > 0 and word in _PARTICLES:
            words.append(word)
        else:
            words.append("-".join(p[:1].upper() + p[1:] for p in word.split("-")))
    return " ".join(words)


def email(value: str) -> str:
    value = clean_text(value).lower().replace(" ", "")
    value = value.removeprefix("mailto:")
    if not _EMAIL.match(value):
        raise ValueError(f"'{value}' is not an email address (expected name@domain.pe)")
    return value


_PE_MOBILE = re.compile(r"(?:\+51)?9\d{8}")


def phone(value: str, default_region: str = "PE") -> str:
    """To E.164, reading numbers without a country code as Peruvian (+51)."""
    raw = clean_text(value)
    digits = _NOT_PHONE.sub("", raw)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if default_region == "PE" and _PE_MOBILE.fullmatch(digits):
        return "+51" + digits[-9:]  # what phonenumbers gives, without its cost per row
    try:
        parsed = phonenumbers.parse(digits, None if digits.startswith("+") else default_region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"'{raw}' is not a phone number") from exc
    if not phonenumbers.is_possible_number(parsed):
        raise ValueError(f"'{raw}' has the wrong number of digits for a phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d/%m/%y",
    "%Y/%m/%d",
    "%Y%m%d",
)
_TIME_FORMATS = ("%H:%M:%S", "%H:%M", "%I:%M %p", "%I:%M:%S %p")


def _split_iso(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def parse_datetime(value: str) -> datetime:
    """Dates as people write them in Peru (dd/mm/yyyy first) or ISO; naive means Lima time.

    Returns an aware UTC datetime. Impossible dates (31/02/2024) raise ``ValueError``.
    """
    text = clean_text(value)
    iso = _split_iso(text)
    if iso is not None:
        return (iso if iso.tzinfo else iso.replace(tzinfo=LIMA)).astimezone(UTC)
    date_part, _, time_part = text.partition(" ")
    day = _parse_date_only(date_part, original=text)
    moment = datetime(day.year, day.month, day.day)
    if time_part.strip():
        for fmt in _TIME_FORMATS:
            try:
                t = datetime.strptime(time_part.strip().upper(), fmt).time()
                moment = datetime.combine(day, t)
                break
            except ValueError:
                continue
        else:
            raise ValueError(f"'{text}': cannot read the time (use HH:MM)")
    return moment.replace(tzinfo=LIMA).astimezone(UTC)


_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _parse_date_only(text: str, original: str) -> date:
    text = text.strip()
    if dmy := _DMY.fullmatch(text):  # the usual Peruvian form, without trying each format
        try:
            return date(int(dmy[3]), int(dmy[2]), int(dmy[1]))
        except ValueError:
            raise ValueError(f"'{original}' is not a real date (check day and month)") from None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}", text):
        raise ValueError(f"'{original}' is not a real date (check day and month)")
    raise ValueError(f"'{original}' is not a date: write dd/mm/yyyy or yyyy-mm-dd")


# Files repeat dates (birthdays, visit days) thousands of times; reading one is ~10 strptime.
@lru_cache(maxsize=65536)
def parse_date(value: str) -> date:
    text = clean_text(value)
    iso = _split_iso(text)
    if iso is not None:
        return iso.date()
    return _parse_date_only(text.split(" ")[0], original=text)


_TODAY: tuple[float, date] = (0.0, date.min)


def _today() -> date:
    """Today in Lima, looked up at most once a second: a file asks for every birth date."""
    global _TODAY
    now = time.monotonic()
    if now - _TODAY[0] >= 1.0:
        _TODAY = (now, datetime.now(LIMA).date())
    return _TODAY[1]


def birth_date(value: str, today: date | None = None) -> date:
    born = parse_date(value)
    today = today or _today()
    if born > today:
        raise ValueError(f"birth date {born:%d/%m/%Y} is in the future")
    if born.year < 1900:
        raise ValueError(f"birth date {born:%d/%m/%Y} is before 1900")
    return born


# An ingest cell is read like every other amount in soles (see sazon.money).
money_pen = parse_soles


def _fold(value: str) -> str:
    text = unicodedata.normalize("NFKD", clean_text(value).lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s_\-,;]+", " ", text).strip(" .!¡")


def boolean(value: str) -> bool:
    text = _fold(value)
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"'{value}' is not yes/no (use sí/no, yes/no, 1/0)")


def integer(value: str) -> int:
    text = clean_text(value).replace(",", "").replace(" ", "")
    try:
        number = float(text)
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a whole number") from exc
    if not number.is_integer():
        raise ValueError(f"'{value}' is not a whole number")
    return int(number)


def number(value: str) -> float:
    text = clean_text(value).replace("%", "").replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a number") from exc


def text_list(value: str) -> list[str]:
    """ "criolla; nikkei, chifa" → ["criolla", "nikkei", "chifa"]."""
    parts = re.split(r"[;,|/\n]", clean_text(value))
    out: list[str] = []
    for part in parts:
        part = part.strip().lower()
        if part and part not in out:
            out.append(part)
    return out


def language(value: str) -> str:
    """A language as its code; a regional tag (es-PE, en_US, pt-BR) reads as its language."""
    text = _fold(value)
    text = re.sub(r"^([a-z]{2,3})[ .]?[a-z]{2}$", r"\1", text) if len(text) <= 6 else text
    text = re.sub(r"\s*\(.*\)$", "", text)  # "español (Perú)"
    mapping = {
        "es": "es",
        "esp": "es",
        "español": "es",
        "espanol": "es",
        "spanish": "es",
        "spa": "es",
        "castellano": "es",
        "es-pe": "es",
        "en": "en",
        "eng": "en",
        "english": "en",
        "inglés": "en",
        "ingles": "en",
        "en-us": "en",
        "en-gb": "en",
        "pt": "pt",
        "por": "pt",
        "portugués": "pt",
        "português": "pt",
        "portugues": "pt",
        "portuguese": "pt",
        "fr": "fr",
        "french": "fr",
        "francés": "fr",
        "frances": "fr",
        "fra": "fr",
        "français": "fr",
        "francais": "fr",
    }
    if text in mapping:
        return mapping[text]
    raise ValueError(f"'{value}' is not a language we know (use es or en)")
