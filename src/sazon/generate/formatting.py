"""Money, numbers, dates and times the way people in Lima read them."""

from __future__ import annotations

from datetime import date, datetime

from sazon.generate.grammar import Gender, Lang
from sazon.timeutil import LIMA

_WEEKDAYS = {
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = {
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip
_NUMBERS = {
    "es": ("cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
           "diez"),
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
}  # fmt: skip
# Lima is in the southern hemisphere: December to March is summer.
_SEASONS = {
    "es": ("verano", "otoño", "invierno", "primavera"),
    "en": ("summer", "autumn", "winter", "spring"),
}


def money(amount: float) -> str:
    """Soles as Peru writes them: ``S/ 45.00``, ``S/ 1,250.50`` (the same in English)."""
    return f"S/ {amount:,.2f}"


def number(n: int, lang: Lang, gender: Gender = "m") -> str:
    """A count in words up to ten (un/una before a noun), in digits above."""
    if 0 <= n <= 10:
        if n == 1 and lang == "es":
            return "una" if gender == "f" else "un"
        return _NUMBERS[lang][n]
    return f"{n:,}"


def count(n: int, singular: str, plural: str, lang: Lang, gender: Gender = "m") -> str:
    """``doce comensales``, ``una persona``, ``one guest``."""
    return f"{number(n, lang, gender)} {singular if n == 1 else plural}"


def in_lima(value: datetime | date) -> datetime | date:
    """A time shown in Lima: aware times are converted, naive ones are Lima time already."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(LIMA)
    return value


def day(value: datetime | date, lang: Lang, *, year: bool = False) -> str:
    """``sábado 12 de diciembre`` / ``Saturday 12 December`` (optionally with the year)."""
    value = in_lima(value)
    weekday = _WEEKDAYS[lang][value.weekday()]
    month = _MONTHS[lang][value.month - 1]
    if lang == "es":
        text = f"{weekday} {value.day} de {month}"
        return f"{text} de {value.year}" if year else text
    text = f"{weekday} {value.day} {month}"
    return f"{text} {value.year}" if year else text


def clock(value: datetime, lang: Lang) -> str:
    """``8:00 p. m.`` / ``8:00 pm``, in Lima time."""
    local = in_lima(value)
    assert isinstance(local, datetime)
    hour = local.hour % 12 or 12
    if lang == "es":
        return f"{hour}:{local.minute:02d} {'a. m.' if local.hour < 12 else 'p. m.'}"
    return f"{hour}:{local.minute:02d} {'am' if local.hour < 12 else 'pm'}"


def at_clock(value: datetime, lang: Lang) -> str:
    """``a las 8:00 p. m.`` / ``a la 1:00 p. m.`` / ``at 8:00 pm``."""
    text = clock(value, lang)
    if lang == "en":
        return f"at {text}"
    return f"a la {text}" if text.startswith("1:") else f"a las {text}"


def month(value: datetime | date, lang: Lang) -> str:
    return _MONTHS[lang][in_lima(value).month - 1]


def season(value: datetime | date, lang: Lang) -> str:
    """The Lima season of a date (astronomical, southern hemisphere)."""
    local = in_lima(value)
    md = (local.month, local.day)
    if md >= (12, 21) or md < (3, 20):
        index = 0
    elif md < (6, 21):
        index = 1
    elif md < (9, 23):
        index = 2
    else:
        index = 3
    return _SEASONS[lang][index]


def is_evening(value: datetime | date) -> bool:
    """Dinner or lunch: a date alone counts as evening (most events are dinners)."""
    local = in_lima(value)
    return not isinstance(local, datetime) or local.hour >= 17


def percent(value: float, lang: Lang) -> str:
    """``45 %`` in Spanish (RAE: a space before the sign), ``45%`` in English; decimal point."""
    text = f"{value:.0f}" if abs(value) >= 10 or value == int(value) else f"{value:.1f}"
    if lang == "es":
        return f"{text} %"
    return f"{text}%"
