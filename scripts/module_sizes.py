#!/usr/bin/env python3
"""Write the module size list of docs/architecture.md (between its markers), or check it.

Run: ``python scripts/module_sizes.py`` to rewrite the list, ``--check`` to fail when the page
is out of date (a test runs the check, so the page can't drift from the code).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "architecture.md"
START, END = "<!-- module sizes: start -->", "<!-- module sizes: end -->"
LIMIT = 400  # lines; above it a module should be split where the split is natural


def lines_of(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def table() -> str:
    modules = sorted(
        (
            (lines_of(p), p.relative_to(ROOT / "src").as_posix())
            for p in (ROOT / "src").rglob("*.py")
        ),
        reverse=True,
    )
    over = [(n, m) for n, m in modules if n > LIMIT]
    total = sum(n for n, _ in modules)
    out = [
        f"{len(modules)} modules, {total:,} lines; {len(over)} over {LIMIT} lines"
        + (":" if over else "."),
        "",
    ]
    if over:
        out += ["| module | lines |", "|---|---|"]
        out += [f"| `{m}` | {n} |" for n, m in over]
    return "\n".join(out)


def render(page: str) -> str:
    head, rest = page.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{table()}\n{END}{tail}"


def main() -> int:
    page = PAGE.read_text(encoding="utf-8")
    new = render(page)
    if "--check" in sys.argv:
        if new != page:
            print(
                "docs/architecture.md: the module size list is out of date; run "
                "python scripts/module_sizes.py"
            )
            return 1
        return 0
    PAGE.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
