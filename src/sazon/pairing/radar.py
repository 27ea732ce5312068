"""A radar chart of a dish's profile against a wine's, as inline SVG (no JavaScript).

Each axis pairs a dish trait with the wine trait that answers it, on the shared 0–5 scale:
acidity with acidity, sweetness with sweetness, weight with body, richness with tannin, heat
with alcohol (9 % ABV is 0, 15 % and above is 5). The page shows the same numbers in a table
for screen readers and for printing.
"""

from __future__ import annotations

import math
from html import escape

from sazon.pairing.schemas import DishProfile, Lang, WineProfile

AXES: tuple[tuple[str, str, str, str], ...] = (
    # dish attribute, wine attribute, Spanish label, English label
    ("acidity", "acidity", "Acidez", "Acidity"),
    ("sweetness", "sweetness", "Dulzor", "Sweetness"),
    ("weight", "body", "Peso · cuerpo", "Weight · body"),
    ("fat", "tannin", "Grasa · taninos", "Richness · tannin"),
    ("heat", "alcohol", "Picante · alcohol", "Heat · alcohol"),
)
DISH_COLOUR = "#9b2c1f"
WINE_COLOUR = "#1a4f8b"


def _wine_value(w: WineProfile, attribute: str) -> float:
    if attribute == "alcohol":
        return max(0.0, min(5.0, (w.alcohol - 9.0) / 1.2))
    return float(getattr(w, attribute))


def radar_axes(d: DishProfile, w: WineProfile, lang: Lang = "es") -> list[tuple[str, float, float]]:
    """(label, dish value, wine value) for each axis, rounded to one decimal."""
    return [
        (es if lang == "es" else en, round(float(getattr(d, da)), 1), round(_wine_value(w, wa), 1))
        for da, wa, es, en in AXES
    ]


def _point(cx: float, cy: float, r: float, i: int, n: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * i / n
    return cx + r * math.cos(angle), cy + r * math.sin(angle)


def radar_svg(
    axes: list[tuple[str, float, float]],
    *,
    title: str,
    dish_label: str,
    wine_label: str,
    size: int = 300,
) -> str:
    """The chart as an ``<svg>`` element (``role="img"`` with a title; colours also dashed)."""
    n = len(axes)
    margin = 44  # room for the axis labels on both sides
    width, height = size + 2 * margin, size + 56
    cx, cy, radius = width / 2, size / 2 + 8, size / 2 - 48
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="radar">'
        f"<title>{escape(title)}</title>"
    ]
    for level in range(1, 6):
        ring = [_point(cx, cy, radius * level / 5, i, n) for i in range(n)]
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in ring)
        parts.append(f'<polygon points="{pts}" fill="none" stroke="#e4dccf" stroke-width="1"/>')
    for i, (label, _, _) in enumerate(axes):
        x, y = _point(cx, cy, radius, i, n)
        parts.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#d6ccbd"/>'
        )
        lx, ly = _point(cx, cy, radius + 16, i, n)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        lines = label.split(" · ")  # "Picante · alcohol" on two lines
        top = ly + 4 - 6 * (len(lines) - 1)
        spans = "".join(
            f'<tspan x="{lx:.1f}" y="{top + 12 * k:.1f}">{escape(line)}</tspan>'
            for k, line in enumerate(lines)
        )
        parts.append(f'<text font-size="12" text-anchor="{anchor}" fill="#1f1b16">{spans}</text>')
    for is_dish, colour, dash in (
        (True, DISH_COLOUR, ""),
        (False, WINE_COLOUR, ' stroke-dasharray="5 3"'),
    ):
        values = [a[1] if is_dish else a[2] for a in axes]
        shape = [
            _point(cx, cy, radius * max(0.0, min(5.0, v)) / 5, i, n) for i, v in enumerate(values)
        ]
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in shape)
        parts.append(
            f'<polygon points="{pts}" fill="{colour}" fill-opacity="0.18" stroke="{colour}" '
            f'stroke-width="2"{dash}/>'
        )
    for row, (colour, label) in enumerate(((DISH_COLOUR, dish_label), (WINE_COLOUR, wine_label))):
        y = size + 22 + 18 * row
        parts.append(
            f'<rect x="{margin}" y="{y - 9}" width="14" height="10" fill="{colour}"/>'
            f'<text x="{margin + 20}" y="{y}" font-size="12" fill="#1f1b16">'
            f"{escape(label[:44])}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
