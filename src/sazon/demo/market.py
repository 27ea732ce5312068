"""A year of what people write about the drinks of a fictitious Peruvian maker, Yaku Bebidas.

Trends are planted for the trend tool to find: a summer peak (January–March), camu camu and
"sin azúcar" rising over the last three months, and a complaint spike about a defective cap
on the 1-litre maracuyá bottle in May 2026.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate

from sazon.demo.randomness import chance, pick, stream
from sazon.demo.timeline import END, MARKET_START
from sazon.timeutil import LIMA

HEADERS = ("id", "fuente", "texto", "idioma", "fecha", "producto", "region", "estrellas",
           "segmento")  # fmt: skip
BASE_TEXTS = 1600
CAP_SPIKE = (date(2026, 5, 4), date(2026, 5, 31))
SUGAR_FREE_LAUNCH = date(2026, 7, 1)
TREND_FROM = END - timedelta(days=91)

SEGMENTS = ("estudiantes", "jóvenes profesionales", "padres", "fitness", "foodies")
REGIONS = (
    ("Lima", 50.0), ("Arequipa", 12.0), ("Trujillo", 9.0), ("Cusco", 8.0), ("Piura", 7.0),
    ("Chiclayo", 5.0), ("Iquitos", 4.0), ("Huancayo", 3.0), ("Tacna", 2.0),
)  # fmt: skip
SOURCES = (("x", 25.0), ("instagram", 22.0), ("tiktok", 18.0), ("review", 25.0), ("forum", 10.0))


@dataclass(frozen=True)
class Product:
    name: str
    kind: str  # chicha, juice, rtd, kombucha, coffee, energy, beer, coco, camu, aguaymanto
    weight: float
    segments: tuple[float, ...]  # affinity per SEGMENTS entry
    sugar_free: bool = False
    summer: float = 1.0  # multiplier in January–March


PRODUCTS = (
    Product("Yaku Chicha Morada", "chicha", 14, (3, 3, 5, 1, 2), summer=1.4),
    Product("Yaku Chicha Morada Zero", "chicha", 0, (1, 3, 5, 4, 2), sugar_free=True),
    Product("Yaku Maracuyá 1L", "juice", 12, (3, 2, 5, 2, 1), summer=1.6),
    Product("Yaku Chilcano", "rtd", 8, (3, 5, 0.2, 1, 3), summer=1.5),
    Product("Yaku Pisco Sour", "rtd", 5, (1, 4, 0.2, 0.5, 4)),
    Product("Kombu Yaku Jengibre", "kombucha", 7, (1, 4, 1, 5, 4)),
    Product("Yaku Cold Brew", "coffee", 6, (3, 5, 1, 2, 4)),
    Product("Voltio Energy", "energy", 9, (6, 3, 0.3, 2, 0.5)),
    Product("Voltio Zero", "energy", 3, (4, 3, 0.3, 4, 0.5), sugar_free=True),
    Product("Qollqa IPA", "beer", 6, (2, 5, 0.5, 0.5, 5), summer=1.3),
    Product("Yaku Agua de Coco", "coco", 6, (1, 3, 2, 5, 2), summer=2.2),
    Product("Yaku Camu Camu", "camu", 3, (2, 3, 4, 4, 4)),
    Product("Yaku Camu Camu Zero", "camu", 0, (1, 3, 4, 5, 3), sugar_free=True),
    Product("Yaku Aguaymanto", "aguaymanto", 4, (2, 3, 3, 3, 4)),
)  # fmt: skip


def _trend(day: date) -> float:
    """0 before the last three months, rising to 1 on the last day."""
    if day < TREND_FROM:
        return 0.0
    return (day - TREND_FROM).days / (END - TREND_FROM).days


def product_weight(p: Product, day: date) -> float:
    w = p.weight
    if p.sugar_free and p.weight == 0:
        w = 0.0 if day < SUGAR_FREE_LAUNCH else 2.0  # the zero-sugar line launched in July
    if p.kind == "camu":
        w *= 1 + 3.0 * _trend(day)  # camu camu takes off in the last three months
    if p.sugar_free:
        w *= 1 + 2.0 * _trend(day)
    if p.kind == "kombucha":
        w *= 1 + 0.5 * (day - MARKET_START).days / 365  # slow, steady growth
    if day.month in (1, 2, 3):
        w *= p.summer
    return w


def volume(day: date) -> float:
    """How much people write on a day: summer is the high season for cold drinks."""
    factor = 1.6 if day.month in (1, 2, 3) else 1.0
    if day.month == 12:
        factor *= 1.15
    if day.weekday() >= 5:
        factor *= 1.15
    return factor


_ES = {
    ("taste", "+"): (
        "La {p} está bravaza, sabe a casera 😋", "Me encantó la {p}, bien heladita es lo máximo.",
        "Probé la {p} y wow, sabor natural de verdad.", "La {p} es mi nueva adicción.",
        "Causa, prueben la {p}, no se van a arrepentir.", "Rica la {p}, ni muy dulce ni muy ácida.",
    ),
    ("taste", "-"): (
        "La {p} sabe muy artificial, no la vuelvo a comprar.",
        "Muy empalagosa la {p}, full azúcar.", "La {p} ya no sabe como antes 😕",
        "Probé la {p} y nada que ver, sabe a jarabe.", "Qué fea la {p}, la boté a la mitad.",
    ),
    ("taste", "0"): (
        "La {p} está normal, nada especial.", "Probé la {p}. Ni fu ni fa.",
        "La {p} cumple, pero hay mejores.",
    ),
    ("price", "+"): ("A S/ {price} la {p} está a buen precio.", "La {p} en oferta, 3x S/ 10 👌"),
    ("price", "-"): (
        "S/ {price} por una {p}? Caro para lo que es.",
        "Subió de precio la {p}, antes costaba menos.",
    ),
    ("sugar", "+"): (
        "Me pasé a la {p}: sin azúcar y cero culpa.",
        "¿Ya probaron la {p}? Sin azúcar e igual de rica.",
        "Busco bebidas sin azúcar para mis hijos y la {p} es de las pocas que pasan.",
        "Por fin algo sin azúcar que no sabe a remedio: la {p}.",
        "Todo sin azúcar ahora, y la {p} es mi favorita.",
    ),
    ("sugar", "-"): (
        "¿Para cuándo la {p} sin azúcar? Tiene demasiada.",
        "Sin azúcar y con stevia... no me convence el dejo.",
        "Mucha azúcar la {p}, deberían sacar versión sin azúcar.",
    ),
    ("cap", "-"): (
        "La tapa de la {p} no cierra bien, se me chorreó en la mochila 😡",
        "Tapa defectuosa otra vez. Revisen su lote, por favor.",
        "Compré tres {p} y dos vinieron con la tapa rota.",
        "El sello de la tapa estaba roto, no me dio confianza tomarla.",
        "Abrí la {p} y la tapa se partió. Todo el jugo al piso.",
        "Segunda vez que me sale la tapa defectuosa en la {p}.",
    ),
    ("pack", "+"): ("Me gusta la botella nueva de la {p}, se ve bonita.",
                    "La lata de la {p} se enfría rapidito."),
    ("where", "-"): (
        "No encuentro la {p} en {region}, ¿solo la venden en Lima?",
        "En la bodega de mi barrio siempre se agota la {p}.",
    ),
    ("where", "+"): ("¡Por fin llegó la {p} a {region}!", "Ya venden la {p} en el grifo, bacán."),
    ("moment", "+"): (
        "Para la playa una {p} heladita 🏖", "En la oficina todos piden {p}.",
        "Para el partido, {p} y a gritar el gol ⚽",
        "Noche de estudio con {p}, a darle con todo 📚",
        "Después del gym una {p} bien fría 💪", "Con este calor, una {p} es lo único que provoca ☀️",
    ),
    ("energy", "-"): ("La {p} me dejó temblando toda la noche.", "Demasiada cafeína la {p}."),
    ("camu", "+"): (
        "El camu camu está de moda, lo veo en todos lados.",
        "Nueva obsesión: {p}. Ácida pero riquísima.", "Camu camu > naranja, no me discutan 🍊",
        "Mi nutri me recomendó camu camu y la {p} es práctica.",
        "Full vitamina C el camu camu, ideal para el invierno.",
    ),
}  # fmt: skip
_EN = {
    ("taste", "+"): ("Tried {p} in {region}, super refreshing!",
                     "{p} is so good, tastes homemade."),
    ("taste", "-"): ("{p} tastes way too sweet.", "Not a fan of {p}, very artificial."),
    ("taste", "0"): ("{p} is fine, nothing special.",),
    ("price", "-"): ("{p} is pricey for what it is.",),
    ("sugar", "+"): ("Love that {p} is sugar-free now.", "{p}: sugar-free and still tasty."),
    ("sugar", "-"): ("Wish {p} came in a sugar-free version.",),
    ("cap", "-"): ("The cap on my {p} was broken, leaked everywhere.",
                   "Defective cap on {p} again. Not great."),
    ("moment", "+"): ("{p} after a hike in {region}, perfect.", "Beach day with {p} ☀️"),
    ("camu", "+"): ("Camu camu juice is my new favourite thing in Peru.",
                    "{p}: sour, fresh, loaded with vitamin C."),
    ("where", "-"): ("Can't find {p} anywhere in {region}.",),
    ("energy", "-"): ("{p} kept me up all night.",),
}  # fmt: skip
_ADDONS = {
    "+": ("", "", "", " #Yaku", " 🙌", " 10/10", " 😋"),
    "-": ("", "", "", " @yakubebidas", " 😤", " 👎", " Mal ahí."),
    "0": ("", "", " 🤔", " jaja"),
}


def _topic(rng: random.Random, p: Product, day: date) -> tuple[str, str]:
    trend = _trend(day)
    options: list[tuple[tuple[str, str], float]] = [
        (("taste", "+"), 30.0), (("taste", "-"), 12.0), (("taste", "0"), 8.0),
        (("price", "+"), 4.0), (("price", "-"), 7.0), (("pack", "+"), 2.0),
        (("where", "-"), 4.0), (("where", "+"), 3.0), (("moment", "+"), 12.0),
        (("sugar", "+" if p.sugar_free else "-"), 5.0 + 22.0 * trend),
    ]  # fmt: skip
    if p.kind == "energy":
        options.append((("energy", "-"), 6.0))
    if p.kind == "camu":
        options.append((("camu", "+"), 10.0 + 25.0 * trend))
    if p.kind == "juice":
        options.append((("cap", "-"), 1.0))  # a background trickle before the spike
    if day.month in (1, 2, 3):
        options.append((("moment", "+"), 10.0))
    return pick(rng, options)


def _rating(rng: random.Random, sentiment: str) -> float:
    if sentiment == "+":
        return pick(rng, [(5.0, 55.0), (4.0, 35.0), (4.5, 10.0)])
    if sentiment == "-":
        return pick(rng, [(1.0, 45.0), (2.0, 45.0), (1.5, 10.0)])
    return pick(rng, [(3.0, 70.0), (2.5, 15.0), (3.5, 15.0)])


def _text(
    rng: random.Random, english: bool, topic: tuple[str, str], p: Product, region: str
) -> str:
    pools = _EN if english and topic in _EN else _ES
    template = rng.choice(pools[topic])
    text = template.format(p=p.name, region=region, price=rng.choice(("4.50", "5", "6.90", "8")))
    return text + rng.choice(_ADDONS[topic[1]])


def _row(
    rng: random.Random, n: int, day: date, p: Product, topic: tuple[str, str] | None = None
) -> dict[str, object]:
    region = pick(rng, REGIONS)
    english = chance(rng, 0.35 if region == "Cusco" else 0.08)
    topic = topic or _topic(rng, p, day)
    source = pick(rng, SOURCES)
    text = _text(rng, english, topic, p, region)
    at = datetime(day.year, day.month, day.day, rng.randrange(7, 24), rng.randrange(60),
                  tzinfo=LIMA)  # fmt: skip
    segment = pick(rng, list(zip(SEGMENTS, p.segments, strict=True)))
    return {
        "id": f"MT-{n:06d}",
        "fuente": source,
        "texto": text,
        "idioma": "en" if english and topic in _EN else "es",
        "fecha": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "producto": p.name,
        "region": region,
        "estrellas": _rating(rng, topic[1]) if source == "review" else None,
        "segmento": segment,
    }


def build_market_texts(seed: int) -> list[dict[str, object]]:
    rng = stream(seed, "market")
    days = [MARKET_START + timedelta(days=i) for i in range((END - MARKET_START).days + 1)]
    cumulative = list(accumulate(volume(d) for d in days))
    drawn = sorted(
        days[bisect.bisect_left(cumulative, rng.random() * cumulative[-1])]
        for _ in range(BASE_TEXTS)
    )
    juice = next(p for p in PRODUCTS if p.kind == "juice")
    spike_days = [
        CAP_SPIKE[0] + timedelta(days=i) for i in range((CAP_SPIKE[1] - CAP_SPIKE[0]).days + 1)
    ]
    # The defective-cap complaints: a burst in May, an echo in early June.
    spike = [(rng.choice(spike_days), True) for _ in range(110)]
    spike += [(date(2026, 6, 1) + timedelta(days=rng.randrange(14)), True) for _ in range(20)]
    plan = sorted([(d, False) for d in drawn] + spike)
    rows: list[dict[str, object]] = []
    for day, complaint in plan:
        if complaint:
            rows.append(_row(rng, len(rows) + 1, day, juice, ("cap", "-")))
            continue
        product = pick(rng, [(p, product_weight(p, day)) for p in PRODUCTS])
        rows.append(_row(rng, len(rows) + 1, day, product))
    return rows
