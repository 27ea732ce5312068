"""Faces hold no store queries (issue #13): the CLI, the API and the web call functions of the
tools or of the store's query modules (``sazon.store.guests``, ``.catalog``, ``.activity``,
``.queries``) and never build a query or touch a table's model themselves.

A scan of the source, not of the import graph: it also sees imports inside functions and the
session calls that run a query.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
FACES = ("api", "web", "cli")

# The only SQLAlchemy a face may name, each for a reason: module → (imported module, names).
SQLALCHEMY_ALLOWED: dict[str, dict[str, set[str]]] = {
    # The request's session (SessionDep) and the factory the app state holds.
    "sazon.api.deps": {"sqlalchemy.orm": {"Session", "sessionmaker"}},
    # Store errors become problem responses (503 when the store is busy or down).
    "sazon.api.problems": {"sqlalchemy.exc": {"OperationalError", "SQLAlchemyError"}},
    # The CLI builds its engine and session factory lazily; these are their types.
    "sazon.cli.state": {"sqlalchemy": {"Engine"}, "sqlalchemy.orm": {"Session", "sessionmaker"}},
    # The bus worker command owns the engine its processors write through.
    "sazon.cli.bus": {"sqlalchemy": {"Engine"}},
    # The factory type the api hands to the tools' /metrics sources (annotations only).
    "sazon.api.scrape_sources": {"sqlalchemy.orm": {"Session", "sessionmaker"}},
    # The request's session, passed on to the experience tool's functions (a type).
    "sazon.web.tools.experience_pages": {"sqlalchemy.orm": {"Session"}},
    "sazon.web.tools.experience_feedback": {"sqlalchemy.orm": {"Session"}},
    "sazon.web.home": {"sqlalchemy.orm": {"Session"}},
    # The printed sheets open a short transaction of their own, closed before Chromium prints.
    "sazon.web.sheets": {"sqlalchemy.orm": {"Session", "sessionmaker"}},
}
# From the store package itself a face may take its plumbing, never a table's model.
# Plumbing, not queries: the engine, sessions, upgrades and the data version's reader.
STORE_PLUMBING = {"make_engine", "session_factory", "transaction", "upgrade", "DataVersion"}
# Session methods that run a query or change rows.
QUERY_CALLS = {"execute", "scalars", "scalar", "query", "add", "add_all", "delete", "merge"}


def _modules() -> list[tuple[str, Path]]:
    found = []
    for face in FACES:
        for path in sorted((SRC / "sazon" / face).rglob("*.py")):
            parts = path.relative_to(SRC).with_suffix("").parts
            found.append((".".join(p for p in parts if p != "__init__"), path))
    return found


def _type_checking_nodes(tree: ast.Module) -> set[int]:
    """ids of the import nodes under ``if TYPE_CHECKING:`` (annotations only, never run)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            inside |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return inside


def problems_of(module: str, source: str) -> list[str]:
    tree = ast.parse(source)
    annotations_only = _type_checking_nodes(tree)
    found: list[str] = []
    for node in ast.walk(tree):
        where = f"{module}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "sqlalchemy" or alias.name == "sazon.store.models":
                    found.append(f"{where} imports {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = {a.name for a in node.names}
            if node.module.split(".")[0] == "sqlalchemy":
                allowed = SQLALCHEMY_ALLOWED.get(module, {}).get(node.module, set())
                if names - allowed:
                    found.append(f"{where} imports {sorted(names - allowed)} from {node.module}")
            elif id(node) in annotations_only:
                continue
            elif node.module == "sazon.store.models":
                found.append(f"{where} imports models {sorted(names)}")
            elif node.module == "sazon.store" and names - STORE_PLUMBING:
                found.append(f"{where} imports {sorted(names - STORE_PLUMBING)} from sazon.store")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and (
                (node.func.attr in QUERY_CALLS and node.func.value.id in {"session", "s", "db"})
                # ``s.get`` is as often a dict's; ``session.get`` is always a row by its key.
                or (node.func.attr == "get" and node.func.value.id == "session")
            )
        ):
            found.append(f"{where} calls {node.func.value.id}.{node.func.attr}()")
    return found


@pytest.mark.parametrize(("module", "path"), _modules(), ids=lambda x: str(x))
def test_face_holds_no_store_query(module: str, path: Path) -> None:
    assert problems_of(module, path.read_text("utf-8")) == []


def test_the_scan_sees_what_it_forbids() -> None:
    """The face code this issue removed, as it was: every line is caught."""
    old = (
        "from sqlalchemy import func, select\n"
        "from sazon.store import Guest, IngestRun, transaction\n"
        "from sazon.store.models import Invitation\n"
        "def page(session):\n"
        "    from sazon.store.models import Dish\n"
        "    session.get(IngestRun, 1)\n"
        "    session.scalars(select(Dish))\n"
        "    session.delete(session.get(Guest, 1))\n"
    )
    problems = problems_of("sazon.web.routes", old)
    assert len(problems) == 8, problems  # the last line twice: the delete and the get
    typed = "import typing\nif TYPE_CHECKING:\n    from sazon.store import Guest\n"
    assert problems_of("sazon.api.routes.guests", typed) == []
    plumbing = "from sqlalchemy.orm import Session, sessionmaker\n"
    assert problems_of("sazon.api.deps", plumbing) == []
    assert problems_of("sazon.api.routes.catalog", plumbing) != []
