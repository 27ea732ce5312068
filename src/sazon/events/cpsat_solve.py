"""Solve the menu's CP-SAT model (:mod:`sazon.events.cpsat_model`), and when the locks cannot
all hold, name a smallest set of them that cannot.

Three reductions keep it fast, all exact:

- identical guests (same safety profile, same preference vector over the dishes they may
  have, same locks and previous plates) form one class with a size. Every objective is a
  sum over guests and the constraints that link guests (the table, the kitchen limit) only
  depend on which dishes are used, so members of a class can all take the same plate;
- stages 1–2 ignore preferences, so they are solved on coarser classes (merged whenever
  their candidates are equal) and their optimum is fixed in the full model;
- dominated dishes are dropped before building the model (see :func:`_prune`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np
from ortools.sat.python import cp_model

from sazon.events.cpsat_model import STAGES, WORKERS, MenuModel
from sazon.events.cpsat_types import ClassSpec, ModelInput, Solution, StageResult, no_plan


def _evaluate(
    mi: ModelInput, table: dict[str, int | None], plates: list[dict[str, int | None]]
) -> Solution:
    """The objectives of a known plan, computed without the solver."""
    sol = Solution(status="feasible", table=dict(table), plates=[dict(p) for p in plates])
    for spec, plate in zip(mi.classes, plates, strict=True):
        for s in mi.slots:
            d = plate.get(s.key)
            if d is None:
                sol.unserved += spec.size
                continue
            sol.substitutions += spec.size * (d != table.get(s.key))
            sol.preference += spec.size * spec.prefs.get(d, 0)
            sol.cost += spec.size * mi.price[d]
            sol.kept += spec.size * (spec.previous.get(s.key) == d)
    sol.kept += sum(table.get(k) == d for k, d in mi.previous_table.items())
    sol.variety = len({c for d in table.values() if d is not None and (c := mi.cuisine[d])})
    return sol


def _reduced(mi: ModelInput) -> tuple[ModelInput, list[int]]:
    """The same request with classes merged whenever their candidates are equal.

    Stage 1 (served, substitutions) does not look at preferences or previous plates, so the
    coarser classes reach the same optimum with far fewer symmetric variables.
    """
    merged: dict[tuple[tuple[tuple[str, tuple[int, ...]], ...], tuple[str, ...]], int] = {}
    classes: list[ClassSpec] = []
    parent: list[int] = []
    for spec in mi.classes:
        key = (
            tuple(sorted((k, tuple(v)) for k, v in spec.candidates.items())),
            tuple(sorted(spec.locked)),
        )
        if key not in merged:
            merged[key] = len(classes)
            classes.append(ClassSpec(0, spec.candidates, locked=spec.locked))
        classes[merged[key]].size += spec.size
        parent.append(merged[key])
    reduced = ModelInput(**{**mi.__dict__, "classes": classes, "previous_table": {}})
    return reduced, parent


def _prune(mi: ModelInput, *, stage1_only: bool) -> ModelInput:
    """Drop dishes that another dish dominates; the optimum stays the same.

    Dish ``b`` dominates ``a`` in a slot when every class that may have ``a`` may have ``b``
    too and likes it at least as much, ``b`` costs no more, ``b`` could stand in for ``a`` at
    the table (same cuisine, for variety), ``a`` is neither locked nor on the previous plan,
    and ``b`` is cheaper, better liked or listed first. Swapping ``a`` for ``b`` everywhere
    then keeps every constraint (same count of dishes, no higher bills) and worsens no
    objective, so some optimal plan never uses ``a``. Courses that repeat are left alone
    (one dish cannot stand in for two). For stage 1 alone, preferences and cuisines do not
    count, which prunes more.
    """
    repeats = {s.course for s in mi.slots if sum(t.course == s.course for t in mi.slots) > 1}
    keep_always = set(mi.table_locks.values()) | set(mi.previous_table.values())
    for spec in mi.classes:
        keep_always |= set(spec.previous.values())
        for cands in spec.candidates.values():
            if len(cands) == 1:
                keep_always |= set(cands)  # a lock or a lone option
    table_c = {k: list(v) for k, v in mi.table_candidates.items()}
    class_c = [{k: list(v) for k, v in spec.candidates.items()} for spec in mi.classes]
    price = np.asarray(mi.price, dtype=np.int64)
    for s in mi.slots:
        if s.course in repeats:
            continue
        dishes = sorted(set(table_c.get(s.key, [])) | {d for cc in class_c for d in cc[s.key]})
        if len(dishes) < 2:
            continue
        col = {d: j for j, d in enumerate(dishes)}
        # Rows: classes (then one row for the table). -1 marks "not a candidate".
        score = np.full((len(mi.classes) + 1, len(dishes)), -(10**6), dtype=np.int64)
        for c, cc in enumerate(class_c):
            prefs = mi.classes[c].prefs
            for d in cc[s.key]:
                score[c, col[d]] = 0 if stage1_only else prefs.get(d, 0)
        for d in table_c.get(s.key, []):
            score[-1, col[d]] = 0
        cuisine = [mi.cuisine[d] or "" for d in dishes]
        p = price[dishes]
        n = len(dishes)
        # geq[b, a]: b scores at least as well as a for every row.
        geq = (score[:, :, None] >= score[:, None, :]).all(axis=0)
        cheaper_or_equal = p[:, None] <= p[None, :]
        better = (
            (p[:, None] < p[None, :])
            | (score[:, :, None] > score[:, None, :]).any(axis=0)
            | (np.arange(n)[:, None] < np.arange(n)[None, :])
        )
        ok = geq & cheaper_or_equal & better
        if not stage1_only:
            same = np.asarray([[cb == ca for ca in cuisine] for cb in cuisine])
            on_table = score[-1] == 0
            ok &= same | ~on_table[None, :]
        np.fill_diagonal(ok, False)
        dropped = set()
        # Drop in order, never on the strength of a dish dropped already.
        for a in range(n):
            if dishes[a] in keep_always:
                continue
            if any(ok[b, a] and b not in dropped for b in range(n)):
                dropped.add(a)
        gone = {dishes[a] for a in dropped}
        if not gone:
            continue
        table_c[s.key] = [d for d in table_c.get(s.key, []) if d not in gone]
        for cc in class_c:
            cc[s.key] = [d for d in cc[s.key] if d not in gone]
    classes = [
        ClassSpec(spec.size, cc, spec.prefs, spec.previous, spec.locked)
        for spec, cc in zip(mi.classes, class_c, strict=True)
    ]
    return ModelInput(**{**mi.__dict__, "classes": classes, "table_candidates": table_c})


def solve_menu(mi: ModelInput) -> Solution:
    """Solve the staged model; ``status`` is ``optimal`` only if every stage was proven.

    ``feasible``: a stage ran out of time and its best plan stands (``results`` has each
    stage's value and bound). ``timeout``: not even a first plan was found in time.
    ``infeasible``: the locks cannot all hold, and ``lock_conflicts`` names a smallest set of
    them that cannot. Without its locks the model always has a plan (every guest unserved, no
    table dish), so locks are the only thing that can make it impossible.
    """
    started = time.perf_counter()
    reduced, parent = _reduced(_prune(mi, stage1_only=True))
    first = MenuModel(reduced).solve(stages=(1, 2))
    if first.status in ("infeasible", "timeout"):
        results = [*first.results, *(StageResult(st, "skipped") for st in STAGES[2:])]
        out = no_plan(mi, first.status, results, 0.0)
        if first.status == "infeasible":
            out.lock_conflicts = _conflicting_locks(mi, started)
        out.seconds = time.perf_counter() - started
        return out
    mi = _prune(mi, stage1_only=False)
    full = MenuModel(mi)
    if not mi.classes:
        rest = full.solve(time_limit=mi.time_limit - (time.perf_counter() - started))
        rest.seconds = time.perf_counter() - started
        return rest
    full.m.add(full.unserved <= first.unserved)
    full.m.add(full.substitutions <= first.substitutions)
    plates = [first.plates[p] for p in parent]
    full.hint_from(first.table, plates)
    left = mi.time_limit - (time.perf_counter() - started)
    # If the later stages find nothing in the time left, stages 1-2's plan stands.
    rest = full.solve(
        stages=STAGES[2:], time_limit=left, fallback=_evaluate(mi, first.table, plates)
    )
    rest.results = [*first.results, *rest.results]
    rest.stages = [r.status for r in rest.results]
    rest.status = "optimal" if all(r.status == "optimal" for r in rest.results) else "feasible"
    rest.seconds = time.perf_counter() - started
    return rest


MAX_LOCKS_EXPLAINED = 40  # beyond this many locks, all are named rather than narrowed down


def _conflicting_locks(mi: ModelInput, started: float) -> list[tuple[int | None, str]]:
    """A smallest set of locks that cannot all hold (deletion filter: drop each lock in
    turn and keep it out when the rest still cannot hold). A check that runs out of time
    keeps its lock, so what is named is always enough to make the plan impossible."""
    locks: list[tuple[int | None, str]] = [(None, key) for key in sorted(mi.table_locks)]
    locks += [(c, key) for c, spec in enumerate(mi.classes) for key in sorted(spec.locked)]
    if len(locks) > MAX_LOCKS_EXPLAINED:
        return locks
    needed = list(locks)
    i = 0
    while i < len(needed) and len(needed) > 1:
        trial = needed[:i] + needed[i + 1 :]
        left = mi.time_limit - (time.perf_counter() - started)
        if left > 0.05 and _infeasible(_with_locks(mi, trial), min(left, 5.0)):
            needed = trial
        else:
            i += 1
    return needed


def _with_locks(mi: ModelInput, keep: Sequence[tuple[int | None, str]]) -> ModelInput:
    """The request with only the locks in ``keep`` enforced (the others may go unserved)."""
    kept = set(keep)
    classes = [
        ClassSpec(
            spec.size, spec.candidates, spec.prefs, spec.previous,
            frozenset(k for k in spec.locked if (c, k) in kept),
        )
        for c, spec in enumerate(mi.classes)
    ]  # fmt: skip
    table_locks = {k: d for k, d in mi.table_locks.items() if (None, k) in kept}
    return ModelInput(**{**mi.__dict__, "classes": classes, "table_locks": table_locks})


def _infeasible(mi: ModelInput, time_limit: float) -> bool:
    reduced, _ = _reduced(mi)
    model = MenuModel(reduced)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = WORKERS
    solver.parameters.random_seed = mi.seed
    solver.parameters.max_time_in_seconds = time_limit
    return bool(solver.solve(model.m) == cp_model.INFEASIBLE)
