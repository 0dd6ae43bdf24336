"""Property tests: extraction never crashes, and every offset indexes the record's own text."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import saidwho

pytestmark = pytest.mark.slow

PIECES = [
    "\u201c", "\u201d", "\u2018", "\u2019", '"', "'", "\u00ab", "\u00bb", "\u201e", "\u2039", "\u203a", "''",
    " said Velin", " he added", ", according to officials", ":", " \u2014 Maria Lopez", "\n\n", "\n", ". ",
    "The minister", " warned that", " the court", " was biased", "We will not yield", " Kremlin", " she told reporters",
    "By Jane Doe\n", " It seems that", " A spokesman for Ms. Lind, Ruben Ortiz,", " France and Germany said",
    " Mr. Kessler", "\u201d\u2014Erik Solberg", " the Indiana governor", " the poll", " IMF", " a Bloomberg poll found",
    " I think", " they said", " Crooked Anna Berg",
]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map("".join)


@settings(max_examples=int(__import__("os").environ.get("SAIDWHO_PROPERTY_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_extract_never_crashes_and_offsets_index_the_text(text, validate_record):
    rec = saidwho.extract(text, id="prop", format="text")
    if rec["error"] is not None:
        assert rec["error"]["code"] in ("SW101", "SW102"), rec["error"]  # empty or control-character input
        return
    assert rec["text"] == text  # plain text is kept verbatim
    validate_record(rec)
    v = rec["voice"]
    total = v["author_share"] + v["unattributed_share"] + sum(sp["share"] for sp in v["speakers"])
    assert v["body_chars"] == 0 or abs(total - 1) < 0.01, v  # the shares add up (four-decimal rounding)
    for q in rec["quotes"]:
        for s, e in q["content"]:
            assert text[s:e].strip(), "a content span is never empty"
