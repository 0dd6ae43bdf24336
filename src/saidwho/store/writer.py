"""Writing to a store: records in idempotent, transactional batches, then the speakers merged across the store.

Idempotence rule: a page is its url, or its record id when it has no url. A record whose whole content (its
canonical JSON's SHA-256) is already stored for that page changes nothing; a different one replaces the page's
article in place (same article id, its old quotes and speakers deleted). One batch is one transaction, so a failed
run leaves whole batches behind, and running it again completes it without duplicates.

Speakers: every ingest that changed something rebuilds the cross-document registry from all stored speakers
(``build_registry`` is order-independent, so the ids are those a single run over every record would give) and
rewrites only the quotes whose registry id or name changed.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..speakers.registry import build_registry
from .columns import BUMP_GENERATION
from .records import RecordRows, Rejected, fold, record_rows, refusal, search_names
from .results import IngestReport

if TYPE_CHECKING:
    from .base import Store

ARTICLE_COLUMNS = (
    "ident", "record_id", "url", "source", "title", "authors", "published", "published_date", "text",
    "content_hash", "record", "n_quotes", "ingested_at",
)
SPEAKER_COLUMNS = ("article_id", "sid", "name", "type", "aliases", "roles", "description")
QUOTE_COLUMNS = (
    "article_id", "position", "quote_id", "kind", "text", "text_folded", "content", "cue", "content_start",
    "content_end", "speaker_sid", "speaker_name", "speaker_via", "mention", "mention_text", "search_names",
    "confidence", "published_date", "source", "snippet",
)


# After an ingest that wrote this many quotes, the backend tidies up for searching (Store._after_ingest).
ANALYZE_AFTER = 1000


def _insert(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"


def ingest(store: Store, records: Iterable[Any], *, batch_size: int, refresh_speakers: bool) -> IngestReport:
    """See ``Store.ingest``."""
    start = time.perf_counter()
    report = IngestReport()
    batch: list[RecordRows] = []
    for n, item in enumerate(records, 1):
        if isinstance(item, Rejected):
            report.skip(item.reason, item.where)
            continue
        reason = refusal(item)
        if reason:
            where = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else f"item {n}"
            report.skip(reason, str(where))
            continue
        batch.append(record_rows(item))
        if len(batch) >= batch_size:
            report.merge(_write_batch(store, batch))
            batch = []
    if batch:
        report.merge(_write_batch(store, batch))
    if refresh_speakers and (report.added or report.replaced):
        report.speakers_seconds = refresh_speakers_of(store)
    if report.quotes >= ANALYZE_AFTER:
        store._after_ingest()
    report.seconds = time.perf_counter() - start
    return report


def _write_batch(store: Store, batch: list[RecordRows]) -> IngestReport:
    """One transaction; the counts are returned only once it has committed."""
    done = IngestReport()
    sql = store.sql
    with store._write() as cur:
        for rows in batch:
            cur.execute(sql("SELECT id, content_hash FROM articles WHERE ident = ?"), (rows.ident,))
            found = cur.fetchone()
            values = {"ident": rows.ident, "content_hash": rows.content_hash, **rows.article}
            if found and found[1] == rows.content_hash:
                done.unchanged += 1
                continue
            if found:
                article_id = found[0]
                sets = ", ".join(f"{c} = ?" for c in ARTICLE_COLUMNS)
                cur.execute(sql(f"UPDATE articles SET {sets} WHERE id = ?"), (*[values[c] for c in ARTICLE_COLUMNS], article_id))
                cur.execute(sql("DELETE FROM quotes WHERE article_id = ?"), (article_id,))
                cur.execute(sql("DELETE FROM article_speakers WHERE article_id = ?"), (article_id,))
                done.replaced += 1
            else:
                cur.execute(sql(_insert("articles", ARTICLE_COLUMNS) + " RETURNING id"), [values[c] for c in ARTICLE_COLUMNS])
                article_id = cur.fetchone()[0]
                done.added += 1
            if rows.speakers:
                cur.executemany(
                    sql(_insert("article_speakers", SPEAKER_COLUMNS)),
                    [[article_id if c == "article_id" else sp[c] for c in SPEAKER_COLUMNS] for sp in rows.speakers],
                )
            if rows.quotes:
                cur.executemany(
                    sql(_insert("quotes", QUOTE_COLUMNS)),
                    [[article_id if c == "article_id" else q[c] for c in QUOTE_COLUMNS] for q in rows.quotes],
                )
            done.quotes += len(rows.quotes)
        if done.added or done.replaced:
            cur.execute(BUMP_GENERATION)  # the facet columns that processes keep in memory must reload
    return done


def refresh_speakers_of(store: Store) -> float:
    """See ``Store.refresh_speakers``."""
    start = time.perf_counter()
    sql = store.sql
    with store._write() as cur:
        cur.execute(
            "SELECT article_id, sid, name, type, aliases, roles, description, registry_id, registry_name "
            "FROM article_speakers"
        )
        rows = cur.fetchall()
        cur.execute(
            "SELECT article_id, speaker_sid, count(*) FROM quotes WHERE speaker_sid IS NOT NULL "
            "GROUP BY article_id, speaker_sid"
        )
        quote_counts = {(a, s): n for a, s, n in cur.fetchall()}
        docs: dict[int, dict[str, Any]] = {}
        stored: dict[tuple[int, str], tuple[str | None, str | None, str | None]] = {}
        for aid, sid, name, typ, aliases, roles, description, rid, rname in rows:
            doc = docs.setdefault(aid, {"id": str(aid), "speakers": [], "quotes": [], "error": None})
            doc["speakers"].append({
                "id": sid, "name": name, "type": typ, "aliases": json.loads(aliases), "roles": json.loads(roles),
                "description": description,
            })
            doc["quotes"].extend({"speaker": {"id": sid}} for _ in range(quote_counts.get((aid, sid), 0)))
            stored[(aid, sid)] = (rid, rname, name)
        registry = build_registry(docs[k] for k in sorted(docs))
        entry_name = {e.id: e.name for e in registry.entries}
        changed_speakers, changed_quotes = [], []
        for (aid, sid), (rid, rname, name) in stored.items():
            new_id = registry.lookup(str(aid), sid)
            new_name = entry_name.get(new_id) if new_id else None
            if (new_id, new_name) != (rid, rname):
                changed_speakers.append((new_id, new_name, aid, sid))
                changed_quotes.append((new_id, new_name, search_names(name, new_name), aid, sid))
        if changed_speakers:
            cur.executemany(
                sql("UPDATE article_speakers SET registry_id = ?, registry_name = ? WHERE article_id = ? AND sid = ?"),
                changed_speakers,
            )
            # unnamed speakers are never registered, so their quotes (and their mention words) are not touched
            cur.executemany(
                sql(
                    "UPDATE quotes SET registry_id = ?, registry_name = ?, search_names = ? "
                    "WHERE article_id = ? AND speaker_sid = ?"
                ),
                changed_quotes,
            )
        cur.execute("DELETE FROM speaker_names")
        cur.execute("DELETE FROM speakers")
        entries = [e.to_json() for e in registry.entries]
        if entries:
            cur.executemany(
                sql(
                    "INSERT INTO speakers (id, name, type, aliases, roles, descriptions, documents, quotes) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                ),
                [
                    (e["id"], e["name"], e["type"], json.dumps(e["aliases"], ensure_ascii=False),
                     json.dumps(e["roles"], ensure_ascii=False), json.dumps(e["descriptions"], ensure_ascii=False),
                     e["documents"], e["quotes"])
                    for e in entries
                ],
            )
            keys = {(name_key(n), e["id"]) for e in entries for n in [e["name"], *e["aliases"]] if n and name_key(n)}
            cur.executemany(sql("INSERT INTO speaker_names (name_key, speaker_id) VALUES (?, ?)"), sorted(keys))
        cur.execute(BUMP_GENERATION)  # registry ids and names may have changed: facet columns in memory reload
    return time.perf_counter() - start


def name_key(name: str) -> str:
    """A name as ``--speaker`` matches it: folded (case and accents), spaces collapsed."""
    return " ".join(fold(name).replace("’", "'").split())
