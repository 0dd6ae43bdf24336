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
]
