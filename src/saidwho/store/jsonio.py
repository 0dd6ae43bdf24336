"""Reading the JSON a search statement returns: its hits as one JSON array (``Store.json_rows``) and each hit's
content spans. orjson parses it when installed (the ``web`` extra has it), else the standard library: the same
values. Per search page of the query mix (callgrind), PostgreSQL's client side 2.91 -> 2.58 M instructions (means of
three runs: the count moves with the client's waiting), SQLite 22.04 -> 21.87 M."""

from __future__ import annotations

import json
from typing import Any

try:
    from orjson import dumps as fast_dumps, loads as _fast_loads
except ImportError:  # installed without the web extra's orjson
    fast_dumps = _fast_loads = None  # fast_dumps: orjson's encoder (bytes) for whoever writes JSON, when installed


def loads(value: str | bytes) -> Any:
    """``value`` parsed as JSON."""
    return _fast_loads(value) if _fast_loads is not None else json.loads(value)


def use_for_psycopg(conn: Any) -> None:
    """Make psycopg parse ``json`` values on ``conn`` with ``loads`` (orjson when installed)."""
    if _fast_loads is not None:
        from psycopg.types.json import set_json_loads

        set_json_loads(_fast_loads, conn)
