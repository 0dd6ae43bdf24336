"""The store: saidwho records in SQLite (default) or PostgreSQL, with full-text search, facets and export.

    from saidwho.store import open_store

    with open_store("saidwho.db") as store:          # or "postgresql://user@host/dbname"
        report = store.ingest(records)               # an iterable of saidwho/2 records
        page = store.search("river talks", speaker="Teodor Vasquel", since="2026-03")
        for hit in page.hits:
            print(hit.speaker_label, hit.text, hit.url)

See docs/store.md.
"""

from __future__ import annotations

import os

from .base import SCHEMA_VERSION, Store
from .query import SearchQuery
from .records import Rejected
from .results import Facets, Hit, IngestReport, SearchPage, SpeakerDetail
from .url import DEFAULT_DB, ENV_DB, StoreAddress, parse_store_url

__all__ = [
    "DEFAULT_DB",
    "ENV_DB",
    "SCHEMA_VERSION",
    "Facets",
    "Hit",
    "IngestReport",
    "Rejected",
    "SearchPage",
    "SearchQuery",
    "SpeakerDetail",
    "Store",
    "StoreAddress",
    "open_store",
    "parse_store_url",
]


def open_store(
    url: str | os.PathLike[str] | None = None, *, create: bool = True, readers: int | None = None,
    facet_columns: bool = True,
) -> Store:
    """Open the store at ``url``: a path or ``sqlite:///path`` (SQLite), or ``postgresql://…`` (PostgreSQL, needs
    the ``postgres`` extra). None means $SAIDWHO_DB, else ``saidwho.db`` in the working directory. The schema is
    created when missing, unless ``create=False`` (then an empty place raises StoreNotFound, SW503). At most
    ``readers`` threads read at once (default: twice the number of cores); others wait their turn, first come first
    served. ``facet_columns``: keep the facets' columns in memory, loaded at the first search with facets (see
    docs/store.md); False counts facets in SQL, as a short-lived process that searches once may prefer.

    Raises BadStoreURL (SW501), StoreUnavailable (SW502), StoreNotFound (SW503), StoreSchemaMismatch (SW504) or
    MissingExtra (SW202)."""
    address = parse_store_url(url)
    if address.backend == "postgres":
        from .postgres import PostgresStore

        return PostgresStore(address, create=create, readers=readers, facet_columns=facet_columns)
    from .sqlite import SQLiteStore

    return SQLiteStore(address, create=create, readers=readers, facet_columns=facet_columns)
