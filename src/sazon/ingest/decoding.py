"""Bytes to text for the text formats (CSV, JSON, JSONL): encodings, binary files, NUL bytes.

The order is fixed so the same bytes always read the same way: a byte-order mark decides
(UTF-8, UTF-16 LE/BE, UTF-32); UTF-16 without a mark is recognised by its zero bytes; then
UTF-8, then Windows-1252 (Excel's "CSV" in Peru), then Latin-1, which reads any byte.
A file that is not text at all is refused in one sentence that names what we accept and
never quotes the file.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from sazon.errors import InvalidInput

ACCEPTED = "CSV, XLSX, JSON o JSONL"
ACCEPTED_EN = "CSV, XLSX, JSON or JSONL"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of files people upload by mistake: named, so the sentence says what it was.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "una imagen PNG", "a PNG image"),
    (b"\xff\xd8\xff", "una imagen JPEG", "a JPEG image"),
    (b"GIF8", "una imagen GIF", "a GIF image"),
    (b"%PDF", "un PDF", "a PDF"),
    (b"\xd0\xcf\x11\xe0", "un Excel 97-2003 (.xls) o Word antiguo", "an old .xls or .doc file"),
    (b"PK\x03\x04", "un ZIP que no es un libro XLSX", "a ZIP that is not an XLSX workbook"),
    (b"\x1f\x8b", "un archivo comprimido (gzip)", "a gzip archive"),
    (b"7z\xbc\xaf", "un archivo comprimido (7z)", "a 7z archive"),
    (b"Rar!", "un archivo comprimido (RAR)", "a RAR archive"),
    (b"\x7fELF", "un programa", "a program"),
)

# Share of control characters (other than tab and line ends) above which text is binary.
_BINARY_SHARE = 0.02


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def not_text(name: str, what: str = "", what_en: str = "") -> InvalidInput:
    """The one sentence for a file we cannot read as rows; the file itself is never quoted."""
    es = f" (parece {what})" if what else ""
    en = f" (it looks like {what_en})" if what_en else ""
    return InvalidInput(
        f"'{name}' no es un archivo de datos que podamos leer{es}: sube un archivo "
        f"{ACCEPTED}. / '{name}' is not a data file we can read{en}: upload {ACCEPTED_EN}."
    )


def refuse_binary(name: str, data: bytes) -> None:
    """Raise when ``data`` starts like a known binary format (images, PDF, archives…)."""
    for magic, es, en in _SIGNATURES:
        if data.startswith(magic):
            raise not_text(name, es, en)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 LE or BE told by where the zero bytes fall (ASCII text has one per character)."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), encoding
    guess = _utf16_without_bom(data)
    if guess:
        try:
            return data.decode(guess), guess
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # Excel on Windows in Peru saves "CSV" as cp1252; latin-1 would mis-read € and quotes.
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def decode(data: bytes, name: str = "file") -> Decoded:
    """Text of a text file, its encoding, and warnings (NUL bytes removed); binary refused."""
    refuse_binary(name, data)
    text, encoding = _decode(data)
    nuls = text.count("\x00")
    controls = sum(text.count(c) for c in _CONTROLS)
    # NULs are judged apart: a broken export pads text with runs of them, and that is still
    # text; other control characters in more than a few places mean the file is not text.
    if controls > _BINARY_SHARE * max(len(text) - nuls, 1) or not text.replace("\x00", "").strip():
        raise not_text(name)
    warnings = []
    if nuls:
        text = text.replace("\x00", "")
        warnings.append(
            f"se quitaron {nuls} bytes nulos (NUL) que no son texto; revisa que el archivo se "
            f"haya exportado bien / removed {nuls} NUL bytes that are not text; check the export"
        )
    return Decoded(text, encoding, warnings)


_CONTROLS = (*(chr(c) for c in range(1, 32) if chr(c) not in "\t\n\r\f\v"), "\ufffd")
