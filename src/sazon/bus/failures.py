"""What the worker does with an event that fails: when to try again, and the dead letter.

A handler's failure is retried with exponential backoff (:class:`Retry`); one that keeps
failing goes to ``<topic>.dlq`` as it was, with why and where it failed in ``dlq.*``
headers (:func:`dead_letter_record`), in words that quote no input (:func:`describe_error`).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy.exc import StatementError

from sazon.bus.base import Message, Record
from sazon.timeutil import utcnow

__all__ = ["Retry", "dead_letter_record", "describe_error"]

_MAX_ERROR_CHARS = 1000


@dataclass(frozen=True, slots=True)
class Retry:
    """Exponential backoff: ``base_delay * factor**(attempt-1)``, capped at ``max_delay``.

    No jitter: one worker retries one message at a time, so there is no herd to spread, and
    fixed delays keep the tests exact.

    >>> [Retry(attempts=4, base_delay=0.1).delay(a) for a in (1, 2, 3)]
    [0.1, 0.2, 0.4]
    """

    attempts: int = 5
    base_delay: float = 0.2
    factor: float = 2.0
    max_delay: float = 10.0

    def delay(self, attempt: int) -> float:
        return float(min(self.base_delay * self.factor ** (attempt - 1), self.max_delay))


def describe_error(error: BaseException) -> str:
    """``Type: first line`` of an error, without the values that caused it.

    The DLQ is a durable log that erasure does not reach, so it must not quote input: a
    pydantic error lists fields and messages only, a database error keeps the first line of
    the driver's message (its ``DETAIL:`` lines quote the row), any other error its first line.
    """
    name = type(error).__name__
    if isinstance(error, ValidationError):
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
            for e in error.errors(include_input=False, include_url=False)
        )
        return f"{name}: {problems}"
    if isinstance(error, StatementError) and error.orig is not None:
        first = str(error.orig).strip().splitlines()[:1]
        return f"{name}: {type(error.orig).__name__}: {first[0] if first else ''}"
    first = str(error).strip().splitlines()[:1]
    return f"{name}: {first[0] if first else ''}"


def dead_letter_record(message: Message, error: BaseException, group: str, attempts: int) -> Record:
    """The message as it was, plus why and where it failed (``dlq.*`` headers)."""
    text = describe_error(error)
    headers = {
        **{k: v for k, v in message.headers.items() if not k.startswith("dlq.")},
        "dlq.error": text[:_MAX_ERROR_CHARS],
        "dlq.error-type": type(error).__name__,
        "dlq.original-topic": message.topic,
        "dlq.original-partition": str(message.partition),
        "dlq.original-offset": str(message.offset),
        "dlq.group": group,
        "dlq.attempts": str(attempts),
        "dlq.failed-at": utcnow().isoformat(),
    }
    return message.as_record(headers)
