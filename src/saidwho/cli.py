"""The `saidwho` command: parse arguments, call the library, print. No extraction logic lives here.

Exit codes (documented in docs/cli.md):
  0  success: at least one document was extracted (documents that failed are error records in the output)
  1  nothing was extracted (every document failed, or the paths held no documents), or a fatal error
     (the spaCy model is missing, the output file cannot be written, a bad gold file for `eval`)
  2  usage error (unknown option, missing PATH, bad --max-bytes)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from importlib import resources
from pathlib import Path
from typing import IO, Any

from . import __version__
from .errors import InputNotFound, MissingExtra, ModelNotInstalled, SaidwhoError

EXAMPLE_NAME = "opinion-blog.txt"
FORMATS = ("jsonl", "json", "text")
# Errors that would hit every document alike: abort the run instead of writing one error record per document.
FATAL_CODES = frozenset({ModelNotInstalled.code, MissingExtra.code})

EXIT_OK, EXIT_NOTHING, EXIT_USAGE = 0, 1, 2


class FatalError(Exception):
    """Stops the whole run; carries the error record's code and message."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


# ----------------------------------------------------------------------------------------------- parser


def _byte_size(value: str) -> int:
    """A positive size in bytes, with an optional K, M or G suffix (powers of 1024): 500000, 512K, 20M."""
    text = value.strip().upper().removesuffix("B")
    factor = 1
    if text and text[-1] in "KMG":
        factor = 1024 ** ("KMG".index(text[-1]) + 1)
        text = text[:-1]
    try:
        size = int(text) * factor
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size in bytes: {value!r} (use e.g. 500000, 512K or 20M)") from None
    if size <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {value!r}")
    return size


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="saidwho",
        description="Who said what in news and opinion pages: quotations, cues and speakers with offsets.",
        epilog="Docs: docs/cli.md (commands), docs/schema.md (output records), docs/errors.md (error codes).",
    )
    parser.add_argument("--version", action="version", version=f"saidwho {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ex = sub.add_parser(
        "extract",
        help="extract quotations and speakers from files, directories or stdin",
        description="Extract quotations and speakers from text, HTML or JSONL inputs; one saidwho/2 record "
        "per document. Documents that fail become error records; see docs/errors.md.",
    )
    ex.add_argument("paths", nargs="*", metavar="PATH", help="a file, a directory (read recursively) or - for stdin")
    ex.add_argument("-o", "--output", metavar="FILE", help="write the records to FILE instead of stdout")
    ex.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format: jsonl (default: one record per line), json (one array) or text (for reading); "
        "--example defaults to text",
    )
    ex.add_argument(
        "--max-bytes",
        type=_byte_size,
        default=None,
        metavar="N",
        help="skip (as error SW104) any document larger than N bytes; K/M/G suffixes allowed "
        "(default: saidwho.ingest.DEFAULT_MAX_BYTES)",
    )
    ex.add_argument(
        "--max-chars",
        type=_byte_size,
        default=None,
        metavar="N",
        help="record (as error SW104) any document whose text is longer than N characters instead of "
        "extracting it; K/M/G suffixes allowed (default: saidwho.pipeline.DEFAULT_MAX_CHARS)",
    )
    ex.add_argument(
        "--rules-only",
        action="store_true",
        help="skip the learned tagger: quotations (direct and mixed) only, no indirect speech; about 1.4x faster",
    )
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary on stderr")
    ex.add_argument(
        "--example",
        action="store_true",
        help=f"run on the bundled example page ({EXAMPLE_NAME}) instead of PATHs",
    )
    ex.set_defaults(func=cmd_extract, subparser=ex)

    ev = sub.add_parser(
        "eval",
        help="score extraction against a gold JSONL file (PolNeAR format)",
        description="Score saidwho against gold attributions. Without --system, runs the extractor on each "
        "gold text first.",
    )
    ev.add_argument("gold", metavar="GOLD.jsonl", help="gold attributions, one article per line")
    ev.add_argument("--system", metavar="OUTPUT.jsonl", help="score these saidwho records instead of running extraction")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON instead of a table")
    ev.add_argument(
        "--speakers",
        metavar="DIR",
        help="also score canonical speakers against the label files in DIR (benchmarks/speakers/polnear_dev)",
    )
    ev.add_argument("--speaker-errors", action="store_true", help="with --speakers and --json: list each wrong speaker")
    ev.set_defaults(func=cmd_eval, subparser=ev)

    be = sub.add_parser(
        "bench",
        help="run saidwho and textacy side by side on gold JSONL: scores, speed and memory",
        description="Run each system in turn, in this one process, over the same gold documents (PolNeAR "
        "format); score all with the same scorer and report speed (per core) and peak memory. textacy needs "
        "the bench extra: pip install 'saidwho[bench]'.",
    )
    be.add_argument("gold", metavar="GOLD.jsonl", help="gold attributions, one article per line")
    be.add_argument("--limit", type=_positive_int, default=None, metavar="N", help="only the first N documents")
    be.add_argument("--json", action="store_true", help="print the full scores and speed as JSON instead of a table")
    be.add_argument(
        "--systems",
        type=_systems,
        default="saidwho,textacy",
        metavar="LIST",
        help="comma-separated systems to run, in this order (default: saidwho,textacy)",
    )
    be.set_defaults(func=cmd_bench, subparser=be)

    sp = sub.add_parser(
        "speakers",
        help="merge the speakers of many records into a cross-document registry with stable ids",
        description="Read saidwho records (JSON Lines, as written by saidwho extract) and merge their named "
        "speakers across documents: spelling variants, titles and middle names fold together, namesakes with "
        "other given names stay apart, and an optional people list pins identities.",
    )
    sp.add_argument("records", nargs="+", metavar="RECORDS.jsonl", help="saidwho records, one per line")
    sp.add_argument("--people", metavar="FILE", help="a people list that pins identities: JSON [{id, name, aliases}] or CSV id,name,aliases")
    sp.add_argument("--json", action="store_true", help="print the whole registry as JSON instead of a table")
    sp.add_argument("-o", "--output", metavar="FILE", help="also write the registry as JSON to FILE")
    sp.add_argument("--limit", type=_positive_int, default=50, metavar="N", help="rows in the table (default 50)")
    sp.set_defaults(func=cmd_speakers, subparser=sp)
    _add_store_commands(sub)
    _add_serve_command(sub)
    _add_batch_command(sub)
    return parser


