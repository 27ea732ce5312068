"""Ingest throughput: guest rows per second on SQLite, with duplicates and broken rows.

Run: .venv/bin/python bench/bench_ingest.py [N]   (prints measured numbers; nothing is asserted)
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from sazon.ingest import ingest_file, initialise_store
from sazon.knowledge import load_knowledge
from sazon.store import make_engine, session_factory

FIRST = ["Rosa", "José", "María", "Luis", "Carmen", "Jorge", "Lucía", "Diego", "Ana", "Pedro"]
LAST = ["Quispe", "García", "Huamán", "Rojas", "Flores", "Mamani", "Torres", "Vargas", "Díaz"]
ALLERGY = ["", "", "", "mariscos", "maní", "lactosa", "celíaco", "vegetariana", "tree nuts"]


def ascii_name(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def make_rows(n: int, rng: random.Random) -> list[dict[str, str]]:
    rows = []
    for i in range(n):
        first, last = rng.choice(FIRST), f"{rng.choice(LAST)} {rng.choice(LAST)}"
        rows.append(
            {
                "nombre": first,
                "apellidos": last,
                "correo": f"{ascii_name(first)}.{i}@example.pe",
                "telefono": f"9{rng.randrange(10**8):08d}",
                "fecha_nacimiento": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/"
                f"{rng.randint(1950, 2005)}",
                "alergias": rng.choice(ALLERGY),
            }
        )
    for i in rng.sample(range(n), n // 10):  # 10 % duplicates by email, upper-cased
        rows.append({**rows[i], "correo": rows[i]["correo"].upper(), "telefono": ""})
    for i in rng.sample(range(n), n // 30):  # 3 % broken dates
        rows[i]["fecha_nacimiento"] = "31/02/1990"
    return rows


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rows = make_rows(n, random.Random(42))
    kb = load_knowledge()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "guests.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=";")
            writer.writeheader()
            writer.writerows(rows)
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        initialise_store(engine, kb)
        factory = session_factory(engine)
        t0 = time.perf_counter()
        first = ingest_file(factory, kb, "guests", path)
        t1 = time.perf_counter()
        again = ingest_file(factory, kb, "guests", path)
        t2 = time.perf_counter()
    print(f"rows={first.rows} accepted={first.accepted} merged={first.merged} "
          f"quarantined={first.quarantined}")  # fmt: skip
    print(f"first ingest: {t1 - t0:.2f} s = {first.rows / (t1 - t0):.0f} rows/s (SQLite)")
    print(f"re-ingest (idempotent): {t2 - t1:.2f} s = {again.rows / (t2 - t1):.0f} rows/s")


if __name__ == "__main__":
    main()
