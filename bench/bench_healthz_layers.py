"""/healthz layer by layer: where ``sazon serve`` loses throughput against a bare FastAPI app.

The API load bench (``bench_api_load.py``) compares ``sazon serve`` with a bare FastAPI app.
When that ratio falls, this bench finds the layer: it serves ``/healthz`` from a series of
apps, each one step from the bare app towards the real one, under the same uvicorn settings
as ``sazon serve`` (its logging configuration, ``gc.freeze()``, no uvicorn access log), and
measures each with the load bench's own method (``--conns`` keep-alive connections, back to
back, for ``--seconds``). The variants are measured in rounds, interleaved, so a machine
shared with other jobs slows them alike; the ratios to the bare app are medians over rounds.

Variants:

- ``bare``: FastAPI with one ``async def`` ``/healthz``;
- ``bare_logging``: the same, under ``sazon serve``'s logging configuration and gc.freeze();
- ``bare_middleware``: plus Sazón's ASGI middleware (request id, headers, metrics, access log);
- ``sazon_no_middleware``: ``create_app`` (every route, handler and mount) without it;
- ``sazon``: ``create_app`` as ``sazon serve`` runs it.

Run: ``PYTHONPATH=src .venv/bin/python bench/bench_healthz_layers.py [--rounds 3]``; writes
``docs/bench/healthz_layers.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))
from bench_api_load import cli, max_throughput, process, raw_request  # noqa: E402
from recording import run_facts  # noqa: E402
from tests.services import free_port  # noqa: E402

OUT = ROOT / "docs" / "bench" / "healthz_layers.json"
VARIANTS = ("bare", "bare_logging", "bare_middleware", "sazon_no_middleware", "sazon")

# One server process per variant; its name comes as argv[2].
SERVER = """
import gc, sys, uvicorn
port, variant = int(sys.argv[1]), sys.argv[2]
log_config = uvicorn.config.LOGGING_CONFIG
if variant == "bare" or variant.startswith("bare_"):
    from fastapi import FastAPI
    app = FastAPI()

    @app.get("/healthz")
    async def healthz():
        return {"status": "ok"}

    if variant == "bare_middleware":
        from sazon.api.middleware import SazonMiddleware
        app.add_middleware(SazonMiddleware)
else:
    from sazon.api import create_app
    from sazon.api.middleware import SazonMiddleware
    from sazon.config import Settings
    app = create_app(Settings())
    if variant == "sazon_no_middleware":
        app.user_middleware = [m for m in app.user_middleware if m.cls is not SazonMiddleware]
if variant != "bare":
    from sazon.cli.server import log_config as sazon_log_config
    log_config = sazon_log_config()
    gc.freeze()
uvicorn.run(app, host="127.0.0.1", port=port, log_level="info", log_config=log_config,
            access_log=False, proxy_headers=False)
"""


def measure(variant: str, env: dict[str, str], home: Path, conns: int, seconds: float) -> float:
    port = free_port()
    args = [sys.executable, "-c", SERVER, str(port), variant]
    with process(args, env, port, home / f"layers-{variant}.log"):
        raw = raw_request("GET", "/healthz", port, None)
        asyncio.run(max_throughput(port, raw, 2, 0.5))  # warm-up
        result = asyncio.run(max_throughput(port, raw, conns, seconds))
    if result["errors"]:
        raise RuntimeError(f"{variant}: {result['errors']} errors")
    rate: float = result["req_per_s"]
    return rate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", type=Path, default=Path("/tmp/sazon-bench-layers"))
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--conns", type=int, default=16)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--out", type=Path, default=OUT)
    opts = ap.parse_args()
    variants = opts.variants.split(",")
    opts.home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SAZON_HOME": str(opts.home), "PYTHONPATH": str(ROOT / "src")}
    env.pop("SAZON_DATABASE_URL", None)
    cli(env, "init")  # create_app opens the store
    rates: dict[str, list[float]] = {v: [] for v in variants}
    for i in range(opts.rounds):
        # Each round in another order, so no variant always runs first or last.
        order = variants[i % len(variants) :] + variants[: i % len(variants)]
        for variant in order:
            rates[variant].append(measure(variant, env, opts.home, opts.conns, opts.seconds))
            print(f"round {i + 1} {variant}: {rates[variant][-1]} req/s", flush=True)
    bare = rates.get("bare")
    ratios: dict[str, Any] = {}
    if bare:
        for variant in variants:
            ratios[variant] = round(
                statistics.median(r / b for r, b in zip(rates[variant], bare, strict=True)), 3
            )
    report = {
        "run": run_facts(),
        "req_per_s": rates,
        "median_ratio_to_bare": ratios,
        "settings": {"seconds": opts.seconds, "connections": opts.conns, "rounds": opts.rounds},
        "load_average_at_end": [round(x, 1) for x in os.getloadavg()],
    }
    opts.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({"median_ratio_to_bare": ratios}, indent=2))


if __name__ == "__main__":
    main()