def _add_batch_command(sub: Any) -> None:
    """`batch`: a corpus run on every core, on Ray or on Spark (docs/batch.md)."""
    from .runners.batch import DEFAULT_SHARD_SIZE, ENGINES
    from .runners.document import DEFAULT_TIME_LIMIT

    ba = sub.add_parser(
        "batch",
        help="extract a corpus (directories, JSONL, WARC) on every core, on Ray or on Spark; sharded and resumable",
        description="Extract every document of INPUTs (files, directories, JSONL or JSONL.gz, WARC or WARC.gz) into "
        "sharded output files in DIR (part-NNNNN.jsonl.gz, or .parquet), with a completion marker per shard, "
        "manifest.json and summary.json. A run that was stopped is finished with --resume: the output is then exactly "
        "that of an uninterrupted run. See docs/batch.md.",
    )
    ba.add_argument("inputs", nargs="+", metavar="INPUT", help="a file or a directory (read recursively)")
    ba.add_argument("--out", required=True, metavar="DIR", help="the output directory (created if missing)")
    ba.add_argument("--workers", type=_positive_int, default=None, metavar="N", help="worker processes (default: every core; Ray: the cluster's CPUs)")
    ba.add_argument("--resume", action="store_true", help="finish the run already in DIR: shards marked done are kept, the rest redone")
    ba.add_argument("--engine", choices=ENGINES, default="local", help="local processes (default), ray (the ray extra) or spark (the spark extra)")
    ba.add_argument("--ray-address", metavar="ADDR", default=None, help="with --engine ray: the cluster to join (auto, host:6379, ray://host:10001); default: a running one named by $RAY_ADDRESS, else a new local one")
    ba.add_argument("--format", choices=("jsonl", "parquet"), default=None, help="part files as gzipped JSON Lines (default) or Parquet (the parquet extra); with --resume, the run's own")
    ba.add_argument("--shard-size", type=_positive_int, default=None, metavar="N", help=f"documents per shard (default {DEFAULT_SHARD_SIZE}); fixed for a run: with --resume, the run's own")
    ba.add_argument("--time-limit", type=_seconds, default=DEFAULT_TIME_LIMIT, metavar="SECONDS", help=f"per-document time limit; a document over it becomes error SW302 (default {DEFAULT_TIME_LIMIT:g}; 0: none)")
    ba.add_argument("--max-bytes", type=_byte_size, default=None, metavar="N", help="skip (as error SW104) any document larger than N bytes, as in extract")
    ba.add_argument("--max-chars", type=_byte_size, default=None, metavar="N", help="record (as error SW104) any document whose text is longer than N characters, as in extract")
    ba.add_argument("--rules-only", action="store_true", help="skip the learned tagger, as in extract")
    ba.add_argument("--db", metavar="URL", help="also ingest the records into this store at the end (idempotent); " + DB_HELP.removeprefix("the store: "))
    ba.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    ba.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary on stderr")
    ba.set_defaults(func=cmd_batch, subparser=ba)


