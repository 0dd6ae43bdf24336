"""Bytes -> str: byte-order marks, strict UTF-8, then a declared charset or a guess; binary and empty input
are refused with coded errors."""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import BinaryInput, DecodeFailed, EmptyInput

SNIFF = 8192  # bytes looked at for binary detection and charset declarations

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF-", "a PDF (convert it to text first, e.g. with pdftotext)"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.epub; unpack or convert it first)"),
    (b"\x1f\x8b", "gzip-compressed (decompress it first)"),
    (b"WARC/", "a WARC file (not supported by this reader)"),
)

_CONTROL = set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}
_CONTROL.add(0x7F)

_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})"""
    rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)

# Labels that in practice mean Windows-1252 (the WHATWG encoding standard maps them so).
_AS_CP1252 = {
    "iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252", "x-cp1252",
}


def decode_bytes(data: bytes, source: str) -> str:
    """Decode one input to text. Raises EmptyInput (SW101), BinaryInput (SW102) or DecodeFailed (SW103),
    each naming ``source``. A leading byte-order mark is removed; nothing else is changed."""
    if not data:
        raise EmptyInput("the input is empty; give a file with text or HTML in it", source=source)
    text = _decode_bom(data, source)
    if text is None:
        _refuse_binary(data, source)
        text = _decode_guess(data)
    if not text.strip():
        raise EmptyInput("the input contains only white space; give a file with text or HTML in it", source=source)
    return text


def _decode_bom(data: bytes, source: str) -> str | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeFailed(
                    f"starts with a {codec.upper()} byte-order mark but is not valid {codec.upper()} "
                    f"(byte {exc.start + len(bom)}); re-save the file as UTF-8",
                    source=source,
                ) from None
    return None


def _refuse_binary(data: bytes, source: str) -> None:
    head = data[:SNIFF]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise BinaryInput(f"this is {what}, not text or HTML", source=source)
    if b"\x00" in head and _utf16_without_bom(head) is None:
        raise BinaryInput("contains NUL bytes: this looks like a binary file, not text or HTML", source=source)
    if b"\x00" not in head:
        controls = sum(1 for b in head if b in _CONTROL)
        if controls > max(8, len(head) // 10):
            raise BinaryInput(
                f"{controls} of the first {len(head)} bytes are control characters: this looks like a binary file",
                source=source,
            )


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NUL bytes sit only on one side of each pair, as in ASCII-heavy UTF-16."""
    even = head[0::2]
    odd = head[1::2]
    if len(head) < 4:
        return None
    if odd.count(0) >= len(odd) * 0.6 and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= len(even) * 0.6 and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _decode_guess(data: bytes) -> str:
    head = data[:SNIFF]
    utf16 = _utf16_without_bom(head) if b"\x00" in head else None
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for codec in _declared(head):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return _decode_legacy(data)


def _declared(head: bytes) -> list[str]:
    """Codecs named by a ``<meta charset>`` / ``http-equiv`` or an XML declaration, usable ones only."""
    out: list[str] = []
    for m in _DECLARED.finditer(head):
        label = (m.group(1) or m.group(2) or b"").decode("ascii", "ignore").strip().lower()
        codec = "cp1252" if label in _AS_CP1252 else label
        try:
            name = codecs.lookup(codec).name
        except LookupError:
            continue
        if name != "utf-8" and name not in out:
            out.append(name)
    return out


def _decode_legacy(data: bytes) -> str:
    """Not UTF-8 and nothing declared: Windows-1252 (the usual case for English pages) unless charset-normalizer
    finds a non-Latin script, e.g. Cyrillic in cp1251."""
    guess = _guess_with_charset_normalizer(data)
    if guess is not None and not _is_latin_script(guess):
        return guess
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # The five bytes cp1252 leaves undefined: latin-1 maps every byte, so nothing is lost.
        return data.decode("latin-1")


def _guess_with_charset_normalizer(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # a dependency of trafilatura, but do without it
        return None
    try:
        best = from_bytes(data).best()
    except Exception:  # a guesser must never fail a document
        return None
    return None if best is None else str(best)


def _is_latin_script(text: str) -> bool:
    """True unless the non-ASCII letters in (a sample of) ``text`` are mostly of one other script (Cyrillic,
    Greek, Arabic, CJK, ...); modifier letters and symbols do not count."""
    latin = other = 0
    for c in text[:20000]:
        if ord(c) < 128 or not c.isalpha():
            continue
        name = unicodedata.name(c, "")
        if name.startswith("LATIN"):
            latin += 1
        elif name and not name.startswith("MODIFIER"):
            other += 1
    return other <= latin
