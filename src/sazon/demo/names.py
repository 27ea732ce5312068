"""Names, e-mail addresses and phone numbers as Lima guests and visitors write them."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from sazon.demo.randomness import chance, pick

MALE = (
    "José", "Luis", "Carlos", "Juan", "Jorge", "Miguel", "Víctor", "César", "Alberto", "Manuel",
    "Pedro", "Ricardo", "Renzo", "Diego", "Sebastián", "Mateo", "Gonzalo", "Álvaro", "Rodrigo",
    "Christian", "Piero", "Franco", "Fernando", "Javier", "Raúl", "Edwin", "Percy", "Walter",
    "Hugo", "Óscar", "Gustavo", "Martín", "Eduardo", "Daniel", "Andrés", "Santiago", "Joaquín",
    "Bruno", "Gianfranco", "Marco", "Julio", "Enrique", "Alonso", "Rafael", "Héctor",
)  # fmt: skip
MALE_COMPOUND = (
    "Juan Carlos", "José Luis", "Luis Alberto", "Jorge Luis", "Carlos Alberto", "Juan Pablo",
    "Miguel Ángel", "José Antonio", "Luis Enrique", "Juan José", "Carlos Enrique",
)  # fmt: skip
FEMALE = (
    "María", "Rosa", "Carmen", "Ana", "Luz", "Milagros", "Patricia", "Giovanna", "Karina",
    "Fiorella", "Valeria", "Camila", "Lucía", "Andrea", "Claudia", "Sofía", "Gabriela", "Daniela",
    "Jimena", "Alessandra", "Mariana", "Carla", "Silvia", "Gladys", "Ruth", "Yolanda", "Vanessa",
    "Rocío", "Jessica", "Katherine", "Paola", "Diana", "Verónica", "Mónica", "Lorena", "Natalia",
    "Pamela", "Ximena", "Micaela", "Estefanía", "Tatiana", "Cecilia", "Beatriz", "Elena",
)  # fmt: skip
FEMALE_COMPOUND = (
    "María del Carmen", "María Fernanda", "Ana María", "Rosa María", "María Isabel",
    "Luz Marina", "María Elena", "María José", "Ana Lucía", "María de los Ángeles",
    "María Teresa", "Rosa Elena",
)  # fmt: skip
SURNAMES = (
    "Quispe", "Flores", "Sánchez", "Rodríguez", "García", "Rojas", "Huamán", "Mamani", "Chávez",
    "Torres", "Ramírez", "Mendoza", "Vásquez", "Castillo", "Espinoza", "Díaz", "López",
    "Gonzales", "Pérez", "Ramos", "Cruz", "Gutiérrez", "Vargas", "Romero", "Salazar", "Castro",
    "Ruiz", "Morales", "Herrera", "Medina", "Aguilar", "Paredes", "Reyes", "Silva", "Ríos",
    "Condori", "Cárdenas", "Zevallos", "Benavides", "Villanueva", "Távara", "Delgado", "Palacios",
    "Alvarado", "Soto", "Cornejo", "Valdivia", "Pacheco", "Ccahuana", "Tello", "Nuñez", "Vega",
    "Chumpitaz", "Ynga", "Chang", "Wong", "Lam", "Higa", "Nakamura", "Yamashiro", "Oshiro",
    "Arana", "Bustamante", "Carrillo", "Olivares", "Prado", "Saldaña", "Lozano", "Zapata",
    "Moreno", "Campos", "Huertas", "Llosa", "Málaga", "Ugarte", "Zúñiga", "Ayala", "Cabrera",
)  # fmt: skip

PE_DOMAINS = (
    ("gmail.com", 50.0), ("hotmail.com", 18.0), ("outlook.com", 8.0), ("yahoo.es", 5.0),
    ("yahoo.com", 3.0), ("andesyasociados.pe", 1.5), ("rimacconsultores.com.pe", 1.5),
    ("grupocostaverde.pe", 1.5), ("estudiovillaran.pe", 1.5), ("logisticasurandina.com.pe", 1.5),
    ("minerahuaytara.com.pe", 1.0), ("clinicalosolivos.pe", 1.0), ("colegiosantarosa.edu.pe", 1.0),
)  # fmt: skip


@dataclass(frozen=True)
class Country:
    code: str
    language: str
    weight: float
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]
    domains: tuple[str, ...]
    two_surnames: bool
    phone_format: str  # '#' is a random digit


VISITOR_COUNTRIES = (
    Country(
        "US", "en", 30,
        ("James", "Michael", "David", "Ryan", "Kevin", "Brian", "Tyler", "Matthew", "Daniel"),
        ("Emily", "Sarah", "Jessica", "Ashley", "Megan", "Lauren", "Rachel", "Hannah", "Olivia"),
        ("Miller", "Johnson", "Anderson", "Thompson", "Walker", "Carter", "Bennett", "Hughes",
         "Parker", "Collins", "Reed", "Foster"),
        ("gmail.com", "yahoo.com", "icloud.com", "outlook.com"), False, "+1 ### ### ####",
    ),
    Country(
        "GB", "en", 12,
        ("Oliver", "Harry", "George", "Jack", "Thomas", "William"),
        ("Amelia", "Charlotte", "Sophie", "Lucy", "Grace", "Eleanor"),
        ("Clarke", "Wright", "Turner", "Hall", "Wood", "Harrison", "Cooper", "Ward"),
        ("gmail.com", "hotmail.co.uk", "btinternet.com"), False, "+44 7### ######",
    ),
    Country(
        "CA", "en", 5,
        ("Liam", "Noah", "Ethan"), ("Chloe", "Emma", "Ava"),
        ("Martin", "Tremblay", "Roy", "MacDonald", "Campbell"),
        ("gmail.com", "outlook.com"), False, "+1 ### ### ####",
    ),
    Country(
        "AU", "en", 4,
        ("Lachlan", "Jack", "Mitchell"), ("Isla", "Ruby", "Zoe"),
        ("Taylor", "Kelly", "Murphy", "Ryan"),
        ("gmail.com", "bigpond.com"), False, "+61 4## ### ###",
    ),
    Country(
        "CL", "es", 14,
        ("Benjamín", "Vicente", "Matías", "Cristóbal", "Felipe", "Tomás"),
        ("Constanza", "Francisca", "Javiera", "Catalina", "Antonia", "Trinidad"),
        ("González", "Muñoz", "Contreras", "Sepúlveda", "Fuentes", "Araya", "Tapia", "Soto"),
        ("gmail.com", "hotmail.com", "vtr.net"), True, "+56 9 #### ####",
    ),
    Country(
        "AR", "es", 11,
        ("Facundo", "Nicolás", "Agustín", "Lucas", "Federico", "Ignacio"),
        ("Florencia", "Agustina", "Micaela", "Sol", "Belén", "Julieta"),
        ("Rossi", "Fernández", "Romano", "Giménez", "Bianchi", "Acosta", "Benítez", "Ferrari"),
        ("gmail.com", "hotmail.com", "yahoo.com.ar"), False, "+54 9 11 #### ####",
    ),
    Country(
        "BR", "pt", 10,
        ("João", "Pedro", "Lucas", "Gabriel", "Rafael", "Thiago"),
        ("Ana", "Beatriz", "Juliana", "Larissa", "Fernanda", "Camila"),
        ("Silva", "Santos", "Oliveira", "Souza", "Costa", "Almeida", "Carvalho", "Ribeiro"),
        ("gmail.com", "hotmail.com", "uol.com.br"), True, "+55 11 9####-####",
    ),
    Country(
        "ES", "es", 8,
        ("Pablo", "Alejandro", "Javier", "Sergio", "Adrián", "Iker"),
        ("Lucía", "Paula", "Laura", "Marta", "Irene", "Nerea"),
        ("Martínez", "Fernández", "Navarro", "Iglesias", "Ortega", "Rubio", "Molina", "Gil"),
        ("gmail.com", "hotmail.es", "telefonica.net"), True, "+34 6## ### ###",
    ),
    Country(
        "JP", "en", 5,
        ("Haruto", "Ren", "Sota", "Kaito", "Takumi"),
        ("Yui", "Sakura", "Aoi", "Hina", "Mei"),
        ("Tanaka", "Sato", "Suzuki", "Takahashi", "Watanabe", "Ito", "Kobayashi"),
        ("gmail.com", "yahoo.co.jp", "docomo.ne.jp"), False, "+81 90-####-####",
    ),
    Country(
        "MX", "es", 6,
        ("Emiliano", "Diego", "Leonardo", "Ángel"), ("Ximena", "Regina", "Valentina", "Renata"),
        ("Hernández", "Martínez", "Ortiz", "Guzmán", "Velázquez", "Ramos"),
        ("gmail.com", "hotmail.com", "prodigy.net.mx"), True, "+52 55 #### ####",
    ),
    Country(
        "CO", "es", 6,
        ("Santiago", "Sebastián", "Camilo", "Andrés"),
        ("Valentina", "Isabella", "Manuela", "Laura"),
        ("Restrepo", "Ospina", "Cárdenas", "Jaramillo", "Gómez", "Zapata"),
        ("gmail.com", "hotmail.com", "outlook.com"), True, "+57 3## ### ####",
    ),
    Country(
        "DE", "en", 4,
        ("Lukas", "Felix", "Jonas", "Maximilian"), ("Lena", "Anna", "Leonie", "Hannah"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker"),
        ("gmail.com", "web.de", "gmx.de"), False, "+49 15# ########",
    ),
    Country(
        "FR", "en", 4,
        ("Louis", "Hugo", "Arthur", "Jules"), ("Camille", "Manon", "Chloé", "Léa"),
        ("Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Laurent"),
        ("gmail.com", "orange.fr", "free.fr"), False, "+33 6 ## ## ## ##",
    ),
)  # fmt: skip


@dataclass(frozen=True)
class Identity:
    first: str
    last: str
    female: bool
    country: str
    language: str
    email: str | None
    phone: str | None  # as written in the file


def ascii_fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if c.isalnum() and c.isascii())


def email_for(rng: random.Random, first: str, last: str, domain: str, born: int | None) -> str:
    given = [ascii_fold(p) for p in first.split() if p.lower() not in {"del", "de", "los"}]
    family = [ascii_fold(p) for p in last.split()]
    f, s = given[0], family[0]
    style = rng.randrange(7)
    year = str(born if born and rng.random() < 0.6 else rng.randrange(1, 99))
    local = (
        f"{f}.{s}",
        f"{f}{s}",
        f"{f[0]}{s}",
        f"{f}_{s}{year[-2:]}",
        f"{f}.{s}{year}",
        f"{s}.{f}",
        f"{f[0]}{''.join(family)}",
    )[style]
    return f"{local}@{domain}"


def peruvian_mobile(rng: random.Random) -> tuple[str, str]:
    """A Peruvian mobile (9 digits, starts with 9) as canonical digits and as written."""
    digits = "9" + "".join(str(rng.randrange(10)) for _ in range(8))
    a, b, c = digits[:3], digits[3:6], digits[6:]
    written = pick(
        rng,
        [
            (f"{a} {b} {c}", 40.0),
            (digits, 20.0),
            (f"+51 {digits}", 20.0),
            (f"51-{a}-{b}-{c}", 10.0),
            (f"+51 {a} {b} {c}", 10.0),
        ],
    )
    return digits, written


def foreign_phone(rng: random.Random, fmt: str) -> str:
    return "".join(str(rng.randrange(10)) if ch == "#" else ch for ch in fmt)


def peruvian_name(rng: random.Random) -> tuple[str, str, bool]:
    female = chance(rng, 0.52)
    if female:
        first = rng.choice(FEMALE_COMPOUND) if chance(rng, 0.22) else rng.choice(FEMALE)
    else:
        first = rng.choice(MALE_COMPOUND) if chance(rng, 0.22) else rng.choice(MALE)
    one, two = rng.sample(SURNAMES, 2)
    return first, f"{one} {two}", female


def visitor_name(rng: random.Random, country: Country) -> tuple[str, str, bool]:
    female = chance(rng, 0.5)
    first = rng.choice(country.female if female else country.male)
    if country.two_surnames:
        one, two = rng.sample(country.surnames, 2)
        return first, f"{one} {two}", female
    return first, rng.choice(country.surnames), female
