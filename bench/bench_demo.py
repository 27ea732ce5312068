"""Demo data: how long `sazon demo-data` takes and what it loads, in a fresh process.

`make demo` runs `sazon init` then `sazon demo-data` on a new data folder; this bench does the
same in a temporary folder (SQLite, the embedded bus) and times the whole process, so the
number a new user waits for is the number written here. The rows come from the command's own
JSON summary.

Run: ``.venv/bin/python bench/bench_demo.py [--seed 7]``; writes ``docs/bench/demo.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from recording import save

# The console script a user runs, from the same virtualenv as this interpreter.
SAZON = [str(Path(sys.executable).with_name("sazon"))]


def _run(args: list[str], home: Path) -> tuple[float, str]:
    env = {**os.environ, "SAZON_HOME": str(home)}
    env.pop("SAZON_STORE__URL", None)
    start = time.perf_counter()
    done = subprocess.run([*SAZON, *args], env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"sazon {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return seconds, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sazon-bench-demo-") as tmp:
        home = Path(tmp)
        init_s, _ = _run(["init"], home)
        load_s, out = _run(["demo-data", "--seed", str(args.seed), "--format", "json"], home)
    rows = json.loads(out)
    print(f"sazon init: {init_s:.1f} s; sazon demo-data --seed {args.seed}: {load_s:.1f} s")
    for table, n in rows.items():
        print(f"  {table}: {n:,}")
    save(
        "demo",
        {
            "seed": args.seed,
            "init_s": round(init_s, 1),
            "demo_data_s": round(load_s, 1),
            "rows": rows,
        },
    )


if __name__ == "__main__":
    main()
