"""Scoring saidwho/2 records against gold attributions (PolNeAR format).

What is compared
    Each gold attribution and each system quotation is an *item* with a kind and three roles: content, source
    (the gold ``source``; the system's ``speaker.mention``) and cue. Every role is normalised first
    (:mod:`saidwho.eval.spans`: trimmed of white space, quotation marks and edge punctuation, empty spans dropped,
    fragments separated only by such characters merged; a source or cue made only of punctuation, such as a
    colon introducing a quotation, is kept, trimmed of white space only).

Which items count
    Items whose normalised content is empty are ignored, and so are items whose content lies wholly inside the
    gold ``meta.discard`` spans (photo credits, editor's notes); both are counted under ``attributions``.
    A gold document with no system record, or whose system record has ``error`` set, is scored as a system that
    found nothing. System records whose id is not in the gold are ignored (``documents.unmatched_system``); if an
    id appears twice among the system records, the first record is used.

Matching (always one-to-one within a document)
    * exact: two items match when their normalised span tuples are equal;
    * content overlap: character Jaccard of the two contents' covered characters >= 0.5
      (:data:`CONTENT_MIN_JACCARD`); pairs are taken greedily, highest Jaccard first (ties: gold order, then
      system order), each item used at most once;
    * source / cue overlap: the two spans share at least one (normalised) character; greedy by highest Jaccard.
    So two system quotations over one gold quotation give one true positive and one false positive.

Metrics (micro-averaged: counts are summed over documents before dividing)
    For each of content, source, cue and each of exact, overlap: tp, fp, fn, precision, recall, F1 overall, plus
    * ``by_kind[K]``: gold items of kind K against system items of kind K only;
    * ``recall_by_gold_kind[K]``: the share of gold items of kind K matched by the overall (kind-blind)
      matching, i.e. a system may call a gold ``mixed`` quotation ``direct`` and still recall it.
    Source and cue items are the attributions that have a (non-empty) source, resp. cue; identical spans from
    different attributions are separate items.
    ``source_given_content`` / ``cue_given_content``: over content-overlap-matched pairs whose gold has a source
    (resp. cue), the share whose system span is exactly equal to / overlaps the gold span.
    A ratio whose denominator is zero is ``None`` (undefined), never 0 or 1.

Text mismatch
    Offsets index the record's own ``text``. When a system record's ``text`` differs from the gold text, its
    spans are normalised against its own text and compared with the gold offsets as they are; the document is
    listed in ``documents.text_mismatch`` so the cause of low scores is visible. The normal case is equal text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..model import KINDS
from .spans import Spans, inside, intersection, jaccard, normalise, union

CONTENT_MIN_JACCARD = 0.5
ROLES = ("content", "source", "cue")
MODES = ("exact", "overlap")
EVAL_SCHEMA = "saidwho-eval/1"


@dataclass(slots=True)
class Item:
    kind: str | None
    content: Spans
    source: Spans
    cue: Spans


# ---------------------------------------------------------------- matching


def match_exact(gold: list[Spans], system: list[Spans]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, system index) of equal span tuples, in gold order."""
    pool: dict[Spans, list[int]] = defaultdict(list)
    for si in range(len(system) - 1, -1, -1):  # reversed, so pop() hands out system indices in order
        pool[system[si]].append(si)
    pairs = []
    for gi, key in enumerate(gold):
        free = pool.get(key)
        if free:
            pairs.append((gi, free.pop()))
    return pairs


def match_overlap(gold: list[Spans], system: list[Spans], min_jaccard: float) -> list[tuple[int, int]]:
    """One-to-one pairs whose character Jaccard is >= ``min_jaccard`` (and > 0), greedy by highest Jaccard."""
    candidates = []
    for gi, a in enumerate(gold):
        if not a:
            continue
        a0, a1 = a[0][0], a[-1][1]
        for si, b in enumerate(system):
            if not b or b[-1][1] <= a0 or b[0][0] >= a1:
                continue
            j = jaccard(a, b)
            if j > 0 and j >= min_jaccard:
                candidates.append((-j, gi, si))
    candidates.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for _, gi, si in candidates:
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            pairs.append((gi, si))
    return pairs


_MATCHERS: dict[tuple[str, str], Callable[[list[Spans], list[Spans]], list[tuple[int, int]]]] = {
    ("content", "exact"): match_exact,
    ("content", "overlap"): lambda g, s: match_overlap(g, s, CONTENT_MIN_JACCARD),
    ("source", "exact"): match_exact,
    ("source", "overlap"): lambda g, s: match_overlap(g, s, 0.0),
    ("cue", "exact"): match_exact,
    ("cue", "overlap"): lambda g, s: match_overlap(g, s, 0.0),
}


