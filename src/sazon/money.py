"""Money rules: amounts are soles (PEN), kept as Decimal, read the way people in Lima write them.

One reader for every face: the CLI option, the web form and an ingest cell all accept
"S/ 1.234,50", "S/. 45.00", "PEN 120", "1,234.5" or "85,50", and refuse other currencies
instead of guessing an exchange rate.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def parse_soles(value: str, *, at_most: Decimal | None = None) -> Decimal:
    """An amount in soles, rounded half up to cents; ``ValueError`` with a sentence when it is
    not one (another currency, negative, or more than ``at_most``)."""
    amount = _read(value)
    # NaN and Infinity parse as Decimals, but no amount of money is either.
    if not amount.is_finite():
        raise ValueError(f"'{value}' is not an amount in soles (e.g. S/ 45.50)")
    if amount < 0:
        raise ValueError(f"amount {amount} is negative")
    if at_most is not None and amount > at_most:
        raise ValueError(f"'{value}' is more than S/ {at_most}")
    try:
        return amount.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than any amount of money has
        raise ValueError(f"'{value}' is too large to be an amount in soles") from None


def _read(value: str) -> Decimal:
    text = "".join(c for c in value if unicodedata.category(c)[0] != "C").upper()
    if re.search(r"US\$|USD|\$|€|EUR", text):
        raise ValueError(f"'{value}' is not in soles (PEN): convert it first")
    text = re.sub(r"S/\.?|PEN|SOLES?|\s", "", text)
    if "," in text and "." in text:
        # The later separator is the decimal one: 1.234,50 or 1,234.50.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        # One comma followed by three digits groups thousands (1,234); otherwise it is the
        # decimal comma people write in Peru (45,50).
        whole, _, frac = text.rpartition(",")
        text = f"{whole.replace(',', '')}.{frac}" if len(frac) != 3 else text.replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"'{value}' is not an amount in soles (e.g. S/ 45.50)") from exc
