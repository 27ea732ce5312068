"""Guests of the group: Limeños and visitors, with how often they come and what they can eat.

The file written from them is a CRM export with Spanish headers, a few duplicates (the same
person typed again) and a few broken rows, so the merge and quarantine paths of ingest show.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from sazon.demo import names as nm
from sazon.demo.randomness import chance, pick, stream
from sazon.demo.safety import Restrictions, draw_restrictions, restrictions_from_text
from sazon.demo.timeline import END, START
from sazon.demo.venues import VENUES
from sazon.knowledge import KnowledgeBase

EVENT_TYPES = ("cena", "cata", "maridaje", "cóctel", "almuerzo", "brunch", "clase de cocina")
BUDGETS = (("bajo", 15.0), ("medio", 45.0), ("alto", 28.0), ("premium", 12.0))
# What a guest of each budget tier expects to spend per person, in soles.
BUDGET_SPEND = {"bajo": 55.0, "medio": 85.0, "alto": 120.0, "premium": 170.0}
# Visits per month for each kind of regular; "esporadico" comes once or twice in all.
FREQUENCIES = (
    ("habitual", 7.0, 1.6),
    ("frecuente", 16.0, 0.55),
    ("ocasional", 40.0, 0.17),
    ("esporadico", 37.0, 0.0),
)
HEADERS = (
    "id_cliente", "nombre", "apellidos", "nombre_completo", "correo", "celular", "idioma",
    "fecha_nacimiento", "pais", "alergias", "restricciones", "cocinas_favoritas",
    "eventos_preferidos", "presupuesto", "notas", "acepta_marketing", "acepta_personalizacion",
    "vip",
)  # fmt: skip
_NOTES_ES = (
    "prefiere mesa en terraza", "aniversario de bodas el {day}", "cumpleaños de su esposa el {day}",
    "siempre pide pisco sour de bienvenida", "prefiere mesa tranquila, lejos de la puerta",
    "viene con niños: pedir silla de bebé", "le gusta conversar con el chef",
    "factura a nombre de su empresa", "suele llegar 15 minutos tarde",
    "agua sin gas al tiempo, sin hielo", "celebró su pedida de mano con nosotros",
    "mesa junto a la ventana", "cliente de los viernes al mediodía",
    "trae su propio vino (descorche)",
)  # fmt: skip
_NOTES_EN = (
    "prefers a terrace table", "anniversary on {day}", "likes wine recommendations",
    "staying in Miraflores for a week", "asked for the chef's recommendations",
)  # fmt: skip
_SPANISH_LANG = (("es", 70.0), ("español", 20.0), ("castellano", 10.0))
_ENGLISH_LANG = (("en", 60.0), ("inglés", 20.0), ("English", 20.0))


@dataclass
class Persona:
    index: int
    external_id: str
    first: str
    last: str
    female: bool
    country: str
    language: str
    email: str | None
    phone: str | None  # as written
    birth: date | None
    restrictions: Restrictions
    cuisines: list[str]
    event_types: list[str]
    budget: str
    notes: str | None
    consent_marketing: bool
    consent_personalisation: bool
    vip: bool
    visitor: bool
    frequency: str
    rate: float
    home_venue: str
    joined: date
    left: date
    mood: float  # how generous the guest is when rating (-0.3 .. 0.3)
    reviewer: float  # how likely the guest is to leave feedback
    written_name: str = "split"  # "split" or "full": how the CRM row carries the name
    tags: set[str] = field(default_factory=set)

    @property
    def ref(self) -> tuple[str, str]:
        """How other files point at this guest: (column, value)."""
        if self.email:
            return "email", self.email
        assert self.phone is not None
        return "phone", self.phone


def _birth(rng: random.Random) -> date:
    age = max(19.0, min(78.0, rng.gauss(41, 12)))
    return END - timedelta(days=int(age * 365.25) + rng.randrange(365))


def _cuisines(rng: random.Random, kb: KnowledgeBase) -> list[str]:
    names = sorted({d.cuisine for d in kb.dishes.values()} - {"postre", "bebida"})
    return rng.sample(names, min(len(names), rng.choice((1, 1, 2, 2, 3)))) if names else []


def _home(rng: random.Random, cuisines: list[str]) -> str:
    for spec in VENUES:
        if cuisines and cuisines[0] in spec.focus:
            return spec.code
    return rng.choice(VENUES).code


def _persona(rng: random.Random, i: int, kb: KnowledgeBase, used: set[str]) -> Persona:
    visitor = chance(rng, 0.15)
    if visitor:
        country = pick(rng, [(c, c.weight) for c in nm.VISITOR_COUNTRIES])
        first, last, female = nm.visitor_name(rng, country)
        code, language, domain = country.code, country.language, rng.choice(country.domains)
        phone = nm.foreign_phone(rng, country.phone_format)
    else:
        first, last, female = nm.peruvian_name(rng)
        code, language, domain = "PE", "es", pick(rng, nm.PE_DOMAINS)
        phone = nm.peruvian_mobile(rng)[1]
    birth = _birth(rng) if chance(rng, 0.88) else None
    email: str | None = nm.email_for(rng, first, last, domain, birth.year if birth else None)
    while email in used:
        email = email.replace("@", str(rng.randrange(10)) + "@", 1) if email else None
    has_email, has_phone = True, True
    roll = rng.random()
    if roll < 0.1:
        has_email = False
    elif roll < 0.18:
        has_phone = False
    if email:
        used.add(email)
    cuisines = _cuisines(rng, kb)
    freq, _, rate = (
        ("turista", 0.0, 0.0) if visitor else pick(rng, [(f, f[1]) for f in FREQUENCIES])
    )
    budget = pick(rng, BUDGETS)
    if freq == "habitual" and budget == "bajo":
        budget = "medio"  # regulars of a Miraflores cevichería rarely call themselves "bajo"
    span = (END - START).days
    joined = (
        START - timedelta(days=90)
        if chance(rng, 0.55)
        else START + timedelta(days=rng.randrange(span - 20))
    )
    if visitor:
        joined = START + timedelta(days=rng.randrange(span - 12))
    left = END if chance(rng, 0.85) else joined + timedelta(days=rng.randrange(60, span))
    notes_pool = _NOTES_ES if language == "es" else _NOTES_EN
    note = None
    if chance(rng, 0.22):
        day = date(2000, rng.randrange(1, 13), rng.randrange(1, 29))
        note = rng.choice(notes_pool).format(day=day.strftime("%d/%m"))
    return Persona(
        index=i,
        external_id=f"CLI-{i + 1:05d}",
        first=first,
        last=last,
        female=female,
        country=code,
        language=language,
        email=email if has_email else None,
        phone=phone if has_phone else None,
        birth=birth,
        restrictions=draw_restrictions(rng, language, female),
        cuisines=cuisines,
        event_types=rng.sample(EVENT_TYPES, rng.choice((1, 2, 2, 3))),
        budget=budget,
        notes=note,
        consent_marketing=chance(rng, 0.5),
        consent_personalisation=chance(rng, 0.86),
        vip=freq == "habitual" and budget in {"alto", "premium"} and chance(rng, 0.6),
        visitor=visitor,
        frequency=freq,
        rate=rate,
        home_venue=_home(rng, cuisines),
        joined=max(joined, START - timedelta(days=90)),
        left=min(left, END),
        mood=rng.uniform(-0.3, 0.3),
        reviewer=rng.betavariate(2, 4),
        written_name="full" if chance(rng, 0.1) else "split",
    )


# Guests the upcoming tasting needs: (tag, allergies text, diet text, female only).
TASTING_NEEDS = (
    ("seafood", "alergia a los mariscos", "", False),
    ("seafood", "mariscos", "", False),
    ("peanut", "alergia al maní", "", False),
    ("celiac", "celíaca", "", True),
    ("vegetarian", "", "vegetariana", True),
    ("vegetarian", "", "vegetariano", False),
    ("vegan", "", "vegano", False),
    ("pregnant", "", "embarazada", True),
    ("no_alcohol", "", "sin alcohol", False),
)


def _meets(p: Persona, tag: str) -> bool:
    r = p.restrictions
    return {
        "seafood": bool(r.allergens & {"crustaceans", "molluscs"}) and "fish" not in r.excludes,
        "peanut": "peanuts" in r.allergens,
        "celiac": "gluten" in r.allergens,
        "vegetarian": "vegetarian" in r.labels,
        "vegan": "vegan" in r.labels,
        "pregnant": "pregnancy" in r.labels,
        "no_alcohol": "no_alcohol" in r.labels,
    }[tag]


def choose_tasting_guests(rng: random.Random, people: list[Persona], size: int = 24) -> None:
    """Tag ``size`` local guests for the upcoming tasting, with the restriction mix it needs.

    When nobody has a needed restriction, an unrestricted guest is given it, so the mix holds
    at any ``n_guests``. Tagging happens before files are written, so the files agree.
    """
    pool = [p for p in people if not p.visitor and p.consent_personalisation]
    rng.shuffle(pool)
    chosen: list[Persona] = []
    for tag, allergies, diet, female in TASTING_NEEDS:
        hit = next((p for p in pool if p not in chosen and _meets(p, tag)), None)
        if hit is None:
            hit = next(
                p
                for p in pool
                if p not in chosen
                and not p.restrictions.allergies_text
                and not p.restrictions.diet_text
                and (p.female or not female)
            )
            hit.restrictions = restrictions_from_text(allergies, diet)
        hit.tags.add(f"tasting:{tag}")
        chosen.append(hit)
    liked = sorted(
        (p for p in pool if p not in chosen),
        key=lambda p: (
            not ({"cata", "maridaje"} & set(p.event_types)),
            p.budget not in {"alto", "premium"},
            p.index,
        ),
    )
    for p in liked[: size - len(chosen)]:
        p.tags.add("tasting:guest")
        chosen.append(p)


def build_guests(seed: int, kb: KnowledgeBase, n_guests: int) -> list[Persona]:
    rng = stream(seed, "guests")
    used: set[str] = set()
    people = [_persona(rng, i, kb, used) for i in range(n_guests)]
    choose_tasting_guests(stream(seed, "tasting"), people)
    return people


def _yes(rng: random.Random, value: bool) -> str:
    return rng.choice(("sí", "si", "Sí", "1", "x")) if value else rng.choice(("no", "No", "0"))


def guest_row(rng: random.Random, p: Persona) -> dict[str, str]:
    lang_options = _SPANISH_LANG if p.language == "es" else _ENGLISH_LANG
    language = pick(rng, lang_options) if p.language in {"es", "en"} else p.language
    full = p.written_name == "full"
    return {
        "id_cliente": p.external_id,
        "nombre": "" if full else p.first,
        "apellidos": "" if full else p.last,
        "nombre_completo": f"{p.first} {p.last}" if full else "",
        "correo": p.email or "",
        "celular": p.phone or "",
        "idioma": language,
        "fecha_nacimiento": p.birth.strftime("%d/%m/%Y") if p.birth else "",
        "pais": p.country if (p.visitor or chance(rng, 0.8)) else "",
        "alergias": p.restrictions.allergies_text,
        "restricciones": p.restrictions.diet_text,
        "cocinas_favoritas": rng.choice((", ", "; ")).join(p.cuisines),
        "eventos_preferidos": ", ".join(p.event_types),
        "presupuesto": p.budget if chance(rng, 0.9) else p.budget.capitalize(),
        "notas": p.notes or "",
        "acepta_marketing": _yes(rng, p.consent_marketing),
        "acepta_personalizacion": _yes(rng, p.consent_personalisation),
        "vip": "sí" if p.vip else "",
    }


def _duplicate(rng: random.Random, p: Persona, style: int) -> dict[str, str]:
    """The same person typed again by another host: only the spelling differs."""
    row = dict.fromkeys(HEADERS, "")
    row["nombre"], row["apellidos"] = p.first, p.last
    if style == 0 and p.email:
        row["correo"] = p.email.upper()
        row["nombre"], row["apellidos"] = p.first.upper(), p.last.upper()
        row["notas"] = "registrado de nuevo en recepción"
    elif style == 1 and p.phone:
        d = "".join(c for c in p.phone if c.isdigit())[-9:]
        row["celular"] = f"+51 {d[:3]}-{d[3:6]}-{d[6:]}"
        row["nombre"] = p.first.lower()
        row["eventos_preferidos"] = "cata"
    else:
        assert p.birth is not None
        row["fecha_nacimiento"] = p.birth.strftime("%d/%m/%Y")
        row["nombre_completo"] = f"{p.first} {p.last}".replace("á", "a").replace("é", "e")
        row["nombre"] = row["apellidos"] = ""
        row["notas"] = rng.choice(_NOTES_ES)
    return row


_BROKEN = (
    # No e-mail, no phone and only a first name: nobody could ever find this guest again.
    {"nombre": "Ricardo", "notas": "cliente de paso, pagó en efectivo"},
    # 31 February does not exist.
    {
        "nombre": "Lucía", "apellidos": "Paredes Chumpitaz", "correo": "lucia.paredes@gmail.com",
        "fecha_nacimiento": "31/02/1990",
    },
    # An e-mail without its domain and no other way to reach the guest.
    {"nombre": "Carla", "apellidos": "Ríos Málaga", "correo": "carla.rios@gmail"},
    # A phone with too few digits.
    {"nombre": "Hugo", "apellidos": "Tello Soto", "celular": "98765", "idioma": "es"},
)  # fmt: skip


def guest_rows(seed: int, people: list[Persona]) -> list[dict[str, str]]:
    """CRM export rows: every persona, then duplicates and broken rows slipped in."""
    rng = stream(seed, "guest-rows")
    rows = [guest_row(rng, p) for p in people]
    n_dupes = max(3, len(people) // 140)
    candidates = [
        p for p in people if p.birth and p.email and p.phone and not p.tags and not p.visitor
    ]
    inserts: list[tuple[int, dict[str, str]]] = []
    for k, p in enumerate(rng.sample(candidates, min(n_dupes, len(candidates)))):
        at = rng.randrange(p.index + 1, len(rows) + 1)
        inserts.append((at, _duplicate(rng, p, k % 3)))
    for broken in _BROKEN:
        inserts.append((rng.randrange(len(rows) + 1), {h: broken.get(h, "") for h in HEADERS}))
    for at, row in sorted(inserts, key=lambda t: -t[0]):
        rows.insert(at, row)
    return rows
