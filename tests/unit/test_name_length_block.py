"""Issue #12, speed: the name-length block of ingest's fuzzy step never drops a candidate.

``name_lengths_within`` says which stored key lengths can score the threshold against a row's
key. Two keys of one repeated letter are the closest keys of their lengths, so any length
they reach must lie in the range; random keys must too.
"""

from __future__ import annotations

import random
import string

import pytest
from rapidfuzz import fuzz

from sazon.store import guest_name_key, name_lengths_within


@pytest.mark.parametrize("threshold", [75, 80, 85, 89, 90, 91, 95, 99, 100])
def test_every_length_that_can_reach_the_threshold_is_in_the_range(threshold: int) -> None:
    for a in range(0, 61):
        low, high = name_lengths_within(a, threshold)
        reached = [b for b in range(0, 90) if fuzz.token_sort_ratio("x" * a, "x" * b) >= threshold]
        assert all(low <= b <= high for b in reached), (a, low, high, reached)
    # Not a range that lets everything through: at 90 a key of 20 letters skips 14 and 27.
    assert name_lengths_within(20, 90) == (15, 26)


def test_random_close_keys_are_in_the_range() -> None:
    rng = random.Random(12)
    letters = string.ascii_lowercase[:6] + " ñ"
    for _ in range(3000):
        first = "".join(rng.choice(letters) for _ in range(rng.randint(1, 30)))
        other = list(first)
        for _ in range(rng.randint(0, 4)):  # a few typos: letters dropped or added
            at = rng.randrange(len(other) + 1)
            if other and rng.random() < 0.5:
                del other[min(at, len(other) - 1)]
            else:
                other.insert(at, rng.choice(letters))
        a, b = guest_name_key(first, None), guest_name_key("".join(other), None)
        score = fuzz.token_sort_ratio(a, b)
        low, high = name_lengths_within(len(a), 90)
        if score >= 90:
            assert low <= len(b) <= high, (a, b, score)
