"""What the menu's CP-SAT model reads (:class:`ModelInput`: course slots, classes of guests who
plan alike, prices, locks) and returns (:class:`Solution`, with each stage's result).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Slot:
    """A course in the menu. Repeated courses get numbered keys: entrada, entrada_2."""

    key: str
    course: str


def course_slots(courses: Sequence[str]) -> list[Slot]:
    seen: dict[str, int] = {}
    out = []
    for course in courses:
        seen[course] = seen.get(course, 0) + 1
        n = seen[course]
        out.append(Slot(course if n == 1 else f"{course}_{n}", course))
    return out


@dataclass
class ClassSpec:
    """A group of guests who plan alike."""

    size: int
    candidates: dict[str, list[int]]  # slot key → dish indices this class may have
    prefs: dict[int, int] = field(default_factory=dict)  # dish index → score
    previous: dict[str, int] = field(default_factory=dict)  # slot key → previous dish index
    locked: frozenset[str] = frozenset()  # slots fixed by hand: served with their one candidate


@dataclass
class ModelInput:
    slots: list[Slot]
    dish_count: int
    price: list[int]  # cents; dishes without a price are never candidates under a budget
    cuisine: list[str | None]
    table_candidates: dict[str, list[int]]
    table_locks: dict[str, int]
    classes: list[ClassSpec]
    budget: int | None  # cents per guest
    max_per_slot: int
    time_limit: float
    seed: int = 7
    previous_table: dict[str, int] = field(default_factory=dict)


STAGE_NAMES = {
    1: "unserved",
    2: "substitutions",
    3: "preference",
    4: "variety",
    5: "cost",
    6: "tie_break",
}


@dataclass
class StageResult:
    """One stage of the lexicographic solve: how it ended, the value reached and its bound."""

    stage: int
    status: str  # optimal | feasible | timeout | infeasible | skipped
    objective: float | None = None
    bound: float | None = None

    @property
    def gap(self) -> float | None:
        """Relative distance between the value reached and the best bound (0 when proven)."""
        if self.status == "optimal":
            return 0.0
        if self.objective is None or self.bound is None:
            return None
        return abs(self.bound - self.objective) / max(1.0, abs(self.objective))


@dataclass
class Solution:
    status: str  # optimal | feasible | infeasible | timeout
    table: dict[str, int | None]
    plates: list[dict[str, int | None]]
    unserved: int = 0
    substitutions: int = 0
    preference: int = 0
    variety: int = 0
    cost: int = 0
    kept: int = 0
    seconds: float = 0.0
    stages: list[str] = field(default_factory=list)
    results: list[StageResult] = field(default_factory=list)
    #: When infeasible: a smallest set of locks that cannot hold together, as (class index or
    #: None for the table's lock, slot key), indices into the request's classes.
    lock_conflicts: list[tuple[int | None, str]] = field(default_factory=list)


def no_plan(mi: ModelInput, status: str, results: list[StageResult], seconds: float) -> Solution:
    """No plan: every guest-course unserved (``infeasible`` or ``timeout``)."""
    slots = [s.key for s in mi.slots]
    return Solution(
        status=status,
        table=dict.fromkeys(slots),
        plates=[dict.fromkeys(slots) for _ in mi.classes],
        unserved=sum(c.size for c in mi.classes) * len(slots),
        seconds=seconds,
        stages=[r.status for r in results],
        results=results,
    )
