"""Canonical-speaker accuracy: is each attribution given to the right entity?

Gold
    Label files (``benchmarks/speakers/README.md``): for each gold attribution id of an article, the canonical
    speaker name (``null`` for a speaker the article never names), its type, and how the source mention refers
    to it (``name``, ``pronoun``, ``nominal``, ``absent``). Each file carries the sha256 of the article text it
    was labelled on; a file whose article is missing or whose text has changed is not scored and is listed.

Matching
    Gold attributions are paired one-to-one with system quotations by content overlap (character Jaccard >= 0.5
    after the core's normalisation, greedy by highest Jaccard), exactly as the core's content-overlap metric.
    Speaker accuracy is computed over the matched pairs (``accuracy``); ``end_to_end`` divides the same count of
    correct speakers by all labelled attributions, so a missed attribution counts as wrong there.

Correct speaker
    * gold name: the system's speaker name (the canonical name of the speaker the quotation points to) is the same
      name after normalisation (:func:`same_name`) as the gold name or one of its aliases;
    * gold ``null`` (an unnamed speaker): the system names nobody either (speaker absent, or a speaker with no
      name). Which unnamed speaker is not checked;
    * gold type ``group`` ("Democrats", "officials"): a group is named by its own common noun as often as not, so
      either of the two above is accepted, the name compared with the gold name, aliases and ``desc``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from os import PathLike
from pathlib import Path
from typing import Any

from ..speakers.names import ascii_fold
from .scorer import CONTENT_MIN_JACCARD, match_overlap
from .spans import normalise

MENTIONS = ("name", "pronoun", "nominal", "absent")
_TITLES = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady rev sen senator rep gov governor president pres gen "
    "col capt lt sgt adm judge justice mayor".split()
)
_DROP = re.compile(r"[^\w\s-]")


def name_key(name: str) -> tuple[str, ...]:
    """The words of a name that decide identity: lower case, accents and punctuation removed, a leading
    "the", possessive endings, titles and single-letter initials dropped."""
    s = ascii_fold(name)
    s = re.sub(r"[\u2019']s\b", "", s)
    words = _DROP.sub(" ", s.replace("-", " ")).split()
    if words and words[0] == "the":
        words = words[1:]
    while words and words[0] in _TITLES and len(words) > 1:
        words = words[1:]
    words = [w for w in words if len(w) > 1]
    return tuple(words)


def same_name(a: str | None, b: str | None) -> bool:
    """Two names for one entity: equal keys, or (for names of two or more words) the same first and last word,
    so a middle name or initial does not matter ("Donald J. Trump" = "Donald Trump")."""
    if not a or not b:
        return False
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    return len(ka) >= 2 and len(kb) >= 2 and ka[0] == kb[0] and ka[-1] == kb[-1]


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_labels(directory: str | PathLike[str]) -> dict[str, dict[str, Any]]:
    """Label files by article id."""
    out = {}
    for path in sorted(Path(directory).glob("*.json")):
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        out[data["id"]] = data
    return out


def _speaker_names(rec: dict[str, Any]) -> dict[str, str | None]:
    return {s.get("id"): s.get("name") for s in rec.get("speakers") or [] if isinstance(s, dict)}


def _system_name(q: dict[str, Any], names: dict[str, str | None]) -> str | None:
    sp = q.get("speaker")
    if not isinstance(sp, dict):
        return None
    if sp.get("id") in names:
        return names[sp["id"]]
    return sp.get("name")


def score_speakers(
    gold_docs: list[dict[str, Any]], records: list[dict[str, Any]], labels: dict[str, dict[str, Any]], *, errors: bool = False
) -> dict[str, Any]:
    """Canonical-speaker accuracy of ``records`` on the labelled attributions of ``gold_docs``."""
    by_id = {}
    for r in records:
        by_id.setdefault(r.get("id"), r)
    counts: dict[str, Counter[str]] = {m: Counter() for m in ("all",) + MENTIONS}
    stale: list[str] = []
    scored = 0
    mistakes: list[dict[str, Any]] = []
    gold_by_id = {d["id"]: d for d in gold_docs}
    for doc_id, lab in sorted(labels.items()):
        doc = gold_by_id.get(doc_id)
        if doc is None or lab.get("text_sha256") != text_sha256(doc.get("text") or ""):
            stale.append(doc_id)
            continue
        scored += 1
        text = doc["text"]
        atts = [a for a in doc.get("attributions") or [] if a.get("id") in lab["labels"]]
        gold_content = [normalise(text, a.get("content")) for a in atts]
        rec = by_id.get(doc_id) or {}
        quotes = [q for q in rec.get("quotes") or [] if isinstance(q, dict)] if not rec.get("error") else []
        sys_content = [normalise(rec.get("text") or text, q.get("content")) for q in quotes]
        pairs = dict(match_overlap(gold_content, sys_content, CONTENT_MIN_JACCARD))
        names = _speaker_names(rec)
        for gi, att in enumerate(atts):
            gl = lab["labels"][att["id"]]
            mention = gl.get("mention") if gl.get("mention") in MENTIONS else "name"
            for key in ("all", mention):
                counts[key]["labelled"] += 1
            si = pairs.get(gi)
            if si is None:
                continue
            got = _system_name(quotes[si], names)
            want = gl.get("speaker")
            names_ok = [w for w in [want] + list(gl.get("aliases") or []) if w]
            if gl.get("type") == "group":
                names_ok += [gl["desc"]] if gl.get("desc") else []
                ok = got is None or any(same_name(got, w) for w in names_ok)
            elif want is None:
                ok = got is None
            else:
                ok = any(same_name(got, w) for w in names_ok)
            for key in ("all", mention):
                counts[key]["matched"] += 1
                counts[key]["correct"] += int(ok)
            if errors and not ok:
                mistakes.append({"doc": doc_id, "id": att["id"], "mention": mention, "gold": want, "system": got})

    def block(c: Counter[str]) -> dict[str, Any]:
        return {
            "labelled": c["labelled"],
            "matched": c["matched"],
            "correct": c["correct"],
            "accuracy": c["correct"] / c["matched"] if c["matched"] else None,
            "end_to_end": c["correct"] / c["labelled"] if c["labelled"] else None,
        }

    result: dict[str, Any] = {
        "documents": scored,
        "stale": stale,
        **block(counts["all"]),
        "by_mention": {m: block(counts[m]) for m in MENTIONS},
    }
    if errors:
        result["mistakes"] = mistakes
    return result


def format_speakers(res: dict[str, Any]) -> str:
    def f(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    lines = [
        f"speaker accuracy over {res['documents']} labelled documents "
        f"(matched = gold attribution found by content overlap)",
        f"{'mention':<10}{'labelled':>9}{'matched':>9}{'correct':>9}{'accuracy':>10}{'end-to-end':>12}",
    ]
    rows = [("all", res)] + [(m, res["by_mention"][m]) for m in MENTIONS]
    for name, b in rows:
        lines.append(f"{name:<10}{b['labelled']:>9}{b['matched']:>9}{b['correct']:>9}{f(b['accuracy']):>10}{f(b['end_to_end']):>12}")
    if res["stale"]:
        lines.append(f"not scored (article missing or text changed): {', '.join(res['stale'])}")
    return "\n".join(lines)
