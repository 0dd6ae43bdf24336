"""Search results as `saidwho search` prints them: a listing for reading, JSON Lines or CSV."""

from __future__ import annotations

import csv
import json
from typing import IO

from .results import Hit, SearchPage

FORMATS = ("text", "jsonl", "csv")
CSV_COLUMNS = (
    "article_id", "record_id", "url", "source", "title", "published", "published_date", "quote_id", "kind", "text",
    "content", "speaker_id", "speaker_name", "speaker_mention", "speaker_via", "confidence", "snippet", "rank",
)


def hit_block(n: int, hit: Hit) -> str:
    """``3. Speaker — “quote” (kind)``, then the article line and the snippet, indented."""
    said = " ".join(hit.text.split())
    if len(said) > 300:
        said = said[:300].rsplit(" ", 1)[0] + " …"
    if hit.kind != "indirect":
        said = f"“{said}”"
    where = " · ".join(
        x for x in (" ".join((hit.title or hit.record_id).split()), hit.source, hit.published_date or hit.published) if x
    )
    return f"{n}. {hit.speaker_label} — {said} ({hit.kind})\n   {where} [article {hit.article_id}]\n   {hit.snippet}"


def write_page(page: SearchPage, fmt: str, out: IO[str]) -> None:
    if fmt == "jsonl":
        for hit in page.hits:
            out.write(json.dumps(hit.to_json(), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for hit in page.hits:
            row = hit.to_json()
            writer.writerow([json.dumps(row[c]) if c == "content" else ("" if row[c] is None else row[c]) for c in CSV_COLUMNS])
    else:
        blocks = [hit_block(page.offset + k, hit) for k, hit in enumerate(page.hits, 1)]
        if blocks:
            out.write("\n\n".join(blocks) + "\n")
    out.flush()


def page_summary(page: SearchPage) -> str:
    """``quotes 21-40 of 112``, ``quotes 1-20 of 1000+`` when the count stopped at its cap (or ``no quotes
    match``)."""
    if not page.total:
        return "no quotes match"
    total = f"{page.total}+" if page.capped else str(page.total)
    if not page.hits:
        return f"no quotes on this page ({total} match; lower --offset)"
    return f"quotes {page.offset + 1}-{page.offset + len(page.hits)} of {total}"
