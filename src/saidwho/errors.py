"""Coded, actionable errors. Library code raises these; the CLI turns them into messages and exit codes.

Codes are stable: tests and users may match on them. Each message names the input and says how to fix it.
"""

from __future__ import annotations


class SaidwhoError(Exception):
    """Base class: ``code`` is stable, ``message`` says what went wrong and how to fix it."""

    code = "SW000"

    def __init__(self, message: str, *, source: str | None = None):
        self.source = source
        self.message = f"{source}: {message}" if source else message
        super().__init__(f"[{self.code}] {self.message}")

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class EmptyInput(SaidwhoError):
    code = "SW101"


class BinaryInput(SaidwhoError):
    code = "SW102"


class DecodeFailed(SaidwhoError):
    code = "SW103"


class InputTooLarge(SaidwhoError):
    code = "SW104"


class HTMLExtractionFailed(SaidwhoError):
    code = "SW105"


class BadJSONLine(SaidwhoError):
    code = "SW106"


class InputNotFound(SaidwhoError):
    code = "SW107"


class UnsupportedInput(SaidwhoError):
    code = "SW108"


class ModelNotInstalled(SaidwhoError):
    code = "SW201"


class MissingExtra(SaidwhoError):
    code = "SW202"


class ExtractionFailed(SaidwhoError):
    """An unexpected failure inside extraction for one document (a bug): recorded, never fatal to a run."""

    code = "SW301"


class ExtractionTimeout(SaidwhoError):
    code = "SW302"


class BadGoldFile(SaidwhoError):
    code = "SW401"


class BadPeopleList(SaidwhoError):
    code = "SW402"


class BadStoreURL(SaidwhoError):
    """The store address is neither a file path, a sqlite:/// URL nor a postgresql:// URL."""

    code = "SW501"


class StoreUnavailable(SaidwhoError):
    """The store cannot be opened or reached: a file that is not a database, a server that refuses, a lock."""

    code = "SW502"


class StoreNotFound(SaidwhoError):
    """No store exists at the address yet (a command that only reads was given an empty place)."""

    code = "SW503"


class StoreSchemaMismatch(SaidwhoError):
    """The database holds a store of another schema version than this saidwho reads."""

    code = "SW504"


class BadSearchQuery(SaidwhoError):
    """A search or export filter that cannot be used: a malformed date, a negative limit."""

    code = "SW505"


class ReadOnlyServer(SaidwhoError):
    """A request that would write to the store reached a server started with ``--read-only``."""

    code = "SW601"


class RequestTooLarge(SaidwhoError):
    """A paste, upload or request body over the web app's size limit (HTTP 413)."""

    code = "SW602"


class NotFound(SaidwhoError):
    """The web app has no article or speaker with that id, or no such page (HTTP 404)."""

    code = "SW603"


class BadRequest(SaidwhoError):
    """A web request whose parameters or body do not validate (HTTP 400 or 422): a missing field, a wrong type,
    an empty paste."""

    code = "SW604"


class BatchOutputExists(SaidwhoError):
    """``saidwho batch --out DIR`` where DIR already holds a run, without ``--resume``."""

    code = "SW701"


class BatchResumeMismatch(SaidwhoError):
    """``--resume`` on a directory whose run had other inputs or other settings (the shards would not line up)."""

    code = "SW702"


ALL_ERRORS = [
    EmptyInput,
    BinaryInput,
    DecodeFailed,
    InputTooLarge,
    HTMLExtractionFailed,
    BadJSONLine,
    InputNotFound,
    UnsupportedInput,
    ModelNotInstalled,
    MissingExtra,
    ExtractionFailed,
    ExtractionTimeout,
    BadGoldFile,
    BadPeopleList,
    BadStoreURL,
    StoreUnavailable,
    StoreNotFound,
    StoreSchemaMismatch,
    BadSearchQuery,
    ReadOnlyServer,
    RequestTooLarge,
    NotFound,
    BadRequest,
    BatchOutputExists,
    BatchResumeMismatch,
]
