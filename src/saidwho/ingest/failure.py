"""What ingestion yields when one input cannot become an Article, and the counters it fills."""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass

from ..errors import SaidwhoError

# Keys ``iter_documents`` increments in the caller's ``stats`` mapping.
FILES = "files"  # files opened (a JSONL file counts once)
DOCUMENTS = "documents"  # Articles yielded
FAILURES = "failures"  # IngestFailures yielded
SKIPPED_EXTENSION = "skipped_unsupported_extension"  # files in a directory not ending .txt .text .html .htm .jsonl
SKIPPED_HIDDEN = "skipped_hidden"  # dot-files and dot-directories inside a directory (not descended)
SKIPPED_NOT_FILE = "skipped_not_a_file"  # sockets, FIFOs, broken links inside a directory
BLANK_LINES = "blank_jsonl_lines"  # blank lines in JSONL files, skipped silently (not a "skipped_" reason)

Stats = MutableMapping[str, int]


@dataclass(slots=True)
class IngestFailure:
    """One input that could not be read: its would-be document id, where it came from, and the coded error."""

    id: str
    path: str | None
    format: str
    error: SaidwhoError

    def to_json(self) -> dict[str, str | None]:
        return {"id": self.id, "path": self.path, "format": self.format, **self.error.to_json()}


def bump(stats: Stats | None, key: str, n: int = 1) -> None:
    """Add ``n`` to ``stats[key]`` when the caller asked for counts."""
    if stats is not None:
        stats[key] = stats.get(key, 0) + n
