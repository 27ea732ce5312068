"""The briefing as PDF: what it prints, by role, and that long briefings flow onto more pages."""

from __future__ import annotations

import re
from datetime import date

from sazon.experience import Briefing, briefing_pdf
from sazon.experience.briefing import BriefGuest, BriefingText, DishSignals


def _briefing(guests: int, *, health: bool) -> Briefing:
    people = [
        BriefGuest(
            guest_id=n, name=f"Rosa Núñez {n}", vip=n == 0, visits=4, last_visit=date(2026, 11, 2),
            favourites=["Ají de gallina"], restrictions=["peanuts"] if health else None,
            celebration="cumpleaños el 12/12" if n == 0 else None, last_feedback=None,
            p_return=None, suggest_dish="Causa limeña", suggest_wine="Tannat Reserva",
            note="sugerir Causa limeña con Tannat Reserva",
        )
        for n in range(guests)
    ]  # fmt: skip
    return Briefing(
        venue="mfl", venue_name="Qaray Mar", date=date(2026, 12, 12), service="cena",
        source="eventos", guests=people,
        dishes=DishSignals(status="ok", push=["Tres leches"], watch=["Ceviche mixto"], note="x"),
        briefing=BriefingText(title="Briefing de cena — Qaray Mar", summary="Se esperan.",
                              points=[], text="", grounded=True),
    )  # fmt: skip


def _text(pdf: bytes) -> str:
    return pdf.decode("cp1252", errors="replace")


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def test_pdf__prints_the_guests_restrictions_in_words_and_the_dishes() -> None:
    pdf = briefing_pdf(_briefing(2, health=True), label={"peanuts": "maní"}.get, compress=False)  # type: ignore[arg-type]
    text = _text(pdf)
    assert pdf.startswith(b"%PDF-") and _pages(pdf) == 1
    for shown in ("Briefing de cena — Qaray Mar", "Rosa Núñez 1", "restricciones: maní",
                  "sugerir: Causa limeña · Tannat Reserva", "impulsar: Tres leches",
                  "vigilar: Ceviche mixto", "cumpleaños el 12/12", "página 1/1"):  # fmt: skip
        assert shown in text, shown


def test_pdf__a_role_without_health_access_gets_no_restrictions() -> None:
    text = _text(briefing_pdf(_briefing(2, health=False), compress=False))
    assert "restricciones: solo para sala" in text and "peanuts" not in text


def test_pdf__a_long_briefing_flows_onto_numbered_pages_and_is_reproducible() -> None:
    long = _briefing(40, health=True)
    pdf = briefing_pdf(long, "en", compress=False)
    pages = _pages(pdf)
    assert pages >= 3 and f"page {pages}/{pages}" in _text(pdf)
    assert "Rosa Núñez 39" in _text(pdf) and "Guests" in _text(pdf)
    assert briefing_pdf(long, "en") == briefing_pdf(long, "en")  # no creation date inside
