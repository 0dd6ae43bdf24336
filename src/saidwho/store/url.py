"""Where a store lives: a file path or ``sqlite:///`` URL (SQLite), or a ``postgresql://`` URL (PostgreSQL).

Kept apart from the backends so that choosing one never imports the other's driver.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from ..errors import BadStoreURL

DEFAULT_DB = "saidwho.db"  # in the working directory
ENV_DB = "SAIDWHO_DB"  # the store to use when none is given (CLI --db, open_store(None))
POSTGRES_SCHEMES = ("postgresql", "postgres")


@dataclass(frozen=True, slots=True)
class StoreAddress:
    """A parsed store address: the backend, what its driver is given, and a form safe to print (no password)."""

    backend: str  # "sqlite" | "postgres"
    target: str  # the file path for SQLite, the connection URL for PostgreSQL
    shown: str


def resolve(url: str | os.PathLike[str] | None) -> str:
    """The address to use: ``url`` when given, else $SAIDWHO_DB, else ``saidwho.db`` in the working directory."""
    if url is not None and str(url).strip():
        return os.fspath(url).strip()
    return os.environ.get(ENV_DB, "").strip() or DEFAULT_DB


def parse_store_url(url: str | os.PathLike[str] | None) -> StoreAddress:
    """Parse a store address; raises BadStoreURL (SW501) for anything else.

    - ``saidwho.db``, ``data/quotes.db``, ``/abs/path.db``: a SQLite file.
    - ``sqlite:///relative.db``, ``sqlite:////abs/path.db``: the same as a URL (three slashes, then the path).
    - ``postgresql://user:password@host:port/dbname`` (or ``postgres://``): a PostgreSQL database (libpq URL,
      query parameters such as ``?sslmode=require`` allowed).
    """
    text = resolve(url)
    if "://" not in text:
        if text == ":memory:":
            raise BadStoreURL(
                "an in-memory SQLite store is not supported (each thread would see its own empty database); "
                "give a file path such as saidwho.db"
            )
        return StoreAddress("sqlite", text, text)
    scheme = text.split("://", 1)[0].lower()
    if scheme == "sqlite":
        path = text[len("sqlite:///") :] if text.lower().startswith("sqlite:///") else ""
        if not path or path == ":memory:":
            raise BadStoreURL(
                f"{text!r} names no file; write sqlite:///relative/path.db or sqlite:////absolute/path.db"
            )
        return StoreAddress("sqlite", path, text)
    if scheme in POSTGRES_SCHEMES:
        return StoreAddress("postgres", text, _without_password(text))
    raise BadStoreURL(
        f"unknown store address {_without_password(text)!r}: give a file path (saidwho.db), sqlite:///path.db "
        "or postgresql://user@host:port/dbname"
    )


def _without_password(url: str) -> str:
    """The URL with its password replaced by ***, for messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.split("://", 1)[0] + "://…"
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    netloc = f"{parts.username or ''}:***@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
