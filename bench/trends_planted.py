"""A stream of Peruvian consumer texts about drinks with trends planted in it, for the
trend bench (bench/bench_trends.py). Written for this bench, not taken from anywhere.

The background is steady: posts and reviews built from many pieces (product, opinion,
moment, place, slang, emoji), so thousands of word combinations occur at their own steady
rates and the volume follows the week (more on weekends). Planted in it, per seed:

- **trends** of varied shapes: linear, exponential or step, each with its onset day and its
  top rate (texts a day) — new flavours, formats and habits that are not in the background;
- **a complaint**: a step of negative texts about one product's defect;
- **decoy spikes**: a term that bursts for one day only (a match, a holiday, a viral video)
  and is gone the next — these must be reported as spikes, never as trends;
- **bot copies**: one sentence posted again and again for two or three days.

:func:`stream` returns the texts and the truth (:class:`Planted`) for one seed.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np

# Development seeds: every choice of the detector is judged on these (4–6 added on
# 2026-12-08 to study late detections, before the detector changed that day).
DEV_SEEDS = (1, 2, 3, 4, 5, 6)
# Test seeds, fixed on 2026-12-08 by a helper session (trendsx) before any code ran on
# them: never generated, read or scored before the detector's choices of that day were
# frozen; scored once, after. They replace 101–103, which were scored on 2026-12-07 and
# then read (seed 101's late trend was looked at), so they no longer test anything:
# OLD_TEST_SEEDS are re-run beside the new ones only to compare with the earlier figures.
TEST_SEEDS = (201, 202, 203)
OLD_TEST_SEEDS = (101, 102, 103)
START = date(2026, 3, 2)

PRODUCTS = (
    "Inca Kola", "Chicha Morada Yaku", "Guaraná Andino", "Agua Cielo", "Frugos Durazno",
    "Pulp Naranja", "Volt Maca", "Cifrut Citrus", "Big Cola", "Sporade Tropical",
    "Pilsen Callao", "Cusqueña Trigo", "Kola Real", "Néctar Mango Gloria", "Té Lipton Limón",
)  # fmt: skip
OPENERS = (
    "hoy tomé", "me compré", "en la bodega pedí", "probé", "otra vez", "para el almuerzo",
    "en el cole todos toman", "mi vieja compró", "en la chamba repartieron", "me regalaron",
    "en el grifo compré", "para la parrilla llevamos", "después del fulbito",
)  # fmt: skip
OPINIONS_POS = (
    "está buenaza", "bien heladita es lo máximo", "riquísima", "me encanta", "sabe bacán",
    "justo lo que necesitaba", "la mejor para el calor", "full refrescante", "de ley la recomiendo",
)  # fmt: skip
OPINIONS_NEG = (
    "muy dulce para mi gusto", "estaba tibia", "sabe raro", "caro para lo que es",
    "ya no es como antes", "le falta gas", "demasiado empalagosa",
)  # fmt: skip
TAILS = (
    "", "", "", " 😋", " jaja", " causa", " 🙌", " 10/10", " 🥤", " bacán", " pe", " 👌",
    " en Miraflores", " en Arequipa", " en Trujillo", " con mis patas", " en el trabajo",
)  # fmt: skip
EXTRA = (
    "ideal con un ceviche", "con pollo a la brasa", "para la lonchera", "en el micro",
    "viendo la serie", "saliendo de clases", "en la playa", "con el menú del día",
    "antes del gym", "con anticuchos", "en el cumple de mi prima", "en el parque",
)  # fmt: skip

# Planted trend vocabularies (none of these words is in the background).
TRENDS = (
    ("chicha de jora con maracuyá", "flavour"), ("agua de chía con limón", "flavour"),
    ("té de muña helado", "flavour"), ("kombucha de camu camu", "product"),
    ("refresco de tumbo", "flavour"), ("cold brew de lúcuma", "product"),
    ("latas de aguaymanto", "format"), ("hidratante de coco y sacha inchi", "product"),
)  # fmt: skip
INTROS = (
    "Ya probaron el {t}?", "Todos hablan del {t}", "Me encantó el {t}", "Nuevo vicio: {t}",
    "El {t} está de moda", "Por fin encontré {t} en la bodega", "Mi favorito ahora es el {t}",
    "Quiero más {t}", "Alguien sabe dónde venden {t}?", "Recomiendo el {t} al 100%",
)  # fmt: skip
COMPLAINTS = (
    ("tapa que gotea", "Frugos Durazno"), ("botella hinchada", "Pulp Naranja"),
    ("sabor a plástico", "Agua Cielo"),
)  # fmt: skip
COMPLAINT_TEXTS = (
    "La {p} vino con {t}, qué asco 😡", "Otra vez {t} en la {p}, pésimo",
    "Cuidado con la {p}: {t}. Nunca más", "Compré {p} y {t}, horrible",
    "{t} en mi {p}, devuélvanme la plata 👎",
)  # fmt: skip
DECOYS = (
    "final de la copa", "feriado largo", "apagón en lima", "concierto de grupo 5",
    "clásico alianza universitario", "black friday",
)  # fmt: skip
BOTS = (
    "GANA UN VIAJE A CANCÚN con Big Cola entra ya al link de mi perfil 🎁🎁",
    "Sorteo Inca Kola: comparte y etiqueta a 3 amigos para ganar una tablet",
    "Promo exclusiva Volt Maca descuento 50 por ciento solo hoy link en bio",
)


@dataclass(frozen=True)
class Planted:
    term: str
    kind: str  # "trend", "complaint", "decoy", "bot"
    shape: str  # linear, exponential, step, spike, copies
    onset: date
    top: float  # texts a day at the top
    product: str | None = None


@dataclass(frozen=True)
class Text:
    id: str
    created_at: datetime
    text: str
    source: str
    product: str | None


def _rate(p: Planted, day: date, days: int) -> float:
    k = (day - p.onset).days
    if k < 0:
        return 0.0
    if p.shape == "spike":
        return p.top if k == 0 else 0.0
    if p.shape == "copies":
        return p.top if k < 3 else 0.0
    if p.shape == "step":
        return p.top
    span = max(days - (p.onset - START).days, 1)
    if p.shape == "linear":
        return p.top * min(1.0, (k + 1) / span)
    return p.top * math.exp(4.0 * ((k + 1) / span - 1))  # exponential: top on the last day


def plan(seed: int, days: int, strength: float = 1.0) -> list[Planted]:
    rng = random.Random(seed)
    out = []
    for term, _ in rng.sample(TRENDS, 4):
        shape = rng.choice(("linear", "exponential", "step"))
        onset = START + timedelta(days=rng.randrange(days // 2, days - 8))
        top = rng.uniform(25, 60) if shape != "step" else rng.uniform(12, 30)
        out.append(Planted(term, "trend", shape, onset, top * strength))
    term, product = rng.choice(COMPLAINTS)
    onset = START + timedelta(days=rng.randrange(days // 2, days - 6))
    out.append(Planted(term, "complaint", "step", onset, rng.uniform(10, 25) * strength, product))
    for term in rng.sample(DECOYS, 3):
        onset = START + timedelta(days=rng.randrange(days // 3, days - 2))
        out.append(Planted(term, "decoy", "spike", onset, rng.uniform(40, 120)))
    for text in rng.sample(BOTS, 2):
        onset = START + timedelta(days=rng.randrange(days // 3, days - 4))
        out.append(Planted(text, "bot", "copies", onset, rng.uniform(30, 80)))
    return out


def _background(rng: random.Random) -> tuple[str, str]:
    product = rng.choice(PRODUCTS)
    if rng.random() < 0.2:  # the phrasings planted trends use are everyday phrasings too
        return rng.choice(INTROS).format(t=product) + rng.choice(TAILS), product
    opinion = rng.choice(OPINIONS_POS if rng.random() < 0.7 else OPINIONS_NEG)
    parts = [rng.choice(OPENERS), product + ",", opinion]
    if rng.random() < 0.5:
        parts.append(rng.choice(EXTRA))
    return " ".join(parts) + rng.choice(TAILS), product


def _planted_text(rng: random.Random, p: Planted) -> tuple[str, str | None]:
    if p.kind == "trend":
        return rng.choice(INTROS).format(t=p.term) + rng.choice(TAILS), None
    if p.kind == "complaint":
        return rng.choice(COMPLAINT_TEXTS).format(t=p.term, p=p.product), p.product
    if p.kind == "decoy":
        return f"{rng.choice(OPENERS).capitalize()} {rng.choice(PRODUCTS)} por el {p.term}" + (
            rng.choice(TAILS)
        ), None
    return p.term, None  # a bot posts its sentence as is


def stream(
    seed: int, days: int = 45, per_day: int = 1400, strength: float = 1.0
) -> tuple[list[Text], list[Planted]]:
    """About ``per_day`` background texts a day for ``days`` days, plus the planted ones;
    ``strength`` scales the planted trends and complaint (0.3: a faint signal)."""
    rng = random.Random(seed * 7919)
    counts = np.random.default_rng(seed)
    planted = plan(seed, days, strength)
    texts: list[Text] = []
    sources = ("x", "instagram", "tiktok", "facebook", "review")
    for d in range(days):
        day = START + timedelta(days=d)
        weekend = 1.2 if day.weekday() >= 5 else 1.0
        n = int(rng.gauss(per_day * weekend, per_day * 0.05))
        made = [_background(rng) for _ in range(n)]
        for p in planted:
            rate = _rate(p, day, days)
            made += [_planted_text(rng, p) for _ in range(int(counts.poisson(rate)))]
        for text, product in made:
            at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC) + timedelta(
                minutes=rng.randrange(-420, 660)
            )
            texts.append(Text(f"T{len(texts):07d}", at, text, rng.choice(sources), product))
    texts.sort(key=lambda t: t.created_at)
    return texts, planted
