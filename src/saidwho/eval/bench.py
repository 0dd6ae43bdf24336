"""`saidwho bench`: saidwho and textacy side by side, in one process, on the same gold documents.

Each system runs in turn over the same gold texts (PolNeAR format, see :func:`saidwho.eval.load_gold`):

* ``saidwho``: ``saidwho.pipeline.extract_article(Article(id, text))`` per document;
* ``textacy``: ``textacy.extract.triples.direct_quotations(nlp(text))`` (textacy 0.13, the ``bench`` extra) on a
  fresh copy of the same spaCy model (:func:`saidwho.nlp.load_model`), each (speaker, cue, content) triple turned
  into a ``direct`` quotation of a saidwho/2 record by :func:`textacy_record`. A document on which textacy raises
  (it does on an odd number of quotation marks) becomes an error record; its time still counts.

Both are scored by the same scorer (:func:`saidwho.eval.score`). spaCy is imported before either system starts;
each system's load (its own imports, the model, one warm-up document) is timed apart from extraction. Speed is
for one process, so chars/s and docs/s are per core. Peak memory is the process's VmHWM from
``/proc/self/status``, reset through ``/proc/self/clear_refs`` before each system loads; where that is
unavailable, ``ru_maxrss`` (the peak of the whole process so far, never reset) is used and said so.
"""

from __future__ import annotations

import gc
import importlib.util
import os
import platform
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from os import PathLike
from typing import Any

from ..errors import ExtractionFailed, MissingExtra
from ..model import Article, Quote, SpeakerRef, error_record, record, spans_text
from .gold import load_gold
from .run import peak_rss_mb as ru_maxrss_mb
from .scorer import MODES, score

BENCH_SCHEMA = "saidwho-bench/1"
SYSTEMS = ("saidwho", "textacy")
OPTIONAL_SYSTEMS = ("saidwho-rules",)  # run only when asked for: saidwho without its learned tagger
INSTALL_HINT = "pip install 'saidwho[bench]'"
WARM_UP = "“We will open the bridge in May and not a day later,” the mayor said on Tuesday."

Record = dict[str, Any]
Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class System:
    """A loaded system: ``extract(doc_id, text)`` returns a saidwho/2 record whose offsets index ``text``."""

    name: str
    version: str
    model: str
    extract: Callable[[str, str], Record]


def _model_name(nlp: Any) -> str:
    meta = getattr(nlp, "meta", {}) or {}
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')} {meta.get('version', '?')}"


# ----------------------------------------------------------------------------------------------- saidwho


def load_saidwho(rules_only: bool = False) -> System:
    """saidwho's shared pipeline (``saidwho.nlp.get_nlp()``), loaded and warmed up; ``rules_only`` runs it
    without the learned tagger (``saidwho extract --rules-only``)."""
    import saidwho

    from ..nlp import get_nlp
    from ..pipeline import extract_article

    nlp = get_nlp()
    extract_article(Article(id="warm-up", text=WARM_UP), rules_only=rules_only)

    def extract(doc_id: str, text: str) -> Record:
        return extract_article(Article(id=doc_id, text=text), rules_only=rules_only)

    name = "saidwho-rules" if rules_only else "saidwho"
    return System(name, saidwho.__version__, _model_name(nlp), extract)


# ----------------------------------------------------------------------------------------------- textacy


def _missing_textacy(reason: str) -> MissingExtra:
    return MissingExtra(
        f"textacy is not installed ({reason}); install the bench extra: {INSTALL_HINT} "
        "(or run only saidwho with --systems saidwho)"
    )


def check_textacy() -> None:
    """Raise MissingExtra (SW202) with the install hint when textacy is not installed, without importing it
    (importing it costs memory that would be counted against the system that runs first)."""
    try:
        found = importlib.util.find_spec("textacy") is not None
    except (ImportError, ValueError) as exc:
        raise _missing_textacy(str(exc)) from None
    if not found:
        raise _missing_textacy("no module named 'textacy'")


