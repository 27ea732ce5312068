"""Generate the demo data set, write it as files, and load it through the real ingest pipeline."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sazon.demo import events as ev
from sazon.demo import feedback as fb
from sazon.demo import guests as gu
from sazon.demo import market as mk
from sazon.demo import social as so
from sazon.demo import visits as vi
from sazon.demo.direct import store_events, store_venues, store_wine_lists
from sazon.demo.files import write_csv, write_json, write_jsonl
from sazon.demo.safety import SafetyChecker
from sazon.demo.venues import GROUP, Venue, build_venues, menu_rows
from sazon.errors import InvalidInput
from sazon.ingest import ingest_file
from sazon.knowledge import KnowledgeBase
from sazon.store import (
    Dish,
    Event,
    Feedback,
    Guest,
    Invitation,
    MarketText,
    OrderLine,
    QuarantinedRow,
    SocialPost,
    Visit,
    Wine,
    transaction,
)
from sazon.store import Venue as VenueRow

Progress = Callable[[str, int, int], None]
DIRECTORY_FILE = "locales_y_eventos.json"
MIN_GUESTS = 40  # the upcoming tasting alone needs 24 local guests who accept personalisation

# Ingest order matters: menus before visits (order lines), guests before visits and feedback.
FILES = (
    ("dishes", "cartas.csv", "Cargando cartas"),
    ("guests", "clientes.csv", "Cargando clientes"),
    ("visits", "ventas.csv", "Cargando visitas"),
    ("feedback", "resenas.jsonl", "Cargando reseñas"),
    ("social-posts", "redes_sociales.csv", "Cargando publicaciones"),
    ("market-texts", "menciones_mercado.jsonl", "Cargando menciones de mercado"),
)


def _quiet(step: str, done: int, total: int) -> None:
    return None


def _rows_progress(report: Progress, step: str) -> Callable[[int, int], None]:
    def rows(done: int, total: int) -> None:
        report(step, done, total)

    return rows


def generate_files(
    kb: KnowledgeBase, workdir: Path, *, seed: int = 7, n_guests: int = 850,
    progress: Progress | None = None,
) -> tuple[list[Venue], list[tuple[ev.EventSpec, list[ev.PlannedInvitation]]]]:  # fmt: skip
    """Write the demo files into ``workdir``; returns what is stored directly (no ingest kind)."""
    if n_guests < MIN_GUESTS:
        raise InvalidInput(f"n_guests must be at least {MIN_GUESTS} (the tasting needs 24)")
    report = progress or _quiet
    workdir.mkdir(parents=True, exist_ok=True)
    step, total = "Generando datos de demostración", 7
    checker = SafetyChecker(kb)
    venues = build_venues(seed, kb, checker)
    report(step, 1, total)
    people = gu.build_guests(seed, kb, n_guests)
    report(step, 2, total)
    visits = vi.build_visits(seed, people, venues, checker)
    report(step, 3, total)
    feedback = fb.build_feedback(seed, visits)
    report(step, 4, total)
    plans = ev.plan_events(seed, people)
    posts = so.build_posts(seed, venues)
    report(step, 5, total)
    market = mk.build_market_texts(seed)
    report(step, 6, total)
    write_csv(workdir / "cartas.csv", list(menu_rows(venues)[0]), menu_rows(venues))
    write_csv(workdir / "clientes.csv", gu.HEADERS, gu.guest_rows(seed, people), bom=True)
    write_csv(workdir / "ventas.csv", vi.HEADERS, vi.visit_rows(seed, visits))
    write_jsonl(workdir / "resenas.jsonl", fb.feedback_rows(feedback))
    write_csv(workdir / "redes_sociales.csv", so.HEADERS, posts)
    write_jsonl(workdir / "menciones_mercado.jsonl", market)
    write_json(workdir / DIRECTORY_FILE, _directory(venues, plans))
    report(step, 7, total)
    return venues, plans


def _directory(
    venues: list[Venue], plans: list[tuple[ev.EventSpec, list[ev.PlannedInvitation]]]
) -> dict[str, object]:
    """What is stored without an ingest kind, written out so people can read the whole demo."""
    return {
        "group": GROUP,
        "venues": [
            {
                "code": v.spec.code,
                "name": v.spec.name,
                "district": v.spec.district,
                "capacity": v.spec.capacity,
                "cuisine": v.spec.cuisine,
                "wine_list": [
                    {
                        "code": w.code,
                        "name": w.wine.name,
                        "price_pen": str(w.price),
                        "by_the_glass": w.by_the_glass,
                    }
                    for w in v.wines
                ],
            }
            for v in venues
        ],
        "events": ev.event_rows(plans),
    }


def load_demo(
    factory: sessionmaker[Session],
    kb: KnowledgeBase,
    workdir: Path | None = None,
    *,
    seed: int = 7,
    n_guests: int = 850,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Generate the demo of a fictitious Lima restaurant group and load it; safe to re-run.

    Files are written to a temporary folder (or ``workdir``, for people who want to read
    them) and loaded with :func:`sazon.ingest.ingest_file`; venues, wine lists, events and
    invitations (no ingest kind) are stored directly, looked up first by code or name.
    The temporary folder is deleted afterwards: the files name (fictitious) people, and a
    copy kept beside the store would survive their erasure. Returns how many rows each demo
    table holds afterwards.
    """
    if workdir is not None:
        return _load(factory, kb, workdir, seed, n_guests, progress)
    with tempfile.TemporaryDirectory(prefix="sazon-demo-") as tmp:
        return _load(factory, kb, Path(tmp), seed, n_guests, progress)


