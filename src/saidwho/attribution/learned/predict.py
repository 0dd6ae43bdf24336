"""Run the tagger over a parsed document and return attribution candidates in character offsets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..document import ParsedDoc
from ..frames import relative_antecedent
from .decode import group, spans_from_probs
from .features import N_FLAGS, featurize, quote_mask
from .tagger import Tagger

BATCH = 48


@dataclass(slots=True)
class Candidate:
    kind: str
    content: list[tuple[int, int]]
    cue: tuple[int, int]
    para: int
    source: tuple[int, int] | None = None
    source_toks: list[Any] = field(default_factory=list)
    source_root: Any = None
    confidence: float = 0.5


def predict(pd: ParsedDoc, quotations: list[Any], tagger: Tagger) -> list[Candidate]:
    text = pd.text
    pieces = [p for p in pd.pieces if len(p.doc)]
    if not pieces or not _tensor_fits(pieces[0].doc, tagger):
        return []  # a pipeline whose token vectors are not en_core_web_sm's: the rules alone apply
    qmask = quote_mask(text, quotations)
    feats = [featurize(p.doc, p.offset, qmask, tagger.vocab) for p in pieces]
    probs: list[np.ndarray | None] = [None] * len(pieces)
    for chunk in buckets([len(p.doc) for p in pieces]):
        for i, p in zip(chunk, tagger.predict([feats[i] for i in chunk])):
            probs[i] = p
    out: list[Candidate] = []
    for piece, p in zip(pieces, probs):
        doc, off = piece.doc, piece.offset
        for f in group(doc, spans_from_probs(p)):
            content = [_chars(doc, off, s.start, s.end) for s in sorted(f.content, key=lambda s: s.start)]
            content = [c for c in content if c[1] > c[0]]
            if not content:
                continue
            cand = Candidate(_kind(text, content, qmask), content, _chars(doc, off, f.cue.start, f.cue.end), piece.para)
            if f.source is not None:
                toks = list(doc[f.source.start : f.source.end])
                cand.source = _chars(doc, off, f.source.start, f.source.end)
                root = next((t for t in toks if not (f.source.start <= t.head.i < f.source.end) or t.head == t), toks[-1])
                if root.lower_ in ("that", "which", "who") and root.head.dep_ == "relcl" and len(toks) == 1:
                    # "a government that has promised …": the mention stays "that" (as PolNeAR marks it),
                    # the speaker is resolved from the relative clause's antecedent
                    ante = relative_antecedent(root.head, root)
                    toks = list(doc[ante.left_edge.i : ante.i + 1])
                    root = ante
                cand.source_toks = toks
                cand.source_root = root
            cand.confidence = round(min(f.cue.score, min(s.score for s in f.content)), 3)
            out.append(cand)
    return out


def _tensor_fits(doc: Any, tagger: Tagger) -> bool:
    """The tagger was trained on en_core_web_sm's 96-value token vectors (doc.tensor); another pipeline's
    vectors (or none) would feed it noise."""
    want = tagger.dense_dim - N_FLAGS
    return doc.tensor is not None and doc.tensor.ndim == 2 and doc.tensor.shape == (len(doc), want)


def buckets(lengths: list[int], ratio: float = 1.6, most: int = BATCH) -> list[list[int]]:
    """Indices grouped so that a batch's longest sequence is at most ``ratio`` times its shortest: the
    recurrence costs (batch rows x longest length) per layer, so padding short paragraphs to a long one
    wastes more than a few extra time steps cost."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    out: list[list[int]] = []
    for i in order:
        if out and len(out[-1]) < most and lengths[i] <= ratio * max(1, lengths[out[-1][0]]):
            out[-1].append(i)
        else:
            out.append([i])
    return out


def _chars(doc: Any, off: int, s: int, e: int) -> tuple[int, int]:
    return off + doc[s].idx, off + doc[e - 1].idx + len(doc[e - 1].text)


def _kind(text: str, content: list[tuple[int, int]], qmask: np.ndarray) -> str:
    inside = total = 0
    for s, e in content:
        for i in range(s, e):
            if not text[i].isspace() and not text[i] in ".,;:!?\u201c\u201d\"'\u2018\u2019":
                total += 1
                inside += int(qmask[i])
    if total == 0 or inside == 0:
        return "indirect"
    return "direct" if inside == total else "mixed"
