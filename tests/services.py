"""Throw-away services for the tests: a PostgreSQL cluster and a Prometheus on loopback ports.

Under CI (``CI=true``) a missing service is a failure, never a skip.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def unavailable(what: str) -> None:
    if in_ci():
        pytest.fail(f"{what} is required under CI=true; run scripts/ensure-services.sh")
    pytest.skip(f"{what} is not installed (make test installs it)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _as_postgres(cmd: list[str]) -> list[str]:
    # initdb refuses to run as root; Debian's `postgres` user owns the cluster instead.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """Start PostgreSQL in a temp dir; yields a SQLAlchemy URL; stops it afterwards."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        unavailable("PostgreSQL (Debian package postgresql)")
        raise AssertionError("unreachable")
    root = Path(tempfile.mkdtemp(prefix="sazon-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    os.chmod(root, 0o755)
    port = free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    subprocess.run(
        _as_postgres([initdb, "-D", str(data), "-U", "sazon", "-A", "trust", "-E", "UTF8"]),
        check=True,
        capture_output=True,
        env=env,
    )
    opts = f"-p {port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off"
    subprocess.run(
        _as_postgres([pg_ctl, "-D", str(data), "-o", opts, "-l", str(root / "log"), "-w", "start"]),
        check=True,
        capture_output=True,
        env=env,
    )
    try:
        url = f"postgresql+psycopg://sazon@127.0.0.1:{port}/postgres"
        _wait(port)
        yield url
    finally:
        subprocess.run(
            _as_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
            env=env,
        )
        shutil.rmtree(root, ignore_errors=True)


_db_counter = itertools.count()


def fresh_pg_db(server_url: str, template: str | None = None) -> str:
    """A new database on the cluster of ``server_url``, empty or a copy of the database
    ``template``; returns its URL."""
    name = f"sazon_t{next(_db_counter)}"
    pg_admin(server_url, f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def pg_admin(server_url: str, *statements: str) -> None:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for statement in statements:
            conn.execute(text(statement))
    admin.dispose()


def _wait(port: int, timeout: float = 15.0, what: str = "PostgreSQL") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not open port {port}")


@contextmanager
def prometheus_server(
    jobs: dict[str, list[str]], *, interval: str = "1s", rule_files: tuple[Path, ...] = ()
) -> Iterator[str]:
    """Debian's Prometheus on a loopback port scraping ``jobs`` (job name → host:port
    targets) every ``interval``; yields its URL; stops it (by its PID) afterwards."""
    binary = shutil.which("prometheus")
    if binary is None:
        unavailable("Prometheus (Debian package prometheus)")
        raise AssertionError("unreachable")
    root = Path(tempfile.mkdtemp(prefix="sazon-prom-"))
    scrape = "".join(
        f"  - job_name: {name}\n    static_configs:\n      - targets: {targets!r}\n"
        for name, targets in jobs.items()
    )
    rules = "".join(f"  - {p}\n" for p in rule_files)
    (root / "prometheus.yml").write_text(
        f"global:\n  scrape_interval: {interval}\n  evaluation_interval: {interval}\n"
        + (f"rule_files:\n{rules}" if rules else "")
        + f"scrape_configs:\n{scrape}"
    )
    port = free_port()
    log = (root / "log").open("wb")
    proc = subprocess.Popen(
        [binary, f"--config.file={root / 'prometheus.yml'}", f"--storage.tsdb.path={root / 'data'}",
         f"--web.listen-address=127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait(port, what="Prometheus")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(root, ignore_errors=True)