def import_textacy() -> Any:
    """The textacy module, or MissingExtra (SW202) with the install hint when it cannot be imported."""
    try:
        import textacy
        import textacy.extract.triples  # noqa: F401
    except ImportError as exc:
        raise _missing_textacy(str(exc)) from None
    return textacy


def token_spans(tokens: Iterable[Any]) -> list[tuple[int, int]]:
    """Character spans of spaCy tokens, runs of consecutive tokens merged: [(start_char, end_char), ...]."""
    spans: list[tuple[int, int]] = []
    last_i = None
    for tok in sorted(tokens, key=lambda t: t.i):
        start, end = tok.idx, tok.idx + len(tok.text)
        if spans and last_i is not None and tok.i == last_i + 1:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        last_i = tok.i
    return spans


def textacy_record(doc_id: str, text: str, triples: Iterable[Any]) -> Record:
    """A saidwho/2 record from textacy DQTriples (speaker tokens, cue tokens, content span) over ``text``: one
    ``direct`` quotation each, content = the content tokens' span (quotation marks included; the scorer trims
    them), cue and speaker mention = their tokens' spans, speaker name = the speaker tokens' text."""
    quotes = []
    for n, triple in enumerate(triples, 1):
        content = token_spans(triple.content)
        mention = token_spans(triple.speaker)
        quotes.append(
            Quote(
                id=f"Q{n}",
                kind="direct",
                content=content,
                text=spans_text(text, content),
                cue=token_spans(triple.cue),
                speaker=SpeakerRef(
                    id=None, name=" ".join(text[s:e] for s, e in mention), mention=mention, via="textacy"
                ),
            )
        )
    return record(Article(id=doc_id, text=text), quotes, [])


def load_textacy() -> System:
    """textacy's ``direct_quotations`` on a fresh copy of saidwho's spaCy model, loaded and warmed up."""
    textacy = import_textacy()
    from textacy.extract.triples import direct_quotations

    from ..nlp import load_model

    nlp = load_model()
    list(direct_quotations(nlp(WARM_UP)))

    def extract(doc_id: str, text: str) -> Record:
        return textacy_record(doc_id, text, list(direct_quotations(nlp(text))))

    return System("textacy", textacy.__version__, _model_name(nlp), extract)


LOADERS: dict[str, Callable[[], System]] = {
    "saidwho": load_saidwho,
    "saidwho-rules": lambda: load_saidwho(rules_only=True),
    "textacy": load_textacy,
}


# ----------------------------------------------------------------------------------------------- memory


def _status_mb(field: str) -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024  # kB
    except (OSError, ValueError, IndexError):
        pass
    return None


