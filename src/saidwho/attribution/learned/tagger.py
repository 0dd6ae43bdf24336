"""The attribution tagger at inference time, in NumPy: embeddings, a projection, a two-layer BiLSTM and a
per-token softmax over B/I/O for three layers (source, cue, content). Weights come from ``train.py``
(exported from PyTorch; the gate order is PyTorch's: input, forget, cell, output)."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from .features import Vocab

HERE = Path(__file__).resolve().parent
_lock = threading.Lock()
_cached: "Tagger | None" = None


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


class Tagger:
    def __init__(self, weights: dict[str, np.ndarray], vocab: Vocab):
        self.w = weights
        self.vocab = vocab
        self.layers = sum(1 for k in weights if k.startswith("lstm.weight_ih_l") and not k.endswith("_reverse"))
        embedded = sum(weights[k].shape[1] for k in ("word.weight", "tag.weight", "dep.weight", "htag.weight"))
        self.dense_dim = weights["inp.weight"].shape[1] - embedded  # token vector + flags

    @classmethod
    def load(cls, directory: Path = HERE) -> "Tagger":
        with np.load(directory / "tagger.npz") as data:
            weights = {k: data[k] for k in data.files}
        with open(directory / "vocab.json", encoding="utf-8") as fh:
            vocab = Vocab.from_json(json.load(fh))
        return cls(weights, vocab)

    def _bilstm(self, x: np.ndarray, lengths: np.ndarray, layer: int) -> np.ndarray:
        """One bidirectional layer over a padded batch [b, n, d] (padding at the end of each row). Both
        directions advance together: the backward one reads each row reversed within its own length, so
        one batched product per time step serves both."""
        b, n, _ = x.shape
        rev = np.array([[(ln - 1 - t) if t < ln else t for t in range(n)] for ln in lengths])
        x_rev = np.take_along_axis(x, rev[..., None], axis=1)
        gx = []
        w_hh = []
        for sfx, xs in ((f"_l{layer}", x), (f"_l{layer}_reverse", x_rev)):
            bias = self.w["lstm.bias_ih" + sfx] + self.w["lstm.bias_hh" + sfx]
            gx.append(xs @ self.w["lstm.weight_ih" + sfx].T + bias)
            w_hh.append(self.w["lstm.weight_hh" + sfx].T)
        gates_x = np.stack(gx)  # [2, b, n, 4h]
        w_hh_t = np.stack(w_hh)  # [2, h, 4h]
        hsize = w_hh_t.shape[1]
        h = np.zeros((2, b, hsize), dtype=np.float32)
        c = np.zeros((2, b, hsize), dtype=np.float32)
        out = np.empty((2, b, n, hsize), dtype=np.float32)
        h3 = 3 * hsize
        for t in range(n):
            g = gates_x[:, :, t] + np.matmul(h, w_hh_t)
            sig = _sigmoid(g[..., :h3])  # input, forget, (cell,) output: one call for the three gates
            c = sig[..., hsize : 2 * hsize] * c + sig[..., :hsize] * np.tanh(g[..., 2 * hsize : h3])
            h = _sigmoid(g[..., h3:]) * np.tanh(c)
            out[:, :, t] = h
        backward = np.take_along_axis(out[1], rev[..., None], axis=1)
        return np.concatenate([out[0], backward], axis=-1)

    def predict(self, seqs: list[tuple[np.ndarray, np.ndarray]]) -> list[np.ndarray]:
        """For each (ids [n, 4], dense [n, d]) sequence, probabilities [n, 3 layers, 3 classes]."""
        if not seqs:
            return []
        # The recurrence is many small matrix products: a multi-threaded BLAS spends longer waking its
        # threads than multiplying (and far longer when the other cores are busy), so use one thread.
        with _blas_single_thread():
            return self._predict(seqs)

    def _predict(self, seqs: list[tuple[np.ndarray, np.ndarray]]) -> list[np.ndarray]:
        w = self.w
        lengths = np.array([len(ids) for ids, _ in seqs])
        n = int(lengths.max())
        b = len(seqs)
        d = seqs[0][1].shape[1]
        ids = np.zeros((b, n, 4), dtype=np.int64)
        dense = np.zeros((b, n, d), dtype=np.float32)
        for r, (i, x) in enumerate(seqs):
            ids[r, : len(i)] = i
            dense[r, : len(i)] = x
        x = np.concatenate(
            [w["word.weight"][ids[..., 0]], w["tag.weight"][ids[..., 1]], w["dep.weight"][ids[..., 2]], w["htag.weight"][ids[..., 3]], dense],
            axis=-1,
        )
        x = np.maximum(x @ w["inp.weight"].T + w["inp.bias"], 0.0)
        for layer in range(self.layers):
            x = self._bilstm(x, lengths, layer)
        logits = (x @ w["out.weight"].T + w["out.bias"]).reshape(b, n, 3, 3)
        logits -= logits.max(-1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(-1, keepdims=True)
        return [p[r, : lengths[r]] for r in range(b)]


_controller: Any = None


def _blas_single_thread() -> Any:
    global _controller
    if _controller is None:
        from threadpoolctl import ThreadpoolController

        _controller = ThreadpoolController()
    return _controller.limit(limits=1, user_api="blas")


def get_tagger() -> Tagger | None:
    """The tagger, loaded once per process: from $SAIDWHO_TAGGER_DIR when set (weights you trained
    yourself with ``train.py --out DIR``), else the weights shipped in the package; None when none exist."""
    global _cached
    if _cached is None:
        with _lock:
            where = Path(os.environ.get("SAIDWHO_TAGGER_DIR") or HERE)
            if _cached is None and (where / "tagger.npz").exists():
                _cached = Tagger.load(where)
    return _cached
