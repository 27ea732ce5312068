"""Seeded random streams: one per generator, so changing one part never shifts the others."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def stream(seed: int, name: str) -> random.Random:
    """An independent generator for one part of the demo (string seeds hash stably)."""
    return random.Random(f"sazon-demo:{seed}:{name}")


def pick(rng: random.Random, options: Sequence[tuple[T, float]]) -> T:
    """One value from ``(value, weight)`` pairs."""
    values = [v for v, _ in options]
    weights = [w for _, w in options]
    return rng.choices(values, weights=weights, k=1)[0]


def chance(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def clip(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))