def _load(
    factory: sessionmaker[Session], kb: KnowledgeBase, workdir: Path, seed: int, n_guests: int,
    progress: Progress | None,
) -> dict[str, int]:  # fmt: skip
    report = progress or _quiet
    venues, plans = generate_files(kb, workdir, seed=seed, n_guests=n_guests, progress=progress)
    with transaction(factory) as session:
        venue_ids = store_venues(session, venues)
        store_wine_lists(session, venues, venue_ids)
    report("Locales y cartas de vinos", 1, 1)
    for kind, filename, step in FILES:
        summary = ingest_file(
            factory,
            kb,
            kind,
            workdir / filename,
            progress=_rows_progress(report, step),
        )
        if summary.accepted + summary.merged + summary.quarantined != summary.rows:
            raise RuntimeError(f"ingest of {filename} lost rows: {summary.rows} rows in the file")
    with transaction(factory) as session:
        store_events(session, plans, venue_ids)
    report("Eventos e invitaciones", 1, 1)
    return demo_counts(factory)


def remove_old_demo_files(folder: Path) -> list[str]:
    """Delete the demo files earlier versions left in ``folder`` (only those; the folder goes
    if nothing else is in it). Returns the names removed."""
    names = [f for _, f, _ in FILES] + [DIRECTORY_FILE]
    removed = [name for name in names if (folder / name).is_file()]
    for name in removed:
        (folder / name).unlink()
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
    return removed


def demo_counts(factory: sessionmaker[Session]) -> dict[str, int]:
    def count(model: type, *where: object) -> int:
        stmt = select(func.count()).select_from(model)
        for clause in where:
            stmt = stmt.where(clause)  # type: ignore[arg-type]
        return int(session.scalar(stmt) or 0)

    with factory() as session:
        return {
            "venues": count(VenueRow),
            "guests": count(Guest),
            "visits": count(Visit),
            "order_lines": count(OrderLine),
            "feedback": count(Feedback),
            "dishes_on_menus": count(Dish, Dish.venue_id.is_not(None)),
            "wines_on_list": count(Wine, Wine.on_list.is_(True)),
            "events": count(Event),
            "invitations": count(Invitation),
            "social_posts": count(SocialPost),
            "market_texts": count(MarketText),
            "quarantined": count(QuarantinedRow),
        }
