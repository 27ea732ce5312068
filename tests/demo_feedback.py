"""The demo's venues, menus and reviews stored fast (no guests, no ingest), for the reports.

The real ``load_demo`` runs every file through ingest (minutes); the dish and change reports
read only venues, dishes and feedback texts, so these are written directly from the demo's
own generator (same seed, same texts and dates as ``sazon demo``).
"""

from __future__ import annotations

from pathlib import Path

from sazon.demo import feedback as fb
from sazon.demo import guests as gu
from sazon.demo import visits as vi
from sazon.demo.direct import store_venues
from sazon.demo.safety import SafetyChecker
from sazon.demo.venues import build_venues
from sazon.ingest import initialise_store
from sazon.knowledge import KnowledgeBase
from sazon.store import Dish, Feedback, make_engine, session_factory, transaction
from sazon.timeutil import to_utc

DEMO_SEED = 7
DEMO_GUESTS = 850


def write_demo_feedback(path: Path, kb: KnowledgeBase) -> None:
    """A SQLite store at ``path`` with the demo's venues, menus and reviews."""
    engine = make_engine(f"sqlite:///{path}")
    initialise_store(engine, kb)
    factory = session_factory(engine)
    checker = SafetyChecker(kb)
    venues = build_venues(DEMO_SEED, kb, checker)
    people = gu.build_guests(DEMO_SEED, kb, DEMO_GUESTS)
    feedback = fb.build_feedback(DEMO_SEED, vi.build_visits(DEMO_SEED, people, venues, checker))
    with transaction(factory) as session:
        ids = store_venues(session, venues)
        session.add_all(
            Dish(
                code=d.code,
                venue_id=ids[v.spec.code],
                name_es=d.name,
                name_en=d.name_en,
                course=d.course,
                cuisine=d.cuisine,
            )
            for v in venues
            for d in v.menu
        )
        session.add_all(
            Feedback(
                external_id=f.external_id,
                venue_id=ids[f.visit.venue.spec.code],
                rating=f.rating,
                text=f.text or None,
                channel=f.channel,
                language="es" if f.visit.persona.language == "es" else "en",
                submitted_at=to_utc(f.submitted_at),
            )
            for f in feedback
        )
    engine.dispose()
