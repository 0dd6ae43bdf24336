"""Train the attribution tagger on PolNeAR train, tune on dev, and write the shipped weights.

    .venv/bin/pip install -e '.[train]'      # PyTorch (CPU build) for training only
    .venv/bin/python -m saidwho.attribution.learned.train \\
        --train ../shared/benchmarks/polnear/train.jsonl --dev ../shared/benchmarks/polnear/dev.jsonl

Deterministic: fixed seeds, one thread order. Inference does not need PyTorch: the weights are exported to
NumPy (``tagger.npz`` + ``vocab.json`` beside this file) and run by ``tagger.py``.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from ..document import parse
from ..quotemarks import find_quotations, paragraphs
from .features import Vocab, featurize, quote_mask

HERE = Path(__file__).resolve().parent
LAYERS = ("source", "cue", "content")


def _require_torch():
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - depends on the environment
        from ...errors import MissingExtra

        raise MissingExtra("training needs PyTorch: pip install 'saidwho[train]' (uses torch==2.13.0, CPU build)") from exc
    return torch


def load_jsonl(path: str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def parse_docs(docs: list[dict[str, Any]], nlp: Any) -> list[Any]:
    out = []
    t0 = time.time()
    for k, d in enumerate(docs):
        text = d["text"]
        paras = paragraphs(text)
        out.append(parse(text, paras, nlp))
        if k % 100 == 0:
            print(f"  parsed {k}/{len(docs)} ({time.time() - t0:.0f} s)", file=sys.stderr)
    return out


def build_vocab(parsed: list[Any], min_count: int = 2, max_words: int = 12000) -> Vocab:
    words: collections.Counter[str] = collections.Counter()
    tags: set[str] = set()
    deps: set[str] = set()
    for pd in parsed:
        for piece in pd.pieces:
            for tok in piece.doc:
                words[tok.norm_] += 1
                tags.add(tok.tag_)
                deps.add(tok.dep_)
    vocab = Vocab()
    for k, (w, c) in enumerate(words.most_common(max_words)):
        if c < min_count:
            break
        vocab.words[w] = k + 2
    vocab.tags = {t: k + 2 for k, t in enumerate(sorted(tags))}
    vocab.deps = {t: k + 2 for k, t in enumerate(sorted(deps))}
    return vocab


def cue_words(gold: list[dict[str, Any]], parsed: list[Any], min_count: int = 3, min_rate: float = 0.1) -> frozenset[str]:
    """Words that are part of a gold cue at least ``min_count`` times and in at least ``min_rate`` of
    their occurrences (function words like "to" and "in" fall below the rate)."""
    as_cue: collections.Counter[str] = collections.Counter()
    seen: collections.Counter[str] = collections.Counter()
    for d, pd in zip(gold, parsed):
        cue_chars = {i for a in d["attributions"] for s, e in a["cue"] for i in range(s, e)}
        for piece in pd.pieces:
            for tok in piece.doc:
                w = tok.lower_
                seen[w] += 1
                if piece.offset + tok.idx in cue_chars and tok.is_alpha:
                    as_cue[w] += 1
    return frozenset(w for w, c in as_cue.items() if c >= min_count and c / seen[w] >= min_rate)


def token_labels(piece: Any, spans_by_layer: dict[str, list[tuple[int, int]]]) -> np.ndarray:
    """[n, 3] labels (0 O, 1 B, 2 I) for source, cue, content."""
    doc = piece.doc
    n = len(doc)
    lab = np.zeros((n, 3), dtype=np.int64)
    starts = np.array([piece.offset + t.idx for t in doc])
    ends = starts + np.array([len(t.text) for t in doc])
    for li, layer in enumerate(LAYERS):
        for s, e in spans_by_layer[layer]:
            inside = np.nonzero((starts < e) & (ends > s))[0]
            if len(inside) == 0:
                continue
            for k, i in enumerate(inside):
                if lab[i, li] == 0 or k == 0:
                    lab[i, li] = 1 if k == 0 else 2
    return lab


def examples(gold: list[dict[str, Any]], parsed: list[Any], vocab: Vocab) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    out = []
    for d, pd in zip(gold, parsed):
        text = d["text"]
        qmask = quote_mask(text, find_quotations(text, pd.paras))
        spans = {layer: [tuple(sp) for a in d["attributions"] for sp in a[layer]] for layer in LAYERS}
        for piece in pd.pieces:
            if len(piece.doc) == 0:
                continue
            ids, dense = featurize(piece.doc, piece.offset, qmask, vocab)
            out.append((ids, dense, token_labels(piece, spans)))
    return out


def make_model(torch: Any, vocab: Vocab, dense_dim: int, hidden: int = 128, layers: int = 2):
    nn = torch.nn

    class Tagger(nn.Module):
        def __init__(self):
            super().__init__()
            self.word = nn.Embedding(len(vocab.words) + 2, 64, padding_idx=0)
            self.tag = nn.Embedding(len(vocab.tags) + 2, 16, padding_idx=0)
            self.dep = nn.Embedding(len(vocab.deps) + 2, 16, padding_idx=0)
            self.htag = nn.Embedding(len(vocab.tags) + 2, 16, padding_idx=0)
            self.inp = nn.Linear(64 + 16 * 3 + dense_dim, 2 * hidden)
            self.lstm = nn.LSTM(2 * hidden, hidden, num_layers=layers, bidirectional=True, batch_first=True, dropout=0.25 if layers > 1 else 0.0)
            self.drop = nn.Dropout(0.25)
            self.out = nn.Linear(2 * hidden, 9)

        def forward(self, ids, dense):
            x = torch.cat([self.word(ids[..., 0]), self.tag(ids[..., 1]), self.dep(ids[..., 2]), self.htag(ids[..., 3]), dense], -1)
            x = torch.relu(self.inp(self.drop(x)))
            h, _ = self.lstm(x)
            return self.out(self.drop(h)).view(h.shape[0], h.shape[1], 3, 3)

    return Tagger()


def batches(exs: list, size: int, shuffle: bool, rng: random.Random):
    order = sorted(range(len(exs)), key=lambda i: len(exs[i][0]))
    groups = [order[i : i + size] for i in range(0, len(order), size)]
    if shuffle:
        rng.shuffle(groups)
    for g in groups:
        n = max(len(exs[i][0]) for i in g)
        ids = np.zeros((len(g), n, 4), dtype=np.int64)
        dense = np.zeros((len(g), n, exs[g[0]][1].shape[1]), dtype=np.float32)
        lab = np.full((len(g), n, 3), -100, dtype=np.int64)
        for r, i in enumerate(g):
            k = len(exs[i][0])
            ids[r, :k], dense[r, :k], lab[r, :k] = exs[i]
        yield g, ids, dense, lab


def token_f1(torch: Any, model: Any, exs: list) -> dict[str, float]:
    model.eval()
    tp = np.zeros(3)
    fp = np.zeros(3)
    fn = np.zeros(3)
    with torch.no_grad():
        for _, ids, dense, lab in batches(exs, 64, False, random.Random(0)):
            pred = model(torch.from_numpy(ids), torch.from_numpy(dense)).argmax(-1).numpy()
            mask = lab >= 0
            for li in range(3):
                p = (pred[..., li] > 0) & mask[..., li]
                g = (lab[..., li] > 0) & mask[..., li]
                tp[li] += (p & g).sum()
                fp[li] += (p & ~g).sum()
                fn[li] += (~p & g).sum()
    model.train()
    return {layer: float(2 * tp[i] / max(1, 2 * tp[i] + fp[i] + fn[i])) for i, layer in enumerate(LAYERS)}


def export(model: Any, path: Path) -> None:
    arrays = {k: v.detach().cpu().numpy().astype(np.float32) for k, v in model.state_dict().items()}
    np.savez_compressed(path, **arrays)


def _data(args: argparse.Namespace) -> tuple[list, list, Vocab]:
    """Parse and featurise train and dev (or load them from --cache, keyed by the files' checksums)."""
    import hashlib
    import pickle

    key = hashlib.sha256()
    for path in (args.train, args.dev):
        key.update(Path(path).read_bytes())
    key.update(str(args.limit).encode())
    key.update(b"features-v2")  # bump when featurize() changes
    cached = Path(args.cache) / f"features-{key.hexdigest()[:16]}.pkl" if args.cache else None
    if cached is not None and cached.exists():
        with cached.open("rb") as fh:
            tr, dv, vocab_json = pickle.load(fh)
        return tr, dv, Vocab.from_json(vocab_json)
    from ...nlp import load_model

    nlp = load_model()
    nlp.select_pipes(disable=[p for p in ("ner", "lemmatizer") if p in nlp.pipe_names])
    train = load_jsonl(args.train)[: args.limit]
    dev = load_jsonl(args.dev)
    print(f"parsing {len(train)} train and {len(dev)} dev articles", file=sys.stderr)
    ptrain = parse_docs(train, nlp)
    pdev = parse_docs(dev, nlp)
    vocab = build_vocab(ptrain)
    vocab.cue_words = cue_words(train, ptrain)
    print(f"{len(vocab.cue_words)} cue words from the training data", file=sys.stderr)
    tr = examples(train, ptrain, vocab)
    dv = examples(dev, pdev, vocab)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with cached.open("wb") as fh:
            pickle.dump((tr, dv, vocab.to_json()), fh)
    return tr, dv, vocab


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", required=True)
    ap.add_argument("--dev", required=True)
    ap.add_argument("--out", default=str(HERE))
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--limit", type=int, default=None, help="use only the first N training articles (smoke runs)")
    ap.add_argument("--hidden", type=int, default=128, help="LSTM units per direction")
    ap.add_argument("--layers", type=int, default=2, help="BiLSTM layers")
    ap.add_argument("--threads", type=int, default=1, help="PyTorch threads (1: the same result on any machine)")
    ap.add_argument("--cache", default=None, help="a folder to keep featurised data in between runs")
    args = ap.parse_args(argv)

    torch = _require_torch()
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(args.threads)

    tr, dv, vocab = _data(args)
    dense_dim = tr[0][1].shape[1]
    model = make_model(torch, vocab, dense_dim, args.hidden, args.layers)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    rng = random.Random(args.seed)
    out = Path(args.out)
    best = -1.0
    for epoch in range(args.epochs):
        t0 = time.time()
        total = 0.0
        for _, ids, dense, lab in batches(tr, 32, True, rng):
            logits = model(torch.from_numpy(ids), torch.from_numpy(dense))
            loss = loss_fn(logits.reshape(-1, 3), torch.from_numpy(lab).reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += loss.item()
        sched.step()
        f1 = token_f1(torch, model, dv)
        score = sum(f1.values()) / 3
        print(f"epoch {epoch + 1}: loss {total:.1f}, dev token F1 {f1} ({time.time() - t0:.0f} s)", file=sys.stderr)
        if score > best:
            best = score
            export(model, out / "tagger.npz")
            vocab.save(str(out / "vocab.json"))
    print(f"best dev token F1 (mean of layers) {best:.4f}; weights in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
