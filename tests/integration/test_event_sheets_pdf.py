"""The kitchen sheet and the menu card as PDF: printed by Chromium from the print pages'
templates, with the guests by name and their allergens marked; a clear error without it."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pypdf  # a dev dependency: a missing one fails the module, never skips it
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sazon.errors import DependencyUnavailable
from sazon.events import EventCreate, TokenOverlapMatcher, create_event, invite_guests, plan_event
from sazon.ingest import ingest_file
from sazon.knowledge import KnowledgeBase
from sazon.store.models import Guest, Venue
from sazon.web import sheet_pdf
from tests.integration.test_events_faces import GUESTS, MENU

pytestmark = pytest.mark.integration


def _text(body: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(body)).pages
    return " ".join(" ".join((p.extract_text() or "").split()) for p in pages)


def _planned(factory: sessionmaker[Session], kb: KnowledgeBase, tmp: Path) -> int:
    (tmp / "g.csv").write_text(GUESTS, encoding="utf-8")
    (tmp / "m.csv").write_text(MENU, encoding="utf-8")
    ingest_file(factory, kb, "dishes", tmp / "m.csv")
    ingest_file(factory, kb, "guests", tmp / "g.csv")
    with factory.begin() as s:
        venue = s.scalars(select(Venue).where(Venue.name == "Qaray Test")).one()
        event = create_event(
            s, EventCreate(name="Cena de Año Nuevo", starts_at=datetime(2030, 12, 31, 20),
                           venue_id=venue.id, courses=["entrada", "fondo", "postre"]),
        )  # fmt: skip
        invite_guests(s, event.id, list(s.scalars(select(Guest.id).order_by(Guest.id))))
        plan_event(s, kb, event.id, matcher=TokenOverlapMatcher())
        return event.id


def test_both_sheets_print_names_allergens_and_lima_dates_and_fail_clearly_without_chromium(
    sqlite_factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    event_id = _planned(sqlite_factory, kb, tmp_path)
    kitchen = sheet_pdf(sqlite_factory, event_id, "kitchen", "es", where="test")
    assert kitchen.body.startswith(b"%PDF-")
    assert kitchen.filename == "hoja-de-cocina-cena-de-ano-nuevo-2030-12-31.pdf"
    text = _text(kitchen.body)
    for shown in ("Hoja de cocina: Cena de Año Nuevo", "Ana Quispe", "Jorge Salas",
                  "sin mariscos", "sin gluten", "mar. 31 dic. 2030, 8:00 p. m.", "Alérgenos",
                  "página 1/"):  # fmt: skip
        assert shown in text, shown
    card = sheet_pdf(sqlite_factory, event_id, "menu-card", "en", where="test")
    text = _text(card.body)
    assert card.filename.startswith("menu-card-cena-de-ano-nuevo-")
    assert "Cena de Año Nuevo" in text and "Tue 31 Dec 2030" in text
    monkeypatch.setenv("SAZON_CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(DependencyUnavailable, match=r"falta Chromium.*Chromium is missing"):
        sheet_pdf(sqlite_factory, event_id, "kitchen", "es", where="test")
