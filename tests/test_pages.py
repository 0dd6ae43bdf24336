"""Table-driven specification of the extractor: hand-written pages in tests/pages/ and what a careful
human annotator expects from each (format and semantics: tests/pages/README.md).

``test_page`` runs the extractor (loads spaCy) and is marked slow. ``test_fixture_is_consistent`` only
reads the fixtures and is fast, so the slow mark is set per test rather than with a module-level
``pytestmark`` (which would also mark the consistency check slow).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

PAGES_DIR = Path(__file__).parent / "pages"
PAGE_SUFFIXES = (".txt", ".html")
QUOTE_KINDS = ("direct", "mixed")
TOP_KEYS = {"case", "quotes", "not_quotes", "count"}
QUOTE_KEYS = {"contains", "kind", "speaker", "mention"}
MIN_PAGES = 45

PAGES = sorted(p for p in PAGES_DIR.iterdir() if p.suffix in PAGE_SUFFIXES)


def _read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as fh:  # verbatim: offsets index this exact text
        return fh.read()


def _expected(page: Path) -> dict[str, Any]:
    return json.loads(_read(page.with_suffix(".json")))


def _visible_text(page: Path) -> str:
    """The page as a reader sees it: HTML tags removed and entities decoded (a rough stand-in for the
    extracted text, good enough to check that expectation strings exist and do not straddle a tag)."""
    raw = _read(page)
    if page.suffix == ".html":
        raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S | re.I)
        raw = html.unescape(re.sub(r"<[^>]+>", " ", raw))
    return raw


# ---------------------------------------------------------------------------------------------------
# Fast: the fixtures themselves are well formed and self-consistent.


def test_there_are_enough_pages():
    assert len(PAGES) >= MIN_PAGES, f"expected at least {MIN_PAGES} pages in {PAGES_DIR}, found {len(PAGES)}"


def test_every_json_has_a_page():
    stems = {p.stem for p in PAGES}
    orphans = sorted(j.name for j in PAGES_DIR.glob("*.json") if j.stem not in stems)
    assert not orphans, f"expectation files without a .txt/.html page: {orphans}"


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_fixture_is_consistent(page: Path):
    problems: list[str] = []
    json_path = page.with_suffix(".json")
    assert json_path.exists(), f"{page.name} has no {json_path.name}"
    try:
        exp = _expected(page)
    except json.JSONDecodeError as exc:
        pytest.fail(f"{json_path.name} is not valid JSON: {exc}")
    text = _visible_text(page)

    unknown = set(exp) - TOP_KEYS
    if unknown:
        problems.append(f"unknown top-level keys {sorted(unknown)}")
    if not isinstance(exp.get("case"), str) or not exp["case"].strip():
        problems.append("'case' must be a non-empty one-line string")
    elif "\n" in exp["case"]:
        problems.append("'case' must be one line")
    quotes = exp.get("quotes")
    not_quotes = exp.get("not_quotes", [])
    if not isinstance(quotes, list):
        problems.append("'quotes' must be a list")
        quotes = []
    if not isinstance(not_quotes, list) or not all(isinstance(n, str) and n for n in not_quotes):
        problems.append("'not_quotes' must be a list of non-empty strings")
        not_quotes = []

    for i, q in enumerate(quotes):
        where = f"quotes[{i}]"
        if not isinstance(q, dict):
            problems.append(f"{where} is not an object")
            continue
        if set(q) - QUOTE_KEYS:
            problems.append(f"{where} has unknown keys {sorted(set(q) - QUOTE_KEYS)}")
        contains = q.get("contains")
        if not isinstance(contains, str) or not contains:
            problems.append(f"{where}: 'contains' must be a non-empty string")
            continue
        where = f"{where} ({contains!r})"
        if contains not in text:
            problems.append(f"{where}: 'contains' does not occur in the page")
        if "\n" in contains:
            problems.append(f"{where}: 'contains' must not cross a line or paragraph break")
        if q.get("kind") not in QUOTE_KINDS:
            problems.append(f"{where}: 'kind' must be one of {QUOTE_KINDS}, got {q.get('kind')!r}")
        if "speaker" not in q:
            problems.append(f"{where}: 'speaker' is required (null when the speaker is never named)")
        elif q["speaker"] is not None and (not isinstance(q["speaker"], str) or not q["speaker"].strip()):
            problems.append(f"{where}: 'speaker' must be a name or null")
        elif isinstance(q["speaker"], str) and any(w not in text for w in q["speaker"].split()):
            problems.append(f"{where}: speaker {q['speaker']!r} has words that do not occur in the page")
        if "mention" in q:
            mention = q["mention"]
            if not isinstance(mention, str) or not mention:
                problems.append(f"{where}: 'mention' must be a non-empty string")
            elif not re.search(r"(?<!\w)" + re.escape(mention) + r"(?!\w)", text):
                problems.append(f"{where}: mention {mention!r} does not occur in the page as a word")
            if q.get("speaker") is None:
                problems.append(f"{where}: a 'mention' needs a named speaker")
        for n in not_quotes:
            if n in contains or contains in n:
                problems.append(f"{where} overlaps not_quotes entry {n!r}")

    for n in not_quotes:
        if n not in text:
            problems.append(f"not_quotes {n!r} does not occur in the page")

    if "count" in exp:
        count = exp["count"]
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            problems.append(f"'count' must be a non-negative integer, got {count!r}")
        elif count == 0 and quotes:
            problems.append("'count' is 0 but quotes are expected")

    assert not problems, f"{json_path.name}:\n  " + "\n  ".join(problems)


# ---------------------------------------------------------------------------------------------------
# Slow: run the extractor on each page and compare with the expectations.


def _span_texts(text: str, spans: list[list[int]]) -> list[str]:
    return [text[s:e] for s, e in spans]


def _speaker_name(quote: dict[str, Any]) -> str | None:
    return (quote.get("speaker") or {}).get("name")


def _mention_text(text: str, quote: dict[str, Any]) -> str | None:
    speaker = quote.get("speaker") or {}
    spans = speaker.get("mention") or []
    return " ".join(_span_texts(text, spans)) if spans else None


def _describe(text: str, quotes: list[dict[str, Any]]) -> str:
    if not quotes:
        return "  (no quotes reported)"
    lines = []
    for q in quotes:
        shown = (q.get("text") or "").replace("\n", " ")
        mention = _mention_text(text, q)
        via = (q.get("speaker") or {}).get("via")
        extra = f" mention={mention!r} via={via}" if mention or via else ""
        lines.append(f"  [{q.get('kind')}] speaker={_speaker_name(q)!r}{extra}: {shown[:60]!r}")
    return "\n".join(lines)


def _check_invariants(rec: dict[str, Any]) -> list[str]:
    problems = []
    if rec.get("schema") != "saidwho/2":
        problems.append(f"schema is {rec.get('schema')!r}, expected 'saidwho/2'")
    if rec.get("error") is not None:
        problems.append(f"error record: {rec['error']!r}")
    text = rec.get("text") or ""

    def bad(spans: Any) -> bool:
        return not isinstance(spans, list) or any(
            not (isinstance(sp, (list, tuple)) and len(sp) == 2 and 0 <= sp[0] <= sp[1] <= len(text)) for sp in spans
        )

    for i, q in enumerate(rec.get("quotes") or []):
        if not q.get("text"):
            problems.append(f"quote {i} has empty text")
        if not q.get("content") or bad(q.get("content")):
            problems.append(f"quote {i} content spans missing or out of bounds: {q.get('content')!r}")
        if bad(q.get("cue", [])):
            problems.append(f"quote {i} cue spans out of bounds: {q.get('cue')!r}")
        if q.get("speaker") and bad(q["speaker"].get("mention", [])):
            problems.append(f"quote {i} speaker mention spans out of bounds: {q['speaker'].get('mention')!r}")
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_page(page: Path, validate_record):
    import saidwho

    exp = _expected(page)
    rec = saidwho.extract(_read(page), id=page.stem)
    validate_record(rec)  # the JSON Schema and offset checks every output must pass
    problems = _check_invariants(rec)
    text = rec.get("text") or ""
    quotes = rec.get("quotes") or []
    if problems:
        pytest.fail(f"{page.name}: invalid record\n  " + "\n  ".join(problems) + "\nreported:\n" + _describe(text, quotes))
    quoted = [q for q in quotes if q.get("kind") in QUOTE_KINDS]

    for want in exp.get("quotes", []):
        contains = want["contains"]
        label = f"{contains!r} ({want['kind']}, speaker={want['speaker']!r})"
        hits = [q for q in quoted if any(contains in t for t in _span_texts(text, q["content"]))]
        if not hits:
            other = [q for q in quotes if any(contains in t for t in _span_texts(text, q["content"]))]
            hint = f" (only in a quote of kind {other[0].get('kind')!r})" if other else ""
            problems.append(f"not found: {label}{hint}")
            continue
        mismatches_per_hit = []
        for q in hits:
            mismatches = []
            if q["kind"] != want["kind"]:
                mismatches.append(f"kind {q['kind']!r} != {want['kind']!r}")
            if _speaker_name(q) != want["speaker"]:
                mismatches.append(f"speaker {_speaker_name(q)!r} != {want['speaker']!r}")
            if "mention" in want and _mention_text(text, q) != want["mention"]:
                mismatches.append(f"mention {_mention_text(text, q)!r} != {want['mention']!r}")
            mismatches_per_hit.append(mismatches)
        if all(mismatches_per_hit):
            problems.append(f"wrong: {label}: " + "; ".join(mismatches_per_hit[0]))

    for n in exp.get("not_quotes", []):
        # a title or a scare quote may sit inside a reported (indirect) clause; it must not be a quotation
        bad = [q for q in quoted if any(n in t for t in _span_texts(text, q["content"]))]
        if bad:
            problems.append(f"reported as a quote but is not one: {n!r} (in [{bad[0].get('kind')}] {_speaker_name(bad[0])!r})")

    if "count" in exp and len(quoted) != exp["count"]:
        problems.append(f"count: {len(quoted)} direct+mixed quotes reported, expected {exp['count']}")

    assert not problems, (
        f"{page.name}: {exp['case']}\n  " + "\n  ".join(problems) + "\nreported:\n" + _describe(text, quotes)
    )
