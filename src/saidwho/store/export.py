"""Writing quote rows (``Store.iter_quotes``) as JSON Lines, CSV or Parquet (the ``parquet`` extra, pyarrow).

One row per quote, the columns in ``COLUMNS``. Spans (content, cue, mention) are lists of ``[start, end]`` pairs:
JSON arrays in JSON Lines, JSON text in CSV, ``list<list<int64>>`` in Parquet. Offsets index the article's text,
which ``Store.article(article_id)`` returns with its record.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from ..errors import MissingExtra

FORMATS = ("jsonl", "csv", "parquet")
COLUMNS = (
    "article_id", "record_id", "url", "source", "title", "published", "published_date", "quote_id", "kind", "text",
    "content", "cue", "speaker_id", "speaker_name", "record_speaker_id", "speaker_mention", "mention", "speaker_via",
    "confidence",
)
SPAN_COLUMNS = ("content", "cue", "mention")
PARQUET_BATCH = 10_000


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps({c: row[c] for c in COLUMNS}, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """CSV with a header row; spans as JSON text, missing values as empty cells."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    n = 0
    for row in rows:
        writer.writerow([
            json.dumps(row[c]) if c in SPAN_COLUMNS else ("" if row[c] is None else row[c]) for c in COLUMNS
        ])
        n += 1
    return n


def read_csv_row(row: dict[str, str]) -> dict[str, Any]:
    """A row read back from ``write_csv`` (``csv.DictReader``), with the types ``iter_quotes`` gives."""
    out: dict[str, Any] = {c: (row[c] if row[c] != "" else None) for c in COLUMNS}
    for c in SPAN_COLUMNS:
        out[c] = json.loads(row[c])
    out["article_id"] = int(row["article_id"])
    out["confidence"] = float(row["confidence"])
    return out


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise MissingExtra("Parquet export needs pyarrow; install it with: pip install 'saidwho[parquet]'") from None
    return pyarrow, pyarrow.parquet


def parquet_schema() -> Any:
    pa, _ = _pyarrow()
    spans = pa.list_(pa.list_(pa.int64()))
    types = {"article_id": pa.int64(), "confidence": pa.float64(), **{c: spans for c in SPAN_COLUMNS}}
    return pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS])


def write_parquet(rows: Iterable[dict[str, Any]], path: str) -> int:
    """A Parquet file at ``path``, written ``PARQUET_BATCH`` rows at a time."""
    pa, pq = _pyarrow()
    schema = parquet_schema()
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
