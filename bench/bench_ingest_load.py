"""Never frozen, under load: a real ``sazon serve`` takes a 20,000-row guest upload while 40
writers create and edit guests and /healthz is polled, on SQLite and then on PostgreSQL.

Bounded and loopback only: the server, the store (a temp SQLite file, a throw-away PostgreSQL
cluster as the tests start it) and every client run here; the writers stop when the upload's
job ends. A writer told 503 with Retry-After waits that long and tries again (documented in
docs/api.md); anything else that is not a 2xx, and every 500, is an error. Printed beside our
numbers: /healthz measured on the same server before the upload (the idle reference).

Run: PYTHONPATH=src .venv/bin/python bench/bench_ingest_load.py [ROWS] [WRITERS]
Writes docs/bench/ingest_load.json.
"""

from __future__ import annotations

import multiprocessing
import platform
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from recording import save
from tests.servers import Server, sazon_server
from tests.services import postgres_cluster

GOAL_P99_S = 1.0
MAX_RUN_S = 1800
MAX_RETRIES = 10


def upload_csv(n: int) -> bytes:
    lines = ["nombre;apellidos;correo;telefono;alergias"]
    allergy = ["", "mariscos", "maní", "", "lactosa"]
    lines += [
        f"Carga{i};Quispe Rojas;carga{i}@example.pe;9{i:08d};{allergy[i % len(allergy)]}"
        for i in range(n)
    ]
    return ("\n".join(lines) + "\n").encode()


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 4)


def ms(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds * 1000:.1f} ms"


def poll_health(url: str, stop: Any, out: Any) -> None:
    """In a process of its own (the writers' threads would make the poller wait for the
    GIL and count that as the server's time): GET /healthz every 100 ms until ``stop``."""
    latencies: list[float] = []
    errors: list[str] = []
    with httpx.Client(timeout=60) as c:
        while not stop.is_set():
            t0 = time.perf_counter()
            try:
                ok = c.get(url + "/healthz").status_code == 200
                reason = "status"
            except httpx.HTTPError as exc:
                ok, reason = False, type(exc).__name__
            if not latencies:
                out.send("ready")  # measuring from here: the process and the client are up
            latencies.append(time.perf_counter() - t0)
            if not ok:
                errors.append(reason)
            stop.wait(0.1)
    out.send((latencies, errors))


class Health:
    def __init__(self, url: str) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.stop = ctx.Event()
        self.receiver, sender = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=poll_health, args=(url, self.stop, sender))
        self.process.start()
        self.receiver.recv()  # "ready"
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def finish(self) -> None:
        self.stop.set()
        self.latencies, self.errors = self.receiver.recv()
        self.process.join()


def baseline(url: str, seconds: float = 5.0) -> list[float]:
    health = Health(url)
    time.sleep(seconds)
    health.finish()
    return health.latencies[1:]  # the first includes the poller's own start


def writer(server: Server, n: int, done: threading.Event, out: Counter[str]) -> None:
    """Creates a guest, edits it, again and again until the upload's job ends."""
    headers = {"Authorization": f"Bearer {server.keys['coordinator']}"}
    with httpx.Client(base_url=server.url + "/api/v1", headers=headers, timeout=120) as c:
        i = 0
        while not done.is_set():
            i += 1
            body = {"first_name": f"Mesa{n}", "last_name": "Escritora", "email": f"w{n}x{i}@e.pe"}
            r = _write(c, "POST", "/guests", body, out)
            if r is not None and r.status_code == 201:
                _write(c, "PATCH", f"/guests/{r.json()['id']}", {"notes": f"vuelta {i}"}, out)
            done.wait(0.25)


def _write(
    c: httpx.Client, method: str, path: str, body: dict[str, Any], out: Counter[str]
) -> httpx.Response | None:
    for attempt in range(MAX_RETRIES + 1):
        try:
            r = c.request(method, path, json=body)
        except httpx.HTTPError as exc:
            out[f"error {type(exc).__name__}"] += 1
            return None
        if r.status_code == 503 and r.headers.get("retry-after") and attempt < MAX_RETRIES:
            out["503 retried"] += 1
            time.sleep(float(r.headers["retry-after"]))
            continue
        out[f"{method} {r.status_code}"] += 1
        return r
    return None


