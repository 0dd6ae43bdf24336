"""saidwho as a spaCy component: registered through the spacy_factories entry point."""

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():
    from saidwho.nlp import load_model

    nlp = load_model()
    nlp.add_pipe("saidwho")  # found through the entry point: no saidwho import needed by the user
    return nlp


def test_add_pipe_sets_quotes_and_speakers(nlp):
    text = (
        "Harbour master Ines Korvald closed the port on Friday.\n\n"
        "\u201cNo ship leaves until the storm has passed,\u201d Korvald said."
    )
    doc = nlp(text)
    assert nlp.pipe_names[-1] == "saidwho"
    (quote,) = doc._.quotes
    s, e = quote["content"][0]
    assert doc.text[s:e] == "No ship leaves until the storm has passed"
    assert quote["kind"] == "direct"
    assert quote["speaker"]["name"] == "Ines Korvald"
    assert [sp["name"] for sp in doc._.speakers] == ["Ines Korvald"]


def test_component_agrees_with_the_library(nlp):
    import saidwho

    text = "\u201cWe will appeal,\u201d said the club's lawyer, Tove Brenner. \u201cThe fine is absurd.\u201d"
    doc = nlp(text)
    rec = saidwho.extract(text, format="text")
    assert [q["content"] for q in doc._.quotes] == [q["content"] for q in rec["quotes"]]
    assert [q["speaker"]["name"] for q in doc._.quotes] == ["Tove Brenner"]


def test_component_on_text_without_quotes(nlp):
    doc = nlp("The council met on Monday. It adjourned at noon.")
    assert doc._.quotes == [] and doc._.speakers == []
