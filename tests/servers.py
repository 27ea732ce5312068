"""A real Sazón server on a loopback port, for API, schemathesis and browser tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.services import free_port


@dataclass
class Server:
    url: str
    home: Path
    env: dict[str, str]
    keys: dict[str, str]

    def cli(self, *args: str) -> str:
        out = subprocess.run(
            [sys.executable, "-m", "sazon.cli", *args], env=self.env, check=True,
            capture_output=True, text=True,
        )  # fmt: skip
        return out.stdout


@contextmanager
def sazon_server(
    home: Path, db_url: str | None = None, serve_args: tuple[str, ...] = (), **env_extra: str
) -> Iterator[Server]:
    env = {**os.environ, "SAZON_HOME": str(home), **env_extra}
    if db_url:
        env["SAZON_DATABASE_URL"] = db_url
    port = free_port()
    server = Server(f"http://127.0.0.1:{port}", home, env, {})
    server.cli("init")
    for role in ("admin", "planner", "coordinator", "sommelier", "staff", "marketing", "analyst"):
        data = json.loads(server.cli("users", "create-key", "--role", role, "--format", "json"))
        server.keys[role] = data["key"]
    log = (home / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "sazon.cli", "serve", "--port", str(port), *serve_args],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        # Generous: on a machine shared by several test runs the import alone can take a
        # minute or two.
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{server.url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("server did not start:\n" + (home / "server.log").read_text())
            time.sleep(0.2)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