# ---------------------------------------------------------------- counting


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Counts and precision / recall / F1 (None where the denominator is zero)."""
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, tp + fn),
        "f1": _ratio(2 * tp, 2 * tp + fp + fn),
    }


class _Counts:
    """tp/fp/fn for one (role, mode): overall, by kind, and recall by gold kind."""

    __slots__ = ("overall", "by_kind", "by_gold_kind")

    def __init__(self) -> None:
        self.overall = [0, 0, 0]
        self.by_kind = {k: [0, 0, 0] for k in KINDS}
        self.by_gold_kind = {k: [0, 0] for k in KINDS}  # tp, fn

    def to_json(self) -> dict[str, Any]:
        out = prf(*self.overall)
        out["by_kind"] = {k: prf(*c) for k, c in self.by_kind.items()}
        out["recall_by_gold_kind"] = {
            k: {"tp": tp, "fn": fn, "recall": _ratio(tp, tp + fn)} for k, (tp, fn) in self.by_gold_kind.items()
        }
        return out


class _GivenContent:
    """Accuracy of a role (source or cue) over content-overlap-matched pairs whose gold has that role."""

    __slots__ = ("overall", "by_kind")

    def __init__(self) -> None:
        self.overall = [0, 0, 0]  # pairs, exact, overlap
        self.by_kind = {k: [0, 0, 0] for k in KINDS}

    def add(self, kind: str | None, gold: Spans, system: Spans) -> None:
        if not gold:
            return
        hit = (1, int(system == gold), int(bool(system) and intersection(gold, system) > 0))
        for c in (self.overall, self.by_kind.get(kind)):
            if c is not None:
                for i in range(3):
                    c[i] += hit[i]

    @staticmethod
    def _json(c: list[int]) -> dict[str, Any]:
        pairs, exact, overlap = c
        return {
            "pairs": pairs,
            "exact": exact,
            "overlap": overlap,
            "exact_accuracy": _ratio(exact, pairs),
            "overlap_accuracy": _ratio(overlap, pairs),
        }

    def to_json(self) -> dict[str, Any]:
        out = self._json(self.overall)
        out["by_gold_kind"] = {k: self._json(c) for k, c in self.by_kind.items()}
        return out


# ---------------------------------------------------------------- items


def _role_spans(text: str, spans: Any) -> Spans:
    """Source and cue spans: normalised like content, but a bare colon or dash cue is kept."""
    return normalise(text, spans, keep_bare=True)


def _gold_items(doc: dict[str, Any], discard: Spans, ignored: dict[str, int]) -> list[Item]:
    text = doc.get("text") or ""
    items = []
    for att in doc.get("attributions") or []:
        content = normalise(text, att.get("content"))
        if not content:
            ignored["empty"] += 1
            continue
        if discard and inside(content, discard):
            ignored["discard"] += 1
            continue
        source, cue = _role_spans(text, att.get("source")), _role_spans(text, att.get("cue"))
        items.append(Item(att.get("kind"), content, source, cue))
    return items


def _system_items(rec: dict[str, Any], text: str, discard: Spans, ignored: dict[str, int]) -> list[Item]:
    items = []
    for q in rec.get("quotes") or []:
        if not isinstance(q, dict):
            ignored["empty"] += 1
            continue
        content = normalise(text, q.get("content"))
        if not content:
            ignored["empty"] += 1
            continue
        if discard and inside(content, discard):
            ignored["discard"] += 1
            continue
        speaker = q.get("speaker")
        mention = speaker.get("mention") if isinstance(speaker, dict) else None
        items.append(Item(q.get("kind"), content, _role_spans(text, mention), _role_spans(text, q.get("cue"))))
    return items


def _role(items: list[Item], role: str) -> list[tuple[str | None, Spans]]:
    return [(it.kind, getattr(it, role)) for it in items if getattr(it, role)]


# ---------------------------------------------------------------- scoring


def _score_doc(
    gold: list[Item], system: list[Item], counts: dict[tuple[str, str], _Counts]
) -> list[tuple[int, int]]:
    """Add one document's counts; returns the content-overlap pairs (for the given-content accuracies)."""
    content_pairs: list[tuple[int, int]] = []
    for role in ROLES:
        g_items, s_items = _role(gold, role), _role(system, role)
        g_spans = [sp for _, sp in g_items]
        s_spans = [sp for _, sp in s_items]
        for mode in MODES:
            c = counts[(role, mode)]
            matcher = _MATCHERS[(role, mode)]
            pairs = matcher(g_spans, s_spans)
            if role == "content" and mode == "overlap":
                content_pairs = pairs
            tp = len(pairs)
            c.overall[0] += tp
            c.overall[1] += len(s_spans) - tp
            c.overall[2] += len(g_spans) - tp
            matched_g = [0] * len(g_spans)
            for gi, _ in pairs:
                matched_g[gi] = 1
            for (kind, _), m in zip(g_items, matched_g):
                if kind in c.by_gold_kind:
                    c.by_gold_kind[kind][0 if m else 1] += 1
            for kind in KINDS:
                gk = [sp for k, sp in g_items if k == kind]
                sk = [sp for k, sp in s_items if k == kind]
                if not gk and not sk:
                    continue
                ktp = len(matcher(gk, sk)) if gk and sk else 0
                bk = c.by_kind[kind]
                bk[0] += ktp
                bk[1] += len(sk) - ktp
                bk[2] += len(gk) - ktp
    return content_pairs


