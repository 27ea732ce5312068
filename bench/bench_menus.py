"""Knowledge-base coverage benchmark: menus as Peruvian restaurants write them.

``bench/data/menus/menus.csv`` (see its SOURCE.md) holds 11 menus (criolla, marina, nikkei,
chifa, norteña, amazónica, andina, pollería, sanguchería, postres and a menú del día), one
row per ingredient line as a cook writes it, each labelled by hand with its allergens before
any code ran on it. The menus were written by a helper session that never read the
knowledge base; the knowledge base was then extended by another session that never read the
menus, so the first number below is a fair measure. (If the knowledge base is later extended
from these menus' misses, the set becomes a development set and the docs say so.)

For every line: does it **resolve** (an exact name, a synonym or a name with safe cooking
words around it, never a close spelling), and are its allergens right: **missed** (a labelled
allergen the knowledge base does not give: goal 0) and **extra** (one it gives that the label
does not). Also the **close-spelling matches applied** on any line (goal 0: a close spelling
is only ever a suggestion).

Run: ``.venv/bin/python bench/bench_menus.py [--verbose]``; writes ``docs/bench/menus.json``.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path

from recording import save

from sazon.knowledge import load_knowledge

ROOT = Path(__file__).resolve().parent.parent
MENUS = ROOT / "bench" / "data" / "menus" / "menus.csv"


def _split(cell: str) -> set[str]:
    return {p.strip() for p in (cell or "").split("|") if p.strip()}


def main() -> None:
    verbose = "--verbose" in sys.argv
    if not MENUS.exists():
        raise SystemExit(f"missing {MENUS}: the menus ship with the repository")
    kb = load_knowledge()
    with MENUS.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    resolved = missed_lines = extra_lines = fuzzy = 0
    unresolved: dict[str, int] = {}
    for row in rows:
        match = kb.find_ingredient(row["ingredient"])
        if match is not None and match.how == "fuzzy":
            fuzzy += 1
            match = None
        if match is None:
            unresolved[row["ingredient"]] = unresolved.get(row["ingredient"], 0) + 1
            continue
        resolved += 1
        got = set(kb.ingredients[match.id].allergens)
        want = _split(row["allergens"])
        if want - got:
            missed_lines += 1
            print(f"  MISSED {row['ingredient']!r} → {match.id}: lacks {sorted(want - got)}")
        if got - want:
            extra_lines += 1
            if verbose:
                print(f"  extra {row['ingredient']!r} → {match.id}: {sorted(got - want)}")
    if verbose:
        for word, n in sorted(unresolved.items(), key=lambda kv: -kv[1]):
            print(f"  unresolved {word!r} ×{n}")
    n = len(rows)
    result = {
        "menus": len({r["menu"] for r in rows}),
        "dishes": len({(r["menu"], r["dish"]) for r in rows}),
        "lines": n,
        "resolved_share": round(resolved / n, 4),
        "unresolved_lines": n - resolved,
        "lines_with_missed_allergens": missed_lines,
        "lines_with_extra_allergens": extra_lines,
        # a close spelling the resolver would apply as if it were the ingredient
        "close_spelling_matches_applied": fuzzy,
        "date": time.strftime("%Y-%m-%d"),
    }
    print(json.dumps(result, ensure_ascii=False))
    save("menus", result)


if __name__ == "__main__":
    main()