def scenario(store: str, server: Server, rows: int, writers: int) -> dict[str, Any]:
    idle = baseline(server.url)
    headers = {"Authorization": f"Bearer {server.keys['coordinator']}"}
    api = httpx.Client(base_url=server.url + "/api/v1", headers=headers, timeout=120)
    health = Health(server.url)
    done = threading.Event()
    outcomes: Counter[str] = Counter()
    threads = [
        threading.Thread(target=writer, args=(server, n, done, outcomes)) for n in range(writers)
    ]
    for t in threads:
        t.start()
    t0 = time.perf_counter()
    upload_retries = 0
    while True:  # the upload is a write too: a busy store says when to come back
        files = {"file": ("carga.csv", upload_csv(rows), "text/csv")}
        r = api.post("/ingest/guests", files=files)
        if r.status_code != 503 or upload_retries >= MAX_RETRIES:
            break
        upload_retries += 1
        time.sleep(float(r.headers.get("retry-after", "2")))
    accepted_s = time.perf_counter() - t0
    job: dict[str, Any] = r.json()
    location = r.headers.get("location", "").removeprefix("/api/v1")
    while r.status_code == 202 and job["status"] in ("queued", "running"):
        if time.perf_counter() - t0 > MAX_RUN_S:
            break
        time.sleep(0.5)
        polled = api.get(location)
        if polled.status_code == 503:  # a busy store: ask again
            continue
        job = polled.json()
    elapsed = time.perf_counter() - t0
    done.set()
    health.finish()
    for t in threads:
        t.join()
    api.close()
    server_errors = sum(v for k, v in outcomes.items() if k.endswith((" 500", " 502", " 504")))
    failed_writes = (
        sum(
            v
            for k, v in outcomes.items()
            if k.startswith("error") or not k.endswith(("201", "200"))
        )
        - outcomes["503 retried"]
    )
    summary = job.get("summary") or {}
    result: dict[str, Any] = {
        "store": store,
        "rows": rows,
        "writers": writers,
        "upload_answer_status": r.status_code,
        "upload_answer_s": round(accepted_s, 3),
        "upload_retries_after_503": upload_retries,
        "job_status": job.get("status"),
        "job_problem": job.get("problem"),
        "ingest_s": round(elapsed, 1),
        "rows_per_s": round(rows / elapsed, 1),
        "accepted": summary.get("accepted"),
        "healthz": {
            "requests": len(health.latencies),
            "errors": len(health.errors),
            "p50_s": pct(health.latencies, 0.50),
            "p99_s": pct(health.latencies, 0.99),
            "max_s": pct(health.latencies, 1.0),
        },
        "healthz_idle_reference": {
            "requests": len(idle),
            "p50_s": pct(idle, 0.50),
            "p99_s": pct(idle, 0.99),
        },
        "writer_outcomes": dict(sorted(outcomes.items())),
        "writes_ok": outcomes["POST 201"] + outcomes["PATCH 200"],
        "writes_failed": failed_writes,
        "server_errors_5xx": server_errors,
    }
    result["errors"] = (
        failed_writes + len(health.errors) + (0 if job.get("status") == "done" else 1)
    )
    p99 = result["healthz"]["p99_s"]
    result["goal_met"] = result["errors"] == 0 and p99 is not None and p99 < GOAL_P99_S
    return result


def show(res: dict[str, Any]) -> None:
    h, idle = res["healthz"], res["healthz_idle_reference"]
    print(
        f"[{res['store']}] upload of {res['rows']} rows answered {res['upload_answer_status']} "
        f"in {res['upload_answer_s']} s; job {res['job_status']} after {res['ingest_s']} s "
        f"({res['rows_per_s']} rows/s)"
    )
    print(
        f"[{res['store']}] /healthz during the upload: {h['requests']} requests, "
        f"{h['errors']} errors, p50 {ms(h['p50_s'])}, p99 {ms(h['p99_s'])}, "
        f"max {ms(h['max_s'])}  (idle reference: p50 {ms(idle['p50_s'])}, "
        f"p99 {ms(idle['p99_s'])}; goal p99 < {ms(GOAL_P99_S)})"
    )
    print(
        f"[{res['store']}] {res['writers']} writers: {res['writes_ok']} writes ok, "
        f"{res['writes_failed']} failed, {res['server_errors_5xx']} server errors; "
        f"outcomes {res['writer_outcomes']}"
    )
    print(f"[{res['store']}] errors {res['errors']}  goal met: {res['goal_met']}")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    writers = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    results = []
    with tempfile.TemporaryDirectory(prefix="sazon-load-") as tmp:
        with sazon_server(Path(tmp) / "sqlite") as server:
            results.append(scenario("sqlite", server, rows, writers))
        show(results[-1])
        with postgres_cluster() as url, sazon_server(Path(tmp) / "pg", url) as server:
            results.append(scenario("postgresql", server, rows, writers))
        show(results[-1])
    out = {
        "bench": "bench/bench_ingest_load.py",
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "note": "loopback; the machine may have been shared with other work, numbers are noisy",
        "goal": {"errors": 0, "healthz_p99_s_below": GOAL_P99_S},
        "results": results,
    }
    save("ingest_load", out)


if __name__ == "__main__":
    main()
