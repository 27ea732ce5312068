"""Start-up benchmark: whole-process time and peak memory of everyday ``sazon`` commands.

Each command runs as a new Python process, as a user runs it, ``--runs`` times (round
robin over the commands, so a busy moment of the machine hits them all alike); we report
the median and the range of the wall time and the peak resident memory (``ru_maxrss`` of
the child). In the same run, two references:

- ``python -c pass``: the interpreter alone;
- ``typer + rich + config``: what any command has to import (the framework and the
  settings), the floor a lazy CLI can reach.

Goals (issue #14): ``sazon --help`` ≤ 0.3 s and ≤ 60 MiB; ``status`` and ``guests list``
≤ 0.6 s; one review scored by ``text sentiment`` ≤ 0.8 s once the default model's artifact
exists (the first, untimed run makes it). ``--compare-src`` times the same commands with
another source tree (e.g. main's ``src``) in the same run.

Run: ``.venv/bin/python bench/bench_startup.py [--runs 7] [--compare-src ../main/src]``.
Writes ``docs/bench/startup.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recording import run_facts

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "bench"
REVIEW = "El ceviche estuvo buenazo, pero la atención fue lentísima y no volvemos."
WINES = [
    ("sb", "Sauvignon Blanc Casablanca", "Sauvignon Blanc", "white", 65),
    ("tannat", "Tannat Reserva", "Tannat", "red", 90),
    ("malbec", "Malbec Mendoza", "Malbec", "red", 70),
    ("torrontes", "Torrontés Salta", "Torrontés", "white", 55),
    ("brut", "Espumante Brut", "Chardonnay;Pinot Noir", "sparkling", 80),
    ("rose", "Rosado de Ica", "Syrah", "rose", 50),
]
# name → (arguments after ``python``, goal seconds or None, goal MiB or None)
REFERENCES: dict[str, tuple[list[str], float | None, float | None]] = {
    "python -c pass": (["-c", "pass"], None, None),
    "typer + rich + config": (
        ["-c", "import typer, rich.console, sazon.config; sazon.config.load_settings()"],
        None,
        None,
    ),
}


@dataclass
class Case:
    name: str
    args: list[str]
    src: Path
    goal_s: float | None = None
    goal_mib: float | None = None
    seconds: list[float] = field(default_factory=list)
    rss_mib: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def summary(self, python_s: float, reference_s: float, reference_cpu: float) -> dict[str, Any]:
        median = statistics.median(self.seconds)
        peak = max(self.rss_mib)
        return {
            "name": self.name,
            "argv": ["python", *self.args],
            "src": str(self.src),
            "median_s": round(median, 4),
            "min_s": round(min(self.seconds), 4),
            "max_s": round(max(self.seconds), 4),
            # User + system CPU of the process: on a shared machine the wall time mostly
            # says how long the process waited for a core, its CPU time much less so.
            "median_cpu_s": round(statistics.median(self.cpu), 4),
            "cpu_x_reference": round(statistics.median(self.cpu) / reference_cpu, 2),
            "peak_rss_mib": round(peak, 1),
            "x_python_pass": round(median / python_s, 2),
            "x_reference": round(median / reference_s, 2),
            "goal_s": self.goal_s,
            "goal_mib": self.goal_mib,
            "meets_goal": (self.goal_s is None or median <= self.goal_s)
            and (self.goal_mib is None or peak <= self.goal_mib),
        }


def _run(args: list[str], src: Path, home: Path) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MiB) and CPU seconds of one child process; it must
    succeed."""
    env = {**os.environ, "PYTHONPATH": str(src), "SAZON_HOME": str(home), "COLUMNS": "100"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}): {err[-400:]}")
    # ru_maxrss is in KiB on Linux
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def _inputs(folder: Path) -> dict[str, Path]:
    review = folder / "review.csv"
    review.write_text(f'id,text\n1,"{REVIEW}"\n', encoding="utf-8")
    dishes = folder / "dish.csv"
    dishes.write_text(
        "dish_id,name,course,ingredients\n"
        "d1,Ceviche de corvina,entrada,corvina;limón;ají limo;cebolla roja\n",
        encoding="utf-8",
    )
    wines = folder / "wines.csv"
    rows = [f"{i},{n},{g},{c},{p}" for i, n, g, c, p in WINES]
    wines.write_text(
        "\n".join(["wine_id,name,grapes,color,price_pen", *rows]) + "\n", encoding="utf-8"
    )
    return {"review": review, "dishes": dishes, "wines": wines}


def _commands(files: dict[str, Path]) -> dict[str, tuple[list[str], float | None, float | None]]:
    cli = ["-m", "sazon.cli"]
    return {
        "sazon --help": ([*cli, "--help"], 0.3, 60.0),
        "sazon status": ([*cli, "status"], 0.6, None),
        "sazon guests list": ([*cli, "guests", "list"], 0.6, None),
        "sazon text sentiment (1 review)": (
            [*cli, "text", "sentiment", "-i", str(files["review"])],
            0.8,
            None,
        ),
        "sazon pairing suggest (1 dish)": (
            [
                *cli,
                "pairing",
                "suggest",
                "--dishes",
                str(files["dishes"]),
                "--wines",
                str(files["wines"]),
            ],
            None,
            None,
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--compare-src", type=Path, help="another src/ to time alongside")
    parser.add_argument("--out", type=Path, default=OUT / "startup.json")
    args = parser.parse_args()
    src = ROOT / "src"
    with tempfile.TemporaryDirectory(prefix="sazon-bench-startup-") as tmp:
        folder = Path(tmp)
        files = _inputs(folder)
        trees = [("", src)] + ([(" [compare]", args.compare_src)] if args.compare_src else [])
        cases: list[Case] = [Case(n, a, src, gs, gm) for n, (a, gs, gm) in REFERENCES.items()]
        homes: dict[Path, Path] = {}
        for suffix, tree in trees:
            home = homes[tree] = folder / f"home{len(homes)}"
            # Untimed: the store exists and the default sentiment model's artifact is saved.
            _run(["-m", "sazon.cli", "init"], tree, home)
            _run(_commands(files)["sazon text sentiment (1 review)"][0], tree, home)
            cases += [
                Case(name + suffix, a, tree, gs, gm)
                for name, (a, gs, gm) in _commands(files).items()
            ]
        for _ in range(args.runs):
            for case in cases:
                seconds, rss, cpu = _run(case.args, case.src, homes.get(case.src, folder / "home0"))
                case.seconds.append(seconds)
                case.rss_mib.append(rss)
                case.cpu.append(cpu)
    python_s = statistics.median(cases[0].seconds)
    reference_s = statistics.median(cases[1].seconds)
    reference_cpu = statistics.median(cases[1].cpu)
    rows = [c.summary(python_s, reference_s, reference_cpu) for c in cases]
    result = {
        "benchmark": "start-up: whole-process wall time (median) and peak RSS",
        "runs": args.runs,
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "cases": rows,
    }
    print(
        f"{'command':44} {'median s':>9} {'range s':>15} {'cpu s':>6} {'MiB':>7} {'×ref':>6} goal"
    )
    for r in rows:
        goal = (
            ""
            if r["goal_s"] is None
            else f"≤{r['goal_s']} s " + ("ok" if r["meets_goal"] else "MISSED")
        )
        print(
            f"{r['name']:44} {r['median_s']:9.3f} {r['min_s']:7.3f}–{r['max_s']:<7.3f} "
            f"{r['median_cpu_s']:6.3f} {r['peak_rss_mib']:7.1f} {r['x_reference']:6.2f} {goal}"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    result = {"run": run_facts(), **result}
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
