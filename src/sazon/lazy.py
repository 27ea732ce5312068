"""Lazy re-exports for package ``__init__`` modules (PEP 562).

A package's public names stay where readers and type checkers look for them — imported in
its ``__init__`` under ``if TYPE_CHECKING:`` — but the module that defines a name is imported
only when the name is first used. So ``import sazon.store`` does not load Alembic, and the CLI
can print its help without pandas, SQLAlchemy or scikit-learn (issue #14).

    from typing import TYPE_CHECKING
    from sazon.lazy import lazy_exports

    if TYPE_CHECKING:
        from sazon.store.db import make_engine

    __getattr__, __dir__ = lazy_exports(__name__, __file__)
    __all__ = ["make_engine"]

The ``if TYPE_CHECKING:`` block is the one list: it is read (not run) to learn which module
defines which name, like ``lazy_loader.attach_stub`` reads a stub file.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _exports(source: str) -> dict[str, tuple[str, str]]:
    """public name → (module, name in that module), from the ``TYPE_CHECKING`` imports."""
    found: dict[str, tuple[str, str]] = {}
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.If) and _is_type_checking(node.test)):
            continue
        for stmt in node.body:
            if isinstance(stmt, ast.ImportFrom) and stmt.module and stmt.level == 0:
                for alias in stmt.names:
                    found[alias.asname or alias.name] = (stmt.module, alias.name)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def lazy_exports(
    package: str, init_file: str
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of a package whose exports load on first use."""
    exports = _exports(Path(init_file).read_text("utf-8"))
    module = importlib.import_module(package)
    here = Path(init_file).parent
    for name, (source, attr) in exports.items():
        # A name that is also a submodule's name (``sazon.text.stopwords`` the function and
        # the module) is bound now: importing the submodule later would set the package
        # attribute to the module, and ``__getattr__`` would never be asked for the function.
        if (here / f"{name}.py").exists() or (here / name).is_dir():
            importlib.import_module(f"{package}.{name}")
            setattr(module, name, getattr(importlib.import_module(source), attr))

    def getattr_(name: str) -> Any:
        try:
            source, attr = exports[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(source), attr)
        # Cached on the package, so the next look-up does not come here again.
        setattr(module, name, value)
        return value

    def dir_() -> list[str]:
        return sorted({*vars(module), *exports})

    return getattr_, dir_
