"""HTML -> Article through trafilatura's main-content extraction.

The text is rebuilt from trafilatura's XML: the title first, then paragraphs, headings, list items and block
quotes, separated by blank lines. Block-quote paragraphs are recorded in ``Article.blockquotes``; the body
spans cover the paragraphs after the title. Tables are left out (``include_tables=False``): a flattened table
reads as run-on fragments that confuse sentence splitting, and news tables rarely hold quotations. Comments
are left out too. When trafilatura finds no main content, the page's visible text is used instead.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import HTMLExtractionFailed
from ..model import Article
from .chrome import body_spans
from .fallback import visible_paragraphs

PARAGRAPH_SEP = "\n\n"
_BLOCK = {"p", "head", "list", "item", "quote", "code", "table"}
_SKIP = {"graphic", "comments", "table"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

Block = tuple[str, bool]  # paragraph text, inside a block quote


def article_from_html(
    html: str, id: str, url: str | None = None, *, path: str | None = None, title: str | None = None
) -> Article:
    """An Article from one HTML page (format "html"). ``title`` overrides the page's. Raises
    HTMLExtractionFailed (SW105) when the page has no visible text at all."""
    meta: dict[str, Any] = {}
    blocks: list[Block] = []
    doc = _extract_xml(html, url)
    if doc is not None:
        meta = {k: (doc.get(k) or "").strip() for k in ("title", "author", "date", "url")}
        main = doc.find("main")
        if main is not None:
            blocks = _blocks(main)
    if not blocks:
        blocks = [(p, False) for p in visible_paragraphs(html)]
    if not blocks:
        raise HTMLExtractionFailed(
            "no text found in this HTML page (no main content and no visible text); check that the file is "
            "the page itself and not a script-rendered shell, or pass its text with --format text",
            source=id,
        )
    page_title = title if title is not None else (meta.get("title") or None)
    text, _body_start, quotes = _assemble(blocks, page_title)
    # The headline is part of the body, as for plain text: headlines carry attributions ("Velin: …")
    # and name speakers that the article later calls by surname only.
    body = body_spans(text)
    return Article(
        id=id,
        text=text,
        title=page_title,
        authors=_authors(meta.get("author", "")),
        published=_date(meta.get("date", "")),
        url=url or meta.get("url") or None,
        body=body,
        format="html",
        path=path,
        blockquotes=quotes,
    )


def _extract_xml(html: str, url: str | None) -> Any:
    """trafilatura's XML tree for the page, or None when it finds nothing or fails on this input."""
    import trafilatura
    from lxml import etree

    try:
        xml = trafilatura.extract(
            html,
            url=url,
            output_format="xml",
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            include_formatting=False,
            deduplicate=False,
        )
        if not xml:
            return None
        return etree.fromstring(xml.encode("utf-8"), etree.XMLParser(recover=True, huge_tree=True))
    except Exception:  # RecursionError on deep trees, parser errors: one odd page must not be lost
        return None


def _blocks(main: Any) -> list[Block]:
    out: list[Block] = []
    _add(out, main.text, False)
    for child in main:
        _block(out, child, False, 0)
        _add(out, child.tail, False)
    return out


def _block(out: list[Block], el: Any, quote: bool, depth: int) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _SKIP or not tag:
        return
    if tag == "list":
        for item in el.iter("item"):
            _add(out, _inline(item, skip={"list"}), quote)
    elif tag == "quote" and depth < 50 and any(c.tag in _BLOCK for c in el):
        _add(out, el.text, True)
        for child in el:
            _block(out, child, True, depth + 1)
            _add(out, child.tail, True)
    else:
        _add(out, _inline(el), quote or tag == "quote")


def _inline(el: Any, skip: set[str] | None = None) -> str:
    """The text of one element, ``<lb/>`` as a line break, ``skip`` subtrees left out."""
    from lxml import etree

    parts: list[str] = []
    walker = etree.iterwalk(el, events=("start", "end"))
    for event, node in walker:
        if event == "start":
            if node is not el and skip and node.tag in skip:
                walker.skip_subtree()
                continue
            if node.tag == "lb":
                parts.append("\n")
            elif isinstance(node.tag, str):
                parts.append(node.text or "")
        elif node is not el:
            parts.append(node.tail or "")
    return "".join(parts)


def _add(out: list[Block], text: str | None, quote: bool) -> None:
    if not text:
        return
    lines = [" ".join(line.split()) for line in text.split("\n")]
    para = "\n".join(line for line in lines if line)
    if para:
        out.append((para, quote))


def _assemble(blocks: list[Block], title: str | None) -> tuple[str, int, list[tuple[int, int]]]:
    """Join paragraphs; returns the text, where the body starts, and the block-quote spans."""
    parts: list[str] = []
    pos = 0
    body_start = 0
    if title:
        title = " ".join(title.split())
        parts.append(title)
        pos = body_start = len(title) + len(PARAGRAPH_SEP)
        if blocks and not blocks[0][1] and _same(blocks[0][0], title):
            blocks = blocks[1:]  # the page's own headline, already first
    quotes: list[tuple[int, int]] = []
    for para, in_quote in blocks:
        if in_quote:
            quotes.append((pos, pos + len(para)))
        parts.append(para)
        pos += len(para) + len(PARAGRAPH_SEP)
    if not blocks:  # only a title: it is the body
        body_start = 0
    return PARAGRAPH_SEP.join(parts), body_start, quotes


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _authors(value: str) -> list[str]:
    names: list[str] = []
    for name in value.split(";"):
        name = " ".join(name.split())
        if name and name not in names:
            names.append(name)
    return names


def _date(value: str) -> str | None:
    m = _DATE.match(value)
    return m.group(0) if m else None
