"""API load: hot reads of a real ``sazon serve`` next to a bare FastAPI app, in one run.

Starts ``sazon serve`` on a store with the demo data (made once and kept under
``--home``, default ``/tmp/sazon-bench-api``) and, under the same uvicorn settings (one
process, loopback, uvloop/httptools as installed, no access log), a bare FastAPI app with one
``/healthz``. For ``/healthz`` of both, the guests list (20 a page), pairing for one dish
against its venue's list and an event plan read it measures:

- the maximum throughput: ``--conns`` keep-alive connections sending back to back for
  ``--seconds``;
- p50 and p99 latency at 100 requests/s offered (open loop: each request is timed from when
  it was due, so a slow server cannot hide its queue);
- the servers' resident memory at start and after the load.

The load generator is a small asyncio HTTP/1.1 client (keep-alive, one request in flight per
connection) in this process; the servers run in their own. On a shared 2-core machine the
numbers are noisy: compare ours with the bare app of the same run, not across runs.

Goals (issue #14): each read ≥ 0.3 × our /healthz throughput and p99 ≤ 50 ms at 100 req/s;
our /healthz ≥ 0.8 × the bare app's.

``--baseline-src DIR`` also measures the same reads on ``sazon serve`` run from another source
tree (e.g. the main branch's ``src``, with a store of its own made by it), one after the
other in the same run: before and after a change, under the same load.

Run: ``PYTHONPATH=src .venv/bin/python bench/bench_api_load.py [--seconds 5]
[--baseline-src ../main/src]``; writes ``docs/bench/api_load.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from recording import run_facts  # noqa: E402
from tests.services import free_port  # noqa: E402

OUT = ROOT / "docs" / "bench" / "api_load.json"
MAX_IN_FLIGHT = 64
BARE_APP = """
import sys, uvicorn
from fastapi import FastAPI
app = FastAPI()

@app.get("/healthz")
async def healthz():
    return {"status": "ok"}

uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="info",
            access_log=False, proxy_headers=False)
"""


# ---- the load generator ------------------------------------------------------------------


class Conn:
    """One keep-alive HTTP/1.1 connection; one request at a time."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, raw: bytes) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        if length:
            await self.reader.readexactly(length)
        return status


def raw_request(method: str, path: str, port: int, key: str | None, body: Any = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    if key:
        lines.append(f"Authorization: Bearer {key}")
    data = b""
    if body is not None:
        data = json.dumps(body).encode()
        lines += ["Content-Type: application/json", f"Content-Length: {len(data)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + data


async def max_throughput(port: int, raw: bytes, conns: int, seconds: float) -> dict[str, Any]:
    errors = 0
    done = 0
    stop = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal errors, done
        c = Conn("127.0.0.1", port)
        while time.perf_counter() < stop:
            try:
                status = await asyncio.wait_for(c.request(raw), 30)
            except TimeoutError:
                errors += 1
                c = Conn("127.0.0.1", port)  # the old one may still get its answer
                continue
            done += 1
            errors += status >= 400

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(conns)))
    elapsed = time.perf_counter() - start
    return {"req_per_s": round(done / elapsed, 1), "requests": done, "errors": errors}


async def offered(
    port: int, raw: bytes, rate: float, seconds: float, timeout: float = 5.0
) -> dict[str, Any]:
    """Open loop: request i is due at i/rate; its latency counts from then.

    Bounded: at most ``MAX_IN_FLIGHT`` connections, and a request not answered within
    ``timeout`` counts as a timeout (with that latency), so a server that cannot keep up
    ends the run in ``seconds + timeout`` instead of queueing for minutes.
    """
    pool: list[Conn] = []
    latencies: list[float] = []
    errors = timeouts = 0
    start = time.perf_counter()
    n = int(rate * seconds)
    slots = asyncio.Semaphore(MAX_IN_FLIGHT)

    async def one(due: float) -> None:
        nonlocal errors, timeouts
        async with slots:
            c = pool.pop() if pool else Conn("127.0.0.1", port)
            try:
                left = max(due + timeout - time.perf_counter(), 0.001)
                status = await asyncio.wait_for(c.request(raw), left)
            except TimeoutError:
                timeouts += 1
                latencies.append(timeout)
                if c.writer is not None:
                    c.writer.close()  # its answer may still come: never reuse it
                return
            latencies.append(time.perf_counter() - due)
            errors += status >= 400
            pool.append(c)

    tasks = []
    for i in range(n):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(due)))
    await asyncio.gather(*tasks)
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "offered_req_per_s": rate,
        "p50_ms": round(q[49] * 1000, 2),
        "p99_ms": round(q[98] * 1000, 2),
        "errors": errors,
        "timeouts": timeouts,
    }


