"""The store's tables, written once for both backends; each backend fills in its own types and full-text index.

    meta              key -> value: schema_version, created_by, created_at, and generation (moved on by every
                      write that changes quotes or speakers, see columns.py)
    articles          one row per page: identity, record id, url, source domain, title, authors (JSON), published
                      (as given) and published_date (YYYY-MM-DD or NULL), text, content hash, the whole record
                      (JSON), number of quotes, when it was ingested
    article_speakers  each article's own speakers (record speaker id, name, type, aliases, roles, description)
                      and the registry id and name they were merged into
    speakers          the cross-document registry: id, canonical name, type, aliases, roles, descriptions,
                      document and quote counts
    speaker_names     every folded name and alias of a registry entry, for the speaker filter
    quotes            one row per quote: article, position and quote id within the record, kind, text, content and
                      cue spans (JSON), first content offset and last, record speaker id and name, how it was
                      found, mention spans and words, registry id and name, the words the full-text index holds
                      for its speaker, confidence, (copied from the article, for filtering) published_date
                      and source, and its snippet (the quote in the article text around it, as search hits show it)
"""

from __future__ import annotations

# {pk}: the auto-increment primary key type; {quote_pk}: the quotes' (the same unless the backend declares their key
# among its extra columns); {real}: a floating-point type.
TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE articles (
    id {pk},
    ident TEXT NOT NULL UNIQUE,
    record_id TEXT NOT NULL,
    url TEXT,
    source TEXT,
    title TEXT,
    authors TEXT NOT NULL,
    published TEXT,
    published_date TEXT,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    record TEXT NOT NULL,
    n_quotes INTEGER NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_record_id ON articles (record_id);
CREATE INDEX articles_source ON articles (source);

CREATE TABLE article_speakers (
    article_id BIGINT NOT NULL REFERENCES articles (id),
    sid TEXT NOT NULL,
    name TEXT,
    type TEXT NOT NULL,
    aliases TEXT NOT NULL,
    roles TEXT NOT NULL,
    description TEXT,
    registry_id TEXT,
    registry_name TEXT,
    PRIMARY KEY (article_id, sid)
);
CREATE INDEX article_speakers_registry ON article_speakers (registry_id);

CREATE TABLE speakers (
    id TEXT PRIMARY KEY,
    name TEXT,
    type TEXT NOT NULL,
    aliases TEXT NOT NULL,
    roles TEXT NOT NULL,
    descriptions TEXT NOT NULL,
    documents INTEGER NOT NULL,
    quotes INTEGER NOT NULL
);

CREATE TABLE speaker_names (
    name_key TEXT NOT NULL,
    speaker_id TEXT NOT NULL,
    PRIMARY KEY (name_key, speaker_id)
);

CREATE TABLE quotes (
    id {quote_pk},
    article_id BIGINT NOT NULL REFERENCES articles (id),
    position INTEGER NOT NULL,
    quote_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    text_folded TEXT,
    content TEXT NOT NULL,
    cue TEXT NOT NULL,
    content_start INTEGER NOT NULL,
    content_end INTEGER NOT NULL,
    speaker_sid TEXT,
    speaker_name TEXT,
    speaker_via TEXT,
    mention TEXT NOT NULL,
    mention_text TEXT,
    registry_id TEXT,
    registry_name TEXT,
    search_names TEXT NOT NULL,
    confidence {real} NOT NULL,
    published_date TEXT,
    source TEXT,
    snippet TEXT NOT NULL,
    UNIQUE (article_id, position){extra_columns}
);
CREATE INDEX quotes_speaker ON quotes (article_id, speaker_sid);
CREATE INDEX quotes_registry ON quotes (registry_id, published_date);
CREATE INDEX quotes_source ON quotes (source, published_date);
CREATE INDEX quotes_published ON quotes (published_date);
"""


def statements(pk: str, real: str, extra_columns: str = "", quote_pk: str | None = None) -> list[str]:
    """The CREATE statements with a backend's types filled in; ``extra_columns`` (with a leading comma) end the
    quotes table's definition."""
    text = TABLES.format(pk=pk, quote_pk=quote_pk or pk, real=real, extra_columns=extra_columns)
    return [s.strip() for s in text.split(";") if s.strip()]
