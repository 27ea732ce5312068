"""A real Sazón server on a loopback port, for API, schemathesis and browser tests."""

from __future__ import annotations

import atexit
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import httpx
from filelock import FileLock

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
        """``sazon ARGS`` against this server's store; its standard output.

        Run in this process: the test process has imported Sazón already, and a new
        interpreter per call cost 3 to 5 s of imports on CI (dozens of calls). The command
        sees exactly the server's settings (its ``SAZON_*`` environment) while it runs.
        Tests of the CLI as a process (exit codes, start-up) start one themselves."""
        done = run_cli(*args, env=self.env)
        if done.returncode != 0:  # what a process run with check=True raises, its stderr shown
            error = subprocess.CalledProcessError(
                done.returncode, done.args, done.stdout, done.stderr
            )
            error.add_note(done.stderr)
            raise error
        return done.stdout


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``sazon ARGS`` in this process with the ``SAZON_*`` settings of ``env``: its exit code
    and what it printed, as a finished process would give them (see ``Server.cli``)."""
    from sazon.cli.app import run

    out, err = io.StringIO(), io.StringIO()
    with _environment(env), redirect_stdout(out), redirect_stderr(err):
        code = run(list(args))
    return subprocess.CompletedProcess(["sazon", *args], code, out.getvalue(), err.getvalue())


@contextmanager
def _environment(env: dict[str, str]) -> Iterator[None]:
    """``os.environ``'s Sazón settings exactly as in ``env`` for the block, then as before."""
    saved = {k: v for k, v in os.environ.items() if k.startswith("SAZON_")}
    wanted = {k: v for k, v in env.items() if k.startswith("SAZON_")}
    for key in saved.keys() - wanted.keys():
        del os.environ[key]
    os.environ.update(wanted)
    try:
        yield
    finally:
        for key in wanted.keys() - saved.keys():
            os.environ.pop(key, None)
        os.environ.update(saved)


ROLES = ("admin", "planner", "coordinator", "sommelier", "staff", "marketing", "analyst")


def _make_keys(env: dict[str, str]) -> dict[str, str]:
    """A key per role in the store ``env`` names, made in this process (see ``Server.cli``)."""
    from sazon.access import create_key
    from sazon.config import load_settings
    from sazon.store import make_engine, session_factory, transaction

    with _environment(env):
        engine = make_engine(load_settings().db_url)
    try:
        with transaction(session_factory(engine)) as session:
            return {role: create_key(session, role, "tests " + role)[0] for role in ROLES}
    finally:
        engine.dispose()


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
    elif demo is not None:
        _demo_from_template(server, home, env_extra, demo)
        demo = None
    else:
        _init_from_template(server, home, env_extra)
    if demo is not None:
        server.cli("demo-data", *demo)
    if init:
        server.cli(*init)
    server.keys.update(_make_keys(env))
    command = ["serve", "--port", str(port), *serve_args]
    with _sazon_process(command, env, home / "server.log", f"{server.url}/healthz"):
        yield server


def demo_store(home: Path, demo: tuple[str, ...] = ("--guests", "40")) -> None:
    """Put in ``home`` (a ``SAZON_HOME``) the SQLite store ``sazon demo-data DEMO`` makes."""
    env = {**os.environ, "SAZON_HOME": str(home)}
    env.pop("SAZON_DATABASE_URL", None)
    _demo_from_template(Server("", home, env, {}), home, {}, demo)


def _demo_from_template(
    server: Server, home: Path, env_extra: dict[str, str], demo: tuple[str, ...]
) -> None:
    # `sazon demo-data` costs about 30 s of CPU; a module asking for the same demo as
    # an earlier one in this test run (in any worker) starts from a copy of that store.
    template = _template_for({**env_extra, " demo": " ".join(demo)})
    with _template_lock(template):
        if template.exists():
            _copy_store(template.parent, home)
        else:
            _init_from_template(server, home, env_extra)
            server.cli("demo-data", *demo)
            _copy_store(home, template.parent)


def _init_from_template(server: Server, home: Path, env_extra: dict[str, str]) -> None:
    template = _template_for(env_extra)
    with _template_lock(template):
        if template.exists():
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
# The first server of this test run with the same settings runs it; the others start from a
# copy of the file it made (before any key or row was added), which is the same store. The
# pytest-xdist workers of one run share the templates (a file lock makes one of them build
# and the other wait), so each is built once per run, not once per worker.
_template_root: Path | None = None


def share_templates(root: Path) -> None:
    """Keep the templates in ``root``: a folder every worker of this run sees, which pytest
    removes with its other old temporary folders (tests/conftest.py sets it)."""
    global _template_root
    _template_root = root


def _template_for(env_extra: dict[str, str]) -> Path:
    global _template_root
    if _template_root is None:
        _template_root = Path(tempfile.mkdtemp(prefix="sazon-server-templates-"))
        atexit.register(shutil.rmtree, _template_root, True)
    # One template per distinct set of extra settings: nothing they change may leak across.
    name = hashlib.sha256(json.dumps(sorted(env_extra.items())).encode()).hexdigest()[:16]
    return _template_root / name / "sazon.db"


def _template_lock(template: Path) -> FileLock:
    template.parent.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(template.parent) + ".lock")


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
