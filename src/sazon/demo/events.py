"""Past events of the group and the upcoming nikkei pairing tasting, with their invitations.

There is no ingest kind for events, so they are planned here and stored directly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sazon.demo.guests import Persona
from sazon.demo.randomness import pick, stream
from sazon.demo.timeline import END, TASTING_AT
from sazon.timeutil import LIMA


@dataclass(frozen=True)
class EventSpec:
    name: str
    event_type: str
    venue: str
    starts_at: datetime  # aware, Lima
    capacity: int
    budget: Decimal
    courses: tuple[str, ...]
    status: str
    notes: str


@dataclass(frozen=True)
class PlannedInvitation:
    guest: Persona
    status: str
    responded_at: datetime | None  # aware, Lima


def _at(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=LIMA)


PAST = (
    EventSpec(
        "Noche criolla con jarana", "cena", "brc", _at(2025, 4, 26, 20), 60, Decimal("150.00"),
        ("entrada", "fondo", "postre"), "completed",
        "Menú criollo de tres tiempos con música en vivo; cajón y guitarra hasta la medianoche.",
    ),
    EventSpec(
        "Cata de piscos del sur por Fiestas Patrias", "cata", "sis", _at(2025, 7, 26, 19, 30), 30,
        Decimal("120.00"), ("piqueo",), "completed",
        "Seis piscos puros y acholados de Ica y Moquegua con piqueos andinos.",
    ),
    EventSpec(
        "Maridaje marino: blancos y espumantes", "maridaje", "mfl", _at(2025, 10, 17, 20), 36,
        Decimal("220.00"), ("entrada", "entrada", "fondo", "postre"), "completed",
        "Cuatro pasos de cocina marina, cada uno con su copa.",
    ),
    EventSpec(
        "Cóctel de fin de año Qaray", "cóctel", "brc", _at(2025, 12, 18, 19, 30), 80,
        Decimal("90.00"), ("piqueo",), "completed",
        "Piqueos criollos y barra de chilcanos para clientes frecuentes.",
    ),
)  # fmt: skip

TASTING = EventSpec(
    "Cata de maridaje nikkei", "cata", "mfl", TASTING_AT, 24, Decimal("180.00"),
    ("entrada", "fondo", "postre"), "planning",
    "Tres tiempos nikkei con vinos y sake. Invitados con restricciones variadas: "
    "confirmar alergias con cocina antes de cerrar el menú.",
)  # fmt: skip


def _past_invitations(
    rng: random.Random, e: EventSpec, people: list[Persona]
) -> list[PlannedInvitation]:
    day = e.starts_at.date()
    pool = [
        p
        for p in people
        if not p.visitor
        and p.consent_personalisation
        and p.joined <= day <= p.left
        and e.event_type in p.event_types
    ]
    rng.shuffle(pool)
    out = []
    for p in pool[: round(e.capacity * 1.15)]:
        status = pick(
            rng, [("attended", 70.0), ("declined", 15.0), ("no_show", 8.0), ("invited", 7.0)]
        )
        answered = None
        if status != "invited":
            answered = e.starts_at - timedelta(days=rng.randrange(2, 20), hours=rng.randrange(9))
        out.append(PlannedInvitation(p, status, answered))
    return out


def _tasting_invitations(rng: random.Random, people: list[Persona]) -> list[PlannedInvitation]:
    tagged = [p for p in people if any(t.startswith("tasting:") for t in p.tags)]
    needed = [p for p in tagged if "tasting:guest" not in p.tags]
    others = [p for p in tagged if "tasting:guest" in p.tags]
    rng.shuffle(others)
    statuses = ["declined", "invited", "invited", "invited"] + ["confirmed"] * len(others)
    out = []
    for p, status in [(p, "confirmed") for p in needed] + list(zip(others, statuses, strict=False)):
        answered = None
        if status != "invited":
            day = END - timedelta(days=rng.randrange(0, 15))
            answered = datetime(day.year, day.month, day.day, rng.randrange(9, 22), tzinfo=LIMA)
        out.append(PlannedInvitation(p, status, answered))
    return out


def plan_events(
    seed: int, people: list[Persona]
) -> list[tuple[EventSpec, list[PlannedInvitation]]]:
    rng = stream(seed, "events")
    plans = [(e, _past_invitations(rng, e, people)) for e in PAST]
    plans.append((TASTING, _tasting_invitations(rng, people)))
    return plans


def event_rows(plans: list[tuple[EventSpec, list[PlannedInvitation]]]) -> list[dict[str, object]]:
    """What the events look like, written out for people reading the demo folder."""
    return [
        {
            "name": e.name,
            "type": e.event_type,
            "venue": e.venue,
            "starts_at": e.starts_at.isoformat(),
            "capacity": e.capacity,
            "budget_per_guest_pen": str(e.budget),
            "courses": list(e.courses),
            "status": e.status,
            "invitations": [
                {"guest": i.guest.external_id, "status": i.status} for i in invitations
            ],
        }
        for e, invitations in plans
    ]
