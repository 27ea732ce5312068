"""How much of one text the sentiment analysis reads.

A review says what it thinks in its first few paragraphs; past that, a very long text (a
pasted page, a file gone wrong) only costs time. Each text is cut to
:data:`MAX_ANALYSED_CHARS` characters, at a space when one is near, and the result says so
in its warnings.
"""

from __future__ import annotations

__all__ = ["MAX_ANALYSED_CHARS", "clip_text", "clipped_warning"]

#: Characters of one text that are analysed (the API accepts texts up to this size).
MAX_ANALYSED_CHARS = 5000
# Cut at the last space in this many characters before the limit, so no word is halved.
_WORD_SLACK = 200


def clip_text(text: str, limit: int = MAX_ANALYSED_CHARS) -> str:
    """``text`` itself when it fits in ``limit`` characters, else its start, cut at a space.

    >>> clip_text("rico " * 3, limit=12)
    'rico rico'
    """
    if len(text) <= limit:
        return text
    head = text[:limit]
    for cut in range(limit - 1, max(0, limit - _WORD_SLACK), -1):
        if head[cut].isspace():
            return head[:cut].rstrip()
    return head


def clipped_warning(length: int, limit: int = MAX_ANALYSED_CHARS) -> str:
    """The warning for a text of ``length`` characters that was cut to ``limit``."""
    return f"only the first {limit} of {length} characters were analysed"
