"""Hostile CSV files, written by hypothesis: every data row is accounted for, none crashes.

A file is a header (sometimes with a repeated column) and rows written by ``csv.writer``
(cells with quotes, delimiters, line breaks and NUL bytes), with hostile lines among them:
an opening quote that never closes, a separator too many, a cell over the size limit, blank
lines. It is saved in one of the encodings people send. Whatever the mix, ingest must read
every data row to exactly one outcome, and never give one person's e-mail to another.
"""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sazon.ingest import ReadLimits, ingest_file
from sazon.knowledge import KnowledgeBase
from sazon.store import Guest

pytestmark = pytest.mark.integration

LIMITS = ReadLimits(max_cell_chars=300)
# Letters only, so a name survives the name standardiser unchanged: row i is "Ana <CODE(i)>".
LETTERS = "bcdfghjklmnpqrstvz"
_files = itertools.count()


def _code(i: int) -> str:
    return "".join(LETTERS[int(d)] for d in str(i)).capitalize() + "x"


cell_text = st.text(alphabet=st.sampled_from(list("ab ,;|\t\"'\n\x00ñ")), max_size=12)
hostile = st.sampled_from(["open_quote", "extra_cells", "huge_cell", "blank", "separators"])
row = st.one_of(st.tuples(st.just("good"), cell_text), st.tuples(hostile, cell_text))


def _file(
    rows: list[tuple[str, str]], delimiter: str, repeat: bool, encoding: str, folder: Path
) -> tuple[Path, int, dict[str, str], str]:
    """The file, how many data rows it has, each good row's e-mail → surname, its domain."""
    header = ["nombre", "apellido", "correo", "notas"] + (["notas"] if repeat else [])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    data_rows, owners = 0, {}
    domain = f"f{next(_files)}.pe"  # every file its own people
    for i, (what, text) in enumerate(rows):
        # The file's own separator stays out of the cells (the others, quotes, line breaks
        # and NULs go in): next to a stray quote, a quoted cell holding separators can be
        # read two ways, and the reader then takes the lines for rows (docs/ingest.md).
        text = text.replace(delimiter, "")
        email = f"p{i}@{domain}"
        cells = ["Ana", _code(i), email, text] + ([text[::-1]] if repeat else [])
        if what == "good":
            owners[email] = _code(i)
            writer.writerow(cells)
        elif what == "open_quote":
            plain = ["".join(ch for ch in c if ch not in f'"\n{delimiter}') for c in cells]
            out.write('"' + delimiter.join(plain) + "\n")
        elif what == "extra_cells":
            writer.writerow([*cells, "sobra", "otra"])
        elif what == "huge_cell":
            writer.writerow([*cells[:3], "x" * 400, *cells[4:]])
        elif what == "blank":
            out.write("\n")
            continue
        else:
            out.write(delimiter * (len(header) - 1) + "\n")
            continue
        data_rows += 1
    path = folder / f"hostile-{next(_files)}.csv"
    path.write_bytes(out.getvalue().encode(encoding, errors="replace"))
    return path, data_rows, owners, domain


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(row, min_size=1, max_size=20).filter(lambda r: any(w == "good" for w, _ in r)),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    repeat=st.booleans(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"]),
)
def test_hostile_csv__every_data_row_has_one_outcome_and_no_email_moves(
    rows: list[tuple[str, str]],
    delimiter: str,
    repeat: bool,
    encoding: str,
    sqlite_factory: sessionmaker[Session],
    kb: KnowledgeBase,
    tmp_path: Path,
) -> None:
    path, data_rows, owners, domain = _file(rows, delimiter, repeat, encoding, tmp_path)
    summary = ingest_file(sqlite_factory, kb, "guests", path, limits=LIMITS)
    assert summary.rows == data_rows
    assert summary.accepted + summary.merged + summary.quarantined == data_rows
    assert sorted(d.row for d in summary.details) == list(range(1, data_rows + 1))
    with sqlite_factory() as s:
        for guest in s.scalars(select(Guest).where(Guest.email.endswith("@" + domain))):
            # Only a good row's e-mail is stored, and with that row's own surname.
            assert guest.email in owners
            assert guest.last_name == owners[guest.email]