def _seconds(value: str) -> float:
    try:
        n = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {value!r}")
    return n


DB_HELP = "the store: a SQLite file path or sqlite:///path, or postgresql://user@host:port/dbname (default: $SAIDWHO_DB, else saidwho.db here)"


def _add_store_commands(sub: Any) -> None:
    """`ingest`, `search` and `export`: the store's commands (docs/store.md)."""
    ing = sub.add_parser(
        "ingest",
        help="store saidwho records (or pages, extracted first) in a searchable database",
        description="Add saidwho records to a store (SQLite by default, or PostgreSQL): record files as saidwho "
        "extract writes them (JSON Lines, optionally .gz, or a JSON array), or text, HTML and JSONL pages, which "
        "are extracted first. Idempotent: records already stored are left as they are, a changed page replaces "
        "its old version. A summary goes to stderr.",
    )
    ing.add_argument("paths", nargs="+", metavar="PATH", help="a record file, a page, a directory (read recursively) or - for stdin")
    ing.add_argument("--db", metavar="URL", help=DB_HELP)
    ing.add_argument("--json", action="store_true", help="print the ingest report as JSON on stdout")
    ing.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    ing.set_defaults(func=cmd_ingest, subparser=ing)

    se = sub.add_parser(
        "search",
        help="full-text search over stored quotes and their speakers",
        description="Find stored quotes by words and \"phrases\" in their text or their speaker's names, best "
        "match first, then newest; with no QUERY, list the quotes the filters select, newest first.",
    )
    se.add_argument("query", nargs="?", default="", metavar="QUERY", help='words and "phrases", all of which must match')
    _add_filters(se)
    se.add_argument("--format", choices=("text", "jsonl", "csv"), default="text", help="output format (default text)")
    se.add_argument("--limit", type=_limit, default=20, metavar="N", help="results per page, 1 to 1000 (default 20)")
    se.add_argument("--offset", type=_non_negative_int, default=0, metavar="N", help="skip the first N results (default 0)")
    se.add_argument("--db", metavar="URL", help=DB_HELP)
    se.set_defaults(func=cmd_search, subparser=se)

    xp = sub.add_parser(
        "export",
        help="write stored quotes as JSON Lines, CSV or Parquet, one row per quote",
        description="Export the stored quotes (all, or those a --query and the filters select), one row per quote "
        "with its article and speaker. Parquet needs the parquet extra: pip install 'saidwho[parquet]'.",
    )
    xp.add_argument("--format", choices=("jsonl", "csv", "parquet"), default="jsonl", help="output format (default jsonl)")
    xp.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout (required for parquet)")
    xp.add_argument("--query", default="", metavar="TEXT", help='only quotes matching these words and "phrases"')
    _add_filters(xp)
    xp.add_argument("--db", metavar="URL", help=DB_HELP)
    xp.set_defaults(func=cmd_export, subparser=xp)


