"""Segments, the pre-shift briefing and the learning loop on a real store (SQLite).

A venue (the recommendation tests' "tst") plus three groups of guests built to be told
apart: lunch regulars, family celebrations, and regulars who stopped coming a year ago.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sazon.bus import VisitRecorded, Worker, make_bus
from sazon.config import Settings, load_settings
from sazon.experience import (
    ExperienceServing,
    build_briefing,
    experience_learn_processor,
    marketing_members,
    members_csv,
    members_xlsx,
    recommend_for_guest,
    segment_guests,
    train_items,
)
from sazon.experience.item_model import ItemModel
from sazon.experience.store_history import order_history
from sazon.ingest import initialise_store
from sazon.knowledge import KnowledgeBase
from sazon.ml import ModelRegistry
from sazon.store import make_engine, session_factory, transaction
from sazon.store.models import Dish, Event, Guest, Invitation, OrderLine, Venue, Visit
from tests.integration.test_experience_store import DISHES, MEAT, _store

pytestmark = pytest.mark.integration
AS_OF = date(2026, 11, 20)
LIMA = timedelta(hours=5)  # Lima is UTC-5 all year
SERVICE_DAY = date(2026, 12, 12)


def _at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC) + LIMA


def _groups(factory: sessionmaker[Session]) -> dict[str, list[int]]:
    """Six guests in each group; the even ones consented to marketing."""
    plan = {
        # group: (visits, first day, every n days, Lima hour, party, occasion, spend)
        "lunch": (10, AS_OF - timedelta(days=95), 10, 13, 2, None, "80"),
        "family": (3, AS_OF - timedelta(days=40), 15, 20, 6, "cumpleaños", "600"),
        "lapsed": (10, AS_OF - timedelta(days=420), 10, 20, 2, None, "120"),
    }
    out: dict[str, list[int]] = {}
    with transaction(factory) as s:
        venue = s.scalars(select(Venue).where(Venue.code == "tst")).one()
        for group, (n, first, every, hour, party, occasion, spend) in plan.items():
            for i in range(6):
                g = Guest(first_name=f"{group}{i}", last_name="Prueba", email=f"{group}{i}@x.pe",
                          consent_marketing=i % 2 == 0, allergies=["peanut"],
                          diets=["vegan"] if i == 1 else [])  # fmt: skip
                s.add(g)
                s.flush()
                out.setdefault(group, []).append(g.id)
                for v in range(n):
                    s.add(Visit(guest_id=g.id, venue_id=venue.id, party_size=party,
                                visited_at=_at(first + timedelta(days=v * every), hour),
                                occasion=occasion, total_pen=Decimal(spend)))  # fmt: skip
    return out


def _event(factory: sessionmaker[Session], guests: dict[str, int]) -> None:
    """A dinner on SERVICE_DAY: the vegan (birthday two days later) confirmed, the fish
    guest invited, the meat guest declined."""
    with transaction(factory) as s:
        venue = s.scalars(select(Venue).where(Venue.code == "tst")).one()
        event = Event(name="Cena de fin de año", event_type="cena", venue_id=venue.id,
                      starts_at=_at(SERVICE_DAY, 20), status="planning")  # fmt: skip
        s.add(event)
        s.flush()
        vegan = s.get(Guest, guests["vegan"])
        assert vegan is not None
        vegan.birth_date = date(1990, SERVICE_DAY.month, SERVICE_DAY.day + 2)
        for who, status in (("vegan", "confirmed"), ("fish", "invited"), ("meat", "declined")):
            s.add(Invitation(event_id=event.id, guest_id=guests[who], status=status))


@pytest.fixture(scope="module")
def store(
    tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase
) -> Iterator[tuple[sessionmaker[Session], dict[str, int], dict[str, list[int]]]]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('segments') / 'store.db'}")
    initialise_store(engine, kb)
    factory = session_factory(engine)
    guests = _store(factory)
    groups = _groups(factory)
    _event(factory, guests)
    yield factory, guests, groups
    engine.dispose()


def test_segments__named_by_what_defines_them_stable_and_without_health_data(store) -> None:  # type: ignore[no-untyped-def]
    factory, _, groups = store
    with factory() as s:
        result, assigned = segment_guests(s, as_of=AS_OF, k=3)
    names = {seg.name for seg in result.segments}
    by_group = {g: {assigned.loc[i, "segment"] for i in ids} for g, ids in groups.items()}
    assert by_group["lunch"] == {"habituales de almuerzo"}
    assert by_group["family"] == {"celebraciones en familia"}
    [lapsed] = by_group["lapsed"]
    assert lapsed.startswith("habituales") and lapsed.endswith("en riesgo")  # "… de cena …"
    assert {"habituales de almuerzo", "celebraciones en familia", lapsed} == names
    assert sum(seg.size for seg in result.segments) == result.guests == len(assigned)
    assert result.stability is not None and 0.0 <= result.stability.ari_min <= 1.0
    lunch = next(seg for seg in result.segments if seg.name == "habituales de almuerzo")
    assert lunch.value_pen == pytest.approx(6 * 10 * 80)
    assert "lunch_share" in {d.feature for d in lunch.defining}
    text = result.model_dump_json().lower()
    assert "allerg" not in text and "diet" not in text and "peanut" not in text


def test_segments__export_lists_only_guests_who_consented_to_marketing(store) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    factory, _, groups = store
    with factory() as s:
        result, assigned = segment_guests(s, as_of=AS_OF, k=3)
        members = marketing_members(s, assigned)
    consented = {i for ids in groups.values() for n, i in enumerate(ids) if n % 2 == 0}
    assert {m.guest_id for m in members} == consented
    header = members_csv(members).splitlines()[0]
    assert header.startswith("guest_id,first_name") and "allerg" not in header
    book = load_workbook(io.BytesIO(members_xlsx(members, result)))
    assert book.sheetnames == ["segmentos", "invitados"]
    assert book["invitados"].max_row == 1 + len(consented)


def test_briefing__event_guests_with_safe_suggestions_restrictions_by_role(store) -> None:  # type: ignore[no-untyped-def]
    factory, guests, _ = store
    with factory() as s:
        staff = build_briefing(s, "tst", SERVICE_DAY, "cena", role="staff")
        sommelier = build_briefing(s, "tst", SERVICE_DAY, "cena", role="sommelier", lang="en")
    assert staff.source == "eventos"
    assert [g.guest_id for g in staff.guests] == [guests["vegan"], guests["fish"]]  # not meat
    vegan = staff.guests[0]
    assert vegan.restrictions == ["vegan"] and vegan.celebration is not None
    meat_names = {DISHES[c][0] for c in MEAT}
    assert vegan.suggest_dish not in meat_names and set(vegan.favourites) <= {"Quinua con verduras"}
    assert all(g.restrictions is None for g in sommelier.guests)
    assert staff.briefing.grounded and not staff.briefing.warnings
    assert any("Vega" in p and "cumpleaños" in p for p in staff.briefing.points)
    assert staff.dishes.status == "sin datos" and "sin datos" in staff.briefing.text
    assert sommelier.briefing.text.startswith(("Dinner", "Pre-shift", "Before", "Briefing"))


def test_briefing__without_events_the_likely_regulars_of_that_service(store) -> None:  # type: ignore[no-untyped-def]
    factory, groups_guests, groups = store
    with factory() as s:
        lunch = build_briefing(s, "tst", AS_OF + timedelta(days=1), "almuerzo", role="staff")
    assert lunch.source == "habituales" and lunch.guests
    ids = {g.guest_id for g in lunch.guests}
    assert ids <= set(groups["lunch"]) | set(groups_guests.values())
    assert not ids & set(groups["family"]) and not ids & set(groups["lapsed"])  # dinner guests
    assert all(g.p_return is not None for g in lunch.guests)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(home=tmp_path / "home")


def test_learning__a_visit_on_the_bus_changes_the_served_recommendations(
    sqlite_factory: sessionmaker[Session], kb: KnowledgeBase, settings: Settings
) -> None:
    factory = sqlite_factory
    guests = _store(factory)
    served = ExperienceServing(settings)
    fish = guests["fish2"]

    def favourites() -> list[str]:
        with factory() as s:
            recs = recommend_for_guest(s, fish, kb=kb, top=2, served=served)
            return [f.code for f in recs.favourites]

    before = favourites()
    assert "lom" not in before
    with transaction(factory) as s:
        lomo = s.scalars(select(Dish).where(Dish.code == "lom")).one()
        visit = Visit(guest_id=fish, venue_id=lomo.venue_id,
                      visited_at=datetime(2026, 11, 1, 20, tzinfo=UTC))  # fmt: skip
        visit.lines.append(OrderLine(dish_id=lomo.id, item_name=lomo.name_es, quantity=9))
        s.add(visit)
        s.flush()
        event = VisitRecorded(visit_id=visit.id, guest_id=fish, venue_id=lomo.venue_id)
    assert favourites() == before  # served from the cache: the store was not read again
    engine = factory.kw["bind"]
    bus = make_bus("embedded://", engine)
    with Worker(bus, engine, [experience_learn_processor(settings)]) as worker:
        bus.publish(VisitRecorded.topic, event)
        assert worker.drain(timeout=60).processed == 1
    assert favourites()[0] == "lom"  # ordered nine times: now the first favourite


def test_train__registers_the_active_version_with_metrics_and_serves_it(
    sqlite_factory: sessionmaker[Session], kb: KnowledgeBase, settings: Settings
) -> None:
    guests = _store(sqlite_factory)
    with sqlite_factory() as s:
        trained = train_items(s, settings)
        plain = recommend_for_guest(s, guests["fish"], kb=kb)
        history = order_history(s)
    registry = ModelRegistry.from_settings(settings)
    assert registry.active("experience-items") == trained.version == "v0001"
    manifest = registry.manifest("experience-items")
    assert 0.0 <= manifest.metrics["hit_rate_at_10"] <= 1.0
    assert "popularity_hit_rate_at_10" in manifest.metrics
    loaded: ItemModel = registry.load("experience-items")
    fitted = ItemModel().fit(history, loaded.keys)
    assert loaded.keys == fitted.keys and (loaded.sim == fitted.sim).all()
    assert loaded.history.counts == fitted.history.counts
    served = ExperienceServing(settings)
    with sqlite_factory() as s:
        assert recommend_for_guest(s, guests["fish"], kb=kb, served=served) == plain
    assert served.rebuilds == 1
    with sqlite_factory() as s:
        second = train_items(s, settings)
        recommend_for_guest(s, guests["fish"], kb=kb, served=served)
    assert second.version == "v0002" and served.rebuilds == 2  # a new active version is served
