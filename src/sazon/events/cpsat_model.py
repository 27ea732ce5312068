"""The menu as an exact optimisation (OR-Tools CP-SAT).

For each course slot the table gets one dish; a guest who cannot have it gets a substitute
that is safe for them, or nothing with a reason. Hard constraints: safety (only dishes safe
for the guest are candidates at all), the budget per guest (the sum of that guest's plates),
at most ``K`` distinct dishes per slot (the table's dish counts), one dish per guest and
slot, never the same dish twice when a course repeats, and the locks set by hand.

Objectives, in this order (lexicographic):

1. fewest guest-courses left unserved;
2. fewest substitutions;
3. the guests' preferences;
4. variety (distinct cuisines on the table);
5. cost;
6. a tie-break towards the previous plan (a re-plan moves only what it must), then towards
   the dishes listed first (the same input always gives the same plan).

We solve lexicographically: solve one objective, fix it at the value reached
(``<=``/``>=``), keep the solution as the hint, solve the next. We tried well-separated
weights first: they preserve the order provably, but the weights grow multiplicatively
(about 10¹⁸ for all six levels, past the 2⁵³ where CP-SAT's floating-point LP relaxation is
exact), and even the two-level "1001 × unserved + substitutions" was 30–60× slower to prove
than the two separate solves (0.05 s against 1.6 s on 200 guests × 300 dishes): the weighted
objective's LP bound is weak. Only the last level combines two terms, kept-from-previous and
listing order; the order term is bounded below one kept plate, so that order is exact too.

The reductions that keep it fast (:mod:`sazon.events.cpsat_solve`) and the types it reads
and returns (:mod:`sazon.events.cpsat_types`) are beside it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from ortools.sat.python import cp_model

from sazon.events.cpsat_types import STAGE_NAMES, ModelInput, Solution, StageResult, no_plan

STAGES = (1, 2, 3, 4, 5, 6)
WORKERS = 2  # the machine has two cores; fixed so that runs are reproducible
#: When the time limit is reached with a plan in hand, the next stage still gets this long to
#: report its bound, so the plan carries a gap (the limit is exceeded by about this much).
GAP_LOOK_S = 0.05


class MenuModel:
    """The CP-SAT model of one request, built once and re-solved per stage."""

    def __init__(self, mi: ModelInput) -> None:
        self.mi = mi
        m = self.m = cp_model.CpModel()
        self.t: dict[str, dict[int, cp_model.IntVar]] = {}
        self.t_none: dict[str, cp_model.IntVar] = {}
        self.y: list[dict[str, dict[int, cp_model.IntVar]]] = []
        self.u: list[dict[str, cp_model.IntVar]] = []
        self.sub: list[dict[str, cp_model.IntVar]] = []
        self.open: dict[str, dict[int, cp_model.IntVar]] = {}
        by_course: dict[str, list[str]] = {}
        for s in mi.slots:
            by_course.setdefault(s.course, []).append(s.key)
            cands = mi.table_candidates.get(s.key, [])
            self.t[s.key] = {d: m.new_bool_var(f"t_{s.key}_{d}") for d in cands}
            if cands:
                # The table may go without a dish in a slot: a repeated course whose other
                # dishes are all unpriced or over the budget has nothing left for it, and that
                # must not make the whole plan impossible. Every plate served there is then a
                # substitution, and the tie-break ranks "no dish" after every dish, so the
                # table only goes without when it has to.
                none = self.t_none[s.key] = m.new_bool_var(f"t_{s.key}_none")
                m.add_exactly_one([*self.t[s.key].values(), none])
            lock = mi.table_locks.get(s.key)
            if lock is not None:
                if lock not in self.t[s.key]:
                    m.add_bool_or([])  # a lock on a dish that is not there: infeasible
                else:
                    m.add(self.t[s.key][lock] == 1)
        for c, spec in enumerate(mi.classes):
            ys: dict[str, dict[int, cp_model.IntVar]] = {}
            us: dict[str, cp_model.IntVar] = {}
            subs: dict[str, cp_model.IntVar] = {}
            for s in mi.slots:
                cands = spec.candidates.get(s.key, [])
                row = {d: m.new_bool_var(f"y_{c}_{s.key}_{d}") for d in cands}
                ys[s.key] = row
                us[s.key] = m.new_bool_var(f"u_{c}_{s.key}")
                m.add_exactly_one([*row.values(), us[s.key]])
                if s.key in spec.locked:
                    m.add(us[s.key] == 0)  # a plate fixed by hand is served, or no plan
                if row:
                    sub = subs[s.key] = m.new_bool_var(f"s_{c}_{s.key}")
                    table = self.t[s.key]
                    for d, var in row.items():
                        # Eating dish d is a substitution unless d is the table's dish.
                        lits = [var.Not(), sub]
                        if d in table:
                            lits.append(table[d])
                        m.add_bool_or(lits)
                    # Redundant but much stronger in the LP: a served guest whose candidates
                    # do not include the table's dish is a substitution.
                    m.add(sub + us[s.key] + sum(table[d] for d in row if d in table) >= 1)
            if mi.budget is not None:
                terms = [(mi.price[d], v) for row in ys.values() for d, v in row.items()]
                worst = sum(max((mi.price[d] for d in row), default=0) for row in ys.values())
                if worst > mi.budget:
                    m.add(sum(p * v for p, v in terms) <= mi.budget)
            self.y.append(ys)
            self.u.append(us)
            self.sub.append(subs)
        # A dish served twice in one menu (a repeated course) would be odd: never.
        for keys in by_course.values():
            if len(keys) < 2:
                continue
            dishes = {d for k in keys for d in self.t[k]}
            for d in dishes:
                m.add_at_most_one([self.t[k][d] for k in keys if d in self.t[k]])
            for ys in self.y:
                for d in {d for k in keys for d in ys[k]}:
                    m.add_at_most_one([ys[k][d] for k in keys if d in ys[k]])
        # Kitchen limit: at most K distinct dishes per slot, the table's included.
        for s in mi.slots:
            used = set(self.t[s.key]) | {d for ys in self.y for d in ys[s.key]}
            if len(used) <= mi.max_per_slot:
                continue
            opened = self.open[s.key] = {d: m.new_bool_var(f"o_{s.key}_{d}") for d in used}
            for d, var in self.t[s.key].items():
                m.add_implication(var, opened[d])
            for ys in self.y:
                for d, var in ys[s.key].items():
                    m.add_implication(var, opened[d])
            m.add(sum(opened.values()) <= mi.max_per_slot)
        self._objectives()
        self._decision = (
            [v.index for row in self.t.values() for v in row.values()]
            + [v.index for v in self.t_none.values()]
            + [v.index for ys in self.y for row in ys.values() for v in row.values()]
        )

    def _objectives(self) -> None:
        mi, m = self.mi, self.m
        n = [spec.size for spec in mi.classes]
        self.unserved = cp_model.LinearExpr.weighted_sum(
            [u for us in self.u for u in us.values()],
            [n[c] for c, us in enumerate(self.u) for _ in us],
        )
        self.substitutions = cp_model.LinearExpr.weighted_sum(
            [v for subs in self.sub for v in subs.values()],
            [n[c] for c, subs in enumerate(self.sub) for _ in subs],
        )
        pref_vars, pref_w = [], []
        for c, ys in enumerate(self.y):
            prefs = mi.classes[c].prefs
            for row in ys.values():
                for d, var in row.items():
                    if prefs.get(d):
                        pref_vars.append(var)
                        pref_w.append(n[c] * prefs[d])
        self.preference = cp_model.LinearExpr.weighted_sum(pref_vars, pref_w)
        cost_vars, cost_w = [], []
        for c, ys in enumerate(self.y):
            for row in ys.values():
                for d, var in row.items():
                    cost_vars.append(var)
                    cost_w.append(n[c] * mi.price[d])
        self.cost = cp_model.LinearExpr.weighted_sum(cost_vars, cost_w)
        cuisines: dict[str, list[cp_model.IntVar]] = {}
        for row in self.t.values():
            for d, var in row.items():
                if mi.cuisine[d]:
                    cuisines.setdefault(str(mi.cuisine[d]), []).append(var)
        has = []
        for name, vars_ in cuisines.items():
            h = m.new_bool_var(f"cuisine_{name}")
            m.add(h <= sum(vars_))
            has.append(h)
        self.variety = sum(has) if has else cp_model.LinearExpr.constant(0)
        keep_vars, keep_w = [], []
        for c, ys in enumerate(self.y):
            for key, d in mi.classes[c].previous.items():
                if d in ys.get(key, {}):
                    keep_vars.append(ys[key][d])
                    keep_w.append(n[c])
        for key, d in mi.previous_table.items():
            if d in self.t.get(key, {}):
                keep_vars.append(self.t[key][d])
                keep_w.append(1)
        self.kept = cp_model.LinearExpr.weighted_sum(keep_vars, keep_w)
        # Stage 4: keep what the previous plan had, then prefer dishes listed first (so ties
        # always break the same way). The order term is below one kept plate by construction.
        order_vars, order_w = [], []
        for row in self.t.values():
            for d, var in row.items():
                order_vars.append(var)
                order_w.append(d)
        for var in self.t_none.values():
            order_vars.append(var)
            order_w.append(mi.dish_count)  # after every dish of the menu
        for row in self.open.values():
            for d, var in row.items():
                order_vars.append(var)
                order_w.append(d)
        order_range = sum(order_w)
        for c, ys in enumerate(self.y):
            for row in ys.values():
                for d, var in row.items():
                    order_vars.append(var)
                    order_w.append(n[c] * d)
                order_range += n[c] * max(row, default=0)
        self.stage_tie = (order_range + 1) * self.kept - cp_model.LinearExpr.weighted_sum(
            order_vars, order_w
        )

    def _hint(self, solver: cp_model.CpSolver) -> None:
        # Through the proto: add_hint() per variable costs more than the solve on big menus.
        values = list(solver.response_proto.solution)
        hint = self.m.proto.solution_hint
        hint.vars.clear()
        hint.values.clear()
        hint.vars.extend(self._decision)
        hint.values.extend(values[i] for i in self._decision)

    def hint_from(self, table: dict[str, int | None], plates: list[dict[str, int | None]]) -> None:
        """Start from a known plan (the reduced model's), so the first solve is immediate."""
        hint = self.m.proto.solution_hint
        hint.vars.clear()
        hint.values.clear()
        for key, row in self.t.items():
            for d, var in row.items():
                hint.vars.append(var.index)
                hint.values.append(int(table.get(key) == d))
        for key, var in self.t_none.items():
            hint.vars.append(var.index)
            hint.values.append(int(table.get(key) is None))
        for ys, plate in zip(self.y, plates, strict=True):
            for key, row in ys.items():
                for d, var in row.items():
                    hint.vars.append(var.index)
                    hint.values.append(int(plate.get(key) == d))

    def solve(
        self,
        stages: Sequence[int] = STAGES,
        time_limit: float | None = None,
        fallback: Solution | None = None,
    ) -> Solution:
        """Solve ``stages`` in order within ``time_limit``.

        A stage that runs out of time keeps its best solution (``feasible``, with its bound)
        and the later stages are skipped. A stage that finds nothing at all ends the solve:
        with ``fallback`` (a plan found earlier) that plan stands, else the result is
        ``timeout`` (no solution in time) or ``infeasible`` (proven impossible).
        """
        mi = self.mi
        started = time.perf_counter()
        limit = mi.time_limit if time_limit is None else time_limit
        results: list[StageResult] = []
        solver = cp_model.CpSolver()
        params = solver.parameters
        params.num_workers = WORKERS
        params.random_seed = mi.seed
        # interleave_search would make any worker count deterministic but was ~35x slower
        # here; with a fixed seed and worker count, plus the stage-6 tie-break, runs repeat.
        best: Solution | None = None
        objectives = {
            1: ("min", self.unserved),
            2: ("min", self.substitutions),
            3: ("max", self.preference),
            4: ("max", self.variety),
            5: ("min", self.cost),
            6: ("max", self.stage_tie),
        }
        for stage in stages:
            sense, expr = objectives[stage]
            left = limit - (time.perf_counter() - started)
            last = left <= 0.01 and (best or fallback) is not None
            if last:
                # Out of time with a plan in hand: one short look at this stage, so the plan
                # reports how far it may be from its best (the gap) instead of nothing.
                left = GAP_LOOK_S
            params.max_time_in_seconds = max(left, 0.01)
            if sense == "min":
                self.m.minimize(expr)
            else:
                self.m.maximize(expr)
            status = solver.solve(self.m)
            if status == cp_model.MODEL_INVALID:  # a bug in this module, never the input
                raise RuntimeError(f"invalid planning model: {self.m.validate()}")
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                # No solution in this stage: its bound is not reported either (CP-SAT gives 0
                # then), so the gap of the plan kept is unknown.
                ended = "infeasible" if status == cp_model.INFEASIBLE else "timeout"
                kept = best or fallback
                if kept is None:
                    results.append(StageResult(stage, ended))
                    return self._empty(ended, results, stages, time.perf_counter() - started)
                # The plan kept is the previous stage's: its value here, against a bound
                # read off the model (loose, so the gap reported is an upper limit).
                name = STAGE_NAMES[stage]
                objective = float(getattr(kept, name)) if hasattr(kept, name) else None
                results.append(StageResult(stage, ended, objective, self._simple_bound(stage)))
                break
            proven = status == cp_model.OPTIMAL
            results.append(
                StageResult(
                    stage,
                    "optimal" if proven else "feasible",
                    objective=float(solver.objective_value),
                    bound=float(solver.best_objective_bound),
                )
            )
            value = round(solver.objective_value)
            # Fix this stage at what was reached, so later stages cannot trade it away.
            if sense == "min":
                self.m.add(expr <= value)
            else:
                self.m.add(expr >= value)
            self._hint(solver)
            best = self._snapshot(solver)
            if not proven or last:
                break
        if best is None:
            assert fallback is not None
            best = fallback
        results += [StageResult(st, "skipped") for st in stages[len(results) :]]
        best.results = results
        best.stages = [r.status for r in results]
        best.status = "optimal" if all(r.status == "optimal" for r in results) else "feasible"
        best.seconds = time.perf_counter() - started
        return best

    def _simple_bound(self, stage: int) -> float | None:
        """A bound on a stage's objective without solving: the best each class could get
        alone (preference), every cuisine on the table (variety), nothing spent (cost)."""
        mi = self.mi
        if stage == 3:
            return float(
                sum(
                    spec.size
                    * sum(max([0, *(spec.prefs.get(d, 0) for d in row)]) for row in ys.values())
                    for spec, ys in zip(mi.classes, self.y, strict=True)
                )
            )
        if stage == 4:
            cuisines = {mi.cuisine[d] for row in self.t.values() for d in row if mi.cuisine[d]}
            return float(min(len(cuisines), sum(1 for row in self.t.values() if row)))
        if stage == 5:
            return 0.0
        return None

    def _snapshot(self, solver: cp_model.CpSolver) -> Solution:
        values = list(solver.response_proto.solution)

        def chosen(row: dict[int, cp_model.IntVar]) -> int | None:
            return next((d for d, v in row.items() if values[v.index]), None)

        return Solution(
            status="feasible",
            table={key: chosen(row) for key, row in self.t.items()},
            plates=[{key: chosen(row) for key, row in ys.items()} for ys in self.y],
            unserved=int(solver.value(self.unserved)),
            substitutions=int(solver.value(self.substitutions)),
            preference=int(solver.value(self.preference)),
            variety=int(solver.value(self.variety)),
            cost=int(solver.value(self.cost)),
            kept=int(solver.value(self.kept)),
        )

    def _empty(
        self, status: str, results: list[StageResult], stages: Sequence[int], seconds: float
    ) -> Solution:
        results = [*results, *(StageResult(st, "skipped") for st in stages[len(results) :])]
        return no_plan(self.mi, status, results, seconds)