def _add_serve_command(sub: Any) -> None:
    """`serve`: the web app (docs/web.md)."""
    sv = sub.add_parser(
        "serve",
        help="run the web app: search, articles with highlighted quotes, speakers, analyze, JSON API",
        description="Serve a store in the browser: full-text search with facets, each article with its quotes in "
        "their speakers' colours, speaker pages, an analyze page for pasted or uploaded pages, and a JSON API "
        "(/api/…, described at /docs). Needs the web extra: pip install 'saidwho[web]'.",
    )
    sv.add_argument("--db", metavar="URL", help=DB_HELP)
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    sv.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000)")
    sv.add_argument("--read-only", action="store_true", help="refuse every write: no ingest, no saving analyzed pages (for public deployments)")
    sv.add_argument("--max-upload", type=_megabytes, default=5.0, metavar="MB", help="largest paste, upload or API body in megabytes (default 5); larger ones get 413")
    sv.add_argument("--example", action="store_true", help="load the bundled example pages first (into a temporary store unless --db is given)")
    sv.add_argument("--workers", type=_positive_int, default=1, metavar="N", help="worker processes (default 1); more serve more requests at once on more cores")
    sv.add_argument("--readers", type=_positive_int, default=None, metavar="N", help="searches each worker process runs at once; the rest queue, first come first served (default: 2 per core with one worker; with several, the cores shared among them, at least 1)")
    sv.add_argument("--access-log", action="store_true", help="log every request on stderr (off by default: it costs time under load)")
    sv.set_defaults(func=cmd_serve, subparser=sv)


def _port(value: str) -> int:
    n = _non_negative_int(value)
    if not 0 < n < 65536:
        raise argparse.ArgumentTypeError(f"not a port number (1-65535): {value!r}")
    return n


def _megabytes(value: str) -> float:
    try:
        n = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 < n <= 1024:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most 1024: {value!r}")
    return n


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--speaker", metavar="NAME", help="only this speaker: a registry id (p:sergei-lavrov) or any of its names")
    parser.add_argument("--source", metavar="DOMAIN", help="only pages from this domain (and its subdomains)")
    parser.add_argument("--since", type=_date("since"), metavar="DATE", help="only pages published on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)")
    parser.add_argument("--until", type=_date("until"), metavar="DATE", help="only pages published on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD)")


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {value!r}")
    return n


def _non_negative_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {value!r}")
    return n


def _limit(value: str) -> int:
    from .store.query import MAX_LIMIT

    n = _positive_int(value)
    if n > MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"at most {MAX_LIMIT}: {value!r}")
    return n


def _date(which: str) -> Any:
    """An argparse type: a date as YYYY, YYYY-MM or YYYY-MM-DD, kept as given."""

    def check(value: str) -> str:
        from .errors import BadSearchQuery
        from .store.query import parse_day

        try:
            parse_day(value, end=which == "until")
        except BadSearchQuery as exc:
            raise argparse.ArgumentTypeError(exc.message) from None
        return value

    return check


