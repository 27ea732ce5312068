"""CSV records one at a time, so one malformed line never takes its neighbours with it.

Python's ``csv`` reads a field that opens a quote until the quote closes, however many lines
later: an unterminated quote on row 3 swallows every row after it into one cell. Here the
reader is fed line by line and each record is checked as it comes: a record that spans
lines is kept only when it looks like one row with a line break inside a quoted cell; an
opening quote that never closes, a quote that closes on what is clearly another row, or a
wrong number of cells makes that *line alone* a bad line (with its number and the reason),
and reading goes on from the next line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from sazon.errors import InvalidInput
from sazon.ingest.headers import unique_headers

# The csv module's own cap (131,072 characters) would end the whole file at the first long
# cell; cells are measured against the configured limit below instead, one row at a time.
csv.field_size_limit(2**31 - 1)


@dataclass
class BadLine:
    """A line (or JSON item) that could not be read as one row: quarantined on its own."""

    line: int
    text: str
    reason: str
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class CsvTable:
    header: list[str]
    rows: list[dict[str, str]]
    bad: list[BadLine]
    delimiter: str


class _Lines:
    """The physical lines fed to ``csv.reader``; a record may not grow past the caps."""

    def __init__(self, lines: list[str], max_lines: int, max_chars: int, delimiter: str) -> None:
        self.lines = lines
        self.delimiter = delimiter
        self.pos = 0
        self.start = 0
        self.chars = 0
        self.max_lines = max_lines
        self.max_chars = max_chars

    def begin(self, start: int) -> None:
        self.pos = self.start = start
        self.chars = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        if self.pos > self.start and (
            self.pos - self.start >= self.max_lines or self.chars > self.max_chars
        ):
            raise StopIteration  # an open quote may not eat the rest of the file
        line = self.lines[self.pos]
        self.pos += 1
        self.chars += len(line)
        return line


def sniff_delimiter(lines: list[str]) -> str:
    """The header line decides: it has no quoted free text, unlike the rows below it."""
    header = next((ln for ln in lines if ln.strip()), "")
    counts = {d: header.count(d) for d in ",;\t|"}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] > 0:
        return best
    try:
        return csv.Sniffer().sniff("".join(lines[:50]), delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _alone(line: str, delimiter: str) -> list[str]:
    """A line's cells read on its own, quotes taken literally."""
    return next(csv.reader([line], delimiter=delimiter, quoting=csv.QUOTE_NONE), [])


def _swallows_rows(lines: list[str], ncols: int, delimiter: str) -> bool:
    """Whether a record of several lines is really several rows joined by stray quotes.

    A line break inside a quoted cell is fine ("Alérgica a\\nmaní"); but when the first line
    and a later one each read as a whole row on their own (quotes taken literally), the
    quote that opened on the first line was stray and the lines are rows of their own.
    """
    if ncols < 2:
        return False
    whole = [len(_alone(ln, delimiter)) == ncols for ln in lines]
    return whole[0] and any(whole[1:])


def _fits_from(lines: list[str], pos: int, src: _Lines, header: list[str]) -> bool:
    """Whether the record starting at line ``pos`` reads, with at least the header's cells."""
    while pos < len(lines) and not lines[pos].strip():
        pos += 1
    ahead = _Lines(lines, src.max_lines, src.max_chars, src.delimiter)
    ahead.begin(pos)
    try:
        cells = next(csv.reader(ahead, delimiter=src.delimiter, strict=True))
    except (csv.Error, StopIteration):
        return False
    return len(cells) >= len(header)


def _say(es: str, en: str) -> str:
    return f"{es} / {en}"


def _cells_problem(
    cells: list[str], header: list[str], max_cell: int
) -> tuple[list[str], str | None]:
    """The cells fitted to the header, or the reason they cannot be."""
    ncols = len(header)
    if len(cells) > ncols and not any(c.strip() for c in cells[ncols:]):
        cells = cells[:ncols]  # trailing separators, as some spreadsheets write them
    if len(cells) < ncols and all(h.startswith("(columna ") for h in header[len(cells) :]):
        cells = cells + [""] * (ncols - len(cells))  # only unnamed columns are missing
    for name, cell in zip(header, cells, strict=False):
        if len(cell) > max_cell:
            col = name or "?"
            return cells, _say(
                f"la celda '{col}' tiene {len(cell)} caracteres, más que el límite de "
                f"{max_cell} (ingest.max_cell_chars): la fila queda en cuarentena",
                f"cell '{col}' has {len(cell)} characters, more than the limit of {max_cell} "
                "(ingest.max_cell_chars): the row is quarantined",
            )
    if len(cells) != ncols:
        return cells, _say(
            f"la fila tiene {len(cells)} celdas y el encabezado {ncols}: un separador de más "
            "o de menos movería los valores de columna; corrige la fila",
            f"the row has {len(cells)} cells and the header {ncols}: a separator too many or "
            "too few would move values between columns; fix the row",
        )
    return cells, None


