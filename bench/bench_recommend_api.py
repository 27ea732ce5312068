"""A known guest's recommendations from the API under load, beside /healthz in the same run.

Starts ``sazon serve`` on the demo store (made once under ``--home``, default
``/tmp/sazon-bench-recommend``) and measures, with the open-loop load generator of
``bench_api_load.py`` (each request timed from when it was due):

- the first request (the server fits the item model and reads the menus: once per process,
  and again only when the bus says visits or feedback changed or a new model is activated);
- p50 and p99 at 50 requests/s for three guests (the most visits, the median, one visit) and
  for ``/healthz``, the reference;
- the maximum throughput of the busiest guest's recommendations and of /healthz.

Goal (issue #15): p99 ≤ 50 ms at 50 req/s. On a shared 2-core machine the numbers are noisy:
compare with /healthz of the same run.

Run: ``PYTHONPATH=src .venv/bin/python bench/bench_recommend_api.py [--seconds 10]``; writes
``docs/bench/recommend_api.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench_api_load import (  # noqa: E402
    cli,
    drained,
    max_throughput,
    offered,
    prepare,
    process,
    raw_request,
)
from recording import save  # noqa: E402
from tests.services import free_port  # noqa: E402

RATE = 50.0
GOAL_P99_MS = 50.0


def known_guests(db: Path) -> dict[str, int]:
    """Guests with the most visits, the median number, and one visit."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT guest_id, count(*) FROM visits WHERE guest_id IS NOT NULL "
            "GROUP BY guest_id ORDER BY count(*) DESC, guest_id"
        ).fetchall()
    return {"most_visits": rows[0][0], "median_visits": rows[len(rows) // 2][0],
            "one_visit": next(g for g, n in reversed(rows) if n == 1)}  # fmt: skip


async def _load(port: int, raw: bytes, seconds: float) -> dict[str, Any]:
    await max_throughput(port, raw, 2, 0.5)  # warm-up: connections, this guest's answer
    await drained(port, raw)
    try:
        result = await offered(port, raw, RATE, seconds)
    except (asyncio.IncompleteReadError, ConnectionError) as exc:
        # A pooled keep-alive connection idle past uvicorn's timeout is closed under it: a
        # server that far behind the offered rate has missed the goal anyway.
        result = {"offered_req_per_s": RATE, "p50_ms": None, "p99_ms": None,
                  "failed": f"{type(exc).__name__}: the server fell behind"}  # fmt: skip
    await drained(port, raw)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", type=Path, default=Path("/tmp/sazon-bench-recommend"))
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--conns", type=int, default=8)
    opts = parser.parse_args()
    env = {**os.environ, "SAZON_HOME": str(opts.home), "SAZON_LOG_LEVEL": "WARNING"}
    prepare(opts.home, env)  # the demo store, made once
    staff = json.loads(cli(env, "users", "create-key", "--role", "staff", "--format", "json"))
    guests = known_guests(opts.home / "sazon.db")
    port = free_port()
    serve = [sys.executable, "-m", "sazon.cli", "serve", "--port", str(port)]
    out: dict[str, Any] = {"rate_req_per_s": RATE, "seconds": opts.seconds, "guests": guests}
    with process(serve, env, port, opts.home / "serve-recommend.log"):
        path = "/api/v1/experience/guests/{}/recommendations?top=5"
        start = time.perf_counter()
        url = f"http://127.0.0.1:{port}{path.format(guests['most_visits'])}"
        auth = {"Authorization": f"Bearer {staff['key']}"}
        first = httpx.get(url, headers=auth, timeout=300)
        first.raise_for_status()
        out["first_request_ms"] = round((time.perf_counter() - start) * 1000, 1)
        print("first request (fits the model)", out["first_request_ms"], "ms", flush=True)
        raw = raw_request("GET", "/healthz", port, None)
        out["healthz"] = asyncio.run(_load(port, raw, opts.seconds))
        print("/healthz", out["healthz"], flush=True)
        for name, guest in guests.items():
            raw = raw_request("GET", path.format(guest), port, staff["key"])
            out[name] = asyncio.run(_load(port, raw, opts.seconds))
            print(name, out[name], flush=True)
        for name, raw in (
            ("max_healthz", raw_request("GET", "/healthz", port, None)),
            ("max_most_visits", raw_request("GET", path.format(guests["most_visits"]), port,
                                            staff["key"])),
        ):  # fmt: skip
            out[name] = asyncio.run(max_throughput(port, raw, opts.conns, opts.seconds))
            asyncio.run(drained(port, raw))
            print(name, out[name], flush=True)
    p99s = [out[name]["p99_ms"] for name in guests]
    worst = max(p99s) if None not in p99s else None  # None: the server fell behind
    out["goal"] = {"p99_ms_at_50_req_s": GOAL_P99_MS, "worst_p99_ms": worst,
                   "met": worst is not None and worst <= GOAL_P99_MS}  # fmt: skip
    print(f"worst p99 {worst} ms (goal ≤ {GOAL_P99_MS} ms):",
          "met" if out["goal"]["met"] else "NOT met")  # fmt: skip
    print("wrote", save("recommend_api", out))


if __name__ == "__main__":
    main()
