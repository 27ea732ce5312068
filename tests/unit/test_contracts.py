"""The import contracts in pyproject.toml cover every package that exists (issue #13).

``lint-imports`` checks the imports against the contracts; these tests check the contracts
against the tree, so a new package cannot slip past them: it must be placed in a layer (not as
an optional one), be a source of every "only through its public package" contract, and a tool
must have such a contract of its own.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "sazon"
# Packages other packages may reach inside: the store's models and query modules are the
# shared tables every tool reads; access's holder registry is how tools plug into an erasure.
OPEN_INSIDE = {"sazon.store", "sazon.access"}
FACES = {"sazon.api", "sazon.cli", "sazon.web"}


def _contracts() -> list[dict[str, Any]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    contracts: list[dict[str, Any]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def _packages() -> set[str]:
    return {f"sazon.{p.name}" for p in SRC.iterdir() if (p / "__init__.py").exists()}


def _layers() -> list[str]:
    (layers,) = [c["layers"] for c in _contracts() if c["type"] == "layers"]
    return [str(x) for x in layers]


def test_every_package_is_in_a_layer_and_none_that_exists_is_optional() -> None:
    named = {m.strip() for layer in _layers() for m in re.split(r"[|:]", layer)}
    required = {m for m in named if not m.startswith("(")}
    optional = {m.strip("()") for m in named if m.startswith("(")}
    assert _packages() <= required, f"not in a layer: {sorted(_packages() - required)}"
    # An optional layer that exists would pass silently when renamed or removed.
    assert not optional & _packages(), f"optional but built: {sorted(optional & _packages())}"


def _public_package_contracts() -> dict[str, set[str]]:
    """Forbidden contracts of the form "X.** only from outside X": X → its sources."""
    found: dict[str, set[str]] = {}
    for c in _contracts():
        if c["type"] != "forbidden":
            continue
        for target in c["forbidden_modules"]:
            if target.endswith(".**"):
                found[target.removesuffix(".**")] = set(c["source_modules"])
    return found


def test_every_tool_and_face_is_reached_only_through_its_public_package() -> None:
    contracts = _public_package_contracts()
    missing = _packages() - OPEN_INSIDE - set(contracts)
    assert not missing, f"no 'only through its public package' contract: {sorted(missing)}"
    for target, sources in contracts.items():
        # Faces guard each other; every other package is guarded from all the others.
        expected = FACES - {target} if target in FACES else _packages() - {target}
        assert sources >= expected, f"{target}: add {sorted(expected - sources)} as sources"


def test_faces_reach_each_other_only_through_public_packages() -> None:
    contracts = _public_package_contracts()
    for face in FACES:
        assert contracts[face] >= FACES - {face}
