"""Phone numbers as a Lima reader writes them, for display only.

The store keeps phones in E.164 (``+51926259305``, :func:`sazon.ingest` normalises them) and
exports keep them so; pages, sheets and CLI tables show them grouped: a Peruvian mobile as
``+51 926 259 305`` (``926 259 305`` where the country goes without saying), a Lima landline
as ``(01) 234 5678``, another Peruvian landline as ``(044) 123456``, a foreign number in its
own country's international grouping. Anything else is shown exactly as written.
"""

from __future__ import annotations

import re

__all__ = ["phone_display"]

_NOISE = re.compile(r"[\s().\-]")
_MOBILE = re.compile(r"9\d{8}")  # Peruvian mobiles: nine digits starting with 9
_LIMA = re.compile(r"1\d{7}")  # Lima and Callao: area code 1, seven digits


def _peruvian(digits: str) -> str | None:
    """The national digits of a Peruvian number written with or without +51 (or 0051)."""
    for prefix in ("+51", "0051"):
        if digits.startswith(prefix):
            return digits[len(prefix) :]
    if digits.startswith("51") and len(digits) == 11 and digits[2] == "9":
        return digits[2:]  # "51 926 259 305" without its plus
    if digits.startswith("+") or digits.startswith("00"):
        return None
    if _MOBILE.fullmatch(digits):
        return digits
    if digits.startswith("0"):
        return digits[1:]  # "(01) 2345678", "044 123456": the trunk 0 of a landline
    return None


def phone_display(raw: str | None, *, country_implied: bool = False) -> str:
    """A stored phone grouped for reading; unknown shapes as written.

    >>> phone_display("+51926259305")
    '+51 926 259 305'
    >>> phone_display("+51926259305", country_implied=True)
    '926 259 305'
    >>> phone_display("+5112345678")
    '(01) 234 5678'
    >>> phone_display("llamar a recepción")
    'llamar a recepción'
    """
    if raw is None:
        return ""
    written = raw.strip()
    digits = _NOISE.sub("", written)
    if not re.fullmatch(r"\+?\d{6,15}", digits):
        return written
    national = _peruvian(digits)
    if national is not None:
        if _MOBILE.fullmatch(national):
            grouped = f"{national[:3]} {national[3:6]} {national[6:]}"
            return grouped if country_implied else f"+51 {grouped}"
        if _LIMA.fullmatch(national):
            return f"(01) {national[1:4]} {national[4:]}"
        return _library(f"+51{national}", national=True) or written
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("+"):
        return _library(digits, national=False) or written
    return written


def _library(number: str, *, national: bool) -> str | None:
    """``phonenumbers``' grouping of a valid number (provincial landlines, other countries)."""
    import phonenumbers  # only for the less common shapes: its metadata loads per region

    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    style = phonenumbers.PhoneNumberFormat
    return str(
        phonenumbers.format_number(parsed, style.NATIONAL if national else style.INTERNATIONAL)
    )