# ---- the servers --------------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def wait_up(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180  # a cold start on a loaded machine is slow
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    raise RuntimeError(f"server did not start:\n{log.read_text()[-3000:]}")


@contextmanager
def process(args: list[str], env: dict[str, str], port: int, log: Path) -> Iterator[int]:
    with log.open("w") as out:
        proc = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_up(f"http://127.0.0.1:{port}", proc, log)
            yield proc.pid
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "sazon.cli", *args], env=env, check=True, capture_output=True,
        text=True,
    )  # fmt: skip
    return done.stdout


def prepare(home: Path, env: dict[str, str]) -> dict[str, str]:
    """The demo store (made once, its schema brought up to date every run) and one key per
    role the reads need."""
    marker = home / "bench-ready"
    home.mkdir(parents=True, exist_ok=True)
    # Every run, not only the first: a store kept from an older commit lacks the later
    # migrations (the guest list's index, 0011, was missing from the kept store, so its
    # page was read by sorting the whole table).
    cli(env, "init")
    if not marker.exists():
        cli(env, "demo-data")
        marker.write_text("demo data loaded\n")
    keys = {}
    for role in ("admin", "sommelier"):
        out = json.loads(cli(env, "users", "create-key", "--role", role, "--format", "json"))
        keys[role] = out["key"]
    return keys


def targets(url: str, keys: dict[str, str]) -> dict[str, tuple[str, str, str, Any]]:
    """(method, path, key, body) of each read, with an event that has a plan."""
    admin = {"Authorization": f"Bearer {keys['admin']}"}
    with httpx.Client(base_url=f"{url}/api/v1", headers=admin, timeout=120) as c:
        events = c.get("/events").json()["items"]
        event_id = max(events, key=lambda e: e["starts_at"])["id"]
        if c.get(f"/events/{event_id}/plan").status_code == 404:
            c.post(f"/events/{event_id}/plan", json={"time_limit_s": 10}).raise_for_status()
        dish = c.get("/pairing/dishes", params={"limit": 1}).json()[0]
    return {
        "guests_list": ("GET", "/api/v1/guests?page_size=20", keys["admin"], None),
        "pairing_one_dish": (
            "POST", "/api/v1/pairing/suggest", keys["sommelier"],
            {"dish_codes": [dish["dish_id"]], "venue": str(dish["venue_id"])},
        ),
        "plan_read": ("GET", f"/api/v1/events/{event_id}/plan", keys["admin"], None),
    }  # fmt: skip


async def drained(port: int, raw: bytes) -> None:
    """Wait for the server to finish what it was sent: abandoned requests still run, and
    would slow the next measurement down."""
    with suppress(TimeoutError):
        await asyncio.wait_for(Conn("127.0.0.1", port).request(raw), 300)


async def measure(port: int, raw: bytes, conns: int, seconds: float) -> dict[str, Any]:
    await max_throughput(port, raw, 2, 0.5)  # warm-up: first-request caches, connections
    await drained(port, raw)
    top = await max_throughput(port, raw, conns, seconds)
    await drained(port, raw)
    at_100 = await offered(port, raw, 100.0, seconds)
    await drained(port, raw)
    return {"max": top, "at_100": at_100}


