"""The planner's word lists (``Literal`` types), shared by its schemas."""

from __future__ import annotations

from typing import Literal

#: ``timeout``: no plan at all was found within the time limit (a plan found in time but not
#: proven best is ``feasible``, with its gap); ``infeasible``: the locks cannot all hold.
Status = Literal["optimal", "feasible", "infeasible", "timeout"]
#: Why a guest-course has no plate (see ``sazon.events.explain.unserved_reason``).
UnservedCause = Literal[
    "no_dishes", "unsafe", "unpriced", "repeat", "budget", "kitchen", "locks", "timeout"
]
#: Why a whole plan is short (``Plan.causes``).
PlanCauseCode = Literal["no_dishes", "unpriced", "budget", "repeat", "locks", "timeout"]
StageStatus = Literal["optimal", "feasible", "timeout", "infeasible", "skipped"]
Lang = Literal["es", "en"]
WineMode = Literal["flight", "per_course"]
WineSource = Literal["venue", "store", "file", "none"]
