"""One input (str or bytes) -> Article: size limit, decoding, text-or-HTML detection."""

from __future__ import annotations

from ..errors import BinaryInput, EmptyInput, InputTooLarge, UnsupportedInput
from ..model import Article
from .decode import SNIFF, decode_bytes
from .detect import looks_like_html
from .html import article_from_html
from .text import article_from_text

DEFAULT_MAX_BYTES = 20_000_000

_FORMATS = {"text": "text", "txt": "text", "html": "html", "htm": "html", "auto": None}


def article_from_input(
    data: str | bytes,
    *,
    id: str = "doc",
    format: str | None = None,
    url: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    title: str | None = None,
    path: str | None = None,
) -> Article:
    """An Article from one page given as text or HTML, bytes or str. ``format`` is "text", "html" or None to
    detect. Plain text is kept verbatim. Raises EmptyInput, BinaryInput, DecodeFailed, InputTooLarge,
    HTMLExtractionFailed or UnsupportedInput (an unknown ``format``), each naming ``id``."""
    fmt = _format(format, id)
    check_size(len(data) if isinstance(data, bytes) else _utf8_len(data, max_bytes), max_bytes, id)
    if isinstance(data, bytes):
        text = decode_bytes(data, id)
    else:
        text = data
        check_text(text, id)
    if fmt is None:
        fmt = "html" if looks_like_html(text) else "text"
    if fmt == "html":
        return article_from_html(text, id, url, path=path, title=title)
    return article_from_text(text, id, title=title, url=url, path=path)


def check_size(size: int, max_bytes: int, source: str) -> None:
    """Raise InputTooLarge (SW104) when ``size`` bytes exceed ``max_bytes``."""
    if size > max_bytes:
        raise too_large(size, max_bytes, source)


def too_large(size: int | None, max_bytes: int, source: str) -> InputTooLarge:
    """The SW104 error for an input of ``size`` bytes (None: not measured, only known to be over)."""
    what = f"{size:,} bytes is" if size is not None else "this input is"
    return InputTooLarge(
        f"{what} over the {max_bytes:,}-byte limit for one document; raise the limit with --max-bytes "
        f"(max_bytes= in Python) or split the input",
        source=source,
    )


def check_text(text: str, source: str) -> None:
    """Raise EmptyInput (SW101) for blank text and BinaryInput (SW102) for text with NULs near the start."""
    if not text.strip():
        what = "empty" if not text else "only white space"
        raise EmptyInput(f"the input is {what}; give text or HTML", source=source)
    if "\x00" in text[:SNIFF]:
        raise BinaryInput("contains NUL characters: this looks like binary data, not text or HTML", source=source)


def _utf8_len(text: str, max_bytes: int) -> int:
    if len(text) * 4 <= max_bytes:  # cannot be over: skip encoding a large text
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))


def _format(format: str | None, source: str) -> str | None:
    if format is None:
        return None
    key = format.strip().lower()
    if key not in _FORMATS:
        raise UnsupportedInput(
            f"unknown format {format!r}; use 'text', 'html' or leave it out to detect", source=source
        )
    return _FORMATS[key]
