"""Two years of the group's social posts, with engagement driven by real (noisy) effects.

Reach grows with the accounts, and is higher for videos and reels, in the evening, at
weekends, in December and around Fiestas Patrias, and when a post is paid; likes, comments
and shares follow reach with their own rates. An engagement model should find these effects.
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta

from sazon.demo.events import PAST, TASTING, EventSpec
from sazon.demo.randomness import chance, pick, stream
from sazon.demo.timeline import END, START
from sazon.demo.venues import Venue
from sazon.timeutil import LIMA

HEADERS = ("post_id", "platform", "type", "category", "caption", "published_at", "sponsored",
           "reach", "impressions", "likes", "comments", "shares", "venue")  # fmt: skip
TIKTOK_FROM = date(2025, 3, 1)  # the group opened its TikTok account in March 2025

_TYPES = {
    "instagram": (("photo", 35.0), ("reel", 30.0), ("carousel", 25.0), ("video", 10.0)),
    "facebook": (("photo", 40.0), ("video", 25.0), ("link", 15.0), ("status", 20.0)),
    "tiktok": (("video", 100.0),),
}
_BASE_REACH = {"instagram": 7.4, "facebook": 7.0, "tiktok": 7.7}
_TYPE_REACH = {"reel": 0.55, "video": 0.4, "carousel": 0.15, "photo": 0.0, "link": -0.35,
               "status": -0.5}  # fmt: skip
_BASE_LIKE_RATE = {"instagram": 0.055, "facebook": 0.03, "tiktok": 0.07}
_TYPE_LIKES = {"reel": 1.2, "video": 1.1, "carousel": 1.15, "photo": 1.0, "link": 0.5,
               "status": 0.7}  # fmt: skip
_CATEGORY_LIKES = {"plato": 1.1, "promoción": 0.85, "evento": 0.95, "detrás de cámaras": 1.15,
                   "maridaje": 0.9}  # fmt: skip
_HASHTAGS = {
    "mfl": ("#Miraflores", "#cevicheperuano", "#nikkei", "#QarayMar"),
    "brc": ("#Barranco", "#comidacriolla", "#QarayCasona", "#sabornorteño"),
    "sis": ("#SanIsidro", "#cocinaandina", "#QarayRaices", "#amazonia"),
    "": ("#GrupoQaray", "#Lima"),
}
_COMMON_TAGS = ("#comidaperuana", "#Lima", "#perufood", "#foodie", "#LimaFoodie", "#hechoenperu")
_WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")

_CAPTIONS = {
    "plato": (
        "{dish} como debe ser 🔥 Te esperamos en {venue}, {district}.",
        "¿Antojo de {dish_lower}? Hoy sale bien servido 😋",
        "{dish} de siempre, con la sazón de siempre.",
        "Fin de semana de {dish_lower}. ¿Con quién lo compartes? 👇",
        "Recién salido de cocina: {dish} ✨",
    ),
    "promoción": (
        "Este {weekday} 2x1 en {drink} de 6 a 8 pm 🍹 Solo en {venue}.",
        "🎉 SORTEO: gana una cena para dos en {venue}. Sigue la cuenta, dale like y etiqueta a tu "
        "yunta. Ganador el {weekday}.",
        "Menú ejecutivo de lunes a viernes a S/ {price}: entrada, fondo y refresco.",
        "Happy hour de {drink} toda la semana en {venue} 🥂",
    ),
    "evento": (
        "Se viene {event} 🗓 Cupos limitados, reserva por DM.",
        "Así se vivió {event} ✨ ¡Gracias a todos por venir!",
        "Faltan pocos días para {event}. ¿Ya tienes tu sitio?",
    ),
    "detrás de cámaras": (
        "{dish}, paso a paso en nuestra cocina 👨‍🍳",
        "5 am: a buscar el producto más fresco para {venue} 🐟",
        "Mise en place antes del servicio del {weekday}. Aquí empieza todo.",
        "El equipo de cocina de {venue} en plena hora punta 🔥",
    ),
    "maridaje": (
        "{dish} + {wine}: el match perfecto 🍷",
        "¿Pisco o vino con tu {dish_lower}? Nuestro sommelier recomienda {wine}.",
        "Maridaje de la semana: {wine} con {dish_lower} 🥂",
    ),
}


def _log_reach(
    rng: random.Random, at: datetime, platform: str, kind: str, paid: bool, category: str,
    venue: str, event_near: bool,
) -> float:  # fmt: skip
    day = at.date()
    value = _BASE_REACH[platform] + _TYPE_REACH[kind]
    value += 0.35 * (day - START).days / (END - START).days  # the accounts keep growing
    if 19 <= at.hour <= 21:
        value += 0.25
    elif 12 <= at.hour <= 13:
        value += 0.1
    elif at.hour < 10:
        value -= 0.2
    value += {4: 0.06, 5: 0.12, 6: 0.12}.get(at.weekday(), 0.0)
    if day.month == 12:
        value += 0.2
    if day.month == 7 and day.day >= 20:
        value += 0.18
    value += 0.75 if paid else 0.0
    value += 0.1 if category == "detrás de cámaras" and platform == "tiktok" else 0.0
    value += {"mfl": 0.1, "sis": -0.1}.get(venue, 0.0)
    value += 0.15 if event_near else 0.0
    return value + rng.gauss(0, 0.35)


def _near_event(day: date) -> EventSpec | None:
    for e in (*PAST, TASTING):
        gap = (e.starts_at.date() - day).days
        if -3 <= gap <= 14:
            return e
    return None


def _caption(
    rng: random.Random, category: str, venue: Venue | None, event: EventSpec | None, at: datetime
) -> str:
    if category == "evento" and event is None:
        category = "plato"
    dishes = [d for d in venue.menu if d.course != "bebida"] if venue else []
    drinks = [d for d in venue.menu if d.course == "bebida"] if venue else []
    wines = list(venue.wines) if venue else []
    dish = rng.choice(dishes).name if dishes else "Ceviche"
    text = rng.choice(_CAPTIONS[category]).format(
        dish=dish,
        dish_lower=dish[:1].lower() + dish[1:],
        drink=rng.choice(drinks).name if drinks else "pisco sour",
        wine=rng.choice(wines).wine.name if wines else "un blanco fresco",
        venue=venue.spec.name if venue else "Qaray",
        district=venue.spec.district if venue else "Lima",
        event=event.name if event else "",
        weekday=_WEEKDAYS[(at.weekday() + rng.randrange(1, 4)) % 7],
        price=rng.choice((25, 28, 30, 32, 35)),
    )
    code = venue.spec.code if venue else ""
    tags = rng.sample(_HASHTAGS[code], 2) + rng.sample(_COMMON_TAGS, rng.randrange(1, 4))
    return f"{text} {' '.join(tags)}"


def build_posts(seed: int, venues: list[Venue]) -> list[dict[str, str]]:
    rng = stream(seed, "social")
    rows: list[dict[str, str]] = []
    day = START
    while day <= END:
        # Roughly four posts a week, a little more in December and before events.
        expected = 0.55 + (0.25 if day.month == 12 else 0.0) + (0.2 if _near_event(day) else 0.0)
        n = sum(chance(rng, expected / 2) for _ in range(2))
        for _ in range(n):
            platforms = [("instagram", 55.0), ("facebook", 25.0)]
            if day >= TIKTOK_FROM:
                platforms.append(("tiktok", 20.0))
            platform = pick(rng, platforms)
            kind = pick(rng, _TYPES[platform])
            event = _near_event(day)
            category = pick(
                rng,
                [("plato", 40.0), ("promoción", 18.0), ("evento", 40.0 if event else 0.0),
                 ("detrás de cámaras", 15.0), ("maridaje", 15.0)],
            )  # fmt: skip
            venue = None if chance(rng, 0.15) else rng.choice(venues)
            if category == "evento" and event is not None:
                venue = next(v for v in venues if v.spec.code == event.venue)
            paid = chance(rng, 0.4 if category == "promoción" else 0.12)
            hour = pick(rng, [(h, w) for h, w in zip(range(8, 23), _HOURS, strict=True)])
            at = datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=LIMA)
            code = venue.spec.code if venue else ""
            reach = round(math.exp(
                _log_reach(rng, at, platform, kind, paid, category, code, event is not None)
            ))  # fmt: skip
            impressions = round(reach * rng.uniform(1.15, 1.9) * (1.3 if paid else 1.0))
            rate = (
                _BASE_LIKE_RATE[platform] * _TYPE_LIKES[kind] * _CATEGORY_LIKES[category]
                * (0.7 if paid else 1.0) * rng.lognormvariate(0, 0.25)
            )  # fmt: skip
            likes = round(reach * rate)
            caption = _caption(rng, category, venue, event, at)
            giveaway = 3.0 if "SORTEO" in caption else 1.0
            comments = round(likes * 0.035 * giveaway * rng.lognormvariate(0, 0.4))
            share_rate = (
                0.08 if kind in {"reel", "video"} else 0.05 if platform == "facebook" else 0.02
            )
            shares = round(likes * share_rate * rng.lognormvariate(0, 0.45))
            rows.append(
                {
                    "post_id": f"{platform[:2].upper()}-{len(rows) + 1:05d}",
                    "platform": platform,
                    "type": kind,
                    "category": category,
                    "caption": caption,
                    "published_at": at.isoformat(),
                    "sponsored": "yes" if paid else "no",
                    "reach": str(reach),
                    "impressions": str(impressions),
                    "likes": str(likes),
                    "comments": str(comments),
                    "shares": str(shares),
                    "venue": code,
                }
            )
        day += timedelta(days=1)
    return rows


# Posting hours 8:00–22:00: lunch and evening slots are the community manager's favourites.
_HOURS = (2.0, 3.0, 4.0, 5.0, 8.0, 8.0, 4.0, 3.0, 3.0, 3.0, 5.0, 8.0, 9.0, 8.0, 4.0)
