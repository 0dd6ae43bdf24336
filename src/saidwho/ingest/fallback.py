"""The visible text of an HTML page when main-content extraction finds nothing: lxml's text with scripts and
styles removed and block elements as paragraph breaks, or, if lxml yields nothing (it gives up below 256
levels of nesting), the page with its tags stripped."""

from __future__ import annotations

import html as htmllib
import re

_INVISIBLE = ("script", "style", "noscript", "template", "svg", "head", "iframe", "object")
_BLOCK_TAGS = (
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "li", "ul", "ol", "dl", "dt",
    "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "td", "th", "figure",
    "figcaption", "form", "address", "hr", "title",
)
_BLOCK_TAG = re.compile(r"</?(?:%s|br)\b[^<>]{0,2000}>" % "|".join(_BLOCK_TAGS), re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^<>]{0,4000}>")
_PARA_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def visible_paragraphs(page: str) -> list[str]:
    """Paragraphs of visible text, white space collapsed within lines; [] when there is none."""
    paras = _lxml_paragraphs(page)
    return paras if paras else _stripped_paragraphs(page)


def _lxml_paragraphs(page: str) -> list[str]:
    try:
        return _paragraphs(_lxml_text(page))
    except Exception:  # parser errors, control characters lxml refuses: try the plain strip instead
        return []


def _lxml_text(page: str) -> str:
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(page)
    except ValueError:  # a str with an XML encoding declaration
        root = lxml.html.document_fromstring(page.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    for el in list(root.iter(*_INVISIBLE, etree.Comment)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in root.iter(*_BLOCK_TAGS, "br"):
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
            continue
        el.text = "\n\n" + (el.text or "")
        el.tail = "\n\n" + (el.tail or "")
    return root.text_content()


def _stripped_paragraphs(page: str) -> list[str]:
    page = _cut(page, "<!--", "-->")
    for tag in ("script", "style", "noscript", "template"):
        page = _cut(page, f"<{tag}", f"</{tag}>")
    page = _BLOCK_TAG.sub("\n\n", page)
    page = _ANY_TAG.sub("", page)
    return _paragraphs(htmllib.unescape(page))


def _cut(page: str, open_: str, close: str) -> str:
    """``page`` without the ``open_`` … ``close`` ranges (case-insensitive), in one linear pass."""
    opener = re.compile(re.escape(open_), re.IGNORECASE)
    closer = re.compile(re.escape(close), re.IGNORECASE)
    out: list[str] = []
    pos = 0
    while True:
        m = opener.search(page, pos)
        if m is None:
            break
        out.append(page[pos:m.start()])
        end = closer.search(page, m.end())
        if end is None:
            pos = len(page)
            break
        pos = end.end()
    out.append(page[pos:])
    return "".join(out)


def _paragraphs(text: str) -> list[str]:
    out: list[str] = []
    for block in _PARA_BREAK.split(text):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        para = "\n".join(line for line in lines if line)
        if para:
            out.append(para)
    return out
