"""Token features for the learned attribution tagger, computed from a parsed piece (a paragraph).

Dense: the pipeline's own tok2vec vector (``doc.tensor``, 96 values in en_core_web_sm) and a few flags
(inside a quotation, a quotation mark, a speech-verb form, in the clause or the subject of one, casing).
Categorical: the word's norm (a vocabulary from the training data), its fine tag, its dependency label,
and its head's tag. Training and inference call the same function, so they cannot drift apart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..lexicon import FORM_TO_VERB
from ..quotemarks import ALL_MARKS

N_FLAGS = 15
UNK = 1  # id 0 is padding


SPEECH_FORMS = frozenset(FORM_TO_VERB) | {"according", "reportedly", "quoted"}


@dataclass(slots=True)
class Vocab:
    """Ids for the categorical features; built from the training data and shipped with the weights."""

    words: dict[str, int] = field(default_factory=dict)
    tags: dict[str, int] = field(default_factory=dict)
    deps: dict[str, int] = field(default_factory=dict)
    # words that head attribution cues in the training data often enough (PolNeAR's cues go far beyond
    # speech verbs: "endorsed", "wants", "believes", "shows"); their clauses and subjects get flags too
    cue_words: frozenset[str] = frozenset()

    def to_json(self) -> dict[str, Any]:
        return {"words": self.words, "tags": self.tags, "deps": self.deps, "cue_words": sorted(self.cue_words)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Vocab":
        return cls(data["words"], data["tags"], data["deps"], frozenset(data.get("cue_words", ())))

    def save(self, path: str) -> None:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(self.to_json(), fh)


def _id(table: dict[str, int], key: str) -> int:
    return table.get(key, UNK)


def featurize(doc: Any, offset: int, quoted: np.ndarray, vocab: Vocab) -> tuple[np.ndarray, np.ndarray]:
    """(ids [n, 4] int64, dense [n, tensor + N_FLAGS] float32) for the tokens of one parsed piece.
    ``quoted`` is a boolean mask over the whole text's characters: inside a quotation."""
    n = len(doc)
    ids = np.zeros((n, 4), dtype=np.int64)
    tensor = doc.tensor if doc.tensor is not None and len(doc.tensor) == n else np.zeros((n, 96), dtype=np.float32)
    flags = np.zeros((n, N_FLAGS), dtype=np.float32)
    in_clause = np.zeros((2, n), dtype=bool)  # [speech verb, training cue word]
    in_subj = np.zeros((2, n), dtype=bool)
    cue_words = vocab.cue_words
    for tok in doc:
        for k, hit in enumerate((tok.lower_ in SPEECH_FORMS, tok.lower_ in cue_words)):
            if not hit:
                continue
            for c in tok.children:
                if c.dep_ in ("ccomp", "xcomp", "advcl", "dobj", "parataxis", "prep"):
                    if c.dep_ == "prep" and k == 0:
                        continue
                    for t in c.subtree:
                        in_clause[k, t.i] = True
                elif c.dep_ in ("nsubj", "nsubjpass", "agent"):
                    for t in c.subtree:
                        in_subj[k, t.i] = True
    plen = max(1, n - 1)
    for tok in doc:
        i = tok.i
        ids[i, 0] = _id(vocab.words, tok.norm_)
        ids[i, 1] = _id(vocab.tags, tok.tag_)
        ids[i, 2] = _id(vocab.deps, tok.dep_)
        ids[i, 3] = _id(vocab.tags, tok.head.tag_)
        c = offset + tok.idx
        text = tok.text
        flags[i] = (
            float(quoted[c]) if c < len(quoted) else 0.0,
            float(text in ALL_MARKS or text in ("``", "''")),
            float(tok.lower_ in SPEECH_FORMS),
            float(in_clause[0, i]),
            float(in_subj[0, i]),
            float(text[:1].isupper()),
            float(text.isupper() and len(text) > 1),
            float(tok.is_punct),
            float(tok.is_sent_start or i == 0),
            float(tok.tag_ in ("PRP", "WP")),
            float(tok.tag_ in ("NNP", "NNPS")),
            i / plen,
            float(tok.lower_ in cue_words),
            float(in_clause[1, i]),
            float(in_subj[1, i]),
        )
    return ids, np.concatenate([tensor.astype(np.float32), flags], axis=1)


def quote_mask(text: str, quotations: list[Any]) -> np.ndarray:
    mask = np.zeros(len(text) + 1, dtype=bool)
    for q in quotations:
        for s in q.segments:
            mask[max(0, s.open) : s.end + 1] = True
    return mask
