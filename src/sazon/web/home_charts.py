"""The home page's two small charts, as inline SVG like the experience pages' (no script, they
print as they show): an event's RSVPs as one stacked bar, and the allergies to expect as bars.

Every number is in a ``<title>`` too, so a screen reader and a mouse can read it.
"""

from __future__ import annotations

from html import escape

from sazon.web.tools.experience_charts import NEGATIVE, NEUTRAL, POSITIVE

__all__ = ["allergy_bars_svg", "rsvp_bar_svg"]

_WAITING = "#d9a441"


def rsvp_bar_svg(rsvp: dict[str, int], capacity: int | None, words: dict[str, str]) -> str:
    """Confirmed, not answered and declined side by side on one bar as wide as the event's
    capacity (or its invitations when it has none); the seats left stay empty."""
    confirmed = rsvp.get("confirmed", 0) + rsvp.get("attended", 0)
    waiting = rsvp.get("invited", 0)
    declined = rsvp.get("declined", 0) + rsvp.get("cancelled", 0)
    scale = max(capacity or 0, confirmed + waiting + declined, 1)
    width, height = 320, 18
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" class="hm-bar" data-testid="rsvp-bar">'
        f"<title>{confirmed} {escape(words['rsvp_status_confirmed'])}, {waiting} "
        f"{escape(words['rsvp_status_invited'])}, {declined} "
        f"{escape(words['rsvp_status_declined'])}</title>"
        f'<rect width="{width}" height="{height}" fill="#eee" rx="3"/>'
    ]
    x = 0.0
    for n, colour, key in (
        (confirmed, POSITIVE, "rsvp_status_confirmed"),
        (waiting, _WAITING, "rsvp_status_invited"),
        (declined, NEUTRAL, "rsvp_status_declined"),
    ):
        if n <= 0:
            continue
        w = width * n / scale
        parts.append(
            f'<rect x="{x:.1f}" width="{w:.1f}" height="{height}" fill="{colour}" '
            f'data-part="{key[12:]}"><title>{n} {escape(words[key])}</title></rect>'
        )
        x += w
    parts.append("</svg>")
    return "".join(parts)


def allergy_bars_svg(counts: list[tuple[str, int]], names: dict[str, str], top: int = 6) -> str:
    """The ``top`` allergies by how many guests have them, one bar each on a shared scale."""
    shown = counts[:top]
    if not shown:
        return ""
    most = max(n for _, n in shown)
    row, label_w, bar_w = 20, 110, 170
    height = row * len(shown)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {label_w + bar_w + 34} {height}" '
        f'width="{label_w + bar_w + 34}" height="{height}" role="img" class="hm-bars" '
        f'data-testid="allergy-bars"><title>'
        + escape(", ".join(f"{names.get(k, k)}: {n}" for k, n in shown))
        + "</title>"
    ]
    for i, (slug, n) in enumerate(shown):
        y = i * row
        w = bar_w * n / most
        name = escape(names.get(slug, slug))
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" font-size="12">{name}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" '
            f'fill="{NEGATIVE}"><title>{name}: {n}</title></rect>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 14}" font-size="12">{n}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