def _bad(number: int, line: str, reason: str, cells: list[str], header: list[str]) -> BadLine:
    named = dict(zip(header, cells, strict=False))
    if len(cells) > len(header):
        named["_extra"] = "|".join(cells[len(header) :])
    return BadLine(number, line.rstrip("\r\n"), reason, named)


_OPEN_QUOTE = _say(
    'una comilla (") se abre y no se cierra en esta línea: la línea se lee sola para que no '
    "se trague las filas siguientes; corrige la comilla",
    'a quote (") opens and does not close on this line: the line is read alone so it does '
    "not swallow the rows after it; fix the quote",
)

_TEXT_AFTER_QUOTE = _say(
    'hay texto pegado después de una comilla de cierre ("): la línea se lee sola; pon la '
    "celda entera entre comillas o quita la comilla",
    'there is text right after a closing quote ("): the line is read alone; quote the whole '
    "cell or remove the quote",
)


def read_csv(text: str, max_cell: int, max_row_lines: int) -> CsvTable:
    """The header, the rows (dicts by header) and the bad lines of a CSV text."""
    lines = list(io.StringIO(text, newline=""))
    delimiter = sniff_delimiter(lines)
    src = _Lines(lines, max_row_lines, max_cell * 4, delimiter)
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    bad: list[BadLine] = []
    reader: Iterator[list[str]] | None = None
    while src.pos < len(lines):
        start = src.pos
        if not lines[start].strip():
            src.pos += 1
            continue
        src.begin(start)
        if reader is None:
            reader = csv.reader(src, delimiter=delimiter, strict=True)
        reason: str | None = None
        try:
            cells = next(reader)
        except csv.Error as exc:
            cells = []
            reason = _TEXT_AFTER_QUOTE if "expected after" in str(exc) else _OPEN_QUOTE
        except StopIteration:
            break
        else:
            joined = src.pos - start > 1 and header is not None
            if joined and _swallows_rows(lines[start : src.pos], len(header or []), delimiter):
                reason = _OPEN_QUOTE
        if header is None:
            if reason is not None or src.pos - start > 1:
                raise InvalidInput(
                    _say(
                        f"no se puede leer la línea de encabezados (línea {start + 1}): tiene "
                        "una comilla sin cerrar; corrígela",
                        f"the header line (line {start + 1}) cannot be read: it has an "
                        "unclosed quote; fix it",
                    )
                )
            header = unique_headers([h.strip() for h in cells])
            continue
        if reason is not None:
            bad.append(
                _bad(start + 1, lines[start], reason, _alone(lines[start], delimiter), header)
            )
            src.pos, reader = start + 1, None
            continue
        if not any(c.strip() for c in cells):
            continue
        fitted, problem = _cells_problem(cells, header, max_cell)
        stray = src.pos - start > 1 and len(_alone(lines[start], delimiter)) == len(header)
        if problem and stray and _fits_from(lines, start + 1, src, header):
            # Lines that make no row together, where the first is a whole row on its own and
            # the next starts one: the first line's quote was stray; it alone is bad, and
            # the rest is read again.
            cells = _alone(lines[start], delimiter)
            bad.append(_bad(start + 1, lines[start], _OPEN_QUOTE, cells, header))
            src.pos, reader = start + 1, None
            continue
        if problem is not None:
            text_of = "".join(lines[start : src.pos])
            fitted = [c[:max_cell] for c in fitted]
            bad.append(_bad(start + 1, text_of[:max_cell], problem, fitted, header))
            continue
        rows.append(dict(zip(header, fitted, strict=True)))
    return CsvTable(header or [], rows, bad, delimiter)
