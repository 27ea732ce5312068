"""Small inline SVG charts for the dish-sentiment and what-changed pages.

Drawn as plain SVG strings (like the social heatmap), so a page needs no script and prints
as it shows. Every number shown is escaped and every bar has a ``<title>`` a screen reader
and a mouse can read.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from sazon.experience import Change, DishSentiment, iso_week
from sazon.web.words.dates import week as week_words

__all__ = ["change_svg", "dish_weeks_svg", "period_weeks"]

POSITIVE, NEUTRAL, NEGATIVE = "#2e7d4f", "#b8b2a7", "#b3261e"
_BAR_W, _GAP, _H, _LEFT, _BOTTOM = 14, 4, 90, 26, 18


def period_weeks(since: date, until: date) -> list[str]:
    """Every ISO week of the period, so a week nobody named the dish shows as a gap."""
    out, day = [], since
    while day <= until:
        out.append(iso_week(day))
        day += timedelta(weeks=1)
    return out


def dish_weeks_svg(dish: DishSentiment, weeks: list[str], lang: str = "es") -> str:
    """Mentions per ISO week, stacked positive / neutral / negative, on the dish's own scale
    (its busiest week is the top; the axis says how many that is)."""
    es = lang == "es"
    counts = {w.week: w for w in dish.weeks}
    top = max((w.mentions for w in dish.weeks), default=1) or 1
    width = _LEFT + len(weeks) * (_BAR_W + _GAP) + 4
    height = _H + _BOTTOM
    title = f"{dish.name}: menciones por semana" if es else f"{dish.name}: mentions per week"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="xd-chart" '
        f'data-testid="dish-chart"><title>{escape(title)}</title>',
        f'<text x="{_LEFT - 4}" y="10" text-anchor="end" font-size="10">{top}</text>',
        f'<text x="{_LEFT - 4}" y="{_H}" text-anchor="end" font-size="10">0</text>',
        f'<line x1="{_LEFT}" y1="{_H}" x2="{width - 2}" y2="{_H}" stroke="#888"/>',
    ]
    for i, week in enumerate(weeks):
        x = _LEFT + i * (_BAR_W + _GAP) + _GAP / 2
        w = counts.get(week)
        if i % 4 == 0 or i == len(weeks) - 1:
            tick = escape(week_words(week, lang, short=True))  # the Monday, not "W45"
            parts.append(f'<text x="{x + _BAR_W / 2:.0f}" y="{height - 4}" text-anchor="middle" '
                         f'font-size="9">{tick}</text>')  # fmt: skip
        if w is None:
            continue
        neutral = w.mentions - w.positive - w.negative
        words = (
            ("menciones", "positivas", "negativas") if es else ("mentions", "positive", "negative")
        )
        said = f"{w.mentions} {words[0]}, {w.positive} {words[1]}, {w.negative} {words[2]}"
        tip = f"{week_words(week, lang)}: {said}"
        y = float(_H)
        for n, colour in ((w.positive, POSITIVE), (neutral, NEUTRAL), (w.negative, NEGATIVE)):
            if n <= 0:
                continue
            h = (_H - 12) * n / top
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{_BAR_W}" height="{h:.1f}" fill="{colour}" '
                f'data-week="{week}"><title>{escape(tip)}</title></rect>'
            )
    parts.append("</svg>")
    return "".join(parts)


def change_svg(change: Change, lang: str = "es") -> str:
    """The share before and now as two bars on a 0–100 % scale, each with its n."""
    es = lang == "es"
    colour = NEGATIVE if change.measure == "negative" else POSITIVE
    what = {"negative": ("negativas", "negative"), "positive": ("positivas", "positive")}
    label = what[change.measure][0 if es else 1]
    rows = (
        ("antes" if es else "before", change.before_share, change.before_count, change.before_n),
        ("ahora" if es else "now", change.now_share, change.now_count, change.now_n),
    )
    width, bar = 360, 220
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 62" width="{width}" '
        f'height="62" role="img" class="xc-chart" data-testid="change-chart">'
        f"<title>{escape(change.summary)}</title>"
    ]
    for i, (when, share, k, n) in enumerate(rows):
        y = 6 + i * 28
        tip = f"{when}: {k}/{n} {label} ({share:.0%})"
        parts.append(
            f'<text x="0" y="{y + 14}" font-size="12">{escape(when)}</text>'
            f'<rect x="52" y="{y}" width="{bar}" height="20" fill="#eee"/>'
            f'<rect x="52" y="{y}" width="{bar * share:.1f}" height="20" fill="{colour}">'
            f"<title>{escape(tip)}</title></rect>"
            f'<text x="{58 + bar}" y="{y + 14}" font-size="12">{share:.0%} (n={n})</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