def reset_peak_rss() -> bool:
    """Reset this process's VmHWM to its current RSS (Linux ``clear_refs`` 5); False where that is impossible."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
    except OSError:
        return False
    return _status_mb("VmHWM") is not None


def peak_rss(reset: bool) -> tuple[float | None, str]:
    """(peak RSS in MB, how it was measured) since the last successful :func:`reset_peak_rss`."""
    if reset:
        hwm = _status_mb("VmHWM")
        if hwm is not None:
            return hwm, "VmHWM"
    return ru_maxrss_mb(), "ru_maxrss"


# ----------------------------------------------------------------------------------------------- running


def _run_system(name: str, gold: list[Record], progress: Progress | None) -> dict[str, Any]:
    gc.collect()
    reset = reset_peak_rss()
    rss_start = _status_mb("VmRSS")
    t0 = time.perf_counter()
    system = LOADERS[name]()
    load_seconds = time.perf_counter() - t0

    records: list[Record] = []
    seconds = 0.0
    for i, doc in enumerate(gold, 1):
        doc_id, text = doc["id"], doc["text"]
        t = time.perf_counter()
        try:
            rec = system.extract(doc_id, text)
        except Exception as exc:  # textacy's ValueError on unbalanced quotation marks, or any other failure
            err = ExtractionFailed(f"{name} raised {type(exc).__name__}: {exc}", source=doc_id)
            rec = error_record(doc_id, err.code, err.message)
        seconds += time.perf_counter() - t
        records.append(rec)
        if progress:
            progress(name, i, len(gold))
    peak, method = peak_rss(reset)

    chars = sum(len(doc["text"]) for doc in gold)
    errors = Counter(rec["error"]["code"] for rec in records if rec.get("error"))
    return {
        "name": name,
        "version": system.version,
        "model": system.model,
        "load_seconds": load_seconds,
        "speed": {
            "documents": len(gold),
            "chars": chars,
            "seconds": seconds,
            "chars_per_s": chars / seconds if seconds > 0 else None,
            "docs_per_s": len(gold) / seconds if seconds > 0 else None,
            "peak_rss_mb": peak,
            "rss_start_mb": rss_start,
            "rss_method": method,
        },
        "errors": {"documents": sum(errors.values()), "by_code": dict(sorted(errors.items()))},
        "scores": score(gold, records),
    }


def machine_info(models: Iterable[str]) -> dict[str, Any]:
    """Cores, platform, Python, spaCy and model versions: what the speed figures depend on."""
    try:
        import spacy

        spacy_version: str | None = spacy.__version__
    except ImportError:  # pragma: no cover - spaCy is a dependency
        spacy_version = None
    return {
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "spacy": spacy_version,
        "models": sorted(set(models)),
        # thinc imports torch when it is installed, which adds a few hundred MB to every system's RSS
        "torch": getattr(sys.modules.get("torch"), "__version__", None),
        "processes": 1,
    }


def parse_systems(value: str | Iterable[str]) -> tuple[str, ...]:
    """``"saidwho,textacy"`` (or a list) -> a tuple of known system names, in order, without repeats;
    ValueError naming the known systems otherwise."""
    names = [n.strip() for n in value.split(",")] if isinstance(value, str) else [str(n).strip() for n in value]
    names = [n for n in names if n]
    known = SYSTEMS + OPTIONAL_SYSTEMS
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(f"unknown system {', '.join(unknown)}: choose from {', '.join(known)}")
    if not names:
        raise ValueError(f"no system given: choose from {', '.join(SYSTEMS)}")
    return tuple(dict.fromkeys(names))


def run_bench(
    gold_path: str | PathLike[str],
    systems: str | Iterable[str] = SYSTEMS,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Run each system in turn over the (first ``limit``) gold documents in this process; score and time each.

    Returns ``{"schema", "gold", "documents", "chars", "machine", "systems": {name: {"name", "version", "model",
    "load_seconds", "speed", "errors", "scores"}}, "ratio"}``; ``scores`` is :func:`saidwho.eval.score`'s full
    result, ``ratio.chars_per_s`` is saidwho chars/s ÷ textacy chars/s (None unless both ran). Raises
    BadGoldFile for a bad gold file and MissingExtra, before anything runs, when textacy is wanted but missing.
    """
    names = parse_systems(systems)
    if limit is not None and limit < 1:
        raise ValueError("limit must be a positive number of documents")
    if "textacy" in names:
        check_textacy()  # fail before spending a minute on saidwho
    gold = load_gold(gold_path)
    if limit is not None:
        gold = gold[:limit]
    import spacy  # noqa: F401  both systems need it: imported before any is timed or measured

    results = {name: _run_system(name, gold, progress) for name in names}
    ratio = None
    if "saidwho" in results and "textacy" in results:
        a, b = results["saidwho"]["speed"]["chars_per_s"], results["textacy"]["speed"]["chars_per_s"]
        ratio = a / b if a and b else None
    return {
        "schema": BENCH_SCHEMA,
        "gold": str(gold_path),
        "documents": len(gold),
        "chars": sum(len(doc["text"]) for doc in gold),
        "machine": machine_info(r["model"] for r in results.values()),
        "order": list(names),
        "systems": results,
        "ratio": {"chars_per_s": ratio},
    }


