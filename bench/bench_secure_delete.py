"""What SQLite's ``secure_delete`` costs on the store's write paths, to choose where to use it.

The same workload (insert guests in batches, update every row, delete a third) runs on temp
stores with the store's pragmas (WAL, synchronous=NORMAL) and ``secure_delete`` OFF (the
reference), FAST and ON, then the erasure's own step: one guest's rows rewritten and a
``wal_checkpoint(TRUNCATE)``. Prints rows/s for each and writes docs/bench/secure_delete.json.

Run: .venv/bin/python bench/bench_secure_delete.py [ROWS]   (default 20,000; best of 3)
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from recording import save

MODES = ("OFF", "FAST", "ON")
BATCH = 500
NOTE = "x" * 200  # a typical note plus restrictions text: rows span a realistic page share


def _connect(path: Path, mode: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(f"PRAGMA secure_delete={mode}")
    conn.execute(
        "CREATE TABLE guests (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT, phone TEXT,"
        " first_name TEXT, last_name TEXT, notes TEXT)"
    )
    conn.execute("CREATE INDEX ix_email ON guests(email)")
    conn.execute("CREATE INDEX ix_phone ON guests(phone)")
    return conn


def _workload(conn: sqlite3.Connection, rows: int) -> dict[str, float]:
    timings: dict[str, float] = {}
    start = time.perf_counter()
    for first in range(0, rows, BATCH):
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO guests (email, phone, first_name, last_name, notes) VALUES (?,?,?,?,?)",
            [
                (f"g{i}@example.pe", f"+5199{i:07d}", "Ana", f"Quispe {i}", NOTE)
                for i in range(first, min(first + BATCH, rows))
            ],
        )
        conn.execute("COMMIT")
    timings["insert"] = time.perf_counter() - start
    start = time.perf_counter()
    for first in range(1, rows + 1, BATCH):
        conn.execute("BEGIN")
        conn.execute(
            "UPDATE guests SET notes = notes || '!', email = 'x' || email WHERE id BETWEEN ? AND ?",
            (first, first + BATCH - 1),
        )
        conn.execute("COMMIT")
    timings["update"] = time.perf_counter() - start
    start = time.perf_counter()
    for first in range(1, rows + 1, 3 * BATCH):
        conn.execute("BEGIN")
        conn.execute("DELETE FROM guests WHERE id BETWEEN ? AND ?", (first, first + BATCH - 1))
        conn.execute("COMMIT")
    timings["delete"] = time.perf_counter() - start
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.execute(
        "UPDATE guests SET email = NULL, phone = NULL, first_name = 'Anónimo', notes = NULL"
        " WHERE id = ?",
        (rows // 2 + 7,),
    )
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    timings["erase_one_and_checkpoint"] = time.perf_counter() - start
    return timings


def run(rows: int, repeats: int = 3) -> dict[str, dict[str, float]]:
    best: dict[str, dict[str, float]] = {}
    for _ in range(repeats):
        for mode in MODES:
            with tempfile.TemporaryDirectory() as tmp:
                conn = _connect(Path(tmp) / "s.db", mode)
                timings = _workload(conn, rows)
                conn.close()
            seen = best.setdefault(mode, timings)
            for step, seconds in timings.items():
                seen[step] = min(seen[step], seconds)
    return best


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    best = run(rows)
    ref = best["OFF"]
    print(f"secure_delete cost, {rows:,} rows (best of 3; reference: secure_delete=OFF)")
    print(f"{'step':<26}" + "".join(f"{m:>14}" for m in MODES) + f"{'ON/OFF':>10}")
    for step in ref:
        cells = "".join(f"{best[m][step] * 1000:>12.1f}ms" for m in MODES)
        print(f"{step:<26}{cells}{best['ON'][step] / ref[step]:>10.2f}")
    result = {
        "rows": rows,
        "seconds": best,
        "on_over_off": {s: round(best["ON"][s] / ref[s], 3) for s in ref},
        "sqlite": sqlite3.sqlite_version,
    }
    save("secure_delete", result)


if __name__ == "__main__":
    main()
