"""Reading a text file a person named: every problem is one sentence naming the file and the fix.

The CLI's facts files, the sentiment inputs and training files all pass through here, so a
missing path, a folder, a file over the limit, a file that is not UTF-8, a binary file and an
empty file are told apart the same way everywhere.
"""

from __future__ import annotations

from pathlib import Path

from sazon.errors import InvalidInput, PayloadTooLarge


def read_text_file(path: Path, *, what: str, max_mb: float, empty_hint: str | None = None) -> str:
    """The text of ``path`` (UTF-8, a BOM allowed); ``what`` names the file in the errors
    ("JSON facts file") and ``empty_hint`` says what an empty file should have held."""
    if not path.exists():
        raise InvalidInput(f"{path}: no such file; give the path of the {what}")
    if not path.is_file():
        raise InvalidInput(f"{path} is a folder, not a file; give the path of the {what}")
    size = path.stat().st_size
    if size > max_mb * 1024 * 1024:
        raise PayloadTooLarge(f"{path} is {size / 1e6:.1f} MB: the limit is {max_mb:g} MB")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{path} is not UTF-8 (byte 0x{data[exc.start]:02x} at position {exc.start}): "
            "save it as UTF-8 and try again"
        ) from None
    if "\x00" in text:
        raise InvalidInput(f"{path} looks like a binary file: give the {what} as a text file")
    if not text.strip():
        raise InvalidInput(f"{path} is empty: {empty_hint or f'give the {what}'}")
    return text
