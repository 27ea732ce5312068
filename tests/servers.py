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


ROLES = ("admin", "planner", "coordinator", "sommelier", "staff", "marketing", "analyst")
_MAKE_KEYS = f"""
import json
from sazon.access import create_key
from sazon.config import load_settings
from sazon.store import make_engine, session_factory, transaction
engine = make_engine(load_settings().db_url)
keys = {{}}
with transaction(session_factory(engine)) as session:
    for role in {ROLES!r}:
        keys[role] = create_key(session, role, "tests " + role)[0]
engine.dispose()
print(json.dumps(keys))
"""


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
    # One process makes a key per role (seven `sazon users create-key` runs cost seconds each
    # on a busy machine); it reads the store's URL from the same settings the CLI reads.
    made = subprocess.run(
        [sys.executable, "-c", _MAKE_KEYS], env=env, capture_output=True, text=True, check=True
    )
    server.keys.update(json.loads(made.stdout))
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
