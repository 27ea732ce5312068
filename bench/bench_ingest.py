"""Ingest throughput: guest rows per second on SQLite, beside a plain load of the same file.

For each size, a guests file (10 % repeated people, 3 % impossible birth dates, twins and
shared home phones) is ingested into a fresh store, then ingested again (a no-op). The
reference, measured in the same run on the same file: pandas ``read_csv`` plus one
``executemany`` into a SQLite table of the same columns, in one transaction: the floor of
reading and writing those rows, with no checking, matching or history.

Run: .venv/bin/python bench/bench_ingest.py [--sizes 2000 20000 200000]
(all three by default; about a minute on a quiet machine). Writes ``docs/bench/ingest.json``.
Nothing is asserted: the goal (>= 5,000 rows/s and >= 25 % of the reference) is printed.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sqlite3
import tempfile
import time
import unicodedata
from datetime import date
from pathlib import Path

import pandas as pd
from recording import save

from sazon.ingest import ingest_file, initialise_store
from sazon.knowledge import load_knowledge
from sazon.store import make_engine, session_factory

FIRST = ["Rosa", "José", "María", "Luis", "Carmen", "Jorge", "Lucía", "Diego", "Ana", "Pedro"]
LAST = ["Quispe", "García", "Huamán", "Rojas", "Flores", "Mamani", "Torres", "Vargas", "Díaz"]
ALLERGY = ["", "", "", "mariscos", "maní", "lactosa", "celíaco", "vegetariana", "tree nuts"]
GOAL_ROWS_PER_S, GOAL_SHARE = 5000, 0.25


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
    for i in rng.sample(range(n), n // 100):  # 1 % twins: same day, other name and email
        twin = "Mario" if rows[i]["nombre"] != "Mario" else "María"
        rows.append({**rows[i], "nombre": twin, "correo": f"gemelo.{i}@example.pe",
                     "telefono": f"8{rng.randrange(10**8):08d}"})  # fmt: skip
    for i in rng.sample(range(n), n // 100):  # 1 % share a home phone with someone else
        rows.append({**rows[i], "nombre": "Carlos" if rows[i]["nombre"] != "Carlos" else "Ana",
                     "correo": "", "fecha_nacimiento": "01/01/1960"})  # fmt: skip
    for i in rng.sample(range(len(rows)), len(rows) // 30):  # 3 % impossible birth dates
        rows[i]["fecha_nacimiento"] = "31/02/1990"
    rng.shuffle(rows)
    return rows


def write(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)


def reference(path: Path, folder: Path) -> float:
    """Seconds for pandas read_csv + one executemany transaction into a plain table."""
    t0 = time.perf_counter()
    frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    conn = sqlite3.connect(folder / "reference.db")
    cols = list(frame.columns)
    conn.execute(
        f"CREATE TABLE guests (id INTEGER PRIMARY KEY, {', '.join(f'{c} TEXT' for c in cols)})"
    )
    with conn:
        conn.executemany(
            f"INSERT INTO guests ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            frame.itertuples(index=False, name=None),
        )
    conn.close()
    return time.perf_counter() - t0


def measure(n: int) -> dict[str, object]:
    rows = make_rows(n, random.Random(42))
    kb = load_knowledge()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "guests.csv"
        write(rows, path)
        ref = reference(path, folder)
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        initialise_store(engine, kb)
        factory = session_factory(engine)
        t0, c0 = time.perf_counter(), time.process_time()
        first = ingest_file(factory, kb, "guests", path)
        t1, c1 = time.perf_counter(), time.process_time()
        again = ingest_file(factory, kb, "guests", path)
        t2 = time.perf_counter()
        engine.dispose()
    rate, ref_rate = first.rows / (t1 - t0), len(rows) / ref
    return {
        "guest_rows": first.rows,
        "accepted": first.accepted,
        "merged": first.merged,
        "quarantined": first.quarantined,
        "to_review": first.to_review,
        "possible_duplicates": first.possible_duplicates,
        "seconds": round(t1 - t0, 2),
        "rows_per_s": round(rate),
        # CPU seconds of this process: on a shared machine, the part that is ours.
        "cpu_seconds": round(c1 - c0, 2),
        "reingest_rows_per_s": round(again.rows / (t2 - t1)),
        "reingest_unchanged": again.accepted == 0
        and again.merged == first.rows - first.quarantined,
        "reference_rows_per_s": round(ref_rate),
        "share_of_reference": round(rate / ref_rate, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[2000, 20000, 200_000])
    args = parser.parse_args()
    sizes = args.sizes
    runs = []
    for n in sizes:
        result = measure(n)
        runs.append(result)
        print(
            f"{result['guest_rows']:>7} rows: {result['rows_per_s']:>6} rows/s "
            f"({result['seconds']} s, CPU {result['cpu_seconds']} s; "
            f"re-ingest {result['reingest_rows_per_s']} rows/s) | "
            f"reference pandas+executemany {result['reference_rows_per_s']} rows/s | "
            f"share {result['share_of_reference']:.1%} | accepted {result['accepted']}, "
            f"merged {result['merged']}, quarantined {result['quarantined']}, "
            f"to review {result['to_review']}, possible duplicates "
            f"{result['possible_duplicates']}"
        )
    # Linear cost: the largest size's rate against the smallest's (1.0 = perfectly linear).
    rates = [int(str(r["rows_per_s"])) for r in runs]
    out = {
        "store": "sqlite",
        "runs": runs,
        "rate_ratio_largest_to_smallest": round(rates[-1] / rates[0], 3),
        "goal": {"rows_per_s": GOAL_ROWS_PER_S, "share_of_reference": GOAL_SHARE},
        "goal_met": all(
            int(str(r["rows_per_s"])) >= GOAL_ROWS_PER_S
            and float(str(r["share_of_reference"])) >= GOAL_SHARE
            for r in runs
        ),
        "date": date.today().isoformat(),
    }
    print(json.dumps({k: v for k, v in out.items() if k != "runs"}, ensure_ascii=False))
    save("ingest", out)


if __name__ == "__main__":
    main()
