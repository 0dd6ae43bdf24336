"""Shared by the store tests: hand-built saidwho/2 records and the store fixtures, one per backend.

PostgreSQL tests read a server URL from SAIDWHO_TEST_PG_URL (.ci/run starts a throwaway server and sets it). Without
it they are skipped with the reason shown, except under CI (env CI set), where a missing server is a failure. Each
PostgreSQL test gets its own schema, dropped afterwards, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from saidwho.model import SCHEMA_VERSION
from saidwho.store import Store, open_store

PG_ENV = "SAIDWHO_TEST_PG_URL"


def make_record(
    rid: str,
    quotes: list[tuple[str | None, str, str]],
    *,
    url: str | None = None,
    published: str | None = None,
    title: str | None = None,
    roles: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """A valid saidwho/2 record whose text is built from ``quotes``: (speaker name or None for "a spokesman",
    quoted words, kind). A direct quote reads ``“words,” Name said.``; an indirect one ``Name said that words.``
    Offsets, speaker ids and mentions are computed, so records are as the extractor would write them."""
    text = f"{title}\n\n" if title else ""
    speakers: dict[str | None, dict[str, Any]] = {}
    out_quotes = []
    for k, (name, said, kind) in enumerate(quotes, 1):
        who = name or "a spokesman"
        if kind == "indirect":
            ms = len(text)
            text += who
            me = len(text)
            text += " "
            cs_ = len(text)
            text += "said"
            ce_ = len(text)
            text += " that "
            start = len(text)
            text += said
            end = len(text)
            text += ". "
        else:
            text += "“"
            start = len(text)
            text += said
            end = len(text)
            text += ",” "
            ms = len(text)
            text += who
            me = len(text)
            text += " "
            cs_ = len(text)
            text += "said"
            ce_ = len(text)
            text += ". "
        if name not in speakers:
            sid = f"s{len(speakers) + 1}"
            speakers[name] = {
                "id": sid,
                "name": name,
                "type": "person" if name else "unknown",
                "aliases": [name] if name else [],
                "roles": (roles or {}).get(name or "", []),
                "description": None if name else who,
            }
        sp = speakers[name]
        out_quotes.append({
            "id": f"q{k}",
            "kind": kind,
            "content": [[start, end]],
            "text": said,
            "cue": [[cs_, ce_]],
            "speaker": {"id": sp["id"], "name": name, "mention": [[ms, me]], "via": "name" if name else "unnamed"},
            "confidence": 0.9,
        })
    text = text.rstrip()
    return {
        "schema": SCHEMA_VERSION,
        "id": rid,
        "url": url,
        "title": title,
        "authors": [],
        "published": published,
        "format": "text",
        "text": text,
        "body": [[0, len(text)]],
        "quotes": out_quotes,
        "speakers": list(speakers.values()),
        "voice": None,
        "error": None,
    }


def pg_url() -> str:
    """The test server's URL, or skip (fail under CI) when there is none."""
    url = os.environ.get(PG_ENV, "").strip()
    ci = bool(os.environ.get("CI"))
    if not url:
        reason = f"PostgreSQL tests need a server: set {PG_ENV}=postgresql://user@127.0.0.1:PORT/dbname (.ci/run does)"
        if ci:
            pytest.fail(f"CI is set but {PG_ENV} is not: {reason}")
        pytest.skip(reason)
    try:
        import psycopg  # noqa: F401
    except ImportError:
        reason = "PostgreSQL tests need psycopg: pip install -e '.[postgres]'"
        if ci:
            pytest.fail(reason)
        pytest.skip(reason)
    return url


def _with_search_path(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh store address for each backend: a SQLite file, or a new schema in the test PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    import psycopg

    base = pg_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield _with_search_path(base, schema)
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as s:
        yield s
