"""A real Sazón server on a loopback port, for API, schemathesis and browser tests."""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import httpx

from tests.services import free_port

T = TypeVar("T")


def settled(read: Callable[[], T], ok: Callable[[T], bool], seconds: float = 5.0) -> T:
    """``read()`` again until ``ok`` holds (or ``seconds`` pass): a server stores reads' audit
    entries in the background, a moment after it answered (sazon.access.audit_writer)."""
    deadline = time.monotonic() + seconds
    while not ok(found := read()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


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
# Initialises the store when asked (argv[1] == "init", as `sazon init` does), then makes the
# keys; one interpreter start instead of two. The keys are the last line of its output.
_MAKE_KEYS = f"""
import json
import sys
if sys.argv[1:] == ["init"]:
    from sazon.cli.app import run
    if run(["init"]) != 0:
        sys.exit("sazon init failed")
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
    home: Path,
    db_url: str | None = None,
    serve_args: tuple[str, ...] = (),
    *,
    initialised: bool = False,
    demo: tuple[str, ...] | None = None,
    **env_extra: str,
) -> Iterator[Server]:
    """``sazon serve`` on a free loopback port with a key per role; ``initialised``: the
    database at ``db_url`` is already a migrated store (a copy of the session's template, or
    one another server initialised), so ``sazon init`` is not run again; ``demo``: the
    arguments of ``sazon demo-data`` to load before the server starts."""
    env = {**os.environ, "SAZON_HOME": str(home), **env_extra}
    if db_url:
        env["SAZON_DATABASE_URL"] = db_url
    port = free_port()
    server = Server(f"http://127.0.0.1:{port}", home, env, {})
    init: list[str] = []
    if initialised:
        pass
    elif "SAZON_DATABASE_URL" in env or (home / "sazon.db").exists():
        # A database of the test's own (a URL, or a store it already wrote in ``home``):
        # initialise it as it is; a template copy would replace it.
        init = ["init"]
        if demo is not None:  # the demo needs the tables first
            server.cli("init")
            init = []
    elif demo is not None and (demo_store := _template_for({**env_extra, " demo": " ".join(demo)})):
        # `sazon demo-data` costs about 30 s of CPU; a module asking for the same demo as
        # an earlier one in this process starts from a copy of the store it made.
        if not demo_store.exists():
            _init_from_template(server, home, env_extra)
            server.cli("demo-data", *demo)
            _copy_store(home, demo_store.parent)
        else:
            _copy_store(demo_store.parent, home)
        demo = None
    else:
        _init_from_template(server, home, env_extra)
    if demo is not None:
        server.cli("demo-data", *demo)
    # One process makes a key per role (seven `sazon users create-key` runs cost seconds each
    # on a busy machine); it reads the store's URL from the same settings the CLI reads.
    made = subprocess.run(
        [sys.executable, "-c", _MAKE_KEYS, *init], env=env, capture_output=True, text=True,
    )  # fmt: skip
    if made.returncode != 0:
        raise RuntimeError(f"making the keys failed:\n{made.stderr}")
    server.keys.update(json.loads(made.stdout.splitlines()[-1]))
    command = ["serve", "--port", str(port), *serve_args]
    with _sazon_process(command, env, home / "server.log", f"{server.url}/healthz"):
        yield server


def _init_from_template(server: Server, home: Path, env_extra: dict[str, str]) -> None:
    if (template := _template_for(env_extra)).exists():
        _copy_store(template.parent, home)
    else:
        server.cli("init")
        _copy_store(home, template.parent)


@contextmanager
def _sazon_process(
    command: list[str], env: dict[str, str], log_path: Path, ready_url: str | None
) -> Iterator[subprocess.Popen[bytes]]:
    """``python -m sazon.cli COMMAND`` logging to ``log_path``; yields once ``ready_url``
    answers 200 (at once when it is None); stops the process by its PID afterwards."""
    log = log_path.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "sazon.cli", *command], env=env, stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        # Generous: on a machine shared by several test runs the import alone can take a
        # minute or two (more than 120 s seen with eight test runs on two cores). A healthy
        # process answers in seconds, so the bound costs nothing when all is well.
        deadline = time.monotonic() + 300
        while ready_url is not None:
            try:
                if httpx.get(ready_url, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"sazon {command[0]} did not start:\n" + log_path.read_text())
            time.sleep(0.2)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


# `sazon init` of a SQLite store in a fresh home costs a few seconds of CPU (the ingest
# imports, the migrations, the knowledge base) and dozens of test servers start from one.
# The first server of this process with the same settings runs it; the others start from a
# copy of the file it made (before any key or row was added), which is the same store.
_template_root: Path | None = None


def _template_for(env_extra: dict[str, str]) -> Path:
    global _template_root
    if _template_root is None:
        _template_root = Path(tempfile.mkdtemp(prefix="sazon-server-templates-"))
        atexit.register(shutil.rmtree, _template_root, True)
    # One template per distinct set of extra settings: nothing they change may leak across.
    name = hashlib.sha256(json.dumps(sorted(env_extra.items())).encode()).hexdigest()[:16]
    return _template_root / name / "sazon.db"


def _copy_store(source_home: Path, target_home: Path) -> None:
    """Copy the home's SQLite store, with its WAL file if one is left, after `sazon init`
    has exited: the files are then complete and nobody writes to them."""
    if not (source_home / "sazon.db").exists():
        raise RuntimeError(f"no SQLite store in {source_home} after `sazon init`")
    target_home.mkdir(parents=True, exist_ok=True)
    for name in ("sazon.db", "sazon.db-wal"):
        if (source_home / name).exists():
            shutil.copyfile(source_home / name, target_home / name)


def seed_models(models: Path, home: Path) -> None:
    """Copy the model registry ``models`` into ``home`` (a ``SAZON_HOME``) as its own."""
    shutil.copytree(models, home / "models", dirs_exist_ok=True)


@contextmanager
def sazon_worker(
    home: Path, env: dict[str, str], *args: str, name: str = "worker", wait: bool = True
) -> Iterator[str]:
    """``sazon worker --metrics-port`` (plus ``args``) with ``env``, its log in
    ``home/<name>.log``; yields the URL of its /metrics, once that answers when ``wait`` (a
    caller with work to do meanwhile passes False); stops it by its PID afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/metrics"
    command = ["worker", "--metrics-port", str(port), *args]
    with _sazon_process(command, env, home / f"{name}.log", url if wait else None):
        yield url
