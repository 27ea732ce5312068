"""The pre-shift briefing as a printable A4 PDF.

Drawn with matplotlib's PDF backend: matplotlib is already a dependency (the ingest report's
charts), nothing is fetched at run time, and no pyplot state is touched, so pages can be
drawn from any server thread. The text is set in the PDF's standard Helvetica, which every
reader has: nothing to embed, the file stays small and its words can be searched and copied
(Windows-1252 holds every Spanish letter and sign; anything else prints as "?").
The PDF holds exactly what :class:`~sazon.experience.briefing.Briefing` holds for the role
that asked: a sommelier's PDF says "solo para sala" where the restrictions would be.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from sazon.experience.briefing import BriefGuest, Briefing

__all__ = ["briefing_pdf"]

A4 = (8.27, 11.69)  # inches
MARGIN, LINE = 0.06, 0.0165  # of the page
WRAP = 100  # characters per line at 9 pt
SERVICES = {"es": {"almuerzo": "almuerzo", "cena": "cena"},
            "en": {"almuerzo": "lunch", "cena": "dinner"}}  # fmt: skip
LABELS: dict[str, dict[str, str]] = {
    "es": {
        "guests": "Invitados", "visits": "visitas", "last": "última", "fav": "favoritos",
        "restr": "restricciones", "floor_only": "solo para sala", "none": "ninguna",
        "suggest": "sugerir", "note": "nota", "dishes": "Platos a impulsar o vigilar",
        "push": "impulsar", "watch": "vigilar", "page": "página", "nobody":
        "No se espera a nadie conocido para este servicio.",
    },
    "en": {
        "guests": "Guests", "visits": "visits", "last": "last", "fav": "favourites",
        "restr": "restrictions", "floor_only": "floor only", "none": "none",
        "suggest": "suggest", "note": "note", "dishes": "Dishes to push or watch",
        "push": "push", "watch": "watch", "page": "page", "nobody":
        "Nobody known is expected for this service.",
    },
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    size: float = 9.0
    bold: bool = False
    indent: float = 0.0
    gap: float = 1.0  # in lines, before it


@dataclass
class _Pages:
    figures: list[Figure] = field(default_factory=list)
    y: float = 0.0

    def new(self) -> Figure:
        from matplotlib.figure import Figure

        fig = Figure(figsize=A4)
        self.figures.append(fig)
        self.y = 1 - MARGIN
        return fig


def _lines(b: Briefing, lang: str, label: Callable[[str], str]) -> Iterator[_Line]:
    w = LABELS["en" if lang == "en" else "es"]
    service = SERVICES["en" if lang == "en" else "es"][b.service]
    yield _Line(b.briefing.title or b.venue_name, size=15, bold=True, gap=0)
    yield _Line(f"{b.venue_name} ({b.venue}) · {b.date.isoformat()} · {service}",
                size=10, gap=1.4)  # fmt: skip
    if b.briefing.summary:
        yield from _wrapped(b.briefing.summary, gap=1.6)
    for point in b.briefing.points:
        yield from _wrapped(f"• {point}", indent=0.02, gap=1.2)
    yield _Line(w["guests"], size=12, bold=True, gap=2.0)
    if not b.guests:
        yield _Line(w["nobody"], gap=1.2)
    for g in b.guests:
        yield from _guest(g, w, label)
    yield _Line(w["dishes"], size=12, bold=True, gap=2.0)
    d = b.dishes
    if d.push:
        yield from _wrapped(f"{w['push']}: {', '.join(d.push)}", gap=1.2)
    if d.watch:
        yield from _wrapped(f"{w['watch']}: {', '.join(d.watch)}", gap=1.2)
    if not d.push and not d.watch and d.note:
        yield from _wrapped(d.note, gap=1.2)


def _guest(g: BriefGuest, w: dict[str, str], label: Callable[[str], str]) -> Iterator[_Line]:
    yield _Line(g.name + (" · VIP" if g.vip else ""), size=10, bold=True, gap=1.6)
    last = g.last_visit.isoformat() if g.last_visit else "—"
    facts = [f"{w['visits']}: {g.visits}", f"{w['last']}: {last}"]
    if g.favourites:
        facts.append(f"{w['fav']}: {', '.join(g.favourites)}")
    yield from _wrapped(" · ".join(facts), indent=0.02)
    if g.restrictions is None:
        restr = w["floor_only"]
    else:
        restr = ", ".join(label(r) for r in g.restrictions) or w["none"]
    yield from _wrapped(f"{w['restr']}: {restr}", indent=0.02, bold=bool(g.restrictions))
    if g.celebration:
        yield from _wrapped(g.celebration, indent=0.02)
    if g.suggest_dish or g.suggest_wine:
        what = " · ".join(x for x in (g.suggest_dish, g.suggest_wine) if x)
        yield from _wrapped(f"{w['suggest']}: {what}", indent=0.02)
    if g.note:
        yield from _wrapped(f"{w['note']}: {g.note}", indent=0.02)


def _wrapped(text: str, *, indent: float = 0.0, gap: float = 1.0, bold: bool = False
             ) -> Iterator[_Line]:  # fmt: skip
    for i, part in enumerate(textwrap.wrap(text, WRAP - int(indent * 400)) or [""]):
        yield _Line(part, indent=indent, gap=gap if i == 0 else 1.0, bold=bold)


def briefing_pdf(
    briefing: Briefing,
    lang: str = "es",
    *,
    label: Callable[[str], str] | None = None,
    compress: bool = True,
) -> bytes:
    """The briefing as A4 pages of PDF. ``label`` names a restriction slug in the reader's
    words (the web's); without it the slug is printed with spaces. ``compress=False`` leaves
    the text readable in the file, for tests."""
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages

    pages = _Pages()
    fig = pages.new()
    for line in _lines(briefing, lang, label or (lambda slug: slug.replace("_", " "))):
        step = LINE * line.gap * max(line.size, 9) / 9
        if pages.y - step < MARGIN + LINE:
            fig = pages.new()
            step = 0.0
        pages.y -= step
        fig.text(MARGIN + line.indent, pages.y, line.text, fontsize=line.size, va="top",
                 fontweight="bold" if line.bold else "medium")  # fmt: skip
    w = LABELS["en" if lang == "en" else "es"]
    out = io.BytesIO()
    # No creation date: the same briefing gives the same bytes.
    meta = {"Title": briefing.briefing.title or "Briefing", "Creator": "Sazón",
            "CreationDate": None}  # fmt: skip
    with (
        matplotlib.rc_context(
            {
                "pdf.compression": 6 if compress else 0,
                "pdf.use14corefonts": True,
                "font.family": "sans-serif",
            }
        ),
        PdfPages(out, metadata=meta) as pdf,
    ):
        for n, page in enumerate(pages.figures, 1):
            page.text(1 - MARGIN, MARGIN / 2, f"{w['page']} {n}/{len(pages.figures)}",
                      fontsize=8, ha="right")  # fmt: skip
            pdf.savefig(page)
    return out.getvalue()
