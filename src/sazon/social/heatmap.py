"""The best-times map as an SVG: one cell per weekday and hour, darker where more is expected.

Each cell carries a ``<title>`` (the tooltip and what a screen reader reads) with the slot, the
expected engagement and its band; cells the page never used are hatched-out with a dot, so the
chart does not rely on colour alone.
"""

from __future__ import annotations

from html import escape

from sazon.social.best_times import WEEKDAYS_EN, WEEKDAYS_ES, BestTimes

_CELL_W, _CELL_H, _LEFT, _TOP = 36, 18, 44, 26
# Light to dark, a sequential scale that stays readable for colour-blind readers.
_SCALE = ("#fff5eb", "#fdd0a2", "#fdae6b", "#f16913", "#a63603")


def heatmap_svg(result: BestTimes, *, title: str, lang: str = "es") -> str:
    """The 7 × 24 map of ``result`` as an ``<svg>`` element with ``role="img"``."""
    days = WEEKDAYS_EN if lang == "en" else WEEKDAYS_ES
    values = sorted(s.expected for s in result.slots)
    cuts = [values[int(len(values) * q)] for q in (0.25, 0.5, 0.75, 0.9)]
    width, height = _LEFT + 7 * _CELL_W + 4, _TOP + 24 * _CELL_H + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" class="heatmap" data-testid="best-times-heatmap">'
        f"<title>{escape(title)}</title>"
    ]
    for w, day in enumerate(days):
        x = _LEFT + w * _CELL_W + _CELL_W / 2
        parts.append(
            f'<text x="{x:.0f}" y="16" text-anchor="middle" font-size="11">{escape(day[:3])}</text>'
        )
    for hour in range(24):
        y = _TOP + hour * _CELL_H + 13
        parts.append(
            f'<text x="{_LEFT - 6}" y="{y}" text-anchor="end" font-size="10">{hour:02d}:00</text>'
        )
    unit = "engagement" if lang == "en" else "interacción"
    for s in result.slots:
        level = sum(s.expected > c for c in cuts)
        x, y = _LEFT + s.weekday * _CELL_W, _TOP + s.hour * _CELL_H
        tip = (
            f"{days[s.weekday]} {s.hour:02d}:00 — {unit} ≈ {s.expected:.0f} "
            f"({s.low:.0f}–{s.high:.0f}); {s.own_posts} "
            + ("own posts" if lang == "en" else "publicaciones propias")
        )
        parts.append(
            f'<rect x="{x}" y="{y}" width="{_CELL_W - 2}" height="{_CELL_H - 2}" '
            f'fill="{_SCALE[level]}" data-weekday="{s.weekday}" data-hour="{s.hour}">'
            f"<title>{escape(tip)}</title></rect>"
        )
        if s.own_posts == 0:
            parts.append(
                f'<circle cx="{x + _CELL_W - 7}" cy="{y + 5}" r="1.6" fill="#555" '
                'aria-hidden="true"/>'
            )
    parts.append("</svg>")
    return "".join(parts)