def score(
    gold_docs: list[dict[str, Any]], system_records: list[dict[str, Any]], *, per_document: bool = False
) -> dict[str, Any]:
    """Score system records (saidwho/2) against gold articles, pairing them by id. See the module docstring
    for what is matched and how; ``per_document=True`` adds a ``per_document`` list of content counts."""
    by_id: dict[str | None, dict[str, Any]] = {}
    duplicates: list[str] = []
    for rec in system_records:
        rid = rec.get("id") if isinstance(rec, dict) else None
        if not isinstance(rid, str):
            rid = None  # never pairs with a gold id; reported as unmatched
        if rid in by_id:
            duplicates.append(str(rid))
        else:
            by_id[rid] = rec

    counts = {(role, mode): _Counts() for role in ROLES for mode in MODES}
    source_given = _GivenContent()
    cue_given = _GivenContent()
    gold_ignored = {"discard": 0, "empty": 0}
    system_ignored = {"discard": 0, "empty": 0}
    gold_by_kind = {k: 0 for k in KINDS}
    system_by_kind = {k: 0 for k in KINDS}
    n_gold_items = n_system_items = 0
    ids: dict[str, list[str]] = {"missing": [], "errors": [], "text_mismatch": []}
    gold_ids: set[str] = set()
    per_doc: list[dict[str, Any]] = []

    for doc in gold_docs:
        doc_id = doc.get("id")
        gold_ids.add(doc_id)  # type: ignore[arg-type]
        text = doc.get("text") or ""
        discard = union((doc.get("meta") or {}).get("discard") or [])
        gold = _gold_items(doc, discard, gold_ignored)
        rec = by_id.get(doc_id)
        status = "ok"
        system: list[Item] = []
        if rec is None:
            status = "missing"
        elif rec.get("error"):
            status = "error"
        else:
            sys_text = rec.get("text")
            if isinstance(sys_text, str) and sys_text != text:
                status = "text_mismatch"
            else:
                sys_text = text
            system = _system_items(rec, sys_text, discard, system_ignored)
        if status != "ok":
            ids["errors" if status == "error" else status].append(str(doc_id))

        n_gold_items += len(gold)
        n_system_items += len(system)
        for it in gold:
            if it.kind in gold_by_kind:
                gold_by_kind[it.kind] += 1
        for it in system:
            if it.kind in system_by_kind:
                system_by_kind[it.kind] += 1

        if per_document:
            before = {m: list(counts[("content", m)].overall) for m in MODES}
        pairs = _score_doc(gold, system, counts)
        for gi, si in pairs:
            source_given.add(gold[gi].kind, gold[gi].source, system[si].source)
            cue_given.add(gold[gi].kind, gold[gi].cue, system[si].cue)
        if per_document:
            entry: dict[str, Any] = {"id": doc_id, "status": status}
            for m in MODES:
                after = counts[("content", m)].overall
                entry[f"content_{m}"] = dict(zip(("tp", "fp", "fn"), (a - b for a, b in zip(after, before[m]))))
            per_doc.append(entry)

    unmatched = sorted(str(rid) for rid in by_id if rid not in gold_ids)
    result: dict[str, Any] = {
        "schema": EVAL_SCHEMA,
        "documents": {
            "gold": len(gold_docs),
            "system": len(system_records),
            "scored": len(gold_docs) - len(ids["missing"]) - len(ids["errors"]),
            "missing": len(ids["missing"]),
            "errors": len(ids["errors"]),
            "text_mismatch": len(ids["text_mismatch"]),
            "unmatched_system": len(unmatched),
            "duplicate_system": len(duplicates),
            "ids": {**ids, "unmatched_system": unmatched, "duplicate_system": duplicates},
        },
        "attributions": {
            "gold": n_gold_items,
            "system": n_system_items,
            "gold_by_kind": gold_by_kind,
            "system_by_kind": system_by_kind,
            "gold_ignored": gold_ignored,
            "system_ignored": system_ignored,
        },
    }
    for role in ROLES:
        result[role] = {mode: counts[(role, mode)].to_json() for mode in MODES}
    result["source_given_content"] = source_given.to_json()
    result["cue_given_content"] = cue_given.to_json()
    result["params"] = {
        "content_overlap_min_jaccard": CONTENT_MIN_JACCARD,
        "role_overlap": "at least one shared character",
        "matching": "one-to-one per document; overlap pairs greedy by highest Jaccard",
        "averaging": "micro (counts summed over documents)",
    }
    if per_document:
        result["per_document"] = per_doc
    return result