# ----------------------------------------------------------------------------------------------- report


def machine_line(machine: dict[str, Any]) -> str:
    return (
        f"machine: {machine['cores']} cores (os.cpu_count), {machine['platform']}, {machine['python']}, "
        f"spaCy {machine['spacy']}, model {' / '.join(machine['models'])}"
        + (f", torch {machine['torch']} (imported by thinc)" if machine.get("torch") else "")
        + "; one process, so chars/s and docs/s are per core"
    )


def _f3(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _rows(res: dict[str, Any], n_docs: int) -> list[tuple[str, str]]:
    s, sp = res["scores"], res["speed"]
    rows = [
        (f"{role} {mode} F1", _f3(s[role][mode]["f1"])) for role in ("content", "source", "cue") for mode in MODES
    ]
    rows += [
        ("direct content-overlap recall", _f3(s["content"]["overlap"]["recall_by_gold_kind"]["direct"]["recall"])),
        ("documents with errors", f"{res['errors']['documents']} / {n_docs}"),
        ("model load s", f"{res['load_seconds']:.2f}"),
        ("extraction s", f"{sp['seconds']:.2f}"),
        ("chars/s (one core)", "-" if sp["chars_per_s"] is None else f"{sp['chars_per_s']:,.0f}"),
        ("docs/s", "-" if sp["docs_per_s"] is None else f"{sp['docs_per_s']:.2f}"),
        ("peak RSS MB", "-" if sp["peak_rss_mb"] is None else f"{sp['peak_rss_mb']:.0f}"),
        ("RSS at start MB", "-" if sp["rss_start_mb"] is None else f"{sp['rss_start_mb']:.0f}"),
    ]
    return rows


def format_bench(result: dict[str, Any]) -> str:
    """The side-by-side table: one column per system, one row per metric, then the machine and notes."""
    systems = result["systems"]
    heads = [f"{r['name']} {r['version']}" for r in systems.values()]
    columns = [dict(_rows(r, result["documents"])) for r in systems.values()]
    labels = [label for label, _ in _rows(next(iter(systems.values())), result["documents"])]
    width = max(len(label) for label in labels) + 2
    col = max(12, *(len(h) + 2 for h in heads))
    head = f"{'':<{width}}" + "".join(f"{h:>{col}}" for h in heads)
    lines = [
        f"saidwho bench: {result['documents']} documents, {result['chars']:,} chars from {result['gold']}",
        machine_line(result["machine"]),
        "",
        head,
        "-" * len(head),
    ]
    lines += [f"{label:<{width}}" + "".join(f"{c[label]:>{col}}" for c in columns) for label in labels]
    lines.append("")
    ratio = result["ratio"]["chars_per_s"]
    if ratio is not None:
        lines.append(f"speed ratio, saidwho chars/s ÷ textacy chars/s: {ratio:.2f}")
    for r in systems.values():
        if r["errors"]["by_code"]:
            codes = ", ".join(f"{code}: {n}" for code, n in r["errors"]["by_code"].items())
            lines.append(f"errors, {r['name']}: {codes} (scored as documents where it found nothing)")
    methods = {r["speed"]["rss_method"] for r in systems.values()}
    order = ", ".join(result["order"])
    if methods == {"VmHWM"}:
        lines.append(
            f"peak RSS: VmHWM of this process, reset before each system loads; the systems ran in this order "
            f"({order}), so a later system's figures include what the earlier ones left in memory (RSS at start)"
        )
    else:
        lines.append(
            "peak RSS: ru_maxrss, the peak of the whole process so far (/proc/self/clear_refs unavailable, so it "
            f"cannot be reset between systems; order: {order}): a later system's figure is an upper bound"
        )
    lines.append(
        "F1 over all gold attributions (direct, mixed and indirect); scored by saidwho.eval.score: exact = equal "
        "spans after trimming, overlap = character Jaccard >= 0.5 for content, any shared character for source/cue"
    )
    return "\n".join(lines)