def measure_server(
    opts: argparse.Namespace, env: dict[str, str], port: int, keys: dict[str, str], log: str
) -> dict[str, Any]:
    """/healthz and the three reads of one ``sazon serve``, and its memory."""
    out: dict[str, Any] = {}
    serve = [sys.executable, "-m", "sazon.cli", "serve", "--port", str(port)]
    tag = " (baseline)" if "baseline" in log else ""
    with process(serve, env, port, opts.home / log) as pid:
        rss_start = rss_mb(pid)
        raw = raw_request("GET", "/healthz", port, None)
        out["healthz"] = asyncio.run(measure(port, raw, opts.conns, opts.seconds))
        print(f"sazon /healthz{tag}", out["healthz"], flush=True)
        for name, (method, path, key, body) in targets(f"http://127.0.0.1:{port}", keys).items():
            raw = raw_request(method, path, port, key, body)
            out[name] = asyncio.run(measure(port, raw, opts.conns, opts.seconds))
            print(f"{name}{tag}", out[name], flush=True)
        out["rss_mb"] = {"start": rss_start, "after": rss_mb(pid)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", type=Path, default=Path("/tmp/sazon-bench-api"))
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--conns", type=int, default=16)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument(
        "--baseline-src", type=Path, default=None,
        help="also measure sazon serve from this source tree (before a change)",
    )  # fmt: skip
    opts = ap.parse_args()
    env = {**os.environ, "SAZON_HOME": str(opts.home), "PYTHONPATH": str(ROOT / "src")}
    env.pop("SAZON_DATABASE_URL", None)
    keys = prepare(opts.home, env)
    results: dict[str, Any] = {}
    bare_port, our_port = free_port(), free_port()
    bare_args = [sys.executable, "-c", BARE_APP, str(bare_port)]
    with process(bare_args, env, bare_port, opts.home / "bare.log") as pid:
        rss_start = rss_mb(pid)
        raw = raw_request("GET", "/healthz", bare_port, None)
        results["bare_healthz"] = asyncio.run(measure(bare_port, raw, opts.conns, opts.seconds))
        results["bare_rss_mb"] = {"start": rss_start, "after": rss_mb(pid)}
        print("bare /healthz", results["bare_healthz"], flush=True)
    results.update(measure_server(opts, env, our_port, keys, "serve.log"))
    if opts.baseline_src is not None:
        base_env = {**env, "PYTHONPATH": str(opts.baseline_src.resolve())}
        base_home = opts.home.with_name(opts.home.name + "-baseline")
        base_env["SAZON_HOME"] = str(base_home)
        base_keys = prepare(base_home, base_env)
        base_opts = argparse.Namespace(**{**vars(opts), "home": base_home})
        results["baseline"] = {
            "src": str(opts.baseline_src),
            **measure_server(base_opts, base_env, free_port(), base_keys, "serve-baseline.log"),
        }
    health = results["healthz"]["max"]["req_per_s"]
    ratios = {
        "healthz_vs_bare": round(health / results["bare_healthz"]["max"]["req_per_s"], 3),
        **{
            f"{n}_vs_healthz": round(results[n]["max"]["req_per_s"] / health, 3)
            for n in ("guests_list", "pairing_one_dish", "plan_read")
        },
    }
    goals = {
        "healthz_vs_bare_ge_0.8": ratios["healthz_vs_bare"] >= 0.8,
        **{
            f"{n}_ge_0.3_x_healthz_and_p99_le_50ms": ratios[f"{n}_vs_healthz"] >= 0.3
            and results[n]["at_100"]["p99_ms"] <= 50
            for n in ("guests_list", "pairing_one_dish", "plan_read")
        },
    }
    if "baseline" in results:
        base = results["baseline"]
        ratios["baseline"] = {
            f"{n}_vs_healthz": round(
                base[n]["max"]["req_per_s"] / base["healthz"]["max"]["req_per_s"], 3
            )
            for n in ("guests_list", "pairing_one_dish", "plan_read")
        }
    report = {
        "results": results,
        "ratios": ratios,
        "goals_met": goals,
        "settings": {
            "seconds": opts.seconds,
            "connections": opts.conns,
            "uvicorn": "one process, 127.0.0.1, log_level=info, access_log=False, "
            "proxy_headers=False (both servers)",
        },
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, shared with other jobs",
        "load_average_at_end": [round(x, 1) for x in os.getloadavg()],
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d"),
    }
    report = {"run": run_facts(), **report}
    opts.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({"ratios": ratios, "goals_met": goals}, indent=2))


if __name__ == "__main__":
    main()
