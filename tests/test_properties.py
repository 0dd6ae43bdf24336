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
]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_extract_never_crashes_and_offsets_index_the_text(text, validate_record):
    rec = saidwho.extract(text, id="prop", format="text")
    if rec["error"] is not None:
        assert rec["error"]["code"] in ("SW101", "SW102"), rec["error"]  # empty or control-character input
        return
    assert rec["text"] == text  # plain text is kept verbatim
    validate_record(rec)
    for q in rec["quotes"]:
        for s, e in q["content"]:
            assert text[s:e].strip(), "a content span is never empty"
