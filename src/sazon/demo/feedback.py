"""Feedback on about a third of the visits, whose rating and words follow what happened.

Each visit gets a hidden quality per aspect (food, service, waiting, ambience, price) from
its venue, the day, how busy the room was and what the guest paid against what they expect.
The rating comes from those aspects; the text from the aspects that stood out.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sazon.demo.feedback_text import compose
from sazon.demo.guests import BUDGET_SPEND
from sazon.demo.randomness import chance, clip, pick, stream
from sazon.demo.timeline import END
from sazon.demo.visits import PlannedVisit

HEADERS = ("review_id", "guest_email", "guest_id", "visit_id", "venue", "rating", "text",
           "channel", "language", "submitted_at")  # fmt: skip
_WEIGHTS = {"food": 0.32, "service": 0.25, "wait": 0.18, "ambience": 0.1, "price": 0.15}
# One visit in ten has a mishap (a wrong order, a dish sent back, a table not ready).
_MISHAP = 0.14


@dataclass(frozen=True)
class PlannedFeedback:
    external_id: str
    visit: PlannedVisit
    aspects: dict[str, float]
    rating: int | None
    text: str
    channel: str
    submitted_at: datetime  # naive, Lima


def aspects_of(rng: random.Random, v: PlannedVisit) -> dict[str, float]:
    spec, day, p = v.venue.spec, v.at.date(), v.persona
    per_head = float(v.total) / max(1, v.party)
    expected = BUDGET_SPEND[p.budget]
    busy = 1.0 if v.busy else 0.0
    # The Barranco casona is one big echoing room: full nights are loud.
    noisy = 0.3 * busy if spec.code == "brc" else 0.0
    aspects = {
        "food": spec.food_on(day) + 0.3 * p.mood + rng.gauss(0, 0.45),
        "service": spec.service_on(day) - 0.25 * busy + rng.gauss(0, 0.45),
        "wait": 0.3 - 0.6 * busy + rng.gauss(0, 0.5),
        "ambience": spec.ambience - noisy + rng.gauss(0, 0.35),
        "price": -0.05 - 1.0 * (per_head - expected) / expected + rng.gauss(0, 0.35),
    }
    if chance(rng, _MISHAP):
        aspects[rng.choice(("food", "service", "wait"))] -= rng.uniform(1.0, 2.0)
    return {a: clip(x, -1, 1) for a, x in aspects.items()}


def rating_of(rng: random.Random, aspects: dict[str, float], mood: float) -> int:
    # One bad thing weighs more than its share: guests anchor on the worst moment.
    overall = sum(_WEIGHTS[a] * v for a, v in aspects.items()) + 0.2 * min(0.0, *aspects.values())
    return round(clip(3.1 + 3.6 * overall + 0.6 * mood + rng.gauss(0, 0.45), 1, 5))


def _channel(rng: random.Random, v: PlannedVisit) -> str:
    if v.persona.visitor:
        return pick(rng, [("tripadvisor", 45.0), ("google", 40.0), ("instagram", 15.0)])
    return pick(
        rng,
        [("google", 33.0), ("encuesta", 30.0), ("instagram", 12.0), ("whatsapp", 12.0),
         ("tripadvisor", 8.0)],
    )  # fmt: skip


def _delay(rng: random.Random, channel: str) -> timedelta:
    hours = {
        "encuesta": rng.uniform(1, 4),
        "whatsapp": rng.uniform(0.5, 20),
        "instagram": rng.uniform(0.2, 3),
    }.get(channel, rng.uniform(0.5, 96))
    return timedelta(minutes=round(hours * 60))


def build_feedback(seed: int, visits: list[PlannedVisit]) -> list[PlannedFeedback]:
    rng = stream(seed, "feedback")
    out: list[PlannedFeedback] = []
    seen: dict[tuple[int, str], int] = {}
    for v in visits:
        key = (v.persona.index, v.venue.spec.code)
        before = seen.get(key, 0)
        seen[key] = before + 1
        aspects = aspects_of(rng, v)
        # Very happy and very upset guests write more; so do the guests who like writing.
        extremity = max(abs(x) for x in aspects.values())
        if not chance(rng, clip(0.05 + 0.45 * v.persona.reviewer + 0.18 * extremity, 0, 0.9)):
            continue
        rating = rating_of(rng, aspects, v.persona.mood)
        channel = _channel(rng, v)
        dishes = [d.name for d, _ in v.items if d.course in {"fondo", "entrada", "postre"}]
        text = compose(
            rng,
            v.persona.language,
            aspects,
            rating,
            dishes,
            v.venue.spec.name,
            v.occasion,
            before,
        )
        if channel == "encuesta" and chance(rng, 0.3):
            text = ""  # many survey answers are just the stars
        shown: int | None = rating
        if channel in {"instagram", "whatsapp"} and chance(rng, 0.55):
            shown = None  # a comment or a message has words but no stars
        submitted = v.at + _delay(rng, channel)
        if submitted.date() > END:
            submitted = v.at + timedelta(minutes=45)
        out.append(
            PlannedFeedback(
                external_id=f"RES-{len(out) + 1:06d}",
                visit=v,
                aspects=aspects,
                rating=shown,
                text=text,
                channel=channel,
                submitted_at=submitted,
            )
        )
    return out


def feedback_rows(feedback: list[PlannedFeedback]) -> list[dict[str, object]]:
    """A review-platform export as JSON lines (numbers stay numbers, absent stars are null)."""
    rows: list[dict[str, object]] = []
    for f in feedback:
        p = f.visit.persona
        rows.append(
            {
                "review_id": f.external_id,
                "guest_email": p.email,
                "guest_id": None if p.email else p.external_id,
                "visit_id": f.visit.external_id,
                "venue": f.visit.venue.spec.name,
                "rating": f.rating,
                "text": f.text or None,
                "channel": f.channel,
                "language": "es" if p.language == "es" else "en",
                "submitted_at": f.submitted_at.strftime("%Y-%m-%d %H:%M"),
            }
        )
    return rows
