"""Scale-out on one machine (issue #18): one vs two api replicas, one vs two workers.

The setup of ``tests/integration/test_scale_out.py``: a throw-away PostgreSQL, a Tansu broker
(three partitions per topic), two ``sazon serve`` replicas on one database with a data
folder each and one signing secret (``SAZON_WEB__SECRET_FILE``), and ``sazon worker -p
events-replan`` processes in one consumer group. Then, in the same run:

- **api**: the maximum throughput of ``/healthz`` and of the guests list (20 a page, over
  ``--guests`` guests made through both replicas) with ``--conns`` keep-alive connections for
  ``--seconds``, all sent to replica A (the baseline), then split evenly between A and B.
  The load generator is ``bench_api_load``'s (an asyncio HTTP/1.1 client in this process).
- **workers**: ``--events`` ``guest.updated`` events (a needs field changed, so the re-plan
  processor looks up each guest's invitations) published at once onto the 3-partition
  ``guests`` topic; timed from the publish until the processed-ids ledger holds all of them,
  with one worker in the group (the baseline), then two. Before each timing, small batches
  are published until every worker of the group has handled some: the group has settled.

``--rounds`` rounds, one vs two interleaved within each, so a machine shared with other jobs
slows both alike; the figures are medians over the rounds and the ratio is two over one.

What bounds the ratio: on a 2-core machine the load generator, PostgreSQL, Tansu and the
replicas or workers share the same two cores, so a second process mostly takes CPU from the
others; and with three partitions, two workers split the work 2:1 at best, so the busier one
still handles two thirds (at most 1.5× one worker).

Run: ``PYTHONPATH=src .venv/bin/python bench/bench_scale_out.py [--seconds 3] [--rounds 3]
[--events 3000]``; writes ``docs/bench/scale_out.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine, func, select

from sazon.bus import GUESTS, Bus, GuestUpdated, make_bus
from sazon.bus.tables import bus_processed
from sazon.store import make_engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))
from bench_api_load import drained, max_throughput, raw_request  # noqa: E402
from recording import run_facts  # noqa: E402
from tests.kafka_broker import tansu_broker  # noqa: E402
from tests.servers import Server, sazon_server, sazon_worker  # noqa: E402
from tests.services import fresh_pg_db, postgres_cluster  # noqa: E402

OUT = ROOT / "docs" / "bench" / "scale_out.json"
GROUP = "events-replan"  # consumes the guests topic, as in the scale-out test
READS = {"healthz": "/healthz", "guests_list": "/api/v1/guests?page_size=20"}
WARM_BATCH = 30  # events per settling batch: every one of the 3 partitions gets some


# ---- the api replicas ---------------------------------------------------------------------


def _port(server: Server) -> int:
    return int(server.url.rsplit(":", 1)[1])


def _raw(server: Server, path: str) -> bytes:
    key = server.keys["admin"] if path.startswith("/api/") else None
    return raw_request("GET", path, _port(server), key)


async def _split(replicas: list[Server], path: str, conns: int, seconds: float) -> dict[str, Any]:
    """``conns`` connections split evenly over ``replicas``, all sending for ``seconds``."""
    each = conns // len(replicas)
    parts = await asyncio.gather(
        *(max_throughput(_port(s), _raw(s, path), each, seconds) for s in replicas)
    )
    for s in replicas:  # what was abandoned at the bell must not slow the next measurement
        await drained(_port(s), _raw(s, path))
    return {
        "req_per_s": round(sum(p["req_per_s"] for p in parts), 1),
        "per_replica": [p["req_per_s"] for p in parts],
        "errors": sum(p["errors"] for p in parts),
    }


def make_guests(replicas: list[Server], n: int) -> None:
    """``n`` guests, made alternately through each replica (one database behind both)."""
    clients = [
        httpx.Client(base_url=s.url + "/api/v1", timeout=60,
                     headers={"Authorization": f"Bearer {s.keys['admin']}"})
        for s in replicas
    ]  # fmt: skip
    with ExitStack() as stack:
        for c in clients:
            stack.enter_context(c)
        for i in range(n):
            body = {"first_name": "Huésped", "last_name": f"Carga {i}"}
            clients[i % len(clients)].post("/guests", json=body).raise_for_status()


def measure_api(a: Server, b: Server, opts: argparse.Namespace) -> dict[str, Any]:
    for s in (a, b):  # warm-up: first-request caches, connection pools
        for path in READS.values():
            asyncio.run(_split([s], path, 2, 0.5))
    rounds: dict[str, dict[str, list[dict[str, Any]]]] = {
        name: {"one_replica": [], "two_replicas": []} for name in READS
    }
    for r in range(opts.rounds):
        for name, path in READS.items():
            for label, replicas in (("one_replica", [a]), ("two_replicas", [a, b])):
                got = asyncio.run(_split(replicas, path, opts.conns, opts.seconds))
                rounds[name][label].append(got)
                print(f"round {r + 1} {name} {label}: {got}", flush=True)
    out: dict[str, Any] = {}
    for name, by in rounds.items():
        medians = {k: statistics.median(x["req_per_s"] for x in v) for k, v in by.items()}
        out[name] = {
            **{k: {"median_req_per_s": round(medians[k], 1), "rounds": v} for k, v in by.items()},
            "ratio_two_vs_one": round(medians["two_replicas"] / medians["one_replica"], 3),
        }
    return out


# ---- the workers --------------------------------------------------------------------------


def _handled(engine: Engine, prefix: str) -> int:
    """Events with ids starting ``prefix`` in the group's processed-ids ledger (the settling
    batches' ids start ``settle-``, the timed ones' ``timed-``: never counted together)."""
    query = select(func.count()).where(
        bus_processed.c.consumer_group == GROUP, bus_processed.c.event_id.startswith(prefix)
    )
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def publish_and_wait(bus: Bus, engine: Engine, prefix: str, n: int) -> tuple[float, float]:
    """Seconds from publishing ``n`` events until the ledger holds every one of them, and
    the seconds the publishing itself took (the workers start on the first ones meanwhile)."""
    events = [
        GuestUpdated(id=f"{prefix}{i}", guest_id=i + 1, fields=("allergies_text",))
        for i in range(n)
    ]
    start = time.perf_counter()
    bus.publish_many(GUESTS, events)
    published = time.perf_counter() - start
    while (done := _handled(engine, prefix)) < n:
        if time.perf_counter() - start > 300:
            raise RuntimeError(f"only {done} of {n} events handled after 300 s")
        time.sleep(0.05)
    return time.perf_counter() - start, published


def _processed(metrics_url: str) -> float:
    text = httpx.get(metrics_url, timeout=10).text
    return sum(
        s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == "sazon_bus_handled_total"
        and s.labels.get("group") == GROUP
        and s.labels.get("outcome") == "processed"
    )


def settle(bus: Bus, engine: Engine, tag: str, workers: list[str]) -> None:
    """Small batches until every worker has handled part of one: all hold partitions (a
    worker that just joined or left moves partitions about for a moment)."""
    for k in range(100):
        before = [_processed(w) for w in workers]
        publish_and_wait(bus, engine, f"settle-{tag}-{k}-", WARM_BATCH)
        if all(_processed(w) > n for w, n in zip(workers, before, strict=True)):
            return
    raise RuntimeError(f"the group never settled with {len(workers)} worker(s)")


def _wait_answers(url: str, log: Path) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"worker did not start:\n{log.read_text()[-3000:]}")


def measure_workers(
    bus: Bus, engine: Engine, first: str, start_second: Any, opts: argparse.Namespace
) -> dict[str, Any]:
    """``first``: the /metrics of the worker that stays; ``start_second()``: a context
    manager running another worker of the group and yielding its /metrics URL."""
    times: dict[str, list[tuple[float, float]]] = {"one_worker": [], "two_workers": []}
    shares: list[list[float]] = []
    for r in range(opts.rounds):
        settle(bus, engine, f"r{r}-one", [first])
        times["one_worker"].append(publish_and_wait(bus, engine, f"timed-r{r}-one-", opts.events))
        with start_second(f"worker-r{r}") as second:
            pair = [first, second]
            settle(bus, engine, f"r{r}-two", pair)
            before = [_processed(w) for w in pair]
            times["two_workers"].append(
                publish_and_wait(bus, engine, f"timed-r{r}-two-", opts.events)
            )
            shares.append([_processed(w) - n for w, n in zip(pair, before, strict=True)])
        one, two = times["one_worker"][-1][0], times["two_workers"][-1][0]
        print(f"round {r + 1} workers: one {one:.2f} s, two {two:.2f} s", flush=True)
        print(f"  (events each of the two handled: {shares[-1]})", flush=True)
    rates = {k: statistics.median(opts.events / t for t, _ in v) for k, v in times.items()}
    return {
        "events": opts.events,
        "event": "guest.updated (allergies_text) on topic guests, 3 partitions",
        **{
            k: {
                "median_events_per_s": round(rates[k], 1),
                "seconds": [round(t, 3) for t, _ in v],
                "of_which_publishing_s": [round(p, 3) for _, p in v],
            }
            for k, v in times.items()
        },
        "two_workers_shares": shares,
        "ratio_two_vs_one": round(rates["two_workers"] / rates["one_worker"], 3),
    }


# ---- the run ------------------------------------------------------------------------------


@contextmanager
def cluster(root: Path) -> Iterator[tuple[Server, Server, str, dict[str, str], Any]]:
    """PostgreSQL, Tansu, replicas A and B and a first worker, as the scale-out test has."""
    secret = root / "web-secret"
    secret.write_text(secrets.token_urlsafe(48))
    with postgres_cluster() as pg, tansu_broker() as broker, ExitStack() as stack:
        db_url = fresh_pg_db(pg)
        # The signing secret is the deployment's (a mounted Secret), not one replica's.
        shared = {"SAZON_BUS__URL": broker.url(), "SAZON_WEB__SECRET_FILE": str(secret)}
        homes = {n: root / n for n in ("a", "b", "w1", "w2")}
        for home in homes.values():
            home.mkdir()

        def worker_env(home: Path) -> dict[str, str]:
            return {**os.environ, **shared, "SAZON_HOME": str(home), "SAZON_DATABASE_URL": db_url}

        w1 = stack.enter_context(
            sazon_worker(homes["w1"], worker_env(homes["w1"]), "-p", GROUP, wait=False)
        )
        # A initialises the database (migrations, knowledge base); B starts on it as it is.
        a, b = (
            stack.enter_context(
                sazon_server(homes[n], db_url, initialised=n == "b",
                             SAZON_BUS__URL=broker.url(), SAZON_WEB__SECRET_FILE=str(secret))
            )
            for n in ("a", "b")
        )  # fmt: skip
        _wait_answers(w1, homes["w1"] / "worker.log")

        def second(name: str) -> Any:
            return sazon_worker(homes["w2"], worker_env(homes["w2"]), "-p", GROUP, name=name)

        yield a, b, w1, {"db": db_url, "bus": broker.url()}, second


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--conns", type=int, default=16)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--guests", type=int, default=200)
    ap.add_argument("--events", type=int, default=3000)
    ap.add_argument("--out", type=Path, default=OUT)
    opts = ap.parse_args()
    # Every process started here runs this tree's code.
    os.environ["PYTHONPATH"] = str(ROOT / "src")
    started = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="sazon-bench-scale-") as tmp,
        cluster(Path(tmp)) as (a, b, w1, urls, second),
    ):
        make_guests([a, b], opts.guests)
        api = measure_api(a, b, opts)
        engine = make_engine(urls["db"])
        try:
            workers = measure_workers(make_bus(urls["bus"], engine), engine, w1, second, opts)
        finally:
            engine.dispose()
    report = {
        "run": run_facts(),
        "api": api,
        "workers": workers,
        "settings": {
            "seconds": opts.seconds,
            "connections": opts.conns,
            "rounds": opts.rounds,
            "guests": opts.guests,
            "api": "two replicas: the connections split evenly between them",
        },
        "bounded_by": (
            f"{os.cpu_count()} cores shared by the load generator, PostgreSQL, Tansu and the "
            "replicas or workers; three partitions split 2:1 between two workers"
        ),
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    opts.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    rows = [
        ("GET /healthz (req/s)", api["healthz"], "median_req_per_s", "one_replica",
         "two_replicas"),
        ("GET /api/v1/guests?page_size=20 (req/s)", api["guests_list"], "median_req_per_s",
         "one_replica", "two_replicas"),
        (f"worker, {opts.events} events (events/s)", workers, "median_events_per_s",
         "one_worker", "two_workers"),
    ]  # fmt: skip
    print(f"\n{'':42} {'1 (baseline)':>13} {'2':>9} {'2/1':>7}")
    for label, data, field, one, two in rows:
        print(f"{label:42} {data[one][field]:>13} {data[two][field]:>9} "
              f"{data['ratio_two_vs_one']:>7}")  # fmt: skip
    print(
        f"\nOn this {os.cpu_count()}-core machine the load generator, PostgreSQL, Tansu and "
        "the replicas (or workers) share the cores, so the 2/1 ratio is bounded by that; with "
        "3 partitions two workers split the events 2:1 at best (at most 1.5x one worker)."
    )
    print(f"wall time {report['wall_seconds']} s; written to {opts.out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
