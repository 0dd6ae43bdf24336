"""The learned attribution tagger: NumPy inference equals the PyTorch model it was exported from, the
training command runs end to end on a tiny hand-written set, and decoding groups spans around cues."""

import json

import numpy as np
import pytest

from saidwho.attribution.learned.decode import TokSpan, group, spans_from_probs
from saidwho.attribution.learned.features import SPEECH_FORMS, Vocab
from saidwho.attribution.learned.tagger import Tagger


def _probs(tags):
    """One-hot probabilities [n, 3, 3] from per-token (source, cue, content) tags."""
    p = np.zeros((len(tags), 3, 3))
    for i, t in enumerate(tags):
        for li, c in enumerate(t):
            p[i, li, c] = 1.0
    return p


def test_speech_forms_cover_inflections():
    assert {"said", "says", "told", "added", "warned", "according", "insisted", "denies", "denied"} <= SPEECH_FORMS


def test_bio_decoding_and_lenient_inside():
    # tokens:      0  1  2  3  4
    tags = [(1, 0, 0), (2, 0, 0), (0, 1, 0), (0, 0, 2), (0, 0, 2)]  # an I after O starts a content span
    src, cue, content = spans_from_probs(_probs(tags))
    assert [(s.start, s.end) for s in src] == [(0, 2)]
    assert [(s.start, s.end) for s in cue] == [(2, 3)]
    assert [(s.start, s.end) for s in content] == [(3, 5)]


@pytest.mark.slow
def test_group_attaches_content_on_both_sides_of_an_interrupting_cue():
    from saidwho.nlp import get_nlp

    doc = get_nlp()("First part , she said , second part .")
    layers = [[TokSpan(3, 4, 1.0)], [TokSpan(4, 5, 1.0)], [TokSpan(0, 2, 1.0), TokSpan(6, 8, 1.0)]]
    (found,) = group(doc, layers)
    assert (found.source.start, found.cue.start) == (3, 4)
    assert [(s.start, s.end) for s in found.content] == [(0, 2), (6, 8)]


@pytest.mark.slow
def test_a_cue_inside_a_dashed_aside_keeps_to_the_aside():
    from saidwho.nlp import get_nlp

    # tokens: The(0) levy(1) --(2) which(3) Kay(4) called(5) “(6) a(7) scam(8) ”(9) --(10) may(11) fall(12) .(13)
    doc = get_nlp()("The levy -- which Kay called \u201ca scam\u201d -- may fall .")
    assert doc[2].text == "--" and doc[10].text == "--"
    inside, outside = TokSpan(6, 10, 1.0), TokSpan(11, 13, 1.0)
    (found,) = group(doc, [[TokSpan(4, 5, 1.0)], [TokSpan(5, 6, 1.0)], [inside, outside]])
    assert [(s.start, s.end) for s in found.content] == [(6, 10)]
    # an aside that holds none of the cue's content leaves it what follows: "would argue -- and Kay believes -- that …"
    doc = get_nlp()("Critics argue -- and Kay believes -- that it may fall .")
    (found,) = group(doc, [[TokSpan(4, 5, 1.0)], [TokSpan(5, 6, 1.0)], [TokSpan(7, 11, 1.0)]])
    assert [(s.start, s.end) for s in found.content] == [(7, 11)]


def _gold_docs():
    texts = [
        ("Mayor Lena Hart said the bridge would reopen in May.", [((0, 15), (16, 20), (21, 51))]),
        ("The council, according to its chairman, rejected the plan.", [((26, 38), (13, 25), (0, 11))]),
        ("\u201cWe will appeal,\u201d the lawyer told reporters.", [((19, 29), (30, 34), (1, 15))]),
    ]
    docs = []
    for k, (text, atts) in enumerate(texts):
        docs.append({"id": f"d{k}", "text": text, "attributions": [
            {"id": "a", "source": [list(s)], "cue": [list(c)], "content": [list(t)], "kind": "indirect"} for s, c, t in atts
        ], "meta": {"discard": []}})
    return docs


@pytest.mark.slow
def test_training_command_runs_and_numpy_inference_matches_torch(tmp_path):
    torch = pytest.importorskip("torch", reason="training needs the 'train' extra (PyTorch CPU build)")
    from saidwho.attribution.learned import train

    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(d) for d in _gold_docs()) + "\n", encoding="utf-8")
    assert train.main(["--train", str(gold), "--dev", str(gold), "--epochs", "2", "--out", str(tmp_path)]) == 0
    tagger = Tagger.load(tmp_path)
    assert isinstance(tagger.vocab, Vocab) and tagger.vocab.words

    dense_dim = tagger.w["inp.weight"].shape[1] - 64 - 16 * 3  # word 64, tag/dep/head-tag 16 each
    hidden = tagger.w["lstm.weight_hh_l0"].shape[1]
    model = train.make_model(torch, tagger.vocab, dense_dim, hidden, tagger.layers)
    model.load_state_dict({k: torch.from_numpy(v) for k, v in tagger.w.items()})
    model.eval()
    rng = np.random.default_rng(0)
    seqs = [(rng.integers(0, 5, size=(n, 4)), rng.normal(size=(n, dense_dim)).astype(np.float32)) for n in (3, 11, 7)]
    for (ids, dense), p in zip(seqs, tagger.predict(seqs)):
        with torch.no_grad():
            want = torch.softmax(model(torch.from_numpy(ids)[None], torch.from_numpy(dense)[None])[0], -1).numpy()
        assert np.abs(want - p).max() < 1e-5


@pytest.mark.slow
def test_shipped_tagger_finds_indirect_speech_and_rules_only_does_not():
    import saidwho

    text = (
        "Harbour master Ines Korvald said on Friday that the port would stay closed until Monday.\n\n"
        "Korvald added that the storm had been the worst in a decade."
    )
    rec = saidwho.extract(text, id="harbour")
    indirect = [q for q in rec["quotes"] if q["kind"] == "indirect"]
    assert [q["speaker"]["name"] for q in indirect] == ["Ines Korvald", "Ines Korvald"]
    assert [text[s:e] for q in indirect for s, e in q["cue"]] == ["said", "added"]
    assert "the port would stay closed until Monday" in indirect[0]["text"]
    assert all(0.0 <= q["confidence"] <= 1.0 for q in indirect)
    assert saidwho.extract(text, id="harbour", rules_only=True)["quotes"] == []


@pytest.mark.slow
def test_tagger_stays_out_when_token_vectors_do_not_fit():
    from saidwho.attribution.document import from_doc
    from saidwho.attribution.learned.predict import predict
    from saidwho.attribution.learned.tagger import get_tagger
    from saidwho.attribution.quotemarks import paragraphs
    from saidwho.nlp import get_nlp

    tagger = get_tagger()
    assert tagger is not None, "the package ships the tagger's weights"
    doc = get_nlp().make_doc("Mayor Lena Hart said the bridge would reopen in May.")  # no tok2vec tensor
    assert predict(from_doc(doc, paragraphs(doc.text)), [], tagger) == []