def _systems(value: str) -> tuple[str, ...]:
    from .eval.bench import parse_systems

    try:
        return parse_systems(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


# ----------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if not getattr(args, "func", None):
        parser.print_usage(sys.stderr)
        print("saidwho: error: choose a command (extract, batch, eval, bench, speakers, ingest, search, export, serve); see saidwho --help", file=sys.stderr)
        return EXIT_USAGE
    try:
        return args.func(args, args.subparser)
    except SystemExit as exc:  # parser.error() from a command's own argument checks
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except SaidwhoError as exc:
        return _fail(exc.code, exc.message)
    except FatalError as exc:
        return _fail(exc.code, exc.message)
    except OSError as exc:  # an output file that cannot be written, a gold file that cannot be read
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        return _fail(None, f"{where}{exc.strerror or exc}")
    except KeyboardInterrupt:
        print("saidwho: interrupted", file=sys.stderr)
        return 130


def _fail(code: str | None, message: str) -> int:
    label = f"error [{code}]" if code else "error"
    print(f"saidwho: {label}: {message}", file=sys.stderr)
    return EXIT_NOTHING


# ----------------------------------------------------------------------------------------------- extract


def cmd_extract(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.example and args.paths:
        parser.error("give either PATHs or --example, not both")  # exits 2 (caught in main via SystemExit)
    if not args.example and not args.paths:
        parser.error("extract needs at least one PATH (a file, a directory or -), or --example")
    fmt = args.format or ("text" if args.example else "jsonl")

    from . import ingest, pipeline
    from .model import Article, error_record

    max_bytes = args.max_bytes or ingest.DEFAULT_MAX_BYTES
    stats: dict[str, int] = {}
    counts: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    show_progress = not args.quiet and _isatty(sys.stderr)

    def documents() -> Iterator[Any]:
        if args.example:  # the bundled page, with its file name as id wherever saidwho is installed
            data = (resources.files("saidwho") / "examples" / EXAMPLE_NAME).read_bytes()
            yield ingest.article_from_input(data, id=EXAMPLE_NAME, format="text", max_bytes=max_bytes)
            return
        paths = list(args.paths)
        stdin = _binary_stdin() if "-" in paths else None
        yield from ingest.iter_documents(paths, max_bytes=max_bytes, stdin=stdin, stats=stats)

    with ExitStack() as stack:
        out = stack.enter_context(open(args.output, "w", encoding="utf-8")) if args.output else sys.stdout
        writer = _WRITERS[fmt](out)

        def records() -> Iterator[dict[str, Any]]:
            for item in documents():
                if isinstance(item, Article):
                    rec = pipeline.extract_article(
                        item, max_chars=args.max_chars or pipeline.DEFAULT_MAX_CHARS, rules_only=args.rules_only
                    )
                    if rec["error"] and rec["error"]["code"] in FATAL_CODES:
                        raise FatalError(rec["error"]["code"], rec["error"]["message"])
                else:  # an IngestFailure: the input could not be read as a document
                    err = item.error
                    rec = error_record(item.id, err.code, err.message, path=item.path, fmt=item.format or "text")
                yield rec

        try:
            for rec in records():
                counts["documents"] += 1
                if rec["error"]:
                    errors[rec["error"]["code"]] += 1
                else:
                    counts["ok"] += 1
                    counts["quotes"] += len(rec["quotes"])
                writer.write(rec)
                if show_progress:
                    _progress(counts, errors)
            writer.close()
        except BrokenPipeError:  # e.g. `saidwho extract ... | head`: stop quietly
            _silence_stdout()
            return EXIT_OK
        finally:
            if show_progress:
                sys.stderr.write("\r\033[K")
                sys.stderr.flush()

    if not args.quiet:
        print(_summary(counts, errors, stats, args.output), file=sys.stderr)
    if counts["ok"] == 0:
        if counts["documents"] == 0:
            print("saidwho: error: no documents found in the given paths", file=sys.stderr)
        return EXIT_NOTHING
    return EXIT_OK


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _binary_stdin() -> Any:
    return getattr(sys.stdin, "buffer", sys.stdin)


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _progress(counts: Counter[str], errors: Counter[str]) -> None:
    sys.stderr.write(
        f"\rsaidwho: {_plural(counts['documents'], 'document')}, {_plural(counts['quotes'], 'quote')}, "
        f"{_plural(sum(errors.values()), 'error')}\033[K"
    )
    sys.stderr.flush()


def _summary(counts: Counter[str], errors: Counter[str], stats: dict[str, Any], output: str | None) -> str:
    n_err = sum(errors.values())
    line = (
        f"saidwho: {_plural(counts['documents'], 'document')}, {_plural(counts['quotes'], 'quote')}, "
        f"{_plural(n_err, 'error')}"
    )
    if n_err:
        line += " (" + ", ".join(f"{code}: {n}" for code, n in sorted(errors.items())) + ")"
    # ingest counts skips under "skipped_<reason>" keys (other keys, such as "files", are not skips)
    skipped = {
        str(k).removeprefix("skipped_").replace("_", " "): v
        for k, v in stats.items()
        if str(k).startswith("skipped") and isinstance(v, int) and v > 0
    }
    if skipped:
        line += "; skipped " + ", ".join(f"{reason}: {n}" for reason, n in sorted(skipped.items()))
    if output:
        line += f"; written to {output}"
    return line


# ----------------------------------------------------------------------------------------------- writers


def _utf8(stream: IO[str]) -> bool:
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "")
    return encoding == "utf8"


class _JSONLWriter:
    def __init__(self, out: IO[str]):
        self.out = out
        self.ascii = not _utf8(out)

    def write(self, rec: dict[str, Any]) -> None:
        self.out.write(json.dumps(rec, ensure_ascii=self.ascii) + "\n")
        self.out.flush()

    def close(self) -> None:
        self.out.flush()


class _JSONWriter:
    """A pretty JSON array, written record by record so memory stays flat on large runs."""

    def __init__(self, out: IO[str]):
        self.out = out
        self.ascii = not _utf8(out)
        self.n = 0

    def write(self, rec: dict[str, Any]) -> None:
        body = json.dumps(rec, ensure_ascii=self.ascii, indent=2)
        body = "\n".join("  " + line for line in body.splitlines())
        self.out.write(("[\n" if self.n == 0 else ",\n") + body)
        self.n += 1

    def close(self) -> None:
        self.out.write("[]\n" if self.n == 0 else "\n]\n")
        self.out.flush()


OPEN_QUOTES = "\"“‘'«„"


def quote_line(rec: dict[str, Any], quote: dict[str, Any]) -> str:
    """One quotation as `Speaker Name — “quote text” (kind)`; an unnamed speaker shows its mention."""
    from .model import spans_text

    speaker = quote.get("speaker")
    if speaker and speaker.get("name"):
        who = speaker["name"]
    elif speaker and speaker.get("mention"):
        mention = spans_text(rec["text"], speaker["mention"])
        entry = next((sp for sp in rec.get("speakers") or [] if sp.get("id") == speaker.get("id")), None)
        if entry and entry.get("aliases") and mention.strip().lower() in ("that", "which", "who", "he", "she", "they", "it"):
            mention = entry["aliases"][0]  # "a government that promised …": name the antecedent, not "that"
        who = f"(unnamed: {' '.join(mention.split())})"
    else:
        who = "(no speaker)"
    said = " ".join(str(quote.get("text") or "").split())
    if quote.get("kind") != "indirect" and not any(ch in said for ch in OPEN_QUOTES):
        said = f"“{said}”"  # a mixed clause that carries its own marks is shown as it stands
    return f"{who} — {said} ({quote.get('kind', '?')})"


def voice_line(rec: dict[str, Any], most: int = 4) -> str:
    """`voice: author (Jane Doe, byline) 52% · Teodor Vasquel 23% · … · unattributed 4%`."""
    v = rec["voice"]
    names = {sp.get("id"): sp.get("name") or sp.get("description") or sp.get("id") for sp in rec.get("speakers") or []}
    who = f" ({v['author']}, {v['author_source']})" if v.get("author") else ""
    parts = [f"author{who} {v['author_share']:.0%}"]
    parts += [f"{names.get(s['id'], s['id'])} {s['share']:.0%}" for s in v["speakers"][:most]]
    rest = sum(s["share"] for s in v["speakers"][most:])
    if rest:
        parts.append(f"{len(v['speakers']) - most} more {rest:.0%}")
    if v.get("unattributed_share"):
        parts.append(f"unattributed {v['unattributed_share']:.0%}")
    return "voice: " + " · ".join(parts)


class _TextWriter:
    """For reading: a header per document, then one line per quotation (or the error)."""

    def __init__(self, out: IO[str]):
        self.out = out
        self.n = 0
        if not _utf8(out) and hasattr(out, "reconfigure"):
            try:
                out.reconfigure(errors="replace")
            except (ValueError, OSError):
                pass

    def write(self, rec: dict[str, Any]) -> None:
        lines = [] if self.n == 0 else [""]
        title = " ".join((rec.get("title") or "").split())
        lines.append(f"== {rec['id']}" + (f": {title}" if title else "") + " ==")
        if rec.get("error"):
            lines.append(f"  error [{rec['error']['code']}]: {rec['error']['message']}")
        elif not rec["quotes"]:
            lines.append("  (no quotations found)")
        else:
            lines.extend("  " + quote_line(rec, q) for q in rec["quotes"])
        if rec.get("voice") and not rec.get("error"):
            lines.append("  " + voice_line(rec))
        self.out.write("\n".join(lines) + "\n")
        self.out.flush()
        self.n += 1

    def close(self) -> None:
        self.out.flush()


_WRITERS = {"jsonl": _JSONLWriter, "json": _JSONWriter, "text": _TextWriter}


# ----------------------------------------------------------------------------------------------- eval


def cmd_eval(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from . import eval as evaluation
    from .eval.speakers import format_speakers, load_labels

    labels = None
    if args.speakers:
        if not Path(args.speakers).is_dir():
            raise InputNotFound(f"{args.speakers}: no such directory of speaker labels")
        labels = load_labels(args.speakers)
    opts = {"speaker_labels": labels, "speaker_errors": args.speaker_errors}
    if args.system:
        result = evaluation.run_eval(args.gold, args.system, **opts)
    else:
        import saidwho

        result = evaluation.run_eval(
            args.gold, None, extract_fn=lambda text, id, authors: saidwho.extract(text, id=id, format="text", authors=authors), **opts
        )
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    else:
        print(evaluation.format_table(result))
        if labels is not None:
            print()
            print(format_speakers(result["speakers"]))
    return EXIT_OK


# ----------------------------------------------------------------------------------------------- bench


def cmd_bench(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from .eval.bench import format_bench, run_bench

    systems = args.systems if isinstance(args.systems, tuple) else _systems(args.systems)
    progress = _bench_progress if _isatty(sys.stderr) else None
    try:
        result = run_bench(args.gold, systems, limit=args.limit, progress=progress)
    finally:
        if progress:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    else:
        print(format_bench(result))
    return EXIT_OK


# ----------------------------------------------------------------------------------------------- speakers


def cmd_speakers(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from .eval.run import read_utf8
    from .speakers.registry import build_registry, format_registry, load_people

    people = load_people(args.people) if args.people else None
    records: list[dict[str, Any]] = []
    skipped = Counter()
    for path in args.records:
        p = Path(path)
        content = read_utf8(p, "records")
        stripped = content.lstrip()
        chunks = [json.dumps(x) for x in _json_array(stripped)] if stripped.startswith("[") else content.splitlines()
        for lineno, line in enumerate(chunks, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                skipped["not JSON"] += 1
                print(f"saidwho speakers: {p}: line {lineno}: not valid JSON, skipped", file=sys.stderr)
                continue
            if not isinstance(rec, dict) or not isinstance(rec.get("speakers", []), list):
                skipped["not a record"] += 1
                print(f"saidwho speakers: {p}: line {lineno}: not a saidwho record, skipped", file=sys.stderr)
                continue
            if rec.get("error"):
                skipped["error records"] += 1
                continue
            records.append(rec)
    reg = build_registry(records, people)
    out = reg.to_json()
    out["documents"] = len(records)
    out["skipped"] = dict(skipped)
    if args.output:  # an OSError here is reported by main() with the file name
        Path(args.output).write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(out, indent=1, ensure_ascii=False))
    else:
        print(format_registry(reg, args.limit))
    note = ", ".join(f"{n} {why}" for why, n in sorted(skipped.items()))
    print(f"saidwho speakers: {len(records)} documents, {len(reg.entries)} entries" + (f"; skipped: {note}" if note else ""), file=sys.stderr)
    return EXIT_OK if records else EXIT_NOTHING


def _json_array(text: str) -> list[Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return []
    return data if isinstance(data, list) else []


def _bench_progress(system: str, done: int, total: int) -> None:
    sys.stderr.write(f"\rsaidwho bench: {system} {done}/{total}\033[K")
    sys.stderr.flush()


# ----------------------------------------------------------------------------------------------- batch


def cmd_batch(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    import os

    from . import ingest, pipeline
    from .runners.batch import BatchConfig, run_batch, summary_line
    from .runners.document import Options

    if args.ray_address and args.engine != "ray":
        parser.error("--ray-address needs --engine ray")
    options = Options(
        max_bytes=args.max_bytes or ingest.DEFAULT_MAX_BYTES,
        max_chars=args.max_chars or pipeline.DEFAULT_MAX_CHARS,
        rules_only=args.rules_only,
        time_limit=args.time_limit,
    )
    config = BatchConfig(
        inputs=list(args.inputs), out=args.out, engine=args.engine, workers=args.workers, resume=args.resume,
        format=args.format, shard_size=args.shard_size, options=options, db=args.db,
        ray_address=args.ray_address or os.environ.get("RAY_ADDRESS") or None,
        progress=not args.quiet and _isatty(sys.stderr),
    )
    summary = run_batch(config)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    if not args.quiet:
        print(summary_line(summary), file=sys.stderr)
    return EXIT_OK if summary["processed"] else EXIT_NOTHING


# ----------------------------------------------------------------------------------------------- store


def cmd_serve(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from .web import require_web
    from .web.serve import serve

    require_web()
    return serve(
        args.db, host=args.host, port=args.port, read_only=args.read_only, max_upload=int(args.max_upload * 1_000_000),
        example=args.example, workers=args.workers, readers=args.readers, access_log=args.access_log,
    )


def cmd_ingest(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from .store import open_store
    from .store.inputs import PAGES, iter_inputs

    stats: dict[str, int] = {}
    with open_store(args.db) as store:
        stdin = _binary_stdin() if "-" in args.paths else None
        report = store.ingest(iter_inputs(args.paths, stdin=stdin, stats=stats))
        counts = store.counts()
    if args.json:
        print(json.dumps({**report.to_json(), "store": counts}, ensure_ascii=False))
    if not args.quiet:
        line = f"saidwho ingest: {report.summary()}"
        if stats.get(PAGES):
            line += f"; {_plural(stats[PAGES], 'page')} extracted"
        files = {k.removeprefix("skipped_").replace("_", " "): v for k, v in stats.items() if k.startswith("skipped_") and v}
        if files:
            line += "; files skipped: " + ", ".join(f"{why}: {n}" for why, n in sorted(files.items()))
        print(line, file=sys.stderr)
        for reason, places in sorted(report.examples.items()):
            n = report.skipped[reason]
            shown = ", ".join(places[:5]) + (f" and {n - 5} more" if n > 5 else "")
            print(f"saidwho ingest: skipped ({reason}): {shown}", file=sys.stderr)
        print(
            f"saidwho ingest: the store now holds {_plural(counts['articles'], 'article')}, "
            f"{_plural(counts['quotes'], 'quote')}, {_plural(counts['speakers'], 'speaker')} ({store.address.shown})",
            file=sys.stderr,
        )
    return EXIT_OK if report.stored else EXIT_NOTHING


def _search_query(args: argparse.Namespace, text: str, limit: int = 20, offset: int = 0) -> Any:
    from .store import SearchQuery

    return SearchQuery(
        text=text, speaker=args.speaker, source=args.source, since=args.since, until=args.until, limit=limit, offset=offset
    )


def cmd_search(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from .store import open_store
    from .store.display import page_summary, write_page

    query = _search_query(args, args.query, args.limit, args.offset)
    with open_store(args.db, create=False) as store:
        page = store.search(query)
    try:
        write_page(page, args.format, sys.stdout)
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    print(f"saidwho search: {page_summary(page)}", file=sys.stderr)
    return EXIT_OK if page.total else EXIT_NOTHING


def cmd_export(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from .store import export, open_store

    if args.format == "parquet" and not args.output:
        parser.error("--format parquet needs -o FILE (Parquet is not written to a terminal)")
    if args.format == "parquet":
        export.parquet_schema()  # a missing pyarrow stops here (SW202), before the store is read
    query = _search_query(args, args.query)
    with open_store(args.db, create=False) as store:
        rows = store.iter_quotes(query)
        if args.format == "parquet":
            n = export.write_parquet(rows, args.output)
        else:
            write = export.write_jsonl if args.format == "jsonl" else export.write_csv
            with ExitStack() as stack:
                out = stack.enter_context(open(args.output, "w", encoding="utf-8", newline="")) if args.output else sys.stdout
                try:
                    n = write(rows, out)
                    out.flush()
                except BrokenPipeError:
                    _silence_stdout()
                    return EXIT_OK
    where = f" to {args.output}" if args.output else ""
    print(f"saidwho export: {_plural(n, 'quote')} written{where}", file=sys.stderr)
    return EXIT_OK
